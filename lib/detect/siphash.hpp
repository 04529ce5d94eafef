// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit pseudo-random
// function fast on short inputs. The roster's candidate index uses it where
// an HMAC-SHA256 per word of text would cost more than the whole scan.
#pragma once

#include <cstdint>
#include <string_view>

namespace foiguard::detect {

struct SipKey {
  std::uint64_t k0 = 0, k1 = 0;
};

std::uint64_t siphash24(const SipKey& key, std::string_view data);

}  // namespace foiguard::detect
