// The PPTX reader on decks written by tests/data/pptx/generate.py (see its
// README for what each file plants where), a scan of each as an FOI officer
// needs it, and every PowerPoint file of the shared corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "foiguard/scanner.hpp"
#include "formats_collect.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

using testing::Collected;
using testing::CollectedSpan;
using testing::count_with;
using testing::span_with;

std::string fixture(const std::string& name) { return testing::fixture_bytes("pptx", name); }

Collected read_fixture(const std::string& name) { return testing::collect_package(fixture(name)); }

// Where a span sits: part, slide (0 when none) and paragraph.
struct Place {
  std::string part;
  std::uint32_t slide;
  std::uint32_t paragraph;
  bool operator==(const Place&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Place& p) {
  return os << p.part << " slide " << p.slide << " paragraph " << p.paragraph;
}

Place place_of(const CollectedSpan& s) { return {s.scope.part.value_or(""), s.scope.slide.value_or(0), s.span.line}; }

const Collected& deck() {
  static const Collected c = read_fixture("deck.pptx");
  return c;
}

TEST(Pptx, SlidesAreNumberedInPresentationOrderNotByPartName) {
  const auto& c = deck();
  EXPECT_EQ(c.stats.format, "pptx");
  for (const auto& n : c.stats.not_checked) ADD_FAILURE() << "every part is read: " << n.part << ": " << n.reason;
  const auto& first = span_with(c, "Operation Larkspur: week 3");
  EXPECT_EQ(place_of(first), (Place{"ppt/slides/slide1.xml", 1, 1}));
  EXPECT_EQ(first.span.kind, SpanKind::paragraph);
  EXPECT_EQ(first.span.visibility, Visibility::visible);
  // slide3.xml is second in p:sldIdLst, slide2.xml third.
  EXPECT_EQ(place_of(span_with(c, "Deployed officers")), (Place{"ppt/slides/slide3.xml", 2, 1}));
  EXPECT_EQ(place_of(span_with(c, "Outcomes")), (Place{"ppt/slides/slide2.xml", 3, 1}));
}

TEST(Pptx, ShapesTablesGroupsAndFieldsAreSlideText) {
  const auto& c = deck();
  // A field result (a:fld) continues its paragraph.
  const auto& field = span_with(c, "Warrants executed");
  EXPECT_EQ(field.text, "Warrants executed: 14/03/2024");
  EXPECT_EQ(place_of(field), (Place{"ppt/slides/slide1.xml", 1, 3}));
  // A table row is one paragraph, so that its cells make one record.
  const auto& row = span_with(c, "PC Brannigan-Osei");
  EXPECT_EQ(row.text, "PC Brannigan-Osei 604411");
  EXPECT_EQ(place_of(row), (Place{"ppt/slides/slide1.xml", 1, 5}));
  EXPECT_EQ(row.span.visibility, Visibility::visible);
  EXPECT_EQ(span_with(c, "Officer Pay No").span.line, 4u);
  const auto& grouped = span_with(c, "Grouped text: Custody suite B");
  EXPECT_EQ(place_of(grouped), (Place{"ppt/slides/slide1.xml", 1, 6}));
  EXPECT_EQ(grouped.span.visibility, Visibility::visible);
  EXPECT_EQ(count_with(c, "Tactical advisor on call"), 1u) << "mc:Fallback repeats mc:Choice";
  const auto& footer = span_with(c, "OFFICIAL - Northshire");
  EXPECT_EQ(footer.scope.part, "ppt/slides/slide1.xml");
  EXPECT_EQ(footer.span.visibility, Visibility::header_footer);
}

TEST(Pptx, AltTextAndHiddenShapesAreHiddenText) {
  const auto& c = deck();
  const auto& descr = span_with(c, "Photo of DS Quarshie-Lund");
  EXPECT_EQ(place_of(descr), (Place{"ppt/slides/slide1.xml", 1, 7}));
  EXPECT_EQ(descr.span.visibility, Visibility::hidden_text);
  EXPECT_EQ(span_with(c, "Scene photo").span.visibility, Visibility::hidden_text) << "the alt text title";
  const auto& hidden = span_with(c, "PC Ferreira-Doyle 603322");
  EXPECT_EQ(place_of(hidden), (Place{"ppt/slides/slide1.xml", 1, 9}));
  EXPECT_EQ(hidden.span.visibility, Visibility::hidden_text) << "cNvPr hidden=\"1\"";
}

TEST(Pptx, HiddenSlideHidesAllItsTextAndItsNotes) {
  const auto& c = deck();
  for (const auto& s : c.spans) {
    if (s.scope.slide == 2u) {
      EXPECT_EQ(s.span.visibility, Visibility::hidden_slide) << s.text;
    }
  }
  EXPECT_EQ(place_of(span_with(c, "Sgt Adeyemi-Walsh 612345")), (Place{"ppt/slides/slide3.xml", 2, 2}));
  const auto& notes = span_with(c, "Remove this slide before release");
  EXPECT_EQ(place_of(notes), (Place{"ppt/notesSlides/notesSlide3.xml", 2, 1}));
  EXPECT_EQ(notes.span.visibility, Visibility::hidden_slide);
}

TEST(Pptx, SlidePartNoPresentationListNamesIsAHiddenSlide) {
  const auto& orphan = span_with(deck(), "Old draft: PC Harrowgate-Eze");
  EXPECT_EQ(place_of(orphan), (Place{"ppt/slides/slide99.xml", 0, 1}));
  EXPECT_EQ(orphan.span.visibility, Visibility::hidden_slide);
}

TEST(Pptx, SpeakerNotesCarryTheirSlideNumber) {
  const auto& notes = span_with(deck(), "DC Halloran-Mbeki");
  EXPECT_EQ(notes.text, "Speaker: thank DC Halloran-Mbeki, pay number 618204, for the figures.");
  EXPECT_EQ(place_of(notes), (Place{"ppt/notesSlides/notesSlide1.xml", 1, 1}));
  EXPECT_EQ(notes.span.visibility, Visibility::speaker_notes);
}

TEST(Pptx, LegacyCommentsCarryTheirAuthors) {
  const auto& c = deck();
  const auto& first = span_with(c, "Figures from DS Lindqvist-Amadi");
  EXPECT_EQ(place_of(first), (Place{"ppt/comments/comment1.xml", 3, 1}));
  EXPECT_EQ(first.span.visibility, Visibility::comment);
  EXPECT_EQ(first.author, "Ravensworth, Claire");
  const auto& second = span_with(c, "Agreed");
  EXPECT_EQ(second.span.line, 2u);
  EXPECT_EQ(second.author, "Tobias Finch-Mwangi");
  // The names themselves are text too, where they are kept.
  const auto& author = span_with(c, "Ravensworth, Claire");
  EXPECT_EQ(place_of(author), (Place{"ppt/commentAuthors.xml", 0, 1}));
  EXPECT_EQ(author.span.visibility, Visibility::comment);
  EXPECT_EQ(span_with(c, "Tobias Finch-Mwangi").span.line, 2u);
}

TEST(Pptx, ModernCommentsAndRepliesCarryTheirAuthors) {
  const auto& c = deck();
  const std::string part = "ppt/comments/modernComment_256_1A2B3C4D.xml";
  // The reply list comes before the comment's own text in the part.
  const auto& reply = span_with(c, "Confirmed with Sgt Welland-Achebe");
  EXPECT_EQ(place_of(reply), (Place{part, 1, 1}));
  EXPECT_EQ(reply.author, "Marsh, Idris");
  EXPECT_EQ(reply.span.visibility, Visibility::comment);
  const auto& comment = span_with(c, "Check the arrest total");
  EXPECT_EQ(place_of(comment), (Place{part, 1, 2}));
  EXPECT_EQ(comment.author, "Okafor-Lindqvist, Dana");
  EXPECT_EQ(place_of(span_with(c, "Okafor-Lindqvist, Dana")), (Place{"ppt/authors.xml", 0, 1}));
  EXPECT_EQ(span_with(c, "dana.okafor-lindqvist@").span.visibility, Visibility::comment) << "an account names its user";
  EXPECT_EQ(count_with(c, "S-1-5-21"), 0u) << "a Windows SID names no one";
}

TEST(Pptx, MastersAndLayoutsGiveOnlyWhatTheUserTyped) {
  const auto& c = deck();
  EXPECT_EQ(count_with(c, "Click to edit"), 0u) << "PowerPoint's prompt text";
  const auto& footer = *std::find_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) {
    return s.scope.part == "ppt/slideMasters/slideMaster1.xml" && s.text == "OFFICIAL - Northshire Constabulary";
  });
  EXPECT_EQ(footer.span.visibility, Visibility::header_footer);
  EXPECT_EQ(footer.scope.slide, std::nullopt);
  const auto& letterhead = span_with(c, "Prepared by Ch Insp Thorsby-Adewale");
  EXPECT_EQ(letterhead.scope.part, "ppt/slideMasters/slideMaster1.xml");
  EXPECT_EQ(letterhead.span.visibility, Visibility::header_footer) << "a master's text box is on every slide";
  const auto& prompt = span_with(c, "Presenter: Insp Gallagher-Mensah");
  EXPECT_EQ(place_of(prompt), (Place{"ppt/slideLayouts/slideLayout1.xml", 0, 1}));
  EXPECT_EQ(prompt.span.visibility, Visibility::hidden_text) << "a custom prompt shows only while editing";
  const auto& notes_header = span_with(c, "Briefing pack");
  EXPECT_EQ(notes_header.scope.part, "ppt/notesMasters/notesMaster1.xml");
  EXPECT_EQ(notes_header.span.visibility, Visibility::header_footer);
}

