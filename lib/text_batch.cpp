#include "foiguard/text_batch.hpp"

#include <algorithm>
#include <cstring>

namespace foiguard {

void TextBatch::append(std::string_view piece, Span span) {
  span.begin = text.size();
  text.append(piece);
  // NUL is rare in text; checking first keeps the common case a plain append.
  if (!piece.empty() && std::memchr(piece.data(), '\0', piece.size()) != nullptr) {
    std::replace(text.begin() + static_cast<std::ptrdiff_t>(span.begin), text.end(), '\0', ' ');
  }
  span.end = text.size();
  text.push_back('\n');
  spans.push_back(span);
}

TextBatch TextBatch::from_lines(std::string_view text) {
  TextBatch batch;
  std::uint32_t line = 0;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    Span span;
    span.kind = SpanKind::text_line;
    span.line = ++line;
    span.column = 1;
    span.record = line;
    batch.append(text.substr(pos, end - pos), span);
    pos = end + 1;
  }
  return batch;
}

void TextBatch::clear_text() {
  text.clear();
  spans.clear();
  boxes.clear();
}

void TextBatch::hand_over(TextBatch& to) {
  to.clear_text();
  to.text.swap(text);
  to.spans.swap(spans);
  to.boxes.swap(boxes);
  to.headers = headers;
  to.authors = authors;
  to.scopes = scopes;
}

void TextBatch::clear() {
  clear_text();
  headers.clear();
  authors.clear();
  scopes.assign(1, Scope{});
}

}  // namespace foiguard
