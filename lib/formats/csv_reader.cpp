// RFC 4180 CSV/TSV reader. Cells are unescaped straight into the batch text:
// no allocation per cell, one pass over the bytes.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "formats/encoding.hpp"
#include "formats/formats.hpp"

namespace foiguard::formats {
namespace {

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Letter runs that may appear in a number or a date: exponent, ISO 8601 'T'/'Z',
// am/pm, ordinals and month names.
bool is_date_or_number_word(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "e",   "t",   "z",   "am",  "pm",  "st",  "nd",  "rd",  "th",  "jan",      "feb",
      "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",     "dec",
      "january", "february", "march", "april", "june", "july", "august", "september",
      "october", "november", "december"};
  if (word.size() > 9) return false;
  char lower[9];
  for (std::size_t k = 0; k < word.size(); ++k)
    lower[k] = static_cast<char>(word[k] | 0x20);
  const std::string_view w(lower, word.size());
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

// A header cell is textual: it has letters, and is not a number or a date
// ("1.5e3", "01-Jan-2020", "10:30 pm").
bool is_textual(std::string_view cell) {
  bool has_digit = false, has_letter = false;
  for (const char c : cell) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;  // non-ASCII letters
    has_digit = has_digit || is_ascii_digit(c);
    has_letter = has_letter || is_ascii_alpha(c);
  }
  if (!has_letter) return false;
  if (!has_digit) return true;
  for (std::size_t k = 0; k < cell.size();) {
    if (!is_ascii_alpha(cell[k])) { ++k; continue; }
    std::size_t e = k;
    while (e < cell.size() && is_ascii_alpha(cell[e])) ++e;
    if (!is_date_or_number_word(cell.substr(k, e - k))) return true;
    k = e;
  }
  return false;
}

class CsvReader {
 public:
  CsvReader(const detail::ReadableText& source, char delimiter, std::size_t batch_bytes, const BatchSink& sink,
            ReadStats& stats)
      : s_(source.text), pieces_(source.pieces), delimiter_(delimiter), batch_bytes_(batch_bytes), sink_(sink),
        stats_(stats) {
    stop_[static_cast<unsigned char>(delimiter)] = true;
    stop_['\n'] = stop_['\r'] = true;
    blank_[' '] = true;
    if (delimiter != '\t') blank_['\t'] = true;
    has_nul_ = std::memchr(s_.data(), '\0', s_.size()) != nullptr;
    batch_.text.reserve(std::min(batch_bytes + 4096, s_.size() + s_.size() / 4 + 16));
    batch_.spans.reserve(std::min(batch_bytes, s_.size()) / 8 + 16);
  }

  void run() {
    while (pos_ < s_.size()) {
      read_row();
      if (row_ == 1) take_header_row();
      if (batch_.text.size() >= batch_bytes_) flush();
    }
    flush();
    stats_.lines = row_;
  }

 private:
  bool stop(char c) const { return stop_[static_cast<unsigned char>(c)]; }
  bool blank(char c) const { return blank_[static_cast<unsigned char>(c)]; }

  // Position of the first delimiter, CR or LF at or after `at` (or the end).
  // Cells are short, so this tests 8 bytes per step for any of the three
  // (the classic "has zero byte" bit trick on XORed words).
  std::size_t find_stop(std::size_t at) const {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
    const std::uint64_t delim = kOnes * static_cast<unsigned char>(delimiter_);
    while (std::endian::native == std::endian::little && at + 8 <= s_.size()) {
      std::uint64_t w;
      std::memcpy(&w, s_.data() + at, 8);
      const std::uint64_t a = w ^ delim, b = w ^ (kOnes * '\n'), c = w ^ (kOnes * '\r');
      const std::uint64_t hit = ((a - kOnes) & ~a) | ((b - kOnes) & ~b) | ((c - kOnes) & ~c);
      const std::uint64_t found = hit & kHighs;
      if (found != 0) return at + static_cast<std::size_t>(std::countr_zero(found) / 8);
      at += 8;
    }
    while (at < s_.size() && !stop(s_[at])) ++at;
    return at;
  }

