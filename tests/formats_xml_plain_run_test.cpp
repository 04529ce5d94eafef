// PlainRun (xml_plain_run.hpp), the first try on each run of the bulk lane:
// it takes plain runs and gives the events pugixml gives, event for event, and
// leaves everything else to pugixml. Checked on hand-written runs, on
// generated ones, and on every XML part of real workbooks and letters (the
// committed fixtures and the shared corpus).
#include <gtest/gtest.h>

#include <boost/filesystem.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "formats/formats.hpp"
#include "formats/xml_bulk.hpp"
#include "formats/xml_plain_run.hpp"
#include "formats/zip_archive.hpp"
#include "test_support.hpp"

namespace foiguard::formats {
namespace {

// Every event exactly as sent: each text piece on its own, every attribute
// as written, in order.
struct RawRecorder : XmlHandler {
  std::vector<std::string> events;
  void start(std::string_view name, const XmlAttributes& a) override {
    std::string e = "<" + std::string(name);
    a.each([&](std::string_view n, std::string_view v) { e.append(" ").append(n).append("=[").append(v).append("]"); });
    events.push_back(e + ">");
  }
  void end(std::string_view name) override { events.push_back("</" + std::string(name) + ">"); }
  void text(std::string_view piece) override { events.push_back("'" + std::string(piece) + "'"); }
};

std::vector<std::string> plain_events(std::string run, std::size_t max_depth = 64) {
  PlainRun plain;
  if (!plain.parse(run.data(), run.size(), max_depth)) return {"(not plain)"};
  RawRecorder recorder;
  plain.replay(recorder);
  return recorder.events;
}

// The part's events through the bulk lane, with or without PlainRun;
// "error: ..." last when the lane refused the part.
std::vector<std::string> bulk_events(const std::string& xml, XmlList list, bool plain_runs,
                                     std::size_t chunk = 256u << 10) {
  RawRecorder recorder;
  const std::size_t depth = 1;
  XmlBulkLimits limits;
  limits.plain_runs = plain_runs;
  XmlBulkChildren bulk(list.parent, list.child, recorder, [](std::string_view) {}, depth, "part.xml", 64, limits);
  try {
    for (std::size_t at = 0; at < xml.size(); at += chunk) bulk.feed(std::string_view(xml).substr(at, chunk));
    bulk.finish();
  } catch (const FormatError& e) {
    recorder.events.push_back(std::string("error: ") + e.what());
  }
  return recorder.events;
}

TEST(PlainRun, TakesPlainRowsAndGivesTheirEvents) {
  const std::vector<std::string> expected = {
      "<row r=[7] x14ac:dyDescent=[0.25]>",
      "<c r=[A7] t=[s]>", "<v>", "'12'", "</v>", "</c>",
      "<c r=[B7] t=[inlineStr]>", "<is>", "<t>", "'O'Neill & Co <AB> é'", "</t>", "</is>", "</c>",
      "<c r=[C7] s=[3]>", "</c>",
      "<c r=[D7] t=[str]>", "<f>", "'\"a>b\"'", "</f>", "<v>", "'a>b'", "</v>", "</c>",
      "<c r=[E7] t=[inlineStr]>", "<is>", "<r>", "<t xml:space=[preserve]>", "' '", "</t>", "</r>", "</is>", "</c>",
      "</row>"};
  EXPECT_EQ(plain_events(R"(<x:row r="7" x14ac:dyDescent='0.25'>)"
                         R"(<x:c r="A7" t="s"><x:v>12</x:v></x:c>)"
                         R"(<x:c r="B7" t="inlineStr"><x:is><x:t>O&apos;Neill &amp; Co &lt;&#x41;&#66;&gt; &#233;</x:t></x:is></x:c>)"
                         "\n  "  // blank text between elements is dropped
                         R"(<x:c r="C7" s="3"/>)"
                         R"(<x:c r="D7" t="str"><x:f>"a&gt;b"</x:f><x:v>a&gt;b</x:v></x:c>)"
                         R"(<x:c r="E7" t="inlineStr"><x:is><x:r><x:t xml:space="preserve"> </x:t></x:r></x:is></x:c>)"
                         "</x:row>"),
            expected);
  // Attribute values are decoded too; blank text that is not an element's
  // only content is dropped.
  EXPECT_EQ(plain_events(R"(<row spans="1:2 &gt; 0" t="&quot;x&quot;"> <c/> </row>)"),
            (std::vector<std::string>{"<row spans=[1:2 > 0] t=[\"x\"]>", "<c>", "</c>", "</row>"}));
}

TEST(PlainRun, LeavesAnythingElseToPugixml) {
  for (const std::string& run : {
           std::string("<row><!-- note --></row>"),                        // comment
           std::string("<row><v><![CDATA[x]]></v></row>"),                 // CDATA
           std::string("<row><?pi x?></row>"),                             // processing instruction
           std::string("<row><v>&nbsp;</v></row>"),                        // entity XML does not define
           std::string("<row><v>&#0;</v></row>"),                          // NUL
           std::string("<row><v>&#xD800;</v></row>"),                      // a surrogate
           std::string("<row><v>a &amp b</v></row>"),                      // reference with no ';' before the next one
           std::string("<row><v>a\r\nb</v></row>"),                        // line ends pugixml folds
           std::string("<row r=\"1\tx\"></row>"),                          // attribute whitespace pugixml folds
           std::string("<row r=\"a<b\"></row>"),                           // '<' in an attribute value
           std::string("<row r=\"1\"s=\"2\"></row>"),                      // no blank between attributes
           std::string("<row><c></row></c>"),                              // mismatched end tag
           std::string("<row><c>"),                                        // not whole: a cut inside an element
           std::string("<row r=\"1></row>"),                               // unterminated value
           std::string("<row><1c/></row>"),                                // not a name
       }) {
    EXPECT_EQ(plain_events(run), std::vector<std::string>{"(not plain)"}) << run;
  }
  EXPECT_EQ(plain_events("<a><b><c/></b></a>", 2), std::vector<std::string>{"(not plain)"}) << "three deep, room for two";
  EXPECT_EQ(plain_events("<a><b><c/></b></a>", 3).size(), 6u);
}

// A random run of rows in the shapes producers write (prefixes, entities,
// references, blank text, self-closing cells) and, when `noisy`, what
// PlainRun leaves to pugixml: comments, CDATA, CR LF, an unknown entity, a
// bare '&', now and then a broken tag.
std::string random_rows(std::mt19937& rng, int rows, bool noisy) {
  const auto pick = [&](std::initializer_list<const char*> options) {
    std::uniform_int_distribution<std::size_t> d(0, options.size() - 1);
    return std::string(*(options.begin() + d(rng)));
  };
  std::string xml = "<x:worksheet xmlns:x=\"urn:x\"><x:sheetData>";
  for (int r = 1; r <= rows; ++r) {
    xml += "<x:row r=\"" + std::to_string(r) + "\"" + pick({"", " hidden=\"1\"", " spans='1:3'", " ht=\"15\" customHeight=\"1\""}) + ">";
    for (int c = 0; c < 3; ++c) {
      const std::string ref = std::string(1, static_cast<char>('A' + c)) + std::to_string(r);
      const std::string value =
          noisy ? pick({"Smith", "line\r\nbreak", "&nbsp;", "<![CDATA[x<y]]>", "&#0;", "a & b"})
                : pick({"Smith", "O&apos;Neill", "&#x41;&#66;&#233;", "a &amp; b", " ", "  pad  ", "&lt;tag&gt;",
                        "line\nbreak", "986502", "", "&#128512;"});
      const std::vector<std::string> cells = {
          "<x:c r=\"" + ref + "\" t=\"inlineStr\"><x:is><x:t>" + value + "</x:t></x:is></x:c>",
          "<x:c r=\"" + ref + "\"><x:v>" + value + "</x:v></x:c>",
          "<x:c r=\"" + ref + "\" s=\"2\"/>",
          "\n  <x:c r=\"" + ref + "\" t=\"s\"> <x:v>" + value + "</x:v> </x:c>",
          noisy ? "<x:c r=\"" + ref + "\"><!-- c --><x:v>1</x:v></x:c>" : "<x:c r=\"" + ref + "\"/>"};
      xml += cells[std::uniform_int_distribution<std::size_t>(0, cells.size() - 1)(rng)];
    }
    xml += pick({"</x:row>", "</x:row>", "</x:row>\n", "</x:row >"});
  }
  if (noisy && std::uniform_int_distribution<int>(0, 3)(rng) == 0) xml += "<x:row><x:c></x:row>";  // malformed
  return xml + "</x:sheetData></x:worksheet>";
}

TEST(PlainRun, SameEventsAsPugixmlOnGeneratedRuns) {
  std::mt19937 rng(20261123);
  int plain_parts = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string xml = random_rows(rng, 1 + i % 40, i % 3 == 0);
    const std::size_t chunk = std::size_t{1} << (4 + i % 12);
    EXPECT_EQ(bulk_events(xml, {"sheetData", "row"}, true, chunk), bulk_events(xml, {"sheetData", "row"}, false, chunk))
        << xml;
    // How many parts PlainRun takes whole, so that this test compares it
    // with pugixml and not pugixml with itself.
    std::string inner = xml.substr(xml.find("<x:row"), xml.find("</x:sheetData>") - xml.find("<x:row"));
    PlainRun plain;
    plain_parts += plain.parse(inner.data(), inner.size(), 64);
  }
  EXPECT_GT(plain_parts, 150);  // of the 200 quiet parts
}

// Every XML part of the zips under `dir`, through the bulk lane for each list
// the readers send it (rows, shared strings, pivot records, Word paragraphs)
// with and without PlainRun. Returns how many parts had a list to compare.
int compare_parts_under(const std::string& dir, const std::vector<std::string>& extensions) {
  int compared = 0;
  for (const auto& entry : boost::filesystem::recursive_directory_iterator(dir)) {
    const std::string ext = entry.path().extension().string();
    if (!boost::filesystem::is_regular_file(entry.path()) ||
        std::find(extensions.begin(), extensions.end(), ext) == extensions.end())
      continue;
    const std::string bytes = testing::read_file(entry.path().string());
    try {
      ZipArchive zip(bytes, ZipLimits{});
      for (const auto& member : zip.entries()) {
        if (!member.name.ends_with(".xml") || member.size > (64u << 20)) continue;
        const std::string xml = zip.read_all(member, 64u << 20);
        for (const XmlList list : {XmlList{"sheetData", "row"}, XmlList{"sst", "si"},
                                   XmlList{"pivotCacheRecords", "r"}, XmlList{"body", "p"}}) {
          if (xml.find(std::string(list.parent)) == std::string::npos) continue;
          ++compared;
          EXPECT_EQ(bulk_events(xml, list, true), bulk_events(xml, list, false))
              << entry.path().string() << " " << member.name;
        }
      }
    } catch (const FormatError&) {
      // Encrypted, corrupt or hostile: the readers' own tests cover these.
    }
  }
  return compared;
}

TEST(PlainRun, SameEventsAsPugixmlOnCommittedWorkbooksAndLetters) {
  EXPECT_GT(compare_parts_under(testing::source_path("tests/data"), {".xlsx", ".xlsm", ".docx", ".docm", ".pptx"}), 20);
}

TEST(PlainRun, SameEventsAsPugixmlOnTheCorpus) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  EXPECT_GT(compare_parts_under(corpus, {".xlsx", ".xlsm", ".docx", ".docm"}), 100);
}

}  // namespace
}  // namespace foiguard::formats
