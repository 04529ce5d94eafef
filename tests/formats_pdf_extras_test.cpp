// What a PDF carries besides its page text (annotations, form fields,
// bookmarks, metadata, attachments) and its earlier revisions: on small PDFs
// written here object by object (each case in a few lines, with invented
// people), on the committed fixtures, and on the shared corpus's files
// (pdfium, tika, pdf.js, qpdf, x-ray test files).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "formats_collect.hpp"
#include "test_support.hpp"

#ifdef FOIGUARD_WITH_PDF
#include <PDFDoc.h>

#include "formats/pdf/document_extras.hpp"
#include "formats/pdf/line_writer.hpp"
#include "formats/pdf/poppler_session.hpp"
#include "formats/pdf/revisions.hpp"
#endif

namespace foiguard::formats {
namespace {

using foiguard::testing::Collected;
using foiguard::testing::CollectedSpan;
using foiguard::testing::collect_any;
using foiguard::testing::count_with;
using foiguard::testing::fixture_bytes;
using foiguard::testing::note_for;
using foiguard::testing::span_with;


// A PDF from its objects (object i + 1 is objects[i]; 1 is the catalog),
// with a correct cross-reference table. `trailer` adds trailer entries.
std::string make_pdf(const std::vector<std::string>& objects, std::string_view trailer = {}) {
  std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += fmt::format("{} 0 obj\n{}\nendobj\n", i + 1, objects[i]);
  }
  const std::size_t xref = out.size();
  out += fmt::format("xref\n0 {}\n0000000000 65535 f \n", objects.size() + 1);
  for (const std::size_t offset : offsets) out += fmt::format("{:010} 00000 n \n", offset);
  out += fmt::format("trailer\n<< /Size {} /Root 1 0 R {} >>\nstartxref\n{}\n%%EOF\n", objects.size() + 1, trailer,
                     xref);
  return out;
}

std::string stream_object(std::string_view dict_entries, std::string_view data) {
  return fmt::format("<< {} /Length {} >>\nstream\n{}\nendstream", dict_entries, data.size() + 1, data);
}

// Objects 2-5 of every synthetic file: the page tree, one page with `annots`,
// its content (two lines of text) and its font.
std::vector<std::string> one_page(std::string_view catalog_extra, std::string_view annots) {
  return {fmt::format("<< /Type /Catalog /Pages 2 0 R {} >>", catalog_extra),
          "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          fmt::format("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                      "/Resources << /Font << /F1 5 0 R >> >> /Annots [{}] >>",
                      annots),
          stream_object("", "BT /F1 12 Tf 72 700 Td (PC 3310 Ewa Przybylski, Pay No 604417) Tj ET\n"
                            "BT /F1 12 Tf 72 650 Td (Sgt 287 Ifeoma Nwachukwu-Brandt) Tj ET"),
          "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"};
}

Collected read_bytes(const std::string& bytes, PackageOptions options = {}) {
  Collected out;
  options.batch_bytes = 1u << 20;
  out.stats = read_pdf(bytes, options, foiguard::testing::collecting_sink(out));
  return out;
}

// The spans of `c` in `part` labelled `header`, outside attached files.
std::vector<std::string> notes(const Collected& c, std::string_view part, std::string_view header) {
  std::vector<std::string> out;
  for (const auto& s : c.spans)
    if (s.scope.container.empty() && s.scope.part.value_or("") == part && s.header == header)
      out.push_back(s.text);
  return out;
}

// ---- annotations, form fields, document info, attachments: synthetic files

