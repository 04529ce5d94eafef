// The PDF reader's page text: what a reader of the page sees, what lies under
// a box, what is invisible; on committed fixtures made by reportlab, qpdf and
// LibreOffice (tests/data/pdf/README.md says what each holds) and on the
// shared corpus's failed redactions (freelawproject/x-ray's test files).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "formats/pdf/utf8_out.hpp"
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

Collected read_fixture(std::string_view name) {
  const std::string bytes = fixture_bytes("pdf", name);
  return collect_any(bytes, name);
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

// ---- committed fixtures (tests/data/pdf/make_pdf_fixtures.py)

const char* const kCovered = "DS 4521 Tobias Okonkwo-Hartley, Pay No 612345, Covert Operations Unit";
const char* const kVisibleControl = "DS 7781 Hamish Quartey-Lindqvist, Pay No 655310";

TEST(FormatsPdf, TextUnderABoxDrawnAfterItIsUnderRedaction) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_fixture("black_box.pdf");
  EXPECT_EQ(c.stats.format, "pdf");
  EXPECT_TRUE(c.stats.not_checked.empty());
  const CollectedSpan& covered = span_with(c, "Tobias Okonkwo-Hartley");
  EXPECT_EQ(covered.text, kCovered);
  EXPECT_EQ(covered.span.visibility, Visibility::under_redaction);
  EXPECT_EQ(covered.scope.page, 1u);
  EXPECT_EQ(covered.span.line, 2u);
  // Its box is where the line is drawn: x 72, baseline 750 from the bottom
  // of an 842 pt page, so about 92 pt from the top.
  ASSERT_GT(covered.span.box, 0u);
  // Boxes are checked through the scanner below; here, the other boxes.
  for (const char* hidden : {"Sgt 287 Ifeoma Nwachukwu-Brandt", "Insp Caoimhe Ní Bhriain",
                             "DC 6120 Rasmus Featherstonehaugh", "PC 4410 Yusuf Abernethy-Osei"}) {
    SCOPED_TRACE(hidden);
    EXPECT_EQ(span_with(c, hidden).span.visibility, Visibility::under_redaction);
  }
  // A box over the pay number alone: the line splits into runs of one record.
  const CollectedSpan& named = span_with(c, "PC 3310 Ewa Przybylski");
  const CollectedSpan& number = span_with(c, "604417");
  EXPECT_EQ(named.span.visibility, Visibility::visible);
  EXPECT_EQ(named.text, "PC 3310 Ewa Przybylski, Pay No");
  EXPECT_EQ(number.text, "604417");
  EXPECT_EQ(number.span.visibility, Visibility::under_redaction);
  EXPECT_EQ(number.span.record, named.span.record);
  EXPECT_EQ(number.span.column, 32u);
  // A highlight under a line, and a box over nothing, hide nothing.
  EXPECT_EQ(span_with(c, "checked by the disclosure team").span.visibility, Visibility::visible);
  EXPECT_EQ(span_with(c, kVisibleControl).span.visibility, Visibility::visible);
  EXPECT_EQ(span_with(c, "The review was completed").span.visibility, Visibility::visible);
}

TEST(FormatsPdf, InvisibleTextIsInvisible) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_fixture("invisible.pdf");
  for (const char* hidden : {"PC 5502 Beatriz Oyelaran-Fitch",   // white on white
                             "DS 6633 Kwabena Thorsdottir",      // render mode 3
                             "Sgt 1190 Marisol Achterberg",      // 0.5 pt
                             "PC 8812 Declan Szymanowski",       // right of the page
                             "DC 9023 Ottilie Mbeki-Rourke"}) {  // below it
    SCOPED_TRACE(hidden);
    EXPECT_EQ(span_with(c, hidden).span.visibility, Visibility::invisible_text);
  }
  EXPECT_EQ(span_with(c, kVisibleControl).span.visibility, Visibility::visible);
  EXPECT_EQ(span_with(c, "Officer numbers by rank").span.visibility, Visibility::visible);
}

