// Matcher: the groups of a hit are the ones RE2 gives for the rule's whole
// pattern, whether found in one pass or in pieces (a pattern ending in a
// named group), on synthetic staff mentions in every form and on the
// examples' letters.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "detect/matcher.hpp"
#include "foiguard/rules.hpp"
#include "support/synthetic_staff.hpp"
#include "test_support.hpp"

namespace foiguard::detect {
namespace {

TextRule rule_of(std::string id, std::string pattern) {
  TextRule rule;
  rule.id = std::move(id);
  rule.pattern = std::move(pattern);
  return rule;
}

// name -> [begin, end) of every named group that took part in each hit.
using Groups = std::map<std::string, std::pair<std::size_t, std::size_t>>;

Groups groups_of(const RawHit& hit, const std::vector<GroupHit>& groups) {
  Groups out;
  for (std::uint32_t k = 0; k < hit.group_count; ++k) {
    const GroupHit& g = groups[hit.first_group + k];
    out[std::string(g.group)] = {g.begin, g.end};
  }
  return out;
}

// What RE2 gives for the whole pattern over exactly the hit's text (with the
// Matcher's memory budget: the name rules' DFAs need more than the default).
Groups groups_by_re2(const std::string& pattern, std::string_view text, const RawHit& hit) {
  static std::map<std::string, std::unique_ptr<RE2>> compiled;
  auto& slot = compiled[pattern];
  if (!slot) {
    RE2::Options options;
    options.set_max_mem(64 << 20);
    slot = std::make_unique<RE2>(pattern, options);
  }
  const RE2& re = *slot;
  std::vector<re2::StringPiece> sub(static_cast<std::size_t>(re.NumberOfCapturingGroups()) + 1);
  EXPECT_TRUE(re.Match(re2::StringPiece(text.data(), text.size()), hit.begin, hit.end, RE2::ANCHOR_BOTH, sub.data(),
                       static_cast<int>(sub.size())));
  Groups out;
  for (const auto& [name, index] : re.NamedCapturingGroups()) {
    const re2::StringPiece& g = sub[static_cast<std::size_t>(index)];
    if (g.data() == nullptr) continue;
    const auto b = static_cast<std::size_t>(g.data() - text.data());
    out[name] = {b, b + g.size()};
  }
  return out;
}

std::string staff_text() {
  std::string text;
  const auto staff = foiguard::testing::make_staff(400);
  const char* const ranks[] = {"DS ", "Det Sgt ", "PC 4412 ", "A/Insp ", "Chief Inspector ", "Mr ", "Dr. ",
                               "Surname: ", "officer - ", "Sgt. "};
  std::size_t k = 0;
  for (const auto& person : staff)
    for (const foiguard::testing::MentionForm form : foiguard::testing::kAllMentionForms)
      text += std::string("Seen by ") + ranks[k++ % std::size(ranks)] + foiguard::testing::mention_text(person.member, form) +
              " at 14 Market Street, Westbury on Tuesday.\n";
  for (const char* example : {"examples/foi-response-letter.txt", "examples/vetting-policy-extract.txt"})
    text += foiguard::testing::read_file(foiguard::testing::source_path(example));
  return text;
}

// Split from the first hit (0), from the default count of hits on, and never.
class BuiltInRules : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(BuiltInRules, GiveRe2sOwnGroupsWhetherSplitOrNot) {
  const RuleSet rules = RuleSet::builtin();
  const Matcher matcher(rules.text_rules, GetParam());
  std::size_t split = 0;
  for (std::size_t r = 0; r < rules.text_rules.size(); ++r) split += matcher.splits(r);
  const auto id = [&](std::string_view wanted) {
    for (std::size_t r = 0; r < rules.text_rules.size(); ++r)
      if (rules.text_rules[r].id == wanted) return r;
    ADD_FAILURE() << "no rule " << wanted;
    return std::size_t{0};
  };
  EXPECT_TRUE(matcher.splits(id("name.rank_prefix")));
  EXPECT_TRUE(matcher.splits(id("name.title_prefix")));
  EXPECT_TRUE(matcher.splits(id("name.labelled")));
  EXPECT_TRUE(matcher.splits(id("address.street")));
  EXPECT_GE(split, 4u);

