// The HTML reader on hand-written pages and a difflib.HtmlDiff redline
// (tests/data/html/generate.py), on hostile pages made here, and on the HTML
// pages of the shared corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "foiguard/scanner.hpp"
#include "formats_collect.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

using testing::collect_html;
using testing::Collected;
using testing::CollectedSpan;
using testing::has_text_containing;
using testing::has_visibility;

std::string fixture(const std::string& name) { return testing::fixture_bytes("html", name); }

// The one span whose text is `text`.
const CollectedSpan& span_of(const Collected& c, std::string_view text) {
  const auto it = std::find_if(c.spans.begin(), c.spans.end(), [&](const CollectedSpan& s) { return s.text == text; });
  if (it != c.spans.end()) return *it;
  std::string seen;
  for (const auto& s : c.spans) seen += "\n  [" + s.text + "] " + std::string(to_string(s.span.visibility));
  throw std::runtime_error("no span '" + std::string(text) + "' among:" + seen);
}

void expect_span(const Collected& c, std::string_view text, Visibility visibility, std::uint32_t paragraph) {
  SCOPED_TRACE(std::string(text));
  const CollectedSpan& s = span_of(c, text);
  EXPECT_EQ(s.span.visibility, visibility);
  EXPECT_EQ(s.span.line, paragraph) << "paragraph number";
  EXPECT_EQ(s.span.kind, SpanKind::paragraph);
  EXPECT_FALSE(s.scope.part.has_value()) << "an HTML page has no parts";
}

FileReport scan_fixture(const std::string& name) { return testing::scan_bytes(name, fixture(name)); }

// ---------------------------------------------------------------- staff_page.html

TEST(Html, TitleAndMetaTags) {
  const Collected c = collect_html(fixture("staff_page.html"));
  EXPECT_EQ(c.stats.format, "html");
  EXPECT_EQ(c.stats.encoding, "utf-8");
  EXPECT_TRUE(c.stats.not_checked.empty());
  expect_span(c, "Response to FOI request 2024-118", Visibility::visible, 1);
  expect_span(c, "DS Marlowe-Baptiste", Visibility::metadata, 2);            // name=author
  expect_span(c, "Disclosure log entry for request 2024-118", Visibility::metadata, 3);  // description
  expect_span(c, "FOI, staffing, Northshire", Visibility::metadata, 4);      // keywords
  expect_span(c, "FOI 2024-118 response", Visibility::metadata, 5);          // property=og:title
  EXPECT_FALSE(has_text_containing(c, "device-width")) << "viewport only steers browsers";
}

TEST(Html, VisibleTextCollapsesWhiteSpaceAndNoBreakSpaces) {
  const Collected c = collect_html(fixture("staff_page.html"));
  expect_span(c, "Staffing of the Northshire response team", Visibility::visible, 8);
  expect_span(c, "We hold the information you asked for. The team had 12 officers in 2023.", Visibility::visible, 9);
}

// Words are copied whole up to a blank or a no-break space; other
// characters that start with the byte 0xC2 (the pound sign, the copyright
// sign) are part of the word.
TEST(Html, PoundSignsStayInTheirWordsAndNoBreakSpacesSeparate) {
  const Collected c = collect_html(
      "<html><body><p>  Salary\xC2\xA0\xC2\xA3" "34,000 \xC2\xA9" "2024\t\t and \r\n  "
      "caf\xC3\xA9\xC2\xA0\xC2\xA0" "bar</p></body></html>");
  expect_span(c, "Salary \xC2\xA3" "34,000 \xC2\xA9" "2024 and caf\xC3\xA9 bar", Visibility::visible, 1);
}

