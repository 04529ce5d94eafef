// Internal to lib/formats: encoding detection and decoding shared by sniff and
// the readers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace foiguard::formats::detail {

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
// With `allow_truncated_tail`, an incomplete sequence cut off at the very end
// is accepted (for samples taken from the start of a file).
bool is_valid_utf8(std::string_view bytes, bool allow_truncated_tail = false);

// Decodes to UTF-8. When the input already is UTF-8 the result is a view into
// `bytes` (BOM skipped) and nothing is copied; otherwise the converted text is
// written to `storage` and the result views it. `encoding` (optional) gets
// "utf-8", "utf-16le", "utf-16be" or "windows-1252".
std::string_view decode(std::string_view bytes, std::string& storage, std::string* encoding);

// How a reader turns the text it parses into UTF-8, piece by piece, so that
// a file in Windows-1252 is not held twice. Such a file is parsed as it is:
// every byte below 0x80 is the same character in both encodings, so line
// ends, delimiters and quotes are found in the raw bytes, and each piece (a
// line, a cell) is converted as the reader appends it. UTF-16, and UTF-8
// with invalid sequences after a BOM, are decoded whole before parsing.
enum class PieceEncoding { utf8, windows1252 };

struct ReadableText {
  std::string_view text;  // the bytes (a BOM skipped), or the whole decoded text in `storage`
  PieceEncoding pieces = PieceEncoding::utf8;  // what each piece of `text` is in
};

// As decode(), without converting Windows-1252: `pieces` says how to
// convert each piece (append_piece). `encoding` as for decode().
ReadableText readable_text(std::string_view bytes, std::string& storage, std::string* encoding);

// Appends `piece` of a ReadableText's text to `out` as UTF-8.
void append_piece(PieceEncoding encoding, std::string_view piece, std::string& out);

// The bytes a Windows-1252 byte takes in UTF-8 (1 to 3).
std::size_t windows1252_utf8_width(unsigned char byte);

// Converts `bytes` from `charset` (a name iconv knows: Shift_JIS, KOI8-R,
// ISO-8859-2, ...) to UTF-8 with the C library's iconv; a byte the charset
// does not allow, or a character cut off at the end, becomes U+FFFD.
// nullopt when iconv does not know the charset.
std::optional<std::string> convert_charset(std::string_view bytes, const char* charset);

// The largest index <= `at` (and >= `floor`) that does not fall inside a
// UTF-8 sequence: where a long text can be cut.
inline std::size_t utf8_boundary(std::string_view text, std::size_t at, std::size_t floor = 0) {
  while (at > floor && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

// Appends code point `cp` as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace foiguard::formats::detail
