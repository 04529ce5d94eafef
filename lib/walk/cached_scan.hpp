// One walked file scanned through the incremental cache: an unchanged file
// (same size and mtime) is not read; a touched one (same size, new mtime) is
// hashed and, when its content is the same, not scanned; anything else is
// scanned and stored. Reports of files that could not be read (no content
// hash) are not stored: a permission fixed tomorrow does not change the mtime.
// A corrupt file was read, and is stored: it stays corrupt until it changes.
#pragma once

#include "foiguard/scanner.hpp"
#include "walk/scan_cache.hpp"
#include "walk/walk.hpp"

namespace foiguard::walk {

struct CachedScan {
  FileReport report;
  bool from_cache = false;
};

// The cache key of a path: absolute and lexically normal, so scans started
// from different folders share entries.
std::string cache_key(const std::string& path);

// `scanner` must hash content (ScanOptions::hash_content) for touched files to
// be recognised later. `cache` may be null: then this is scanner.scan_file.
CachedScan scan_through_cache(const Scanner& scanner, ScanCache* cache, const WalkedFile& file);

}  // namespace foiguard::walk
