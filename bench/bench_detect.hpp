// The detector alone on a file's text: the batches its reader makes, read
// once before timing, then detected again and again.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "formats/formats.hpp"
#include "foiguard/foiguard.hpp"

namespace foiguard::bench {

struct ReadBatches {
  std::vector<TextBatch> batches;
  std::uint64_t text_bytes = 0;
};

inline ReadBatches read_batches(std::string_view bytes) {
  ReadBatches read;
  formats::read_package(bytes, formats::PackageOptions{}, [&](TextBatch& batch) {
    read.text_bytes += batch.text.size();
    read.batches.push_back(batch);
  });
  return read;
}

// Detects every batch and returns the findings. None is rendered (masked
// value, context, header): a Scanner renders only those it lists, so this is
// the least the detector costs on the text.
inline std::uint64_t detect_all(const Detector& detector, const std::vector<TextBatch>& batches) {
  DetectOptions options;
  options.render_limit = 0;
  std::uint64_t findings = 0;
  for (const TextBatch& batch : batches) detector.detect(batch, options, [&](const Finding&) { ++findings; });
  return findings;
}

}  // namespace foiguard::bench
