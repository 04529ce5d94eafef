// What leaves the detector instead of a raw value: a masked rendering for
// humans and a keyed fingerprint for baselines. Neither lets a reader of a
// report recover the value.
#pragma once

#include <memory>
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

// The same fingerprints for one key, with the key's HMAC pads hashed once:
// a dense table yields a finding every few bytes, and a one-shot HMAC per
// finding costs more than finding it. One instance per thread.
class Fingerprinter {
 public:
  explicit Fingerprinter(std::string_view key);
  ~Fingerprinter();
  Fingerprinter(const Fingerprinter&) = delete;
  Fingerprinter& operator=(const Fingerprinter&) = delete;

  const std::string& key() const { return key_; }
  // The fingerprint of a finding: the first 32 hex digits of hmac_hex().
  void compute(std::string_view rule, std::string_view value, std::string_view where,
               std::string& out);
  // HMAC-SHA256(key, message).
  void hmac(std::string_view message, unsigned char (&out)[32]);
  // All 64 hex digits of HMAC-SHA256(key, message).
  void hmac_hex(std::string_view message, std::string& out, std::size_t bytes = 32);

 private:
  struct Digests;
  std::string key_;
  std::unique_ptr<Digests> digests_;
  std::string message_;
};

}  // namespace foiguard::detect
