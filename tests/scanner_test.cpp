// Scanner: bytes and files in, verdicts out, on the bundled examples (made by
// examples/generate.py) and on bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <set>

#include "foiguard/scanner.hpp"
#include "formats/formats.hpp"
#include "scan/batch_pipeline.hpp"
#include "scan/collector.hpp"
#include "support/zip_writer.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

using foiguard::testing::read_file;
using foiguard::testing::source_path;

const Detector& detector() {
  static const Detector d(RuleSet::builtin());
  return d;
}

FileReport scan_example(const std::string& name, ScanOptions options = {}) {
  const Scanner scanner(detector(), options);
  return scanner.scan_file(source_path("examples/" + name));
}

const std::string& csv_of_one_officer() {
  static const std::string csv = "Surname,Rank,Pay No\nOkonkwo,DS,412873\n";
  return csv;
}

std::size_t personnel_records(const FileReport& r) {
  return static_cast<std::size_t>(
      std::count_if(r.records.begin(), r.records.end(), [](const Record& x) { return x.personnel; }));
}

TEST(Examples, LetterNamingAnOfficerIsBlockedAtTheRightLine) {
  const auto r = scan_example("foi-response-letter.txt");
  EXPECT_EQ(r.format, "text");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_EQ(personnel_records(r), 1u);
  EXPECT_EQ(r.personnel_records, 1u);
  EXPECT_EQ(r.sensitive_records, 1u);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_TRUE(r.records[0].sensitive) << "seconded to the Counter Terrorism Command";
  const auto text = read_file(source_path("examples/foi-response-letter.txt"));
  const auto offset = text.find("Okonkwo");
  ASSERT_NE(offset, std::string::npos);
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  const auto name = std::find_if(r.findings.begin(), r.findings.end(),
                                 [](const Finding& f) { return f.category == Category::person_name; });
  ASSERT_NE(name, r.findings.end());
  EXPECT_EQ(name->location.line, static_cast<std::uint32_t>(line));
  EXPECT_EQ(name->masked, "O******");
  EXPECT_EQ(name->location.path, source_path("examples/foi-response-letter.txt"));
  // The ICO's address, the FOI reference and the NPPV policy sentence stay quiet.
  for (const auto& f : r.findings) EXPECT_NE(f.record, 0u) << f.rule << " outside the officer's record";
}

TEST(Examples, StaffListIsFortyPersonnelRecords) {
  const auto r = scan_example("staff-list.csv");
  EXPECT_EQ(r.format, "csv");
  EXPECT_EQ(r.verdict, Verdict::block);
  EXPECT_EQ(personnel_records(r), 40u);
  std::set<std::string> headers;
  for (const auto& f : r.findings)
    if (f.location.header) headers.insert(*f.location.header);
  for (const char* h : {"Surname", "Forename", "Rank", "Pay No", "Collar No", "Vetting"})
    EXPECT_TRUE(headers.count(h)) << h;
  const auto pay = std::find_if(r.findings.begin(), r.findings.end(),
                                [](const Finding& f) { return f.category == Category::pay_number; });
  ASSERT_NE(pay, r.findings.end());
  EXPECT_EQ(pay->confidence, Confidence::high);
  EXPECT_EQ(pay->location.row, 2u);
  EXPECT_EQ(pay->location.column, 4u);
  EXPECT_TRUE(std::any_of(r.records.begin(), r.records.end(), [](const Record& x) { return x.sensitive; }));
}

TEST(Examples, VictimLogIsBlocked) {
  const auto r = scan_example("victims-contact-log.csv");
  EXPECT_EQ(r.verdict, Verdict::block);
  EXPECT_GE(personnel_records(r), 10u);
  EXPECT_TRUE(std::any_of(r.findings.begin(), r.findings.end(),
                          [](const Finding& f) { return f.category == Category::date_of_birth; }));
}

TEST(Examples, LetterWithTrackedDeletionsIsBlockedThoughNothingVisibleNamesAnyone) {
  const auto r = scan_example("reply-letter-with-tracked-changes.docx");
  EXPECT_EQ(r.format, "docx");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_EQ(r.personnel_records, 2u);
  EXPECT_EQ(r.visible_records, 0u);
  ASSERT_EQ(r.hidden_places.size(), 1u);
  EXPECT_EQ(r.hidden_places[0].where, "tracked deletions (word/document.xml)");
  const auto pay = std::find_if(r.findings.begin(), r.findings.end(),
                                [](const Finding& f) { return f.category == Category::pay_number; });
  ASSERT_NE(pay, r.findings.end());
  EXPECT_EQ(pay->visibility, Visibility::tracked_deletion);
  EXPECT_EQ(pay->location.paragraph, 2u);
  EXPECT_EQ(pay->location.author, "J****, M***") << "the change's author, masked";
}

