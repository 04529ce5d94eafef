// Expands the paths given on a command line into the files to scan: files as
// they are, folders walked recursively (Boost.Filesystem). Symlinks met while
// walking are not followed unless asked; special files are skipped; errors are
// reported per path and the walk goes on. Paths excluded by --exclude globs or
// by a .foiguardignore file (gitignore syntax) are left out, and a shard keeps
// only the files whose path hashes to it.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace foiguard::walk {

// --shard K/N: this run scans the files whose stable path hash modulo N is
// K-1 (K counts from 1), so N runs with the same paths split the work exactly.
struct Shard {
  std::uint32_t index = 1;  // K, 1..count
  std::uint32_t count = 1;  // N
};
// "2/8" -> {2, 8}; nullopt with *why set when malformed or K is not in 1..N.
std::optional<Shard> parse_shard(std::string_view text, std::string* why);
// The stable 64-bit hash of a path (FNV-1a over its bytes), the same on every
// machine and build; the file belongs to shard (hash % count) + 1.
std::uint64_t path_hash(std::string_view path);

struct WalkOptions {
  // gitignore-syntax patterns; a pattern with no slash matches a name at any
  // depth below a root, one with a slash is anchored at the root walked.
  std::vector<std::string> excludes;
  // Read a .foiguardignore file in every folder walked (gitignore syntax,
  // patterns relative to that folder, `!` re-includes, later lines win).
  bool ignore_files = true;
  bool follow_symlinks = false;  // links met while walking; loops are detected and reported
  std::optional<Shard> shard;
  // Folders walked at once: a root's subfolders are shared among this many
  // threads. The result is the same for any number.
  unsigned threads = 1;
};

struct WalkedFile {
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  // last modification, nanoseconds since the epoch
};

struct WalkError {
  std::string path;
  std::string message;
};

struct WalkResult {
  std::vector<WalkedFile> files;  // sorted by path, each once
  std::vector<WalkError> errors;  // missing paths, permission denied, symlink loops, ...
  std::uint64_t excluded = 0;     // files and folders left out by excludes or ignore files
};

// Paths named as roots are walked even when a glob would exclude them (the
// user named them) and followed even when they are symlinks.
WalkResult expand(const std::vector<std::string>& roots, const WalkOptions& options = {});

// --files-from: one path a line; blank lines are skipped, a trailing '\r' is
// dropped. Throws std::runtime_error naming the line when a line holds a NUL.
std::vector<std::string> read_path_list(std::istream& in);

}  // namespace foiguard::walk
