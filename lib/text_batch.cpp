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

void TextBatch::clear_text() {
  text.clear();
  spans.clear();
  boxes.clear();
}

void TextBatch::clear() {
  clear_text();
  headers.clear();
  authors.clear();
  scopes.assign(1, Scope{});
}

}  // namespace foiguard
