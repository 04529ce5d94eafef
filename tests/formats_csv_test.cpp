#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "formats_collect.hpp"
#include "test_support.hpp"

namespace foiguard::formats {
namespace {

using foiguard::testing::collect_csv;
using foiguard::testing::Collected;
using foiguard::testing::CollectedSpan;

// The span at (row, column), or nullptr when that cell was empty.
const CollectedSpan* cell(const Collected& c, std::uint32_t row, std::uint32_t column) {
  for (const auto& s : c.spans)
    if (s.span.row == row && s.span.column == column) return &s;
  return nullptr;
}

TEST(FormatsCsv, QuotingEscapesAndEmbeddedNewlines) {
  const Collected c = collect_csv(
      "name,notes\r\n"
      "\"Smith, J\",\"said \"\"hi\"\"\"\r\n"
      "\"Jones\",\"line1\nline2\"\r\n"
      "Brown,after\r\n");
  EXPECT_EQ(c.stats.lines, 4u);
  ASSERT_EQ(c.spans.size(), 8u);
  EXPECT_EQ(cell(c, 2, 1)->text, "Smith, J");
  EXPECT_EQ(cell(c, 2, 2)->text, "said \"hi\"");
  EXPECT_EQ(cell(c, 3, 2)->text, "line1\nline2");
  EXPECT_EQ(cell(c, 3, 2)->span.line, 3u);
  // The embedded newline moves every later cell down one physical line.
  EXPECT_EQ(cell(c, 4, 1)->text, "Brown");
  EXPECT_EQ(cell(c, 4, 1)->span.line, 5u);
  EXPECT_EQ(cell(c, 4, 2)->span.line, 5u);
  EXPECT_EQ(cell(c, 4, 2)->header, "notes");
}

TEST(FormatsCsv, SpanFieldsForCells) {
  const Collected c = collect_csv("Name,Rank\nSmith,PC\n");
  const CollectedSpan* rank = cell(c, 2, 2);
  ASSERT_NE(rank, nullptr);
  EXPECT_EQ(rank->text, "PC");
  EXPECT_EQ(rank->span.kind, SpanKind::table_cell);
  EXPECT_EQ(rank->span.record, 2u);
  EXPECT_EQ(rank->span.line, 2u);
  EXPECT_EQ(rank->span.header, 1);
  EXPECT_EQ(rank->header, "Rank");
  EXPECT_EQ(rank->span.scope, 0u);
  EXPECT_EQ(rank->span.visibility, Visibility::visible);
  // Header cells are spans too, so text in them is scanned; they have no header.
  const CollectedSpan* head = cell(c, 1, 1);
  ASSERT_NE(head, nullptr);
  EXPECT_EQ(head->text, "Name");
  EXPECT_EQ(head->span.header, -1);
  EXPECT_EQ(head->span.record, 1u);
}

TEST(FormatsCsv, HeaderDetectedWhenFirstRowIsTextual) {
  const Collected c = collect_csv(" Surname , Forename ,Collar No.\nOkonkwo,Chiamaka,4417\n");
  EXPECT_EQ(c.headers, (std::vector<std::string>{"Surname", "Forename", "Collar No."}));
  EXPECT_EQ(cell(c, 2, 3)->header, "Collar No.");
}

TEST(FormatsCsv, NoHeaderWhenFirstRowHasNumbersOrDates) {
  for (const char* input : {"1,2,3\n4,5,6\n", "Smith,4417,PC\nJones,2231,DS\n",
                            "Smith,01-Jan-2020\nJones,02-Feb-2021\n", "Smith,1.5e3\n",
                            "Smith,10:30 pm\n", "Title only,,\n,a,b\n"}) {
    SCOPED_TRACE(input);
    const Collected c = collect_csv(input);
    EXPECT_TRUE(c.headers.empty());
    for (const auto& s : c.spans) EXPECT_EQ(s.span.header, -1);
  }
}

TEST(FormatsCsv, RowLongerThanHeaderAndEmptyHeaderCells) {
  const Collected c = collect_csv("Name,,Rank\nSmith,x,PC,extra\n");
  EXPECT_EQ(c.headers, (std::vector<std::string>{"Name", "", "Rank"}));
  EXPECT_EQ(cell(c, 2, 1)->header, "Name");
  EXPECT_EQ(cell(c, 2, 2)->span.header, -1);  // empty header text names nothing
  EXPECT_EQ(cell(c, 2, 3)->span.header, 2);
  EXPECT_EQ(cell(c, 2, 4)->span.header, -1);  // beyond the header row
}

TEST(FormatsCsv, EmptyCellsKeepColumnNumbersAndAreNotSpans) {
  const Collected c = collect_csv("a,,c\n,,\n\nx, y ,\"  z  \"");
  EXPECT_EQ(c.stats.lines, 4u);
  EXPECT_EQ(c.spans.size(), 5u);
  EXPECT_EQ(cell(c, 1, 3)->text, "c");
  EXPECT_EQ(cell(c, 1, 2), nullptr);
  // Blank rows still count, so the last row is 4 and sits on line 4.
  EXPECT_EQ(cell(c, 4, 2)->text, "y");
  EXPECT_EQ(cell(c, 4, 3)->text, "z");
  EXPECT_EQ(cell(c, 4, 3)->span.line, 4u);
}

TEST(FormatsCsv, BatchTextHoldsUnescapedCellsEachFollowedByNewline) {
  std::string text;
  read_csv("\"a\"\"b\",c\r\n", ',', 1 << 20, [&](TextBatch& b) { text = b.text; });
  EXPECT_EQ(text, "a\"b\nc\n");
}

TEST(FormatsCsv, UnterminatedQuoteWarnsAndReadsOn) {
  const Collected c = collect_csv("Name,Notes\nSmith,\"open\nJones,closed\n");
  ASSERT_EQ(c.stats.warnings.size(), 1u);
  EXPECT_NE(c.stats.warnings[0].find("unterminated quote at line 2"), std::string::npos);
  EXPECT_EQ(cell(c, 2, 2)->text, "\"open");
  EXPECT_EQ(cell(c, 3, 1)->text, "Jones");
  EXPECT_EQ(cell(c, 3, 1)->span.line, 3u);
  EXPECT_EQ(cell(c, 3, 1)->header, "Name");
}

TEST(FormatsCsv, TextAfterClosingQuoteIsKept) {
  const Collected c = collect_csv("\"Smith\" J,x\n");
  EXPECT_EQ(cell(c, 1, 1)->text, "Smith J");
}

TEST(FormatsCsv, TabDelimitedWithQuotedTab) {
  const Collected c = collect_csv("Name\tNotes\nSmith\t\"a\tb\"\n", '\t');
  EXPECT_EQ(cell(c, 2, 2)->text, "a\tb");
  EXPECT_EQ(cell(c, 2, 2)->header, "Notes");
}

TEST(FormatsCsv, SemicolonDelimiter) {
  const Collected c = collect_csv("Name;Hours\nSmith;37,5\n", ';');
  EXPECT_EQ(cell(c, 2, 2)->text, "37,5");
  EXPECT_EQ(cell(c, 2, 2)->header, "Hours");
}

TEST(FormatsCsv, Windows1252CellsDecoded) {
  const Collected c = collect_csv("Name,Unit\nO\x92Neill,Caf\xE9\n");
  EXPECT_EQ(c.stats.encoding, "windows-1252");
  EXPECT_EQ(cell(c, 2, 1)->text, "O\xE2\x80\x99Neill");
}

TEST(FormatsCsv, TinyBatchesGiveTheSameSpansAndNeverSplitARow) {
  std::string input = "Surname,Forename,Notes\n";
  for (int i = 1; i <= 100; ++i)
    input += "Name" + std::to_string(i) + ",F,\"note, " + std::to_string(i) + "\nmore\"\n";
  const Collected one = collect_csv(input, ',', 1 << 20);
  std::map<std::uint32_t, std::set<std::size_t>> batches_of_row;
  std::size_t batch_no = 0;
  Collected tiny;
  const BatchSink collect = foiguard::testing::collecting_sink(tiny);
  read_csv(input, ',', 10, [&](TextBatch& b) {
    ++batch_no;
    EXPECT_EQ(b.headers, (std::vector<std::string>{"Surname", "Forename", "Notes"}));
    for (const Span& s : b.spans) batches_of_row[s.row].insert(batch_no);
    collect(b);
  });
  EXPECT_EQ(one.batches, 1u);
  EXPECT_EQ(batch_no, 101u);
  for (const auto& [row, in] : batches_of_row) EXPECT_EQ(in.size(), 1u) << "row " << row;
  ASSERT_EQ(one.spans.size(), tiny.spans.size());
  for (std::size_t i = 0; i < one.spans.size(); ++i) {
    EXPECT_EQ(one.spans[i].text, tiny.spans[i].text);
    EXPECT_EQ(one.spans[i].header, tiny.spans[i].header);
    EXPECT_EQ(one.spans[i].span.line, tiny.spans[i].span.line);
    EXPECT_EQ(one.spans[i].span.row, tiny.spans[i].span.row);
  }
  EXPECT_EQ(cell(tiny, 101, 3)->span.line, 200u);
}

TEST(FormatsCsv, NulInsideQuotedCellBecomesSpace) {
  using namespace std::string_literals;
  const Collected c = collect_csv("\"a\0b\",c\0d\n"s);
  EXPECT_EQ(cell(c, 1, 1)->text, "a b");
  EXPECT_EQ(cell(c, 1, 2)->text, "c d");
}

// tests/data/excel_export.csv is written by tests/data/make_csv_fixtures.py with
// Python's csv module (dialect excel: CRLF, minimal quoting) plus a UTF-8 BOM.
TEST(FormatsCsv, PythonCsvWriterFixture) {
  const std::string bytes = foiguard::testing::read_file(
      foiguard::testing::source_path("tests/data/excel_export.csv"));
  const Sniffed s = sniff(bytes, "excel_export.csv");
  ASSERT_EQ(s.kind, Kind::csv);
  EXPECT_EQ(s.delimiter, ',');
  const Collected c = collect_csv(bytes, s.delimiter);
  EXPECT_EQ(c.stats.encoding, "utf-8");
  EXPECT_TRUE(c.stats.warnings.empty());
  EXPECT_EQ(c.stats.lines, 5u);
  EXPECT_EQ(c.headers, (std::vector<std::string>{"Surname", "Forename", "Rank", "Collar", "Notes"}));
  EXPECT_EQ(cell(c, 1, 1)->text, "Surname") << "the BOM is not part of the first header";
  EXPECT_EQ(cell(c, 2, 1)->text, "N\xC3\xAD Bhriain");
  EXPECT_EQ(cell(c, 2, 1)->header, "Surname");
  EXPECT_EQ(cell(c, 2, 5)->text, "Team lead, North");
  EXPECT_EQ(cell(c, 3, 4), nullptr);
  EXPECT_EQ(cell(c, 3, 5)->text, "Said \"no comment\"");
  EXPECT_EQ(cell(c, 4, 4)->text, "2231");
  EXPECT_EQ(cell(c, 4, 5)->text, "Line one\nline two");
  EXPECT_EQ(cell(c, 4, 5)->span.line, 4u);
  EXPECT_EQ(cell(c, 5, 1)->text, "Kowalczyk");
  EXPECT_EQ(cell(c, 5, 1)->span.line, 6u);
  EXPECT_EQ(cell(c, 5, 3)->header, "Rank");
  EXPECT_EQ(cell(c, 5, 4)->text, "0007");
  EXPECT_EQ(cell(c, 5, 5)->text, "padded");
}

}  // namespace
}  // namespace foiguard::formats
