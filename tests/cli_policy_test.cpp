// Policy files through the real CLI: an allowlisted public name turns a BLOCK
// letter (a python-docx document) into REVIEW while the other findings stay;
// thresholds and limits from the policy apply unless a flag says otherwise;
// a bad policy is a usage error naming its line; `rules list` and `rules
// test` show the policy's rules, allowlist and what fires.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace foiguard {
namespace {

using nlohmann::json;
using testing::run_cli;
using testing::source_path;
using testing::temp_dir;
using testing::write_file;

// Made by tests/data/policy/generate.py (python-docx): "Chief Constable Adaeze
// Whitfield-Moreau" in paragraph 3 (BLOCK: rank + name), a mobile in paragraph 4.
const std::string kLetter = "tests/data/policy/chief_constable_letter.docx";

constexpr const char* kAllowChief =
    "# The chief officers' names are published.\n"
    "[[allow]]\n"
    "values = [\"Adaeze Whitfield-Moreau\"]\n"
    "categories = [\"person_name\"]\n"
    "reason = \"Chief Constable: named on the force website\"\n";

class CliPolicy : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::isolate_cli_config("policy-config");
    dir_ = temp_dir("cli-policy");
    letter_ = source_path(kLetter);
  }

  std::string file(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    write_file(path, content);
    return path;
  }

  // A copy of the letter at `name` under the test's folder (for path globs).
  std::string letter_at(const std::string& name) {
    const std::string path = dir_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::filesystem::copy_file(letter_, path);
    return path;
  }

  static json scan_json(std::vector<std::string> args, int* exit_code = nullptr) {
    args.insert(args.begin(), {"scan", "--format", "json"});
    const auto r = run_cli(args);
    if (exit_code) *exit_code = r.exit_code;
    return json::parse(r.out);
  }

  std::string config_, dir_, letter_;
};

std::vector<std::string> categories_of(const json& report) {
  std::vector<std::string> out;
  for (const auto& f : report["findings"]) out.push_back(f["category"]);
  return out;
}

TEST_F(CliPolicy, AllowlistedChiefConstableTurnsBlockIntoReviewAndKeepsTheOtherFindings) {
  int code = -1;
  const json before = scan_json({letter_}, &code);
  EXPECT_EQ(code, 1);
  ASSERT_EQ(before["files"].size(), 1u);
  EXPECT_EQ(before["files"][0]["format"], "docx");
  EXPECT_EQ(before["files"][0]["verdict"], "block");
  EXPECT_EQ(before["files"][0]["personnel_records"], 1);
  EXPECT_EQ(before["files"][0]["allowed"], 0);

  const std::string policy = file("policy.toml", kAllowChief);
  const json after = scan_json({"--policy", policy, letter_}, &code);
  EXPECT_EQ(code, 0) << "REVIEW does not fail at the default --fail-on block";
  const json& report = after["files"][0];
  EXPECT_EQ(report["verdict"], "review") << report.dump(2);
  EXPECT_EQ(report["personnel_records"], 0);
  EXPECT_EQ(categories_of(report), std::vector<std::string>{"phone"}) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["rule"], "phone.mobile");
  EXPECT_EQ(report["findings"][0]["location"]["paragraph"], 4);
  EXPECT_EQ(report["allowed"], 1);
  EXPECT_EQ(after["summary"]["allowed"], 1);
  EXPECT_EQ(after["summary"]["review"], 1);
  EXPECT_EQ(after.dump().find("Whitfield"), std::string::npos) << "no value printed without --show-values";
}

TEST_F(CliPolicy, AllowPathsLimitAnEntryToTheFilesItsGlobsMatch) {
  const std::string policy = file("policy.toml", std::string(kAllowChief) + "paths = [\"press/**\"]\n");
  const std::string press = letter_at("press/2024/letter.docx");
  const std::string other = letter_at("letters/letter.docx");
  int code = -1;
  const json doc = scan_json({"--policy", policy, press, other}, &code);
  EXPECT_EQ(code, 1);
  ASSERT_EQ(doc["files"].size(), 2u);
  // Sorted by path: letters/ before press/.
  EXPECT_EQ(doc["files"][0]["path"], other);
  EXPECT_EQ(doc["files"][0]["verdict"], "block");
  EXPECT_EQ(doc["files"][0]["allowed"], 0);
  EXPECT_EQ(doc["files"][1]["path"], press);
  EXPECT_EQ(doc["files"][1]["verdict"], "review");
  EXPECT_EQ(doc["files"][1]["allowed"], 1);
}

