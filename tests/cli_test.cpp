// The CLI end to end: exit codes, the JSON and JSON-lines reports parsed and
// checked, masking, not-checked files and usage errors. Assertions on what the
// rules find stay with the clearest case; rule behaviour is tested elsewhere.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_support.hpp"

namespace foiguard {
namespace {

using nlohmann::json;
using testing::run_cli;
using testing::temp_dir;
using testing::write_file;

constexpr const char* kOfficerLetter =
    "Dear requester,\n"
    "\n"
    "Your request was passed to DS 4417 Okonkwo of the Counter Terrorism Command.\n";
constexpr std::uint32_t kOfficerLine = 3;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::isolate_cli_config("config");
    dir_ = temp_dir("cli");
  }

  std::string file(const std::string& name, const std::string& content) {
    write_file(dir_ + "/" + name, content);
    return dir_ + "/" + name;
  }

  static json scan_json(std::vector<std::string> args, int* exit_code = nullptr) {
    args.insert(args.begin(), {"scan", "--format", "json"});
    const auto r = run_cli(args);
    if (exit_code) *exit_code = r.exit_code;
    return json::parse(r.out);  // throws, failing the test, unless exactly one document
  }

  std::string config_, dir_;
};

const json* first_of(const json& findings, const std::string& category) {
  for (const auto& f : findings)
    if (f["category"] == category) return &f;
  return nullptr;
}

TEST_F(Cli, OfficerNamedInALetterIsBlockedWithTheNameMasked) {
  const auto letter = file("letter.txt", kOfficerLetter);
  int code = -1;
  const auto doc = scan_json({letter}, &code);
  EXPECT_EQ(code, 1);
  ASSERT_EQ(doc["files"].size(), 1u);
  const auto& report = doc["files"][0];
  EXPECT_EQ(report["path"], letter);
  EXPECT_EQ(report["format"], "text");
  EXPECT_EQ(report["verdict"], "block");
  EXPECT_TRUE(report["error"].is_null());
  const json* name = first_of(report["findings"], "person_name");
  ASSERT_NE(name, nullptr) << report.dump(2);
  EXPECT_EQ((*name)["location"]["line"], kOfficerLine);
  EXPECT_TRUE((*name)["location"]["row"].is_null());
  EXPECT_FALSE((*name)["masked"].get<std::string>().empty());
  EXPECT_EQ((*name)["masked"].get<std::string>().find("Okonkwo"), std::string::npos);
  EXPECT_FALSE(name->contains("value"));
  EXPECT_EQ(doc.dump().find("Okonkwo"), std::string::npos) << "the raw name appears nowhere";
  EXPECT_EQ(doc["summary"]["block"], 1);
  EXPECT_GE(doc["summary"]["records"], 1);
}

TEST_F(Cli, ShowValuesPrintsTheRawName) {
  const auto letter = file("letter.txt", kOfficerLetter);
  const auto doc = scan_json({"--show-values", letter});
  const json* name = first_of(doc["files"][0]["findings"], "person_name");
  ASSERT_NE(name, nullptr);
  EXPECT_NE((*name)["value"].get<std::string>().find("Okonkwo"), std::string::npos);
}

TEST_F(Cli, ExplainAddsEvidence) {
  const auto letter = file("letter.txt", kOfficerLetter);
  const auto plain = scan_json({letter});
  const auto explained = scan_json({"--explain", letter});
  EXPECT_FALSE(plain["files"][0]["findings"][0].contains("evidence"));
  ASSERT_TRUE(explained["files"][0]["findings"][0].contains("evidence"));
  EXPECT_FALSE(explained["files"][0]["findings"][0]["evidence"].empty());
}