// A sticky note with its popup saying more than the note, a file attachment
// annotation with its popup repeating it, an opaque and a hidden
// Square, a Redact annotation with two QuadPoints quads, a choice field with
// two values and a signed signature field; Info with a custom key; one CSV
// attached twice (EmbeddedFiles tree and a file attachment annotation).
std::string annotated_pdf() {
  std::vector<std::string> objects = one_page(
      "/AcroForm << /Fields [6 0 R 7 0 R] >> /Names << /EmbeddedFiles << /Names [(roster.csv) 17 0 R] >> >>",
      "6 0 R 7 0 R 9 0 R 10 0 R 11 0 R 12 0 R 13 0 R 14 0 R 16 0 R");
  objects.push_back(  // 6: a multiple-choice list, both picked
      "<< /Type /Annot /Subtype /Widget /P 3 0 R /Rect [300 100 400 150] /FT /Ch /Ff 2097152 /T (ranks) "
      "/Opt [(Sergeant) (Inspector) (Constable)] /V [(Sergeant) (Inspector)] >>");
  objects.push_back(  // 7: a signature field
      "<< /Type /Annot /Subtype /Widget /P 3 0 R /Rect [0 0 0 0] /FT /Sig /T (approval) /V 8 0 R >>");
  objects.push_back("<< /Type /Sig /Name (Insp Caoimhe Ni Bhriain) /Reason (Approved for release) "
                    "/Location (Northtown) >>");  // 8
  objects.push_back(  // 9: a sticky note
      "<< /Type /Annot /Subtype /Text /Rect [500 700 520 720] /Contents (Check DS 6633 Kwabena Thorsdottir) "
      "/T (Imogen Varga-Holloway) /Popup 11 0 R >>");
  objects.push_back("<< /Type /Annot /Subtype /Popup /Rect [20 40 90 90] /Parent 16 0 R "
                    "/Contents (roster.csv) >>");  // 10: repeats its parent's text
  objects.push_back("<< /Type /Annot /Subtype /Popup /Rect [500 500 590 600] /Parent 9 0 R "
                    "/Contents (Reply: PC 5502 Beatriz Oyelaran-Fitch agrees) >>");  // 11: its popup, saying more
  objects.push_back(  // 12: an opaque black Square over line 1
      "<< /Type /Annot /Subtype /Square /Rect [60 690 420 716] /IC [0 0 0] /C [0 0 0] /CA 1 >>");
  objects.push_back(  // 13: the same over line 2, but hidden
      "<< /Type /Annot /Subtype /Square /Rect [60 640 420 666] /IC [0 0 0] /F 2 >>");
  objects.push_back(  // 14: an unapplied redaction marking two areas
      "<< /Type /Annot /Subtype /Redact /Rect [0 0 595 842] /T (Disclosure Officer) "
      "/QuadPoints [100 560 200 560 100 540 200 540 300 520 350 520 300 500 350 500] "
      "/Contents (Withhold under s40) /OverlayText (WITHHELD) >>");
  objects.push_back(  // 15: Info
      "<< /Author (Rupert Delacroix-Amadi) /Creator (Synthetic Writer 1.0) /Producer (Synthetic PDF 2.0) "
      "/Title (Complaint outcome letter) /Reviewer (DC 9023 Ottilie Mbeki-Rourke) /ModDate (D:20240101) >>");
  objects.push_back(  // 16: a file attachment annotation for the same file
      "<< /Type /Annot /Subtype /FileAttachment /Rect [20 20 40 40] /FS 17 0 R /Contents (roster.csv) "
      "/T (Imogen Varga-Holloway) /Popup 10 0 R >>");
  objects.push_back(  // 17
      "<< /Type /Filespec /F (roster.csv) /UF (roster.csv) /Desc (Roster of DC 5120 Rhiannon Featherstonehaugh) "
      "/EF << /F 18 0 R >> >>");
  objects.push_back(stream_object("/Type /EmbeddedFile",
                                  "Surname,Forename,Pay No\nOkonkwo-Hartley,Tobias,612345"));  // 18
  return make_pdf(objects, "/Info 15 0 R");
}

