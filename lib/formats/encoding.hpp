// Internal to lib/formats: encoding detection and decoding shared by sniff and
// the readers.
#pragma once

#include <cstddef>
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

// Appends code point `cp` as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace foiguard::formats::detail
