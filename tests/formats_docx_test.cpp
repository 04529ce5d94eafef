// The Word reader on documents made by python-docx (tests/data/docx/generate.py,
// see its README for what each file plants where): every place a letter can
// hide a name gives spans with the right visibility, part, paragraph and
// author; a scan of each gives the verdict an FOI officer needs; and every
// Word file of the shared corpus is read without a crash, its MANIFEST
// features showing up as the visibilities they should.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
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

std::string fixture(const std::string& name) { return testing::fixture_bytes("docx", name); }

Collected read_fixture(const std::string& name) { return testing::collect_package(fixture(name)); }

FileReport scan_fixture(const std::string& name) { return testing::scan_bytes(name, fixture(name)); }

void expect_read_whole(const Collected& c) {
  for (const auto& n : c.stats.not_checked)
    ADD_FAILURE() << "every part is read: " << n.part << ": " << n.reason;
}

// Where a span sits, in one comparable value: part, paragraph, visibility, author.
struct Place {
  std::string part;
  std::uint32_t paragraph;
  Visibility visibility;
  std::string author;
  bool operator==(const Place&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Place& p) {
  return os << p.part << " paragraph " << p.paragraph << " " << to_string(p.visibility) << " by '" << p.author
            << "'";
}

Place place_of(const CollectedSpan& s) {
  EXPECT_EQ(s.span.kind, SpanKind::paragraph) << s.text;
  return {s.scope.part.value_or(""), s.span.line, s.span.visibility, s.author};
}

TEST(Docx, BodyTablesTabsAndBreaksAreVisibleParagraphs) {
  const auto c = read_fixture("fields_and_boxes.docx");
  EXPECT_EQ(c.stats.format, "docx");
  expect_read_whole(c);
  EXPECT_EQ(place_of(span_with(c, "Case")), (Place{"word/document.xml", 1, Visibility::visible, ""}));
  EXPECT_EQ(place_of(span_with(c, "Closed")), (Place{"word/document.xml", 4, Visibility::visible, ""}))
      << "each cell paragraph is a paragraph of the body";
  EXPECT_EQ(span_with(c, "2023/118").span.record, span_with(c, "Closed").span.record)
      << "the cells of a table row are one record";
  EXPECT_NE(span_with(c, "Case").span.record, span_with(c, "Closed").span.record);
  const auto& ref = span_with(c, "Ref:");
  EXPECT_EQ(ref.text, "Ref: FOI 2023/118 Second line") << "w:tab and w:br read as spaces";
  EXPECT_EQ(place_of(ref), (Place{"word/document.xml", 5, Visibility::visible, ""}));
}

TEST(Docx, FieldInstructionsAltTextAndLinkTargetsAreHiddenText) {
  const auto c = read_fixture("fields_and_boxes.docx");
  const auto& instruction = span_with(c, "mailto:a.adeyemi-walsh@synthetic.police.uk");
  EXPECT_EQ(place_of(instruction), (Place{"word/document.xml", 6, Visibility::hidden_text, ""}));
  EXPECT_NE(instruction.text.find("HYPERLINK"), std::string::npos);
  EXPECT_EQ(place_of(span_with(c, "contact the unit")),
            (Place{"word/document.xml", 6, Visibility::visible, ""}))
      << "the field's result is what the page shows";
  EXPECT_EQ(instruction.span.record, span_with(c, "contact the unit").span.record);
  EXPECT_EQ(span_with(c, "MERGEFIELD").span.visibility, Visibility::hidden_text) << "w:fldSimple's w:instr";
  EXPECT_EQ(span_with(c, "«OfficerName»").span.visibility, Visibility::visible);
  const auto& alt = span_with(c, "Photo of DS Okonkwo at the scene");
  EXPECT_EQ(place_of(alt), (Place{"word/document.xml", 9, Visibility::hidden_text, ""}));
  EXPECT_NE(alt.text.find("Scene photo"), std::string::npos) << "the picture's title too";
  const auto& target = span_with(c, "mailto:p.okafor@synthetic.police.uk");
  EXPECT_EQ(place_of(target), (Place{"word/document.xml", 10, Visibility::hidden_text, ""}));
  EXPECT_NE(target.text.find("Write to Sgt Okafor"), std::string::npos) << "the link's tooltip";
  EXPECT_EQ(span_with(c, "email the unit").span.visibility, Visibility::visible);
}

TEST(Docx, TextBoxesAreReadOnceInTheParagraphThatAnchorsThem) {
  const auto c = read_fixture("fields_and_boxes.docx");
  const auto& box = span_with(c, "Contact officer: PC Okafor");
  EXPECT_EQ(place_of(box), (Place{"word/document.xml", 8, Visibility::visible, ""}));
  EXPECT_EQ(box.text, "See the box. Contact officer: PC Okafor After the box.");
  EXPECT_EQ(count_with(c, "Contact officer"), 1u) << "the VML fallback copy is skipped";
  EXPECT_EQ(place_of(span_with(c, "You can also")).paragraph, 10u) << "numbering goes on after the box";
}

TEST(Docx, TrackedChangesCarryTheirKindAndAuthor) {
  const auto c = read_fixture("tracked_changes.docx");
  expect_read_whole(c);
  EXPECT_EQ(place_of(span_with(c, "DS Adeyemi-Walsh, pay number 612345")),
            (Place{"word/document.xml", 2, Visibility::tracked_deletion, "Jones, Mark"}));
  EXPECT_EQ(place_of(span_with(c, "the Freedom of Information Unit")),
            (Place{"word/document.xml", 2, Visibility::tracked_insertion, "Okafor, Tunde"}));
  EXPECT_EQ(place_of(span_with(c, "The request was handled by")),
            (Place{"word/document.xml", 2, Visibility::visible, ""}));
  EXPECT_EQ(place_of(span_with(c, "by Sgt Pryce-Jones")),
            (Place{"word/document.xml", 3, Visibility::tracked_deletion, "Hallworth, Inspector"}))
      << "inserted by one, deleted by another: a deletion, by whoever deleted it";
  const auto moved = std::count_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) {
    return s.text == "Appeals go to the Information Commissioner.";
  });
  EXPECT_EQ(moved, 2);
  const auto moved_from = std::find_if(c.spans.begin(), c.spans.end(),
                                       [](const CollectedSpan& s) { return s.text.starts_with("Appeals"); });
  EXPECT_EQ(place_of(*moved_from),
            (Place{"word/document.xml", 4, Visibility::tracked_deletion, "Jones, Mark"}))
      << "w:moveFrom is where the text was";
  const auto moved_to = std::find_if(c.spans.rbegin(), c.spans.rend(),
                                     [](const CollectedSpan& s) { return s.text.starts_with("Appeals"); });
  EXPECT_EQ(place_of(*moved_to),
            (Place{"word/document.xml", 6, Visibility::tracked_insertion, "Jones, Mark"}));
  EXPECT_EQ(place_of(span_with(c, "Yours sincerely,")),
            (Place{"word/document.xml", 7, Visibility::visible, ""}))
      << "a deleted paragraph mark does not delete the text";
}