TEST(FormatsPdfExtras, CommentsAndPopupsOnceEachWithTheirAuthor) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_bytes(annotated_pdf());
  const CollectedSpan& note = span_with(c, "Check DS 6633 Kwabena Thorsdottir");
  EXPECT_EQ(count_with(c, "Check DS 6633 Kwabena Thorsdottir"), 1u);
  EXPECT_EQ(note.span.visibility, Visibility::comment);
  EXPECT_EQ(note.header, "comment");
  EXPECT_EQ(note.author, "Imogen Varga-Holloway");
  EXPECT_EQ(note.scope.part, "annotations");
  EXPECT_EQ(note.scope.page, 1u);
  const CollectedSpan& popup = span_with(c, "Beatriz Oyelaran-Fitch");
  EXPECT_EQ(popup.header, "popup");
  EXPECT_EQ(popup.author, "Imogen Varga-Holloway");  // the parent's /T
  EXPECT_EQ(popup.span.visibility, Visibility::comment);
  EXPECT_EQ(notes(c, "annotations", "attachment note"), std::vector<std::string>{"roster.csv"});
  EXPECT_EQ(notes(c, "annotations", "popup").size(), 1u);  // the attachment's popup repeats it: not read

  const CollectedSpan& redaction = span_with(c, "Withhold under s40");
  EXPECT_EQ(redaction.header, "redaction note");
  EXPECT_EQ(redaction.author, "Disclosure Officer");
  const CollectedSpan& overlay = span_with(c, "WITHHELD");
  EXPECT_EQ(overlay.header, "redaction overlay");
  EXPECT_EQ(overlay.span.visibility, Visibility::visible);
}

TEST(FormatsPdfExtras, AnOpaqueSquareAnnotationCoversTextAHiddenOneDoesNot) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_bytes(annotated_pdf());
  EXPECT_EQ(span_with(c, "PC 3310 Ewa Przybylski").span.visibility, Visibility::under_redaction);
  EXPECT_EQ(span_with(c, "Ifeoma Nwachukwu-Brandt").span.visibility, Visibility::visible);
}

TEST(FormatsPdfExtras, FieldValuesAndSignaturesAreVisible) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_bytes(annotated_pdf());
  EXPECT_EQ(notes(c, "form fields", "ranks"), std::vector<std::string>{"Sergeant; Inspector"});
  EXPECT_EQ(notes(c, "form fields", "signer name (approval)"), std::vector<std::string>{"Insp Caoimhe Ni Bhriain"});
  EXPECT_EQ(notes(c, "form fields", "signing reason (approval)"), std::vector<std::string>{"Approved for release"});
  EXPECT_EQ(notes(c, "form fields", "signing location (approval)"), std::vector<std::string>{"Northtown"});
  EXPECT_EQ(span_with(c, "Caoimhe Ni Bhriain").span.visibility, Visibility::visible);
}

TEST(FormatsPdfExtras, DocumentInfoSaysWhatEachEntryIs) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_bytes(annotated_pdf());
  EXPECT_EQ(notes(c, "document info", "creator"), std::vector<std::string>{"Rupert Delacroix-Amadi"});
  EXPECT_EQ(notes(c, "document info", "creator tool"), std::vector<std::string>{"Synthetic Writer 1.0"});
  EXPECT_EQ(notes(c, "document info", "producer"), std::vector<std::string>{"Synthetic PDF 2.0"});
  EXPECT_EQ(notes(c, "document info", "document title"), std::vector<std::string>{"Complaint outcome letter"});
  EXPECT_EQ(notes(c, "document info", "Reviewer"), std::vector<std::string>{"DC 9023 Ottilie Mbeki-Rourke"});
  EXPECT_EQ(span_with(c, "Ottilie Mbeki-Rourke").span.visibility, Visibility::metadata);
  EXPECT_EQ(count_with(c, "D:2024"), 0u);  // dates are no one's data
}

