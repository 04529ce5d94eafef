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

bool reuse(ScanCache& cache, const std::string& key, const WalkedFile& file, FileReport& into) {
  bool touched = false;  // same size, new mtime: the content may still be the same
  const auto same_file = [&](const ScanCache::Entry& entry) {
    if (entry.size != file.size) return false;
    if (entry.mtime_ns == file.mtime_ns) return true;
    touched = !entry.sha256.empty();
    return false;
  };
  if (cache.report_if(key, same_file, file.path, into)) return true;
  if (!touched) return false;
  // Rare, and slow (the file is read): outside the cache's lock.
  const auto entry = cache.entry(key);
  if (!entry || entry->size != file.size || entry->sha256.empty() || content_hash(file.path) != entry->sha256)
    return false;
  cache.touch(key, file.mtime_ns);
  return cache.report_if(key, [](const ScanCache::Entry&) { return true; }, file.path, into);
}

}  // namespace

CacheKeys::CacheKeys() {
  boost::system::error_code ec;
  const auto cwd = boost::filesystem::current_path(ec);
  if (!ec) cwd_ = cwd.string();
}

std::string CacheKeys::operator()(const std::string& path) const {
  if (cwd_.empty()) return path;
  return boost::filesystem::absolute(path, cwd_).lexically_normal().string();
}

bool scan_through_cache(const Scanner& scanner, ScanCache* cache, const WalkedFile& file, const CacheKeys& keys,
                        FileReport& into) {
  return scan_through_cache([&scanner]() -> const Scanner& { return scanner; }, cache, file, keys, into);
}

bool scan_through_cache(const std::function<const Scanner&()>& scanner, ScanCache* cache, const WalkedFile& file,
                        const CacheKeys& keys, FileReport& into) {
  if (!cache) {
    into = scanner().scan_file(file.path);
    return false;
  }
  const std::string key = keys(file.path);
  if (reuse(*cache, key, file, into)) return true;
  into = scanner().scan_file(file.path);
  if (!into.sha256.empty()) cache->store(key, file.size, file.mtime_ns, into);
  return false;
}

}  // namespace foiguard::walk