TEST(Html, CommentsScriptsTemplatesAndNoscriptAreHiddenText) {
  const Collected c = collect_html(fixture("staff_page.html"));
  expect_span(c, R"({"officer": "PC Okonkwo-Reyes", "collar": "4471"})", Visibility::hidden_text, 6);
  expect_span(c, "reviewed by Sgt Ni Bhriain before release", Visibility::hidden_text, 7);
  expect_span(c, "Template row for Sgt Template-Only", Visibility::hidden_text, 19);
  expect_span(c, "Enable scripts to see the staff list", Visibility::hidden_text, 20);
  EXPECT_FALSE(has_text_containing(c, "display")) << "style sheets are read as CSS, not text";
  EXPECT_FALSE(has_text_containing(c, ".internal"));
}

TEST(Html, HiddenElementsHideAllTheirDescendants) {
  const Collected c = collect_html(fixture("staff_page.html"));
  // <table style="display:none">: each row is one paragraph, its cells one span.
  expect_span(c, "Rank Name Pay no", Visibility::hidden_text, 10);
  expect_span(c, "PC Adeyemi-Walsh 612345", Visibility::hidden_text, 11);
  expect_span(c, "Draft: escalate to Insp Kowalczyk-Dunne", Visibility::hidden_text, 12);      // hidden attribute
  expect_span(c, "Internal: DC Haverford-Lim, pay number 734512", Visibility::hidden_text, 13);  // .internal rule
  expect_span(c, "Checked by Sgt Quayle-Moreno", Visibility::hidden_text, 14);  // #reviewer-note visibility:hidden
  expect_span(c, "Printed copies are not kept.", Visibility::visible, 15);    // hidden in @media print only
  expect_span(c, "Decorative banner text", Visibility::visible, 16);           // aria-hidden is shown
}

TEST(Html, AltAndTitleAttributesAreHiddenText) {
  const Collected c = collect_html(fixture("staff_page.html"));
  expect_span(c, "Photo of PC Adeyemi-Walsh Team photo 2023", Visibility::hidden_text, 18);
}

TEST(Html, FormValues) {
  const Collected c = collect_html(fixture("staff_page.html"));
  expect_span(c, "Case officer DS Marlowe-Baptiste", Visibility::hidden_text, 21);  // type=hidden
  const CollectedSpan& ref = span_of(c, " FOI-2024-118");                          // type=text
  EXPECT_EQ(ref.span.visibility, Visibility::visible);
  EXPECT_EQ(ref.span.line, 21u);
  EXPECT_EQ(ref.span.column, 33u) << "after the hidden value in the same paragraph";
  expect_span(c, "First line of notes", Visibility::visible, 22);  // textarea, a paragraph a line
  expect_span(c, "Second line of notes", Visibility::visible, 23);
  expect_span(c, "North", Visibility::visible, 24);  // every option, selected or not
  expect_span(c, "South", Visibility::visible, 25);
}

TEST(Html, MailtoTargetsAreVisibleUnlessTheLinkTextShowsThem) {
  const Collected c = collect_html(fixture("staff_page.html"));
  expect_span(c, "Contact the FOI unit foi.unit@example.police.uk or records@example.police.uk.",
              Visibility::visible, 17);
}

TEST(Html, PreLinesAndLineBreaksAreParagraphs) {
  const Collected c = collect_html(fixture("staff_page.html"));
  expect_span(c, "Line one of the log", Visibility::visible, 26);
  expect_span(c, "Line two of the log", Visibility::visible, 27);
  expect_span(c, "First line", Visibility::visible, 28);
  expect_span(c, "Second line", Visibility::visible, 29);
  EXPECT_EQ(c.stats.lines, 29u);
}

// ---------------------------------------------------------------- inline pages