TEST(FormatsPdfExtras, AFileAttachedTwiceIsReadOnceByItsOwnFormat) {
  SKIP_WITHOUT_PDF();
  const Collected c = read_bytes(annotated_pdf());
  EXPECT_EQ(notes(c, "attachments", "attachment name"), std::vector<std::string>{"roster.csv"});
  EXPECT_EQ(notes(c, "attachments", "attachment description"),
            std::vector<std::string>{"Roster of DC 5120 Rhiannon Featherstonehaugh"});
  EXPECT_EQ(count_with(c, "Okonkwo-Hartley"), 1u);
  const CollectedSpan& cell = span_with(c, "Okonkwo-Hartley");
  EXPECT_EQ(cell.span.visibility, Visibility::attachment);
  EXPECT_EQ(cell.header, "Surname");
  EXPECT_EQ(cell.scope.container, std::vector<std::string>{"roster.csv"});
  EXPECT_TRUE(c.stats.not_checked.empty()) << c.stats.not_checked[0].part << ": " << c.stats.not_checked[0].reason;
}

TEST(FormatsPdfExtras, AttachmentsPastTheDepthLimitOrTheBudgetAreNotes) {
  SKIP_WITHOUT_PDF();
  PackageOptions deep;
  deep.container = {"a.zip", "b.zip", "c.zip", "d.zip", "e.pdf"};  // roster.csv would be level 6
  const Collected too_deep = read_bytes(annotated_pdf(), deep);
  EXPECT_EQ(count_with(too_deep, "Okonkwo-Hartley"), 0u);
  const PartNote* note = note_for(too_deep.stats, "roster.csv");
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->reason.find("nested deeper than 5 levels"), std::string::npos) << note->reason;

  PackageOptions spent;
  spent.budget = std::make_shared<ContainerBudget>();
  spent.budget->max_inflated = 10;  // the CSV is 56 bytes
  const Collected over = read_bytes(annotated_pdf(), spent);
  EXPECT_EQ(count_with(over, "Okonkwo-Hartley"), 0u);
  note = note_for(over.stats, "roster.csv");
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->reason.find("limits shared by the file's containers"), std::string::npos) << note->reason;
}

TEST(FormatsPdfExtras, AWidgetOutsideAnyFormStillHasItsValueRead) {
  SKIP_WITHOUT_PDF();
  std::vector<std::string> objects = one_page("", "6 0 R");
  objects.push_back("<< /Type /Annot /Subtype /Widget /P 3 0 R /Rect [300 100 400 150] /FT /Tx /T (officer) "
                    "/V (PC 8812 Declan Szymanowski) >>");
  const Collected c = read_bytes(make_pdf(objects));
  EXPECT_EQ(notes(c, "form fields", "officer"), std::vector<std::string>{"PC 8812 Declan Szymanowski"});
}

#ifdef FOIGUARD_WITH_PDF
TEST(FormatsPdfExtras, RedactQuadPointsAreCoversEachQuadItsBoundingBox) {
  const std::string bytes = annotated_pdf();
  const auto doc = pdf::open_document(bytes);
  const std::vector<pdf::UserRect> covers = pdf::annotation_covers(*doc, 1);
  ASSERT_EQ(covers.size(), 3u);  // the opaque Square, then the Redact's two quads; not the hidden Square
  EXPECT_EQ(covers[0].x1, 60);
  EXPECT_EQ(covers[0].y2, 716);
  EXPECT_EQ(covers[1].x1, 100);
  EXPECT_EQ(covers[1].y1, 540);
  EXPECT_EQ(covers[1].x2, 200);
  EXPECT_EQ(covers[1].y2, 560);
  EXPECT_EQ(covers[2].x1, 300);
  EXPECT_EQ(covers[2].y1, 500);
  EXPECT_EQ(covers[2].x2, 350);
  EXPECT_EQ(covers[2].y2, 520);
}

// ---- earlier revisions

