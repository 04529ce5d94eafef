// Baselines in and out of JSON (from a scan's JSON report, to and from a
// baseline file), the fingerprint key id, errors that name their input, and
// the reports' counts of findings left out (baseline, allowlist) and key id.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "foiguard/baseline.hpp"
#include "foiguard/report.hpp"
#include "scan/content_hash.hpp"

namespace foiguard {
namespace {

using nlohmann::json;

constexpr const char* kFpA = "0123456789abcdef0123456789abcdef";
constexpr const char* kFpB = "fedcba9876543210fedcba9876543210";
constexpr const char* kFpC = "00000000000000000000000000000001";
// fingerprint_key_id("key number one, for this test only"), by Python's hashlib:
// sha256(sha256(key).hexdigest()).hexdigest()[:16].
constexpr const char* kKeyOne = "key number one, for this test only";
constexpr const char* kKeyOneId = "91f27265272530f5";

Finding finding_with(const std::string& fingerprint, std::uint32_t line) {
  Finding f;
  f.category = Category::pay_number;
  f.rule = "pay_number.prefixed";
  f.confidence = Confidence::high;
  f.severity = Severity::high;
  f.location.path = "letters/reply.txt";
  f.location.line = line;
  f.masked = "4*****";
  f.fingerprint = fingerprint;
  return f;
}

FileReport letter(std::vector<Finding> findings) {
  FileReport r;
  r.path = "letters/reply.txt";
  r.format = "text";
  r.verdict = findings.empty() ? Verdict::clean : Verdict::review;
  r.reason = "test";
  r.findings_total = findings.size();
  r.findings = std::move(findings);
  return r;
}

std::string report_json(const std::vector<FileReport>& files, const std::string& key_id) {
  ScanSummary summary = summarize(files);
  summary.fingerprint_key_id = key_id;
  std::ostringstream out;
  write_json(out, files, summary, {});
  return out.str();
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const BaselineError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no BaselineError";
  return "";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---------------------------------------------------------------- key id

TEST(FingerprintKeyId, IsTheFirst16HexDigitsOfADigestOfTheKeysDigest) {
  EXPECT_EQ(fingerprint_key_id(kKeyOne), kKeyOneId);
  EXPECT_EQ(fingerprint_key_id(kKeyOne), scan::sha256_hex(scan::sha256_hex(kKeyOne)).substr(0, 16));
  EXPECT_NE(fingerprint_key_id("key number two, for this test only"), kKeyOneId);
  EXPECT_EQ(fingerprint_key_id(kKeyOne).find("key"), std::string::npos);
}

// ---------------------------------------------------------------- from a report

TEST(Baseline, FromReportTakesEveryFingerprintAndTheKeyId) {
  FileReport second = letter({finding_with(kFpC, 9)});
  second.path = "letters/second.txt";
  const auto text = report_json({letter({finding_with(kFpA, 3), finding_with(kFpB, 4)}), second}, kKeyOneId);
  const Baseline b = Baseline::from_report_json(text, "report.json");
  EXPECT_EQ(b.size(), 3u);
  EXPECT_TRUE(b.contains(kFpA));
  EXPECT_TRUE(b.contains(kFpB));
  EXPECT_TRUE(b.contains(kFpC));
  EXPECT_FALSE(b.contains("ffffffffffffffffffffffffffffffff"));
  EXPECT_EQ(b.key_id(), kKeyOneId);
}

TEST(Baseline, AReportWithNoFindingsGivesAnEmptyBaselineUnderItsKey) {
  const Baseline b = Baseline::from_report_json(report_json({letter({})}, kKeyOneId), "report.json");
  EXPECT_EQ(b.size(), 0u);
  EXPECT_EQ(b.key_id(), kKeyOneId);
}

TEST(Baseline, FindingsWithoutFingerprintsAreRefusedSayingWhatToDo) {
  const auto text = report_json({letter({finding_with(kFpA, 3), finding_with("", 4), finding_with("", 5)})}, kKeyOneId);
  const auto why = error_of([&] { Baseline::from_report_json(text, "old-report.json"); });
  EXPECT_TRUE(has(why, "old-report.json: 2 of 3 findings have no fingerprint")) << why;
  EXPECT_TRUE(has(why, "--key-file")) << why;
}

TEST(Baseline, AReportOfAScanWithoutAKeyIsRefused) {
  const auto why = error_of([&] { Baseline::from_report_json(report_json({letter({})}, ""), "nokey.json"); });
  EXPECT_TRUE(has(why, "nokey.json: the scan ran without a fingerprint key")) << why;
}

TEST(Baseline, AReportWithoutAKeyIdIsRefused) {
  json doc = json::parse(report_json({letter({finding_with(kFpA, 3)})}, kKeyOneId));
  doc["summary"].erase("fingerprint_key_id");
  const auto why = error_of([&] { Baseline::from_report_json(doc.dump(), "older.json"); });
  EXPECT_TRUE(has(why, "older.json: the report does not say which fingerprint key made it")) << why;
}

TEST(Baseline, ReportErrorsNameTheInputAndWhere) {
  auto why = error_of([&] { Baseline::from_report_json("{\"files\": [\n  {\"path\": }\n]}", "broken.json"); });
  EXPECT_TRUE(has(why, "broken.json: not a JSON report")) << why;
  EXPECT_TRUE(has(why, "line 2")) << why;
  why = error_of([&] { Baseline::from_report_json("{\"type\": \"summary\"}", "lines.jsonl"); });
  EXPECT_TRUE(has(why, "lines.jsonl: not a foiguard JSON report")) << why;
  EXPECT_TRUE(has(why, "--format json")) << why;
  why = error_of([&] {
    Baseline::from_report_json(R"({"files": [{"findings": [{"fingerprint": 7}]}]})", "odd.json");
  });
  EXPECT_TRUE(has(why, "odd.json: files[0].findings[0].fingerprint")) << why;
  Baseline b;
  b.set_key_id(kKeyOneId);
  why = error_of([&] { Baseline::from_report_json(b.to_json(), "baseline.json"); });
  EXPECT_TRUE(has(why, "it is a baseline")) << why;
}

// ---------------------------------------------------------------- baseline file

TEST(Baseline, FileRoundTripsSortedOneFingerprintALine) {
  Baseline b;
  b.set_key_id(kKeyOneId);
  for (const char* fp : {kFpB, kFpA, kFpC}) b.add(fp);
  const std::string text = b.to_json();
  EXPECT_EQ(text, std::string("{\n  \"foiguard_baseline\": 1,\n  \"key_id\": \"91f27265272530f5\",\n  \"fingerprints\": [\n") +
                      "    \"" + kFpC + "\",\n    \"" + kFpA + "\",\n    \"" + kFpB + "\"\n  ]\n}\n");
  const Baseline back = Baseline::from_json(text, "baseline.json");
  EXPECT_EQ(back.size(), 3u);
  EXPECT_EQ(back.key_id(), kKeyOneId);
  for (const char* fp : {kFpA, kFpB, kFpC}) EXPECT_TRUE(back.contains(fp)) << fp;
  EXPECT_EQ(back.to_json(), text);

  Baseline other_order;
  other_order.set_key_id(kKeyOneId);
  for (const char* fp : {kFpC, kFpB, kFpA, kFpA}) other_order.add(fp);
  EXPECT_EQ(other_order.to_json(), text);
}

TEST(Baseline, ReportToFileToBaselineKeepsEveryFingerprint) {
  const auto report = report_json({letter({finding_with(kFpA, 3), finding_with(kFpB, 4)})}, kKeyOneId);
  const Baseline back = Baseline::from_json(Baseline::from_report_json(report, "r.json").to_json(), "b.json");
  EXPECT_EQ(back.size(), 2u);
  EXPECT_TRUE(back.contains(kFpA));
  EXPECT_TRUE(back.contains(kFpB));
  EXPECT_EQ(back.key_id(), kKeyOneId);
}

TEST(Baseline, EmptyBaselineRoundTrips) {
  Baseline b;
  b.set_key_id(kKeyOneId);
  EXPECT_EQ(json::parse(b.to_json())["fingerprints"], json::array());
  EXPECT_EQ(Baseline::from_json(b.to_json(), "b.json").size(), 0u);
}

TEST(Baseline, FileErrorsNameTheInputAndSayWhatToDo) {
  auto why = error_of([&] { Baseline::from_json("{\n\"foiguard_baseline\": 1,\n\"key_id\": }", "b.json"); });
  EXPECT_TRUE(has(why, "b.json: not a foiguard baseline")) << why;
  EXPECT_TRUE(has(why, "line 3")) << why;
  const auto report = report_json({letter({finding_with(kFpA, 3)})}, kKeyOneId);
  why = error_of([&] { Baseline::from_json(report, "report.json"); });
  EXPECT_TRUE(has(why, "report.json: this is a scan report, not a baseline")) << why;
  EXPECT_TRUE(has(why, "foiguard baseline create report.json")) << why;
  why = error_of([&] { Baseline::from_json(R"({"foiguard_baseline": 2, "key_id": "91f27265272530f5", "fingerprints": []})", "new.json"); });
  EXPECT_TRUE(has(why, "new.json: baseline format 2")) << why;
  why = error_of([&] { Baseline::from_json(R"({"foiguard_baseline": 1, "key_id": "secret", "fingerprints": []})", "k.json"); });
  EXPECT_TRUE(has(why, "k.json: \"key_id\"")) << why;
  why = error_of([&] {
    Baseline::from_json(R"({"foiguard_baseline": 1, "key_id": "91f27265272530f5", "fingerprints": ["abc", "Jane Doe"]})",
                        "v.json");
  });
  EXPECT_TRUE(has(why, "v.json: fingerprints[1] is not a hex fingerprint")) << why;
  EXPECT_FALSE(has(why, "Jane")) << "a value put where a fingerprint goes is not echoed";
  why = error_of([&] { Baseline::from_json(R"({"foiguard_baseline": 1, "key_id": "91f27265272530f5"})", "f.json"); });
  EXPECT_TRUE(has(why, "f.json: \"fingerprints\" is missing")) << why;
}

// ---------------------------------------------------------------- reports

FileReport with_left_out(std::uint64_t baselined, std::uint64_t allowed, Verdict verdict) {
  FileReport r = letter(verdict == Verdict::clean ? std::vector<Finding>{} : std::vector<Finding>{finding_with(kFpA, 3)});
  r.verdict = verdict;
  r.baselined = baselined;
  r.allowed = allowed;
  return r;
}

TEST(LeftOutCounts, JsonHasThemPerFileAndInTotalWithTheKeyId) {
  FileReport second = with_left_out(2, 0, Verdict::review);
  second.path = "letters/second.txt";
  const std::vector<FileReport> files = {with_left_out(12, 3, Verdict::clean), second};
  const json doc = json::parse(report_json(files, kKeyOneId));
  EXPECT_EQ(doc["files"][0]["baselined"], 12);
  EXPECT_EQ(doc["files"][0]["allowed"], 3);
  EXPECT_EQ(doc["files"][1]["baselined"], 2);
  EXPECT_EQ(doc["files"][1]["allowed"], 0);
  EXPECT_EQ(doc["summary"]["baselined"], 14);
  EXPECT_EQ(doc["summary"]["allowed"], 3);
  EXPECT_EQ(doc["summary"]["findings"], 1) << "left out findings are not findings";
  EXPECT_EQ(doc["summary"]["fingerprint_key_id"], kKeyOneId);
  EXPECT_TRUE(json::parse(report_json(files, ""))["summary"]["fingerprint_key_id"].is_null());
}

TEST(LeftOutCounts, JsonLinesCarryThem) {
  std::ostringstream out;
  const FileReport file = with_left_out(5, 1, Verdict::review);
  write_jsonl(out, file, {});
  ScanSummary summary = summarize({file});
  summary.fingerprint_key_id = kKeyOneId;
  write_jsonl_summary(out, summary);
  std::istringstream in(out.str());
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1]["type"], "file");
  EXPECT_EQ(lines[1]["baselined"], 5);
  EXPECT_EQ(lines[1]["allowed"], 1);
  EXPECT_EQ(lines[2]["baselined"], 5);
  EXPECT_EQ(lines[2]["allowed"], 1);
  EXPECT_EQ(lines[2]["fingerprint_key_id"], kKeyOneId);
}

TEST(LeftOutCounts, HumanSaysThemPerFileEvenWhenCleanAndInTheSummary) {
  std::ostringstream out;
  const FileReport clean = with_left_out(12, 2, Verdict::clean);
  write_human(out, clean, {});
  EXPECT_EQ(out.str(), "CLEAN   letters/reply.txt (text): test\n"
                       "  12 findings accepted in the baseline, 2 allowed by the policy: not listed\n");
  out.str("");
  write_human(out, with_left_out(1, 0, Verdict::review), {});
  EXPECT_TRUE(has(out.str(), "\n  1 finding accepted in the baseline: not listed\n")) << out.str();
  out.str("");
  write_human(out, with_left_out(0, 1, Verdict::review), {});
  EXPECT_TRUE(has(out.str(), "\n  1 finding allowed by the policy: not listed\n")) << out.str();
  out.str("");
  write_human(out, letter({}), {});
  EXPECT_EQ(out.str(), "CLEAN   letters/reply.txt (text): test\n") << "nothing left out: nothing said";

  out.str("");
  const std::vector<FileReport> files = {clean, with_left_out(3, 0, Verdict::review)};
  write_human_summary(out, files, summarize(files), {});
  EXPECT_TRUE(has(out.str(), "\n  15 findings accepted in the baseline, 2 allowed by the policy: left out of the counts above\n"))
      << out.str();
}

TEST(LeftOutCounts, SarifHtmlCarryTheTotals) {
  const std::vector<FileReport> files = {with_left_out(7, 4, Verdict::review)};
  ScanSummary summary = summarize(files);
  summary.fingerprint_key_id = kKeyOneId;
  std::ostringstream sarif;
  auto writer = make_sarif_writer(sarif, RuleSet::builtin(), {});
  writer->file(files[0]);
  writer->end(summary);
  const json log = json::parse(sarif.str());
  const json& run = log["runs"][0];
  EXPECT_EQ(run["properties"]["summary"]["baselined"], 7);
  EXPECT_EQ(run["properties"]["summary"]["allowed"], 4);
  EXPECT_EQ(run["properties"]["summary"]["fingerprint_key_id"], kKeyOneId);
  EXPECT_EQ(run["artifacts"][0]["properties"]["baselined"], 7);

  std::ostringstream html;
  auto page = make_html_writer(html, {});
  page->file(files[0]);
  page->end(summary);
  EXPECT_TRUE(has(html.str(), R"(<span id="n-baselined">7</span> findings accepted in the baseline, )"
                              R"(<span id="n-allowed">4</span> findings allowed by the policy)"))
      << "summary";
  EXPECT_TRUE(has(html.str(), " · 7 findings accepted in the baseline · 4 findings allowed by the policy</p>")) << "file";
}

}  // namespace
}  // namespace foiguard
