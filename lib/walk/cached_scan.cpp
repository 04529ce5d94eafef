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

// Looks the file up, taking its view (under view_key, when not empty) or its report.
ScanCache::Found reuse(ScanCache& cache, const std::string& key, const WalkedFile& file, std::string_view view_key,
                       FileReport& into, std::string& view) {
  bool touched = false;  // same size, new mtime: the content may still be the same
  const auto same_file = [&](const ScanCache::Entry& entry) {
    if (entry.size != file.size) return false;
    if (entry.mtime_ns == file.mtime_ns) return true;
    touched = !entry.sha256.empty();
    return false;
  };
  const auto found = cache.view_or_report_if(key, same_file, view_key, file.path, into, view);
  if (found != ScanCache::Found::nothing || !touched) return found;
  // Rare, and slow (the file is read): outside the cache's lock.
  const auto entry = cache.entry(key);
  if (!entry || entry->size != file.size || entry->sha256.empty() || content_hash(file.path) != entry->sha256)
    return ScanCache::Found::nothing;
  cache.touch(key, file.mtime_ns);
  return cache.view_or_report_if(key, [](const ScanCache::Entry&) { return true; }, view_key, file.path, into, view);
}

// True when lexically_normal() would return `path` as it is: no empty, "." or
// ".." component and no trailing slash. The walk names files so, and
// normalising every path took a twelfth of a warm re-scan.
bool is_normal(std::string_view path) {
  if (path.empty()) return false;
  std::size_t begin = path.front() == '/' ? 1 : 0;
  for (;;) {
    const std::size_t end = std::min(path.find('/', begin), path.size());
    const std::string_view part = path.substr(begin, end - begin);
    if (part.empty() || part == "." || part == "..") return false;
    if (end == path.size()) return true;
    begin = end + 1;
  }
}

}  // namespace

CacheKeys::CacheKeys() {
  boost::system::error_code ec;
  const auto cwd = boost::filesystem::current_path(ec);
  if (!ec) cwd_ = cwd.string();
  cwd_is_normal_ = is_normal(cwd_);
}

std::string CacheKeys::operator()(const std::string& path) const {
  if (cwd_.empty()) return path;
  if (cwd_is_normal_ && is_normal(path)) {
    if (path.front() == '/') return path;
    std::string key;
    key.reserve(cwd_.size() + 1 + path.size());
    key.append(cwd_).append(1, '/').append(path);
    return key;
  }
  return boost::filesystem::absolute(path, cwd_).lexically_normal().string();
}

bool scan_through_cache(const Scanner& scanner, ScanCache* cache, const WalkedFile& file, const CacheKeys& keys,
                        FileReport& into) {
  return scan_through_cache([&scanner]() -> const Scanner& { return scanner; }, cache, file, keys, into);
}

bool scan_through_cache(const std::function<const Scanner&()>& scanner, ScanCache* cache, const WalkedFile& file,
                        const CacheKeys& keys, FileReport& into, bool look_up) {
  const ViewMaker no_views{{}, [](const FileReport&) { return std::string(); }};
  std::string no_view;
  return scan_through_cache(scanner, cache, file, keys, into, no_views, no_view, look_up) == Reused::report;
}

Reused scan_through_cache(const std::function<const Scanner&()>& scanner, ScanCache* cache, const WalkedFile& file,
                          const CacheKeys& keys, FileReport& into, const ViewMaker& maker, std::string& view,
                          bool look_up) {
  if (!cache) {
    into = scanner().scan_file(file.path);
    maker.make(into);
    return Reused::nothing;
  }
  const std::string key = keys(file.path);
  std::string view_key;  // empty: no views
  if (!maker.key.empty()) view_key.append(maker.key).append(1, '\0').append(file.path);
  const auto found = look_up ? reuse(*cache, key, file, view_key, into, view) : ScanCache::Found::nothing;
  switch (found) {
    case ScanCache::Found::view:
      return Reused::view;
    case ScanCache::Found::report: {
      const std::string made = maker.make(into);
      if (!made.empty() && !view_key.empty()) cache->set_view(key, view_key, made);
      return Reused::report;
    }
    case ScanCache::Found::nothing:
      break;
  }
  into = scanner().scan_file(file.path);
  const std::string made = maker.make(into);
  const bool with_view = !made.empty() && !view_key.empty();
  if (!into.sha256.empty()) cache->store(key, file.size, file.mtime_ns, into, with_view ? view_key : "", made);
  return Reused::nothing;
}

}  // namespace foiguard::walk
