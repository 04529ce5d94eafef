// Policy files: what each section does to the rules, the allowlist, the
// thresholds and the limits; and that every mistake is reported at its line.
#include <gtest/gtest.h>

#include <algorithm>

#include "foiguard/detector.hpp"
#include "foiguard/policy.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

std::vector<Finding> detect(const RuleSet& rules, std::string_view text, const AllowScope* allow = nullptr,
                            DetectStats* stats = nullptr) {
  const Detector detector(rules);
  DetectOptions options;
  options.keep_values = true;
  options.allow = allow;
  std::vector<Finding> out;
  const DetectStats s = detector.detect(TextBatch::from_lines(text), options, [&](const Finding& f) { out.push_back(f); });
  if (stats) *stats = s;
  return out;
}

bool fires(const std::vector<Finding>& findings, std::string_view rule, std::string_view value = {}) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return f.rule == rule && (value.empty() || f.value == value); });
}

bool has_rule(const RuleSet& rules, std::string_view id) {
  return std::any_of(rules.text_rules.begin(), rules.text_rules.end(), [&](const TextRule& r) { return r.id == id; }) ||
         std::any_of(rules.column_rules.begin(), rules.column_rules.end(),
                     [&](const ColumnRule& r) { return r.id == id; });
}

constexpr const char* kCaseRule = R"(
[[rule]]
id = "local.case_ref"
category = "staff_number"
pattern = '''\bSCR-\d{6}\b'''
keywords = ["case"]
window = 40
confidence = "medium"
with_context = "high"
description = "Synthetic Constabulary case references"
example = "case SCR-123456"
)";

// ---------------------------------------------------------------- what it does

TEST(Policy, NoPolicyIsTheBuiltinRulesUntouched) {
  const Policy none = Policy::none();
  EXPECT_EQ(none.rules.version, RuleSet::builtin().version);
  EXPECT_EQ(none.rules.text_rules.size(), RuleSet::builtin().text_rules.size());
  EXPECT_EQ(none.allowlist, nullptr);
  EXPECT_FALSE(none.fail_on || none.min_confidence || none.max_file_size || none.max_findings);
  const Policy empty = Policy::from_toml("# nothing but a comment\n", "p.toml");
  EXPECT_EQ(empty.rules.version, RuleSet::builtin().version);
  EXPECT_EQ(empty.origin, "p.toml");
}

TEST(Policy, DisableTurnsBuiltinRulesOff) {
  const Policy policy = Policy::from_toml("[rules]\ndisable = [\"name.title_prefix\", \"column.salary\"]\n", "p.toml");
  EXPECT_EQ(policy.disabled, (std::vector<std::string>{"name.title_prefix", "column.salary"}));
  EXPECT_FALSE(has_rule(policy.rules, "name.title_prefix"));
  EXPECT_FALSE(has_rule(policy.rules, "column.salary"));
  EXPECT_TRUE(has_rule(policy.rules, "name.rank_prefix"));
  EXPECT_EQ(policy.rules.text_rules.size() + 1, RuleSet::builtin().text_rules.size());
  const std::string text = "a letter from Mrs Nguyen about the incident";
  EXPECT_TRUE(fires(detect(RuleSet::builtin(), text), "name.title_prefix", "Nguyen"));
  EXPECT_FALSE(fires(detect(policy.rules, text), "name.title_prefix"));
}

TEST(Policy, EnableOnlyKeepsTheListedBuiltinRules) {
  const Policy policy = Policy::from_toml("[rules]\nenable_only = [\"nino\", \"column.nino\"]\n", "p.toml");
  ASSERT_EQ(policy.rules.text_rules.size(), 1u);
  EXPECT_EQ(policy.rules.text_rules[0].id, "nino");
  ASSERT_EQ(policy.rules.column_rules.size(), 1u);
  EXPECT_EQ(policy.disabled.size(), RuleSet::builtin().text_rules.size() + RuleSet::builtin().column_rules.size() - 2);
  const auto found = detect(policy.rules, "NI number AB 12 34 56 C, DS 4417 Okonkwo attended");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "nino");
}

