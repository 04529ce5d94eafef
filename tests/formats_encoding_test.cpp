#include <gtest/gtest.h>

#include <string>

#include "formats/formats.hpp"

namespace foiguard::formats {
namespace {

using namespace std::string_literals;

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

}  // namespace
}  // namespace foiguard::formats