TEST(FormatsPdfRevisions, LinesCompareWithWhitespaceCollapsed) {
  using pdf::FinalLines;
  const auto h = FinalLines::hash("PC 3310 Ewa Przybylski");
  EXPECT_EQ(FinalLines::hash("  PC 3310\t Ewa  Przybylski \r\n"), h);
  EXPECT_NE(FinalLines::hash("PC 3310 EwaPrzybylski"), h);
  EXPECT_NE(FinalLines::hash("PC 3311 Ewa Przybylski"), h);
  EXPECT_NE(FinalLines::hash(""), h);
  EXPECT_EQ(FinalLines::hash(" "), FinalLines::hash(""));
}

TEST(FormatsPdfRevisions, OnlyMarkersThatCloseASectionOfThisFileAreRevisions) {
  const std::string incremental = fixture_bytes("pdf", "incremental.pdf");
  const std::vector<std::size_t> ends = pdf::earlier_revision_ends(incremental);
  ASSERT_EQ(ends.size(), 1u);
  const std::string earlier = incremental.substr(0, ends[0]);
  EXPECT_TRUE(earlier.substr(0, earlier.find_last_not_of("\r\n") + 1).ends_with("%%EOF"));
  EXPECT_LT(ends[0], incremental.size());
  // Junk after the final marker makes no revision of it.
  EXPECT_EQ(pdf::earlier_revision_ends(incremental + "\n%%EOF\n\0\0 junk from an uploader"), ends);
  // A single revision, and a PDF attached to it uncompressed with its own
  // "startxref ... %%EOF": not this file's revisions.
  const std::string single = fixture_bytes("pdf", "visible.pdf");
  EXPECT_TRUE(pdf::earlier_revision_ends(single).empty());
  std::vector<std::string> objects = one_page("", "");
  objects.push_back(stream_object("/Type /EmbeddedFile", single));
  EXPECT_TRUE(pdf::earlier_revision_ends(make_pdf(objects)).empty());
}

TEST(FormatsPdfRevisions, ManyMarkersAreBoundedAndTheOldestAreANote) {
  // visible.pdf, then 3,000 empty "updates" pointing at its own cross-reference table.
  const std::string base = fixture_bytes("pdf", "visible.pdf");
  const std::size_t keyword = base.rfind("startxref");
  const std::string xref = std::to_string(std::stoull(base.substr(keyword + 9)));
  std::string bytes = base;
  for (int i = 0; i < 3000; ++i) bytes += "startxref\n" + xref + "\n%%EOF\n";
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::size_t> ends = pdf::earlier_revision_ends(bytes);
  EXPECT_GE(ends.size(), 1024u);
  EXPECT_LT(ends.size(), 2048u);
  EXPECT_TRUE(std::is_sorted(ends.begin(), ends.end()));
  EXPECT_EQ(ends.back(), bytes.size() - ("startxref\n" + xref + "\n%%EOF\n").size());  // the newest kept
  const Collected c = read_bytes(bytes);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  const PartNote* note = note_for(c.stats, "earlier revisions");
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->reason.find(fmt::format("oldest of {} earlier revisions not checked", ends.size())),
            std::string::npos)
      << note->reason;
  EXPECT_FALSE(foiguard::testing::has_visibility(c, Visibility::earlier_revision));  // nothing changed
}

TEST(FormatsPdfRevisions, ARemovedLineIsReportedOnceWithItsPageAndBox) {
  // Junk after the final marker changes nothing.
  const Collected c = read_bytes(fixture_bytes("pdf", "incremental.pdf") + "\r\n\x1A");
  ASSERT_EQ(count_with(c, "Marguerite Ashdown-Velasquez"), 1u);
  const CollectedSpan& removed = span_with(c, "Marguerite Ashdown-Velasquez");
  EXPECT_EQ(removed.text, "PC 2231 Marguerite Ashdown-Velasquez, Warrant No 40417");
  EXPECT_EQ(removed.span.visibility, Visibility::earlier_revision);
  EXPECT_EQ(removed.scope.part, "earlier revision 1");
  EXPECT_EQ(removed.scope.page, 1u);
  EXPECT_GT(removed.span.box, 0u);
  EXPECT_TRUE(c.stats.not_checked.empty());
}

