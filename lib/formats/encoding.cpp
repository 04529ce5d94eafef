#include <iconv.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <optional>
#include <cstring>
#include <string>
#include <string_view>

#include "formats/encoding.hpp"
#include "formats/formats.hpp"

namespace foiguard::formats {
namespace detail {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr int kTruncated = -1;

// Length of the well-formed UTF-8 sequence at `p` (1-4), 0 when it is
// malformed, kTruncated when the input ends inside an otherwise valid sequence.
int sequence_length(const unsigned char* p, const unsigned char* end) {
  const unsigned c = p[0];
  if (c < 0x80) return 1;
  int n;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // UTF-16 surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  for (int i = 1; i < n; ++i) {
    if (p + i >= end) return kTruncated;
    const unsigned b = p[i];
    if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
  }
  return n;
}

bool all_ascii8(const unsigned char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return (word & 0x8080808080808080ULL) == 0;
}

void append_lossy_utf8(std::string& out, std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    const int n = sequence_length(p, end);
    if (n > 0) {
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
      p += n;
    } else {
      append_utf8(out, kReplacement);
      ++p;
    }
  }
}

void append_utf16(std::string& out, std::string_view bytes, bool big_endian) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t units = bytes.size() / 2;
  auto unit = [&](std::size_t i) -> char32_t {
    const unsigned a = p[2 * i], b = p[2 * i + 1];
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  };
  out.reserve(out.size() + bytes.size() + bytes.size() / 2);
  for (std::size_t i = 0; i < units; ++i) {
    const char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      const char32_t low = unit(i + 1);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        ++i;
        continue;
      }
    }
    append_utf8(out, (u >= 0xD800 && u <= 0xDFFF) ? kReplacement : u);
  }
  if (bytes.size() % 2 != 0) append_utf8(out, kReplacement);
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F; its five undefined
// bytes map to the C1 controls of the same value, as the WHATWG decoder does.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// Runs of ASCII are copied whole: text in Windows-1252 is mostly ASCII.
void append_windows1252(std::string& out, std::string_view bytes) {
  out.reserve(out.size() + bytes.size() + bytes.size() / 4);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    const auto* run = p;
    while (end - p >= 8 && all_ascii8(p)) p += 8;
    while (p < end && *p < 0x80) ++p;
    out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
    if (p == end) break;
    const unsigned char c = *p++;
    append_utf8(out, c < 0xA0 ? kCp1252High[c - 0x80] : c);
  }
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_valid_utf8(std::string_view bytes, bool allow_truncated_tail) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    while (end - p >= 8 && all_ascii8(p)) p += 8;
    if (p == end) break;
    const int n = sequence_length(p, end);
    if (n == kTruncated) return allow_truncated_tail;
    if (n == 0) return false;
    p += n;
  }
  return true;
}

std::string_view decode(std::string_view bytes, std::string& storage, std::string* encoding) {
  auto set = [&](const char* name) {
    if (encoding) *encoding = name;
  };
  if (starts_with(bytes, "\xEF\xBB\xBF")) {
    set("utf-8");
    const std::string_view rest = bytes.substr(3);
    if (is_valid_utf8(rest)) return rest;
    storage.clear();
    append_lossy_utf8(storage, rest);
    return storage;
  }
  if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF")) {
    const bool big_endian = bytes[0] == '\xFE';
    set(big_endian ? "utf-16be" : "utf-16le");
    storage.clear();
    append_utf16(storage, bytes.substr(2), big_endian);
    return storage;
  }
  if (is_valid_utf8(bytes)) {
    set("utf-8");
    return bytes;
  }
  set("windows-1252");
  storage.clear();
  append_windows1252(storage, bytes);
  return storage;
}

ReadableText readable_text(std::string_view bytes, std::string& storage, std::string* encoding) {
  auto set = [&](const char* name) {
    if (encoding) *encoding = name;
  };
  if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF") || starts_with(bytes, "\xEF\xBB\xBF"))
    return {decode(bytes, storage, encoding)};  // UTF-16, or UTF-8 after a BOM (a view unless it is broken)
  if (is_valid_utf8(bytes)) {
    set("utf-8");
    return {bytes};
  }
  set("windows-1252");
  return {bytes, PieceEncoding::windows1252};
}

void append_piece(PieceEncoding encoding, std::string_view piece, std::string& out) {
  switch (encoding) {
    case PieceEncoding::utf8:
      out.append(piece);
      return;
    case PieceEncoding::windows1252:
      append_windows1252(out, piece);
      return;
  }
}

std::size_t windows1252_utf8_width(unsigned char byte) {
  if (byte < 0x80) return 1;
  if (byte >= 0xA0) return 2;
  return kCp1252High[byte - 0x80] < 0x800 ? 2 : 3;
}

std::optional<std::string> convert_charset(std::string_view bytes, const char* charset) {
  const iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  const std::unique_ptr<void, int (*)(iconv_t)> closer(cd, iconv_close);
  std::string out;
  std::array<char, 64 * 1024> buffer;
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (true) {
    char* o = buffer.data();
    std::size_t o_left = buffer.size();
    const std::size_t r =
        in_left > 0 ? iconv(cd, &in, &in_left, &o, &o_left) : iconv(cd, nullptr, nullptr, &o, &o_left);
    const int error = errno;
    out.append(buffer.data(), static_cast<std::size_t>(o - buffer.data()));
    if (r != static_cast<std::size_t>(-1)) {
      if (in_left == 0 && o == buffer.data()) break;
      continue;
    }
    if (error == E2BIG) continue;
    if (in_left == 0) break;
    out += "\xEF\xBF\xBD";  // an invalid or truncated sequence
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  return out;
}


}  // namespace detail

std::string to_utf8(std::string_view bytes, std::string* encoding) {
  std::string storage;
  const std::string_view text = detail::decode(bytes, storage, encoding);
  if (text.data() == storage.data()) return storage;  // already converted: move, no copy
  return std::string(text);
}

}  // namespace foiguard::formats