TEST(Docx, TrackedDeletionOfAnOfficerBlocks) {
  const auto r = scan_fixture("tracked_changes.docx");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_EQ(r.format, "docx");
  const auto pay = std::find_if(r.findings.begin(), r.findings.end(),
                                [](const Finding& f) { return f.category == Category::pay_number; });
  ASSERT_NE(pay, r.findings.end());
  EXPECT_EQ(pay->visibility, Visibility::tracked_deletion);
  EXPECT_EQ(pay->location.part, "word/document.xml");
  EXPECT_EQ(pay->location.paragraph, 2u);
  ASSERT_TRUE(pay->location.author.has_value()) << "the deleting reviewer is named";
  EXPECT_NE(*pay->location.author, "Jones, Mark") << "and masked like any name";
  EXPECT_EQ(pay->location.author->size(), std::string("Jones, Mark").size());
  EXPECT_NE(r.reason.find("tracked deletions"), std::string::npos) << r.reason;
}

TEST(Docx, HiddenTextDirectlyAndThroughStyles) {
  const auto c = read_fixture("hidden_text.docx");
  expect_read_whole(c);
  const auto at = [&](std::string_view needle) { return place_of(span_with(c, needle)); };
  EXPECT_EQ(at("Summary of complaints"), (Place{"word/document.xml", 1, Visibility::visible, ""}));
  EXPECT_EQ(at("Tamsin Roebuck-Ibe"), (Place{"word/document.xml", 1, Visibility::hidden_text, ""}))
      << "w:vanish";
  EXPECT_EQ(at("PC Okonkwo 455902"), (Place{"word/document.xml", 2, Visibility::hidden_text, ""}))
      << "w:specVanish";
  EXPECT_EQ(at("Sgt Pryce-Jones 389416"), (Place{"word/document.xml", 3, Visibility::hidden_text, ""}))
      << "w:webHidden";
  EXPECT_EQ(at("DC Ní Bhriain, pay no 377120"), (Place{"word/document.xml", 4, Visibility::hidden_text, ""}))
      << "a character style with w:vanish";
  EXPECT_EQ(at("Inspector Hallworth-Chaudhry"), (Place{"word/document.xml", 5, Visibility::hidden_text, ""}))
      << "a paragraph style based on a hidden one";
  EXPECT_EQ(at("Shown despite the style."), (Place{"word/document.xml", 5, Visibility::visible, ""}))
      << "w:vanish w:val=\"0\" on the run wins over the style";
  EXPECT_EQ(at("Only this paragraph's mark is hidden."),
            (Place{"word/document.xml", 6, Visibility::visible, ""}))
      << "w:vanish on the paragraph mark hides the mark, not the text";

  const auto r = scan_fixture("hidden_text.docx");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_NE(r.reason.find("hidden text"), std::string::npos) << r.reason;
}

