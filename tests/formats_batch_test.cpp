#include <gtest/gtest.h>

#include <string>

#include "foiguard/text_batch.hpp"
#include "foiguard/visibility.hpp"

namespace foiguard {
namespace {

TEST(TextBatch, AppendFillsOffsetsAndSeparator) {
  TextBatch b;
  Span s;
  s.line = 7;
  b.append("ab", s);
  b.append("", s);
  b.append("cde", s);
  EXPECT_EQ(b.text, "ab\n\ncde\n");
  ASSERT_EQ(b.spans.size(), 3u);
  EXPECT_EQ(b.spans[0].begin, 0u);
  EXPECT_EQ(b.spans[0].end, 2u);
  EXPECT_EQ(b.spans[1].begin, 3u);
  EXPECT_EQ(b.spans[1].end, 3u);
  EXPECT_EQ(b.spans[2].begin, 4u);
  EXPECT_EQ(b.spans[2].end, 7u);
  EXPECT_EQ(b.spans[2].line, 7u);
}

TEST(TextBatch, NulBecomesSpace) {
  using namespace std::string_literals;
  TextBatch b;
  b.append("x\0y"s, Span{});
  EXPECT_EQ(b.text, "x y\n");
}

TEST(TextBatch, ClearTextKeepsHeadersAndScopesClearResetsThem) {
  TextBatch b;
  b.headers = {"Name"};
  b.scopes.push_back(Scope{{"a.zip"}, "word/document.xml", std::nullopt, std::nullopt, std::nullopt});
  b.append("x", Span{});
  b.clear_text();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.size_bytes(), 0u);
  EXPECT_EQ(b.headers.size(), 1u);
  EXPECT_EQ(b.scopes.size(), 2u);
  b.clear();
  EXPECT_TRUE(b.headers.empty());
  ASSERT_EQ(b.scopes.size(), 1u);
  EXPECT_TRUE(b.scopes[0].container.empty());
  EXPECT_FALSE(b.scopes[0].part.has_value());
}

TEST(Visibility, NamesRoundTrip) {
  EXPECT_EQ(to_string(Visibility::visible), "visible");
  EXPECT_EQ(to_string(Visibility::very_hidden_sheet), "very_hidden_sheet");
  EXPECT_EQ(to_string(Visibility::archive_member), "archive_member");
  for (int i = 0; i <= static_cast<int>(Visibility::archive_member); ++i) {
    const auto v = static_cast<Visibility>(i);
    EXPECT_EQ(parse_visibility(to_string(v)), v) << to_string(v);
  }
  EXPECT_FALSE(parse_visibility("Hidden_Sheet").has_value());
  EXPECT_FALSE(parse_visibility("").has_value());
}

TEST(Visibility, WhatTheReaderDoesNotSeeIsHidden) {
  EXPECT_FALSE(is_hidden(Visibility::visible));
  EXPECT_FALSE(is_hidden(Visibility::comment));
  EXPECT_FALSE(is_hidden(Visibility::header_footer));
  EXPECT_FALSE(is_hidden(Visibility::tracked_insertion));
  EXPECT_FALSE(is_hidden(Visibility::attachment));
  EXPECT_FALSE(is_hidden(Visibility::archive_member));
  EXPECT_TRUE(is_hidden(Visibility::hidden_sheet));
  EXPECT_TRUE(is_hidden(Visibility::very_hidden_sheet));
  EXPECT_TRUE(is_hidden(Visibility::metadata));
  EXPECT_TRUE(is_hidden(Visibility::tracked_deletion));
  EXPECT_TRUE(is_hidden(Visibility::under_redaction));
  EXPECT_TRUE(is_hidden(Visibility::pivot_cache));
}

}  // namespace
}  // namespace foiguard
