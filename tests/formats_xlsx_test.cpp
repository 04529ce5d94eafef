// The XLSX reader on workbooks made by openpyxl (tests/data/xlsx/generate.py,
// see its README for what each file plants where): every hidden place gives
// spans with the right visibility, sheet, cell and header, and a scan of each
// blocks or reviews as an FOI officer would need.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "foiguard/scanner.hpp"
#include "formats_collect.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

using testing::Collected;
using testing::CollectedSpan;

std::string fixture(const std::string& name) { return testing::fixture_bytes("xlsx", name); }

Collected read_fixture(const std::string& name) { return testing::collect_package(fixture(name)); }

using testing::span_with;

std::string cell_of(const CollectedSpan& s) {
  std::string letters;
  for (std::uint32_t c = s.span.column; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(s.span.row);
}

FileReport scan_fixture(const std::string& name) { return testing::scan_bytes(name, fixture(name)); }

TEST(Xlsx, HiddenAndVeryHiddenSheetsAreReadCellByCell) {
  const auto c = read_fixture("hidden_sheet.xlsx");
  EXPECT_EQ(c.stats.format, "xlsx");
  for (const auto& n : c.stats.not_checked) ADD_FAILURE() << "every part is read: " << n.reason;
  const auto& name = span_with(c, "Adeyemi-Walsh");
  EXPECT_EQ(name.scope.sheet, "Data");
  EXPECT_EQ(name.scope.part, "xl/worksheets/sheet2.xml");
  EXPECT_EQ(cell_of(name), "A2");
  EXPECT_EQ(name.header, "Surname");
  EXPECT_EQ(name.span.visibility, Visibility::hidden_sheet);
  const auto& pay = span_with(c, "412873");
  EXPECT_EQ(cell_of(pay), "D2") << "pay numbers stored as numbers are read";
  EXPECT_EQ(pay.header, "Pay No");
  const auto lookup = std::count_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) {
    return s.scope.sheet == "Lookup" && s.span.visibility == Visibility::very_hidden_sheet;
  });
  EXPECT_EQ(lookup, 6 * 5) << "header row and five staff rows of five cells";
  const auto summary = std::find_if(c.spans.begin(), c.spans.end(),
                                    [](const CollectedSpan& s) { return s.scope.sheet == "Summary"; });
  ASSERT_NE(summary, c.spans.end());
  EXPECT_EQ(summary->span.visibility, Visibility::visible);
}

