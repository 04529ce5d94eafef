// Matcher: every text rule compiled twice, once into one RE2::Set that gates
// each ~1 KiB chunk of the buffer (earliest-match mode: "can anything match
// here?"), and once as its own RE2 that locates matches, only for the rules
// the set reports in a chunk that passed the gate. Immutable and thread-safe.
//
// A rule that needs context (context_required) enters the set as its
// keywords, not its pattern: dates and bare numbers are everywhere, "date of
// birth" is not. Its pattern then runs on the chunk widened by its window.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "foiguard/rules.hpp"

namespace foiguard::detect {

// A named group of one hit: "name", "rank", "number" or "value".
struct GroupHit {
  std::string_view group;
  std::size_t begin, end;
};

struct RawHit {
  std::uint32_t rule;       // index into the rule list given to the constructor
  std::size_t begin, end;   // byte offsets in the scanned text
  // The named groups that took part in it, in the list scan() fills:
  // groups[first_group, first_group + group_count).
  std::uint32_t first_group = 0, group_count = 0;
};

class Matcher {
 public:
  // Throws RuleError naming the first rule whose pattern does not compile.
  explicit Matcher(const std::vector<TextRule>& rules);
  ~Matcher();

  // Appends every match of every rule in `text` to `hits`, and the named
  // groups of each (found in the same search) to `groups`. `text` is a run of
  // '\n'-terminated pieces; no rule matches across a '\n'. Rules flagged in
  // `ungated` (their context is known to be present there, e.g. from a column
  // header) run over all of text[0, ungated_end) as well as behind their
  // keyword gate; ungated_end is a piece boundary (clamped to the text).
  void scan(std::string_view text, std::vector<RawHit>& hits, std::vector<GroupHit>& groups,
            const std::vector<bool>& ungated = {},
            std::size_t ungated_end = std::string_view::npos) const;

 private:
  // Finds the matches of the rules the set reports in text[pos, end).
  struct Found;  // where a scan puts its hits and their groups
  void locate(std::string_view text, std::size_t pos, std::size_t end, std::vector<int>& candidates,
              std::vector<std::size_t>& done, Found& found) const;

  struct CompiledRule {
    std::unique_ptr<RE2> re;
    std::size_t keyword_window = 0;  // > 0: gated by keywords, searched this far around them
    std::vector<std::pair<int, std::string>> named_groups;  // capture index, name
    int captures = 1;  // submatches asked of RE2: the whole match, and up to the last named group
  };
  // All matches of `rule` in text[from, to), skipping any that start before
  // `*done` (the end of the last hit this rule already reported).
  static void find_all(const CompiledRule& rule, std::uint32_t index, std::string_view text, std::size_t from,
                       std::size_t to, std::size_t* done, Found& found);

  std::unique_ptr<RE2::Set> gate_;
  std::vector<CompiledRule> rules_;
};

}  // namespace foiguard::detect