TEST(FormatsPdfRevisions, TheTimeBudgetStopsTheRevisionsWithANote) {
  const std::string bytes = fixture_bytes("pdf", "incremental.pdf");
  Collected out;
  const BatchSink sink = foiguard::testing::collecting_sink(out);
  pdf::LineWriter writer(PackageOptions{}, sink);
  ReadStats stats;
  const pdf::Deadline spent(std::chrono::milliseconds(0));
  pdf::read_earlier_revisions(bytes, pdf::FinalLines{}, writer, stats, spent);
  writer.flush();
  EXPECT_TRUE(out.spans.empty());
  const PartNote* note = note_for(stats, "earlier revision 1");
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->reason.find("time budget"), std::string::npos) << note->reason;
}
#endif  // FOIGUARD_WITH_PDF

// ---- the committed fixtures' extras

TEST(FormatsPdfExtras, FixtureAnnotationsHoldEveryKindOfNote) {
  SKIP_WITHOUT_PDF();
  const Collected c = collect_any(fixture_bytes("pdf", "annotations.pdf"), "annotations.pdf");
  EXPECT_EQ(notes(c, "form fields", "officer"), std::vector<std::string>{"Pay No 604417 Ewa Przybylski"});
  EXPECT_EQ(notes(c, "bookmarks", "bookmark"),
            std::vector<std::string>{"Complaint against Sgt Ifeoma Nwachukwu-Brandt"});
  const std::vector<std::string> xmp_creators = notes(c, "XMP metadata", "creator");
  EXPECT_NE(std::find(xmp_creators.begin(), xmp_creators.end(), "Perpetua Onyango-Sinclair"), xmp_creators.end());
  EXPECT_TRUE(c.stats.not_checked.empty());
}

// ---- the shared corpus

const char* const kTika =
    "apache-tika/tika-parsers/tika-parsers-standard/tika-parsers-standard-modules/tika-parser-pdf-module/"
    "src/test/resources/test-documents/";

TEST(FormatsPdfExtrasCorpus, EmbeddedFilesAreReadByTheirOwnFormat) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  const Collected c = foiguard::testing::collect_corpus_file("pdfium/testing/resources/embedded_attachments.pdf");
  EXPECT_EQ(notes(c, "attachments", "attachment name"), (std::vector<std::string>{"1.txt", "attached.pdf"}));
  std::vector<std::vector<std::string>> containers;
  for (const auto& s : c.spans)
    if (s.text == "test" && !s.scope.container.empty()) {
      EXPECT_EQ(s.span.visibility, Visibility::attachment);
      containers.push_back(s.scope.container);
    }
  EXPECT_EQ(containers, (std::vector<std::vector<std::string>>{{"1.txt"}, {"attached.pdf"}}));
  EXPECT_EQ(notes(c, "document info", "creator"), std::vector<std::string>{"User"});
  EXPECT_TRUE(c.stats.not_checked.empty());

  const Collected broken = foiguard::testing::collect_corpus_file("pdfium/testing/resources/embedded_attachments_invalid_data.pdf");
  const PartNote* note = note_for(broken.stats, "1.txt");
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->reason.find("no embedded data"), std::string::npos) << note->reason;

  const Collected qpdf = foiguard::testing::collect_corpus_file("qpdf/qpdf/qtest/qpdf/kept-no-fields.pdf");
  const CollectedSpan& text = span_with(qpdf, "content of attachment");
  EXPECT_EQ(text.scope.container, std::vector<std::string>{"attachment1.txt"});
  EXPECT_EQ(text.span.visibility, Visibility::attachment);
}