TEST(Pptx, ChartCachesPropertiesAndCustomXml) {
  const auto& c = deck();
  const auto& point = span_with(c, "DS Castellano-Byrne");
  EXPECT_EQ(point.scope.part, "ppt/charts/chart1.xml");
  EXPECT_EQ(point.span.visibility, Visibility::chart_cache);
  EXPECT_EQ(span_with(c, "Arrests by officer").span.visibility, Visibility::chart_cache);
  EXPECT_EQ(count_with(c, "Sheet1!$A$2"), 0u) << "series formulas are not text";
  const auto& creator = span_with(c, "Insp Marchetti-Olsen");
  EXPECT_EQ(creator.scope.part, "docProps/core.xml");
  EXPECT_EQ(creator.header, "creator");
  EXPECT_EQ(creator.span.visibility, Visibility::metadata);
  EXPECT_EQ(span_with(c, "PC Delacroix-Nwankwo").header, "lastModifiedBy");
  const auto& custom = span_with(c, "DI Stonebridge-Kaur");
  EXPECT_EQ(custom.scope.part, "customXml/item1.xml");
  EXPECT_EQ(custom.span.visibility, Visibility::metadata);
}

TEST(Pptx, EmbeddedWorkbookIsReadAsAnEmbeddedObject) {
  const auto& cell = span_with(deck(), "Okonkwo");
  EXPECT_EQ(cell.scope.container, std::vector<std::string>{"ppt/embeddings/Microsoft_Excel_Worksheet.xlsx"});
  EXPECT_EQ(cell.scope.part, "xl/worksheets/sheet1.xml");
  EXPECT_EQ(cell.span.visibility, Visibility::embedded_object);
  EXPECT_EQ(cell.header, "Surname");
}