TEST(Examples, AggregatesAndPolicyTextAreClean) {
  for (const char* name : {"officer-numbers-by-rank.csv", "vetting-policy-extract.txt", "README.md"}) {
    const auto r = scan_example(name);
    EXPECT_EQ(r.verdict, Verdict::clean) << name << ": " << r.reason;
    EXPECT_TRUE(r.findings.empty()) << name << ": first " << (r.findings.empty() ? "" : r.findings[0].rule);
  }
}

TEST(BadInput, BinaryAndUnsupportedFilesAreErrorsNotSilence) {
  const Scanner scanner(detector(), {});
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const auto r = scanner.scan_bytes("photo.txt", png);
  EXPECT_EQ(r.verdict, Verdict::error);
  ASSERT_EQ(r.not_checked.size(), 1u);
  EXPECT_NE(r.not_checked[0].reason.find("PNG"), std::string::npos) << r.not_checked[0].reason;
  const auto empty = scanner.scan_bytes("empty.txt", "");
  EXPECT_EQ(empty.verdict, Verdict::clean);
  EXPECT_TRUE(empty.not_checked.empty());
}

TEST(BadInput, OversizeAndMissingFilesSayWhy) {
  ScanOptions small;
  small.max_file_bytes = 100;
  const auto big = scan_example("foi-response-letter.txt", small);
  EXPECT_EQ(big.verdict, Verdict::error);
  EXPECT_NE(big.error.find("size limit"), std::string::npos) << big.error;
  const Scanner scanner(detector(), {});
  const auto missing = scanner.scan_file("/nonexistent/foiguard/file.csv");
  EXPECT_EQ(missing.verdict, Verdict::error);
  EXPECT_NE(missing.error.find("No such file"), std::string::npos) << missing.error;
}

TEST(Streaming, SmallBatchesGiveTheSameFindingsWithFileWideRecordIds) {
  std::string text;
  for (int i = 0; i < 3000; ++i)
    text += "Entry " + std::to_string(i) + ": PC " + std::to_string(1000 + i) + " Hughes holds NPPV2.\n";
  ScanOptions one, many;
  many.batch_bytes = 4096;
  const auto a = Scanner(detector(), one).scan_bytes("a.txt", text);
  const auto b = Scanner(detector(), many).scan_bytes("a.txt", text);
  ASSERT_EQ(a.findings.size(), b.findings.size());
  EXPECT_EQ(a.records.size(), 3000u);
  EXPECT_EQ(b.records.size(), 3000u);
  std::set<std::uint32_t> ids;
  for (const auto& r : b.records) ids.insert(r.id);
  EXPECT_EQ(ids.size(), 3000u) << "record ids are unique across batches";
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    EXPECT_EQ(a.findings[i].location.line, b.findings[i].location.line);
    EXPECT_EQ(a.findings[i].masked, b.findings[i].masked);
  }
}

TEST(Limits, FindingsPastTheCapAreCountedExactlyNotListed) {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "Entry " + std::to_string(i) + ": PC " + std::to_string(1000 + i) + " Hughes holds NPPV2.\n";
  ScanOptions capped;
  capped.max_findings = 100;
  capped.max_records = 10;
  capped.batch_bytes = 16384;
  ScanOptions uncapped;
  uncapped.max_findings = 100000;
  uncapped.max_records = 100000;
  const auto all = Scanner(detector(), uncapped).scan_bytes("all.txt", text);
  const auto r = Scanner(detector(), capped).scan_bytes("capped.txt", text);
  EXPECT_EQ(all.findings.size(), 5000u * 4);
  EXPECT_EQ(r.findings.size(), 100u);
  EXPECT_EQ(r.findings_total, all.findings.size());
  std::uint64_t unlisted = 0;
  for (const auto& t : r.unlisted) unlisted += t.count;
  EXPECT_EQ(unlisted, r.findings_total - 100);
  EXPECT_EQ(r.records.size(), 10u);
  EXPECT_EQ(r.records_total, 5000u);
  EXPECT_EQ(r.personnel_records, 5000u);
  EXPECT_EQ(r.verdict, Verdict::block);
  EXPECT_NE(r.reason.find("5000 personnel records"), std::string::npos) << r.reason;
}

