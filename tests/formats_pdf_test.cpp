// The PDF reader's page text: what a reader of the page sees, what lies under
// a box, what is invisible; on committed fixtures made by reportlab, qpdf and
// LibreOffice (tests/data/pdf/README.md says what each holds) and on the
// shared corpus's failed redactions (freelawproject/x-ray's test files).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "formats_collect.hpp"
#include "test_support.hpp"

namespace foiguard::formats {
namespace {

using foiguard::testing::Collected;
using foiguard::testing::CollectedSpan;
using foiguard::testing::collect_any;
using foiguard::testing::count_with;
using foiguard::testing::fixture_bytes;
using foiguard::testing::span_with;

#define SKIP_WITHOUT_PDF() \
  if (pdf_support().empty()) GTEST_SKIP() << "built without PDF support (FOIGUARD_WITH_PDF=OFF)"
#define SKIP_WITHOUT_CORPUS() \
  if (foiguard::testing::corpus_dir().empty()) GTEST_SKIP() << "shared corpus absent"

Collected read_fixture(std::string_view name) {
  const std::string bytes = fixture_bytes("pdf", name);
  return collect_any(bytes, name);
}

Collected read_corpus(const std::string& path) {
  const std::string bytes = foiguard::testing::read_file(foiguard::testing::corpus_dir() + "/" + path);
  return collect_any(bytes, path);
}

// The page text of `c` with `visibility`, one string per span.
std::vector<std::string> texts_with(const Collected& c, Visibility visibility) {
  std::vector<std::string> out;
  for (const auto& s : c.spans)
    if (s.span.visibility == visibility) out.push_back(s.text);
  return out;
}

bool any_contains(const std::vector<std::string>& texts, std::string_view needle) {
  return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.find(needle) != std::string::npos; });
}

TEST(FormatsPdfCorpus, TextUnderBlackBoxesIsUnderRedaction) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  const Collected yes = read_corpus("x-ray/tests/assets/rectangles_yes.pdf");
  const auto covered = texts_with(yes, Visibility::under_redaction);
  EXPECT_TRUE(any_contains(covered, "but did not disclose all relevant medical history")) << ::testing::PrintToString(covered);
  // The rest of the page stays visible, with its page and box.
  const CollectedSpan& title = span_with(yes, "Yes");
  EXPECT_EQ(title.scope.page, 1u);
  const std::vector<std::string> visible = texts_with(yes, Visibility::visible);
  EXPECT_GT(visible.size(), 20u);

  const Collected hatched = read_corpus("x-ray/tests/assets/bad_cross_hatched_redactions.pdf");
  EXPECT_TRUE(any_contains(texts_with(hatched, Visibility::under_redaction), "November 2019"));
}

TEST(FormatsPdfCorpus, BoxesDrawnUnderTextOrBesideItHideNothing) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  for (const char* path : {"x-ray/tests/assets/rectangles_no.pdf", "x-ray/tests/assets/rect_ordering_4.1.pdf"}) {
    SCOPED_TRACE(path);
    const Collected c = read_corpus(path);
    EXPECT_GT(c.spans.size(), 10u);
    EXPECT_TRUE(texts_with(c, Visibility::under_redaction).empty())
        << ::testing::PrintToString(texts_with(c, Visibility::under_redaction));
    EXPECT_TRUE(texts_with(c, Visibility::invisible_text).empty());
  }
}

TEST(FormatsPdfCorpus, OcrTextOverAScanIsWhatTheReaderSees) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  // Render mode 3 (invisible) text laid over page images: an OCR layer.
  const Collected c = read_corpus("qpdf/qpdf/qtest/qpdf/numeric-and-string-2.pdf");
  const CollectedSpan& ocr = span_with(c, "0020013");
  EXPECT_EQ(ocr.span.visibility, Visibility::visible);
  EXPECT_EQ(ocr.scope.page, 1u);
  EXPECT_EQ(span_with(c, "0020017").scope.page, 4u);
}

// Every PDF of the corpus, the corrupt and encrypted ones included: a result
// or a FormatError, quickly, never a crash.
TEST(FormatsPdfCorpus, EveryPdfReadsOrFailsCleanly) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  const auto entries = foiguard::testing::corpus_entries(foiguard::testing::corpus_dir(), {".pdf"});
  ASSERT_GT(entries.size(), 20u);
  std::size_t read = 0, refused = 0, encrypted = 0;
  for (const auto& entry : entries) {
    SCOPED_TRACE(entry.path);
    const auto start = std::chrono::steady_clock::now();
    try {
      const Collected c = read_corpus(entry.path);
      EXPECT_EQ(c.stats.format, "pdf");
      ++read;
    } catch (const FormatError& e) {
      const std::string what = e.what();
      if (what.find("encrypted: cannot be checked") != std::string::npos) ++encrypted;
      EXPECT_FALSE(what.empty());
      ++refused;
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  }
  EXPECT_GT(read, entries.size() / 2);
  // The corpus holds files that need a user password (MANIFEST: user-password).
  EXPECT_GE(encrypted, 1u);
}

}  // namespace
}  // namespace foiguard::formats
