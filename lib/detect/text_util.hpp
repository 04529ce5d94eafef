// Small text helpers shared by the detector's parts: ASCII case folding,
// phrase normalisation and a minimal UTF-8 decoder. Internal to lib/detect.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace foiguard::detect {

inline char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
inline bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Lower-cases ASCII letters, turns every other byte that is not a letter or
// digit into a space, collapses runs of spaces and trims: "Pay No." -> "pay no",
// "D.O.B" -> "d o b", "Salary (£)" -> "salary".
std::string normalize_phrase(std::string_view text);
void normalize_phrase(std::string_view text, std::string& out);  // reuses out's capacity

// Decodes one code point at `pos` and advances it; invalid bytes decode as
// U+FFFD one byte at a time.
char32_t next_code_point(std::string_view text, std::size_t& pos);

// Number of code points in `text`.
std::size_t count_code_points(std::string_view text);

std::string_view trim(std::string_view text);

}  // namespace foiguard::detect
