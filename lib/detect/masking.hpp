// What leaves the detector instead of a raw value: a masked rendering for
// humans and a keyed fingerprint for baselines. Neither lets a reader of a
// report recover the value.
#pragma once

#include <string>
#include <string_view>

namespace foiguard::detect {

// Keeps the first character of each word and every separator; every other
// letter or digit becomes '*' (one per code point): "Ní Bhriain" -> "N* B******".
void mask_value(std::string_view value, std::string& out);
inline std::string mask_value(std::string_view value) {
  std::string out;
  mask_value(value, out);
  return out;
}

// Lower-cased, whitespace-collapsed value used for fingerprints.
std::string normalize_value(std::string_view value);

// Hex HMAC-SHA256(key, rule \0 normalised value \0 where), first 32 hex digits.
// `where` is a location key (part/sheet/header/row or line) so that a
// different value at the same place is a different fingerprint.
std::string fingerprint(std::string_view key, std::string_view rule, std::string_view value,
                        std::string_view where);

}  // namespace foiguard::detect
