// The CSV report over real scans of the examples and fixtures, read back with
// a strict RFC 4180 parser written here: the header, one row per finding with
// its location, every file present, tallies with their counts, masking, and
// cells that Excel would run as formulas defused.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "foiguard/report.hpp"
#include "formats_collect.hpp"

namespace foiguard {
namespace {

using testing::builtin_detector;
using testing::read_file;
using testing::source_path;

using CsvRow = std::vector<std::string>;

// RFC 4180, strictly: every record ends with CRLF; a field is either plain
// (no comma, quote, CR or LF) or quoted with its quotes doubled. Throws on
// anything else, so a test fails on the first malformed byte.
std::vector<CsvRow> parse_csv(const std::string& text) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  std::size_t i = 0;
  const auto fail = [&](const std::string& why) {
    throw std::runtime_error(why + " at byte " + std::to_string(i) + " of row " + std::to_string(rows.size() + 1));
  };
  while (i < text.size()) {
    field.clear();
    if (text[i] == '"') {
      for (++i;; ++i) {
        if (i >= text.size()) fail("unterminated quoted field");
        if (text[i] != '"') {
          field += text[i];
        } else if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          ++i;
          break;
        }
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        if (text[i] == '"') fail("quote in an unquoted field");
        field += text[i++];
      }
    }
    row.push_back(field);
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    if (text.compare(i, 2, "\r\n") != 0) fail("record not ended by CRLF");
    i += 2;
    rows.push_back(std::move(row));
    row.clear();
  }
  return rows;
}

const CsvRow kHeader = {"path", "verdict", "file_severity", "kind", "category", "rule", "confidence",
                        "severity", "visibility", "where", "sheet", "cell", "row", "column", "header", "line",
                        "page", "slide", "paragraph", "part", "container", "value", "count", "record",
                        "fingerprint", "reason"};

// One parsed report: rows as maps from column name to field.
struct Csv {
  std::string text;
  std::vector<std::map<std::string, std::string>> rows;

  std::vector<std::map<std::string, std::string>> where(const std::string& column, const std::string& value) const {
    std::vector<std::map<std::string, std::string>> out;
    std::copy_if(rows.begin(), rows.end(), std::back_inserter(out),
                 [&](const auto& r) { return r.at(column) == value; });
    return out;
  }
  std::vector<std::map<std::string, std::string>> of(const std::string& path, const std::string& kind) const {
    std::vector<std::map<std::string, std::string>> out;
    for (const auto& r : rows)
      if (r.at("path") == path && r.at("kind") == kind) out.push_back(r);
    return out;
  }
};

std::string csv_text(const std::vector<FileReport>& files) {
  std::ostringstream out;
  const auto writer = make_csv_writer(out, {});
  for (const auto& f : files) writer->file(f);
  writer->end(summarize(files));
  return out.str();
}

Csv csv_of(const std::vector<FileReport>& files) {
  Csv csv;
  csv.text = csv_text(files);
  const auto rows = parse_csv(csv.text);
  EXPECT_FALSE(rows.empty());
  if (rows.empty()) return csv;
  EXPECT_EQ(rows[0], kHeader);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    EXPECT_EQ(rows[r].size(), kHeader.size()) << "row " << r;
    std::map<std::string, std::string> named;
    for (std::size_t c = 0; c < kHeader.size() && c < rows[r].size(); ++c) named[kHeader[c]] = rows[r][c];
    csv.rows.push_back(std::move(named));
  }
  return csv;
}

ScanOptions scan_options() {
  ScanOptions options;
  options.detect.fingerprint_key = "report-csv-test";
  return options;
}

FileReport scan_as(const std::string& name, const std::string& relative, ScanOptions options = scan_options()) {
  return Scanner(builtin_detector(), options).scan_bytes(name, read_file(source_path(relative)));
}

FileReport example(const std::string& file) { return scan_as("examples/" + file, "examples/" + file); }

TEST(CsvReport, HeaderAndRfc4180Records) {
  const Csv csv = csv_of({example("staff-list.csv"), example("foi-response-letter.txt")});
  EXPECT_EQ(csv.text.rfind("path,verdict,file_severity,kind,category,rule,", 0), 0u) << "no BOM, header first";
  EXPECT_EQ(csv.text.substr(csv.text.size() - 2), "\r\n");
  EXPECT_NO_THROW((void)nlohmann::json(csv.text).dump()) << "valid UTF-8";
  EXPECT_EQ(csv.rows.size(), example("staff-list.csv").findings.size() + example("foi-response-letter.txt").findings.size());

  // An empty scan is still a CSV with its header.
  EXPECT_EQ(parse_csv(csv_text({})), std::vector<CsvRow>{kHeader});
}