TEST_F(Cli, CleanFileExitsZero) {
  const auto stats = file("stats.csv", "Year,Complaints received,Upheld\n2021,14,3\n2022,11,2\n");
  int code = -1;
  const auto doc = scan_json({stats}, &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(doc["files"][0]["verdict"], "clean");
  EXPECT_EQ(doc["files"][0]["findings"], json::array());
  EXPECT_EQ(doc["summary"]["not_checked"], 0);
}

TEST_F(Cli, UnsupportedFileIsNotCheckedAndExitsThree) {
  const auto png = file("scan.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  int code = -1;
  const auto doc = scan_json({png}, &code);
  EXPECT_EQ(code, 3);
  const auto& report = doc["files"][0];
  EXPECT_EQ(report["format"], "png");
  EXPECT_NE(report["verdict"], "clean");
  ASSERT_EQ(report["not_checked"].size(), 1u) << report.dump(2);
  EXPECT_FALSE(report["not_checked"][0]["reason"].get<std::string>().empty());
  EXPECT_EQ(doc["summary"]["not_checked"], 1);
}

TEST_F(Cli, MissingPathIsAnErrorEntryAndTheScanGoesOn) {
  const auto stats = file("stats.csv", "Year,Count\n2021,14\n");
  const auto missing = dir_ + "/no-such-file.txt";
  int code = -1;
  const auto doc = scan_json({missing, stats}, &code);
  EXPECT_EQ(code, 3);
  ASSERT_EQ(doc["files"].size(), 2u);
  // Sorted by path: "no-such-file.txt" before "stats.csv".
  EXPECT_EQ(doc["files"][0]["path"], missing);
  EXPECT_EQ(doc["files"][0]["verdict"], "error");
  EXPECT_EQ(doc["files"][0]["error"], "no such file or directory");
  EXPECT_EQ(doc["files"][1]["verdict"], "clean");
  EXPECT_EQ(doc["summary"]["error"], 1);
}

TEST_F(Cli, BlockOutranksNotChecked) {
  const auto letter = file("letter.txt", kOfficerLetter);
  int code = -1;
  scan_json({letter, dir_ + "/missing.txt"}, &code);
  EXPECT_EQ(code, 1);
}

TEST_F(Cli, FolderIsWalkedInSortedOrder) {
  file("b/second.txt", "nothing to see\n");
  file("a/first.txt", "nothing to see either\n");
  file("a/z-last.csv", "Year,Count\n2021,14\n");
  const auto doc = scan_json({dir_});
  std::vector<std::string> paths;
  for (const auto& f : doc["files"]) paths.push_back(f["path"]);
  const std::vector<std::string> expected = {dir_ + "/a/first.txt", dir_ + "/a/z-last.csv", dir_ + "/b/second.txt"};
  EXPECT_EQ(paths, expected);
}

TEST_F(Cli, ThreadsDoNotChangeTheReport) {
  // ~5 MiB: enough batches for a file to be detected on several threads.
  std::string csv = "Surname,Forename,Rank,Pay No,Unit\n";
  for (int i = 0; csv.size() < (5u << 20); ++i)
    csv += "Kowalczyk,Saoirse," + std::string(i % 4 ? "PC" : "Sgt") + "," + std::to_string(300000 + i % 600000) +
           "," + (i % 7 ? "Roads Policing" : "Covert Operations") + "\n";
  const auto staff = file("staff.csv", csv);
  int one_code = -1, two_code = -1;
  const auto one = scan_json({"-j", "1", staff}, &one_code);
  const auto two = scan_json({"--threads", "2", staff}, &two_code);
  EXPECT_EQ(one_code, 1);
  EXPECT_EQ(two_code, 1);
  EXPECT_EQ(one["files"], two["files"]);
  EXPECT_GT(one["files"][0]["personnel_records"].get<int>(), 100000);
  EXPECT_EQ(one["files"][0]["findings"].size(), 10000u) << "the listing cap";
  EXPECT_EQ(run_cli({"scan", "--threads", "0", staff}).exit_code, 2) << "0 threads is a usage error";
}

TEST_F(Cli, JsonLinesEachLineParses) {
  const auto letter = file("letter.txt", kOfficerLetter);
  const auto stats = file("stats.csv", "Year,Count\n2021,14\n");
  const auto r = run_cli({"scan", "--format", "jsonl", letter, stats});
  EXPECT_EQ(r.exit_code, 1);
  std::vector<json> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    ASSERT_NO_THROW(lines.push_back(json::parse(line))) << line;
  }
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines.back()["type"], "summary");
  EXPECT_EQ(lines.back()["files"], 2);
  // Files stream as they finish (in any order); a file's findings come
  // before its own "file" line.
  std::vector<std::string> file_paths;
  std::set<std::string> finished;
  for (const auto& l : lines) {
    if (l["type"] == "file") {
      file_paths.push_back(l["path"]);
      finished.insert(l["path"].get<std::string>());
    }
    if (l["type"] == "finding") {
      EXPECT_EQ(l["path"], letter);
      EXPECT_FALSE(finished.count(letter)) << "a finding after its file's line";
    }
  }
  std::sort(file_paths.begin(), file_paths.end());
  EXPECT_EQ(file_paths, (std::vector<std::string>{letter, stats}));
}