TEST(Html, HiddenRunInsideAVisibleParagraphStaysInItsRecord) {
  const Collected c = collect_html(
      "<html><body><p>Officer <span style='color:red; DISPLAY : none !important'>PC Adeyemi-Walsh</span> "
      "attended.</p></body></html>");
  ASSERT_EQ(c.spans.size(), 3u);
  EXPECT_EQ(c.spans[0].text, "Officer");
  EXPECT_EQ(c.spans[0].span.visibility, Visibility::visible);
  EXPECT_EQ(c.spans[1].text, " PC Adeyemi-Walsh");
  EXPECT_EQ(c.spans[1].span.visibility, Visibility::hidden_text);
  EXPECT_EQ(c.spans[1].span.column, 8u);
  EXPECT_EQ(c.spans[2].text, " attended.");
  for (const auto& s : c.spans) EXPECT_EQ(s.span.record, c.spans[0].span.record) << "one paragraph, one record";
}

TEST(Html, StyleRulesWithSimpleSelectorsHideLaterElements) {
  const Collected c = collect_html(
      "<html><head><style>/* x */ div.note, #n2 { visibility: hidden } p.a.b{display:none}"
      " ul li.x { display:none } .shown:hover { display:none } .msohide{mso-hide:all}</style></head><body>"
      "<div class='note'>one</div><span class=note>two</span><p id=n2>three</p><p class='b a'>four</p>"
      "<p class=a>five</p><ul><li class=x>six</li></ul><p class=shown>seven</p><p class=msohide>eight</p>"
      "</body></html>");
  EXPECT_EQ(span_of(c, "one").span.visibility, Visibility::hidden_text);
  EXPECT_EQ(span_of(c, "two").span.visibility, Visibility::visible) << "div.note needs a div";
  EXPECT_EQ(span_of(c, "three").span.visibility, Visibility::hidden_text);
  EXPECT_EQ(span_of(c, "four").span.visibility, Visibility::hidden_text);
  EXPECT_EQ(span_of(c, "five").span.visibility, Visibility::visible) << "p.a.b needs both classes";
  EXPECT_EQ(span_of(c, "six").span.visibility, Visibility::visible) << "descendant selectors are not followed";
  EXPECT_EQ(span_of(c, "seven").span.visibility, Visibility::visible) << "pseudo-classes are not followed";
  EXPECT_EQ(span_of(c, "eight").span.visibility, Visibility::hidden_text) << "Word's mso-hide:all";
}

TEST(Html, InputTypesAndPlaceholders) {
  const Collected c = collect_html(
      "<html><body><form><input type=password value=s3cret><input type=checkbox value=opt-in>"
      "<input type=submit value=Send><input name=q placeholder='Your name'></form></body></html>");
  // A password shows as dots, a check box shows no value.
  EXPECT_EQ(span_of(c, "s3cret opt-in").span.visibility, Visibility::hidden_text);
  EXPECT_EQ(span_of(c, " Send Your name").span.visibility, Visibility::visible);
}

TEST(Html, TableRowsAreParagraphsWithCellsSeparated) {
  const Collected c = collect_html(
      "<table><tr><td><p>PC</p></td><td>Adeyemi-Walsh<br>612345</td></tr>"
      "<tr><td>Sgt</td><td>Okonkwo-Reyes</td></tr></table>");
  expect_span(c, "PC Adeyemi-Walsh 612345", Visibility::visible, 1);
  expect_span(c, "Sgt Okonkwo-Reyes", Visibility::visible, 2);
}

TEST(Html, TelLinksAndPercentEncodedAddresses) {
  const Collected c = collect_html("<p><a href='mailto:j.okafor%40example.org'>Email</a> "
                                "<a href='TEL:+44 7700 900123'>Call</a> <a href='/x'>Home</a></p>");
  expect_span(c, "Email j.okafor@example.org Call +44 7700 900123 Home", Visibility::visible, 1);
}

TEST(Html, MultiLineCommentsAreALineAParagraph) {
  const Collected c =
      collect_html("<p>Before</p><!--\nPC Adeyemi-Walsh 612345\nPC Okonkwo-Reyes 612377\n--><p>After</p>");
  expect_span(c, "Before", Visibility::visible, 1);
  expect_span(c, "PC Adeyemi-Walsh 612345", Visibility::hidden_text, 2);
  expect_span(c, "PC Okonkwo-Reyes 612377", Visibility::hidden_text, 3);
  expect_span(c, "After", Visibility::visible, 4);
}