  const std::string text = staff_text();
  std::vector<RawHit> hits;
  std::vector<GroupHit> groups;
  matcher.scan(text, hits, groups);
  std::map<std::string, std::size_t> by_rule;
  for (const RawHit& hit : hits) {
    const TextRule& rule = rules.text_rules[hit.rule];
    ++by_rule[rule.id];
    EXPECT_EQ(groups_of(hit, groups), groups_by_re2(rule.pattern, text, hit))
        << rule.id << " on '" << text.substr(hit.begin, hit.end - hit.begin) << "'";
  }
  EXPECT_GT(by_rule["name.rank_prefix"], 1000u);
  EXPECT_GT(by_rule["name.title_prefix"], 200u);
  EXPECT_GT(by_rule["name.labelled"], 200u);
  EXPECT_GT(by_rule["address.street"], 2000u);
}

INSTANTIATE_TEST_SUITE_P(Matcher, BuiltInRules,
                         ::testing::Values(0u, Matcher::kSplitAfterHits, std::uint32_t{1} << 31));

// The head's first way of matching is not always the whole match's: "ab" is
// the head's, but only "a" leaves a tail that matches. The groups are RE2's.
TEST(Matcher, AHeadWhoseFirstChoiceLeavesNoTailFallsBackToRe2) {
  const Matcher matcher({rule_of("backtrack", "(?P<h>ab|a)(?P<t>bc)")}, 0);
  ASSERT_TRUE(matcher.splits(0));
  std::vector<RawHit> hits;
  std::vector<GroupHit> groups;
  matcher.scan("x abc y\n", hits, groups);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].begin, 2u);
  EXPECT_EQ(hits[0].end, 5u);
  EXPECT_EQ(groups_of(hits[0], groups), (Groups{{"h", {2, 3}}, {"t", {3, 5}}}));
}

// Only a named group that closes the pattern at its top level is split off;
// escapes and classes do not count as brackets.
TEST(Matcher, OnlyATrailingTopLevelNamedGroupIsSplitOff) {
  const std::vector<TextRule> rules = {
      rule_of("alternation", "a|b(?P<x>c)"),          // the group is in one branch only
      rule_of("nested", "q(r(?P<x>s))"),                // the last top-level group is unnamed
      rule_of("not last", "(?P<x>d)e"),                 // something follows the group
      rule_of("escaped", R"(\((?P<x>[)\]]+)\))"),      // ends in an escaped ')', not a group
      rule_of("class", R"(f[(](?P<x>g[)]))"),           // brackets inside classes
      rule_of("plain", "h(?P<y>i)(?P<x>jk)"),
  };
  const Matcher matcher(rules, 0);
  EXPECT_FALSE(matcher.splits(0));
  EXPECT_FALSE(matcher.splits(1));
  EXPECT_FALSE(matcher.splits(2));
  EXPECT_FALSE(matcher.splits(3));
  EXPECT_TRUE(matcher.splits(4));
  EXPECT_TRUE(matcher.splits(5));
  const std::string text = "bc qrs de (])) f(g) hijk\n";
  std::vector<RawHit> hits;
  std::vector<GroupHit> groups;
  matcher.scan(text, hits, groups);
  std::map<std::string, Groups> got;
  for (const RawHit& hit : hits) {
    got[rules[hit.rule].id] = groups_of(hit, groups);
    EXPECT_EQ(got[rules[hit.rule].id], groups_by_re2(rules[hit.rule].pattern, text, hit)) << rules[hit.rule].id;
  }
  EXPECT_EQ(got["class"], (Groups{{"x", {17, 19}}}));
  EXPECT_EQ(got["plain"], (Groups{{"y", {21, 22}}, {"x", {22, 24}}}));
  EXPECT_EQ(got.size(), 6u) << "every rule found its match";
}

