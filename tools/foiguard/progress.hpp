// The progress line of a long scan, on stderr: files and bytes done of the
// total, files/s, MB/s, time left, errors and BLOCKs so far. On a terminal it
// is one line rewritten in place (cleared around report output that shares the
// terminal); on a pipe or log file (--progress always) it is a plain line
// every few seconds.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace foiguard::cli {

struct ProgressCounts {
  std::size_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t errors = 0;
  std::uint64_t blocked = 0;
  std::uint64_t from_cache = 0;
};

class Progress {
 public:
  enum class Mode { off, terminal, lines };
  // `auto`, `always` or `never`, as given to --progress; `auto` shows it on
  // a terminal for scans of more than a few files unless quiet.
  static Mode choose(const std::string& when, bool quiet, std::size_t files);

  Progress(Mode mode, std::size_t total_files, std::uint64_t total_bytes);

  void before_output();  // clears the terminal line before report text is printed
  void update(const ProgressCounts& counts);  // throttled; cheap to call often
  void finish();

  // "1,234/20,000 files, 45 MB of 1.2 GB, 850 files/s, 12 MB/s, 1m20s left, 3 errors, 12 BLOCK"
  std::string line(const ProgressCounts& counts, double seconds) const;

 private:
  Mode mode_;
  bool shares_terminal_;
  std::size_t total_files_;
  std::uint64_t total_bytes_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_{};
  std::string drawn_;
  bool cleared_ = false;
};

}  // namespace foiguard::cli
