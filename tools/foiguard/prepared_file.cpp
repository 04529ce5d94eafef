// Layout: magic "FP", a version byte, the text (LEB128 length, bytes), the
// totals (one LEB128 varint per count, in the order of kTotals), then the
// brief report in the scan cache's encoding up to the end. The cache's file is
// owner-only and ours, but it is read as untrusted all the same: every length
// is checked against the bytes left.
#include "prepared_file.hpp"

#include <array>
#include <cstdint>

#include "walk/scan_cache.hpp"
#include "walk/varint.hpp"

namespace foiguard::cli {

namespace {

constexpr char kMagic[2] = {'F', 'P'};
constexpr char kVersion = 1;

// The counts of a file's totals; seconds, from_cache, interrupted and the key
// id describe a whole scan, never one file.
constexpr std::array kTotals = {
    &ScanSummary::files,           &ScanSummary::clean,   &ScanSummary::review,  &ScanSummary::block,
    &ScanSummary::error,           &ScanSummary::findings, &ScanSummary::records, &ScanSummary::hidden_findings,
    &ScanSummary::not_checked,     &ScanSummary::bytes,   &ScanSummary::allowed, &ScanSummary::baselined,
};

}  // namespace

std::string encode_prepared(const PreparedFile& file) {
  const std::string brief = walk::encode_report(file.brief);
  std::string out;
  out.reserve(3 + 10 + file.text.size() + kTotals.size() * 2 + brief.size());
  out.append(kMagic, sizeof kMagic).push_back(kVersion);
  walk::append_varint(out, file.text.size());
  out.append(file.text);
  for (const auto count : kTotals) walk::append_varint(out, file.totals.*count);
  out.append(brief);
  return out;
}

std::optional<PreparedFile> decode_prepared(std::string_view bytes) {
  if (bytes.size() < 3 || bytes.substr(0, 2) != std::string_view(kMagic, 2) || bytes[2] != kVersion)
    return std::nullopt;
  bytes.remove_prefix(3);
  PreparedFile file;
  std::uint64_t text_size = 0;
  if (!walk::take_varint(bytes, text_size) || text_size > bytes.size()) return std::nullopt;
  file.text.assign(bytes.substr(0, text_size));
  bytes.remove_prefix(text_size);
  for (const auto count : kTotals)
    if (!walk::take_varint(bytes, file.totals.*count)) return std::nullopt;
  auto brief = walk::decode_report(bytes);
  if (!brief) return std::nullopt;
  file.brief = std::move(*brief);
  return file;
}

}  // namespace foiguard::cli