TEST(Html, TextAfterTheEndOfThePageIsRead) {
  // libxml2 stops at content after </html>; browsers show it in the body.
  const Collected c = collect_html("<html><body><p>Reply</p></body></html>\n<p>PC Adeyemi-Walsh 612345</p>"
                                "<html><body><p>Second page</p></body></html>");
  EXPECT_TRUE(c.stats.not_checked.empty());
  expect_span(c, "Reply", Visibility::visible, 1);
  expect_span(c, "PC Adeyemi-Walsh 612345", Visibility::visible, 2);
  expect_span(c, "Second page", Visibility::visible, 3);
}

TEST(Html, EmptyAndTaglessPages) {
  EXPECT_TRUE(collect_html("").spans.empty());
  EXPECT_TRUE(collect_html("  \n<").spans.empty());
  expect_span(collect_html("plain words, no tags"), "plain words, no tags", Visibility::visible, 1);
}

TEST(Html, ContainerChainIsKept) {
  Collected c;
  formats::PackageOptions options;
  options.container = {"bundle.zip", "reply.html"};
  c.stats = formats::read_html("<p>Hello</p>", options, testing::collecting_sink(c));
  ASSERT_EQ(c.spans.size(), 1u);
  EXPECT_EQ(c.spans[0].scope.container, options.container);
}

TEST(Html, LargePagesAreSentInSeveralBatches) {
  std::string page = "<html><body>";
  for (int i = 0; i < 5000; ++i) page += "<p>Paragraph number " + std::to_string(i) + " of the page</p>\n";
  const Collected c = collect_html(page, 16u << 10);
  EXPECT_GT(c.batches, 5u);
  EXPECT_LE(c.max_batch_text, (16u << 10) + 64u);
  ASSERT_EQ(c.spans.size(), 5000u);
  EXPECT_EQ(c.spans.back().text, "Paragraph number 4999 of the page");
  EXPECT_EQ(c.spans.back().span.line, 5000u);
}

// ---------------------------------------------------------------- charsets

TEST(Html, DeclaredLegacyCharsetsAndUtf16AreDecoded) {
  const Collected w = collect_html(fixture("windows1252.html"));
  EXPECT_EQ(w.stats.encoding, "windows-1252");
  expect_span(w, "Checked by Sgt N\u00ed Bhriain \u2013 \u00a312", Visibility::visible, 2);
  const Collected k = collect_html(fixture("koi8r.html"));
  EXPECT_EQ(k.stats.encoding, "koi8-r");
  expect_span(k, "\u0421\u0435\u0440\u0436\u0430\u043d\u0442 \u0418\u0432\u0430\u043d\u043e\u0432", Visibility::visible, 2);
  const Collected u = collect_html(fixture("utf16le_bom.html"));
  EXPECT_EQ(u.stats.encoding, "utf-16le") << "the BOM wins over charset=unicode";
  expect_span(u, "Sergeant \u00d3 Riord\u00e1in", Visibility::visible, 2);
}

TEST(Html, ValidUtf8WinsOverADeclaredLegacyCharset) {
  // An email body arrives already converted to UTF-8 with its <meta> intact.
  const Collected c = collect_html("<html><head><meta charset=iso-8859-2></head><body><p>Ni\u00f1o</p></body></html>");
  EXPECT_EQ(c.stats.encoding, "utf-8");
  expect_span(c, "Ni\u00f1o", Visibility::visible, 1);
}