TEST(FormatsPdf, ALineAnEditRemovedIsAnEarlierRevision) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_fixture("incremental.pdf");
  const CollectedSpan& removed = span_with(c, "Marguerite Ashdown-Velasquez");
  EXPECT_EQ(removed.text, "PC 2231 Marguerite Ashdown-Velasquez, Warrant No 40417");
  EXPECT_EQ(removed.span.visibility, Visibility::earlier_revision);
  EXPECT_EQ(removed.scope.part, "earlier revision 1");
  EXPECT_EQ(removed.scope.page, 1u);
  EXPECT_GT(removed.span.box, 0u);
  // What the final revision still shows is read once, as page text.
  EXPECT_EQ(count_with(c, "holds no further information"), 1u);
  EXPECT_EQ(span_with(c, "holds no further information").span.visibility, Visibility::visible);
  EXPECT_EQ(count_with(c, "Marguerite"), 1u);
}

TEST(FormatsPdf, UnappliedRedactAnnotationHidesNothing) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_fixture("redact_annot.pdf");
  EXPECT_EQ(span_with(c, "Leopold Castellanos-Wright").span.visibility, Visibility::under_redaction);
  EXPECT_EQ(span_with(c, "Officer in the case").span.visibility, Visibility::visible);
  const CollectedSpan& note = span_with(c, "Remove the officer's name");
  EXPECT_EQ(note.span.visibility, Visibility::comment);
  EXPECT_EQ(note.author, "Disclosure Officer");
  EXPECT_EQ(note.header, "redaction note");
  EXPECT_EQ(span_with(c, "REDACTED").header, "redaction overlay");
}

TEST(FormatsPdf, AnnotationsFieldsBookmarksAndMetadata) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_fixture("annotations.pdf");
  const CollectedSpan& note = span_with(c, "Complaint handled by PC 3310 Ewa Przybylski");
  EXPECT_EQ(note.span.visibility, Visibility::comment);
  EXPECT_EQ(note.author, "Imogen Varga-Holloway");
  EXPECT_EQ(note.scope.part, "annotations");
  EXPECT_EQ(note.scope.page, 1u);
  const CollectedSpan& field = span_with(c, "Pay No 604417 Ewa Przybylski");
  EXPECT_EQ(field.span.visibility, Visibility::visible);
  EXPECT_EQ(field.header, "officer");
  EXPECT_EQ(field.scope.part, "form fields");
  const CollectedSpan& bookmark = span_with(c, "Complaint against Sgt Ifeoma Nwachukwu-Brandt");
  EXPECT_EQ(bookmark.scope.part, "bookmarks");
  EXPECT_EQ(bookmark.span.visibility, Visibility::visible);
  const CollectedSpan& author = span_with(c, "Rupert Delacroix-Amadi");
  EXPECT_EQ(author.span.visibility, Visibility::metadata);
  EXPECT_EQ(author.header, "creator");
  EXPECT_EQ(author.scope.part, "document info");
  const bool titled = std::any_of(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) {
    return s.text == "Complaint outcome letter" && s.header == "document title" && s.scope.part == "document info";
  });
  EXPECT_TRUE(titled);
  const CollectedSpan& xmp = span_with(c, "Perpetua Onyango-Sinclair");
  EXPECT_EQ(xmp.span.visibility, Visibility::metadata);
  EXPECT_EQ(xmp.header, "creator");
  EXPECT_EQ(xmp.scope.part, "XMP metadata");
}

TEST(FormatsPdf, AttachmentsAreReadByTheirOwnFormat) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_fixture("attachment.pdf");
  const CollectedSpan& row = span_with(c, "Okonkwo-Hartley");
  EXPECT_EQ(row.span.visibility, Visibility::attachment);
  EXPECT_EQ(row.scope.container, std::vector<std::string>{"staff.csv"});
  EXPECT_EQ(row.header, "Surname");
  const CollectedSpan& nested = span_with(c, "Rhiannon Featherstonehaugh");
  EXPECT_EQ(nested.span.visibility, Visibility::attachment);
  EXPECT_EQ(nested.scope.container, std::vector<std::string>{"statement.pdf"});
  EXPECT_EQ(nested.scope.page, 1u);
  EXPECT_EQ(span_with(c, "The requested figures are attached.").span.visibility, Visibility::visible);
}

