// The SARIF 2.1.0 report over real scans of the examples and fixtures: valid
// against the official OASIS schema (tests/data/sarif/, checked by
// python3-jsonschema through tests/validate_sarif.py), and read back with
// nlohmann-json for what a dashboard relies on: rules and rule indexes, URIs,
// regions and logical locations, masked values, fingerprints, levels,
// artifacts and the notifications for what was not checked or not listed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "foiguard/report.hpp"
#include "foiguard/version.hpp"
#include "formats_collect.hpp"

namespace foiguard {
namespace {

using nlohmann::json;
using testing::builtin_detector;
using testing::read_file;
using testing::source_path;

ScanOptions scan_options() {
  ScanOptions options;
  options.hash_content = true;
  options.detect.fingerprint_key = "report-sarif-test";
  return options;
}

// The fixture at `relative` (from the source root), scanned as the file `name`.
FileReport scan_as(const std::string& name, const std::string& relative, ScanOptions options = scan_options()) {
  return Scanner(builtin_detector(), options).scan_bytes(name, read_file(source_path(relative)));
}

FileReport scan_text(const std::string& name, const std::string& text, ScanOptions options = scan_options()) {
  return Scanner(builtin_detector(), options).scan_bytes(name, text);
}

std::string sarif_text(const std::vector<FileReport>& files, ReportOptions options = {}) {
  std::ostringstream out;
  const auto writer = make_sarif_writer(out, RuleSet::builtin(), options);
  for (const auto& f : files) writer->file(f);
  writer->end(summarize(files));
  return out.str();
}

json sarif_of(const std::vector<FileReport>& files, ReportOptions options = {}) {
  return json::parse(sarif_text(files, options));
}

const json& run_of(const json& log) { return log.at("runs").at(0); }

// The results whose artifact is the file at `index`.
std::vector<json> results_of(const json& log, std::size_t index) {
  std::vector<json> out;
  for (const auto& r : run_of(log).at("results"))
    if (r.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("index") == index)
      out.push_back(r);
  return out;
}

// ---- the examples and fixtures the tests share

FileReport hidden_sheet_workbook() {
  return scan_as("examples/staff-summary-with-hidden-sheet.xlsx", "examples/staff-summary-with-hidden-sheet.xlsx");
}
FileReport letter() { return scan_as("examples/foi-response-letter.txt", "examples/foi-response-letter.txt"); }
FileReport staff_list() { return scan_as("examples/staff-list.csv", "examples/staff-list.csv"); }
FileReport tracked_changes() {
  return scan_as("examples/reply-letter-with-tracked-changes.docx", "examples/reply-letter-with-tracked-changes.docx");
}
FileReport comments_workbook() { return scan_as("tests/data/xlsx/comments.xlsx", "tests/data/xlsx/comments.xlsx"); }
FileReport encrypted_email() { return scan_as("tests/data/eml/encrypted.eml", "tests/data/eml/encrypted.eml"); }
FileReport encrypted_odt() { return scan_as("tests/data/odt/encrypted.odt", "tests/data/odt/encrypted.odt"); }
FileReport truncated_workbook() { return scan_as("tests/data/xlsx/truncated.xlsx", "tests/data/xlsx/truncated.xlsx"); }

// A staff list with so low a listing limit that most findings are only counted.
FileReport capped_staff_list() {
  ScanOptions options = scan_options();
  options.max_findings = 12;
  return scan_as("examples/staff-list.csv", "examples/staff-list.csv", options);
}

// ---- running the schema validator

struct Validation {
  int exit_code = -1;
  std::string output;
};

Validation validate(const std::string& sarif, const std::string& name) {
  const std::string dir = testing::temp_dir("report_sarif");
  const std::string path = dir + "/" + name;
  testing::write_file(path, sarif);
  const std::string command = "/usr/bin/python3 '" + source_path("tests/validate_sarif.py") + "' '" +
                              source_path("tests/data/sarif/sarif-schema-2.1.0.json") + "' '" + path + "' 2>&1";
  Validation v;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return v;
  char buf[4096];
  while (const std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) v.output.append(buf, n);
  const int status = ::pclose(pipe);
  v.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return v;
}

bool have_jsonschema() {
  return std::system("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0;
}

#define SKIP_WITHOUT_JSONSCHEMA()                                                                   \
  if (!have_jsonschema())                                                                           \
  GTEST_SKIP() << "python3-jsonschema is not installed (apt-get install python3-jsonschema): the " \
                  "SARIF schema check needs it"

TEST(SarifReport, ValidAgainstTheOfficialSchema) {
  SKIP_WITHOUT_JSONSCHEMA();
  // Hidden sheets, comments, tracked changes, parts not checked, files not
  // checked at all, counted-only findings, an absolute path and hostile names.
  std::vector<FileReport> files = {
      hidden_sheet_workbook(), comments_workbook(), tracked_changes(), letter(), capped_staff_list(),
      encrypted_email(), encrypted_odt(), truncated_workbook(),
      scan_as("share/Staff list #2 (copy)\n<script>alert(1)</script> \"q\" \xff\xfe.csv", "examples/staff-list.csv"),
      Scanner(builtin_detector(), scan_options()).scan_file(source_path("examples/victims-contact-log.csv")),
  };
  ReportOptions explain;
  explain.explain = true;
  const Validation v = validate(sarif_text(files, explain), "scan.sarif");
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_NE(v.output.find("valid SARIF 2.1.0"), std::string::npos) << v.output;

  const Validation empty = validate(sarif_text({}), "empty.sarif");
  EXPECT_EQ(empty.exit_code, 0) << empty.output;
}

TEST(SarifReport, ValidatorRejectsWhatTheSchemaForbids) {
  SKIP_WITHOUT_JSONSCHEMA();
  json log = sarif_of({letter()});
  json& result = log["runs"][0]["results"][0];
  result["level"] = "fatal";                                                   // not a SARIF level
  result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;       // lines start at 1
  result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b.txt";  // not encoded
  const Validation v = validate(log.dump(), "broken.sarif");
  EXPECT_EQ(v.exit_code, 1) << v.output;
  EXPECT_NE(v.output.find("'fatal' is not one of"), std::string::npos) << v.output;
  EXPECT_NE(v.output.find("startLine"), std::string::npos) << v.output;
  EXPECT_NE(v.output.find("not an RFC 3986 URI reference: 'a b.txt'"), std::string::npos) << v.output;
}

TEST(SarifReport, OneRunWithTheToolAndEveryRule) {
  const json log = sarif_of({letter()});
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_NE(log["$schema"].get<std::string>().find("sarif-schema-2.1.0.json"), std::string::npos);
  ASSERT_EQ(log["runs"].size(), 1u);
  const json& driver = run_of(log)["tool"]["driver"];
  EXPECT_EQ(driver["name"], "foiguard");
  EXPECT_EQ(driver["version"], std::string(version()));
  EXPECT_EQ(driver["semanticVersion"], std::string(version()));
  EXPECT_EQ(driver["properties"]["rulesVersion"], RuleSet::builtin().version);

  const RuleSet rules = RuleSet::builtin();
  const json& listed = driver["rules"];
  ASSERT_EQ(listed.size(), rules.text_rules.size() + rules.column_rules.size());
  EXPECT_EQ(listed[0]["id"], rules.text_rules[0].id);
  EXPECT_EQ(listed[rules.text_rules.size()]["id"], rules.column_rules[0].id);
  for (const auto& rule : listed) {
    SCOPED_TRACE(rule.dump());
    EXPECT_FALSE(rule["name"].get<std::string>().empty());
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    EXPECT_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
    const std::string level = rule["defaultConfiguration"]["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
    EXPECT_TRUE(parse_category(rule["properties"]["category"].get<std::string>()).has_value());
    EXPECT_NE(std::find(rule["properties"]["tags"].begin(), rule["properties"]["tags"].end(), "personal-data"),
              rule["properties"]["tags"].end());
  }
  // NI numbers block alone, a rank alone is an attribute.
  const auto rule_named = [&](const std::string& id) {
    for (const auto& r : listed)
      if (r["id"] == id) return r;
    return json();
  };
  EXPECT_EQ(rule_named("nino")["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rule_named("rank.word")["defaultConfiguration"]["level"], "note");
  EXPECT_EQ(rule_named("name.rank_prefix")["name"], "NameRankPrefix");
  EXPECT_EQ(run_of(log)["invocations"][0]["executionSuccessful"], true);
}

TEST(SarifReport, EveryResultNamesAListedRule) {
  const std::vector<FileReport> files = {hidden_sheet_workbook(), letter(), staff_list(), tracked_changes()};
  const json log = sarif_of(files);
  const json& rules = run_of(log)["tool"]["driver"]["rules"];
  const json& results = run_of(log)["results"];
  std::size_t findings = 0;
  for (const auto& f : files) findings += f.findings.size();
  ASSERT_EQ(results.size(), findings);
  ASSERT_GT(findings, 400u);
  std::set<std::string> used;
  for (const auto& r : results) {
    const std::size_t index = r["ruleIndex"];
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(rules[index]["id"], r["ruleId"]);
    used.insert(r["ruleId"]);
  }
  EXPECT_TRUE(used.count("column.surname")) << "table rule from the staff list";
  EXPECT_TRUE(used.count("name.rank_prefix")) << "text rule from the letter";
  // In file order, results of one file after another.
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["index"], 0);
  EXPECT_EQ(results[results.size() - 1]["locations"][0]["physicalLocation"]["artifactLocation"]["index"], 3);
}

TEST(SarifReport, UrisArePercentEncoded) {
  const json log = sarif_of({
      scan_as("share/Staff list #2 (copy).csv", "examples/staff-list.csv"),
      scan_as("/srv/share/Übersicht 100%.txt", "examples/foi-response-letter.txt"),
      scan_as("reports/a:b?c&d=e\nf.txt", "examples/foi-response-letter.txt"),
  });
  const json& artifacts = run_of(log)["artifacts"];
  ASSERT_EQ(artifacts.size(), 3u);
  EXPECT_EQ(artifacts[0]["location"]["uri"], "share/Staff%20list%20%232%20%28copy%29.csv");
  EXPECT_EQ(artifacts[1]["location"]["uri"], "file:///srv/share/%C3%9Cbersicht%20100%25.txt");
  EXPECT_EQ(artifacts[2]["location"]["uri"], "reports/a%3Ab%3Fc%26d%3De%0Af.txt");
  // Results point at the same URI and index; the path itself stays readable.
  const auto first = results_of(log, 0);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "share/Staff%20list%20%232%20%28copy%29.csv");
  EXPECT_EQ(artifacts[0]["properties"]["path"], "share/Staff list #2 (copy).csv");
  EXPECT_EQ(results_of(log, 1).at(0)["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///srv/share/%C3%9Cbersicht%20100%25.txt");
}

TEST(SarifReport, TextLinesBecomeRegions) {
  const FileReport file = letter();
  const json log = sarif_of({file});
  const auto results = results_of(log, 0);
  ASSERT_EQ(results.size(), file.findings.size());
  ASSERT_FALSE(results.empty());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const json& region = results[i]["locations"][0]["physicalLocation"]["region"];
    EXPECT_EQ(region["startLine"], *file.findings[i].location.line);
    EXPECT_EQ(region["startColumn"], *file.findings[i].location.column);
    EXPECT_FALSE(results[i]["locations"][0].contains("logicalLocations"));
  }
  // "DS 4417 Okonkwo" on line 29 of the letter.
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 29);
  EXPECT_EQ(results[0]["message"]["text"].get<std::string>().rfind("Rank 'D*' at line 29, col 42", 0), 0u)
      << results[0]["message"]["text"];
}

TEST(SarifReport, CsvRowsHaveALineButNoCharacterColumn) {
  const FileReport file = staff_list();
  const auto results = results_of(sarif_of({file}), 0);
  ASSERT_FALSE(results.empty());
  const json& region = results[0]["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(region["startLine"], 2);
  EXPECT_FALSE(region.contains("startColumn")) << "column 1 is a table column, not a character";
  EXPECT_EQ(results[0]["properties"]["header"], "Surname");
}

TEST(SarifReport, CellsBecomeLogicalLocations) {
  const FileReport file = hidden_sheet_workbook();
  const auto results = results_of(sarif_of({file}), 0);
  ASSERT_EQ(results.size(), file.findings.size());
  const json& first = results.at(0);
  EXPECT_FALSE(first["locations"][0]["physicalLocation"].contains("region")) << "a cell has no line";
  const json& logical = first["locations"][0]["logicalLocations"][0];
  EXPECT_EQ(logical["fullyQualifiedName"], "Data!A2");
  EXPECT_EQ(logical["name"], "A2");
  EXPECT_EQ(logical["kind"], "element");
  EXPECT_EQ(first["properties"]["visibility"], "hidden_sheet");
  EXPECT_EQ(first["properties"]["hidden"], true);
  EXPECT_EQ(first["properties"]["part"], "xl/worksheets/sheet2.xml");
  EXPECT_EQ(first["message"]["text"].get<std::string>().rfind(
                "Person name 'A******-W****' in hidden sheet 'Data' (xl/worksheets/sheet2.xml: sheet 'Data', cell "
                "A2 [Surname]); personnel record 1",
                0),
            0u)
      << first["message"]["text"];
}

TEST(SarifReport, SheetNamesAreQuotedAsExcelQuotesThem) {
  FileReport file = hidden_sheet_workbook();
  file.findings.resize(1);
  file.findings[0].location.sheet = "Staff List 'B'";
  const auto results = results_of(sarif_of({file}), 0);
  EXPECT_EQ(results.at(0)["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "'Staff List ''B'''!A2");
}

TEST(SarifReport, TrackedChangesUseTheParagraphAsTheLine) {
  const FileReport file = tracked_changes();
  const auto results = results_of(sarif_of({file}), 0);
  ASSERT_FALSE(results.empty());
  const json& region = results[0]["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(region["startLine"], *file.findings[0].location.paragraph);
  EXPECT_EQ(region["startColumn"], *file.findings[0].location.column);
  EXPECT_EQ(region["properties"]["lineIs"], "paragraph");
  EXPECT_EQ(region["properties"]["part"], "word/document.xml");
  EXPECT_EQ(results[0]["properties"]["visibility"], "tracked_deletion");
  EXPECT_EQ(results[0]["properties"]["author"], *file.findings[0].location.author);
  EXPECT_NE(results[0]["message"]["text"].get<std::string>().find("tracked deletion"), std::string::npos)
      << results[0]["message"]["text"];
}

TEST(SarifReport, MaskedValuesOnlyUnlessTheScanKeptThem) {
  const std::vector<FileReport> files = {letter(), staff_list(), hidden_sheet_workbook()};
  const std::string text = sarif_text(files);
  for (const char* raw : {"Okonkwo", "Adeyemi-Walsh", "247074", "Counter Terrorism Command"})
    EXPECT_EQ(text.find(raw), std::string::npos) << raw << " leaked into the report";
  const json log = json::parse(text);
  for (const auto& r : run_of(log)["results"]) {
    EXPECT_FALSE(r["properties"].contains("value")) << r.dump();
    EXPECT_NE(r["message"]["text"].get<std::string>().find(r["properties"]["masked"].get<std::string>()),
              std::string::npos);
  }

  ScanOptions keep = scan_options();
  keep.detect.keep_values = true;
  const FileReport shown = scan_as("examples/foi-response-letter.txt", "examples/foi-response-letter.txt", keep);
  const auto results = results_of(sarif_of({shown}), 0);
  const auto name = std::find_if(results.begin(), results.end(),
                                 [](const json& r) { return r["properties"]["category"] == "person_name"; });
  ASSERT_NE(name, results.end());
  EXPECT_EQ((*name)["properties"]["value"], "Okonkwo");
  EXPECT_EQ((*name)["properties"]["masked"], "O******");
  EXPECT_EQ((*name)["message"]["text"].get<std::string>().find("Okonkwo"), std::string::npos)
      << "the message stays masked even with --show-values";
}

TEST(SarifReport, FingerprintsArePartialFingerprints) {
  const FileReport file = staff_list();
  const auto results = results_of(sarif_of({file}), 0);
  ASSERT_EQ(results.size(), file.findings.size());
  std::set<std::string> distinct;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string fp = results[i]["partialFingerprints"]["foiguard/v1"];
    EXPECT_EQ(fp, file.findings[i].fingerprint);
    EXPECT_TRUE(std::regex_match(fp, std::regex("[0-9a-f]{16,}"))) << fp;
    distinct.insert(fp);
  }
  EXPECT_EQ(distinct.size(), results.size());

  ScanOptions keyless = scan_options();
  keyless.detect.fingerprint_key.clear();
  const auto unkeyed = results_of(sarif_of({scan_as("letter.txt", "examples/foi-response-letter.txt", keyless)}), 0);
  ASSERT_FALSE(unkeyed.empty());
  EXPECT_FALSE(unkeyed[0].contains("partialFingerprints")) << "no key, no fingerprint";
}

TEST(SarifReport, LevelsFollowRecordsConfidenceAndVerdict) {
  // A personnel record: error.
  for (const auto& r : results_of(sarif_of({staff_list()}), 0)) {
    if (r["properties"].contains("record")) {
      EXPECT_EQ(r["level"], "error") << r.dump();
    }
  }

  // A lone e-mail address in a letter at REVIEW: warning.
  const FileReport review = scan_text("note.txt", "For questions write to records.team@example.org today.\n");
  ASSERT_EQ(review.verdict, Verdict::review) << review.reason;
  ASSERT_FALSE(review.findings.empty());
  EXPECT_EQ(results_of(sarif_of({review}), 0).at(0)["level"], "warning");

  // Low confidence (kept only when asked for): note.
  ScanOptions low = scan_options();
  low.detect.min_confidence = Confidence::low;
  const FileReport street = scan_text("street.txt", "The meeting is at 12 Acacia Avenue on Monday.\n", low);
  const auto it = std::find_if(street.findings.begin(), street.findings.end(),
                               [](const Finding& f) { return f.confidence == Confidence::low; });
  ASSERT_NE(it, street.findings.end()) << "expected a low-confidence street address";
  const auto results = results_of(sarif_of({street}), 0);
  EXPECT_EQ(results.at(static_cast<std::size_t>(it - street.findings.begin()))["level"], "note");
}

TEST(SarifReport, ArtifactsCarryLengthHashAndVerdict) {
  const std::vector<FileReport> files = {letter(), encrypted_odt(), staff_list()};
  const json log = sarif_of(files);
  const json& artifacts = run_of(log)["artifacts"];
  ASSERT_EQ(artifacts.size(), files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    SCOPED_TRACE(files[i].path);
    EXPECT_EQ(artifacts[i]["length"], files[i].bytes);
    ASSERT_EQ(files[i].sha256.size(), 64u);
    EXPECT_EQ(artifacts[i]["hashes"]["sha-256"], files[i].sha256);
    EXPECT_EQ(artifacts[i]["properties"]["verdict"], std::string(to_string(files[i].verdict)));
    EXPECT_EQ(artifacts[i]["properties"]["reason"], files[i].reason);
    EXPECT_EQ(artifacts[i]["properties"]["format"], files[i].format);
    EXPECT_EQ(artifacts[i]["roles"], json({"analysisTarget"}));
  }
  EXPECT_EQ(artifacts[1]["properties"]["verdict"], "error");
  EXPECT_EQ(artifacts[2]["properties"]["personnelRecords"], 40);

  FileReport unhashed = letter();
  unhashed.sha256.clear();
  EXPECT_FALSE(run_of(sarif_of({unhashed}))["artifacts"][0].contains("hashes"));
}

TEST(SarifReport, NotificationsSayWhatWasNotChecked) {
  const FileReport odt = encrypted_odt();
  const FileReport eml = encrypted_email();
  ASSERT_EQ(odt.verdict, Verdict::error);
  ASSERT_EQ(eml.not_checked.size(), 2u);
  const json log = sarif_of({letter(), odt, eml});
  const json& notes = run_of(log)["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 3u) << notes.dump();

  const json& unreadable = notes[0];
  EXPECT_EQ(unreadable["level"], "error");
  EXPECT_EQ(unreadable["descriptor"]["id"], "foiguard.file_not_checked");
  EXPECT_EQ(unreadable["locations"][0]["physicalLocation"]["artifactLocation"]["index"], 1);
  EXPECT_EQ(unreadable["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "tests/data/odt/encrypted.odt");
  EXPECT_EQ(unreadable["properties"]["reason"], odt.error);
  EXPECT_NE(unreadable["message"]["text"].get<std::string>().find("encrypted"), std::string::npos);

  for (std::size_t i = 0; i < 2; ++i) {
    const json& part = notes[1 + i];
    EXPECT_EQ(part["level"], "warning");
    EXPECT_EQ(part["descriptor"]["id"], "foiguard.part_not_checked");
    EXPECT_EQ(part["locations"][0]["physicalLocation"]["artifactLocation"]["index"], 2);
    EXPECT_EQ(part["properties"]["part"], eml.not_checked[i].part);
    EXPECT_EQ(part["properties"]["reason"], eml.not_checked[i].reason);
  }
  // Each descriptor index points at its notification descriptor.
  const json& descriptors = run_of(log)["tool"]["driver"]["notifications"];
  for (const auto& n : notes) EXPECT_EQ(descriptors[n["descriptor"]["index"].get<std::size_t>()]["id"], n["descriptor"]["id"]);
  EXPECT_EQ(run_of(log)["properties"]["summary"]["not_checked"], 2);
}

TEST(SarifReport, UnlistedFindingsAreCountedInNotifications) {
  const FileReport capped = capped_staff_list();
  ASSERT_EQ(capped.findings.size(), 12u);
  ASSERT_FALSE(capped.unlisted.empty());
  const json log = sarif_of({capped});
  EXPECT_EQ(run_of(log)["results"].size(), 12u);
  std::uint64_t counted = 0;
  for (const auto& n : run_of(log)["invocations"][0]["toolExecutionNotifications"]) {
    EXPECT_EQ(n["descriptor"]["id"], "foiguard.findings_unlisted");
    EXPECT_EQ(n["associatedRule"]["id"], n["properties"]["rule"]);
    const json& rules = run_of(log)["tool"]["driver"]["rules"];
    EXPECT_EQ(rules[n["associatedRule"]["index"].get<std::size_t>()]["id"], n["properties"]["rule"]);
    counted += n["properties"]["count"].get<std::uint64_t>();
  }
  EXPECT_EQ(counted + 12u, capped.findings_total);
  EXPECT_EQ(run_of(log)["properties"]["summary"]["findings"], capped.findings_total);
}

TEST(SarifReport, HostileNamesComeOutEscapedAndValid) {
  const std::string name = "drop/\"q\"\n<script>alert(1)</script>\xff.txt";
  const std::string text = sarif_text({scan_as(name, "examples/foi-response-letter.txt")});
  const json log = json::parse(text);  // throws if not valid JSON (and UTF-8)
  const json& artifact = run_of(log)["artifacts"][0];
  EXPECT_EQ(artifact["location"]["uri"], "drop/%22q%22%0A%3Cscript%3Ealert%281%29%3C/script%3E%FF.txt");
  EXPECT_EQ(artifact["properties"]["path"], "drop/\"q\"\n<script>alert(1)</script>\xEF\xBF\xBD.txt");
  EXPECT_EQ(text.find('\xff'), std::string::npos);
  EXPECT_EQ(text.find("\n<script>"), std::string::npos) << "the newline is escaped inside strings";
}

TEST(SarifReport, ResultsAreWrittenAsFilesArrive) {
  std::ostringstream out;
  const auto writer = make_sarif_writer(out, RuleSet::builtin(), {});
  const std::size_t preamble = out.str().size();
  EXPECT_GT(preamble, 1000u) << "the rules are written before any file";
  const FileReport file = letter();
  writer->file(file);
  // The result is already out; the artifact waits for the end of the results.
  EXPECT_NE(out.str().find(file.findings[0].fingerprint), std::string::npos);
  EXPECT_EQ(out.str().find("\"artifacts\""), std::string::npos);
  writer->end(summarize({file}));
  const json log = json::parse(out.str());
  EXPECT_EQ(run_of(log)["artifacts"].size(), 1u);
  EXPECT_EQ(run_of(log)["results"].size(), file.findings.size());
}

TEST(SarifReport, ManyFilesStreamThroughTheSpool) {
  // Enough artifacts and notifications that the scratch file is read back in
  // several buffers, not just one.
  const FileReport odt = encrypted_odt();
  std::ostringstream out;
  const auto writer = make_sarif_writer(out, RuleSet::builtin(), {});
  ScanSummary summary;
  constexpr int kFiles = 3000;
  for (int i = 0; i < kFiles; ++i) {
    FileReport f = odt;
    f.path = fmt::format("share/dir {}/locked-{}.odt", i % 7, i);
    writer->file(f);
    accumulate(summary, f);
  }
  writer->end(summary);
  const json log = json::parse(out.str());
  const json& artifacts = run_of(log)["artifacts"];
  ASSERT_EQ(artifacts.size(), static_cast<std::size_t>(kFiles));
  EXPECT_EQ(artifacts[kFiles - 1]["location"]["uri"], "share/dir%203/locked-2999.odt");
  const json& notes = run_of(log)["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), static_cast<std::size_t>(kFiles));
  EXPECT_EQ(notes[kFiles - 1]["locations"][0]["physicalLocation"]["artifactLocation"]["index"], kFiles - 1);
  EXPECT_EQ(run_of(log)["properties"]["summary"]["error"], kFiles);
}

}  // namespace
}  // namespace foiguard