TEST(CsvReport, OneRowPerFindingWithItsTableLocation) {
  const FileReport file = example("staff-list.csv");
  const Csv csv = csv_of({file});
  const auto rows = csv.of(file.path, "finding");
  ASSERT_EQ(rows.size(), file.findings.size());
  const auto& first = rows[0];
  EXPECT_EQ(first.at("verdict"), "block");
  EXPECT_EQ(first.at("file_severity"), std::string(to_string(file.severity)));
  EXPECT_EQ(first.at("category"), "person_name");
  EXPECT_EQ(first.at("rule"), "column.surname");
  EXPECT_EQ(first.at("confidence"), "high");
  EXPECT_EQ(first.at("visibility"), "visible");
  EXPECT_EQ(first.at("row"), "2");
  EXPECT_EQ(first.at("column"), "1");
  EXPECT_EQ(first.at("line"), "2");
  EXPECT_EQ(first.at("header"), "Surname");
  EXPECT_EQ(first.at("where"), "row 2, col 1 [Surname]");
  EXPECT_EQ(first.at("value"), "A******-W****");
  EXPECT_EQ(first.at("count"), "1");
  EXPECT_EQ(first.at("record"), "1");
  EXPECT_EQ(first.at("fingerprint"), file.findings[0].fingerprint);
  EXPECT_FALSE(first.at("fingerprint").empty());
  EXPECT_EQ(first.at("reason"), file.reason);
  for (const char* empty : {"sheet", "cell", "page", "slide", "paragraph", "part", "container"})
    EXPECT_EQ(first.at(empty), "") << empty;
}

TEST(CsvReport, HiddenSheetsTrackedChangesAndTextLines) {
  const FileReport workbook = example("staff-summary-with-hidden-sheet.xlsx");
  const FileReport docx = example("reply-letter-with-tracked-changes.docx");
  const FileReport letter = example("foi-response-letter.txt");
  const Csv csv = csv_of({workbook, docx, letter});

  const auto cells = csv.of(workbook.path, "finding");
  ASSERT_EQ(cells.size(), workbook.findings.size());
  EXPECT_EQ(cells[0].at("sheet"), "Data");
  EXPECT_EQ(cells[0].at("cell"), "A2");
  EXPECT_EQ(cells[0].at("part"), "xl/worksheets/sheet2.xml");
  EXPECT_EQ(cells[0].at("visibility"), "hidden_sheet");
  const auto hidden = std::count_if(cells.begin(), cells.end(), [](const auto& r) {
    return r.at("visibility") == "hidden_sheet" || r.at("visibility") == "very_hidden_sheet";
  });
  EXPECT_EQ(static_cast<std::size_t>(hidden), cells.size()) << "all of it is in hidden sheets";

  const auto tracked = csv.of(docx.path, "finding");
  ASSERT_FALSE(tracked.empty());
  EXPECT_EQ(tracked[0].at("visibility"), "tracked_deletion");
  EXPECT_EQ(tracked[0].at("paragraph"), "2");
  EXPECT_EQ(tracked[0].at("column"), std::to_string(*docx.findings[0].location.column));
  EXPECT_EQ(tracked[0].at("part"), "word/document.xml");
  EXPECT_NE(tracked[0].at("where").find("(by "), std::string::npos) << "the masked author";

  const auto lines = csv.of(letter.path, "finding");
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0].at("line"), "29");
  EXPECT_EQ(lines[0].at("column"), "42");
  EXPECT_EQ(lines[0].at("value"), "D*");
}

TEST(CsvReport, EveryFileAppearsEvenWithoutFindings) {
  const FileReport clean = example("vetting-policy-extract.txt");
  const FileReport unreadable = scan_as("tests/data/odt/encrypted.odt", "tests/data/odt/encrypted.odt");
  const FileReport partly = scan_as("tests/data/eml/encrypted.eml", "tests/data/eml/encrypted.eml");
  ASSERT_EQ(clean.verdict, Verdict::clean);
  ASSERT_EQ(unreadable.verdict, Verdict::error);
  const Csv csv = csv_of({clean, unreadable, partly});

  const auto clean_rows = csv.where("path", clean.path);
  ASSERT_EQ(clean_rows.size(), 1u);
  EXPECT_EQ(clean_rows[0].at("kind"), "file");
  EXPECT_EQ(clean_rows[0].at("verdict"), "clean");
  EXPECT_EQ(clean_rows[0].at("reason"), "no personal data found");
  for (const char* empty : {"category", "rule", "value", "count", "fingerprint"}) EXPECT_EQ(clean_rows[0].at(empty), "");

  const auto error_rows = csv.where("path", unreadable.path);
  ASSERT_EQ(error_rows.size(), 1u);
  EXPECT_EQ(error_rows[0].at("kind"), "file");
  EXPECT_EQ(error_rows[0].at("verdict"), "error");
  EXPECT_NE(error_rows[0].at("reason").find("encrypted"), std::string::npos);

  const auto parts = csv.of(partly.path, "not_checked");
  ASSERT_EQ(parts.size(), partly.not_checked.size());
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].at("part"), partly.not_checked[0].part);
  EXPECT_EQ(parts[0].at("where"), "not checked: " + partly.not_checked[0].reason);
  EXPECT_EQ(csv.of(partly.path, "finding").size(), partly.findings.size());
}