TEST(Verdicts, TheRulesInOnePlace) {
  const RuleSet& rules = detector().rules();
  FileReport r;
  std::string why;
  EXPECT_EQ(decide_verdict(r, rules, &why), Verdict::clean);
  EXPECT_EQ(why, "no personal data found");
  r.not_checked.push_back({"xl/model/item.data", "Power Pivot model: cannot be checked"});
  EXPECT_EQ(decide_verdict(r, rules, &why), Verdict::review) << "not checked is never clean";
  Finding name;
  name.category = Category::person_name;
  name.confidence = Confidence::medium;
  r.findings.push_back(name);
  EXPECT_EQ(decide_verdict(r, rules, &why), Verdict::review);
  r.records_total = r.personnel_records = r.hidden_records = 1;
  EXPECT_EQ(decide_verdict(r, rules, &why), Verdict::block);
  EXPECT_NE(why.find("1 personnel record"), std::string::npos) << why;
  EXPECT_NE(why.find("hidden"), std::string::npos) << why;
  FileReport id_only;
  Finding nino;
  nino.category = Category::nino;
  nino.confidence = Confidence::high;
  id_only.findings.push_back(nino);
  EXPECT_EQ(decide_verdict(id_only, rules, &why), Verdict::block);
  FileReport broken;
  broken.error = "encrypted: cannot be checked";
  EXPECT_EQ(decide_verdict(broken, rules, &why), Verdict::error);
  EXPECT_EQ(why, "encrypted: cannot be checked");
}

// Several threads detect one file's batches; the report must not change.
void expect_same_report(const FileReport& a, const FileReport& b) {
  EXPECT_EQ(a.verdict, b.verdict);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.findings_total, b.findings_total);
  EXPECT_EQ(a.records_total, b.records_total);
  EXPECT_EQ(a.personnel_records, b.personnel_records);
  EXPECT_EQ(a.sensitive_records, b.sensitive_records);
  ASSERT_EQ(a.findings.size(), b.findings.size());
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    EXPECT_EQ(a.findings[i].masked, b.findings[i].masked) << i;
    EXPECT_EQ(a.findings[i].record, b.findings[i].record) << i;
    EXPECT_EQ(describe(a.findings[i].location), describe(b.findings[i].location)) << i;
  }
  ASSERT_EQ(a.records.size(), b.records.size());
  for (std::size_t i = 0; i < a.records.size(); ++i) {
    EXPECT_EQ(a.records[i].id, b.records[i].id);
    EXPECT_EQ(a.records[i].summary, b.records[i].summary);
  }
  ASSERT_EQ(a.unlisted.size(), b.unlisted.size());
  for (std::size_t i = 0; i < a.unlisted.size(); ++i) {
    EXPECT_EQ(a.unlisted[i].rule, b.unlisted[i].rule);
    EXPECT_EQ(a.unlisted[i].count, b.unlisted[i].count);
  }
}

// Two threads: one worker beside the calling thread, which also detects the
// batches waiting when the reader is ahead (a CSV). Three: two workers.
TEST(Threads, ManyBatchesOnTwoAndThreeThreadsGiveTheSameReport) {
  std::string csv = "Surname,Forename,Rank,Pay No,Unit\n";
  std::string text;
  for (int i = 0; i < 40000; ++i) {
    csv += "Okonkwo,Aoife," + std::string(i % 3 ? "PC" : "DS") + "," + std::to_string(100000 + i) + "," +
           (i % 5 ? "Response" : "Counter Terrorism") + "\n";
    text += i % 50 ? "The force holds the figures for the years requested.\n"
                   : "DS " + std::to_string(1000 + i % 9000) + " Okonkwo (pay number " +
                         std::to_string(200000 + i) + ") attended.\n";
  }
  for (std::size_t max_findings : {std::size_t{50}, std::size_t{10000}, std::size_t{1000000}}) {
    ScanOptions one;
    one.batch_bytes = 16384;  // ~100 batches
    one.max_findings = max_findings;
    for (const unsigned threads : {2u, 3u}) {
      ScanOptions many = one;
      many.threads = threads;
      for (const auto& [name, data] : {std::pair{"staff.csv", &csv}, std::pair{"notes.txt", &text}}) {
        SCOPED_TRACE(std::string(name) + ", max_findings " + std::to_string(max_findings) + ", threads " +
                     std::to_string(threads));
        const auto a = Scanner(detector(), one).scan_bytes(name, *data);
        const auto b = Scanner(detector(), many).scan_bytes(name, *data);
        expect_same_report(a, b);
        EXPECT_EQ(a.verdict, Verdict::block);
        EXPECT_GT(a.findings_total, 1000u);
        EXPECT_EQ(a.findings.size(), std::min<std::size_t>(max_findings, a.findings_total));
      }
    }
  }
}