TEST(FormatsPdfExtrasCorpus, AFileAttachmentAnnotationsWorkbookIsRead) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  const Collected c = foiguard::testing::collect_corpus_file(std::string(kTika) + "testPDFFileEmbInAnnotation.pdf");
  const CollectedSpan& cell = span_with(c, "This is a Excel");
  EXPECT_EQ(cell.scope.container, std::vector<std::string>{"Excel.xlsx"});
  EXPECT_EQ(cell.span.visibility, Visibility::attachment);
  EXPECT_EQ(notes(c, "attachments", "attachment name"), std::vector<std::string>{"Excel.xlsx"});
  const CollectedSpan& note = span_with(c, "Excel.xlsx");
  EXPECT_EQ(note.header, "attachment note");
  EXPECT_EQ(note.author, "Administrator");
  EXPECT_EQ(note.span.visibility, Visibility::comment);
}

TEST(FormatsPdfExtrasCorpus, CommentsFreeTextAndPopupsAreComments) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  const Collected popup = foiguard::testing::collect_corpus_file(std::string(kTika) + "testPopupAnnotation.pdf");
  ASSERT_EQ(count_with(popup, "this is the note"), 1u);  // the popup shows its parent's text: once
  const CollectedSpan& note = span_with(popup, "this is the note");
  EXPECT_EQ(note.span.visibility, Visibility::comment);
  EXPECT_EQ(note.header, "comment");
  EXPECT_EQ(note.author, "igalsh");
  EXPECT_EQ(note.scope.page, 1u);

  const Collected pdfium = foiguard::testing::collect_corpus_file("pdfium/testing/resources/bug_1206.pdf");
  EXPECT_EQ(span_with(pdfium, "Goodbye world").author, "Someone");

  const Collected zapf = foiguard::testing::collect_corpus_file("pdf.js/test/pdfs/ZapfDingbats.pdf");
  const CollectedSpan& free_text = span_with(zapf, "Originial document can be found at");
  EXPECT_EQ(free_text.header, "free text");
  EXPECT_EQ(free_text.author, "Jonas");
  EXPECT_EQ(free_text.span.visibility, Visibility::comment);
  EXPECT_EQ(span_with(zapf, "Unmarked angett av Jonas").header, "comment");
  EXPECT_EQ(notes(zapf, "document info", "creator"), std::vector<std::string>{"XEP R&D Team"});
  EXPECT_EQ(notes(zapf, "document info", "creator tool"), std::vector<std::string>{"XEP 2.21"});
}

TEST(FormatsPdfExtrasCorpus, AnUnappliedRedactAnnotationIsACover) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
#ifdef FOIGUARD_WITH_PDF
  const std::string bytes =
      foiguard::testing::read_file(foiguard::testing::corpus_dir() + "/pdfium/testing/resources/redact_annot.pdf");
  const auto doc = pdf::open_document(bytes);
  const std::vector<pdf::UserRect> covers = pdf::annotation_covers(*doc, 1);
  ASSERT_EQ(covers.size(), 1u);  // its one quad: [293 542 349 542 293 530 349 530]
  EXPECT_EQ(covers[0].x1, 293);
  EXPECT_EQ(covers[0].y1, 530);
  EXPECT_EQ(covers[0].x2, 349);
  EXPECT_EQ(covers[0].y2, 542);
#endif
}