TEST(Docx, HeadersFootersAndNotesAreRead) {
  const auto c = read_fixture("stories.docx");
  expect_read_whole(c);
  const auto at = [&](std::string_view needle) { return place_of(span_with(c, needle)); };
  EXPECT_EQ(at("Synthetic Constabulary"), (Place{"word/header1.xml", 1, Visibility::header_footer, ""}));
  EXPECT_EQ(at("Prepared by PC Adeyemi-Walsh 612345"),
            (Place{"word/footer1.xml", 1, Visibility::header_footer, ""}));
  EXPECT_EQ(at("OFFICIAL"), (Place{"word/header2.xml", 1, Visibility::header_footer, ""})) << "first page";
  EXPECT_EQ(at("Page 1"), (Place{"word/footer2.xml", 1, Visibility::header_footer, ""}));
  EXPECT_EQ(at("FOI 2023/118"), (Place{"word/header3.xml", 1, Visibility::header_footer, ""}))
      << "even pages";
  EXPECT_EQ(at("Freedom of Information Unit"), (Place{"word/footer3.xml", 1, Visibility::header_footer, ""}));
  EXPECT_EQ(at("Draft prepared by DC Ní Bhriain"),
            (Place{"word/header9.xml", 1, Visibility::header_footer, ""}))
      << "a header part no relationship names is still in the file";
  // Paragraphs 1 and 2 of each notes part are Word's separator notes.
  EXPECT_EQ(at("duty roster kept by Sgt Pryce-Jones"),
            (Place{"word/footnotes.xml", 3, Visibility::visible, ""}));
  EXPECT_EQ(at("Figures correct at 31 August 2023"),
            (Place{"word/endnotes.xml", 3, Visibility::visible, ""}));
  EXPECT_EQ(at("Dear Requester"), (Place{"word/document.xml", 1, Visibility::visible, ""}));
}