TEST_F(Cli, HumanReportAndSummary) {
  const auto letter = file("letter.txt", kOfficerLetter);
  const auto stats = file("stats.csv", "Year,Count\n2021,14\n");
  const auto r = run_cli({"scan", letter, stats});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("BLOCK   " + letter + " (text): "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  record 1 (line 3): "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CLEAN   " + stats + " (csv): "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Look at first:\n  " + letter), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Okonkwo"), std::string::npos);
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << "no colour on a file";
  EXPECT_EQ(r.err, "") << "no progress line off a terminal";

  const auto quiet = run_cli({"scan", "--quiet", "--color", "always", letter, stats});
  EXPECT_EQ(quiet.out.find("CLEAN   " + stats), std::string::npos) << "--quiet leaves out CLEAN files";
  EXPECT_NE(quiet.out.find("\033[1;31mBLOCK"), std::string::npos);
}

TEST_F(Cli, HumanListingIsCappedUnlessAll) {
  std::string rows = "Surname,Forename,Rank,Pay No\n";
  for (int i = 0; i < 60; ++i) rows += "Testperson,Alex,PC," + std::to_string(700100 + i) + "\n";
  const auto table = file("staff.csv", rows);
  const auto capped = run_cli({"scan", table});
  EXPECT_EQ(capped.exit_code, 1);
  EXPECT_NE(capped.out.find("not shown here"), std::string::npos) << capped.out.substr(0, 2000);
  const auto all = run_cli({"scan", "--all", table});
  EXPECT_EQ(all.out.find("not shown here"), std::string::npos);
  EXPECT_GT(all.out.size(), capped.out.size());
}

TEST_F(Cli, FailOnReview) {
  const auto stats = file("stats.csv", "Year,Count\n2021,14\n");
  EXPECT_EQ(run_cli({"scan", "--fail-on", "review", stats}).exit_code, 0);
  const auto png = file("scan.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  EXPECT_EQ(run_cli({"scan", "--fail-on", "review", png}).exit_code, 3) << "an unchecked file is not a REVIEW";
}

TEST_F(Cli, DefaultKeyIsCreatedPrivateAndReused) {
  const auto letter = file("letter.txt", kOfficerLetter);
  const auto first = scan_json({letter});
  const std::string key = config_ + "/foiguard/fingerprint.key";
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 32);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  const auto again = scan_json({letter});
  const auto fp = first["files"][0]["findings"][0]["fingerprint"];
  ASSERT_TRUE(fp.is_string());
  EXPECT_EQ(fp.get<std::string>().size(), 32u);
  EXPECT_EQ(again["files"][0]["findings"][0]["fingerprint"], fp);
}

TEST_F(Cli, KeyFileDecidesTheFingerprint) {
  const auto letter = file("letter.txt", kOfficerLetter);
  const auto key_a = file("a.key", "key number one, for this test only");
  const auto key_b = file("b.key", "key number two, for this test only");
  const auto a1 = scan_json({"--key-file", key_a, letter})["files"][0]["findings"][0]["fingerprint"];
  const auto a2 = scan_json({"--key-file", key_a, letter})["files"][0]["findings"][0]["fingerprint"];
  const auto b = scan_json({"--key-file", key_b, letter})["files"][0]["findings"][0]["fingerprint"];
  EXPECT_EQ(a1, a2);
  EXPECT_NE(a1, b);
  const auto r = run_cli({"scan", "--key-file", dir_ + "/missing.key", letter});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read key file"), std::string::npos) << r.err;
}

TEST_F(Cli, UnwritableConfigMeansNoFingerprintsAndAWarning) {
  const auto letter = file("letter.txt", kOfficerLetter);
  // A regular file where the config folder should be: the key cannot be created.
  const auto blocker = file("not-a-dir", "x");
  ::setenv("XDG_CONFIG_HOME", blocker.c_str(), 1);
  const auto r = run_cli({"scan", "--format", "json", letter});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("warning: no fingerprint key"), std::string::npos) << r.err;
  const auto doc = json::parse(r.out);
  EXPECT_TRUE(doc["files"][0]["findings"][0]["fingerprint"].is_null());
}

TEST_F(Cli, UsageErrorsExitTwo) {
  const auto letter = file("letter.txt", kOfficerLetter);
  EXPECT_EQ(run_cli({"scan", "--no-such-option", letter}).exit_code, 2);
  EXPECT_EQ(run_cli({"scan"}).exit_code, 2) << "no PATH";
  EXPECT_EQ(run_cli({"scan", "--format", "xml", letter}).exit_code, 2);
  EXPECT_EQ(run_cli({"scan", "--fail-on", "clean", letter}).exit_code, 2);
  EXPECT_EQ(run_cli({}).exit_code, 2) << "no subcommand";
  EXPECT_EQ(run_cli({"frobnicate"}).exit_code, 2);
}

