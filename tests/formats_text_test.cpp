#include <gtest/gtest.h>

#include <string>

#include "formats_collect.hpp"

namespace foiguard::formats {
namespace {

using foiguard::testing::collect_text;
using foiguard::testing::Collected;

TEST(FormatsText, OneSpanPerLineWithLocation) {
  const Collected c = collect_text("PC 2231 Adeyemi-Walsh\n\nDS 4417 Okonkwo\nlast line");
  ASSERT_EQ(c.spans.size(), 4u);
  EXPECT_EQ(c.texts(), (std::vector<std::string>{"PC 2231 Adeyemi-Walsh", "", "DS 4417 Okonkwo", "last line"}));
  for (std::size_t i = 0; i < c.spans.size(); ++i) {
    const Span& s = c.spans[i].span;
    EXPECT_EQ(s.line, i + 1);
    EXPECT_EQ(s.record, i + 1);
    EXPECT_EQ(s.column, 1u);
    EXPECT_EQ(s.row, 0u);
    EXPECT_EQ(s.scope, 0u);
    EXPECT_EQ(s.header, -1);
    EXPECT_EQ(s.kind, SpanKind::text_line);
    EXPECT_EQ(s.visibility, Visibility::visible);
  }
  EXPECT_EQ(c.stats.lines, 4u);
  EXPECT_EQ(c.stats.encoding, "utf-8");
  EXPECT_EQ(c.batches, 1u);
}

TEST(FormatsText, CrlfIsStrippedAndFinalNewlineAddsNoLine) {
  const Collected c = collect_text("first\r\nsecond\r\n");
  EXPECT_EQ(c.texts(), (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(c.stats.lines, 2u);
}

TEST(FormatsText, BareCarriageReturnLineEnds) {
  const Collected c = collect_text("old\rmac\rfile");
  EXPECT_EQ(c.texts(), (std::vector<std::string>{"old", "mac", "file"}));
}

TEST(FormatsText, BatchTextIsSpansSeparatedByNewline) {
  std::string text;
  formats::read_text("a\r\nbb\n", 1 << 20, [&](TextBatch& b) { text = b.text; });
  EXPECT_EQ(text, "a\nbb\n");
}

TEST(FormatsText, NulBecomesSpace) {
  using namespace std::string_literals;
  const Collected c = collect_text("a\0b\n"s);
  ASSERT_EQ(c.spans.size(), 1u);
  EXPECT_EQ(c.spans[0].text, "a b");
}

TEST(FormatsText, Windows1252Decoded) {
  const Collected c = collect_text("Sgt O\x92Neill caf\xE9\n");
  ASSERT_EQ(c.spans.size(), 1u);
  EXPECT_EQ(c.spans[0].text, "Sgt O\xE2\x80\x99Neill caf\xC3\xA9");
  EXPECT_EQ(c.stats.encoding, "windows-1252");
}

TEST(FormatsText, Utf16LineNumbers) {
  std::string le = "\xFF\xFE";
  for (const char c : std::string("one\r\ntwo\r\n")) {
    le.push_back(c);
    le.push_back('\0');
  }
  const Collected c = collect_text(le);
  EXPECT_EQ(c.texts(), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(c.spans[1].span.line, 2u);
  EXPECT_EQ(c.stats.encoding, "utf-16le");
}

TEST(FormatsText, TinyBatchesGiveTheSameSpansAsOne) {
  std::string input;
  for (int i = 1; i <= 200; ++i) input += "line " + std::to_string(i) + " Sgt Ní Bhriain\n";
  const Collected one = collect_text(input, 1 << 20);
  const Collected tiny = collect_text(input, 16);
  EXPECT_EQ(one.batches, 1u);
  EXPECT_EQ(tiny.batches, 200u);  // every line reaches 16 bytes: one flush per line
  ASSERT_EQ(one.spans.size(), tiny.spans.size());
  for (std::size_t i = 0; i < one.spans.size(); ++i) {
    EXPECT_EQ(one.spans[i].text, tiny.spans[i].text);
    EXPECT_EQ(one.spans[i].span.line, tiny.spans[i].span.line);
  }
}

TEST(FormatsText, EmptyBatchIsNeverSent) {
  std::size_t calls = 0;
  formats::read_text("", 16, [&](TextBatch&) { ++calls; });
  EXPECT_EQ(calls, 0u);
}

TEST(FormatsText, LongLineIsSplitWithCharacterColumns) {
  // 3 MB of "é " pairs (3 bytes, 2 characters each) plus a marker at the end.
  const std::size_t pairs = 1'000'000;
  std::string line;
  line.reserve(pairs * 3 + 16);
  for (std::size_t i = 0; i < pairs; ++i) line += "\xC3\xA9 ";
  line += "END";
  const std::size_t batch = 64 * 1024;
  const Collected c = collect_text("before\n" + line + "\nafter\n", batch);
  ASSERT_GT(c.spans.size(), 40u);
  EXPECT_LE(c.max_batch_text, 2 * batch + 2);  // memory per batch stays bounded
  std::string joined;
  std::uint32_t expected_column = 1;
  for (std::size_t i = 1; i + 1 < c.spans.size(); ++i) {
    const auto& s = c.spans[i];
    EXPECT_EQ(s.span.line, 2u);
    EXPECT_EQ(s.span.record, 2u);
    EXPECT_EQ(s.span.column, expected_column);
    EXPECT_LE(s.text.size(), batch);
    if (i + 2 < c.spans.size()) {
      EXPECT_EQ(s.text.back(), ' ') << "pieces end after a space when one is near";
    }
    for (const char ch : s.text) expected_column += ((static_cast<unsigned char>(ch) & 0xC0) != 0x80);
    joined += s.text;
  }
  EXPECT_EQ(joined, line);
  EXPECT_EQ(expected_column, 2 * pairs + 3 + 1);
  EXPECT_EQ(c.spans.back().text, "after");
  EXPECT_EQ(c.spans.back().span.line, 3u);
  EXPECT_EQ(c.stats.lines, 3u);
}

TEST(FormatsText, LongLineWithoutSpacesSplitsAtCharacterBoundaries) {
  std::string line;
  for (int i = 0; i < 20000; ++i) line += "\xC3\xA9";  // 40000 bytes, no space
  const Collected c = collect_text(line, 4096 + 1);
  std::string joined;
  std::uint32_t column = 1;
  for (const auto& s : c.spans) {
    EXPECT_EQ(s.span.column, column);
    EXPECT_EQ(s.text.size() % 2, 0u) << "a piece never starts or ends inside a character";
    column += static_cast<std::uint32_t>(s.text.size() / 2);
    joined += s.text;
  }
  EXPECT_EQ(joined, line);
  EXPECT_GE(c.spans.size(), 10u);
}

}  // namespace
}  // namespace foiguard::formats