  void read_row() {
    ++row_;
    std::uint32_t column = 0;
    for (;;) {
      ++column;
      read_field(column);
      if (pos_ >= s_.size()) return;
      const char c = s_[pos_++];
      if (c == delimiter_) continue;
      if (c == '\r' && pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
      ++line_;
      return;
    }
  }

  // Reads one field starting at pos_ and leaves pos_ on the delimiter, line
  // end or end of input that ends it.
  void read_field(std::uint32_t column) {
    const std::uint32_t first_line = line_;
    std::size_t start = pos_;
    while (start < s_.size() && blank(s_[start])) ++start;
    const std::size_t begin = batch_.text.size();
    if (start < s_.size() && s_[start] == '"' && !quotes_exhausted_) {
      if (read_quoted(start + 1)) {
        finish_cell(begin, column, first_line);
        return;
      }
      // Unterminated: keep the quote as a literal character and read on.
      stats_.warnings.push_back("unterminated quote at line " + std::to_string(first_line) +
                                "; read the rest as unquoted");
      batch_.text.resize(begin);
      line_ = first_line;
      quotes_exhausted_ = true;
    }
    std::size_t end = find_stop(start);
    pos_ = end;
    while (end > start && blank(s_[end - 1])) --end;
    if (end == start) return;
    batch_.text.append(s_.data() + start, end - start);
    if (has_nul_) std::replace(batch_.text.begin() + static_cast<std::ptrdiff_t>(begin), batch_.text.end(), '\0', ' ');
    add_span(begin, column, first_line);
  }

  // Unescapes a quoted field whose content starts at `at` into the batch
  // text; anything between the closing quote and the field's end is kept as
  // is (lenient, like Python's csv). False when the quote never closes.
  bool read_quoted(std::size_t at) {
    for (;;) {
      const void* hit = std::memchr(s_.data() + at, '"', s_.size() - at);
      if (hit == nullptr) return false;
      const std::size_t q = static_cast<std::size_t>(static_cast<const char*>(hit) - s_.data());
      const std::string_view chunk = s_.substr(at, q - at);
      batch_.text.append(chunk);
      line_ += static_cast<std::uint32_t>(std::count(chunk.begin(), chunk.end(), '\n'));
      at = q + 1;
      if (at < s_.size() && s_[at] == '"') {
        batch_.text.push_back('"');
        ++at;
        continue;
      }
      break;
    }
    const std::size_t end = find_stop(at);
    batch_.text.append(s_.data() + at, end - at);
    pos_ = end;
    return true;
  }

  // Trims the cell written at [begin, end of text) and records its span, or
  // drops it when it is empty.
  void finish_cell(std::size_t begin, std::uint32_t column, std::uint32_t first_line) {
    std::string& text = batch_.text;
    // Quoted cells may also start or end with an embedded line break.
    const auto edge = [this](char c) { return blank(c) || c == '\n' || c == '\r'; };
    while (text.size() > begin && edge(text.back())) text.pop_back();
    std::size_t lead = begin;
    while (lead < text.size() && edge(text[lead])) ++lead;
    if (lead > begin) text.erase(begin, lead - begin);
    if (text.size() == begin) return;
    if (has_nul_) std::replace(text.begin() + static_cast<std::ptrdiff_t>(begin), text.end(), '\0', ' ');
    add_span(begin, column, first_line);
  }

  // Records the cell text that starts at `begin` and runs to the end of the
  // batch text, and appends its '\n' separator.
  void add_span(std::size_t begin, std::uint32_t column, std::uint32_t first_line) {
    to_utf8_from(begin);
    const std::size_t index = column - 1;
    const std::int32_t header = index < header_of_column_.size() ? header_of_column_[index] : -1;
    batch_.spans.push_back(Span{begin, batch_.text.size(), first_line, row_, column, header, 0, row_,
                                Visibility::visible, SpanKind::table_cell});
    batch_.text.push_back('\n');
  }

  // Converts the cell at [begin, end of text) to UTF-8 when the file is in
  // another encoding (the cell was cut at ASCII bytes: see encoding.hpp).
  void to_utf8_from(std::size_t begin) {
    if (pieces_ == detail::PieceEncoding::utf8) return;
    std::string& text = batch_.text;
    const auto high = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
    if (std::none_of(text.begin() + static_cast<std::ptrdiff_t>(begin), text.end(), high)) return;
    cell_.assign(text, begin);
    text.resize(begin);
    detail::append_piece(pieces_, cell_, text);
  }

  // The first row is a header row when it has at least two cells and all of
  // them are textual. Its cells stay in the batch as ordinary spans.
  void take_header_row() {
    const auto& spans = batch_.spans;
    if (spans.size() < 2) return;
    for (const Span& sp : spans) {
      if (!is_textual(std::string_view(batch_.text).substr(sp.begin, sp.end - sp.begin))) return;
    }
    batch_.headers.assign(spans.back().column, std::string());
    for (const Span& sp : spans) batch_.headers[sp.column - 1] = batch_.text.substr(sp.begin, sp.end - sp.begin);
    // Empty header cells name nothing: their column's cells get no header.
    header_of_column_.assign(batch_.headers.size(), -1);
    for (const Span& sp : spans) header_of_column_[sp.column - 1] = static_cast<std::int32_t>(sp.column - 1);
  }

  void flush() {
    if (batch_.empty()) return;
    sink_(batch_);
    batch_.clear_text();
  }

  std::string_view s_;
  detail::PieceEncoding pieces_;  // what s_ is in: cells are converted to UTF-8 as they are written
  std::string cell_;              // a cell being converted
  char delimiter_;
  std::size_t batch_bytes_;
  const BatchSink& sink_;
  ReadStats& stats_;
  TextBatch batch_;
  std::vector<std::int32_t> header_of_column_;  // Span::header for each column, set after row 1
  std::array<bool, 256> stop_{};
  std::array<bool, 256> blank_{};
  bool has_nul_ = false;
  bool quotes_exhausted_ = false;  // no closing quote left in the input
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t row_ = 0;
};

}  // namespace

ReadStats read_csv(std::string_view bytes, char delimiter, std::size_t batch_bytes,
                   const BatchSink& sink) {
  ReadStats stats;
  std::string storage;
  const detail::ReadableText source = detail::readable_text(bytes, storage, &stats.encoding);
  CsvReader(source, delimiter, batch_bytes, sink, stats).run();
  return stats;
}

}  // namespace foiguard::formats