TEST(Policy, CustomRuleIsAddedAndFires) {
  const Policy policy = Policy::from_toml(kCaseRule, "p.toml");
  EXPECT_EQ(policy.custom, std::vector<std::string>{"local.case_ref"});
  ASSERT_TRUE(has_rule(policy.rules, "local.case_ref"));
  const TextRule& rule = policy.rules.text_rules.back();
  EXPECT_EQ(rule.category, Category::staff_number);
  EXPECT_EQ(rule.window, 40u);
  EXPECT_EQ(rule.keywords, std::vector<std::string>{"case"});
  const auto with_keyword = detect(policy.rules, "the case SCR-654321 was closed");
  ASSERT_TRUE(fires(with_keyword, "local.case_ref", "SCR-654321"));
  EXPECT_EQ(with_keyword[0].confidence, Confidence::high);
  const auto without = detect(policy.rules, "reference SCR-654321 was closed");
  ASSERT_TRUE(fires(without, "local.case_ref"));
  EXPECT_EQ(without[0].confidence, Confidence::medium);
  EXPECT_FALSE(fires(detect(policy.rules, "SCR-65432 is too short"), "local.case_ref"));
  // The built-in rules are all still there.
  EXPECT_EQ(policy.rules.text_rules.size(), RuleSet::builtin().text_rules.size() + 1);
}

TEST(Policy, CustomRulesMayUseTheBuiltinAndTheirOwnMacros) {
  const Policy policy = Policy::from_toml(R"(
[macros]
FORCE = '''(?:Synthetic|Example) Constabulary'''

[[rule]]
id = "local.force_rank"
category = "person_name"
pattern = '''{{FORCE}} (?:{{RANK_WORD}}) (?P<name>{{RANKED_NAME}})'''
validator = "person_name"
confidence = "high"
example = "Synthetic Constabulary Inspector Hallworth-Chaudhry"
)",
                                          "p.toml");
  const auto found = detect(policy.rules, "said Example Constabulary Sergeant Pryce-Jones today");
  EXPECT_TRUE(fires(found, "local.force_rank", "Pryce-Jones"));
}

TEST(Policy, RulesVersionChangesWithTheRulesOnly) {
  const std::string builtin = RuleSet::builtin().version;
  const Policy disabled = Policy::from_toml("[rules]\ndisable = [\"postcode\"]\n", "p.toml");
  const Policy custom = Policy::from_toml(kCaseRule, "p.toml");
  const Policy thresholds =
      Policy::from_toml("[thresholds]\nfail_on = \"review\"\n[limits]\nmax_findings = 5\n", "p.toml");
  const Policy allow = Policy::from_toml("[[allow]]\nvalues = [\"Jane Doe\"]\nreason = \"public\"\n", "p.toml");
  EXPECT_NE(disabled.rules.version, builtin);
  EXPECT_NE(custom.rules.version, builtin);
  EXPECT_NE(custom.rules.version, disabled.rules.version);
  EXPECT_EQ(disabled.rules.version.rfind(builtin + "+policy.", 0), 0u) << disabled.rules.version;
  EXPECT_EQ(thresholds.rules.version, builtin);
  EXPECT_EQ(allow.rules.version, builtin);  // the cache keys on the allowlist itself
  // The same rules give the same version, whatever the comments or the file name.
  EXPECT_EQ(Policy::from_toml("# x\n[rules]\ndisable = [\"postcode\"] # y\n", "q.toml").rules.version,
            disabled.rules.version);
  std::string other_pattern = kCaseRule;
  other_pattern.replace(other_pattern.find("\\d{6}"), 5, "\\d{7}");
  other_pattern.replace(other_pattern.find("123456"), 6, "1234567");
  EXPECT_NE(Policy::from_toml(other_pattern, "p.toml").rules.version, custom.rules.version);
}

