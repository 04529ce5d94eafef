#include "walk/walk.hpp"

#include <boost/filesystem.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "walk/ignore.hpp"

namespace foiguard::walk {

namespace fs = boost::filesystem;

namespace {

constexpr std::string_view kIgnoreFileName = ".foiguardignore";
constexpr std::size_t kIgnoreFileCap = std::size_t{1} << 20;

// "No such file or directory" -> "no such file or directory": it follows a colon.
std::string lower_first(std::string message) {
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return message;
}
std::string message_of(int error_number) { return lower_first(std::generic_category().message(error_number)); }
std::string message_of(const boost::system::error_code& ec) { return lower_first(ec.message()); }

std::string join(const std::string& folder, std::string_view name) {
  std::string path = folder;
  if (path.empty() || path.back() != '/') path += '/';
  path += name;
  return path;
}

std::int64_t mtime_ns_of(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// Reads a .foiguardignore file; nullopt when there is none. Not following a
// symlinked one (unless links are followed) keeps the walk from reading
// outside the tree; a fifo cannot block it (O_NONBLOCK, then not regular).
std::optional<std::string> read_ignore_file(const std::string& path, bool follow_symlinks, std::string* why) {
  const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow_symlinks ? 0 : O_NOFOLLOW);
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    *why = errno == ELOOP && !follow_symlinks ? "ignore file is a symlink: not followed, its rules not applied"
                                              : message_of(errno);
    return std::string();
  }
  std::string text;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    *why = message_of(errno);
  } else if (!S_ISREG(st.st_mode)) {
    *why = "ignore file is not a regular file: its rules not applied";
  } else if (static_cast<std::uint64_t>(st.st_size) > kIgnoreFileCap) {
    *why = "ignore file larger than 1 MiB: its rules not applied";
  } else {
    text.resize(kIgnoreFileCap + 1);  // one byte more shows a file that grew past the cap
    std::size_t filled = 0;
    while (filled < text.size()) {
      const ssize_t got = ::read(fd, text.data() + filled, text.size() - filled);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        *why = message_of(errno);
        break;
      }
      if (got == 0) break;
      filled += static_cast<std::size_t>(got);
    }
    if (filled > kIgnoreFileCap) *why = "ignore file larger than 1 MiB: its rules not applied";
    text.resize(filled);
  }
  ::close(fd);
  if (!why->empty()) text.clear();
  return text;
}

// Walks the roots one by one. rel_ holds the path of the entry at hand
// relative to the root being walked; each ignore scope matches the tail of it
// below its own folder, so no per-entry path is built for matching.
class Walker {
 public:
  Walker(const WalkOptions& options, const IgnoreRules& excludes, WalkResult& result)
      : options_(options), excludes_(excludes), result_(result) {}

