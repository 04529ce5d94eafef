// splitmix64: a tiny, fast generator whose sequence is the same on every
// platform and standard library (std distributions are not), for synthetic
// test and benchmark data that must come out identical everywhere.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace foiguard::testing {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // In [0, n).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // In [lo, hi].
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }
  // True with probability p (0 to 1).
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  // True `percent` times in 100.
  bool percent_chance(unsigned percent) { return below(100) < percent; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[below(N)];
  }

 private:
  std::uint64_t state_;
};

}  // namespace foiguard::testing