TEST(CsvReport, UnlistedTalliesCarryTheirCount) {
  ScanOptions options = scan_options();
  options.max_findings = 12;
  const FileReport capped = scan_as("examples/staff-list.csv", "examples/staff-list.csv", options);
  ASSERT_FALSE(capped.unlisted.empty());
  const Csv csv = csv_of({capped});
  const auto tallies = csv.of(capped.path, "unlisted");
  ASSERT_EQ(tallies.size(), capped.unlisted.size());
  EXPECT_EQ(tallies[0].at("category"), std::string(to_string(capped.unlisted[0].category)));
  EXPECT_EQ(tallies[0].at("rule"), capped.unlisted[0].rule);
  EXPECT_EQ(tallies[0].at("count"), std::to_string(capped.unlisted[0].count));
  EXPECT_EQ(tallies[0].at("where"), "past the listing limit: counted, not listed");
  const std::uint64_t sum = std::accumulate(csv.rows.begin(), csv.rows.end(), std::uint64_t{0},
                                            [](std::uint64_t n, const auto& r) { return n + std::stoull(r.at("count")); });
  EXPECT_EQ(sum, capped.findings_total) << "SUM(count) is the number of findings";
}

TEST(CsvReport, FormulaCellsAreDefused) {
  const std::string hyperlink = "=HYPERLINK(\"http://example.invalid/x\",\"Open\").txt";
  FileReport file = scan_as(hyperlink, "examples/foi-response-letter.txt");
  file.findings[0].location.sheet = "+Staff";
  file.findings[0].location.header = "@SUM(A1)";
  file.findings[1].masked = "-1*2";
  const Csv csv = csv_of({file, scan_as("\t=1+1.txt", "examples/vetting-policy-extract.txt")});
  ASSERT_EQ(csv.rows.size(), file.findings.size() + 1);
  for (std::size_t i = 0; i < file.findings.size(); ++i) EXPECT_EQ(csv.rows[i].at("path"), "'" + hyperlink);
  EXPECT_EQ(csv.rows[0].at("sheet"), "'+Staff");
  EXPECT_EQ(csv.rows[0].at("header"), "'@SUM(A1)");
  EXPECT_EQ(csv.rows[1].at("value"), "'-1*2");
  EXPECT_EQ(csv.rows.back().at("path"), "'\t=1+1.txt");
  // In the file itself the quote sits inside the quoted field.
  EXPECT_NE(csv.text.find("\"'=HYPERLINK(\"\"http://example.invalid/x\"\",\"\"Open\"\").txt\""), std::string::npos);
  // Ordinary cells are left alone.
  EXPECT_EQ(csv.rows[0].at("value"), "D*");
}

TEST(CsvReport, HostileTextRoundTrips) {
  const std::string name = "drop/a,b \"quoted\"\r\nline two <script>x</script> \xff.txt";
  const Csv csv = csv_of({scan_as(name, "examples/foi-response-letter.txt")});
  ASSERT_FALSE(csv.rows.empty());
  EXPECT_EQ(csv.rows[0].at("path"), "drop/a,b \"quoted\"\r\nline two <script>x</script> \xEF\xBF\xBD.txt");
  EXPECT_EQ(csv.text.find('\xff'), std::string::npos);
  EXPECT_NO_THROW((void)nlohmann::json(csv.text).dump()) << "valid UTF-8";
}

TEST(CsvReport, MaskedUnlessTheScanKeptValues) {
  const std::string text = csv_text({example("staff-list.csv"), example("foi-response-letter.txt")});
  for (const char* raw : {"Okonkwo", "Adeyemi-Walsh", "247074"})
    EXPECT_EQ(text.find(raw), std::string::npos) << raw << " leaked into the report";

  ScanOptions keep = scan_options();
  keep.detect.keep_values = true;
  const FileReport shown = scan_as("letter.txt", "examples/foi-response-letter.txt", keep);
  const Csv csv = csv_of({shown});
  const auto names = csv.where("category", "person_name");
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names[0].at("value"), "Okonkwo");
}

TEST(CsvReport, ParserRejectsMalformedCsv) {
  // The parser the tests rely on must be able to fail.
  EXPECT_THROW(parse_csv("a,b\n"), std::runtime_error);
  EXPECT_THROW(parse_csv("a,\"b\r\n"), std::runtime_error);
  EXPECT_THROW(parse_csv("a,b\"c\r\n"), std::runtime_error);
  EXPECT_EQ(parse_csv("a,\"b,\"\"c\"\"\r\nd\"\r\n"), (std::vector<CsvRow>{{"a", "b,\"c\"\r\nd"}}));
}

}  // namespace
}  // namespace foiguard