TEST(Docx, CommentsCarryTheirAuthorsAndTheAuthorsAreRead) {
  const auto c = read_fixture("stories.docx");
  const auto at = [&](std::string_view needle) { return place_of(span_with(c, needle)); };
  EXPECT_EQ(at("Should we name DS Okonkwo here?"),
            (Place{"word/comments.xml", 2, Visibility::comment, "Jones, Mark"}));
  EXPECT_EQ(at("His pay number is 455902."),
            (Place{"word/comments.xml", 3, Visibility::comment, "Jones, Mark"}));
  EXPECT_EQ(span_with(c, "Should we name").span.record, span_with(c, "His pay number").span.record)
      << "a comment's paragraphs are one record";
  EXPECT_EQ(at("Agreed, remove"),
            (Place{"word/comments.xml", 5, Visibility::comment, "Inspector Hallworth"}));
  EXPECT_EQ(at("Done."), (Place{"word/comments.xml", 6, Visibility::comment, "Jones, Mark"}));
  // Each author's name is a paragraph of its own, once per part.
  const auto authors = std::count_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) {
    return s.scope.part == "word/comments.xml" && s.text == s.author;
  });
  EXPECT_EQ(authors, 2);
  EXPECT_EQ(at("Inspector Hallworth"),
            (Place{"word/comments.xml", 4, Visibility::comment, "Inspector Hallworth"}));
  const auto people = std::find_if(c.spans.begin(), c.spans.end(),
                                   [](const CollectedSpan& s) { return s.scope.part == "word/people.xml"; });
  ASSERT_NE(people, c.spans.end());
  EXPECT_EQ(place_of(*people), (Place{"word/people.xml", 1, Visibility::comment, "Jones, Mark"}));
  EXPECT_EQ(people->text, "Jones, Mark");
}

TEST(Docx, FooterAndCommentNamingOfficersBlock) {
  const auto r = scan_fixture("stories.docx");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  const auto in_part = [&](std::string_view part) {
    return std::find_if(r.findings.begin(), r.findings.end(),
                        [&](const Finding& f) { return f.location.part == part; });
  };
  const auto footer = in_part("word/footer1.xml");
  ASSERT_NE(footer, r.findings.end());
  EXPECT_EQ(footer->visibility, Visibility::header_footer);
  EXPECT_EQ(footer->location.paragraph, 1u);
  const auto comment = in_part("word/comments.xml");
  ASSERT_NE(comment, r.findings.end());
  EXPECT_EQ(comment->visibility, Visibility::comment);
  EXPECT_TRUE(comment->location.author.has_value());
}

TEST(Docx, PropertiesCustomXmlVariablesAndLinkedFilesAreMetadata) {
  const auto c = read_fixture("metadata.docx");
  expect_read_whole(c);
  const auto& creator = span_with(c, "DS Marlowe-Baptiste");
  EXPECT_EQ(creator.span.visibility, Visibility::metadata);
  EXPECT_EQ(creator.header, "creator");
  EXPECT_EQ(creator.scope.part, "docProps/core.xml");
  EXPECT_EQ(span_with(c, "PC Okafor 4412").header, "lastModifiedBy");
  EXPECT_EQ(span_with(c, "FOI 2023/118").header, "document title");
  const auto& reviewer = span_with(c, "Sgt Ní Bhriain");
  EXPECT_EQ(reviewer.header, "Reviewer");
  EXPECT_EQ(reviewer.scope.part, "docProps/custom.xml");
  const auto& custom = span_with(c, "DC Ní Bhriain");
  EXPECT_EQ(custom.span.visibility, Visibility::metadata);
  EXPECT_EQ(custom.scope.part, "customXml/item2.xml");
  EXPECT_EQ(custom.header, "caseOfficer");
  const auto& variable = span_with(c, "PC Adeyemi-Walsh");
  EXPECT_EQ(variable.span.visibility, Visibility::metadata);
  EXPECT_EQ(variable.scope.part, "word/settings.xml");
  EXPECT_EQ(variable.header, "CaseOfficer");
  const auto& templ = span_with(c, "pc4412.okafor");
  EXPECT_EQ(templ.span.visibility, Visibility::metadata) << "a linked template's path names its user";
  EXPECT_EQ(templ.scope.part, "word/settings.xml");
  EXPECT_EQ(templ.header, "attachedTemplate");

  const auto r = scan_fixture("metadata.docx");
  EXPECT_EQ(r.verdict, Verdict::review) << "an author's name is for review, not a block: " << r.reason;
}