TEST_F(CliPolicy, FailOnReviewInThePolicyChangesTheExitCodeUnlessTheFlagIsGiven) {
  const std::string policy = file("policy.toml", std::string(kAllowChief) + "\n[thresholds]\nfail_on = \"review\"\n");
  int code = -1;
  const json doc = scan_json({"--policy", policy, letter_}, &code);
  EXPECT_EQ(doc["files"][0]["verdict"], "review");
  EXPECT_EQ(code, 1) << "the policy fails at REVIEW";
  scan_json({"--policy", policy, "--fail-on", "block", letter_}, &code);
  EXPECT_EQ(code, 0) << "--fail-on on the command line wins over the policy";
}

TEST_F(CliPolicy, MinConfidenceAndMaxFileSizeFromThePolicyYieldToFlags) {
  const std::string high = file("high.toml", std::string(kAllowChief) + "[thresholds]\nmin_confidence = \"high\"\n");
  int code = -1;
  json doc = scan_json({"--policy", high, letter_}, &code);
  EXPECT_EQ(doc["files"][0]["verdict"], "clean") << "the medium-confidence mobile is dropped";
  EXPECT_EQ(code, 0);
  doc = scan_json({"--policy", high, "--min-confidence", "medium", letter_}, &code);
  EXPECT_EQ(doc["files"][0]["verdict"], "review");

  const std::string small = file("small.toml", "[limits]\nmax_file_size = \"1KB\"\n");
  doc = scan_json({"--policy", small, letter_}, &code);
  EXPECT_EQ(code, 3) << doc.dump(2);
  ASSERT_EQ(doc["files"][0]["not_checked"].size(), 1u);
  doc = scan_json({"--policy", small, "--max-file-size", "1MB", letter_}, &code);
  EXPECT_EQ(code, 1);
  EXPECT_EQ(doc["files"][0]["verdict"], "block");
}

TEST_F(CliPolicy, CustomRuleAndDisabledRuleApplyToTheScan) {
  const std::string policy = file("policy.toml",
                                  "[rules]\n"
                                  "disable = [\"phone.mobile\"]\n"
                                  "\n"
                                  "[[rule]]\n"
                                  "id = \"syncon.staff_ref\"\n"
                                  "category = \"staff_number\"\n"
                                  "pattern = '''\\bSC-HR-\\d{6}\\b'''\n"
                                  "keywords = [\"personnel\"]\n"
                                  "confidence = \"medium\"\n"
                                  "with_context = \"high\"\n"
                                  "example = \"personnel file SC-HR-204518\"\n");
  const std::string note = file("note.txt", "The personnel file SC-HR-777120 was sent.\nCall 07700 900461.\n");
  int code = -1;
  const json doc = scan_json({"--policy", policy, note}, &code);
  const json& findings = doc["files"][0]["findings"];
  ASSERT_EQ(findings.size(), 1u) << doc.dump(2);
  EXPECT_EQ(findings[0]["rule"], "syncon.staff_ref");
  EXPECT_EQ(findings[0]["category"], "staff_number");
  EXPECT_EQ(findings[0]["confidence"], "high");
  EXPECT_EQ(findings[0]["location"]["line"], 1);
  // Without the policy the mobile is found and the reference is not.
  const json plain = scan_json({note});
  ASSERT_EQ(plain["files"][0]["findings"].size(), 1u) << plain.dump(2);
  EXPECT_EQ(plain["files"][0]["findings"][0]["rule"], "phone.mobile");
}

TEST_F(CliPolicy, TheEnvironmentNamesAPolicyWhenNoFlagDoes) {
  const std::string policy = file("policy.toml", kAllowChief);
  ::setenv("FOIGUARD_POLICY", policy.c_str(), 1);
  const json doc = scan_json({letter_});
  ::unsetenv("FOIGUARD_POLICY");
  EXPECT_EQ(doc["files"][0]["verdict"], "review");
}

TEST_F(CliPolicy, ABadPolicyIsAUsageErrorNamingItsLine) {
  const std::string policy = file("bad.toml",
                                  "# line 1\n"
                                  "[rules]\n"
                                  "disable = [\"name.foo\"]\n");
  auto r = run_cli({"scan", "--policy", policy, letter_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(policy + ":3: unknown rule 'name.foo' in [rules] disable"), std::string::npos) << r.err;

  r = run_cli({"scan", "--policy", dir_ + "/missing.toml", letter_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir_ + "/missing.toml: cannot read: No such file or directory"), std::string::npos) << r.err;

  r = run_cli({"rules", "list", "--policy", policy});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("foiguard rules list: " + policy + ":3: unknown rule 'name.foo'"), std::string::npos) << r.err;
}