TEST(Policy, ThresholdsAndLimits) {
  const Policy policy = Policy::from_toml(R"(
[thresholds]
fail_on = "review"
min_confidence = "high"

[limits]
max_file_size = "500MB"
max_findings = 250
)",
                                          "p.toml");
  EXPECT_EQ(policy.fail_on, Verdict::review);
  EXPECT_EQ(policy.min_confidence, Confidence::high);
  EXPECT_EQ(policy.max_file_size, 500ull << 20);
  EXPECT_EQ(policy.max_findings, 250u);
  EXPECT_EQ(Policy::from_toml("[limits]\nmax_file_size = 4096\n", "p.toml").max_file_size, 4096u);
  EXPECT_EQ(Policy::from_toml("[thresholds]\nfail_on = \"block\"\n", "p.toml").fail_on, Verdict::block);
}

TEST(Policy, SizesAreBinaryAsTheFlagIs) {
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_EQ(parse_size("10K"), 10240u);
  EXPECT_EQ(parse_size("2 GiB"), 2ull << 30);
  EXPECT_EQ(parse_size("2gb"), 2ull << 30);
  EXPECT_EQ(parse_size(" 1 TB "), 1ull << 40);
  EXPECT_EQ(parse_size("7b"), 7u);
  EXPECT_FALSE(parse_size(""));
  EXPECT_FALSE(parse_size("MB"));
  EXPECT_FALSE(parse_size("1.5GB"));
  EXPECT_FALSE(parse_size("5 parsecs"));
  EXPECT_FALSE(parse_size("99999999999 EB"));
}

// ---------------------------------------------------------------- allowlist

TEST(Policy, AllowlistEntriesCarryTheirLineAndScope) {
  const Policy policy = Policy::from_toml(R"(# line 1
[[allow]]
values = ["Adaeze Whitfield-Moreau"]
categories = ["person_name"]
reason = "The Chief Constable's name is published"

[[allow]]
patterns = ['''0161 496 0\d{3}''']
rules = ["phone.landline"]
paths = ["press/**"]
reason = "press office lines"
)",
                                          "p.toml");
  ASSERT_NE(policy.allowlist, nullptr);
  const auto& entries = policy.allowlist->entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].origin, "p.toml:2");
  EXPECT_EQ(entries[0].rules, std::vector<std::string>{"person_name"});
  EXPECT_EQ(entries[1].origin, "p.toml:7");
  EXPECT_EQ(entries[1].paths, std::vector<std::string>{"press/**"});
  // Roster matches have rule ids of their own, which an entry may name.
  EXPECT_NO_THROW(Policy::from_toml("[[allow]]\nvalues = [\"A B\"]\nrules = [\"roster.name\"]\nreason = \"r\"\n", "p"));

  // By rule or category...
  const AllowScope letters = policy.allowlist->scope_for("letters/reply.txt");
  EXPECT_TRUE(letters.allows("name.rank_prefix", Category::person_name, "ADAEZE WHITFIELD MOREAU"));
  EXPECT_FALSE(letters.allows("pay_number.keyword", Category::pay_number, "Adaeze Whitfield-Moreau"));
  // ...and by path glob.
  EXPECT_FALSE(letters.allows("phone.landline", Category::phone, "0161 496 0123"));
  const AllowScope press = policy.allowlist->scope_for("share/press/2023-10.txt");
  EXPECT_TRUE(press.allows("phone.landline", Category::phone, "0161 496 0123"));
  EXPECT_FALSE(press.allows("phone.mobile", Category::phone, "0161 496 0123"));
  EXPECT_EQ(press.reason("phone.landline", Category::phone, "0161 496 0123"), "press office lines");
}

TEST(Policy, AllowedFindingsAreLeftOutByTheDetector) {
  const Policy policy = Policy::from_toml(
      "[[allow]]\nvalues = [\"Adaeze Whitfield-Moreau\"]\nrules = [\"name.rank_prefix\"]\nreason = \"public\"\n",
      "p.toml");
  const std::string text = "Chief Constable Adaeze Whitfield-Moreau thanked DS 4417 Okonkwo";
  const AllowScope scope = policy.allowlist->scope_for("letter.txt");
  DetectStats stats;
  const auto found = detect(policy.rules, text, &scope, &stats);
  EXPECT_FALSE(fires(found, "name.rank_prefix", "Adaeze Whitfield-Moreau"));
  EXPECT_TRUE(fires(found, "name.rank_prefix", "Okonkwo"));
  EXPECT_EQ(stats.allowed, 1u);
  EXPECT_TRUE(fires(detect(policy.rules, text), "name.rank_prefix", "Adaeze Whitfield-Moreau"));
}

