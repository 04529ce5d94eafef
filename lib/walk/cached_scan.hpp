// One walked file scanned through the incremental cache: an unchanged file
// (same size and mtime) is not read; a touched one (same size, new mtime) is
// hashed and, when its content is the same, not scanned; anything else is
// scanned and stored. Reports of files that could not be read (no content
// hash) are not stored: a permission fixed tomorrow does not change the mtime.
// A corrupt file was read, and is stored: it stays corrupt until it changes.
#pragma once

#include <functional>
#include <string>

#include "foiguard/scanner.hpp"
#include "walk/scan_cache.hpp"
#include "walk/walk.hpp"

namespace foiguard::walk {

// The cache key of a path: absolute and lexically normal, so scans started
// from different folders share entries. The working folder is read once, when
// a CacheKeys is made (one system call a file was a tenth of a warm scan).
class CacheKeys {
 public:
  CacheKeys();
  std::string operator()(const std::string& path) const;

 private:
  std::string cwd_;  // empty: unknown, paths are keys as given
  bool cwd_is_normal_ = false;  // "/" is not: joined with a path it would make "//"
};

// Fills `into` with the file's report and returns whether it came from the
// cache. A cached report is decoded into `into`'s storage (see
// decode_report_into): pass the same report file after file. `scanner` must
// hash content (ScanOptions::hash_content) for touched files to be recognised
// later. `cache` may be null: then this is scanner.scan_file.
bool scan_through_cache(const Scanner& scanner, ScanCache* cache, const WalkedFile& file, const CacheKeys& keys,
                        FileReport& into);
// The same, asking `scanner` for a Scanner only when the file has to be
// scanned: a warm re-scan of an unchanged tree then never compiles its rules.
// `look_up` false: the caller knows the cache holds nothing for the file (it
// was opened empty, and a scan meets each file once), so the file is scanned
// and stored without a lookup, which would only wait on the writer's lock.
bool scan_through_cache(const std::function<const Scanner&()>& scanner, ScanCache* cache, const WalkedFile& file,
                        const CacheKeys& keys, FileReport& into, bool look_up = true);

// How a caller makes the view it keeps beside each report (see ScanCache).
struct ViewMaker {
  // Names how views are made (format, options): a view stored under another
  // key is not used. The file's name is added to it, as views may print it.
  // Empty: no views are looked up or stored.
  std::string_view key;
  // The view of a report; empty for none (nothing is stored beside it).
  std::function<std::string(const FileReport&)> make;
};
enum class Reused { nothing, report, view };
// The same, preferring a stored view: when the file is unchanged and its view
// was made under maker.key, `view` receives it and `into` is left alone
// (Reused::view). Otherwise `into` receives the report (from the cache or
// scanned) and maker.make(into) is called once, its view stored beside it.
Reused scan_through_cache(const std::function<const Scanner&()>& scanner, ScanCache* cache, const WalkedFile& file,
                          const CacheKeys& keys, FileReport& into, const ViewMaker& maker, std::string& view,
                          bool look_up = true);

}  // namespace foiguard::walk