// The text and the property notes fill batches of their own, so batches
// interleave differently; the spans are the same.
TEST(Pptx, SmallBatchesGiveTheSameSpans) {
  const auto small = testing::collect_package(fixture("deck.pptx"), 64);
  EXPECT_GT(small.batches, 10u);
  auto texts = small.texts(), expected = deck().texts();
  std::sort(texts.begin(), texts.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(texts, expected);
}

TEST(Pptx, MacroEnabledDeckSaysItsMacrosAreNotChecked) {
  const auto c = read_fixture("macros.pptm");
  EXPECT_EQ(c.stats.format, "pptm");
  ASSERT_EQ(c.stats.not_checked.size(), 1u);
  EXPECT_EQ(c.stats.not_checked[0].part, "ppt/vbaProject.bin");
  EXPECT_NE(c.stats.not_checked[0].reason.find("VBA"), std::string::npos);
  EXPECT_EQ(span_with(c, "Macro-enabled deck").span.visibility, Visibility::visible);
}

TEST(Pptx, TemplateIsReadLikeADeck) {
  const auto c = read_fixture("template.potx");
  EXPECT_EQ(c.stats.format, "potx");
  EXPECT_EQ(place_of(span_with(c, "PC Ashdown-Ilori")), (Place{"ppt/slides/slide1.xml", 1, 1}));
}

TEST(Pptx, BrokenPartIsANoteAndTheRestIsRead) {
  const auto c = read_fixture("broken_part.pptx");
  ASSERT_EQ(c.stats.not_checked.size(), 1u);
  EXPECT_EQ(c.stats.not_checked[0].part, "ppt/notesSlides/notesSlide1.xml");
  EXPECT_NE(c.stats.not_checked[0].reason.find("not well-formed"), std::string::npos) << c.stats.not_checked[0].reason;
  EXPECT_EQ(span_with(c, "Insp Penhaligon-Obi").span.visibility, Visibility::visible);
}

TEST(Pptx, HostileDeckIsReadOnceAndItsEntityBombRefused) {
  const auto c = read_fixture("hostile.pptx");
  EXPECT_EQ(count_with(c, "Insp Penrose-Adebayo"), 1u) << "a slide listed twice, and its own notes, is read once";
  EXPECT_EQ(place_of(span_with(c, "Insp Penrose-Adebayo")), (Place{"ppt/slides/slide1.xml", 1, 1}));
  ASSERT_EQ(c.stats.not_checked.size(), 1u);
  EXPECT_EQ(c.stats.not_checked[0].part, "ppt/slides/slide2.xml");
  EXPECT_NE(c.stats.not_checked[0].reason.find("DOCTYPE"), std::string::npos) << c.stats.not_checked[0].reason;
  EXPECT_EQ(count_with(c, "aaaaaaaaaa"), 0u);
}

TEST(Pptx, TruncatedDeckIsAClearError) {
  const std::string bytes = fixture("deck.pptx");
  const std::string half = bytes.substr(0, bytes.size() / 2);
  try {
    testing::collect_package(half);
    FAIL() << "a truncated deck is an error";
  } catch (const formats::FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("zip"), std::string::npos) << e.what();
  }
}