// ---------------------------------------------------------------- errors

struct BadPolicy {
  std::string text;
  int line;
  std::string fragment;
};

TEST(Policy, EveryErrorNamesTheFileAndLine) {
  const std::string rule_head = "[[rule]]\nid = \"local.x\"\ncategory = \"email\"\n";  // lines 1-3
  const std::vector<BadPolicy> cases = {
      {"[rules]\ndisable = [\"postcode\"\n", 2, ""},  // TOML syntax
      {"\n[rulez]\ndisable = []\n", 2, "unknown key 'rulez' in a policy file"},
      {"[rules]\n\ndisabled = [\"postcode\"]\n", 3, "unknown key 'disabled' in [rules]"},
      {"[rules]\ndisable = [\n  \"postcode\",\n  \"name.foo\",\n]\n", 4, "unknown rule 'name.foo' in [rules] disable"},
      {"[rules]\nenable_only = [\"nino\", \"nope\"]\n", 2, "unknown rule 'nope' in [rules] enable_only"},
      {"[rules]\ndisable = [\"postcode\"]\nenable_only = [\"nino\"]\n", 3, "use one of them"},
      {"[rules]\ndisable = \"postcode\"\n", 2, "must be a list of strings"},
      {"rules = 3\n", 1, "[rules] must be a table"},
      {rule_head + "pattern = 'x@y'\nexample = \"x@y\"\ncolour = \"red\"\n", 6, "unknown key 'colour' in [[rule]]"},
      {"[[rule]]\nid = \"name.labelled\"\ncategory = \"email\"\npattern = 'a'\nexample = \"a\"\n", 2,
       "is a built-in rule's"},
      {"[[rule]]\nid = \"nodot\"\ncategory = \"email\"\npattern = 'a'\nexample = \"a\"\n", 2, "needs a dot"},
      {rule_head + "pattern = 'QQ'\nexample = \"QQ\"\n" + rule_head + "pattern = 'RR'\nexample = \"RR\"\n", 7,
       "duplicate rule id 'local.x'"},
      {rule_head + "\npattern = '(unclosed'\nexample = \"x\"\n", 5, "the pattern does not compile"},
      {rule_head + "pattern = 'x@y'\nvalidator = \"astrology\"\nexample = \"x@y\"\n", 5,
       "unknown validator 'astrology'"},
      {"\n" + rule_head + "pattern = 'QQ9'\n", 2, "needs an example"},
      {"# x\n" + rule_head + "pattern = 'QQ9'\nexample = \"nothing here\"\n", 2,
       "does not fire on its own example \"nothing here\""},
      {rule_head + "pattern = 'QQ9'\nexample = \"QQ9\"\ncontext_required = \"yes\"\n", 6, "true or false"},
      {"[[rule]]\nid = \"local.x\"\n\ncategory = \"people\"\npattern = 'a'\nexample = \"a\"\n", 4,
       "unknown category 'people'"},
      {rule_head + "pattern = '{{NOPE}}'\nexample = \"x\"\n", 1, "unknown macro {{NOPE}}"},
      {rule_head + "pattern = 'QQ9'\nexample = \"QQ9\"\nconfidence = \"certain\"\n", 6, "low, medium or high"},
      {"[[allow]]\nvalues = [\"Jane Doe\"]\nreason = \"r\"\nvalue = \"x\"\n", 4, "unknown key 'value' in [[allow]]"},
      {"\n\n[[allow]]\nreason = \"r\"\n", 3, "needs values or patterns"},
      {"[[allow]]\nvalues = [\"Jane Doe\"]\n", 1, "needs a reason"},
      {"[[allow]]\nvalues = [\"Jane Doe\"]\nreason = \"r\"\nrules = [\n\"name.labelled\",\n\"name.nope\"]\n", 6,
       "unknown rule 'name.nope' in [[allow]] rules"},
      {"[[allow]]\nvalues = [\"Jane Doe\"]\nreason = \"r\"\ncategories = [\"people\"]\n", 4,
       "unknown category 'people' in [[allow]] categories"},
      {"[[allow]]\nreason = \"r\"\npatterns = [\"ok\", \"(bad\"]\n", 3, "allow pattern '(bad' does not compile"},
      {"[[allow]]\nvalues = [\"Jane Doe\", 7]\nreason = \"r\"\n", 2, "must be a list of strings"},
      {"[[allow]]\nvalues = [\"--\"]\nreason = \"r\"\n", 1, "empty once normalised"},
      {"[thresholds]\nfail_on = \"clean\"\n", 2, "fail_on must be \"block\" or \"review\""},
      {"[thresholds]\nmin_confidence = \"certain\"\n", 2, "min_confidence must be"},
      {"[thresholds]\nfail_at = \"review\"\n", 2, "unknown key 'fail_at' in [thresholds]"},
      {"[limits]\nmax_file_size = \"huge\"\n", 2, "max_file_size must be a size"},
      {"[limits]\nmax_file_size = -1\n", 2, "max_file_size must be a size"},
      {"[limits]\nmax_findings = 0\n", 2, "max_findings must be a whole number"},
      {"[limits]\n\nmax_files = 3\n", 3, "unknown key 'max_files' in [limits]"},
      {"\nmacros = 3\n", 2, "[macros] must be a table"},
      {"rule = 3\n", 1, "'rule' must be [[rule]] tables"},
      {"[[allow]]\nvalues = [\"Jane Doe\"]\nreason = \"r\"\nrules = [\"roster.nom\"]\n", 4,
       "unknown rule 'roster.nom'"},
  };
  for (const auto& c : cases) {
    try {
      Policy::from_toml(c.text, "policy.toml");
      ADD_FAILURE() << "no error for:\n" << c.text;
    } catch (const RuleError& e) {
      const std::string what = e.what();
      const std::string prefix = "policy.toml:" + std::to_string(c.line) + ": ";
      EXPECT_EQ(what.rfind(prefix, 0), 0u) << "expected " << prefix << " in: " << what << "\nfor:\n" << c.text;
      EXPECT_NE(what.find(c.fragment), std::string::npos) << what;
    }
  }
}

