// Plain text reader: one text_line span per line, long lines split in pieces.
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "formats/encoding.hpp"
#include "formats/formats.hpp"

namespace foiguard::formats {
namespace {

// Lines up to this long are never split, whatever batch_bytes is, so a small
// batch size changes where batches end, not what the spans contain.
constexpr std::size_t kMinPieceBytes = 4096;
// How far back from the limit a long line looks for a space to split at, so
// that a name is not cut in two.
constexpr std::size_t kSplitLookback = 256;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::uint32_t count_chars(std::string_view s) {
  std::uint32_t n = 0;
  for (const char c : s) n += is_continuation(c) ? 0 : 1;
  return n;
}

// Where to end a piece of at most `limit` bytes of `line`: after a space when
// one is near the limit, otherwise at a character boundary.
std::size_t split_point(std::string_view line, std::size_t limit) {
  std::size_t cut = limit;
  while (cut > 1 && is_continuation(line[cut])) --cut;
  const std::size_t floor = cut > kSplitLookback ? cut - kSplitLookback : 0;
  for (std::size_t j = cut; j > floor; --j) {
    if (line[j - 1] == ' ' || line[j - 1] == '\t') return j;
  }
  return cut;
}

// split_point() for a Windows-1252 line: the cut it makes in the line's
// UTF-8 form, in the raw bytes, so that both forms give the same pieces.
std::size_t split_point_windows1252(std::string_view line, std::size_t limit) {
  if (line.size() <= limit / 3) return line.size();  // no byte takes more than 3 in UTF-8
  const auto width = [&](std::size_t i) { return detail::windows1252_utf8_width(static_cast<unsigned char>(line[i])); };
  std::size_t cut = 0, utf8_bytes = 0;
  while (cut < line.size() && utf8_bytes + width(cut) <= limit) utf8_bytes += width(cut++);
  if (cut == line.size()) return cut;  // short enough whole
  std::size_t back = 0;  // UTF-8 bytes between j and the cut
  for (std::size_t j = cut; j > 0 && back < kSplitLookback; --j) {
    if (line[j - 1] == ' ' || line[j - 1] == '\t') return j;
    back += width(j - 1);
  }
  return cut;
}

}  // namespace

ReadStats read_text(std::string_view bytes, std::size_t batch_bytes, const BatchSink& sink) {
  ReadStats stats;
  std::string storage;
  const detail::ReadableText source = detail::readable_text(bytes, storage, &stats.encoding);
  const std::string_view text = source.text;
  const bool windows1252 = source.pieces == detail::PieceEncoding::windows1252;
  std::string converted;  // a piece in UTF-8, when the text is in another encoding
  const std::size_t piece_limit = std::max(batch_bytes, kMinPieceBytes);

  TextBatch batch;
  // Output is the input minus line terminators plus one separator per span.
  batch.text.reserve(std::min(batch_bytes + piece_limit + 1, text.size() + text.size() / piece_limit + 2));
  batch.spans.reserve(std::min(batch_bytes, text.size()) / 48 + 16);
  const auto flush = [&] {
    if (batch.empty()) return;
    sink(batch);
    batch.clear_text();
  };

  // Old Mac files end lines with a bare CR; everything else uses LF or CRLF.
  const bool cr_only = std::memchr(text.data(), '\n', text.size()) == nullptr &&
                       std::memchr(text.data(), '\r', text.size()) != nullptr;
  const char terminator = cr_only ? '\r' : '\n';

  std::uint32_t line = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const void* hit = std::memchr(text.data() + pos, terminator, text.size() - pos);
    const std::size_t end = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - text.data()) : text.size();
    std::string_view rest = text.substr(pos, end - pos);
    pos = hit ? end + 1 : text.size();
    ++line;
    if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);

    Span span;
    span.line = line;
    span.record = line;
    span.column = 1;
    span.kind = SpanKind::text_line;
    do {
      const std::size_t cut = !windows1252 ? (rest.size() <= piece_limit ? rest.size() : split_point(rest, piece_limit))
                              : split_point_windows1252(rest, piece_limit);
      std::string_view piece = rest.substr(0, cut);
      if (windows1252) {
        converted.clear();
        detail::append_piece(source.pieces, piece, converted);
        piece = converted;
      }
      batch.append(piece, span);
      if (cut < rest.size()) span.column += count_chars(piece);
      rest.remove_prefix(cut);
      if (batch.text.size() >= batch_bytes) flush();
    } while (!rest.empty());
  }
  flush();
  stats.lines = line;
  return stats;
}

}  // namespace foiguard::formats