// --- through the scanner ---------------------------------------------------------

FileReport scan_fixture(const std::string& name) { return testing::scan_bytes(name, fixture(name)); }

const Finding* finding_in(const FileReport& r, Category category, std::string_view part) {
  const auto it = std::find_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) {
    return f.category == category && f.location.part == part;
  });
  return it == r.findings.end() ? nullptr : &*it;
}

TEST(PptxScan, OfficerListedOnAHiddenSlideBlocks) {
  const auto r = scan_fixture("hidden_slide.pptx");
  EXPECT_EQ(r.format, "pptx");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_EQ(r.personnel_records, 1u);
  EXPECT_EQ(r.hidden_records, 1u);
  EXPECT_EQ(r.visible_records, 0u);
  EXPECT_NE(r.reason.find("hidden slide (ppt/slides/slide2.xml) holds 1 personnel record"), std::string::npos)
      << r.reason;
  const Finding* name = finding_in(r, Category::person_name, "ppt/slides/slide2.xml");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->visibility, Visibility::hidden_slide);
  EXPECT_EQ(name->location.slide, 2u);
  EXPECT_EQ(name->location.paragraph, 2u);
}

TEST(PptxScan, NameAndPayNumberInSpeakerNotesBlock) {
  const auto r = scan_fixture("speaker_notes.pptx");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_EQ(r.personnel_records, 1u);
  EXPECT_EQ(r.visible_records, 0u) << "the slide itself is clean";
  const Finding* pay = finding_in(r, Category::pay_number, "ppt/notesSlides/notesSlide1.xml");
  ASSERT_NE(pay, nullptr);
  EXPECT_EQ(pay->visibility, Visibility::speaker_notes);
  EXPECT_EQ(pay->location.slide, 1u);
  EXPECT_EQ(pay->location.paragraph, 1u);
  EXPECT_EQ(pay->masked, "6*****") << "masked by default";
}