TEST(FormatsPdfExtrasCorpus, BookmarksCustomInfoAndXmp) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  const Collected sec = foiguard::testing::collect_corpus_file("pdf.js/test/pdfs/secHandler.pdf");
  EXPECT_EQ(notes(sec, "bookmarks", "bookmark"), std::vector<std::string>{"Blank Page"});
  // ConTeXt's custom Info keys, and its XMP, with an attached PDF of its own.
  const Collected context = foiguard::testing::collect_corpus_file("pdf.js/test/pdfs/issue18030.pdf");
  EXPECT_EQ(notes(context, "document info", "ConTeXt.Url"),
            std::vector<std::string>{"github.com/contextgarden/context"});
  const std::vector<std::string> tools = notes(context, "XMP metadata", "CreatorTool");
  ASSERT_EQ(tools.size(), 1u);
  EXPECT_EQ(tools[0].rfind("LuaMetaTeX", 0), 0u) << tools[0];
  EXPECT_EQ(notes(context, "attachments", "attachment name"), std::vector<std::string>{"Empty page.pdf"});
  // The attached PDF's "%%EOF" markers are not revisions of this file.
  EXPECT_FALSE(foiguard::testing::has_visibility(context, Visibility::earlier_revision));
  EXPECT_TRUE(context.stats.not_checked.empty()) << context.stats.not_checked[0].part;
}

TEST(FormatsPdfExtrasCorpus, IncrementalUpdatesAndLinearizedFiles) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
#ifdef FOIGUARD_WITH_PDF
  const std::string corpus = foiguard::testing::corpus_dir() + "/";
  // An update that drew boxes over text: one earlier revision, whose lines
  // the final one all still has.
  const std::string boxed = foiguard::testing::read_file(corpus + "x-ray/tests/assets/rectangles_yes_2.pdf");
  EXPECT_EQ(pdf::earlier_revision_ends(boxed), std::vector<std::size_t>{16322});
  // Linearized files end their first page's section with a marker too.
  for (const std::string& path : {std::string(kTika) + "testPopupAnnotation.pdf",
                                  std::string("pdf.js/test/pdfs/ZapfDingbats.pdf"),
                                  std::string("pdf.js/test/pdfs/issue269_2.pdf")}) {
    SCOPED_TRACE(path);
    EXPECT_TRUE(pdf::earlier_revision_ends(foiguard::testing::read_file(corpus + path)).empty());
  }
#endif
  const Collected c = foiguard::testing::collect_corpus_file("x-ray/tests/assets/rectangles_yes_2.pdf");
  EXPECT_FALSE(foiguard::testing::has_visibility(c, Visibility::earlier_revision));
  EXPECT_EQ(note_for(c.stats, "earlier revision 1"), nullptr);
}

// Every MANIFEST PDF tagged with an extra: its notes where the MANIFEST says
// there are some, and never a crash.
TEST(FormatsPdfExtrasCorpus, EveryTaggedPdfShowsItsExtras) {
  SKIP_WITHOUT_PDF();
  SKIP_WITHOUT_CORPUS();
  std::size_t read = 0;
  for (const auto& entry : foiguard::testing::corpus_entries(foiguard::testing::corpus_dir(), {".pdf"})) {
    const auto& f = entry.features;
    if (!f.count("attachment") && !f.count("annotation-comments") && !f.count("metadata") &&
        !f.count("xmp-metadata") && !f.count("redact-annotation") && !f.count("incremental-update") &&
        !f.count("form-fields"))
      continue;
    SCOPED_TRACE(entry.path);
    Collected c;
    try {
      c = foiguard::testing::collect_corpus_file(entry.path);
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find("encrypted"), std::string::npos) << e.what();
      continue;
    }
    ++read;
    if (f.count("annotation-comments")) {
      EXPECT_FALSE(notes(c, "annotations", "comment").empty() && notes(c, "annotations", "free text").empty());
    }
    if (f.count("metadata-author")) {
      EXPECT_FALSE(notes(c, "document info", "creator").empty());
    }
    if (f.count("xmp-metadata")) {
      const bool any = std::any_of(c.spans.begin(), c.spans.end(),
                                   [](const CollectedSpan& s) { return s.scope.part == "XMP metadata"; });
      EXPECT_TRUE(any);
    }
    if (f.count("attachment") && entry.path.find("invalid_data") == std::string::npos) {
      EXPECT_FALSE(notes(c, "attachments", "attachment name").empty());
    }
  }
  EXPECT_GE(read, 15u);
}

}  // namespace
}  // namespace foiguard::formats