TEST_F(CliPolicy, RulesListShowsThePolicysRulesDisabledOnesAndAllowlist) {
  const std::string example = source_path("examples/policy.toml");
  const auto r = run_cli({"rules", "list", "--policy", example});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& out = r.out;
  // A custom rule, its category, its mark and its example.
  EXPECT_NE(out.find("syncon.staff_ref"), std::string::npos) << out;
  EXPECT_NE(out.find("staff_number"), std::string::npos);
  EXPECT_NE(out.find("[policy] Synthetic Constabulary HR references"), std::string::npos) << out;
  EXPECT_NE(out.find("e.g. \"personnel file SC-HR-204518\""), std::string::npos) << out;
  EXPECT_NE(out.find("[disabled by policy] A name after a courtesy title"), std::string::npos) << out;
  // Column rules: their headers.
  EXPECT_NE(out.find("columns: pay no"), std::string::npos) << out;
  // The allowlist, with values (public by definition) and reasons.
  EXPECT_NE(out.find("\"Adaeze Whitfield-Moreau\", \"Tobias Ferreira-Lund\""), std::string::npos) << out;
  EXPECT_NE(out.find("reason:   Chief Constable and Deputy Chief Constable: named on the force website"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("paths:    press/**, *.press-release.docx"), std::string::npos) << out;
  EXPECT_NE(out.find("(1 built-in rule disabled, 2 added by " + example + ")"), std::string::npos) << out;
  EXPECT_NE(out.find("+policy."), std::string::npos) << "the rules version says a policy changed the rules";

  const auto plain = run_cli({"rules", "list"});
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_EQ(plain.out.find("syncon.staff_ref"), std::string::npos);
  EXPECT_EQ(plain.out.find("[disabled by policy]"), std::string::npos);
  EXPECT_NE(plain.out.find("e.g. \"DS 4417 Okonkwo attended the scene\""), std::string::npos);
}

TEST_F(CliPolicy, RulesTestShowsWhatFiresWhyAndWhatTheAllowlistDrops) {
  const std::string policy = file("policy.toml", kAllowChief);
  const auto r = run_cli({"rules", "test", "--policy", policy,
                          "Chief Constable Adaeze Whitfield-Moreau thanked DS 4417 Okonkwo"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& out = r.out;
  EXPECT_NE(out.find("name.rank_prefix  person_name  high  \"Adaeze Whitfield-Moreau\"  line 1, col 17\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  allowed by " + policy + ":2: Chief Constable: named on the force website\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("name.rank_prefix  person_name  high  \"Okonkwo\"  line 1, col 57\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  evidence: base high (rule name.rank_prefix)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  why: rank prefix 'DS'"), std::string::npos) << out;
  // Only the chief's name is allowed: Okonkwo's finding has no "allowed" line.
  const std::size_t okonkwo = out.find("\"Okonkwo\"");
  const std::size_t summary = out.find("\n\n", okonkwo);  // Okonkwo's finding is the last one
  ASSERT_NE(summary, std::string::npos) << out;
  EXPECT_EQ(out.substr(okonkwo, summary - okonkwo).find("allowed by"), std::string::npos) << out;
  EXPECT_NE(out.find("; 1 allowed by " + policy + " (a scan leaves them out)"), std::string::npos) << out;

  const auto clean = run_cli({"rules", "test", "The vehicle fleet has 412 cars."});
  EXPECT_EQ(clean.exit_code, 0);
  EXPECT_EQ(clean.out, "nothing fires\n");

  const auto custom = run_cli({"rules", "test", "--policy", source_path("examples/policy.toml"),
                               "personnel file SC-HR-204518"});
  EXPECT_EQ(custom.exit_code, 0) << custom.err;
  EXPECT_EQ(custom.out.rfind("syncon.staff_ref  staff_number  high  \"SC-HR-204518\"  line 1, col 16\n", 0), 0u)
      << custom.out;
}

TEST_F(CliPolicy, RulesTestMarksFindingsAScanWouldDrop) {
  const auto r = run_cli({"rules", "test", "Detective Sergeant"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("rank.word  rank  low  \"Detective Sergeant\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  dropped: below min_confidence medium\n"), std::string::npos) << r.out;
}

TEST_F(CliPolicy, RulesTestAddsTheRostersMatches) {
  const std::string key = file("staff.key", std::string("0123456789abcdef0123456789abcdef"));
  ASSERT_EQ(::chmod(key.c_str(), 0600), 0);
  const std::string staff = file("staff.csv", "Forename,Surname,Pay Number\nMarisol,Quenby-Adjei,612399\n");
  const std::string roster = dir_ + "/staff.roster";
  const auto built = run_cli({"roster", "build", staff, "-o", roster, "--key-file", key});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const std::string text = "Minutes taken by Marisol Quenby-Adjei";
  const auto r = run_cli({"rules", "test", "--roster", roster, "--key-file", key, text});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("person_name  high  \"Marisol Quenby-Adjei\"  line 1, col 18\n"), std::string::npos) << r.out;
  EXPECT_EQ(run_cli({"rules", "test", text}).out, "nothing fires\n") << "no rule finds her without the roster";
  const auto no_key = run_cli({"rules", "test", "--roster", roster, text});
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_NE(no_key.err.find("--roster needs --key-file"), std::string::npos) << no_key.err;
}

}  // namespace
}  // namespace foiguard