TEST(PptxScan, CommentFindingNamesItsMaskedAuthor) {
  const auto r = scan_fixture("deck.pptx");
  EXPECT_EQ(r.verdict, Verdict::block);
  const Finding* name = finding_in(r, Category::person_name, "ppt/comments/comment1.xml");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->visibility, Visibility::comment);
  EXPECT_EQ(name->location.slide, 3u);
  ASSERT_TRUE(name->location.author.has_value());
  EXPECT_NE(*name->location.author, "Ravensworth, Claire") << "an author is masked like a value";
  EXPECT_EQ(name->location.author->front(), 'R');
}

// --- the shared corpus ----------------------------------------------------------

std::vector<testing::CorpusEntry> decks_in_manifest(const std::string& corpus) {
  return testing::corpus_entries(corpus, {".pptx", ".pptm", ".potx"});
}

// MANIFEST feature -> the visibility that shows it.
const testing::FeatureVisibilities& feature_visibilities() {
  static const testing::FeatureVisibilities m = {
      {"hidden-slide", {Visibility::hidden_slide}},   {"comments", {Visibility::comment}},
      {"comment-authors", {Visibility::comment}},     {"notes", {Visibility::speaker_notes}},
      {"speaker-notes", {Visibility::speaker_notes}}, {"metadata-author", {Visibility::metadata}},
      {"chart-cache", {Visibility::chart_cache}},     {"embedded-spreadsheet", {Visibility::embedded_object}},
  };
  return m;
}

TEST(PptxCorpus, EveryDeckIsReadAndItsHiddenFeaturesShowUp) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  const auto decks = decks_in_manifest(corpus);
  ASSERT_GE(decks.size(), 10u) << "the MANIFEST lists the corpus decks";
  std::size_t read = 0;
  for (const auto& d : decks) {
    SCOPED_TRACE(d.path);
    const std::string bytes = testing::read_file(corpus + "/" + d.path);
    const formats::Sniffed sniffed = formats::sniff(bytes, d.path);
    if (d.features.count("encrypted")) {
      EXPECT_EQ(sniffed.format, "encrypted-office") << "sniffed before the reader";
      continue;
    }
    ASSERT_EQ(sniffed.kind, formats::Kind::package);
    Collected c;
    try {
      c = testing::collect_package(bytes, 64u << 10);
    } catch (const formats::FormatError& e) {
      EXPECT_TRUE(d.features.count("corrupt")) << "only corrupt files may fail as a whole: " << e.what();
      EXPECT_NE(std::string(e.what()).find("zip"), std::string::npos) << e.what();
      continue;
    }
    EXPECT_FALSE(d.features.count("corrupt")) << "a corrupt deck must not pass as read";
    ++read;
    EXPECT_EQ(c.stats.format.substr(0, 2), "pp") << c.stats.format;
    for (const auto& feature : testing::features_not_shown(c, d.features, feature_visibilities())) {
      ADD_FAILURE() << "MANIFEST feature '" << feature << "' not seen";
    }
    for (const auto& s : c.spans) {
      if (s.span.visibility == Visibility::hidden_slide) {
        EXPECT_TRUE(s.scope.slide.has_value()) << s.text;
      }
    }
  }
  EXPECT_GE(read, 9u);
}

TEST(PptxCorpus, EveryDeckGetsAVerdict) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  const Scanner scanner(testing::builtin_detector(), ScanOptions{});
  for (const auto& d : decks_in_manifest(corpus)) {
    SCOPED_TRACE(d.path);
    const FileReport r = scanner.scan_file(corpus + "/" + d.path);
    if (d.features.count("encrypted") || d.features.count("corrupt")) {
      EXPECT_EQ(r.verdict, Verdict::error);
      EXPECT_FALSE(r.error.empty());
    } else {
      EXPECT_TRUE(r.error.empty()) << r.error;
      EXPECT_TRUE(r.format == "pptx" || r.format == "pptm" || r.format == "potx") << r.format;
    }
  }
}

}  // namespace
}  // namespace foiguard