// A batch's listing room is set when a thread starts to detect it, less what
// the batches before it, already detected, list: on a dense file the batches
// in flight at the start no longer each render a full listing that the first
// then fills. On two threads at most one batch runs beside another, so at
// most one listing's worth is rendered for nothing (it was three: every batch
// in flight got the whole room). Also checks the rooms on records.
TEST(Threads, BatchesInFlightDoNotEachRenderAFullListing) {
  std::string csv = "Surname,Forename,Rank,Pay No,Unit\n";
  for (int i = 0; i < 20000; ++i)
    csv += "Okonkwo,Aoife,PC," + std::to_string(100000 + i) + ",Response\n";
  for (const unsigned threads : {2u, 3u}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    ScanOptions options;
    options.max_findings = 200;
    options.max_records = 70;
    FileReport report;
    scan::Collector collector(options, report);
    std::size_t batches = 0;
    {
      scan::BatchPipeline pipeline(detector(), options, collector, threads);
      formats::read_csv(csv, ',', 16384, [&](TextBatch& batch) {
        ++batches;
        pipeline.submit(batch);
      });
      pipeline.finish();
    }
    ASSERT_GT(batches, 20u);
    EXPECT_EQ(report.findings_total, 20000u * 4);  // surname, forename, rank, pay number
    EXPECT_EQ(report.findings.size(), 200u);
    EXPECT_EQ(report.records.size(), 70u);
    EXPECT_EQ(report.records.back().id, 70u);
    EXPECT_LE(collector.overlisted(), (threads - 1) * options.max_findings);
  }
}

// A file small on disk but long in text (a compressed letter) gets the
// detection workers at its third batch (before, on one thread): the report
// is the one a single thread gives, its listings cut at the same finding.
TEST(Threads, ASmallFileLongInTextGetsWorkersLateWithTheSameReport) {
  std::string body;
  for (int i = 0; i < 3000; ++i)
    body += "<w:p><w:r><w:t>DS " + std::to_string(4000 + i % 900) +
            " Okonkwo attended the incident at Kingsford on 12 March.</w:t></w:r></w:p>";
  const std::string docx = testing::zip_of(
      {{"[Content_Types].xml",
        R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
        R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)"},
       {"_rels/.rels",
        R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
        R"(<Relationship Id="rId1" Target="word/document.xml" )"
        R"(Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>)"},
       {"word/document.xml",
        R"(<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
            body + "</w:body></w:document>"}});
  ScanOptions one;
  one.batch_bytes = 16384;
  one.max_findings = 4000;  // more than the first two batches (on the reading thread) hold
  one.max_records = 1500;
  ASSERT_LT(docx.size(), 4 * one.batch_bytes) << "small on disk: not a large file";
  ScanOptions two = one;
  two.threads = 2;
  const auto a = Scanner(detector(), one).scan_bytes("letter.docx", docx);
  const auto b = Scanner(detector(), two).scan_bytes("letter.docx", docx);
  ASSERT_EQ(a.format, "docx") << a.error;
  EXPECT_EQ(a.findings_total, 3000u * 3);  // name, rank, collar number
  EXPECT_EQ(a.findings.size(), 4000u);
  EXPECT_EQ(a.records.size(), 1500u);
  expect_same_report(a, b);
}

