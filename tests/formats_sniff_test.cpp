#include <gtest/gtest.h>

#include <string>

#include "formats/formats.hpp"

namespace foiguard::formats {
namespace {

using namespace std::string_literals;

TEST(FormatsSniff, EmptyIsEmpty) {
  const Sniffed s = sniff("", "empty.txt");
  EXPECT_EQ(s.kind, Kind::empty);
  EXPECT_EQ(s.format, "empty");
}

struct MagicCase {
  std::string bytes;
  std::string format;
  std::string detail_word;  // a word the human detail must contain
};

TEST(FormatsSniff, MagicBytesNameTheFormat) {
  const std::string bmp = "BM\x1A\0\0\0\0\0\0\0\x1A\0\0\0"s + std::string(12, '\0');
  const MagicCase cases[] = {
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"s + std::string(100, '\0'), "ole2", "OLE2"},
      {"\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s, "png", "PNG"},
      {"\xFF\xD8\xFF\xE0\0\x10JFIF\0"s, "jpeg", "JPEG"},
      {"GIF89a\x01\0\x01\0", "gif", "GIF"},
      {"II*\0\x08\0\0\0"s, "tiff", "TIFF"},
      {"MM\0*\0\0\0\x08"s, "tiff", "TIFF"},
      {bmp, "bmp", "BMP"},
      {"\x1F\x8B\x08\0\0\0\0\0"s, "gzip", "gzip"},
      {"{\\rtf1\\ansi Sergeant Smith}", "rtf", "Rich Text"},
      {"7z\xBC\xAF\x27\x1C\0\x04"s, "7z", "7-Zip"},
      {"\0\0\0\x18" "ftypmp42"s, "mp4", "MP4"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.format);
    const Sniffed s = sniff(c.bytes, "file.txt");  // the name never overrides magic
    EXPECT_EQ(s.kind, Kind::unsupported);
    EXPECT_EQ(s.format, c.format);
    EXPECT_NE(s.detail.find(c.detail_word), std::string::npos) << s.detail;
  }
}

TEST(FormatsSniff, PdfIsKnownByItsHeaderWhateverItsName) {
  const Sniffed s = sniff("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", "letter.txt");
  EXPECT_EQ(s.kind, Kind::pdf);
  EXPECT_EQ(s.format, "pdf");
  EXPECT_EQ(sniff("Our ref %PDF-1.7 was sent", "letter.txt").kind, Kind::text);
}

TEST(FormatsSniff, ZipsArePackagesWhateverTheirName) {
  for (const std::string& bytes : {"PK\x03\x04\x14\0\x06\0"s + "[Content_Types].xml", "PK\x05\x06"s + std::string(18, '\0')}) {
    const Sniffed s = sniff(bytes, "letter.txt");
    EXPECT_EQ(s.kind, Kind::package);
    EXPECT_EQ(s.format, "zip");
  }
}

TEST(FormatsSniff, Ole2SaysEncryptedOrLegacyAndWhatToDo) {
  const auto utf16 = [](std::string_view ascii) {
    std::string out;
    for (const char c : ascii) out += {c, '\0'};
    return out;
  };
  const std::string magic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"s + std::string(100, '\0');
  const Sniffed encrypted = sniff(magic + utf16("EncryptionInfo") + utf16("EncryptedPackage"), "a.xlsx");
  EXPECT_EQ(encrypted.kind, Kind::unsupported);
  EXPECT_EQ(encrypted.format, "encrypted-office");
  EXPECT_NE(encrypted.detail.find("remove the password"), std::string::npos) << encrypted.detail;
  const Sniffed xls = sniff(magic + utf16("Workbook"), "a.xls");
  EXPECT_EQ(xls.format, "xls");
  EXPECT_NE(xls.detail.find("not yet supported"), std::string::npos) << xls.detail;
  EXPECT_EQ(sniff(magic, "a.bin").format, "ole2");
}

TEST(FormatsSniff, OutlookMessagesSaySaveAsEml) {
  std::string msg = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"s + std::string(120, '\0');
  for (const char c : std::string("__substg1.0_0037001F")) msg += std::string{c, '\0'};
  const Sniffed s = sniff(msg, "reply.msg");
  EXPECT_EQ(s.kind, Kind::unsupported);
  EXPECT_EQ(s.format, "msg");
  EXPECT_NE(s.detail.find("save it as .eml"), std::string::npos) << s.detail;
}

TEST(FormatsSniff, BmpNeedsMatchingSizeSoTextStartingWithBmIsText) {
  const Sniffed s = sniff("BM Smith attended the briefing on 4 May.\n", "notes.txt");
  EXPECT_EQ(s.kind, Kind::text);
}

TEST(FormatsSniff, NulBytesOrManyControlsAreBinary) {
  EXPECT_EQ(sniff("abc\0def\nmore text\n"s, "a.txt").kind, Kind::binary);
  std::string noisy;
  for (int i = 0; i < 200; ++i) noisy += static_cast<char>(i % 2 ? 'a' : 0x01);
  const Sniffed s = sniff(noisy, "noisy.csv");
  EXPECT_EQ(s.kind, Kind::binary);
  EXPECT_EQ(s.format, "binary");
  EXPECT_FALSE(s.detail.empty());
}

TEST(FormatsSniff, ExecutableIsBinaryNotText) {
  const Sniffed s = sniff("\x7F" "ELF\x02\x01\x01\0\0\0\0\0"s, "tool");
  EXPECT_EQ(s.kind, Kind::binary);
  EXPECT_EQ(s.format, "executable");
}

TEST(FormatsSniff, PlainProseIsText) {
  const std::string prose =
      "Dear Applicant,\n"
      "Thank you for your request, received on 3 March, about staffing.\n"
      "We hold some of the information, but not all of it, and we explain why below.\n"
      "Yours sincerely,\nInformation Rights Team\n";
  const Sniffed s = sniff(prose, "letter.txt");
  EXPECT_EQ(s.kind, Kind::text);
  EXPECT_EQ(s.format, "text");
}

TEST(FormatsSniff, Latin1TextIsTextNotBinary) {
  EXPECT_EQ(sniff("Caf\xE9 r\xE9sum\xE9 na\xEFve\r\nSecond line\r\n", "x").kind, Kind::text);
}

TEST(FormatsSniff, CommaCsv) {
  const Sniffed s = sniff("name,rank,collar\nSmith,PC,1234\nJones,DS,4417\n", "staff.csv");
  EXPECT_EQ(s.kind, Kind::csv);
  EXPECT_EQ(s.format, "csv");
  EXPECT_EQ(s.delimiter, ',');
}

TEST(FormatsSniff, TabSeparatedIsTsv) {
  const Sniffed s = sniff("name\trank\tcollar\nSmith\tPC\t1234\nJones\tDS\t4417\n", "staff.txt");
  EXPECT_EQ(s.kind, Kind::csv);
  EXPECT_EQ(s.format, "tsv");
  EXPECT_EQ(s.delimiter, '\t');
}

TEST(FormatsSniff, SemicolonCsvAsEuropeanExcelWritesIt) {
  // Decimal commas would fool a comma-only sniffer: 2 commas on one line, 1 on another.
  const Sniffed s = sniff("Name;Hours;Rate\nSmith;37,5;12,40\nJones;40;11,5\nBrown;20;9\n", "export.csv");
  EXPECT_EQ(s.kind, Kind::csv);
  EXPECT_EQ(s.format, "csv");
  EXPECT_EQ(s.delimiter, ';');
}

TEST(FormatsSniff, PipeDelimited) {
  const Sniffed s = sniff("id|name|unit\n1|Smith|CID\n2|Jones|Traffic\n", "dump.dat");
  EXPECT_EQ(s.kind, Kind::csv);
  EXPECT_EQ(s.delimiter, '|');
}

TEST(FormatsSniff, QuotedDelimitersDoNotBreakConsistency) {
  const Sniffed s = sniff(
      "name,notes\n\"Smith, J\",\"said \"\"hi\"\", left\"\n\"Jones\",\"two\nlines, here\"\nBrown,ok\n",
      "x.txt");
  EXPECT_EQ(s.kind, Kind::csv);
  EXPECT_EQ(s.delimiter, ',');
}

TEST(FormatsSniff, TxtNameWithCsvContentIsCsv) {
  const Sniffed s = sniff("a,b,c\n1,2,3\n4,5,6\n7,8,9\n", "looks_like_text.txt");
  EXPECT_EQ(s.kind, Kind::csv);
}

TEST(FormatsSniff, CsvNameWithProseIsText) {
  const std::string prose =
      "This file was saved with the wrong name, sadly.\n"
      "It holds a letter, not a table, and the commas, as you see, vary.\n"
      "No columns here.\n";
  EXPECT_EQ(sniff(prose, "misnamed.csv").kind, Kind::text);
}

TEST(FormatsSniff, NameBreaksTiesOnly) {
  // One column has no delimiter to find: the name decides.
  const std::string one_column = "Surname\nSmith\nJones\n";
  EXPECT_EQ(sniff(one_column, "names.csv").kind, Kind::csv);
  EXPECT_EQ(sniff(one_column, "names.txt").kind, Kind::text);
  // "x, y" on every line is how prose looks too: weak, so the name decides.
  const std::string pairs = "Smith, John\nJones, Mary\nBrown, Ali\n";
  EXPECT_EQ(sniff(pairs, "names.csv").kind, Kind::csv);
  EXPECT_EQ(sniff(pairs, "names.txt").kind, Kind::text);
  // A .tsv name picks tab on a tie and reports "tsv".
  const Sniffed tsv = sniff("Smith\nJones\n", "list.TSV");
  EXPECT_EQ(tsv.kind, Kind::csv);
  EXPECT_EQ(tsv.format, "tsv");
  EXPECT_EQ(tsv.delimiter, '\t');
}

TEST(FormatsSniff, Utf16WithBomIsSniffedOnDecodedText) {
  // "a,b\n1,2\n3,4\n" in UTF-16LE with BOM
  std::string le = "\xFF\xFE";
  for (const char c : std::string("a,b\n1,2\n3,4\n")) {
    le.push_back(c);
    le.push_back('\0');
  }
  const Sniffed s = sniff(le, "export.txt");
  EXPECT_EQ(s.kind, Kind::csv);
  EXPECT_EQ(s.delimiter, ',');
  std::string be = "\xFE\xFF";
  for (const char c : std::string("Just one line of prose.\n")) {
    be.push_back('\0');
    be.push_back(c);
  }
  EXPECT_EQ(sniff(be, "x.txt").kind, Kind::text);
}

TEST(FormatsSniff, Utf8BomCsv) {
  const Sniffed s = sniff("\xEF\xBB\xBFName,Rank\nSmith,PC\n", "excel.csv");
  EXPECT_EQ(s.kind, Kind::csv);
}

TEST(FormatsSniff, HtmlPagesAreHtml) {
  for (const std::string& page : {"<!DOCTYPE html>\n<html><body>Hi</body></html>"s,
                                 "\n  <HTML>\n<HEAD><TITLE>Reply</TITLE></HEAD>"s,
                                 "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"s,
                                 "<!-- saved from url=(0014)about:internet -->\n<html>"s,
                                 "<body><p>Reply to request 118</p></body>"s}) {
    const Sniffed s = sniff(page, "reply.txt");
    EXPECT_EQ(s.kind, Kind::html) << page;
    EXPECT_EQ(s.format, "html") << page;
  }
  // Markup that is not a page, and text that mentions a tag, stay text.
  EXPECT_EQ(sniff("<note>DS Okonkwo</note>\n", "n.xml").kind, Kind::text);
  EXPECT_EQ(sniff("Use <html> tags sparingly.\n", "n.txt").kind, Kind::text);
}

TEST(FormatsSniff, EmailMessagesAreEmail) {
  const std::string message =
      "Return-Path: <a.okonkwo@example.police.uk>\r\n"
      "From: =?utf-8?q?Ad=C3=A9=C3=A8?= <a@example.org>\r\n"
      "To: foi@example.org,\r\n"
      "\tb@example.org\r\n"
      "Subject: FOI 2023/118\r\n"
      "\r\n"
      "Body: not a header.\r\n";
  const Sniffed s = sniff(message, "reply.txt");
  EXPECT_EQ(s.kind, Kind::email);
  EXPECT_EQ(s.format, "eml");
  // One known field is not enough, nor a colon-separated table.
  EXPECT_EQ(sniff("Subject: notes\n\nDS Okonkwo called.\n", "a.txt").kind, Kind::text);
  EXPECT_NE(sniff("Name: Okonkwo\nRank: DS\nFrom: here\n", "a.txt").kind, Kind::email);
  EXPECT_EQ(sniff("From: a@example.org\nWhat is this line\nTo: b@example.org\n", "a.txt").kind, Kind::text);
}

}  // namespace
}  // namespace foiguard::formats