  void walk_root(const std::string& root) {
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0) {  // a named symlink is followed: the user asked for it
      error(root, message_of(errno));
    } else if (S_ISREG(st.st_mode)) {
      add_file(root, stamp_of(st));
    } else if (S_ISDIR(st.st_mode)) {
      const std::size_t first_error = result_.errors.size();
      rel_.clear();
      walk_folder(root, stamp_of(st).id);
      // readdir order is arbitrary; errors come out in path order.
      std::stable_sort(result_.errors.begin() + static_cast<std::ptrdiff_t>(first_error), result_.errors.end(),
                       [](const WalkError& a, const WalkError& b) { return a.path < b.path; });
    } else {
      error(root, "not a regular file or folder");
    }
  }

 private:
  struct Scope {
    std::shared_ptr<const IgnoreRules> rules;  // shared by the threads walking below its folder
    std::size_t base;  // characters of rel_ before the path below the ignore file's folder
  };
  struct FolderId {
    dev_t device;
    ino_t inode;
  };
  // What the walk keeps of an entry's stat().
  struct FileStamp {
    std::uint64_t size;
    std::int64_t mtime_ns;
    FolderId id;
  };
  static FileStamp stamp_of(const struct stat& st) {
    return {static_cast<std::uint64_t>(st.st_size), mtime_ns_of(st), {st.st_dev, st.st_ino}};
  }
  // What examine() keeps of a folder's entry: a file to add or a folder to
  // walk. A folder's entries are held until it has been read, so only what
  // is used afterwards (not a whole struct stat: a folder may hold millions).
  struct Entry {
    std::string path;
    std::size_t name_at;  // where the entry's own name starts in path
    FileStamp stamp;
    bool folder;
    std::string_view name() const { return std::string_view(path).substr(name_at); }
  };
  // Paths sort as byte strings, and every path below a folder goes on with
  // '/': a folder sorts as if its name ended in '/'. So the file "a.txt"
  // comes before the folder "a" ('.' < '/'), as "x/a.txt" does before "x/a/b".
  static bool before(const Entry& a, const Entry& b) {
    const std::string_view x = a.name(), y = b.name();
    const std::size_t common = std::min(x.size(), y.size());
    const int order = x.substr(0, common).compare(y.substr(0, common));
    if (order != 0) return order < 0;
    const auto next = [common](const Entry& e, std::string_view name) -> int {
      if (common < name.size()) return static_cast<unsigned char>(name[common]);
      return e.folder ? '/' : -1;  // a file's name ends here: it sorts first
    };
    return next(a, x) < next(b, y);
  }

  void error(const std::string& path, std::string message) { result_.errors.push_back({path, std::move(message)}); }

  // A folder's entries are visited in the order their paths sort in, so the
  // walk's files come out sorted with no sort of the whole list (which took
  // a serial tenth of the walk): see before().
  void walk_folder(const std::string& path, const FolderId& id) {
    boost::system::error_code ec;
    fs::directory_iterator it(path, ec);
    if (ec) {
      error(path, message_of(ec));
      return;
    }
    const std::size_t rel_length = rel_.size();
    const std::size_t scopes_before = scopes_.size();
    if (options_.ignore_files) load_ignore_file(path, rel_length == 0 ? 0 : rel_length + 1);
    ancestors_.push_back(id);
    std::vector<Entry> entries;
    {
      // Entries are stat()ed by name relative to the open folder: the kernel then
      // resolves one name, not the whole path, for each of a tree's millions of files.
      const FolderFd folder(path);
      for (const fs::directory_iterator end; it != end;) {
        const std::string& entry = it->path().native();
        if (auto kept = examine(entry, std::string_view(entry).substr(entry.rfind('/') + 1), rel_length, folder.fd))
          entries.push_back(std::move(*kept));
        it.increment(ec);
        if (ec) {
          error(path, message_of(ec));
          break;
        }
      }
    }
    std::sort(entries.begin(), entries.end(), before);
    // A root's subfolders are walked side by side: the walk is mostly system
    // calls, and a warm re-scan waits for it (a third of its time on one thread).
    if (rel_length == 0 && options_.threads > 1) {
      walk_side_by_side(entries);
    } else {
      for (Entry& entry : entries) {
        if (!entry.folder) {
          add_file(std::move(entry.path), entry.stamp);
          continue;
        }
        rel_.resize(rel_length);
        if (rel_length != 0) rel_ += '/';
        rel_ += entry.name();
        walk_folder(entry.path, entry.stamp.id);
      }
    }
    ancestors_.pop_back();
    scopes_.erase(scopes_.begin() + static_cast<std::ptrdiff_t>(scopes_before), scopes_.end());
    rel_.resize(rel_length);
  }

  // A folder open for fstatat(); fd is -1 when it cannot be opened (entries
  // are then stat()ed by path, and say why they fail).
  struct FolderFd {
    explicit FolderFd(const std::string& path) : fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}
    ~FolderFd() {
      if (fd >= 0) ::close(fd);
    }
    FolderFd(const FolderFd&) = delete;
    FolderFd& operator=(const FolderFd&) = delete;
    const int fd;
  };

  static int stat_entry(int folder_fd, const std::string& path, std::string_view name, bool follow, struct stat& st) {
    if (folder_fd < 0) return follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st);
    // `name` ends `path`, whose terminating NUL it shares.
    return ::fstatat(folder_fd, name.data(), &st, follow ? 0 : AT_SYMLINK_NOFOLLOW);
  }

  // Each thread walks whole subfolders of the root, each into a result of
  // its own (the ignore files and folders above them shared); the root's
  // files and those results are then put together in path order.
  void walk_side_by_side(std::vector<Entry>& entries) {
    std::vector<const Entry*> subfolders;
    for (const Entry& entry : entries)
      if (entry.folder) subfolders.push_back(&entry);
    std::vector<WalkResult> results(subfolders.size());
    std::atomic<std::size_t> next{0};
    const auto walk_some = [&] {
      for (std::size_t i; (i = next.fetch_add(1)) < subfolders.size();) {
        Walker walker(options_, excludes_, results[i]);
        walker.scopes_ = scopes_;
        walker.ancestors_ = ancestors_;
        walker.rel_ = subfolders[i]->name();
        walker.walk_folder(subfolders[i]->path, subfolders[i]->stamp.id);
      }
    };
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < std::min<std::size_t>(options_.threads, subfolders.size()); ++t)
      helpers.emplace_back(walk_some);
    walk_some();
    for (auto& helper : helpers) helper.join();
    std::size_t folder = 0;
    for (Entry& entry : entries) {
      if (!entry.folder) {
        add_file(std::move(entry.path), entry.stamp);
        continue;
      }
      WalkResult& part = results[folder++];
      std::move(part.files.begin(), part.files.end(), std::back_inserter(result_.files));
      std::move(part.errors.begin(), part.errors.end(), std::back_inserter(result_.errors));
      result_.excluded += part.excluded;
    }
  }

  // Stats one entry of a folder and decides whether it is walked: a regular
  // file or a folder that no rule excludes (symlinks only when followed).
  std::optional<Entry> examine(const std::string& path, std::string_view name, std::size_t rel_length,
                               int folder_fd) {
    if (options_.ignore_files && name == kIgnoreFileName) return std::nullopt;  // configuration, not a document
    rel_.resize(rel_length);
    if (rel_length != 0) rel_ += '/';
    rel_ += name;

    struct stat st {};
    if (stat_entry(folder_fd, path, name, false, st) != 0) {
      error(path, message_of(errno));
      return std::nullopt;
    }
    if (S_ISLNK(st.st_mode)) {
      if (!options_.follow_symlinks) return std::nullopt;
      if (stat_entry(folder_fd, path, name, true, st) != 0) {
        if (errno != ENOENT && errno != ENOTDIR) error(path, message_of(errno));
        return std::nullopt;  // a dangling link has nothing to read
      }
    }
    const bool is_folder = S_ISDIR(st.st_mode);
    if (!is_folder && !S_ISREG(st.st_mode)) return std::nullopt;  // fifos, sockets, devices are not documents
    if (excluded(is_folder)) {
      ++result_.excluded;  // a folder counts once: it is not descended
      return std::nullopt;
    }
    if (is_folder && on_current_path(st)) {
      error(path, "symlink loop");
      return std::nullopt;
    }
    return Entry{path, path.size() - name.size(), stamp_of(st), is_folder};
  }

  // --exclude outranks every ignore file, and a deeper ignore file outranks
  // the ones above it (as in git): the first list with a verdict decides.
  bool excluded(bool is_folder) const {
    const std::string_view rel = rel_;
    switch (excludes_.match(rel, is_folder)) {
      case IgnoreVerdict::ignored: return true;
      case IgnoreVerdict::included: return false;
      case IgnoreVerdict::none: break;
    }
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
      switch (scope->rules->match(rel.substr(scope->base), is_folder)) {
        case IgnoreVerdict::ignored: return true;
        case IgnoreVerdict::included: return false;
        case IgnoreVerdict::none: break;
      }
    }
    return false;
  }

  bool on_current_path(const struct stat& st) const {
    return std::any_of(ancestors_.begin(), ancestors_.end(), [&](const FolderId& folder) {
      return folder.device == st.st_dev && folder.inode == st.st_ino;
    });
  }

  void load_ignore_file(const std::string& folder, std::size_t base) {
    const std::string path = join(folder, kIgnoreFileName);
    std::string why;
    const std::optional<std::string> text = read_ignore_file(path, options_.follow_symlinks, &why);
    if (!why.empty()) error(path, why);
    if (!text || text->empty()) return;
    std::vector<std::string> problems;
    IgnoreRules rules = IgnoreRules::parse(*text, &problems);
    for (auto& problem : problems) error(path, std::move(problem));
    if (!rules.empty()) scopes_.push_back({std::make_shared<const IgnoreRules>(std::move(rules)), base});
  }

  void add_file(std::string path, const FileStamp& stamp) {
    if (options_.shard && path_hash(path) % options_.shard->count != options_.shard->index - 1) return;
    result_.files.push_back({std::move(path), stamp.size, stamp.mtime_ns});
  }

  const WalkOptions& options_;
  const IgnoreRules& excludes_;
  WalkResult& result_;
  std::string rel_;
  std::vector<Scope> scopes_;        // ignore files from the root down to the folder at hand
  std::vector<FolderId> ancestors_;  // folders from the root down to the folder at hand
};

}  // namespace