TEST(FormatsPdf, AnImageOnlyPageCannotBeChecked) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_fixture("scanned.pdf");
  EXPECT_TRUE(foiguard::testing::has_text_containing(c, "Page 2 is a scanned copy"));
  ASSERT_EQ(c.stats.not_checked.size(), 1u);
  EXPECT_EQ(c.stats.not_checked[0].part, "page 2");
  EXPECT_NE(c.stats.not_checked[0].reason.find("page 2 is an image: cannot be checked"), std::string::npos);
}

TEST(FormatsPdf, EncryptedWithAPasswordIsRefusedWithoutOneIsRead) {
  SKIP_WITHOUT_PDF();
  try {
    read_fixture("encrypted_user.pdf");
    ADD_FAILURE() << "a file that needs a password was read";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "encrypted: cannot be checked (it needs a password to open)");
  }
  const Collected c = read_fixture("encrypted_owner_only.pdf");
  EXPECT_EQ(span_with(c, "Anselm Kowalczyk-Reyes").span.visibility, Visibility::visible);
}

TEST(FormatsPdf, LibreOfficeExport) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_fixture("libreoffice_export.pdf");
  // LibreOffice wraps the paragraph: its last word is the next line.
  const CollectedSpan& line = span_with(c, "Rhiannon Featherstonehaugh");
  EXPECT_EQ(line.text.rfind("DC 5120 Rhiannon Featherstonehaugh, Pay No 618803", 0), 0u) << line.text;
  EXPECT_EQ(line.span.visibility, Visibility::visible);
  EXPECT_EQ(line.scope.page, 1u);
  const CollectedSpan& author = span_with(c, "Griselda Oduya-Pemberton");
  EXPECT_EQ(author.span.visibility, Visibility::metadata);
}