TEST(Xlsx, HiddenSheetOfStaffIsBlockedWithItsOwnMessage) {
  const auto r = scan_fixture("hidden_sheet.xlsx");
  EXPECT_EQ(r.verdict, Verdict::block);
  EXPECT_EQ(r.personnel_records, 45u);
  EXPECT_EQ(r.hidden_records, 45u);
  EXPECT_EQ(r.visible_records, 0u);
  EXPECT_EQ(r.severity, Severity::critical);
  EXPECT_NE(r.reason.find("hidden sheet 'Data' holds 40 personnel records"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("very hidden sheet 'Lookup' holds 5 personnel records"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("visible content holds none"), std::string::npos) << "the PSNI pattern, said plainly";
  const auto data = std::find_if(r.hidden_places.begin(), r.hidden_places.end(),
                                 [](const HiddenPlace& p) { return p.sheet == "Data"; });
  ASSERT_NE(data, r.hidden_places.end());
  EXPECT_EQ(data->visibility, Visibility::hidden_sheet);
  EXPECT_EQ(data->personnel_records, 40u);
  const auto pay = std::find_if(r.findings.begin(), r.findings.end(), [](const Finding& f) {
    return f.category == Category::pay_number && f.location.cell == "D2";
  });
  ASSERT_NE(pay, r.findings.end());
  EXPECT_EQ(pay->location.sheet, "Data");
  EXPECT_EQ(pay->location.header, "Pay No");
  EXPECT_EQ(pay->visibility, Visibility::hidden_sheet);
  EXPECT_EQ(pay->masked, "4*****") << "masked by default";
}

TEST(Xlsx, HiddenRowsColumnsOutlinesAndFiltersEachSayHow) {
  const auto c = read_fixture("hidden_rows_cols.xlsx");
  const auto visibility_at = [&](const std::string& cell) {
    const auto it = std::find_if(c.spans.begin(), c.spans.end(), [&](const CollectedSpan& s) {
      return s.scope.sheet == "Staff" && cell_of(s) == cell;
    });
    if (it == c.spans.end()) throw std::runtime_error("no cell " + cell);
    return it->span.visibility;
  };
  EXPECT_EQ(visibility_at("A1"), Visibility::visible) << "the title";
  EXPECT_EQ(visibility_at("A4"), Visibility::visible);
  EXPECT_EQ(visibility_at("E4"), Visibility::hidden_column) << "Unit column hidden";
  EXPECT_EQ(visibility_at("G4"), Visibility::collapsed_outline) << "grouped and collapsed column";
  // Rows 6-7 are hidden by hand, but inside the autofilter's range: they
  // cannot be told from filtered rows without evaluating the filter.
  EXPECT_EQ(visibility_at("A6"), Visibility::filtered_row);
  EXPECT_EQ(visibility_at("A10"), Visibility::collapsed_outline) << "outline group collapsed";
  EXPECT_EQ(visibility_at("A12"), Visibility::filtered_row) << "hidden by the filter on Rank";
  EXPECT_EQ(visibility_at("E12"), Visibility::filtered_row) << "the row wins over the column";
  const auto& header = span_with(c, "Pay No (old)");
  EXPECT_EQ(cell_of(header), "G3") << "the header row is found below the title";
  EXPECT_EQ(span_with(c, "Pay No (old)").header, "");
  const auto& old_pay = *std::find_if(c.spans.begin(), c.spans.end(), [&](const CollectedSpan& s) {
    return s.scope.sheet == "Staff" && cell_of(s) == "G4";
  });
  EXPECT_EQ(old_pay.header, "Pay No (old)");

  const auto r = scan_fixture("hidden_rows_cols.xlsx");
  EXPECT_EQ(r.verdict, Verdict::block);
  EXPECT_EQ(r.personnel_records, 10u);
  EXPECT_GT(r.visible_records, 0u) << "most rows are on show";
  EXPECT_EQ(r.reason.find("visible content holds none"), std::string::npos) << r.reason;
}

// The header row holds years (numbers), so it is not header-like; the table
// part's column names say which column is which, for the table's rows only.
TEST(Xlsx, TablePartsNameTheirColumns) {
  const auto c = read_fixture("table_columns.xlsx");
  const auto& title = span_with(c, "Overtime claims");
  EXPECT_EQ(title.header, "") << "the title above the table is not under 'Surname'";
  const auto& name = span_with(c, "Pryce-Jones");
  EXPECT_EQ(cell_of(name), "A4");
  EXPECT_EQ(name.header, "Surname");
  const auto r = scan_fixture("table_columns.xlsx");
  EXPECT_EQ(r.verdict, Verdict::block);
  EXPECT_EQ(r.personnel_records, 3u) << "surname + pay number on each row";
}

TEST(Xlsx, InvisibleStylesAndFarCellsAreInvisibleText) {
  const auto c = read_fixture("plain_sight.xlsx");
  const auto check = [&](std::string_view text, const std::string& cell) {
    const auto& s = span_with(c, text);
    EXPECT_EQ(cell_of(s), cell) << text;
    EXPECT_EQ(s.span.visibility, Visibility::invisible_text) << text;
  };
  check("DS Okonkwo", "A2");             // number format ;;;
  check("PC 2231 Adeyemi-Walsh", "A3");  // white on white
  check("Sgt Pryce-Jones", "A4");        // size 1 font
  check("Hallworth-Chaudhry", "AZ5000");  // far outside the used area
  EXPECT_EQ(span_with(c, "No personal data here").span.visibility, Visibility::visible);
  const auto dob = std::find_if(c.spans.begin(), c.spans.end(),
                                [](const CollectedSpan& s) { return s.header == "Date of Birth"; });
  ASSERT_NE(dob, c.spans.end());
  EXPECT_EQ(dob->text.size(), 10u);
  EXPECT_EQ(dob->text[4], '-') << "a date cell reads as a date, not a serial: " << dob->text;

  const auto r = scan_fixture("plain_sight.xlsx");
  EXPECT_EQ(r.verdict, Verdict::block);
  const auto dob_finding = std::find_if(r.findings.begin(), r.findings.end(),
                                        [](const Finding& f) { return f.category == Category::date_of_birth; });
  EXPECT_NE(dob_finding, r.findings.end()) << "dates of birth found under their header";
}

TEST(Xlsx, LegacyAndThreadedCommentsWithTheirAuthors) {
  const auto c = read_fixture("comments.xlsx");
  const auto& note = span_with(c, "377120");
  EXPECT_EQ(note.span.visibility, Visibility::comment);
  EXPECT_EQ(note.scope.sheet, "Stats");
  EXPECT_EQ(cell_of(note), "B2");
  EXPECT_EQ(note.header, "comment");
  const auto& author = span_with(c, "Jones, Mark");
  EXPECT_EQ(author.header, "comment author");
  EXPECT_EQ(author.span.visibility, Visibility::comment);

  const auto t = read_fixture("threaded_comments.xlsx");
  const auto& threaded = span_with(t, "pay number 377120");
  EXPECT_EQ(threaded.span.visibility, Visibility::comment);
  EXPECT_EQ(cell_of(threaded), "B3");
  EXPECT_EQ(threaded.scope.sheet, "Stats");
  EXPECT_EQ(span_with(t, "Inspector Hallworth").header, "comment author");

  const auto r = scan_fixture("comments.xlsx");
  EXPECT_EQ(r.verdict, Verdict::block) << "a name and pay number in one note: " << r.reason;
  const auto pay = std::find_if(r.findings.begin(), r.findings.end(),
                                [](const Finding& f) { return f.category == Category::pay_number; });
  ASSERT_NE(pay, r.findings.end());
  EXPECT_EQ(pay->visibility, Visibility::comment);
  EXPECT_EQ(pay->location.cell, "B2");
  EXPECT_EQ(pay->location.part, "xl/comments/comment1.xml");
}

TEST(Xlsx, PivotCacheRecordsComeBackUnderTheirFieldNames) {
  const auto c = read_fixture("pivot_cache.xlsx");
  for (const auto& n : c.stats.not_checked) ADD_FAILURE() << "every part is read: " << n.reason;
  const auto records = std::count_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) {
    return s.span.visibility == Visibility::pivot_cache && s.header == "Name";
  });
  EXPECT_EQ(records, 20) << "one name per cached record";
  const auto& name = span_with(c, "Tamsin Roebuck-Ibe");
  EXPECT_EQ(name.scope.part, "xl/pivotCache/pivotCacheRecords1.xml");
  EXPECT_EQ(name.span.row, 1u) << "record 1";
  EXPECT_FALSE(name.scope.sheet) << "a cache is not a sheet";
  const auto dob = std::find_if(c.spans.begin(), c.spans.end(),
                                [](const CollectedSpan& s) { return s.header == "Date of Birth"; });
  ASSERT_NE(dob, c.spans.end());
  EXPECT_EQ(dob->text.size(), 10u) << dob->text;

  const auto r = scan_fixture("pivot_cache.xlsx");
  EXPECT_EQ(r.verdict, Verdict::block);
  EXPECT_EQ(r.personnel_records, 20u) << "victims' names with dates of birth and addresses";
  EXPECT_EQ(r.visible_records, 0u);
  EXPECT_NE(r.reason.find("pivot cache (xl/pivotCache/pivotCacheRecords1.xml) holds 20 personnel records"),
            std::string::npos)
      << r.reason;
}

