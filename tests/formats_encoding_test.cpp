#include <gtest/gtest.h>

#include <string>

#include "formats/encoding.hpp"
#include "formats/formats.hpp"
#include "formats_collect.hpp"

namespace foiguard::formats {
namespace {

using namespace std::string_literals;
using foiguard::testing::collect_csv;
using foiguard::testing::collect_text;
using foiguard::testing::Collected;

std::string utf16(std::u16string_view units, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (const char16_t u : units) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out.push_back(big_endian ? hi : lo);
    out.push_back(big_endian ? lo : hi);
  }
  return out;
}

TEST(FormatsEncoding, PlainUtf8PassesThrough) {
  std::string enc;
  EXPECT_EQ(to_utf8("Sgt N\xC3\xAD Bhriain", &enc), "Sgt N\xC3\xAD Bhriain");
  EXPECT_EQ(enc, "utf-8");
}

TEST(FormatsEncoding, Utf8BomIsStripped) {
  std::string enc;
  EXPECT_EQ(to_utf8("\xEF\xBB\xBFName", &enc), "Name");
  EXPECT_EQ(enc, "utf-8");
}

TEST(FormatsEncoding, Utf16LittleEndianWithBom) {
  std::string enc;
  EXPECT_EQ(to_utf8(utf16(u"Sgt N\u00ED Bhriain\r\n", false), &enc), "Sgt N\xC3\xAD Bhriain\r\n");
  EXPECT_EQ(enc, "utf-16le");
}

TEST(FormatsEncoding, Utf16BigEndianWithBom) {
  std::string enc;
  EXPECT_EQ(to_utf8(utf16(u"Sgt N\u00ED Bhriain", true), &enc), "Sgt N\xC3\xAD Bhriain");
  EXPECT_EQ(enc, "utf-16be");
}

TEST(FormatsEncoding, Utf16SurrogatePairsAndLoneSurrogates) {
  // U+1F46E (police officer emoji) is the pair D83D DC6E.
  EXPECT_EQ(to_utf8(utf16(u"a\U0001F46Eb", false), nullptr), "a\xF0\x9F\x91\xAE" "b");
  // A lone high surrogate, a lone low surrogate, and an odd trailing byte.
  const std::u16string bad = {u'x', char16_t(0xD83D), u'y', char16_t(0xDC6E)};
  EXPECT_EQ(to_utf8(utf16(bad, true), nullptr), "x\xEF\xBF\xBDy\xEF\xBF\xBD");
  EXPECT_EQ(to_utf8(utf16(u"z", false) + "\x41", nullptr), "z\xEF\xBF\xBD");
}

TEST(FormatsEncoding, Windows1252Fallback) {
  std::string enc;
  // 0xE9 is e-acute in Latin-1; 0x92 is the right single quote only in Windows-1252.
  EXPECT_EQ(to_utf8("caf\xE9 O\x92Neill \x80" "5 \x93quoted\x94", &enc),
            "caf\xC3\xA9 O\xE2\x80\x99Neill \xE2\x82\xAC" "5 \xE2\x80\x9Cquoted\xE2\x80\x9D");
  EXPECT_EQ(enc, "windows-1252");
}

TEST(FormatsEncoding, InvalidUtf8SequencesFallBackToWindows1252) {
  // An overlong encoding of '/' and a UTF-16 surrogate encoded in UTF-8 are not UTF-8.
  std::string enc;
  EXPECT_EQ(to_utf8("\xC0\xAF", &enc), "\xC3\x80\xC2\xAF");
  EXPECT_EQ(enc, "windows-1252");
  to_utf8("\xED\xA0\x80", &enc);
  EXPECT_EQ(enc, "windows-1252");
  // A four-byte character is valid UTF-8.
  to_utf8("\xF0\x9F\x91\xAE", &enc);
  EXPECT_EQ(enc, "utf-8");
}

TEST(FormatsEncoding, BomWithInvalidBytesKeepsUtf8AndReplaces) {
  std::string enc;
  EXPECT_EQ(to_utf8("\xEF\xBB\xBF" "a\xFF" "b", &enc), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(enc, "utf-8");
}

// Windows-1252 is parsed in place and converted a piece at a time: no
// decoded copy of the file (a 300 MB Windows-1252 text took 1.1 GB of memory
// before, 23 MB after). UTF-16 is still decoded whole.
TEST(FormatsEncoding, LegacyTextIsReadInPlaceAndConvertedPieceByPiece) {
  const std::string cp1252 = "caf\xE9 O\x92Neill \x80" "5\n";
  std::string storage, enc;
  const detail::ReadableText legacy = detail::readable_text(cp1252, storage, &enc);
  EXPECT_EQ(legacy.text.data(), cp1252.data()) << "parsed where it lies";
  EXPECT_TRUE(storage.empty());
  EXPECT_EQ(legacy.pieces, detail::PieceEncoding::windows1252);
  EXPECT_EQ(enc, "windows-1252");
  std::string out;
  detail::append_piece(legacy.pieces, legacy.text, out);
  EXPECT_EQ(out, to_utf8(cp1252, nullptr));

  const std::string broken = "\xEF\xBB\xBF" "a\xFF" "b";
  const detail::ReadableText lossy = detail::readable_text(broken, storage, &enc);
  EXPECT_EQ(lossy.text, "a\xEF\xBF\xBD" "b") << "broken UTF-8 after a BOM is decoded whole";
  EXPECT_EQ(lossy.pieces, detail::PieceEncoding::utf8);

  const detail::ReadableText wide = detail::readable_text(utf16(u"Sgt N\u00ED", false), storage, &enc);
  EXPECT_EQ(wide.pieces, detail::PieceEncoding::utf8);
  EXPECT_EQ(wide.text, "Sgt N\xC3\xAD");
  EXPECT_EQ(wide.text.data(), storage.data()) << "UTF-16 is decoded whole";
}

// The readers give a Windows-1252 file exactly the spans of its UTF-8 twin:
// lines, a long line cut into pieces (columns count characters), CSV cells
// quoted over two lines, and a header row.
TEST(FormatsEncoding, Windows1252FilesReadAsTheirUtf8Twins) {
  const auto to_cp1252 = [](const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
      const auto c = static_cast<unsigned char>(utf8[i]);
      if (c < 0x80) { out += utf8[i]; continue; }
      const std::string_view rest = std::string_view(utf8).substr(i);
      if (rest.starts_with("\xE2\x80\x99")) { out += '\x92'; i += 2; continue; }
      if (rest.starts_with("\xE2\x82\xAC")) { out += '\x80'; i += 2; continue; }
      out += static_cast<char>(((c & 0x1F) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3F));  // Latin-1
      ++i;
    }
    return out;
  };
  std::string long_line;
  for (int i = 0; i < 3000; ++i) long_line += "DS Siobh\xC3\xA1n O\xE2\x80\x99Neill, pay number 4" + std::to_string(10000 + i) + " \xE2\x82\xAC; ";
  const std::string text = "Caf\xC3\xA9 opened.\n" + long_line + "\nLast line \xC2\xA3" "5\n";
  const std::string csv = "Surname,Forename,Notes\r\nO\xE2\x80\x99Neill,Zo\xC3\xAB,\"two\r\nlines \xC2\xA3" "5\"\r\nM\xC3\xBCller,Ren\xC3\xA9" "e,\xE2\x82\xAC" "9\r\n";
  for (const std::size_t batch : {std::size_t{4096}, std::size_t{1} << 20}) {
    SCOPED_TRACE(batch);
    const auto spans_of = [](const Collected& c) {
      std::vector<std::string> out;
      for (const auto& s : c.spans)
        out.push_back(s.text + " @" + std::to_string(s.span.line) + ":" + std::to_string(s.span.column) + ":" +
                      std::to_string(s.span.row));
      return out;
    };
    const Collected utf8_text = collect_text(text, batch), legacy_text = collect_text(to_cp1252(text), batch);
    EXPECT_EQ(legacy_text.stats.encoding, "windows-1252");
    if (batch == 4096) {
      EXPECT_GT(utf8_text.spans.size(), 30u) << "the long line is cut into pieces";
    }
    EXPECT_EQ(spans_of(legacy_text), spans_of(utf8_text));
    const Collected utf8_csv = collect_csv(csv, ',', batch), legacy_csv = collect_csv(to_cp1252(csv), ',', batch);
    EXPECT_EQ(legacy_csv.stats.encoding, "windows-1252");
    EXPECT_EQ(spans_of(legacy_csv), spans_of(utf8_csv));
    ASSERT_EQ(legacy_csv.spans.size(), 9u);
    EXPECT_EQ(legacy_csv.spans[5].text, "two\r\nlines \xC2\xA3" "5");
  }
}

}  // namespace
}  // namespace foiguard::formats