// A Scanner over a detector still being made reads meanwhile and waits for it:
// here the detector is withheld until the scan has had time to finish, then
// given, and the reports are those of a Scanner made over it. A large CSV
// (batches on two threads) and the examples' small workbook (openpyxl).
TEST(Scanner, WaitsForADetectorStillBeingMade) {
  std::string csv = "Surname,Forename,Rank,Pay No\n";
  for (int i = 0; i < 60000; ++i)
    csv += "Okonkwo,Aoife," + std::string(i % 3 ? "PC" : "DS") + "," + std::to_string(100000 + i) + "\n";
  ASSERT_GT(csv.size(), std::size_t{1} << 20) << "large enough to be read before the detector is ready";
  const std::string workbook = read_file(source_path("examples/staff-summary-with-hidden-sheet.xlsx"));
  ScanOptions options;
  options.threads = 2;
  const std::string* const staff = &csv;
  for (const auto& [name, bytes] : {std::pair{"staff.csv", staff}, std::pair{"summary.xlsx", &workbook}}) {
    SCOPED_TRACE(name);
    std::promise<std::shared_ptr<const Detector>> made;
    const Scanner waiting(made.get_future().share(), options);
    auto scan = std::async(std::launch::async, [&] { return waiting.scan_bytes(name, *bytes); });
    EXPECT_EQ(scan.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
        << "the scan cannot end before its detector exists";
    made.set_value(std::shared_ptr<const Detector>(&detector(), [](const Detector*) {}));
    const FileReport got = scan.get();
    const FileReport expected = Scanner(detector(), options).scan_bytes(name, *bytes);
    expect_same_report(got, expected);
    EXPECT_EQ(got.verdict, Verdict::block) << got.reason;
    EXPECT_GT(got.personnel_records, 0u);
  }
}

TEST(Scanner, RethrowsTheErrorOfMakingItsDetector) {
  std::promise<std::shared_ptr<const Detector>> made;
  made.set_exception(std::make_exception_ptr(RuleError("rule 'custom.id': bad pattern: missing )")));
  const Scanner scanner(made.get_future().share(), {});
  const std::string large(std::size_t{2} << 20, 'x');
  for (const std::string* bytes : {&large, &csv_of_one_officer()}) {
    try {
      scanner.scan_bytes("file.txt", *bytes);
      FAIL() << "a scan without a detector must not pass as clean";
    } catch (const RuleError& e) {
      EXPECT_STREQ(e.what(), "rule 'custom.id': bad pattern: missing )");
    }
  }
}

// Real producers. tests/data/excel_export.csv is written by Python's csv
// module in Excel's dialect (BOM, CRLF, quoted cells with commas, quotes and a
// newline); tests/data/make_csv_fixtures.py makes it.
TEST(RealFiles, ExcelDialectCsvOfOfficersIsBlockedRowByRow) {
  const Scanner scanner(detector(), {});
  const auto r = scanner.scan_file(source_path("tests/data/excel_export.csv"));
  EXPECT_EQ(r.format, "csv");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_EQ(r.personnel_records, 4u) << "four officers, one per row";
  std::vector<std::string> surnames;
  for (const auto& f : r.findings)
    if (f.category == Category::person_name && f.location.header == "Surname") {
      surnames.push_back(f.masked);
      EXPECT_NE(f.record, 0u);
    }
  EXPECT_EQ(surnames, (std::vector<std::string>{"N* B******", "O'N****", "A******-W****", "K********"}));
  const auto collar = std::find_if(r.findings.begin(), r.findings.end(), [](const Finding& f) {
    return f.category == Category::collar_number && f.location.row == 5u;
  });
  ASSERT_NE(collar, r.findings.end()) << "row 5 follows a quoted cell holding a newline";
  EXPECT_EQ(collar->location.header, "Collar");
  EXPECT_EQ(collar->location.column, 4u);
}

// Files from public test suites: every text and CSV file is read, and none of
// them (no police personnel in any) is at BLOCK. The presidio sample has a
// "license number AC432223" beside a name: not an Assistant Commissioner.
TEST(RealFiles, CorpusTextAndCsvFilesAreReadAndNoneIsBlocked) {
  if (foiguard::testing::corpus_dir().empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus)";
  const Scanner scanner(detector(), {});
  const std::string dir = foiguard::testing::corpus_dir();
  const std::vector<std::string> files = {
      "apache-tika/tika-parsers/tika-parsers-standard/tika-parsers-standard-integration-tests/"
      "src/test/resources/test-documents/testCSV.csv",
      "apache-tika/tika-parsers/tika-parsers-standard/tika-parsers-standard-integration-tests/"
      "src/test/resources/test-documents/test-columnar.csv",
      "apache-tika/tika-parsers/tika-parsers-standard/tika-parsers-standard-modules/"
      "tika-parser-text-module/src/test/resources/test-documents/testTXT_win-1252.txt",
      "pii-eval/presidio/docs/samples/python/csv_sample_data/sample_data.csv"};
  for (const auto& name : files) {
    const auto r = scanner.scan_file(dir + "/" + name);
    EXPECT_NE(r.verdict, Verdict::error) << name << ": " << r.reason;
    EXPECT_NE(r.verdict, Verdict::block) << name << ": " << r.reason;
    for (const auto& f : r.findings) {
      EXPECT_NE(f.category, Category::rank) << name << " " << describe(f.location);
      EXPECT_NE(f.category, Category::collar_number) << name << " " << describe(f.location);
    }
  }
  const auto sample = scanner.scan_file(dir + "/" + files.back());
  EXPECT_EQ(sample.format, "csv");
  std::size_t names = 0;
  for (const auto& f : sample.findings) names += f.category == Category::person_name && f.location.header == "name";
  EXPECT_GE(names, 3u) << "John, Jill, Jack under the 'name' column";
  EXPECT_EQ(sample.verdict, Verdict::review) << sample.reason;
}

}  // namespace
}  // namespace foiguard