TEST(Docx, BuildingBlocksOfATemplateAreHiddenText) {
  const auto c = read_fixture("glossary.dotx");
  EXPECT_EQ(c.stats.format, "dotx");
  expect_read_whole(c);
  EXPECT_EQ(place_of(span_with(c, "Signed: Chief Inspector Lindqvist-Hale")),
            (Place{"word/glossary/document.xml", 1, Visibility::hidden_text, ""}));
  EXPECT_EQ(place_of(span_with(c, "Template for FOI replies.")),
            (Place{"word/document.xml", 1, Visibility::visible, ""}));
  EXPECT_EQ(scan_fixture("glossary.dotx").verdict, Verdict::block);
}

TEST(Docx, EmbeddedWorkbookIsScannedInItsContainerAndMacrosAreListed) {
  const auto c = read_fixture("embedded.docm");
  EXPECT_EQ(c.stats.format, "docm");
  const auto& inner = span_with(c, "Adeyemi-Walsh");
  EXPECT_EQ(inner.scope.container,
            std::vector<std::string>{"word/embeddings/Microsoft_Excel_Worksheet1.xlsx"});
  EXPECT_EQ(inner.scope.sheet, "Data");
  EXPECT_EQ(inner.span.visibility, Visibility::hidden_sheet);
  const auto summary = std::find_if(c.spans.begin(), c.spans.end(),
                                    [](const CollectedSpan& s) { return s.scope.sheet == "Summary"; });
  ASSERT_NE(summary, c.spans.end());
  EXPECT_EQ(summary->span.visibility, Visibility::embedded_object)
      << "what the workbook shows is still embedded";
  ASSERT_EQ(c.stats.not_checked.size(), 1u);
  EXPECT_EQ(c.stats.not_checked[0].part, "word/vbaProject.bin");
  EXPECT_NE(c.stats.not_checked[0].reason.find("VBA"), std::string::npos);

  const auto r = scan_fixture("embedded.docm");
  EXPECT_EQ(r.verdict, Verdict::block);
  const auto f = std::find_if(r.findings.begin(), r.findings.end(),
                              [](const Finding& x) { return x.visibility == Visibility::hidden_sheet; });
  ASSERT_NE(f, r.findings.end());
  EXPECT_EQ(f->location.container,
            std::vector<std::string>{"word/embeddings/Microsoft_Excel_Worksheet1.xlsx"});
  EXPECT_NE(describe(f->location).find("embedded.docm!/word/embeddings/Microsoft_Excel_Worksheet1.xlsx!/"),
            std::string::npos)
      << describe(f->location);
}

TEST(Docx, CleanLetterIsClean) {
  const auto c = read_fixture("clean_letter.docx");
  expect_read_whole(c);
  EXPECT_EQ(place_of(span_with(c, "Synthetic Constabulary - Freedom of Information Unit")),
            (Place{"word/header1.xml", 1, Visibility::header_footer, ""}));
  EXPECT_EQ(place_of(span_with(c, "PAGE")), (Place{"word/footer1.xml", 1, Visibility::hidden_text, ""}));
  const auto r = scan_fixture("clean_letter.docx");
  EXPECT_EQ(r.verdict, Verdict::clean) << r.reason;
  EXPECT_TRUE(r.findings.empty());
  EXPECT_TRUE(r.not_checked.empty());
}

