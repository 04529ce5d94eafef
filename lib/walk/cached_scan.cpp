#include "walk/cached_scan.hpp"

#include <boost/filesystem.hpp>

#include "scan/content_hash.hpp"
#include "scan/file_bytes.hpp"

namespace foiguard::walk {

namespace {

std::optional<std::string> content_hash(const std::string& path) {
  try {
    const scan::FileBytes file(path);
    return scan::sha256_hex(file.bytes(), [&file] { file.drop_pages(); });
  } catch (const std::exception&) {
    return std::nullopt;  // unreadable now: scanning it will say why
  }
}

std::optional<FileReport> reuse(ScanCache& cache, const std::string& key, const WalkedFile& file) {
  const auto entry = cache.entry(key);
  if (!entry || entry->size != file.size) return std::nullopt;
  if (entry->mtime_ns != file.mtime_ns) {
    if (entry->sha256.empty() || content_hash(file.path) != entry->sha256) return std::nullopt;
    cache.touch(key, file.mtime_ns);
  }
  auto report = cache.report(key);
  if (!report) return report;
  // Named as this scan names the file, not by the cache's absolute key.
  report->path = file.path;
  for (auto& finding : report->findings)
    if (finding.location.path == key) finding.location.path = file.path;
  return report;
}

}  // namespace

std::string cache_key(const std::string& path) {
  boost::system::error_code ec;
  const auto absolute = boost::filesystem::absolute(path, boost::filesystem::current_path(ec));
  return ec ? path : absolute.lexically_normal().string();
}

CachedScan scan_through_cache(const Scanner& scanner, ScanCache* cache, const WalkedFile& file) {
  if (!cache) return {scanner.scan_file(file.path), false};
  const std::string key = cache_key(file.path);
  if (auto report = reuse(*cache, key, file)) return {std::move(*report), true};
  CachedScan scanned{scanner.scan_file(file.path), false};
  if (!scanned.report.sha256.empty()) cache->store(key, file.size, file.mtime_ns, scanned.report);
  return scanned;
}

}  // namespace foiguard::walk
