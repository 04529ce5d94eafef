#include "formats/pdf/line_writer.hpp"

#include <limits>

namespace foiguard::formats::pdf {

LineWriter::LineWriter(const PackageOptions& options, const BatchSink& sink)
    : batch_bytes_(options.batch_bytes), sink_(sink), container_(options.container) {}

std::uint32_t LineWriter::scope(std::optional<std::string_view> part, std::optional<std::uint32_t> page) {
  const auto key = std::make_tuple(std::string(part.value_or("")), page.value_or(0));
  if (const auto it = scopes_.find(key); it != scopes_.end()) return it->second;
  Scope s;
  s.container = container_;
  if (part) s.part = std::string(*part);
  s.page = page;
  batch_.scopes.push_back(std::move(s));
  const auto index = static_cast<std::uint32_t>(batch_.scopes.size() - 1);
  scopes_.emplace(key, index);
  return index;
}

std::int32_t LineWriter::label(std::string_view text) {
  if (text.empty()) return -1;
  const auto [it, added] = labels_.try_emplace(std::string(text), 0);
  if (added) {
    batch_.headers.emplace_back(text);
    it->second = static_cast<std::int32_t>(batch_.headers.size() - 1);
  }
  return it->second;
}

std::uint16_t LineWriter::author_index(std::string_view name) {
  if (name.empty()) return 0;
  const auto [it, added] = authors_.try_emplace(std::string(name), 0);
  if (added) {
    // Past what a Span can index, later authors go unnamed rather than wrong.
    if (batch_.authors.size() >= std::numeric_limits<std::uint16_t>::max()) return 0;
    batch_.authors.emplace_back(name);
    it->second = static_cast<std::uint16_t>(batch_.authors.size());
  }
  return it->second;
}

std::uint32_t LineWriter::box_index(const std::optional<PageBox>& box) {
  if (!box) return 0;
  batch_.boxes.push_back(*box);
  return static_cast<std::uint32_t>(batch_.boxes.size());
}

void LineWriter::page_run(std::string_view text, std::uint32_t page, std::uint32_t line, std::uint32_t column,
                          const PageBox& box, Visibility visibility) {
  Span span;
  span.kind = SpanKind::text_line;
  span.line = line;
  span.column = column;
  span.scope = scope(std::nullopt, page);
  span.record = line;  // the runs of one line are one record
  span.visibility = visibility;
  span.box = box_index(box);
  batch_.append(text, span);
  ++spans_;
  flush_if_full();
}

void LineWriter::note(std::string_view text, std::string_view part, std::optional<std::uint32_t> page,
                      Visibility visibility, std::string_view label_text, std::string_view author,
                      std::optional<PageBox> box) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
  Span span;
  // A note is a cell without a place: its label is its header, as for the
  // document properties of the other formats.
  span.kind = SpanKind::table_cell;
  span.scope = scope(part, page);
  span.header = label(label_text);
  span.record = next_note_record_++;
  span.visibility = visibility;
  span.author = author_index(author);
  span.box = box_index(box);
  batch_.append(text, span);
  ++spans_;
  flush_if_full();
}

void LineWriter::flush_if_full() {
  if (batch_.size_bytes() >= batch_bytes_) flush();
}

void LineWriter::flush() {
  if (batch_.empty()) return;
  sink_(batch_);
  batch_.clear_text();
}

}  // namespace foiguard::formats::pdf
