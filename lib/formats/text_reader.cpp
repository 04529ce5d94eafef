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

}  // namespace

ReadStats read_text(std::string_view bytes, std::size_t batch_bytes, const BatchSink& sink) {
  ReadStats stats;
  std::string storage;
  const std::string_view text = detail::decode(bytes, storage, &stats.encoding);
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
      const std::size_t cut = rest.size() <= piece_limit ? rest.size() : split_point(rest, piece_limit);
      batch.append(rest.substr(0, cut), span);
      if (cut < rest.size()) span.column += count_chars(rest.substr(0, cut));
      rest.remove_prefix(cut);
      if (batch.text.size() >= batch_bytes) flush();
    } while (!rest.empty());
  }
  flush();
  stats.lines = line;
  return stats;
}

}  // namespace foiguard::formats
