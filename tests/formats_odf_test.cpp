// The ODT/ODP reader on documents written by odfpy (tests/data/odt/generate.py)
// and on the OpenDocument texts and presentations of the shared corpus.
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
using testing::span_with;

std::string fixture(const std::string& name) { return testing::fixture_bytes("odt", name); }

Collected read_fixture(const std::string& name, std::size_t batch_bytes = 1u << 20) {
  return testing::collect_package(fixture(name), batch_bytes);
}

FileReport scan_fixture(const std::string& name) { return testing::scan_bytes(name, fixture(name)); }

// Where a span sits: part, paragraph, column, visibility, author.
struct Place {
  std::string part;
  std::uint32_t paragraph;
  std::uint32_t column;
  Visibility visibility;
  std::string author;
  bool operator==(const Place&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Place& p) {
  return os << p.part << " paragraph " << p.paragraph << " col " << p.column << " " << to_string(p.visibility)
            << " by '" << p.author << "'";
}

Place place_of(const CollectedSpan& s) {
  return {s.scope.part.value_or(""), s.span.line, s.span.column, s.span.visibility, s.author};
}

// The first span whose text is `text` (in `part`, when given).
const CollectedSpan& exact(const Collected& c, std::string_view text, std::string_view part = {}) {
  const auto it = std::find_if(c.spans.begin(), c.spans.end(), [&](const CollectedSpan& s) {
    return s.text == text && (part.empty() || s.scope.part == part);
  });
  if (it == c.spans.end()) throw std::runtime_error("no span is '" + std::string(text) + "'");
  return *it;
}

TEST(Odt, BodyListsTablesTextBoxesAndNotesAreVisibleParagraphs) {
  const Collected c = read_fixture("letter.odt");
  EXPECT_EQ(c.stats.format, "odt");
  for (const auto& n : c.stats.not_checked) ADD_FAILURE() << "every part is read: " << n.part << ": " << n.reason;
  EXPECT_EQ(place_of(exact(c, "Response to FOI request 4471", "content.xml")), (Place{"content.xml", 3, 1, Visibility::visible, ""}))
      << "a heading is a paragraph (after the change author and the deleted paragraph)";
  EXPECT_EQ(place_of(exact(c, "First item")), (Place{"content.xml", 5, 1, Visibility::visible, ""}));
  EXPECT_EQ(place_of(exact(c, "Response")), (Place{"content.xml", 8, 1, Visibility::visible, ""})) << "a table cell";
  // The footnote and the endnote come after the sentence they sit in, which
  // stays whole; their citation marks ("1", "i") are not text.
  EXPECT_EQ(place_of(exact(c, "Totals are rounded to the nearest hour.")),
            (Place{"content.xml", 12, 1, Visibility::visible, ""}));
  EXPECT_EQ(place_of(exact(c, "Figures supplied by PC Kowalczyk-Dunn")),
            (Place{"content.xml", 13, 1, Visibility::visible, ""}));
  EXPECT_EQ(place_of(exact(c, "Source: payroll extract")), (Place{"content.xml", 14, 1, Visibility::visible, ""}));
  EXPECT_EQ(place_of(exact(c, "Text box: Roecliffe-Abara")), (Place{"content.xml", 16, 1, Visibility::visible, ""}));
  EXPECT_EQ(c.stats.lines, 34u) << "every paragraph of every part";
}

TEST(Odt, TrackedChangesCarryTheirAuthor) {
  const Collected c = read_fixture("letter.odt");
  EXPECT_EQ(place_of(exact(c, "DC Adeyemi-Walsh pay number 612345")),
            (Place{"content.xml", 2, 1, Visibility::tracked_deletion, "Priya Castellan"}));
  const auto& inserted = exact(c, "about overtime in 2023");
  EXPECT_EQ(place_of(inserted), (Place{"content.xml", 4, 28, Visibility::tracked_insertion, "Priya Castellan"}));
  const auto& before = exact(c, "Thank you for your request ");
  EXPECT_EQ(before.span.visibility, Visibility::visible);
  EXPECT_EQ(before.span.record, inserted.span.record) << "the insertion is part of its sentence";
  EXPECT_EQ(exact(c, ".").span.visibility, Visibility::visible) << "the insertion ends at its change-end mark";
  // The name of who changed the text is written in the file: metadata, once.
  const auto authors = std::count_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) {
    return s.text == "Priya Castellan" && s.scope.part == "content.xml";
  });
  EXPECT_EQ(authors, 1);
  EXPECT_EQ(place_of(exact(c, "Priya Castellan")), (Place{"meta.xml", 2, 1, Visibility::metadata, ""}));
}

