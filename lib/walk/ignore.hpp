// gitignore-syntax rules (https://git-scm.com/docs/gitignore) for --exclude
// and .foiguardignore files. Each pattern is translated to one RE2 regex and
// a list's regexes are combined in RE2::Sets compiled once, so matching a
// path costs one set match however many patterns the list holds.
//
// A list matches paths relative to its base folder (the folder holding the
// ignore file, or the root walked for --exclude), '/'-separated, without a
// leading "./". Matching is byte-wise and case-sensitive, as in git on Linux.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace foiguard::walk {

// The regex (for RE2 in Latin-1 mode, dot matching newline, anchored at both
// ends) that one gitignore pattern becomes; the pattern is given with `!` and
// a trailing '/' already removed. Exposed so tests can see the translation.
std::string glob_to_regex(std::string_view pattern);

enum class IgnoreVerdict {
  none,      // no pattern of this list matches: ask the enclosing list
  ignored,   // the last matching pattern excludes the path
  included,  // the last matching pattern is a `!` pattern
};

class IgnoreRules {
 public:
  IgnoreRules();
  ~IgnoreRules();
  IgnoreRules(IgnoreRules&&) noexcept;
  IgnoreRules& operator=(IgnoreRules&&) noexcept;

  // Parses the text of an ignore file (or --exclude patterns, one a line) and
  // compiles it. Lines whose pattern RE2 rejects are skipped; each is described
  // in *errors as "line N: ..." when errors is given.
  static IgnoreRules parse(std::string_view text, std::vector<std::string>* errors = nullptr);
  static IgnoreRules from_patterns(const std::vector<std::string>& patterns,
                                   std::vector<std::string>* errors = nullptr);

  bool empty() const { return rules_ == 0; }
  // Thread-safe (const); allocates only when a list holding `!` patterns
  // matches the path.
  IgnoreVerdict match(std::string_view relative_path, bool is_folder) const;

 private:
  struct Sets;
  std::unique_ptr<Sets> sets_;
  std::size_t rules_ = 0;
};

}  // namespace foiguard::walk
