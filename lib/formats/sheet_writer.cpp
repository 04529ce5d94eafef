#include "formats/sheet_writer.hpp"

#include <algorithm>

namespace foiguard::formats {
namespace {

// Header cells are short labels: "Pay No", "Date of Birth", not sentences.
constexpr std::size_t kMaxHeaderBytes = 64;
// A hostile sheet could name millions of columns; past this, no more headers.
constexpr std::size_t kMaxHeaders = 1u << 16;

}  // namespace

SheetWriter::SheetWriter(std::size_t batch_bytes, const BatchSink& sink, std::vector<std::string> container)
    : batch_bytes_(batch_bytes), sink_(sink), container_(std::move(container)) {
  batch_.scopes[0].container = container_;
}

void SheetWriter::begin_scope(std::string part, std::optional<std::string> sheet, bool find_header) {
  commit_row();
  Scope scope;
  scope.container = container_;
  scope.part = std::move(part);
  scope.sheet = std::move(sheet);
  batch_.scopes.push_back(std::move(scope));
  scope_ = static_cast<std::uint32_t>(batch_.scopes.size() - 1);
  find_header_ = find_header;
  header_of_column_.clear();
  header_row_ = 0;
  row_ = 0;
}

void SheetWriter::name_column(std::uint32_t column, std::string_view name, std::uint32_t header_row) {
  find_header_ = false;
  header_row_ = header_row;
  if (column == 0 || column > kMaxHeaders) return;
  if (header_of_column_.size() < column) header_of_column_.resize(column, -1);
  header_of_column_[column - 1] = header_index(name);
}

std::int32_t SheetWriter::header_index(std::string_view name) {
  if (batch_.headers.size() >= kMaxHeaders) return -1;
  batch_.headers.emplace_back(name);
  return static_cast<std::int32_t>(batch_.headers.size() - 1);
}

void SheetWriter::cell(std::uint32_t row, std::uint32_t column, std::string_view text,
                       Visibility visibility, bool textual) {
  if (row != row_) {
    commit_row();
    row_ = row;
  }
  const std::size_t begin = row_text_.size();
  row_text_.append(text);
  pending_.push_back({column, begin, row_text_.size(), visibility, textual});
}

void SheetWriter::end_row() { commit_row(); }

bool SheetWriter::looks_like_header() const {
  if (pending_.size() < 2) return false;
  return std::all_of(pending_.begin(), pending_.end(), [](const Pending& p) {
    return p.textual && p.end - p.begin <= kMaxHeaderBytes;
  });
}

void SheetWriter::commit_row() {
  if (pending_.empty()) return;
  const bool header_row = find_header_ && looks_like_header();
  const bool headed = !header_row && row_ > header_row_;
  for (const Pending& p : pending_) {
    const std::string_view text(row_text_.data() + p.begin, p.end - p.begin);
    const std::int32_t header =
        headed && p.column - 1 < header_of_column_.size() ? header_of_column_[p.column - 1] : -1;
    Span span;
    span.row = row_;
    span.column = p.column;
    span.header = header;
    span.scope = scope_;
    span.record = row_;
    span.visibility = p.visibility;
    span.kind = SpanKind::table_cell;
    batch_.append(text, span);
    ++cells_;
  }
  if (header_row) {
    find_header_ = false;
    for (const Pending& p : pending_)
      name_column(p.column, std::string_view(row_text_.data() + p.begin, p.end - p.begin), row_);
  }
  pending_.clear();
  row_text_.clear();
  flush_if_full();
}

void SheetWriter::note(std::string_view text, Visibility visibility, std::string_view label,
                       std::uint32_t row, std::uint32_t column) {
  commit_row();
  if (text.empty()) return;
  Span span;
  span.row = row;
  span.column = column;
  if (!label.empty()) {
    auto [it, added] = note_labels_.try_emplace(std::string(label), -1);
    if (added) it->second = header_index(label);
    span.header = it->second;
  }
  span.scope = scope_;
  span.record = next_note_++;
  span.visibility = visibility;
  span.kind = SpanKind::table_cell;
  batch_.append(text, span);
  flush_if_full();
}

void SheetWriter::flush_if_full() {
  if (batch_.text.size() >= batch_bytes_) flush();
}

void SheetWriter::flush() {
  commit_row();
  if (batch_.empty()) return;
  sink_(batch_);
  batch_.clear_text();
}

}  // namespace foiguard::formats
