// Baselines through the real CLI: scan a workbook and a CSV export made by
// real producers (openpyxl, Python's csv module), accept the reviewed report,
// re-scan with --baseline; a changed value at an accepted place is new; a
// baseline of another key, a report without fingerprints and findings past
// the listing limit are said, with what to do.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "foiguard/baseline.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

using nlohmann::json;
using testing::run_cli;
using testing::temp_dir;
using testing::write_file;

// tests/data/excel_export.csv (make_csv_fixtures.py): Surname, Forename, Rank,
// Collar, Notes; row 2 is Ní Bhriain, Aoife, Sgt, collar 4417.
constexpr const char* kCollarBefore = "Sgt,4417,";
constexpr const char* kCollarAfter = "Sgt,4418,";

class CliBaseline : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::isolate_cli_config("baseline-config");
    dir_ = temp_dir("cli-baseline");
    key_a_ = file("a.key", "baseline key A, for this test only");
    key_b_ = file("b.key", "baseline key B, for this test only");
  }

  std::string file(const std::string& name, const std::string& content) {
    write_file(dir_ + "/" + name, content);
    return dir_ + "/" + name;
  }

  std::string copy_of(const std::string& fixture, const std::string& name) {
    return file(name, testing::read_file(testing::source_path(fixture)));
  }

  // `scan --format json` with these arguments; the exit code in *code.
  static json scan_json(std::vector<std::string> args, int* code = nullptr) {
    args.insert(args.begin(), {"scan", "--format", "json"});
    const auto r = run_cli(args);
    if (code) *code = r.exit_code;
    EXPECT_FALSE(r.out.empty()) << r.err;
    return json::parse(r.out);
  }

  // Scans `path` with key A into a report file and makes a baseline of it.
  std::string accept_all(const std::string& path, const std::string& name) {
    const std::string report = dir_ + "/" + name + ".report.json";
    const std::string baseline = dir_ + "/" + name + ".baseline.json";
    EXPECT_EQ(run_cli({"scan", "--format", "json", "--key-file", key_a_, "-o", report, path}).exit_code, 1);
    const auto r = run_cli({"baseline", "create", report, "-o", baseline});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return baseline;
  }

  std::string dir_, key_a_, key_b_;
};

std::set<std::string> fingerprints(const json& report) {
  std::set<std::string> out;
  for (const auto& file : report["files"])
    for (const auto& f : file["findings"]) out.insert(f["fingerprint"].get<std::string>());
  return out;
}

