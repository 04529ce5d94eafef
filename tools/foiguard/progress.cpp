#include "progress.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "foiguard/report.hpp"

namespace foiguard::cli {

namespace {

// Fewer files than this finish before a progress line would be read.
constexpr std::size_t kFilesWorthAProgressLine = 20;
constexpr auto kTerminalInterval = std::chrono::milliseconds(100);
constexpr auto kLinesInterval = std::chrono::seconds(5);

// 20000 -> "20,000"
std::string grouped(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// 80 -> "1m20s"; 7300 -> "2h01m"
std::string duration(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::llround(seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

}  // namespace

Progress::Mode Progress::choose(const std::string& when, bool quiet, std::size_t files) {
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  if (when == "never") return Mode::off;
  if (when == "always") return terminal ? Mode::terminal : Mode::lines;
  return terminal && !quiet && files > kFilesWorthAProgressLine ? Mode::terminal : Mode::off;
}

Progress::Progress(Mode mode, std::size_t total_files, std::uint64_t total_bytes)
    : mode_(mode),
      shares_terminal_(::isatty(STDOUT_FILENO) != 0),
      total_files_(total_files),
      total_bytes_(total_bytes),
      started_(std::chrono::steady_clock::now()) {}

std::string Progress::line(const ProgressCounts& counts, double seconds) const {
  std::string text = fmt::format("{}/{} files, {} of {}", grouped(counts.files), grouped(total_files_),
                                 format_bytes(counts.bytes), format_bytes(total_bytes_));
  if (seconds >= 1 && counts.files > 0) {
    const double files_rate = static_cast<double>(counts.files) / seconds;
    const double bytes_rate = static_cast<double>(counts.bytes) / seconds;
    text += fmt::format(", {:.0f} files/s, {}/s", files_rate,
                        format_bytes(static_cast<std::uint64_t>(bytes_rate)));
    // Time left by bytes when bytes are moving (a few big files dominate a
    // share), else by files.
    double left = 0;
    if (bytes_rate > 0 && total_bytes_ > counts.bytes)
      left = static_cast<double>(total_bytes_ - counts.bytes) / bytes_rate;
    else if (files_rate > 0 && total_files_ > counts.files)
      left = static_cast<double>(total_files_ - counts.files) / files_rate;
    if (counts.files < total_files_) text += fmt::format(", {} left", duration(left));
  }
  if (counts.from_cache > 0) text += fmt::format(", {} unchanged", grouped(counts.from_cache));
  if (counts.errors > 0) text += fmt::format(", {} {}", grouped(counts.errors), counts.errors == 1 ? "error" : "errors");
  if (counts.blocked > 0) text += fmt::format(", {} BLOCK", grouped(counts.blocked));
  return text;
}

void Progress::before_output() {
  if (mode_ != Mode::terminal || !shares_terminal_ || drawn_.empty()) return;
  std::cerr << "\r\033[K" << std::flush;
  cleared_ = true;
}

void Progress::update(const ProgressCounts& counts) {
  if (mode_ == Mode::off) return;
  const auto now = std::chrono::steady_clock::now();
  const bool last = counts.files == total_files_;
  const auto interval = mode_ == Mode::terminal ? std::chrono::steady_clock::duration(kTerminalInterval)
                                                : std::chrono::steady_clock::duration(kLinesInterval);
  if (!last && now - last_ < interval && !(mode_ == Mode::terminal && cleared_)) return;
  if (last || now - last_ >= interval) {
    last_ = now;
    drawn_ = line(counts, std::chrono::duration<double>(now - started_).count());
  }
  if (mode_ == Mode::terminal) {
    std::cerr << "\r\033[K" << drawn_ << std::flush;
    cleared_ = false;
  } else if (now == last_) {
    std::cerr << "foiguard: " << drawn_ << '\n' << std::flush;
  }
}

void Progress::finish() {
  if (mode_ == Mode::terminal && !drawn_.empty()) std::cerr << "\r\033[K" << std::flush;
}

}  // namespace foiguard::cli
