// Every Excel workbook of the shared corpus (real files from Excel, Google
// Sheets, LibreOffice and fuzzers) through sniff and the package reader: no
// crash, and the hidden features its MANIFEST lists come back as the
// visibilities they should.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "foiguard/scanner.hpp"
#include "formats_collect.hpp"
#include "test_support.hpp"

namespace foiguard::formats {
namespace {

using foiguard::testing::CorpusEntry;
using foiguard::testing::FeatureVisibilities;

std::vector<CorpusEntry> workbooks_in_manifest(const std::string& corpus) {
  auto entries = foiguard::testing::corpus_entries(corpus, {".xlsx", ".xlsm"});
  // Office's "~$name.xlsx" owner lock files are not workbooks.
  std::erase_if(entries, [](const CorpusEntry& e) { return e.features.count("owner-lock-file") > 0; });
  return entries;
}

// MANIFEST feature -> the visibilities that show it.
const FeatureVisibilities& feature_visibilities() {
  static const FeatureVisibilities m = {
      {"hidden-sheet", {Visibility::hidden_sheet}},
      {"veryhidden", {Visibility::very_hidden_sheet}},
      {"hidden-rows", {Visibility::hidden_row, Visibility::filtered_row, Visibility::collapsed_outline}},
      {"hidden-cols", {Visibility::hidden_column, Visibility::collapsed_outline}},
      {"comments", {Visibility::comment}},
      {"threaded-comments", {Visibility::comment}},
      {"pivot-cache", {Visibility::pivot_cache}},
      {"external-link-cache", {Visibility::external_link_cache}},
      {"chart-cache", {Visibility::chart_cache}},
      {"defined-names", {Visibility::defined_name}},
      {"metadata-author", {Visibility::metadata}},
  };
  return m;
}

// MANIFEST features that rightly yield no span of their visibility, each
// checked by hand in the file's XML.
bool empty_feature(const std::string& path, const std::string& feature) {
  static const std::set<std::pair<std::string, std::string>> known = {
      // The hidden columns O:R are on sheet "Others", itself a hidden sheet:
      // the sheet's visibility wins (hidden_sheet).
      {"apache-poi/test-data/spreadsheet/46535.xlsx", "hidden-cols"},
      // Its two hidden rows (2 and 3 of sheet2.xml) hold no cells.
      {"apache-poi/test-data/spreadsheet/clusterfuzz-testcase-minimized-POIXSSFFuzzer-5937385319563264.xlsx",
       "hidden-rows"},
      // Hidden column E and hidden row 5 hold only styled, empty cells.
      {"phpspreadsheet/tests/data/Reader/XLSX/rowColumnAttributeTest.xlsx", "hidden-cols"},
      {"phpspreadsheet/tests/data/Reader/XLSX/rowColumnAttributeTest.xlsx", "hidden-rows"},
      // Hidden row 21 is an empty <row/>.
      {"xlsxwriter/xlsxwriter/test/comparison/xlsx_files/set_row03.xlsx", "hidden-rows"},
  };
  return known.count({path, feature}) > 0;
}

TEST(XlsxCorpus, EveryWorkbookIsReadAndItsHiddenFeaturesShowUp) {
  const std::string corpus = foiguard::testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  const auto workbooks = workbooks_in_manifest(corpus);
  ASSERT_GE(workbooks.size(), 20u) << "the MANIFEST lists the corpus workbooks";
  std::size_t read = 0;
  for (const auto& wb : workbooks) {
    SCOPED_TRACE(wb.path);
    const std::string bytes = foiguard::testing::read_file(corpus + "/" + wb.path);
    const Sniffed sniffed = sniff(bytes, wb.path);
    if (wb.features.count("encrypted")) {
      EXPECT_EQ(sniffed.format, "encrypted-office");
      continue;
    }
    ASSERT_EQ(sniffed.kind, Kind::package);
    foiguard::testing::Collected c;
    try {
      c = foiguard::testing::collect_package(bytes, 64u << 10);
    } catch (const FormatError& e) {
      EXPECT_TRUE(wb.features.count("corrupt")) << "only corrupt files may fail as a whole: " << e.what();
      continue;
    }
    ++read;
    for (const auto& feature : foiguard::testing::features_not_shown(c, wb.features, feature_visibilities())) {
      EXPECT_TRUE(empty_feature(wb.path, feature)) << "MANIFEST feature '" << feature << "' not seen";
    }
  }
  EXPECT_GE(read, 18u);
}

// The same files through the whole scanner: a verdict for each, never a crash.
TEST(XlsxCorpus, EveryWorkbookGetsAVerdict) {
  const std::string corpus = foiguard::testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  const Scanner scanner(foiguard::testing::builtin_detector(), ScanOptions{});
  for (const auto& wb : workbooks_in_manifest(corpus)) {
    SCOPED_TRACE(wb.path);
    const FileReport r = scanner.scan_file(corpus + "/" + wb.path);
    if (wb.features.count("encrypted")) {
      EXPECT_EQ(r.verdict, Verdict::error);
      EXPECT_NE(r.error.find("encrypted"), std::string::npos) << r.error;
    } else if (!wb.features.count("corrupt")) {
      EXPECT_TRUE(r.error.empty()) << r.error;
      EXPECT_TRUE(r.format == "xlsx" || r.format == "xlsm") << r.format;
    }
  }
}

}  // namespace
}  // namespace foiguard::formats