// Well-formed but odd structure: the reader's bounded state gives way
// without losing what follows.
TEST(Docx, OddStructureIsReadWithoutLosingTheRest) {
  const auto c = read_fixture("odd_structure.docx");
  expect_read_whole(c);
  EXPECT_EQ(place_of(span_with(c, "After the fields.")),
            (Place{"word/document.xml", 1, Visibility::visible, ""}))
      << "70 nested fields, more than are tracked, all ended";
  EXPECT_EQ(count_with(c, "IF"), 1u) << "the instructions are one hidden span";
  EXPECT_EQ(span_with(c, "IF").span.visibility, Visibility::hidden_text);
  EXPECT_EQ(place_of(span_with(c, "Stray ends.")), (Place{"word/document.xml", 2, Visibility::visible, ""}));
  EXPECT_EQ(span_with(c, "Text ").span.line, 3u);
  EXPECT_EQ(place_of(span_with(c, "Last paragraph.")).paragraph, 4u)
      << "a w:p inside a w:t does not shift numbering";
  const auto& comment = span_with(c, "Long author.");
  EXPECT_EQ(comment.span.visibility, Visibility::comment);
  EXPECT_EQ(comment.author.size(), 256u) << "an author is kept to 256 bytes";
}

// Batches are cut at paragraph ends whatever their size: the same spans come
// back in many small batches as in one.
TEST(Docx, SmallBatchesGiveTheSameSpans) {
  const auto whole = read_fixture("stories.docx");
  const auto small = testing::collect_package(fixture("stories.docx"), 64);
  EXPECT_GE(small.batches, 8u);
  EXPECT_LT(small.max_batch_text, 256u) << "a batch goes once it passes 64 bytes, at a paragraph end";
  EXPECT_EQ(small.texts(), whole.texts());
}

// Hostile and broken documents: a clear message each; what can be read still is.
TEST(Docx, BadDocumentsGetClearMessages) {
  const auto bomb = read_fixture("entity_bomb.docx");
  ASSERT_EQ(bomb.stats.not_checked.size(), 1u);
  EXPECT_EQ(bomb.stats.not_checked[0].part, "word/document.xml");
  EXPECT_NE(bomb.stats.not_checked[0].reason.find("DOCTYPE"), std::string::npos)
      << bomb.stats.not_checked[0].reason;
  EXPECT_EQ(place_of(span_with(bomb, "Footer still read")),
            (Place{"word/footer9.xml", 1, Visibility::header_footer, ""}));
  EXPECT_EQ(count_with(bomb, "lol"), 0u);
  EXPECT_NE(scan_fixture("entity_bomb.docx").verdict, Verdict::clean);

  const auto cut = read_fixture("truncated_part.docx");
  ASSERT_EQ(cut.stats.not_checked.size(), 1u);
  EXPECT_EQ(cut.stats.not_checked[0].part, "word/document.xml");
  EXPECT_NE(cut.stats.not_checked[0].reason.find("not well-formed"), std::string::npos);
  EXPECT_EQ(place_of(span_with(cut, "The first paragraph survives.")).paragraph, 1u);
  EXPECT_EQ(span_with(cut, "First cell").span.record, span_with(cut, "The second cell").span.record);
  EXPECT_NE(span_with(cut, "Footer line one").span.record, span_with(cut, "Footer line two").span.record)
      << "the row cut off in the body does not hold the next part's paragraphs together";
  EXPECT_NE(scan_fixture("truncated_part.docx").verdict, Verdict::clean);

  const auto truncated = scan_fixture("truncated.docx");
  EXPECT_EQ(truncated.verdict, Verdict::error);
  EXPECT_NE(truncated.error.find("truncated"), std::string::npos) << truncated.error;
}

// --- The shared corpus ------------------------------------------------------

std::vector<testing::CorpusEntry> word_files_in_manifest(const std::string& corpus) {
  return testing::corpus_entries(corpus, {".docx", ".docm", ".dotx", ".dotm"});
}

