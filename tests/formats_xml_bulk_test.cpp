// The fast lane of XmlStream (xml_bulk.hpp): a part sent through it must give
// the handler exactly the events expat alone gives, whatever the chunking,
// and keep every refusal (DOCTYPE, nesting, truncation, malformed rows).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/formats.hpp"
#include "formats/xml_bulk.hpp"
#include "formats/xml_stream.hpp"

namespace foiguard::formats {
namespace {

// Records events as text: "<c r=A1 t=s>", "'Smith'", "</c>". Consecutive text
// pieces are joined (expat splits text at entities and chunk ends) and
// whitespace-only text between tags is dropped, as pugixml drops it; a lone
// whitespace run inside <t> is kept by both.
struct Recorder : XmlHandler {
  std::vector<std::string> events;
  std::string text_run;
  std::string last_start;

  void start(std::string_view name, const XmlAttributes& a) override {
    flush(false);
    std::string e = "<";
    e.append(name);
    for (const std::string_view attr : {"r", "t", "s", "hidden", "space"})
      if (a.has(attr)) e.append(" ").append(attr).append("=").append(a.get(attr));
    events.push_back(e.append(">"));
    last_start = std::string(name);
  }
  void end(std::string_view name) override {
    flush(last_start == name);
    events.push_back("</" + std::string(name) + ">");
    last_start.clear();
  }
  void text(std::string_view piece) override { text_run.append(piece); }

  void flush(bool only_child) {
    const bool blank = text_run.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!text_run.empty() && (!blank || only_child)) events.push_back("'" + text_run + "'");
    text_run.clear();
  }
};

std::vector<std::string> events_of(const std::string& xml, bool bulk, std::size_t chunk,
                                   std::string_view parent = "sheetData", std::string_view child = "row") {
  Recorder recorder;
  XmlStream stream(recorder, "xl/worksheets/sheet1.xml");
  if (bulk) stream.bulk_children({parent, child});
  for (std::size_t at = 0; at < xml.size(); at += chunk) stream.feed(std::string_view(xml).substr(at, chunk));
  stream.finish();
  return recorder.events;
}

// A sheet with what real producers write and what a hostile one might:
// a namespace prefix, entities and character references, CDATA, a comment,
// rich text with a lone space run, self-closing rows and cells, a '>' inside
// an attribute value, and parts before and after sheetData.
const std::string kSheet =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    "\n"
    R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<x:cols><x:col min="2" max="2" hidden="1"/></x:cols>)"
    R"(<x:sheetData>)"
    R"(<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Surname</x:t></x:is></x:c><x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row>)"
    R"(<x:row r="2" hidden="1"><x:c r="A2" t="inlineStr"><x:is><x:t>O&apos;Neill &amp; Co &#x41;&#66;</x:t></x:is></x:c></x:row>)"
    R"(<!-- a comment </x:c> -->)"
    R"(<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:r><x:t>Saoirse</x:t></x:r><x:r><x:t xml:space="preserve"> </x:t></x:r><x:r><x:t>Kelly</x:t></x:r></x:is></x:c></x:row>)"
    R"(<x:row r="4"/>)"
    R"(<x:row r="5"><x:c r="A5" s="3"/><x:c r="B5" t="str"><x:f>"a&gt;b"</x:f><x:v><![CDATA[Hidden <name>]]></x:v></x:c></x:row>)"
    R"(<x:row r="6" spans="1:2 &gt; 0"><x:c r="A6"><x:v>986502</x:v></x:c></x:row>)"
    R"(</x:sheetData>)"
    R"(<x:hyperlinks><x:hyperlink ref="A6"/></x:hyperlinks>)"
    R"(</x:worksheet>)";

TEST(XmlBulk, SameEventsAsExpatWhateverTheChunking) {
  const auto expected = events_of(kSheet, false, kSheet.size());
  ASSERT_GT(expected.size(), 40u);
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{64},
                                  std::size_t{200}, kSheet.size()})
    EXPECT_EQ(events_of(kSheet, true, chunk), expected) << "chunks of " << chunk;
  // The decoded values really are there (not just equal on both sides).
  const auto has = [&](const std::string& e) {
    return std::find(expected.begin(), expected.end(), e) != expected.end();
  };
  EXPECT_TRUE(has("'O'Neill & Co AB'"));
  EXPECT_TRUE(has("'Hidden <name>'"));
  EXPECT_TRUE(has("' '"));
  EXPECT_TRUE(has("<row r=2 hidden=1>"));
  EXPECT_TRUE(has("<col hidden=1>"));
}

TEST(XmlBulk, TheRootCanBeTheParent) {
  const std::string sst =
      R"(<?xml version="1.0"?><sst xmlns="urn:s" count="2"><si><t>Hughes</t></si><si><r><t>Geth</t></r><r><t>in</t></r></si></sst>)";
  const auto expected = events_of(sst, false, sst.size(), "sst", "si");
  EXPECT_EQ(events_of(sst, true, 5, "sst", "si"), expected);
  EXPECT_EQ(expected.front(), "<sst>");
  EXPECT_EQ(expected.back(), "</sst>");
}