TEST(Html, UnknownCharsetFallsBackWithAWarning) {
  const Collected c = collect_html("<html><head><meta charset=x-no-such-set></head><body><p>caf\xE9</p></body></html>");
  EXPECT_EQ(c.stats.encoding, "windows-1252");
  ASSERT_EQ(c.stats.warnings.size(), 1u);
  EXPECT_NE(c.stats.warnings[0].find("x-no-such-set"), std::string::npos);
  expect_span(c, "caf\u00e9", Visibility::visible, 1);
}

// ---------------------------------------------------------------- a real producer

TEST(Html, DifflibRedlineShowsTheRemovedLine) {
  const Collected c = collect_html(fixture("difflib_redline.html"));
  const auto row = std::find_if(c.spans.begin(), c.spans.end(), [](const CollectedSpan& s) {
    return s.text.find("PC Adeyemi-Walsh, pay number 612345.") != std::string::npos;
  });
  ASSERT_NE(row, c.spans.end()) << "difflib writes spaces as &nbsp;";
  EXPECT_EQ(row->span.visibility, Visibility::visible);
  EXPECT_EQ(row->span.line, 3u) << "the table's second body row";
  EXPECT_NE(row->text.find("[redacted]"), std::string::npos) << "both sides of the row are one paragraph";
}

// ---------------------------------------------------------------- through the scanner

TEST(Html, HiddenStaffTableIsBlocked) {
  const FileReport r = scan_fixture("hidden_table.html");
  EXPECT_EQ(r.format, "html");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_EQ(r.hidden_records, 2u);
  EXPECT_EQ(r.visible_records, 0u);
  const auto name = std::find_if(r.findings.begin(), r.findings.end(),
                                 [](const Finding& f) { return f.category == Category::person_name; });
  ASSERT_NE(name, r.findings.end());
  EXPECT_EQ(name->visibility, Visibility::hidden_text);
  EXPECT_EQ(name->location.paragraph, 3u) << "the hidden table's first row";
  EXPECT_EQ(name->location.column, 4u);
  EXPECT_FALSE(name->location.part.has_value());
  EXPECT_NE(r.reason.find("hidden text holds 2 personnel records"), std::string::npos) << r.reason;
}

TEST(Html, CleanPageIsClean) {
  const FileReport r = scan_fixture("clean_page.html");
  EXPECT_EQ(r.format, "html");
  EXPECT_EQ(r.verdict, Verdict::clean) << r.reason;
  EXPECT_EQ(r.findings_total, 0u);
}

TEST(Html, StaffPageIsBlocked) {
  const FileReport r = scan_fixture("staff_page.html");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_GE(r.hidden_records, 1u);
}

TEST(Html, RedlineThatShowsTheRemovedNameIsBlocked) {
  const FileReport r = scan_fixture("difflib_redline.html");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  EXPECT_EQ(r.visible_records, 1u) << "the old line is on show in the diff";
  EXPECT_EQ(r.hidden_records, 0u);
}

TEST(Html, FixturesAreSniffedAsHtml) {
  for (const char* name : {"staff_page.html", "hidden_table.html", "clean_page.html", "windows1252.html",
                           "koi8r.html", "utf16le_bom.html", "difflib_redline.html"}) {
    const formats::Sniffed s = formats::sniff(fixture(name), name);
    EXPECT_EQ(s.kind, formats::Kind::html) << name;
  }
}

// ---------------------------------------------------------------- hostile pages

template <typename F>
double seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool noted(const Collected& c, std::string_view words) {
  return std::any_of(c.stats.not_checked.begin(), c.stats.not_checked.end(),
                     [&](const formats::PartNote& n) { return n.reason.find(words) != std::string::npos; });
}

TEST(HtmlHostile, HundredThousandNestedDivsStopWithANote) {
  std::string page = "<html><body><p>Top text</p>";
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "deep text";
  for (int i = 0; i < 100000; ++i) page += "</div>";
  Collected c;
  EXPECT_LT(seconds([&] { c = collect_html(page); }), 5.0);
  expect_span(c, "Top text", Visibility::visible, 1);
  EXPECT_TRUE(noted(c, "nested deeper than 4096"));
}

