// LEB128 varints, as the scan cache's encodings write unsigned numbers: seven
// bits a byte, low bits first, the top bit set on every byte but the last.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace foiguard::walk {

inline void append_varint(std::string& out, std::uint64_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>(v | 0x80));
  out.push_back(static_cast<char>(v));
}

// Reads the varint at the front of `in` into `v` and drops its bytes; false
// when the bytes end first or the number needs more than 64 bits.
inline bool take_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto b = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    // The tenth byte may only carry the 64th bit.
    if (shift == 63 && b > 1) return false;
    v |= std::uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

}  // namespace foiguard::walk