WalkResult expand(const std::vector<std::string>& roots, const WalkOptions& options) {
  WalkResult result;
  std::vector<std::string> problems;
  const IgnoreRules excludes = IgnoreRules::from_patterns(options.excludes, &problems);
  for (auto& problem : problems) result.errors.push_back({"--exclude", std::move(problem)});

  Walker walker(options, excludes, result);
  for (const auto& root : roots) {
    if (root.empty()) {
      result.errors.push_back({root, "empty path"});
    } else {
      walker.walk_root(root);
    }
  }
  // Each root's files come sorted (see Walker::before); several roots, or a
  // root named twice, need a sort.
  const auto by_path = [](const WalkedFile& a, const WalkedFile& b) { return a.path < b.path; };
  if (!std::is_sorted(result.files.begin(), result.files.end(), by_path))
    std::sort(result.files.begin(), result.files.end(), by_path);
  const auto same_path = [](const WalkedFile& a, const WalkedFile& b) { return a.path == b.path; };
  result.files.erase(std::unique(result.files.begin(), result.files.end(), same_path), result.files.end());
  return result;
}

// ---------------------------------------------------------------- shards

std::uint64_t path_hash(std::string_view path) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a 64-bit offset basis
  for (const char c : path) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;  // FNV-1a 64-bit prime
  }
  return hash;
}