TEST(HtmlHostile, FiftyMegabyteTextNodeIsCutInTheMiddle) {
  std::string page = "<html><body><p>Start ";
  page.append(50u << 20, 'a');
  page += " end</p><p>After</p></body></html>";
  Collected c;
  EXPECT_LT(seconds([&] { c = collect_html(page, 256u << 10); }), 10.0);
  EXPECT_TRUE(noted(c, "were not read"));
  EXPECT_LE(c.max_batch_text, (256u << 10) + 4096u) << "the writer cuts the paragraph";
  std::size_t text = 0;
  for (const auto& s : c.spans) text += s.text.size();
  EXPECT_LT(text, 9u << 20) << "only the first and last 4 MiB of the run are read";
  EXPECT_EQ(c.spans.back().text, "After");
  EXPECT_TRUE(has_text_containing(c, "Start aaa"));
  EXPECT_TRUE(has_text_containing(c, "aaa end"));
}

TEST(HtmlHostile, BinaryGarbageAfterTheHtmlTag) {
  std::string page = "<html><body><p>Before the garbage</p>";
  std::uint32_t x = 2463534242u;
  for (int i = 0; i < (4 << 20); ++i) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    page += static_cast<char>(x & 0xFF);
  }
  Collected c;
  EXPECT_LT(seconds([&] { c = collect_html(page); }), 10.0);
  EXPECT_EQ(c.stats.encoding, "windows-1252");
  expect_span(c, "Before the garbage", Visibility::visible, 1);
}

TEST(HtmlHostile, TagWithAHundredThousandAttributes) {
  std::string page = "<html><body><p title='first'";
  for (int i = 0; i < 100000; ++i) page += " a" + std::to_string(i) + "=1";
  page += " alt='late'>Text</p></body></html>";
  Collected c;
  EXPECT_LT(seconds([&] { c = collect_html(page); }), 2.0) << "libxml2 compares attributes pairwise";
  EXPECT_EQ(span_of(c, "first").span.visibility, Visibility::hidden_text);
  EXPECT_EQ(span_of(c, " Text").span.visibility, Visibility::visible);
  EXPECT_FALSE(has_text_containing(c, "late")) << "attributes past the limit are dropped";
  ASSERT_EQ(c.stats.warnings.size(), 1u);
  EXPECT_NE(c.stats.warnings[0].find("more than 128 attributes"), std::string::npos);
}

TEST(HtmlHostile, StrayEndTagsUnderDeepNesting) {
  // Each stray end tag makes libxml2 search its whole element stack.
  std::string page = "<html><body>";
  for (int i = 0; i < 4000; ++i) page += "<div>";
  page += "inside";
  for (int i = 0; i < 2000000; ++i) page += "</x>";
  Collected c;
  EXPECT_LT(seconds([&] { c = collect_html(page); }), 5.0);
  EXPECT_TRUE(has_text_containing(c, "inside"));
  EXPECT_TRUE(noted(c, "markup too broken"));
}

TEST(HtmlHostile, RepeatedBodyTagsUnderDeepNesting) {
  std::string page = "<html><body>";
  for (int i = 0; i < 4000; ++i) page += "<span>";
  for (int i = 0; i < 1000000; ++i) page += "<body>";
  Collected c;
  EXPECT_LT(seconds([&] { c = collect_html(page); }), 5.0);
  EXPECT_TRUE(noted(c, "markup too broken"));
}

TEST(HtmlHostile, HugeUnterminatedAttributeAndComment) {
  std::string page = "<html><body><p>Seen</p><img alt=\"";
  page.append(20u << 20, 'x');
  page += "\">After<!-- ";
  page.append(20u << 20, 'y');
  Collected c;
  EXPECT_LT(seconds([&] { c = collect_html(page); }), 10.0);
  expect_span(c, "Seen", Visibility::visible, 1);
  EXPECT_TRUE(noted(c, "were not read"));
}