TEST(Policy, AnUnreadableFileIsAnError) {
  try {
    Policy::from_file("/nonexistent/policy.toml");
    FAIL() << "expected RuleError";
  } catch (const RuleError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/policy.toml: cannot read: ", 0), 0u) << e.what();
  }
}

TEST(Policy, TheExamplePolicyParses) {
  const std::string path = testing::source_path("examples/policy.toml");
  const Policy policy = Policy::from_file(path);
  EXPECT_EQ(policy.origin, path);
  EXPECT_FALSE(policy.disabled.empty());
  EXPECT_FALSE(policy.custom.empty());
  ASSERT_NE(policy.allowlist, nullptr);
  EXPECT_GE(policy.allowlist->entries().size(), 2u);
  EXPECT_TRUE(policy.fail_on.has_value());
  EXPECT_TRUE(policy.max_file_size.has_value());
}

TEST(Policy, TheReadmeExamplePolicyParses) {
  const std::string readme = testing::read_file(testing::source_path("README.md"));
  const std::size_t section = readme.find("\n## Policy files\n");
  ASSERT_NE(section, std::string::npos);
  const std::size_t open = readme.find("```toml\n", section);
  ASSERT_NE(open, std::string::npos);
  const std::size_t begin = open + 8;
  const std::size_t end = readme.find("```\n", begin);
  ASSERT_NE(end, std::string::npos);
  const Policy policy = Policy::from_toml(readme.substr(begin, end - begin), "README.md");
  EXPECT_EQ(policy.disabled, std::vector<std::string>{"name.title_prefix"});
  EXPECT_EQ(policy.custom, (std::vector<std::string>{"syncon.staff_ref", "syncon.force_officer"}));
  ASSERT_NE(policy.allowlist, nullptr);
  EXPECT_EQ(policy.allowlist->entries().size(), 2u);
  EXPECT_EQ(policy.fail_on, Verdict::review);
  EXPECT_EQ(policy.max_findings, 2000u);
}

}  // namespace
}  // namespace foiguard
