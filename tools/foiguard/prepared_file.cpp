// Layout: magic "FP", a version byte, the text (LEB128 length, bytes), the
// totals (one LEB128 varint per count, in the order of kTotals), then the
// brief report in the scan cache's encoding up to the end. The cache's file is
// owner-only and ours, but it is read as untrusted all the same: every length
// is checked against the bytes left.
#include "prepared_file.hpp"

#include <array>
#include <cstdint>

#include "walk/scan_cache.hpp"

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

void put_varint(std::string& out, std::uint64_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>(v | 0x80));
  out.push_back(static_cast<char>(v));
}

// Reads a varint at the front of `in`, consuming it; false when cut short or over 64 bits.
bool take_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto b = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    v |= std::uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) return shift < 63 || b <= 1;
  }
  return false;
}

}  // namespace

std::string encode_prepared(const PreparedFile& file) {
  const std::string brief = walk::encode_report(file.brief);
  std::string out;
  out.reserve(3 + 10 + file.text.size() + kTotals.size() * 2 + brief.size());
  out.append(kMagic, sizeof kMagic).push_back(kVersion);
  put_varint(out, file.text.size());
  out.append(file.text);
  for (const auto count : kTotals) put_varint(out, file.totals.*count);
  out.append(brief);
  return out;
}

std::optional<PreparedFile> decode_prepared(std::string_view bytes) {
  if (bytes.size() < 3 || bytes.substr(0, 2) != std::string_view(kMagic, 2) || bytes[2] != kVersion)
    return std::nullopt;
  bytes.remove_prefix(3);
  PreparedFile file;
  std::uint64_t text_size = 0;
  if (!take_varint(bytes, text_size) || text_size > bytes.size()) return std::nullopt;
  file.text.assign(bytes.substr(0, text_size));
  bytes.remove_prefix(text_size);
  for (const auto count : kTotals)
    if (!take_varint(bytes, file.totals.*count)) return std::nullopt;
  auto brief = walk::decode_report(bytes);
  if (!brief) return std::nullopt;
  file.brief = std::move(*brief);
  return file;
}

}  // namespace foiguard::cli
