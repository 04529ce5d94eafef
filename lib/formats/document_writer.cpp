#include "formats/document_writer.hpp"

#include <algorithm>
#include <limits>

namespace foiguard::formats {
namespace {

std::uint32_t code_points(std::string_view text) {
  return static_cast<std::uint32_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

DocumentWriter::DocumentWriter(std::size_t batch_bytes, const BatchSink& sink,
                               std::vector<std::string> container)
    : batch_bytes_(batch_bytes), sink_(sink), container_(std::move(container)) {
  batch_.scopes[0].container = container_;
}

void DocumentWriter::begin_part(std::optional<std::string> part, std::optional<std::uint32_t> slide) {
  if (!span_text_.empty() || column_ > 1) end_paragraph();
  Scope scope;
  scope.container = container_;
  scope.part = std::move(part);
  scope.slide = slide;
  batch_.scopes.push_back(std::move(scope));
  scope_ = static_cast<std::uint32_t>(batch_.scopes.size() - 1);
  paragraph_ = 1;
}

void DocumentWriter::run(std::string_view text, Visibility visibility, std::string_view author) {
  if (text.empty()) return;
  const std::uint16_t who = author.empty() ? 0 : author_index(author);
  if (!span_text_.empty() && (visibility != span_visibility_ || who != span_author_)) close_span();
  if (span_text_.empty()) {
    span_column_ = column_;
    span_visibility_ = visibility;
    span_author_ = who;
  }
  span_text_.append(text);
  column_ += code_points(text);
  // A paragraph larger than a batch is cut, so that one hostile paragraph
  // cannot hold the whole document in memory.
  if (span_text_.size() >= batch_bytes_) {
    close_span();
    flush();
  }
}

void DocumentWriter::end_paragraph() {
  close_span();
  ++paragraph_;
  if (!hold_record_) ++record_;
  ++paragraphs_;
  column_ = 1;
  if (batch_.text.size() >= batch_bytes_) flush();
}

void DocumentWriter::hold_record(bool hold) {
  if (hold_record_ && !hold) ++record_;
  hold_record_ = hold;
}

void DocumentWriter::paragraph(std::string_view text, Visibility visibility, std::string_view author) {
  if (!span_text_.empty() || column_ > 1) end_paragraph();
  run(text, visibility, author);
  end_paragraph();
}

void DocumentWriter::close_span() {
  if (span_text_.empty()) return;
  if (!blank(span_text_)) {
    Span span;
    span.line = paragraph_;
    span.column = span_column_;
    span.scope = scope_;
    span.record = record_;
    span.visibility = span_visibility_;
    span.kind = SpanKind::paragraph;
    span.author = span_author_;
    batch_.append(span_text_, span);
  }
  span_text_.clear();
}

std::uint16_t DocumentWriter::author_index(std::string_view author) {
  const auto found = authors_.find(std::string(author));
  if (found != authors_.end()) return found->second;
  if (batch_.authors.size() >= std::numeric_limits<std::uint16_t>::max()) return 0;
  batch_.authors.emplace_back(author);
  const auto index = static_cast<std::uint16_t>(batch_.authors.size());
  authors_.emplace(std::string(author), index);
  return index;
}

void DocumentWriter::flush() {
  close_span();
  if (batch_.empty()) return;
  sink_(batch_);
  batch_.clear_text();
}

}  // namespace foiguard::formats