TEST(FormatsPdf, BrokenAndHostileFilesFailCleanlyAndQuickly) {
  SKIP_WITHOUT_PDF();
  struct Case {
    const char* file;
    bool readable;
  };
  for (const Case& k : {Case{"truncated.pdf", false}, Case{"not_really.pdf", false},
                        Case{"deep_nesting.pdf", true}, Case{"bad_length.pdf", true},
                        Case{"xref_loop.pdf", true}}) {
    SCOPED_TRACE(k.file);
    const auto start = std::chrono::steady_clock::now();
    try {
      const Collected c = read_fixture(k.file);
      EXPECT_TRUE(k.readable);
      if (std::string_view(k.file) != "xref_loop.pdf") {
        // Poppler's repairs are reported, so the file cannot pass as clean.
        ASSERT_FALSE(c.stats.warnings.empty());
        EXPECT_EQ(c.stats.warnings[0].rfind("damaged PDF: ", 0), 0u) << c.stats.warnings[0];
      }
    } catch (const FormatError& e) {
      EXPECT_FALSE(k.readable) << e.what();
      EXPECT_NE(std::string(e.what()).find("not a readable PDF"), std::string::npos) << e.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  }
}

TEST(FormatsPdf, TheTimeBudgetStopsTheRestOfTheFile) {
  SKIP_WITHOUT_PDF();
  const std::string bytes = fixture_bytes("pdf", "visible.pdf");
  Collected out;
  PackageOptions options;
  options.pdf_time_budget = std::chrono::milliseconds(0);
  out.stats = read_pdf(bytes, options, foiguard::testing::collecting_sink(out));
  ASSERT_FALSE(out.stats.not_checked.empty());
  EXPECT_EQ(out.stats.not_checked[0].part, "pages 1-2");
  EXPECT_NE(out.stats.not_checked[0].reason.find("time budget"), std::string::npos);
}

TEST(FormatsPdf, ScannerBlocksAFailedRedactionAndLocatesIt) {
  SKIP_WITHOUT_PDF();
  const FileReport report = foiguard::testing::scan_bytes("response.pdf", fixture_bytes("pdf", "black_box.pdf"));
  EXPECT_EQ(report.format, "pdf");
  EXPECT_EQ(report.verdict, Verdict::block);
  const auto it = std::find_if(report.findings.begin(), report.findings.end(), [](const Finding& f) {
    return f.visibility == Visibility::under_redaction && f.category == Category::pay_number &&
           f.location.box && f.location.box->y0 < 100;
  });
  ASSERT_NE(it, report.findings.end());
  EXPECT_EQ(it->masked, "6*****");
  EXPECT_EQ(it->location.page, 1u);
  EXPECT_NEAR(it->location.box->x0, 72.0, 0.5);
  EXPECT_NEAR(it->location.box->y0, 842.0 - 750 - 11 * 0.8, 1.0);  // baseline 750, ascent 0.8 em
  EXPECT_GT(it->location.box->x1, 400.0);
  EXPECT_EQ(describe(it->location).rfind("response.pdf: page 1, line 2, col ", 0), 0u) << describe(it->location);
  const FileReport scanned = foiguard::testing::scan_bytes("scan.pdf", fixture_bytes("pdf", "scanned.pdf"));
  EXPECT_EQ(scanned.verdict, Verdict::review);
}

TEST(FormatsPdf, GlyphTextBecomesTextAPatternCanMatch) {
  std::string out;
  for (const std::uint32_t cp : {0x47u, 0x72u, 0x69u, 0xFB03u, 0x74u, 0x68u, 0x73u}) pdf::append_text_utf8(out, cp);
  EXPECT_EQ(out, "Griffiths");  // the ffi ligature would hide the name from every pattern
  out.clear();
  for (const std::uint32_t cp : {0x4Eu, 0xEDu, 0x09u, 0xD800u, 0x110000u, 0xA0u, 0x1F600u}) pdf::append_text_utf8(out, cp);
  EXPECT_EQ(out, "N\xC3\xAD  \xF0\x9F\x98\x80");
}

TEST(CliPdf, AFailedRedactionBlocksWithBoxesAndNoValueInTheReport) {
  SKIP_WITHOUT_PDF();
  const auto r = foiguard::testing::run_cli(
      {"scan", "--format", "json", foiguard::testing::source_path("tests/data/pdf/black_box.pdf")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const char* raw : {"Okonkwo-Hartley", "612345", "Featherstonehaugh"})
    EXPECT_EQ(r.out.find(raw), std::string::npos) << raw << " leaked into the report";
  const auto doc = nlohmann::json::parse(r.out);
  const auto& file = doc["files"][0];
  EXPECT_EQ(file["format"], "pdf");
  EXPECT_EQ(file["verdict"], "block");
  std::size_t covered = 0;
  for (const auto& f : file["findings"]) {
    ASSERT_TRUE(f["location"]["box"].is_array()) << f.dump();
    EXPECT_EQ(f["location"]["box"].size(), 4u);
    EXPECT_EQ(f["location"]["page"], 1);
    if (f["visibility"] == "under_redaction") ++covered;
  }
  EXPECT_GE(covered, 20u);

  const auto version = foiguard::testing::run_cli({"version"});
  EXPECT_NE(version.out.find("PDF: poppler "), std::string::npos) << version.out;
}

TEST(FormatsPdfCorpus, TextUnderBlackBoxesIsUnderRedaction) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  const Collected yes = foiguard::testing::collect_corpus_file("x-ray/tests/assets/rectangles_yes.pdf");
  const auto covered = texts_with(yes, Visibility::under_redaction);
  EXPECT_TRUE(any_contains(covered, "but did not disclose all relevant medical history")) << ::testing::PrintToString(covered);
  // The rest of the page stays visible, with its page and box.
  const CollectedSpan& title = span_with(yes, "Yes");
  EXPECT_EQ(title.scope.page, 1u);
  const std::vector<std::string> visible = texts_with(yes, Visibility::visible);
  EXPECT_GT(visible.size(), 20u);

  const Collected hatched = foiguard::testing::collect_corpus_file("x-ray/tests/assets/bad_cross_hatched_redactions.pdf");
  EXPECT_TRUE(any_contains(texts_with(hatched, Visibility::under_redaction), "November 2019"));
}

TEST(FormatsPdfCorpus, BoxesDrawnUnderTextOrBesideItHideNothing) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  for (const char* path : {"x-ray/tests/assets/rectangles_no.pdf", "x-ray/tests/assets/rect_ordering_4.1.pdf"}) {
    SCOPED_TRACE(path);
    const Collected c = foiguard::testing::collect_corpus_file(path);
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
  const Collected c = foiguard::testing::collect_corpus_file("qpdf/qpdf/qtest/qpdf/numeric-and-string-2.pdf");
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
      const Collected c = foiguard::testing::collect_corpus_file(entry.path);
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