TEST(Odt, HiddenParagraphsSectionsFieldsAndStylesAreHiddenText) {
  const Collected c = read_fixture("letter.odt");
  const auto hidden = [&](std::string_view text, std::uint32_t paragraph, std::uint32_t column = 1) {
    EXPECT_EQ(place_of(exact(c, text)), (Place{"content.xml", paragraph, column, Visibility::hidden_text, ""})) << text;
  };
  hidden("Conditionally hidden: Eberhardt-Lowe", 18);     // text:hidden-paragraph after the text
  hidden("Hidden field Pryce-Jones", 19, 8);              // text:hidden-text's value
  EXPECT_EQ(exact(c, "Field: ").span.visibility, Visibility::visible);
  hidden("Hidden section: Okonkwo pay number 455902", 20);  // text:section display="none"
  hidden("Conditional section: Castellan", 21);             // display="condition"
  hidden("Hidden by style: Draycott-Osei", 22);             // automatic style P1 -> common style Secret
  hidden("hidden span Kowalczyk", 23, 15);                  // text style T1
  EXPECT_EQ(exact(c, "Visible start ").span.visibility, Visibility::visible);
  EXPECT_EQ(exact(c, " visible end").span.record, exact(c, "hidden span Kowalczyk").span.record);
  // An image's title is not on the page.
  hidden("Photo of PC Castellan-Birch", 17);
}

TEST(Odt, AnnotationsAreCommentsWithTheirAuthor) {
  const Collected c = read_fixture("letter.odt");
  const std::string reviewer = "Insp Hallworth-Chaudhry";
  EXPECT_EQ(place_of(exact(c, reviewer)), (Place{"content.xml", 10, 1, Visibility::comment, reviewer}))
      << "the author's name is text of its own";
  EXPECT_EQ(place_of(exact(c, "Check pay number 498127 before release")),
            (Place{"content.xml", 11, 1, Visibility::comment, reviewer}));
  EXPECT_EQ(place_of(exact(c, "The overtime figures are attached.")),
            (Place{"content.xml", 9, 1, Visibility::visible, ""}))
      << "the annotation's date and text stay out of the sentence it is anchored in";
}

TEST(Odt, MasterPageHeadersAndFootersAndASwitchedOffOne) {
  const Collected c = read_fixture("letter.odt");
  EXPECT_EQ(place_of(exact(c, "Prepared by PC Okonkwo-Reyes")),
            (Place{"styles.xml", 1, 1, Visibility::header_footer, ""}));
  EXPECT_EQ(place_of(exact(c, "Ref FOI-4471 page footer")), (Place{"styles.xml", 2, 1, Visibility::header_footer, ""}));
  EXPECT_EQ(place_of(exact(c, "First page footer: DS Marlowe-Baptiste")),
            (Place{"styles.xml", 3, 1, Visibility::header_footer, ""}));
  EXPECT_EQ(place_of(exact(c, "Switched-off left header: Sgt Draycott-Osei")),
            (Place{"styles.xml", 4, 1, Visibility::hidden_text, ""}))
      << "style:display=\"false\": kept in the file, not printed";
}

TEST(Odt, MetaXmlIsMetadataAndAnEmbeddedChartIsItsCache) {
  const Collected c = read_fixture("letter.odt");
  EXPECT_EQ(place_of(exact(c, "DS Marlowe-Baptiste")), (Place{"meta.xml", 1, 1, Visibility::metadata, ""}));
  EXPECT_EQ(place_of(exact(c, "Sgt Ní Bhriain")), (Place{"meta.xml", 4, 1, Visibility::metadata, ""}))
      << "a user-defined property";
  EXPECT_EQ(place_of(exact(c, "Overtime by officer")),
            (Place{"Object 1/content.xml", 1, 1, Visibility::chart_cache, ""}));
  EXPECT_EQ(place_of(exact(c, "Chart data: Hallworth-Chaudhry")),
            (Place{"Object 1/content.xml", 2, 1, Visibility::chart_cache, ""}));
}

TEST(Odt, AnEarlierVersionKeptInTheFileIsAnEarlierRevision) {
  const Collected c = read_fixture("with_version.odt");
  const auto& draft = span_with(c, "Earlier draft named PC Castellan-Birch");
  EXPECT_EQ(draft.span.visibility, Visibility::earlier_revision);
  EXPECT_EQ(draft.scope.container, std::vector<std::string>{"Versions/Version1"});
  EXPECT_EQ(draft.scope.part, "content.xml");
}