// MANIFEST feature -> the visibilities that show it.
const testing::FeatureVisibilities& feature_visibilities() {
  static const testing::FeatureVisibilities m = {
      {"tracked-changes", {Visibility::tracked_insertion, Visibility::tracked_deletion}},
      {"tracked-deletion-text", {Visibility::tracked_deletion}},
      {"comments", {Visibility::comment}},
      {"persons", {Visibility::comment}},
      {"vanish", {Visibility::hidden_text}},
      {"vanish-in-style", {Visibility::hidden_text}},
      {"glossary", {Visibility::hidden_text}},
      {"header-footer", {Visibility::header_footer}},
      {"metadata-author", {Visibility::metadata}},
      {"doc-vars", {Visibility::metadata}},
      {"chart-cache", {Visibility::chart_cache}},
  };
  return m;
}

// MANIFEST features that rightly yield nothing, each checked by hand in the file's XML.
bool empty_feature(const std::string& path, const std::string& feature) {
  static const std::set<std::pair<std::string, std::string>> known = {};
  return known.count({path, feature}) > 0;
}

bool embedded_seen(const Collected& c) {
  const auto embedded = [](std::string_view name) { return name.starts_with("word/embeddings/"); };
  return std::any_of(c.spans.begin(), c.spans.end(),
                     [&](const CollectedSpan& s) {
                       return !s.scope.container.empty() && embedded(s.scope.container[0]);
                     }) ||
         std::any_of(c.stats.not_checked.begin(), c.stats.not_checked.end(),
                     [&](const formats::PartNote& n) { return embedded(n.part); });
}

TEST(DocxCorpus, EveryWordFileIsReadAndItsFeaturesShowUp) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  const auto files = word_files_in_manifest(corpus);
  ASSERT_GE(files.size(), 15u) << "the MANIFEST lists the corpus Word files";
  std::size_t read = 0;
  for (const auto& file : files) {
    SCOPED_TRACE(file.path);
    const std::string bytes = testing::read_file(corpus + "/" + file.path);
    if (file.features.count("encrypted")) {
      EXPECT_EQ(formats::sniff(bytes, file.path).format, "encrypted-office");
      continue;
    }
    Collected c;
    try {
      c = testing::collect_any(bytes, file.path, 64u << 10);
    } catch (const formats::FormatError& e) {
      EXPECT_TRUE(file.features.count("corrupt")) << "only corrupt files may fail as a whole: " << e.what();
      continue;
    }
    EXPECT_FALSE(file.features.count("truncated")) << "a truncated file is an error";
    ++read;
    for (const auto& feature : testing::features_not_shown(c, file.features, feature_visibilities())) {
      EXPECT_TRUE(empty_feature(file.path, feature)) << "MANIFEST feature '" << feature << "' not seen";
    }
    if (file.features.count("embedded-ole")) {
      EXPECT_TRUE(embedded_seen(c)) << "embedded files are opened or listed";
    }
    if (file.features.count("alt-chunk")) {
      EXPECT_TRUE(std::any_of(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) {
        return !s.scope.container.empty();
      })) << "an imported chunk is read as a file of its own";
    }
  }
  EXPECT_GE(read, 15u);
}

// The same files through the whole scanner: a verdict for each, never a crash.
TEST(DocxCorpus, EveryWordFileGetsAVerdict) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  const Scanner scanner(testing::builtin_detector(), ScanOptions{});
  for (const auto& file : word_files_in_manifest(corpus)) {
    SCOPED_TRACE(file.path);
    const FileReport r = scanner.scan_file(corpus + "/" + file.path);
    if (file.features.count("encrypted")) {
      EXPECT_EQ(r.verdict, Verdict::error);
      EXPECT_NE(r.error.find("encrypted"), std::string::npos) << r.error;
    } else if (file.features.count("truncated")) {
      EXPECT_EQ(r.verdict, Verdict::error);
      EXPECT_NE(r.error.find("truncated"), std::string::npos) << r.error;
    } else if (!file.features.count("corrupt")) {
      EXPECT_TRUE(r.error.empty()) << r.error;
      EXPECT_TRUE(r.format == "docx" || r.format == "docm" || r.format == "dotx") << r.format;
    }
  }
}

}  // namespace
}  // namespace foiguard