TEST(Xlsx, DefinedNamesExternalLinksChartsAndValidationLists) {
  const auto names = read_fixture("defined_names.xlsx");
  const auto& contact = span_with(names, "Adeyemi-Walsh");
  EXPECT_EQ(contact.span.visibility, Visibility::defined_name);
  EXPECT_EQ(contact.header, "ContactOfficer") << "the name labels its value";
  EXPECT_EQ(contact.scope.part, "xl/workbook.xml");
  EXPECT_EQ(span_with(names, "$H$2:$H$41").header, "_OldList") << "hidden names too";

  const auto links = read_fixture("external_link.xlsx");
  const auto& cached = span_with(links, "Okonkwo");
  EXPECT_EQ(cached.span.visibility, Visibility::external_link_cache);
  EXPECT_EQ(cached.scope.sheet, "Staff");
  EXPECT_EQ(cell_of(cached), "A3");
  EXPECT_EQ(span_with(links, "455902").span.visibility, Visibility::external_link_cache);
  EXPECT_EQ(span_with(links, "S:/HR/staff.xlsx").header, "linked file");

  const auto chart = read_fixture("chart_cache.xlsx");
  const auto& cached_name = span_with(chart, "Okonkwo");
  EXPECT_EQ(cached_name.span.visibility, Visibility::chart_cache);
  EXPECT_EQ(cached_name.scope.part, "xl/charts/chart1.xml");
  EXPECT_EQ(scan_fixture("chart_cache.xlsx").verdict, Verdict::block) << "the names live only in the cache";

  const auto lists = read_fixture("data_validation.xlsx");
  const auto& list = span_with(lists, "DS Okonkwo");
  EXPECT_EQ(list.span.visibility, Visibility::hidden_text);
  EXPECT_EQ(list.header, "data validation list");
  EXPECT_EQ(list.scope.sheet, "Rota");
}