TEST(Odp, SlidesNotesHiddenSlidesAndAnnotations) {
  const Collected c = read_fixture("slides.odp");
  EXPECT_EQ(c.stats.format, "odp");
  const auto slide_of = [&](std::string_view text) { return exact(c, text).scope.slide; };
  EXPECT_EQ(place_of(exact(c, "Overtime review 2023")), (Place{"content.xml", 1, 1, Visibility::visible, ""}));
  EXPECT_EQ(slide_of("Overtime review 2023"), 1u);
  EXPECT_EQ(place_of(exact(c, "Mention PC Roecliffe-Abara pay number 647870")),
            (Place{"content.xml", 3, 1, Visibility::speaker_notes, ""}));
  EXPECT_EQ(slide_of("Mention PC Roecliffe-Abara pay number 647870"), 1u);
  EXPECT_EQ(place_of(exact(c, "DS Okonkwo pay number 455902")),
            (Place{"content.xml", 2, 1, Visibility::hidden_slide, ""}))
      << "its page style says presentation:visibility=\"hidden\"";
  EXPECT_EQ(slide_of("DS Okonkwo pay number 455902"), 2u);
  EXPECT_EQ(place_of(exact(c, "Publish in April")), (Place{"content.xml", 1, 1, Visibility::visible, ""}));
  EXPECT_EQ(slide_of("Publish in April"), 3u);
  const std::string reviewer = "Insp Hallworth-Chaudhry";
  EXPECT_EQ(place_of(exact(c, "Remove before release")), (Place{"content.xml", 3, 1, Visibility::comment, reviewer}));
  EXPECT_EQ(slide_of("Remove before release"), 3u);
  EXPECT_EQ(place_of(exact(c, "Briefing by Insp Eberhardt-Lowe")),
            (Place{"content.xml", 1, 1, Visibility::header_footer, ""}));
  EXPECT_EQ(slide_of("Briefing by Insp Eberhardt-Lowe"), std::nullopt) << "a footer declared for every slide";
}

TEST(Odt, EncryptedAndTruncatedFilesAreClearErrors) {
  try {
    read_fixture("encrypted.odt");
    ADD_FAILURE() << "an encrypted document must not read as clean";
  } catch (const formats::FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("encrypted (password-protected) OpenDocument file: cannot be checked"),
              std::string::npos)
        << e.what();
  }
  const FileReport r = scan_fixture("encrypted.odt");
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_NE(r.error.find("encrypted"), std::string::npos) << r.error;
  EXPECT_THROW(read_fixture("truncated.odt"), formats::FormatError);
}

TEST(Odt, ABrokenContentPartIsANoteAndItsTextUpToTheBreakIsRead) {
  const Collected c = read_fixture("cut_content.odt");
  ASSERT_EQ(c.stats.not_checked.size(), 1u);
  EXPECT_EQ(c.stats.not_checked[0].part, "content.xml");
  EXPECT_EQ(place_of(exact(c, "The overtime figures ")), (Place{"content.xml", 9, 1, Visibility::visible, ""}))
      << "the paragraph open at the break is still written";
  EXPECT_EQ(exact(c, "DC Adeyemi-Walsh pay number 612345").span.visibility, Visibility::tracked_deletion);
  EXPECT_EQ(exact(c, "Prepared by PC Okonkwo-Reyes").span.visibility, Visibility::header_footer)
      << "the other parts are read";
}

TEST(Odt, AGiantTextBoxIsWrittenInBoundedBatches) {
  const Collected c = read_fixture("huge_textbox.odt", 64u << 10);
  EXPECT_LE(c.max_batch_text, (64u << 10) + 2048) << "batches end at a paragraph past batch_bytes";
  EXPECT_EQ(place_of(exact(c, "Anchor paragraph")), (Place{"content.xml", 1, 1, Visibility::visible, ""}));
  std::vector<std::uint32_t> numbers;
  for (const auto& s : c.spans)
    if (s.text.starts_with("line ")) numbers.push_back(s.span.line);
  ASSERT_EQ(numbers.size(), 1100u) << "every paragraph of the text box, none lost when held text is cut";
  for (std::size_t k = 0; k < numbers.size(); ++k) EXPECT_EQ(numbers[k], k + 2) << "numbered in order, no gaps";
}