TEST(HtmlHostile, NulBytesDoNotEndThePage) {
  const std::string page("<html><body><p>One\0Two</p><p>Three</p></body></html>", 48);
  const Collected c = collect_html(page);
  expect_span(c, "One Two", Visibility::visible, 1);
  expect_span(c, "Three", Visibility::visible, 2);
}

TEST(HtmlHostile, AnExceptionFromTheSinkComesThroughLibxml2) {
  std::string page = "<html><body>";
  for (int i = 0; i < 2000; ++i) page += "<p>paragraph " + std::to_string(i) + "</p>";
  formats::PackageOptions options;
  options.batch_bytes = 1024;
  int batches = 0;
  const formats::BatchSink sink = [&](TextBatch&) {
    if (++batches == 2) throw std::runtime_error("scan cancelled");
  };
  EXPECT_THROW(formats::read_html(page, options, sink), std::runtime_error);
  EXPECT_EQ(batches, 2);
}

// ---------------------------------------------------------------- the shared corpus

std::vector<testing::CorpusEntry> pages_in_manifest(const std::string& corpus) {
  return testing::corpus_entries(corpus, {".html", ".htm"});
}

TEST(HtmlCorpus, EveryPageIsReadAndItsFeaturesShowUp) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  const auto pages = pages_in_manifest(corpus);
  ASSERT_GE(pages.size(), 6u) << "the MANIFEST lists the corpus pages";
  for (const auto& page : pages) {
    SCOPED_TRACE(page.path);
    const std::string bytes = testing::read_file(corpus + "/" + page.path);
    const bool fragment = page.features.count("html-fragment-no-html-tag") > 0;
    if (!fragment) {
      EXPECT_EQ(formats::sniff(bytes, page.path).kind, formats::Kind::html);
    }
    const Collected c = collect_html(bytes, 64u << 10);  // a fragment is read as HTML all the same
    EXPECT_TRUE(c.stats.not_checked.empty());
    EXPECT_FALSE(c.spans.empty());
    // issue.4823.html's hiding rule (div.comment) matches no element and
    // crlf.htm's display:none row has empty cells: their hidden text is the
    // image's alt text and the comments.
    if (page.features.count("html-hidden") || page.features.count("html-comment")) {
      EXPECT_TRUE(has_visibility(c, Visibility::hidden_text));
    }
    if (page.features.count("metadata-author")) {
      EXPECT_TRUE(has_visibility(c, Visibility::metadata));
    }
    if (page.features.count("encoding-utf16le")) {
      EXPECT_EQ(c.stats.encoding, "utf-16le");
      EXPECT_TRUE(has_text_containing(c, "This is a sample text"));
    }
    if (page.path.ends_with("testHTML_metadata.html")) {
      EXPECT_EQ(span_of(c, "John Doe").span.visibility, Visibility::metadata);
      EXPECT_EQ(span_of(c, "All meta information goes in the head section...").span.visibility, Visibility::visible);
    }
    if (page.path.ends_with("utf8chars.html")) {
      EXPECT_EQ(span_of(c, " Latin1").span.visibility, Visibility::hidden_text) << "<!-- Latin1 -->";
      EXPECT_EQ(span_of(c, "\u00e9\u00e0\u00e2\u00e8\u00ee").span.line, 3u) << "after the comment and the title";
    }
  }
}

TEST(HtmlCorpus, EveryPageGetsAVerdict) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  for (const auto& page : pages_in_manifest(corpus)) {
    SCOPED_TRACE(page.path);
    const FileReport r = testing::scan_bytes(page.path, testing::read_file(corpus + "/" + page.path));
    EXPECT_NE(r.verdict, Verdict::error) << r.error;
  }
}

}  // namespace
}  // namespace foiguard
