// The ODS reader on a spreadsheet written by odfpy (tests/data/ods/generate.py)
// and on the OpenDocument spreadsheets of the shared corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "foiguard/scanner.hpp"
#include "formats_collect.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

using testing::Collected;
using testing::CollectedSpan;

std::string fixture(const std::string& name) { return testing::fixture_bytes("ods", name); }

const CollectedSpan& at(const Collected& c, const std::string& sheet, std::uint32_t row, std::uint32_t column) {
  const auto it = std::find_if(c.spans.begin(), c.spans.end(), [&](const CollectedSpan& s) {
    return s.scope.sheet == sheet && s.span.row == row && s.span.column == column && s.header != "comment" &&
           s.header != "comment author";
  });
  if (it == c.spans.end()) throw std::runtime_error("no cell at " + sheet + " " + std::to_string(row));
  return *it;
}

TEST(Ods, HiddenTableRowsColumnsAndAnnotations) {
  const Collected c = testing::collect_package(fixture("staff_hidden.ods"));
  EXPECT_EQ(c.stats.format, "ods");
  const auto& surname = at(c, "Data", 4, 1);
  EXPECT_EQ(surname.text, "Adeyemi-Walsh");
  EXPECT_EQ(surname.header, "Surname") << "header row found below the title";
  EXPECT_EQ(surname.span.visibility, Visibility::hidden_sheet);
  EXPECT_EQ(surname.scope.part, "content.xml");
  const auto& pay = at(c, "Data", 4, 4);
  EXPECT_EQ(pay.text, "412873") << "a float cell reads as its value";
  EXPECT_EQ(pay.header, "Pay No");
  EXPECT_EQ(at(c, "Data", 4, 6).text, "1981-09-14") << "a date cell reads as an ISO date";
  EXPECT_EQ(at(c, "Summary", 1, 1).span.visibility, Visibility::visible);
  EXPECT_EQ(at(c, "Summary", 2, 3).span.visibility, Visibility::hidden_column);
  EXPECT_EQ(at(c, "Summary", 3, 1).span.visibility, Visibility::hidden_row);
  EXPECT_EQ(at(c, "Summary", 4, 1).span.visibility, Visibility::filtered_row);
  EXPECT_EQ(at(c, "Summary", 5, 1).span.visibility, Visibility::collapsed_outline);
  EXPECT_EQ(at(c, "Summary", 4, 3).span.visibility, Visibility::filtered_row) << "the row wins over the column";

  const auto note = std::find_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) { return s.header == "comment"; });
  ASSERT_NE(note, c.spans.end());
  EXPECT_EQ(note->text, "Checked by DC Ní Bhriain, pay no 377120");
  EXPECT_EQ(note->span.visibility, Visibility::comment);
  EXPECT_EQ(note->scope.sheet, "Summary");
  EXPECT_EQ(note->span.row, 2u);
  EXPECT_EQ(note->span.column, 2u);
  const auto author = std::find_if(c.spans.begin(), c.spans.end(),
                                   [](const CollectedSpan& s) { return s.header == "comment author"; });
  ASSERT_NE(author, c.spans.end());
  EXPECT_EQ(author->text, "Jones, Mark");
  EXPECT_EQ(at(c, "Summary", 2, 2).text, "412") << "the annotation is not mixed into the cell";

  const auto named = std::find_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) { return s.header == "StaffList"; });
  ASSERT_NE(named, c.spans.end());
  EXPECT_EQ(named->span.visibility, Visibility::defined_name);
  const auto reviewer = std::find_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) { return s.header == "Reviewer"; });
  ASSERT_NE(reviewer, c.spans.end());
  EXPECT_EQ(reviewer->text, "Sgt Ní Bhriain");
  EXPECT_EQ(reviewer->span.visibility, Visibility::metadata);
  EXPECT_EQ(reviewer->scope.part, "meta.xml");
}

TEST(Ods, HiddenStaffTableIsBlocked) {
  const auto r = testing::scan_bytes("staff.ods", fixture("staff_hidden.ods"));
  EXPECT_EQ(r.format, "ods");
  EXPECT_EQ(r.verdict, Verdict::block);
  EXPECT_NE(r.reason.find("hidden sheet 'Data' holds 10 personnel records"), std::string::npos) << r.reason;
  const auto pay = std::find_if(r.findings.begin(), r.findings.end(), [](const Finding& f) {
    return f.category == Category::pay_number && f.location.sheet == "Data";
  });
  ASSERT_NE(pay, r.findings.end());
  EXPECT_EQ(pay->location.cell, "D4");
  EXPECT_EQ(pay->visibility, Visibility::hidden_sheet);
}

TEST(Ods, HugeRepeatsAreBoundedAndTruncationIsAnError) {
  const auto start = std::chrono::steady_clock::now();
  const Collected c = testing::collect_package(fixture("bad_repeat.ods"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  const auto cells = std::count_if(c.spans.begin(), c.spans.end(),
                                   [](const CollectedSpan& s) { return s.text == "DS Okonkwo"; });
  EXPECT_EQ(cells, 100 * 100) << "a repeated row and cell are shown at most 100 times each";
  EXPECT_THROW(testing::collect_package(fixture("truncated.ods")), formats::FormatError);
}

// MANIFEST feature -> the visibilities that show it.
const testing::FeatureVisibilities& feature_visibilities() {
  static const testing::FeatureVisibilities m = {
      {"hidden-sheet", {Visibility::hidden_sheet}},
      {"comments", {Visibility::comment}},
      {"metadata-author", {Visibility::metadata}},
      {"hidden-rows", {Visibility::hidden_row, Visibility::filtered_row, Visibility::collapsed_outline}},
  };
  return m;
}

// Checked by hand: the hidden rows of these two files hold only empty cells.
bool empty_feature(const std::string& path, const std::string& feature) {
  return feature == "hidden-rows" &&
         (path.ends_with("external_link_import_xml_MSO15.ods") || path.ends_with("issue.2507.ods"));
}

// The corpus ODS files: read without a crash, and what the MANIFEST says
// they hide shows up as the visibilities it should.
TEST(OdsCorpus, EverySpreadsheetIsReadAndItsHiddenFeaturesShowUp) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  std::size_t files = 0;
  for (const auto& file : testing::corpus_entries(corpus, {".ods"})) {
    SCOPED_TRACE(file.path);
    ++files;
    const std::string bytes = testing::read_file(corpus + "/" + file.path);
    if (file.features.count("encrypted")) {
      try {
        testing::collect_package(bytes);
        ADD_FAILURE() << "an encrypted ODS must not read as clean";
      } catch (const formats::FormatError& e) {
        EXPECT_NE(std::string(e.what()).find("encrypted"), std::string::npos) << e.what();
      }
      continue;
    }
    const Collected c = testing::collect_package(bytes, 64u << 10);
    for (const auto& feature : testing::features_not_shown(c, file.features, feature_visibilities())) {
      EXPECT_TRUE(empty_feature(file.path, feature)) << "MANIFEST feature '" << feature << "' not seen";
    }
  }
  EXPECT_GE(files, 10u);
}

}  // namespace
}  // namespace foiguard