namespace {

constexpr std::uint32_t kMaxShards = 1'000'000;

// Plain decimal digits only: no sign, no spaces, at most 7 digits.
std::optional<std::uint32_t> parse_count(std::string_view digits) {
  if (digits.empty() || digits.size() > 7) return std::nullopt;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::uint32_t value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

}  // namespace

std::optional<Shard> parse_shard(std::string_view text, std::string* why) {
  const auto fail = [&](std::string message) -> std::optional<Shard> {
    if (why) *why = std::move(message);
    return std::nullopt;
  };
  const std::string usage = "--shard wants K/N with 1 <= K <= N, e.g. 2/8";
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return fail(usage + " (no '/' in \"" + std::string(text) + "\")");
  const std::optional<std::uint32_t> index = parse_count(text.substr(0, slash));
  const std::optional<std::uint32_t> count = parse_count(text.substr(slash + 1));
  if (!index || !count) {
    const bool index_bad = !index;
    const std::string_view digits = index_bad ? text.substr(0, slash) : text.substr(slash + 1);
    if (digits.size() > 7 && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return fail(index_bad ? usage + " (K is above N)" : std::string("--shard N must be at most 1000000"));
    }
    return fail(usage + " (\"" + std::string(digits) + "\" is not a whole number)");
  }
  if (*count == 0) return fail(usage + " (N is 0)");
  if (*count > kMaxShards) return fail("--shard N must be at most 1000000");
  if (*index == 0) return fail(usage + " (K counts from 1)");
  if (*index > *count) return fail(usage + " (K is " + std::to_string(*index) + ", above N " + std::to_string(*count) + ")");
  return Shard{*index, *count};
}

// ---------------------------------------------------------------- path lists

std::vector<std::string> read_path_list(std::istream& in) {
  std::vector<std::string> paths;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find('\0') != std::string::npos) {
      throw std::runtime_error("--files-from line " + std::to_string(number) +
                               " holds a NUL byte: give one path a line, not NUL-separated paths");
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank
    paths.push_back(std::move(line));
  }
  return paths;
}

}  // namespace foiguard::walk