TEST(OdtScan, ATrackedDeletionOfAPersonnelRecordIsBlocked) {
  const FileReport r = scan_fixture("deletion_only.odt");
  EXPECT_EQ(r.format, "odt");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_EQ(r.personnel_records, 1u);
  EXPECT_EQ(r.visible_records, 0u) << "the letter itself names nobody";
  const auto pay = std::find_if(r.findings.begin(), r.findings.end(),
                                [](const Finding& f) { return f.category == Category::pay_number; });
  ASSERT_NE(pay, r.findings.end());
  EXPECT_EQ(pay->visibility, Visibility::tracked_deletion);
  EXPECT_EQ(pay->location.part, "content.xml");
  EXPECT_EQ(pay->location.paragraph, 2u);
  EXPECT_EQ(pay->location.author, "P**** C********") << "the change author, masked like a value";
}

TEST(OdtScan, HiddenSlideAndSpeakerNotesAreBlocked) {
  const FileReport r = scan_fixture("slides.odp");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_NE(r.reason.find("hidden slide (content.xml) holds 1 personnel record"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("speaker notes (content.xml) holds 1 personnel record"), std::string::npos) << r.reason;
  const auto on_hidden = std::find_if(r.findings.begin(), r.findings.end(), [](const Finding& f) {
    return f.category == Category::pay_number && f.visibility == Visibility::hidden_slide;
  });
  ASSERT_NE(on_hidden, r.findings.end());
  EXPECT_EQ(on_hidden->location.slide, 2u);
  EXPECT_EQ(on_hidden->location.paragraph, 2u);
}

// MANIFEST feature -> the visibilities that show it.
const testing::FeatureVisibilities& feature_visibilities() {
  static const testing::FeatureVisibilities m = {
      {"tracked-changes", {Visibility::tracked_deletion, Visibility::tracked_insertion}},
      {"tracked-deletion-text", {Visibility::tracked_deletion}},
      {"comments", {Visibility::comment}},
      {"vanish", {Visibility::hidden_text}},
      {"hidden-text", {Visibility::hidden_text}},
      {"hidden-slide", {Visibility::hidden_slide}},
      {"notes", {Visibility::speaker_notes}},
      {"speaker-notes", {Visibility::speaker_notes}},
      {"header-footer", {Visibility::header_footer}},
      {"metadata", {Visibility::metadata}},
      {"metadata-author", {Visibility::metadata}},
      {"custom-properties", {Visibility::metadata}},
      {"embedded-doc", {Visibility::embedded_object, Visibility::chart_cache}},
  };
  return m;
}

// "metadata-author: meta.xml creator: Bart Hanssens; ..." -> "Bart Hanssens".
std::string meta_creator(const std::string& evidence) {
  const std::string key = "meta.xml creator: ";
  const auto at = evidence.find(key);
  if (at == std::string::npos) return {};
  const auto begin = at + key.size();
  return evidence.substr(begin, evidence.find(';', begin) - begin);
}

TEST(OdfCorpus, EveryTextAndPresentationIsReadAndItsHiddenFeaturesShowUp) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  std::size_t read = 0;
  for (const auto& file : testing::corpus_entries(corpus, {".odt", ".odp", ".ott", ".otp"})) {
    const std::string& path = file.path;
    SCOPED_TRACE(path);
    const std::string bytes = testing::read_file(corpus + "/" + path);
    const FileReport report = testing::scan_bytes(path, bytes);
    if (file.features.count("encrypted")) {
      EXPECT_EQ(report.verdict, Verdict::error);
      EXPECT_NE(report.error.find("encrypted"), std::string::npos) << report.error;
      EXPECT_THROW(testing::collect_package(bytes), formats::FormatError);
      continue;
    }
    EXPECT_NE(report.verdict, Verdict::error) << report.error;
    const Collected c = testing::collect_package(bytes, 64u << 10);
    ++read;
    for (const auto& feature : testing::features_not_shown(c, file.features, feature_visibilities())) {
      ADD_FAILURE() << "MANIFEST feature '" << feature << "' not seen";
    }
    const std::string creator = meta_creator(file.fields.at(6));
    if (!creator.empty()) {
      EXPECT_TRUE(std::any_of(c.spans.begin(), c.spans.end(), [&](const CollectedSpan& s) {
        return s.text == creator && s.span.visibility == Visibility::metadata && s.scope.part == "meta.xml";
      })) << "meta.xml creator '" << creator << "'";
    }
  }
  EXPECT_GE(read, 6u) << "the MANIFEST lists the corpus texts and presentations";
}

}  // namespace
}  // namespace foiguard