TEST_F(Cli, HelpDocumentsTheExitCodes) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--help"}, {"scan", "--help"}}) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("Exit codes:"), std::string::npos) << r.out;
    for (const char* code : {"  0  ", "  1  ", "  2  ", "  3  "}) EXPECT_NE(r.out.find(code), std::string::npos) << code;
  }
  EXPECT_NE(run_cli({"scan", "--help"}).out.find("--show-values"), std::string::npos);
  EXPECT_NE(run_cli({"scan", "--help"}).out.find("DOCX/DOTX/DOCM, PPTX, ODT/ODP, HTML, email (.eml), zip"), std::string::npos);
}

TEST_F(Cli, RulesListShowsEveryRuleAligned) {
  const auto r = run_cli({"rules", "list"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("ID ", 0), 0u) << r.out;
  const auto header_category = r.out.find("CATEGORY");
  ASSERT_NE(header_category, std::string::npos);
  const auto rule_line = r.out.find("\nname.rank_prefix ");
  ASSERT_NE(rule_line, std::string::npos) << r.out;
  // The category column starts at the same offset on the rule's line.
  EXPECT_EQ(r.out.substr(rule_line + 1 + header_category, 11), "person_name");
  EXPECT_NE(r.out.find("e.g. \"DS 4417 Okonkwo"), std::string::npos);
}

TEST_F(Cli, Version) {
  const auto r = run_cli({"version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("foiguard ", 0), 0u) << r.out;
}

}  // namespace
}  // namespace foiguard

namespace foiguard {
namespace {

// An FOI officer's first question about a workbook: where is it hiding?
TEST_F(Cli, HiddenSheetWorkbookSaysWhereTheDataHides) {
  const std::string xlsx = testing::source_path("tests/data/xlsx/hidden_sheet.xlsx");
  // A renamed workbook is still a workbook: the content decides.
  const auto renamed = file("summary.dat", testing::read_file(xlsx));
  int code = -1;
  const auto doc = scan_json({renamed}, &code);
  EXPECT_EQ(code, 1);
  const auto& report = doc["files"][0];
  EXPECT_EQ(report["format"], "xlsx");
  EXPECT_EQ(report["verdict"], "block");
  EXPECT_EQ(report["severity"], "critical");
  EXPECT_EQ(report["personnel_records"], 45);
  EXPECT_EQ(report["visible_records"], 0);
  ASSERT_GE(report["hidden_places"].size(), 2u) << report["hidden_places"].dump(2);
  const auto& data = report["hidden_places"][0];
  EXPECT_EQ(data["where"], "hidden sheet 'Data'");
  EXPECT_EQ(data["visibility"], "hidden_sheet");
  EXPECT_EQ(data["sheet"], "Data");
  EXPECT_EQ(data["personnel_records"], 40);
  const json* pay = first_of(report["findings"], "pay_number");
  ASSERT_NE(pay, nullptr);
  EXPECT_EQ((*pay)["location"]["sheet"], "Data");
  EXPECT_EQ((*pay)["location"]["cell"], "D2");
  EXPECT_EQ((*pay)["location"]["header"], "Pay No");
  EXPECT_EQ((*pay)["visibility"], "hidden_sheet");
  EXPECT_EQ((*pay)["masked"], "4*****");
  EXPECT_EQ(report.dump().find("412873"), std::string::npos) << "no full value in the report";

  const auto human = run_cli({"scan", renamed});
  EXPECT_NE(human.out.find("hidden: hidden sheet 'Data': "), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("The visible content holds none of these records"), std::string::npos);
}

TEST_F(Cli, EncryptedWorkbookIsAnErrorThatSaysWhatToDo) {
  const auto utf16 = [](std::string_view ascii) {
    std::string out;
    for (const char c : ascii) out += {c, '\0'};
    return out;
  };
  const auto locked = file("locked.xlsx", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) +
                                             std::string(504, '\0') + utf16("EncryptedPackage"));
  int code = -1;
  const auto doc = scan_json({locked}, &code);
  EXPECT_EQ(code, 3) << "not checked";
  EXPECT_EQ(doc["files"][0]["verdict"], "error");
  EXPECT_NE(doc["files"][0]["reason"].get<std::string>().find("remove the password"), std::string::npos);
}

}  // namespace
}  // namespace foiguard