TEST(Xlsx, DocumentPropertiesAreMetadata) {
  const auto c = read_fixture("metadata.xlsx");
  const auto& creator = span_with(c, "Marlowe-Baptiste");
  EXPECT_EQ(creator.span.visibility, Visibility::metadata);
  EXPECT_EQ(creator.header, "creator");
  EXPECT_EQ(creator.scope.part, "docProps/core.xml");
  EXPECT_EQ(span_with(c, "Synthetic Constabulary").header, "Company");
  const auto& reviewer = span_with(c, "Bhriain");
  EXPECT_EQ(reviewer.header, "Reviewer");
  EXPECT_EQ(reviewer.scope.part, "docProps/custom.xml");
  EXPECT_EQ(span_with(c, "FOI 2023/118").header, "document title") << "not a column of job titles";

  const auto r = scan_fixture("metadata.xlsx");
  EXPECT_EQ(r.verdict, Verdict::review) << "an author's name is for review, not a block: " << r.reason;
}

TEST(Xlsx, EmbeddedWorkbooksAreReadWithTheirContainerAndTheRestIsListed) {
  const auto c = read_fixture("embedded.xlsm");
  EXPECT_EQ(c.stats.format, "xlsm");
  const auto& inner = span_with(c, "Adeyemi-Walsh");
  EXPECT_EQ(inner.scope.container, std::vector<std::string>{"xl/embeddings/Microsoft_Excel_Worksheet1.xlsx"});
  EXPECT_EQ(inner.scope.sheet, "Data");
  EXPECT_EQ(inner.span.visibility, Visibility::hidden_sheet);
  const auto noted = [&](std::string_view part) {
    return std::any_of(c.stats.not_checked.begin(), c.stats.not_checked.end(),
                       [&](const formats::PartNote& n) { return n.part == part; });
  };
  EXPECT_TRUE(noted("xl/vbaProject.bin")) << "VBA presence is reported";
  EXPECT_TRUE(noted("xl/embeddings/oleObject1.bin"));

  const auto r = scan_fixture("embedded.xlsm");
  EXPECT_EQ(r.verdict, Verdict::block);
  const auto f = std::find_if(r.findings.begin(), r.findings.end(),
                              [](const Finding& x) { return x.visibility == Visibility::hidden_sheet; });
  ASSERT_NE(f, r.findings.end());
  EXPECT_EQ(f->location.container, std::vector<std::string>{"xl/embeddings/Microsoft_Excel_Worksheet1.xlsx"});
  EXPECT_NE(describe(f->location).find("embedded.xlsm!/xl/embeddings/Microsoft_Excel_Worksheet1.xlsx!/"),
            std::string::npos)
      << describe(f->location);
}

// Hostile and broken workbooks: each gets its own clear message, the rest of
// the workbook is still read, and nothing runs away with time or memory.
TEST(Xlsx, BadWorkbooksGetClearMessages) {
  struct Case {
    std::string file;
    std::string part;      // the part named, "" for the whole file
    std::string message;   // a phrase of the message
  };
  const Case cases[] = {
      {"entity_bomb.xlsx", "xl/sharedStrings.xml", "DOCTYPE"},
      {"zip_bomb.xlsx", "xl/worksheets/sheet1.xml", "possible zip bomb"},
      {"deep_nesting.xlsx", "xl/worksheets/sheet1.xml", "nesting deeper than"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const auto r = scan_fixture(c.file);
    EXPECT_EQ(r.format, "xlsx");
    EXPECT_NE(r.verdict, Verdict::clean);
    const auto note = std::find_if(r.not_checked.begin(), r.not_checked.end(),
                                   [&](const NotChecked& n) { return n.part == c.part; });
    ASSERT_NE(note, r.not_checked.end());
    EXPECT_NE(note->reason.find(c.message), std::string::npos) << note->reason;
  }
  const auto truncated = scan_fixture("truncated.xlsx");
  EXPECT_EQ(truncated.verdict, Verdict::error);
  EXPECT_NE(truncated.error.find("truncated"), std::string::npos) << truncated.error;
}

}  // namespace
}  // namespace foiguard