TEST(XmlBulk, AnEmptyOrMissingParentLeavesEverythingToExpat) {
  const std::string empty = R"(<worksheet><sheetData/><cols/></worksheet>)";
  EXPECT_EQ(events_of(empty, true, 4), events_of(empty, false, empty.size()));
  const std::string none = R"(<worksheet><dimension ref="A1"/></worksheet>)";
  EXPECT_EQ(events_of(none, true, 4), events_of(none, false, none.size()));
}

// The lane looks for </sheetData> only after the last </row> it holds: a
// <row> after the parent (well-formed, if odd) must not hide its end tag.
TEST(XmlBulk, AChildAfterTheParentsEndStillGivesExpatsEvents) {
  const std::string odd =
      R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Okafor</t></is></c></row></sheetData>)"
      R"(<row r="9"><c r="A9"><v>4417</v></c></row></worksheet>)";
  const auto expected = events_of(odd, false, odd.size());
  ASSERT_EQ(expected.size(), 20u);
  EXPECT_EQ(expected[11], "</sheetData>");
  EXPECT_EQ(expected[12], "<row r=9>");
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{9}, std::size_t{40}, odd.size()})
    EXPECT_EQ(events_of(odd, true, chunk), expected) << "chunks of " << chunk;
}

TEST(XmlBulk, DoctypeIsStillRefusedBeforeAnyRowIsParsed) {
  const std::string bomb = R"(<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaa">]>)"
                           R"(<worksheet><sheetData><row r="1"><c><v>&a;</v></c></row></sheetData></worksheet>)";
  try {
    events_of(bomb, true, 16);
    FAIL() << "a DOCTYPE must be refused";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("DOCTYPE"), std::string::npos) << e.what();
  }
}

TEST(XmlBulk, TruncatedMalformedAndHugeRowsAreFormatErrors) {
  const std::string truncated = R"(<worksheet><sheetData><row r="1"><c><v>1</v></c></row><row r="2">)";
  EXPECT_THROW(events_of(truncated, true, 8), FormatError);

  const std::string malformed = R"(<worksheet><sheetData><row r="1"><c><v>1</c></v></row></sheetData></worksheet>)";
  try {
    events_of(malformed, true, malformed.size());
    FAIL() << "a malformed row must be an error";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("not well-formed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("sheetData"), std::string::npos) << e.what();
  }

  Recorder recorder;
  XmlBulkLimits limits;
  limits.max_run_bytes = 1024;
  std::size_t depth = 1;
  XmlBulkChildren bulk("sheetData", "row", recorder, [](std::string_view) {}, depth, "sheet.xml", 512, limits);
  bulk.feed("<sheetData><row r=\"1\">");
  try {
    for (int i = 0; i < 100; ++i) bulk.feed("<c><v>1234567890</v></c>");
    FAIL() << "a row past the run limit must be refused";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("over"), std::string::npos) << e.what();
  }
}

// A Word body: paragraphs are its children, and also sit inside tables and
// text boxes; a cut after a cell's </w:p> must not be taken as a run's end.
std::string word_body(std::size_t table_rows) {
  std::string xml =
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)"
      R"(<w:p><w:r><w:t>Dear requester,</w:t></w:r></w:p><w:tbl>)";
  for (std::size_t r = 0; r < table_rows; ++r)
    xml += "<w:tr><w:tc><w:p><w:r><w:t>DS Okonkwo " + std::to_string(r) +
           "</w:t></w:r></w:p><w:p/></w:tc><w:tc><w:p><w:r><w:t>455902</w:t></w:r></w:p></w:tc></w:tr>";
  xml += R"(</w:tbl><w:p><w:r><w:t xml:space="preserve">Yours </w:t></w:r></w:p>)"
         R"(<w:sectPr/></w:body></w:document>)";
  return xml;
}

TEST(XmlBulk, ChildrenNestedInOtherElementsWaitForTheirContainer) {
  const std::string body = word_body(40);
  const auto expected = events_of(body, false, body.size(), "body", "p");
  ASSERT_GT(expected.size(), 400u);
  for (const std::size_t chunk : {1u, 3u, 7u, 64u, 200u, 4096u})
    EXPECT_EQ(events_of(body, true, chunk, "body", "p"), expected) << "chunk " << chunk;
}

TEST(XmlBulk, AnElementLargerThanARunSendsTheRestToExpat) {
  // A table of 5 MiB: no cut inside it parses whole before the run limit.
  const std::string body = word_body(60000);
  ASSERT_GT(body.size(), std::size_t{5} << 20);
  const auto expected = events_of(body, false, 256u << 10, "body", "p");
  EXPECT_EQ(events_of(body, true, 256u << 10, "body", "p"), expected);
}

TEST(XmlBulk, NestingLimitHoldsInsideRows) {
  std::string deep = "<worksheet><sheetData><row>";
  for (int i = 0; i < 50; ++i) deep += "<a>";
  for (int i = 0; i < 50; ++i) deep += "</a>";
  deep += "</row></sheetData></worksheet>";
  Recorder recorder;
  XmlStream stream(recorder, "deep.xml", 40);
  stream.bulk_children({"sheetData", "row"});
  try {
    stream.feed(deep);
    stream.finish();
    FAIL() << "nesting past the limit must be refused";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("nesting deeper than 40"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace foiguard::formats
