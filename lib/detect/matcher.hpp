// Matcher: every text rule compiled twice, once into one RE2::Set that gates
// each ~1 KiB chunk of the buffer (earliest-match mode: "can anything match
// here?"), and once as its own RE2 that locates matches, only for the rules
// the set reports in a chunk that passed the gate. Immutable and thread-safe.
//
// A rule that needs context (context_required) enters the set as its
// keywords, not its pattern: dates and bare numbers are everywhere, "date of
// birth" is not. Its pattern then runs on the chunk widened by its window.
//
// A rule whose pattern ends in a named group ("...(?P<name>NAME)") has its
// groups found in pieces: the whole match by DFA, the head's groups by the
// head alone, the last group checked by the tail alone. RE2 would otherwise
// find them with a backtracking pass over the whole program per hit: with
// \p{Lu} classes the name rules' programs held 5,000-24,000 instructions
// (1.8 us a hit, most of a staff list's regex time); with the letters spelt
// out (builtin_rules.toml) they are far smaller, and the pieces still save
// 2-4% of a staff list or a prose mix (measured against never splitting).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
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
  // A rule whose groups can be found in pieces (see the top of this file)
  // compiles the pieces' two programs once it has had this many hits: a
  // letter naming a few officers would wait for them (measured with \p{Lu}
  // classes: +2 ms on a 27 ms command-line scan), a staff list earns them
  // back.
  static constexpr std::uint32_t kSplitAfterHits = 1000;

  // Throws RuleError naming the first rule whose pattern does not compile.
  // `split_after_hits` replaces kSplitAfterHits (tests use 0: from the first hit).
  explicit Matcher(const std::vector<TextRule>& rules, std::uint32_t split_after_hits = kSplitAfterHits);
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
  // Whether rule `rule`'s groups can be found in pieces (see above).
  bool splits(std::size_t rule) const { return rules_.at(rule).split != nullptr; }

 private:
  // Finds the matches of the rules the set reports in text[pos, end).
  struct Found;  // where a scan puts its hits and their groups
  void locate(std::string_view text, std::size_t pos, std::size_t end, std::vector<int>& candidates,
              std::vector<std::size_t>& done, Found& found) const;

  // The pattern cut before its last group, when that group ends it.
  struct Split {
    std::string head_pattern, tail_pattern, tail_group;
    std::uint32_t after_hits = kSplitAfterHits;
    std::atomic<std::uint32_t> hits{0};  // found without the split, until after_hits
    std::once_flag compiled;
    bool usable = false;        // both compiled (else the whole pattern finds the groups)
    std::unique_ptr<RE2> head;  // the pattern before the group, anchored at the match's start
    std::unique_ptr<RE2> tail;  // the group's body, anchored at both ends of what the head leaves
    int head_captures = 1;
    std::vector<std::pair<int, std::string>> head_groups;  // capture index in head, name
  };
  struct CompiledRule {
    std::unique_ptr<RE2> re;
    std::size_t keyword_window = 0;  // > 0: gated by keywords, searched this far around them
    std::vector<std::pair<int, std::string>> named_groups;  // capture index, name
    int captures = 1;  // submatches asked of RE2: the whole match, and up to the last named group
    std::unique_ptr<Split> split;  // null: groups found by RE2 in one pass
  };
  // All matches of `rule` in text[from, to), skipping any that start before
  // `*done` (the end of the last hit this rule already reported).
  static void find_all(const CompiledRule& rule, std::uint32_t index, std::string_view text, std::size_t from,
                       std::size_t to, std::size_t* done, Found& found);
  // The groups of the match text[b, e) by the rule's split, appended to
  // found.groups; false (nothing appended) when the pieces do not agree.
  static bool split_groups(const CompiledRule& rule, const Split& split, std::string_view text, std::size_t b,
                           std::size_t e, Found& found);

  static std::unique_ptr<Split> split_rule(const std::string& pattern, std::uint32_t after_hits);
  // The rule's split once it has earned its programs (compiling them then);
  // null before, and when there is none.
  static const Split* ready_split(const CompiledRule& rule);

  std::unique_ptr<RE2::Set> gate_;
  std::vector<CompiledRule> rules_;
};

}  // namespace foiguard::detect
