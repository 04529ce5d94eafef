// ZipArchive: read-only access to the members of a zip held in memory, with
// the limits a hostile file needs (libzip underneath).
//
// A deflated member of up to 64 MiB is inflated whole by libdeflate (twice
// zlib's speed, and its CRC-32 several times faster), into a buffer of the
// size the central directory declares and not a byte more; larger members
// stream through libzip in chunks, so memory stays bounded. Either way every
// byte inflated counts against the limits whatever the headers claim: a zip
// bomb stops with a FormatError naming the member and the limit it broke.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/formats.hpp"

namespace foiguard::formats {

struct ZipLimits {
  std::uint64_t max_members = 200000;
  std::uint64_t max_member_bytes = 4ull << 30;   // inflated size of one member
  std::uint64_t max_total_bytes = 16ull << 30;   // inflated bytes read from the whole archive
  std::uint32_t max_ratio = 1000;                // inflated : compressed, for members ...
  std::uint64_t ratio_floor = 16u << 20;         // ... that inflate past this many bytes
};

class ZipArchive {
 public:
  struct Entry {
    std::string name;
    std::uint64_t size = 0;        // as declared by the central directory
    std::uint64_t compressed = 0;
    std::uint64_t index = 0;
    bool encrypted = false;
    bool deflated = false;         // compression method 8
    std::optional<std::uint32_t> crc;
  };

  // Opens the archive over `bytes` (not copied: they must outlive this).
  // Throws FormatError when the central directory cannot be read or breaks
  // the member limit. Suspicious names (absolute, "..", duplicates) are kept,
  // listed in warnings().
  // `budget`, when given, is charged with every member and inflated byte
  // too, so that archives nested in archives share one set of limits.
  ZipArchive(std::string_view bytes, ZipLimits limits, ContainerBudget* budget = nullptr);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  const std::vector<Entry>& entries() const { return entries_; }
  // The member named `name` (exact match first, then ASCII case-insensitive:
  // OOXML part names are case-insensitive), or nullptr.
  const Entry* find(std::string_view name) const;

  // Streams the member's inflated bytes to `chunk`. Throws FormatError when
  // the member is encrypted, corrupt, or breaks a limit.
  void read(const Entry& entry, const std::function<void(std::string_view)>& chunk);
  // The whole member, for small parts (rels, properties) and nested files;
  // throws FormatError past `max_bytes`.
  std::string read_all(const Entry& entry, std::uint64_t max_bytes);

  const std::vector<std::string>& warnings() const { return warnings_; }
  std::uint64_t bytes_inflated() const { return inflated_; }

 private:
  void read_streamed(const Entry& entry, const std::function<void(std::string_view)>& chunk);
  void read_whole(const Entry& entry, const std::function<void(std::string_view)>& chunk);
  // Counts `n` more bytes of `entry` (`member` of them so far) against every limit.
  void charge(const Entry& entry, std::uint64_t member, std::uint64_t n);

  struct Handle;
  std::unique_ptr<Handle> handle_;
  ZipLimits limits_;
  ContainerBudget* budget_;
  std::vector<Entry> entries_;
  std::vector<std::string> warnings_;
  std::uint64_t inflated_ = 0;
  std::uint64_t archive_bytes_ = 0;  // no member's compressed bytes can be more
};

// Joins a relationship target to the folder of the part that names it:
// resolve_target("xl/workbook.xml", "worksheets/sheet1.xml") is
// "xl/worksheets/sheet1.xml"; "/xl/x.xml" is absolute; ".." steps up.
std::string resolve_target(std::string_view source_part, std::string_view target);

}  // namespace foiguard::formats
