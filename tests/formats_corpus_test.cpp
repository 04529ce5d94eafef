// Real files from the shared corpus (Apache Tika test documents) through
// sniff and the readers.
#include <gtest/gtest.h>

#include <string>

#include "formats_collect.hpp"
#include "test_support.hpp"

namespace foiguard::formats {
namespace {

using foiguard::testing::Collected;
using foiguard::testing::CollectedSpan;
using foiguard::testing::has_text_containing;

const char* const kTikaDocs =
    "apache-tika/tika-parsers/tika-parsers-standard/tika-parsers-standard-integration-tests/"
    "src/test/resources/test-documents/";
const char* const kTikaTextDocs =
    "apache-tika/tika-parsers/tika-parsers-standard/tika-parsers-standard-modules/"
    "tika-parser-text-module/src/test/resources/test-documents/";

struct CorpusFile {
  std::string name;
  std::string bytes;
  Sniffed sniffed;
  Collected read;
};

// Reads, sniffs and parses one corpus file with the reader sniff chose.
CorpusFile load(const std::string& dir, const std::string& name) {
  CorpusFile f;
  f.name = name;
  f.bytes = foiguard::testing::read_file(foiguard::testing::corpus_dir() + "/" + dir + name);
  f.sniffed = sniff(f.bytes, name);
  if (f.sniffed.kind == Kind::csv)
    f.read = foiguard::testing::collect_csv(f.bytes, f.sniffed.delimiter);
  else if (f.sniffed.kind == Kind::text)
    f.read = foiguard::testing::collect_text(f.bytes);
  return f;
}

TEST(FormatsCorpus, OpenOfficeCsv) {
  SKIP_WITHOUT_CORPUS();
  const CorpusFile f = load(kTikaDocs, "testCSV.csv");
  ASSERT_EQ(f.sniffed.kind, Kind::csv);
  EXPECT_EQ(f.sniffed.delimiter, ',');
  // The title row has one non-empty cell: not a header row.
  EXPECT_TRUE(f.read.headers.empty());
  EXPECT_EQ(f.read.stats.lines, 22u);
  EXPECT_TRUE(f.read.stats.warnings.empty());
  const CollectedSpan* last = nullptr;
  for (const auto& s : f.read.spans) {
    if (s.text == "225") {
      EXPECT_EQ(s.span.row, 20u);
      EXPECT_EQ(s.span.column, 3u);
    }
    last = &s;
  }
  ASSERT_NE(last, nullptr);
  // The final quoted cell ends in an embedded newline, trimmed like spaces.
  EXPECT_EQ(last->text, "Written and saved in Apache OpenOffice.");
  EXPECT_EQ(last->span.row, 22u);
  EXPECT_EQ(last->span.line, 22u);
}

TEST(FormatsCorpus, ColumnarCsvHeaderNames) {
  SKIP_WITHOUT_CORPUS();
  const CorpusFile f = load(kTikaDocs, "test-columnar.csv");
  ASSERT_EQ(f.sniffed.kind, Kind::csv);
  EXPECT_EQ(f.sniffed.format, "csv");
  EXPECT_EQ(f.read.headers,
            (std::vector<std::string>{"Record Number", "Square of the Record Number",
                                      "Description of the Row", "Percent Done", "Percent Increment",
                                      "date", "datetime", "time"}));
  EXPECT_EQ(f.read.stats.lines, 12u);
  bool found = false;
  for (const auto& s : f.read.spans) {
    if (s.span.row == 8 && s.span.column == 3) {
      found = true;
      EXPECT_EQ(s.header, "Description of the Row");
      EXPECT_EQ(s.text, "This is row            6 of           10");
    }
  }
  EXPECT_TRUE(found);
}

TEST(FormatsCorpus, Windows1252Text) {
  SKIP_WITHOUT_CORPUS();
  const CorpusFile f = load(kTikaTextDocs, "testTXT_win-1252.txt");
  ASSERT_EQ(f.sniffed.kind, Kind::text);
  EXPECT_EQ(f.read.stats.encoding, "windows-1252");
  ASSERT_EQ(f.read.spans.size(), 1u);
  // 0x93/0x94 are Windows-1252 curly double quotes.
  EXPECT_TRUE(has_text_containing(f.read, "a \xE2\x80\x9Cwindows\xE2\x80\x9D encoding"));
}

TEST(FormatsCorpus, NonAsciiUtf8Text) {
  SKIP_WITHOUT_CORPUS();
  const CorpusFile f = load(kTikaDocs, "testTXTNonASCIIUTF8.txt");
  ASSERT_EQ(f.sniffed.kind, Kind::text);
  EXPECT_EQ(f.read.stats.encoding, "utf-8");
  EXPECT_TRUE(has_text_containing(f.read, "Der schnelle braune Fuchs springt \xC3\xBC" "ber den faulen Hund"));
  EXPECT_EQ(f.read.spans[4].span.line, 5u);
}

TEST(FormatsCorpus, MultiLanguageLatin1Text) {
  SKIP_WITHOUT_CORPUS();
  const CorpusFile f = load(kTikaTextDocs, "multi-language.txt");
  ASSERT_EQ(f.sniffed.kind, Kind::text);
  EXPECT_EQ(f.read.stats.encoding, "windows-1252");
  EXPECT_EQ(f.read.stats.lines, 58u);
  EXPECT_TRUE(has_text_containing(f.read, "Port ABC contrata\xC3\xA7\xC3\xA3o de sucesso"));
  EXPECT_TRUE(has_text_containing(f.read, "espa\xC3\xB1ol ABC adhoc pr\xC3\xA1" "cticas"));
}

TEST(FormatsCorpus, Cp866RussianIsReadAsTextWithoutCrash) {
  SKIP_WITHOUT_CORPUS();
  // CP866 is not auto-detected: it decodes as Windows-1252 mojibake, but it is
  // text, not binary, and every line is read.
  const CorpusFile f = load(kTikaTextDocs, "russian.cp866.txt");
  ASSERT_EQ(f.sniffed.kind, Kind::text);
  EXPECT_EQ(f.read.stats.encoding, "windows-1252");
  EXPECT_EQ(f.read.stats.lines, 6u);
}

TEST(FormatsCorpus, ColonDelimitedIsPlainText) {
  SKIP_WITHOUT_CORPUS();
  // ':' is not a table delimiter we sniff (it is too common in prose and times).
  const CorpusFile f = load(kTikaTextDocs, "testColonDelimited.txt");
  ASSERT_EQ(f.sniffed.kind, Kind::text);
  ASSERT_FALSE(f.read.spans.empty());
  EXPECT_EQ(f.read.spans[0].text, "a:b:c:d");
  EXPECT_EQ(f.read.stats.lines, 13u);
}

}  // namespace
}  // namespace foiguard::formats