// The built-in name rules spell their letters out (UPPER_LETTERS and
// LOWER_LETTERS in the rules file) instead of \p{Lu} and \p{Ll}, which made
// programs of up to 24,000 instructions: the rules' compile and RE2's lazy DFA
// building in every new process grow with them.
TEST(BuiltinRules, PatternsCompileToSmallPrograms) {
  const RuleSet rules = RuleSet::builtin();
  int largest = 0;
  std::string largest_id;
  for (const auto& rule : rules.text_rules) {
    EXPECT_EQ(rule.pattern.find("\\p{"), std::string::npos) << rule.id;
    const RE2 re(rule.pattern);
    ASSERT_TRUE(re.ok()) << rule.id << ": " << re.error();
    if (re.ProgramSize() > largest) {
      largest = re.ProgramSize();
      largest_id = rule.id;
    }
  }
  EXPECT_LT(largest, 4000) << largest_id;
}

// The class body a [macros] entry of the built-in rules file holds.
std::string macro_of(const std::string& toml, const std::string& name) {
  const std::string opening = "\n" + name + " = \'\'\'";
  const std::size_t at = toml.find(opening);
  if (at == std::string::npos) return {};
  const std::size_t begin = at + opening.size();
  return toml.substr(begin, toml.find("\'\'\'", begin) - begin);
}

std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// Within the blocks they keep, the name letters take every letter RE2's
// \p{Lu} and \p{Ll} take, code point by code point; and where a block keeps
// the cases apart, a small letter is no capital.
TEST(BuiltinRules, NameLettersTakeEveryCasedLetterOfTheirBlocks) {
  const std::string toml =
      foiguard::testing::read_file(foiguard::testing::source_path("lib/detect/builtin_rules.toml"));
  const RE2 upper("[" + macro_of(toml, "UPPER_LETTERS") + "]");
  const RE2 lower("[" + macro_of(toml, "LOWER_LETTERS") + "]");
  ASSERT_TRUE(upper.ok()) << upper.error();
  ASSERT_TRUE(lower.ok()) << lower.error();
  const RE2 lu("\\p{Lu}"), ll("\\p{Ll}");
  const std::vector<std::pair<char32_t, char32_t>> blocks = {
      {0x41, 0x2AF}, {0x370, 0x52F}, {0x531, 0x58F}, {0x10A0, 0x10FF}, {0x1C90, 0x1CBF}, {0x1E00, 0x1FFF}};
  std::size_t capitals = 0, smalls = 0;
  for (const auto& [first, last] : blocks) {
    for (char32_t c = first; c <= last; ++c) {
      const std::string s = utf8(c);
      if (RE2::FullMatch(s, lu)) {
        ++capitals;
        EXPECT_TRUE(RE2::FullMatch(s, upper)) << std::hex << "U+" << static_cast<unsigned>(c);
      }
      if (RE2::FullMatch(s, ll)) {
        ++smalls;
        EXPECT_TRUE(RE2::FullMatch(s, lower)) << std::hex << "U+" << static_cast<unsigned>(c);
      }
    }
  }
  EXPECT_GT(capitals, 700u);
  EXPECT_GT(smalls, 800u);
  for (const char* small : {"a", "z", "\xC3\xA9" /* é */, "\xCE\xB1" /* α */, "\xD0\xB6" /* ж */})
    EXPECT_FALSE(RE2::FullMatch(small, upper)) << small;
  for (const char* capital : {"A", "Z", "\xC3\x89" /* É */, "\xCE\x91" /* Α */, "\xD0\x96" /* Ж */})
    EXPECT_FALSE(RE2::FullMatch(capital, lower)) << capital;
}

}  // namespace
}  // namespace foiguard::detect
