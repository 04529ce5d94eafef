// The pieces under the package readers: cell references, Excel dates and
// number formats, relationship targets, the XML tokenizer's refusals, the zip
// reader's checks of whole members, and the SheetWriter's header rows and
// flushes.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "formats/sheet_writer.hpp"
#include "formats/xlsx_internal.hpp"
#include "formats/xml_stream.hpp"
#include "formats/zip_archive.hpp"
#include "formats_collect.hpp"
#include "support/zip_writer.hpp"

namespace foiguard::formats {
namespace {

TEST(CellRef, ParsesA1AndAbsoluteReferences) {
  std::uint32_t row = 0, column = 0;
  ASSERT_TRUE(xlsx::parse_cell_ref("B3", row, column));
  EXPECT_EQ(row, 3u);
  EXPECT_EQ(column, 2u);
  ASSERT_TRUE(xlsx::parse_cell_ref("$AZ$5000", row, column));
  EXPECT_EQ(row, 5000u);
  EXPECT_EQ(column, 52u);
  ASSERT_TRUE(xlsx::parse_cell_ref("XFD1048576", row, column));
  EXPECT_EQ(column, 16384u);
  EXPECT_FALSE(xlsx::parse_cell_ref("XFE1", row, column)) << "past the last column";
  EXPECT_FALSE(xlsx::parse_cell_ref("A0", row, column));
  EXPECT_FALSE(xlsx::parse_cell_ref("A1048577", row, column));
  EXPECT_FALSE(xlsx::parse_cell_ref("12", row, column));
  EXPECT_FALSE(xlsx::parse_cell_ref("B3x", row, column));
  const auto range = xlsx::parse_range("'Staff list'!$A$3:$E$13");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->first_row, 3u);
  EXPECT_EQ(range->last_column, 5u);
  EXPECT_TRUE(range->contains(13, 5));
  EXPECT_FALSE(range->contains(14, 1));
}

TEST(ExcelDates, SerialsBecomeIsoDatesInBothSystems) {
  EXPECT_EQ(excel_date(29843, false), "1981-09-14");
  EXPECT_EQ(excel_date(1, false), "1900-01-01");
  EXPECT_EQ(excel_date(59, false), "1900-02-28");
  EXPECT_EQ(excel_date(61, false), "1900-03-01") << "after Lotus's 29 February 1900";
  EXPECT_EQ(excel_date(45000.75, false), "2023-03-15") << "the time of day is dropped";
  EXPECT_EQ(excel_date(28381, true), "1981-09-14") << "the 1904 system is 1462 days behind";
  EXPECT_EQ(excel_date(2958465, false), "9999-12-31") << "the last day Excel has";
  EXPECT_EQ(excel_date(36526, false), "2000-01-01");
  EXPECT_EQ(excel_date(0, false), "");
  EXPECT_EQ(excel_date(-5, false), "");
  EXPECT_EQ(excel_date(1e12, false), "");
}

TEST(ExcelFormats, DatesAndEmptyFormatsAreRecognised) {
  EXPECT_TRUE(is_date_format(14, ""));
  EXPECT_TRUE(is_date_format(164, "dd/mm/yyyy"));
  EXPECT_TRUE(is_date_format(165, "[$-809]d mmmm yyyy;@"));
  EXPECT_FALSE(is_date_format(0, ""));
  EXPECT_FALSE(is_date_format(2, "0.00"));
  EXPECT_FALSE(is_date_format(166, "\"day\" 0")) << "quoted text is not a date field";
  EXPECT_FALSE(is_date_format(167, "[h]:mm:ss")) << "elapsed time is not a date";
  EXPECT_TRUE(is_empty_format(";;;"));
  EXPECT_FALSE(is_empty_format("0;-0;;@"));
  EXPECT_FALSE(is_empty_format("General"));
}

TEST(Relationships, TargetsResolveAgainstTheSourcePart) {
  EXPECT_EQ(resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
  EXPECT_EQ(resolve_target("xl/worksheets/sheet1.xml", "../comments1.xml"), "xl/comments1.xml");
  EXPECT_EQ(resolve_target("xl/workbook.xml", "/xl/styles.xml"), "xl/styles.xml");
  EXPECT_EQ(resolve_target("", "xl/workbook.xml"), "xl/workbook.xml");
  EXPECT_EQ(resolve_target("a.xml", "../../../etc/passwd"), "etc/passwd") << "never above the root";
}

struct CountingHandler : XmlHandler {
  int elements = 0;
  std::string seen_text;
  void start(std::string_view, const XmlAttributes&) override { ++elements; }
  void end(std::string_view) override {}
  void text(std::string_view piece) override { seen_text.append(piece); }
};

TEST(XmlStream, LocalNamesAndAttributesWhateverThePrefix) {
  struct Handler : XmlHandler {
    std::vector<std::string> seen;
    void start(std::string_view name, const XmlAttributes& a) override {
      seen.push_back(std::string(name) + "/" + std::string(a.get("id")));
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}
  } handler;
  XmlStream xml(handler, "x.xml");
  xml.feed(R"(<x:sheet xmlns:x="urn:a" xmlns:r="urn:r"><x:c r:id="rId7"/></x:sheet>)");
  xml.finish();
  EXPECT_EQ(handler.seen, (std::vector<std::string>{"sheet/", "c/rId7"}));
}

TEST(XmlStream, RefusesDoctypeSoEntityBombsNeverExpand) {
  CountingHandler handler;
  XmlStream xml(handler, "xl/sharedStrings.xml");
  const std::string bomb = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">)"
                           R"(<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst>&lol2;</sst>)";
  try {
    xml.feed(bomb);
    xml.finish();
    FAIL() << "a DOCTYPE must be refused";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("DOCTYPE"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("xl/sharedStrings.xml"), std::string::npos) << e.what();
  }
  EXPECT_EQ(handler.seen_text.find("lollol"), std::string::npos);
}

TEST(XmlStream, RefusesAbsurdNestingAndReportsMalformedXml) {
  CountingHandler handler;
  XmlStream deep(handler, "deep.xml", 100);
  std::string nested;
  for (int i = 0; i < 101; ++i) nested += "<a>";
  EXPECT_THROW(deep.feed(nested), FormatError);

  CountingHandler other;
  XmlStream broken(other, "broken.xml");
  EXPECT_THROW(
      {
        broken.feed("<a><b></a>");
        broken.finish();
      },
      FormatError);

  CountingHandler third;
  XmlStream truncated(third, "truncated.xml");
  truncated.feed("<a><b>text");
  EXPECT_THROW(truncated.finish(), FormatError) << "a truncated part is an error, not silence";
}

TEST(ZipArchive, NotAZipIsAClearError) {
  try {
    ZipArchive zip("this is plain text, not a zip file at all", ZipLimits{});
    FAIL();
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("zip"), std::string::npos) << e.what();
  }
}

// Members inflated whole (libdeflate) are held to what the central directory
// says: a wrong CRC, or a size that is not the one declared, is an error on
// that member, and no more than the declared size is ever written.
TEST(ZipArchive, WholeMembersAreCheckedAgainstTheirCrcAndDeclaredSize) {
  const std::string workbook = testing::fixture_bytes("xlsx", "hidden_sheet.xlsx");
  const std::string member = "xl/workbook.xml";
  // The member's central directory header and its local header.
  const std::size_t central = workbook.find("PK\x01\x02", 0);
  std::size_t cd = central;
  while (cd != std::string::npos && workbook.compare(cd + 46, member.size(), member) != 0)
    cd = workbook.find("PK\x01\x02", cd + 4);
  ASSERT_NE(cd, std::string::npos);
  const auto u32 = [](const std::string& b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
  };
  const auto put32 = [](std::string& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  const std::size_t local = u32(workbook, cd + 42);
  ASSERT_EQ(workbook.compare(local, 4, "PK\x03\x04"), 0);
  ASSERT_EQ(u32(workbook, cd + 10) & 0xFFFF, 8u) << "deflated";
  const std::uint32_t size = u32(workbook, cd + 24);

  const auto read_error = [&](const std::string& bytes) -> std::string {
    ZipArchive zip(bytes, ZipLimits{});
    const auto* entry = zip.find(member);
    if (!entry) return "member not found";
    try {
      std::string inflated;
      zip.read(*entry, [&](std::string_view piece) { inflated.append(piece); });
      return inflated.size() == size ? "" : "wrong size read";
    } catch (const FormatError& e) {
      return e.what();
    }
  };
  EXPECT_EQ(read_error(workbook), "");  // the member as written reads whole

  std::string bad_crc = workbook;
  put32(bad_crc, cd + 16, u32(workbook, cd + 16) ^ 1);
  put32(bad_crc, local + 14, u32(workbook, cd + 16) ^ 1);
  EXPECT_EQ(read_error(bad_crc), "'xl/workbook.xml' is corrupt: CRC error");

  std::string too_small = workbook;  // inflates past what it declares
  put32(too_small, cd + 24, size - 10);
  put32(too_small, local + 22, size - 10);
  EXPECT_NE(read_error(too_small).find("inflates past its declared size"), std::string::npos)
      << read_error(too_small);

  std::string too_large = workbook;
  put32(too_large, cd + 24, size + 10);
  put32(too_large, local + 22, size + 10);
  EXPECT_EQ(read_error(too_large),
            fmt::format("'xl/workbook.xml' is corrupt: {} bytes inflated, {} declared", size, size + 10));
}

// Members over 32 MiB inflate into a mapping of their own (huge pages where
// the kernel gives them), smaller ones into the heap: both give back every
// byte as written, and both are held to their CRC.
TEST(ZipArchive, LargeAndSmallWholeMembersReadBackExactly) {
  std::string large, small;
  for (std::uint32_t row = 1; large.size() < (std::size_t{34} << 20); ++row)
    large += fmt::format("<row r=\"{0}\"><c r=\"A{0}\" t=\"s\"><v>{1}</v></c></row>", row, row * 2654435761u);
  small = large.substr(0, std::size_t{1} << 20);
  const std::string bytes = testing::zip_of({{"large.xml", large}, {"small.xml", small}});
  ZipArchive zip(bytes, ZipLimits{});
  for (const auto& [name, expected] : {std::pair{"large.xml", &large}, std::pair{"small.xml", &small}}) {
    const auto* entry = zip.find(name);
    ASSERT_NE(entry, nullptr) << name;
    EXPECT_TRUE(entry->deflated);
    std::string read;
    std::size_t pieces = 0;
    zip.read(*entry, [&](std::string_view piece) {
      read.append(piece);
      ++pieces;
    });
    EXPECT_EQ(read.size(), expected->size()) << name;
    EXPECT_TRUE(read == *expected) << name << ": the bytes read differ from those written";
    EXPECT_GT(pieces, 1u) << "handed on in chunks, whole or not";
  }

  // The large member's CRC, changed in both of its headers.
  std::string bad = bytes;
  const std::size_t local = bad.find("PK\x03\x04");
  const std::size_t central = bad.find("PK\x01\x02");
  ASSERT_EQ(bad.compare(local + 30, 9, "large.xml"), 0);
  ASSERT_EQ(bad.compare(central + 46, 9, "large.xml"), 0);
  bad[local + 14] = static_cast<char>(bad[local + 14] ^ 1);
  bad[central + 16] = static_cast<char>(bad[central + 16] ^ 1);
  ZipArchive corrupt(bad, ZipLimits{});
  try {
    corrupt.read(*corrupt.find("large.xml"), [](std::string_view) {});
    FAIL() << "a wrong CRC on a large member must be an error";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "'large.xml' is corrupt: CRC error");
  }
}

// SheetWriter: a title and a blank row above the table; the header row is the
// first row of short textual cells, and names the columns below it only.
TEST(SheetWriter, FindsTheHeaderRowBelowATitle) {
  testing::Collected got;
  const BatchSink sink = testing::collecting_sink(got);
  SheetWriter out(1u << 20, sink, {});
  out.begin_scope("xl/worksheets/sheet1.xml", "Staff", true);
  out.cell(1, 1, "Staff list - Q3 2023", Visibility::visible, true);
  out.cell(3, 1, "Surname", Visibility::visible, true);
  out.cell(3, 2, "Pay No", Visibility::visible, true);
  out.cell(4, 1, "Okonkwo", Visibility::hidden_row, true);
  out.cell(4, 2, "412873", Visibility::hidden_row, false);
  out.flush();
  ASSERT_EQ(got.spans.size(), 5u);
  EXPECT_EQ(got.spans[0].header, "") << "the title names nothing";
  EXPECT_EQ(got.spans[1].header, "") << "header cells have no header themselves";
  EXPECT_EQ(got.spans[3].text, "Okonkwo");
  EXPECT_EQ(got.spans[3].header, "Surname");
  EXPECT_EQ(got.spans[3].span.row, 4u);
  EXPECT_EQ(got.spans[3].span.record, 4u);
  EXPECT_EQ(got.spans[3].span.visibility, Visibility::hidden_row);
  EXPECT_EQ(got.spans[4].header, "Pay No");
  EXPECT_EQ(got.spans[4].scope.sheet, "Staff");
  EXPECT_EQ(got.spans[4].scope.part, "xl/worksheets/sheet1.xml");
}

TEST(SheetWriter, FlushesAtRowBoundariesAndKeepsHeadersAcrossBatches) {
  testing::Collected got;
  const BatchSink sink = testing::collecting_sink(got);
  SheetWriter out(64, sink, {"outer.zip"});
  out.begin_scope("xl/worksheets/sheet1.xml", "Staff", true);
  out.cell(1, 1, "Surname", Visibility::visible, true);
  out.cell(1, 2, "Rank", Visibility::visible, true);
  for (std::uint32_t r = 2; r <= 40; ++r) {
    out.cell(r, 1, "Pryce-Jones", Visibility::visible, true);
    out.cell(r, 2, "Sergeant", Visibility::visible, true);
  }
  out.flush();
  EXPECT_GT(got.batches, 5u);
  ASSERT_EQ(got.spans.size(), 80u);
  for (std::size_t i = 2; i < got.spans.size(); ++i) {
    EXPECT_EQ(got.spans[i].header, i % 2 == 0 ? "Surname" : "Rank") << i;
    EXPECT_EQ(got.spans[i].span.row, i / 2 + 1) << "a row is never split across batches";
  }
  EXPECT_EQ(got.spans.back().scope.container, std::vector<std::string>{"outer.zip"});
}

}  // namespace
}  // namespace foiguard::formats