TEST_F(CliBaseline, ReportNamesItsKeyAndCreateRecordsEveryFingerprint) {
  const auto xlsx = copy_of("tests/data/xlsx/hidden_sheet.xlsx", "staff.xlsx");
  const auto doc = scan_json({"--key-file", key_a_, xlsx});
  const std::string key_id = fingerprint_key_id(testing::read_file(key_a_));
  EXPECT_EQ(doc["summary"]["fingerprint_key_id"], key_id);
  EXPECT_EQ(doc["summary"]["baselined"], 0);
  EXPECT_EQ(doc["summary"]["allowed"], 0);
  EXPECT_EQ(doc["files"][0]["baselined"], 0);
  const std::uint64_t total = doc["files"][0]["findings_total"];
  ASSERT_GT(total, 100u) << "45 personnel records";

  write_file(dir_ + "/report.json", doc.dump());
  const auto r = run_cli({"baseline", "create", dir_ + "/report.json", "-o", dir_ + "/baseline.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(std::to_string(total) + " findings accepted"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(key_id), std::string::npos) << r.err;
  const json baseline = json::parse(testing::read_file(dir_ + "/baseline.json"));
  EXPECT_EQ(baseline["foiguard_baseline"], 1);
  EXPECT_EQ(baseline["key_id"], key_id);
  const auto listed = fingerprints(doc);
  EXPECT_EQ(baseline["fingerprints"].get<std::set<std::string>>(), listed);
  // Fingerprints and ids only: no value of the workbook.
  for (const char* value : {"Adeyemi", "412873", "Bhriain", "377120"})
    EXPECT_EQ(testing::read_file(dir_ + "/baseline.json").find(value), std::string::npos) << value;

  const auto info = run_cli({"baseline", "info", dir_ + "/baseline.json", "--key-file", key_a_});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find(std::to_string(listed.size()) + " fingerprints, made with fingerprint key id " + key_id),
            std::string::npos)
      << info.out;
  EXPECT_EQ(run_cli({"baseline", "info", dir_ + "/baseline.json", "--key-file", key_b_}).exit_code, 1);
}

// Awaits the detector's suppression (Detector::detect with DetectOptions::baseline).
TEST_F(CliBaseline, AcceptedFindingsAreLeftOutCountedAndTheVerdictIsClean) {
  const auto xlsx = copy_of("tests/data/xlsx/hidden_sheet.xlsx", "staff.xlsx");
  const auto before = scan_json({"--key-file", key_a_, xlsx});
  const std::uint64_t total = before["files"][0]["findings_total"];
  const auto baseline = accept_all(xlsx, "staff");

  int code = -1;
  const auto after = scan_json({"--key-file", key_a_, "--baseline", baseline, xlsx}, &code);
  const auto& report = after["files"][0];
  EXPECT_EQ(report["findings"], json::array()) << report.dump(2);
  EXPECT_EQ(report["findings_total"], 0);
  EXPECT_EQ(report["baselined"], total);
  EXPECT_EQ(report["personnel_records"], 0);
  EXPECT_EQ(report["verdict"], "clean");
  EXPECT_EQ(after["summary"]["baselined"], total);
  EXPECT_EQ(after["summary"]["findings"], 0);
  EXPECT_EQ(code, 0);

  const auto human = run_cli({"scan", "--key-file", key_a_, "--baseline", baseline, xlsx});
  EXPECT_EQ(human.exit_code, 0);
  EXPECT_NE(human.out.find("CLEAN"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("\n  " + std::to_string(total) + " findings accepted in the baseline: not listed\n"),
            std::string::npos)
      << human.out;
  EXPECT_NE(human.out.find(std::to_string(total) + " findings accepted in the baseline: left out of the counts above"),
            std::string::npos)
      << human.out;
}

// Awaits the detector's suppression.
TEST_F(CliBaseline, ANewValueAtAnAcceptedPlaceIsANewFinding) {
  const auto csv = copy_of("tests/data/excel_export.csv", "export.csv");
  const auto before = scan_json({"--key-file", key_a_, csv});
  const std::uint64_t total = before["files"][0]["findings_total"];
  ASSERT_GE(total, 10u);
  const auto baseline = accept_all(csv, "export");

  // The same export, one collar number changed in place (row 2, column Collar).
  std::string text = testing::read_file(csv);
  const auto at = text.find(kCollarBefore);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string(kCollarBefore).size(), kCollarAfter);
  const auto changed = file("export.csv", text);

  const auto after = scan_json({"--key-file", key_a_, "--baseline", baseline, changed});
  const auto& report = after["files"][0];
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const auto& collar = report["findings"][0];
  EXPECT_EQ(collar["category"], "collar_number");
  EXPECT_EQ(collar["location"]["row"], 2);
  EXPECT_EQ(collar["location"]["header"], "Collar");
  EXPECT_EQ(collar["masked"], "4***");
  EXPECT_EQ(fingerprints(before).count(collar["fingerprint"].get<std::string>()), 0u) << "a new fingerprint";
  EXPECT_EQ(report["baselined"], total - 1) << "every other finding stays accepted";
  EXPECT_NE(report["verdict"], "clean");
}

TEST_F(CliBaseline, ABaselineOfAnotherKeyIsAUsageErrorNamingItsKey) {
  const auto csv = copy_of("tests/data/excel_export.csv", "export.csv");
  const auto baseline = accept_all(csv, "export");
  const auto r = run_cli({"scan", "--key-file", key_b_, "--baseline", baseline, csv});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << "nothing scanned";
  const std::string id_a = fingerprint_key_id(testing::read_file(key_a_));
  const std::string id_b = fingerprint_key_id(testing::read_file(key_b_));
  EXPECT_NE(r.err.find("made with the fingerprint key whose id is " + id_a), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("this scan's key has id " + id_b), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--key-file"), std::string::npos) << r.err;
}

TEST_F(CliBaseline, WrongBaselineFilesAreUsageErrorsThatSayWhatToDo) {
  const auto csv = copy_of("tests/data/excel_export.csv", "export.csv");
  const auto report = dir_ + "/report.json";
  ASSERT_EQ(run_cli({"scan", "--format", "json", "--key-file", key_a_, "-o", report, csv}).exit_code, 1);
  auto r = run_cli({"scan", "--key-file", key_a_, "--baseline", report, csv});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("this is a scan report, not a baseline: run `foiguard baseline create"), std::string::npos) << r.err;
  r = run_cli({"scan", "--key-file", key_a_, "--baseline", dir_ + "/missing.json", csv});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read --baseline"), std::string::npos) << r.err;
  r = run_cli({"baseline", "create", csv});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a JSON report"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("foiguard scan --format json"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli({"baseline"}).exit_code, 2) << "no subcommand";
  EXPECT_EQ(run_cli({"baseline", "create"}).exit_code, 2) << "no report";
}

TEST_F(CliBaseline, CreateRefusesAReportWithoutFingerprints) {
  const auto csv = copy_of("tests/data/excel_export.csv", "export.csv");
  // A regular file where the config folder should be: no key, no fingerprints.
  ::setenv("XDG_CONFIG_HOME", file("not-a-dir", "x").c_str(), 1);
  const auto report = dir_ + "/report.json";
  ASSERT_EQ(run_cli({"scan", "--format", "json", "-o", report, csv}).exit_code, 1);
  EXPECT_TRUE(json::parse(testing::read_file(report))["summary"]["fingerprint_key_id"].is_null());
  const auto r = run_cli({"baseline", "create", report, "-o", dir_ + "/baseline.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("findings have no fingerprint"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--key-file"), std::string::npos) << r.err;
  EXPECT_FALSE(std::ifstream(dir_ + "/baseline.json").good()) << "no baseline written";
}

TEST_F(CliBaseline, FindingsPastTheListingLimitAreSaidToBeLeftOutAndHowToAddThem) {
  // 2,600 staff rows of four findings each: 10,400 findings, 400 past the limit of 10,000.
  std::string csv = "Surname,Forename,Rank,Collar\r\n";
  for (int i = 0; i < 2600; ++i)
    csv += "Testperson" + std::string(1, static_cast<char>('A' + i % 26)) +
           std::string(1, static_cast<char>('A' + i / 26 % 26)) + ",Alex,PC," + std::to_string(1000 + i) + "\r\n";
  const auto path = file("big.csv", csv);
  const auto report = dir_ + "/big.json";
  ASSERT_EQ(run_cli({"scan", "--format", "json", "--key-file", key_a_, "-o", report, path}).exit_code, 1);
  const auto r = run_cli({"baseline", "create", report, "-o", dir_ + "/baseline.json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: 400 findings in " + report + " were past the listing limit"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("NOT in the baseline"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ": 400 not listed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("foiguard baseline create " + report + " rest.json"), std::string::npos) << r.err;
  EXPECT_EQ(json::parse(testing::read_file(dir_ + "/baseline.json"))["fingerprints"].size(), 10000u);
}

TEST_F(CliBaseline, CreateJoinsReportsOfOneKeyAndRefusesTwoKeys) {
  const auto csv = copy_of("tests/data/excel_export.csv", "export.csv");
  const auto xlsx = copy_of("tests/data/xlsx/hidden_sheet.xlsx", "staff.xlsx");
  const auto a1 = dir_ + "/a1.json", a2 = dir_ + "/a2.json", b = dir_ + "/b.json";
  run_cli({"scan", "--format", "json", "--key-file", key_a_, "-o", a1, csv});
  run_cli({"scan", "--format", "json", "--key-file", key_a_, "-o", a2, xlsx});
  run_cli({"scan", "--format", "json", "--key-file", key_b_, "-o", b, csv});
  auto r = run_cli({"baseline", "create", a1, a2, "-o", dir_ + "/joined.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> both = fingerprints(json::parse(testing::read_file(a1)));
  for (const auto& fp : fingerprints(json::parse(testing::read_file(a2)))) both.insert(fp);
  EXPECT_EQ(json::parse(testing::read_file(dir_ + "/joined.json"))["fingerprints"].get<std::set<std::string>>(), both);
  r = run_cli({"baseline", "create", a1, b, "-o", dir_ + "/mixed.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("one baseline needs reports of one key"), std::string::npos) << r.err;
}

// Awaits the detector's suppression for the counts; the cache reset is this side's.
TEST_F(CliBaseline, TheCacheDoesNotServeAReportMadeWithoutTheBaseline) {
  const auto csv = copy_of("tests/data/excel_export.csv", "export.csv");
  const auto baseline = accept_all(csv, "export");
  const auto cache = dir_ + "/scan.db";
  const auto plain = scan_json({"--key-file", key_a_, "--cache", cache, csv});
  const std::uint64_t total = plain["files"][0]["findings_total"];
  EXPECT_EQ(plain["summary"]["from_cache"], 0);

  auto r = run_cli({"scan", "--format", "json", "--key-file", key_a_, "--cache", cache, "--baseline", baseline, csv});
  EXPECT_NE(r.err.find("cache " + cache + ": "), std::string::npos) << "emptied, saying why: " << r.err;
  auto doc = json::parse(r.out);
  EXPECT_EQ(doc["summary"]["from_cache"], 0) << "scanned again under the baseline";
  EXPECT_EQ(doc["files"][0]["baselined"], total);

  doc = scan_json({"--key-file", key_a_, "--cache", cache, "--baseline", baseline, csv});
  EXPECT_EQ(doc["summary"]["from_cache"], 1) << "same baseline: served from the cache";
  EXPECT_EQ(doc["files"][0]["baselined"], total) << "the count survives the cache";
  EXPECT_EQ(doc["summary"]["baselined"], total);
}

}  // namespace
}  // namespace foiguard
