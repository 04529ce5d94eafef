// Unicode code points from poppler into UTF-8 text for the detector.
#pragma once

#include <cstdint>
#include <string>

#include "formats/encoding.hpp"

namespace foiguard::formats::pdf {

// Appends `cp` as UTF-8. Controls become a space, ligatures their letters
// ("ﬃ" in "Griﬃths" would hide the name from every pattern), and what is not
// a character (surrogates, past U+10FFFF, U+FFFE/FFFF) is dropped.
inline void append_text_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x20 || cp == 0x7F || cp == 0xA0) {
    out.push_back(' ');
    return;
  }
  if (cp >= 0xFB00 && cp <= 0xFB06) {
    static constexpr const char* kLigatures[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
    out += kLigatures[cp - 0xFB00];
    return;
  }
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || cp == 0xFFFE || cp == 0xFFFF) return;
  detail::append_utf8(out, static_cast<char32_t>(cp));
}

}  // namespace foiguard::formats::pdf
