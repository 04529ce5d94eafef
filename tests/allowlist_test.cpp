// Allowlist: exact values after name normalisation, whole-value RE2 patterns,
// gitignore-syntax path globs, and limits by rule id or category.
#include <gtest/gtest.h>

#include <thread>

#include "foiguard/allowlist.hpp"
#include "foiguard/rules.hpp"

namespace foiguard {
namespace {

AllowEntry values_entry(std::vector<std::string> values, std::string reason = "public") {
  AllowEntry e;
  e.values = std::move(values);
  e.reason = std::move(reason);
  e.origin = "policy.toml:3";
  return e;
}

Allowlist one(AllowEntry entry) { return Allowlist(std::vector<AllowEntry>{std::move(entry)}); }

constexpr Category kName = Category::person_name;

TEST(Allowlist, EmptyAllowsNothing) {
  const Allowlist none;
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(none.entries().empty());
  const AllowScope scope = none.scope_for("any/file.txt");
  EXPECT_TRUE(scope.empty());
  EXPECT_FALSE(scope.allows("name.labelled", kName, "Jane Doe"));
  EXPECT_EQ(scope.reason("name.labelled", kName, "Jane Doe"), "");
  EXPECT_FALSE(AllowScope().allows("name.labelled", kName, "Jane Doe"));
}

TEST(Allowlist, ValuesMatchAfterNormalisationOnly) {
  const Allowlist list = one(values_entry({"Adaeze Whitfield-Moreau", "Seán O’Brien"}, "Chief officers are public"));
  const AllowScope scope = list.scope_for("letters/reply.docx");
  ASSERT_FALSE(scope.empty());
  // Case, accents, apostrophe and hyphen variants and spacing do not matter.
  EXPECT_TRUE(scope.allows("name.rank_prefix", kName, "Adaeze Whitfield-Moreau"));
  EXPECT_TRUE(scope.allows("name.rank_prefix", kName, "ADAEZE  WHITFIELD MOREAU"));
  EXPECT_TRUE(scope.allows("name.rank_prefix", kName, "adaeze whitfield\u2013moreau"));
  EXPECT_TRUE(scope.allows("name.labelled", kName, "Sean O'Brien"));
  EXPECT_TRUE(scope.allows("name.labelled", kName, "SEAN OBRIEN"));
  EXPECT_EQ(scope.reason("name.labelled", kName, "sean o'brien"), "Chief officers are public");
  // Not a substring match: a longer or shorter value is another value.
  EXPECT_FALSE(scope.allows("name.rank_prefix", kName, "Adaeze Whitfield"));
  EXPECT_FALSE(scope.allows("name.rank_prefix", kName, "Adaeze Whitfield-Moreau Jr"));
  EXPECT_FALSE(scope.allows("name.labelled", kName, "Sean O'Brian"));
  EXPECT_EQ(scope.reason("name.labelled", kName, "Okonkwo"), "");
}

TEST(Allowlist, PatternsMustMatchTheWholeRawValue) {
  AllowEntry e;
  e.patterns = {"(?i)press office .*", R"(0161 496 0\d{3})"};
  e.reason = "press office lines are published";
  const Allowlist list = one(e);
  const AllowScope scope = list.scope_for("a.txt");
  EXPECT_TRUE(scope.allows("name.labelled", kName, "Press Office North"));
  EXPECT_TRUE(scope.allows("phone.landline", Category::phone, "0161 496 0123"));
  // Full match, on the raw value (no normalisation for patterns).
  EXPECT_FALSE(scope.allows("phone.landline", Category::phone, "tel 0161 496 0123"));
  EXPECT_FALSE(scope.allows("phone.landline", Category::phone, "0161-496-0123"));
  EXPECT_FALSE(scope.allows("name.labelled", kName, "The Press Office North"));
}

TEST(Allowlist, RulesLimitAnEntryByRuleIdOrCategory) {
  AllowEntry by_rule = values_entry({"Jane Doe"}, "by rule");
  by_rule.rules = {"name.labelled"};
  AllowEntry by_category = values_entry({"0161 496 0000"}, "by category");
  by_category.rules = {"phone"};
  const Allowlist list(std::vector<AllowEntry>{by_rule, by_category});
  const AllowScope scope = list.scope_for("x.csv");
  EXPECT_TRUE(scope.allows("name.labelled", kName, "Jane Doe"));
  EXPECT_FALSE(scope.allows("name.rank_prefix", kName, "Jane Doe"));
  EXPECT_FALSE(scope.allows("column.full_name", kName, "Jane Doe"));
  EXPECT_TRUE(scope.allows("phone.landline", Category::phone, "0161 496 0000"));
  EXPECT_TRUE(scope.allows("phone.mobile", Category::phone, "0161 496 0000"));
  EXPECT_FALSE(scope.allows("pay_number.keyword", Category::pay_number, "0161 496 0000"));
  EXPECT_EQ(scope.reason("phone.mobile", Category::phone, "0161 496 0000"), "by category");
}

TEST(Allowlist, PathGlobsUseGitignoreSyntaxOnThePathAsGiven) {
  AllowEntry press = values_entry({"Jane Doe"}, "press releases name her");
  press.paths = {"press/**", "!press/drafts/**", "*.pressrelease.txt"};
  AllowEntry anchored = values_entry({"John Roe"}, "only this folder");
  anchored.paths = {"/srv/share/public/*.docx"};
  const Allowlist list(std::vector<AllowEntry>{press, anchored});

  for (const std::string path : {"press/2023/a.docx", "./press/a.txt", "/srv/share/press/a.txt",
                                 "out/q3.pressrelease.txt"}) {
    EXPECT_TRUE(list.scope_for(path).allows("name.labelled", kName, "Jane Doe")) << path;
  }
  for (const std::string path : {"press.txt", "letters/a.txt", "press/drafts/a.txt", "/srv/share/press/drafts/x",
                                 "nopress/a.txt"}) {
    EXPECT_FALSE(list.scope_for(path).allows("name.labelled", kName, "Jane Doe")) << path;
  }
  // A leading '/' anchors the glob to the start of the path.
  EXPECT_TRUE(list.scope_for("/srv/share/public/a.docx").allows("name.labelled", kName, "John Roe"));
  EXPECT_FALSE(list.scope_for("/mnt/srv/share/public/a.docx").allows("name.labelled", kName, "John Roe"));
  EXPECT_FALSE(list.scope_for("/srv/share/public/sub/a.docx").allows("name.labelled", kName, "John Roe"));
  // Out of every glob's reach the scope is empty: the detector skips it.
  EXPECT_TRUE(list.scope_for("letters/a.txt").empty());
}

TEST(Allowlist, EntriesWithoutPathsApplyEverywhere) {
  const Allowlist list = one(values_entry({"Jane Doe"}));
  EXPECT_TRUE(list.scope_for("").allows("x.y", kName, "Jane Doe"));
  EXPECT_TRUE(list.scope_for("/deep/down/file.pdf").allows("x.y", kName, "Jane Doe"));
}

TEST(Allowlist, BadEntriesThrowNamingTheirOrigin) {
  const auto expect_error = [](AllowEntry e, const std::string& fragment) {
    e.origin = "policy.toml:12";
    try {
      Allowlist list(std::vector<AllowEntry>{e});
      FAIL() << "expected RuleError about " << fragment;
    } catch (const RuleError& error) {
      const std::string what = error.what();
      EXPECT_EQ(what.rfind("policy.toml:12: ", 0), 0u) << what;
      EXPECT_NE(what.find(fragment), std::string::npos) << what;
    }
  };
  AllowEntry bad_pattern;
  bad_pattern.patterns = {"(unclosed"};
  expect_error(bad_pattern, "(unclosed");
  AllowEntry bad_category = values_entry({"Jane Doe"});
  bad_category.rules = {"people"};
  expect_error(bad_category, "unknown category 'people'");
  expect_error(AllowEntry{}, "needs values or patterns");
  expect_error(values_entry({" - "}), "empty once normalised");
  AllowEntry bad_glob = values_entry({"Jane Doe"});
  bad_glob.paths = {"#only a comment"};
  expect_error(bad_glob, "no glob");
}

TEST(Allowlist, EntriesKeepTheirFieldsAndScopesOutliveTheList) {
  AllowScope scope;
  {
    AllowEntry e = values_entry({"Jane Doe"}, "why");
    e.rules = {"person_name"};
    const Allowlist list = one(e);
    ASSERT_EQ(list.entries().size(), 1u);
    EXPECT_EQ(list.entries()[0].origin, "policy.toml:3");
    EXPECT_EQ(list.entries()[0].rules, std::vector<std::string>{"person_name"});
    scope = list.scope_for("a.txt");
  }
  EXPECT_TRUE(scope.allows("name.labelled", kName, "jane doe"));
  const AllowScope copy = scope;
  EXPECT_EQ(copy.reason("name.labelled", kName, "JANE DOE"), "why");
}

TEST(Allowlist, SafeToShareAcrossThreads) {
  const Allowlist list = one(values_entry({"Séan Ó Briain", "Jane Doe"}));
  std::vector<int> hits(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const AllowScope scope = list.scope_for("a.txt");
      for (int i = 0; i < 2000; ++i)
        hits[static_cast<std::size_t>(t)] += scope.allows("n.x", kName, i % 2 ? "SEAN O BRIAIN" : "Okonkwo");
    });
  }
  for (auto& th : threads) th.join();
  for (const int h : hits) EXPECT_EQ(h, 1000);
}

}  // namespace
}  // namespace foiguard
