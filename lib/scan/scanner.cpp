#include "foiguard/scanner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <system_error>

#include "formats/formats.hpp"
#include "scan/batch_pipeline.hpp"
#include "scan/collector.hpp"
#include "scan/content_hash.hpp"
#include "scan/file_bytes.hpp"

namespace foiguard {

Scanner::Scanner(const Detector& detector, ScanOptions options)
    : ready_(&detector), options_(std::move(options)) {}

Scanner::Scanner(std::shared_future<std::shared_ptr<const Detector>> detector, ScanOptions options)
    : pending_(std::move(detector)), options_(std::move(options)) {}

const Detector& Scanner::detector() const { return ready_ ? *ready_ : *pending_.get(); }

namespace {
// Batches between two drops of a mapped input's pages: a batch is 256 KiB of
// text, read from a few MiB of input at most, so the input's resident pages
// stay in the tens of MiB whatever the file's size.
constexpr unsigned kBatchesPerPageDrop = 16;
}  // namespace

FileReport Scanner::scan_bytes(std::string_view name, std::string_view bytes) const {
  return scan_input(name, bytes, {});
}

FileReport Scanner::scan_input(std::string_view name, std::string_view bytes,
                               const std::function<void()>& drop_input) const {
  FileReport report;
  report.path = std::string(name);
  report.bytes = bytes.size();
  if (bytes.size() > options_.max_file_bytes) {
    report.format = "unknown";
    report.error = fmt::format("over the size limit ({} bytes > {}): not checked", bytes.size(),
                               options_.max_file_bytes);
    report.not_checked.push_back({"", report.error});
    report.verdict = decide_verdict(report, detector().rules(), &report.reason);
    return report;
  }
  if (options_.hash_content) report.sha256 = scan::sha256_hex(bytes, drop_input);
  const formats::Sniffed sniffed = formats::sniff(bytes, name);
  report.format = sniffed.format;
  // The allowlist entries that apply to this file, decided by its path once.
  const AllowScope allow = options_.allowlist ? options_.allowlist->scope_for(name) : AllowScope();
  ScanOptions file_options = options_;
  file_options.detect.allow = allow.empty() ? nullptr : &allow;
  file_options.detect.baseline = options_.baseline.get();
  scan::Collector collector(file_options, report);
  // A large file gets the detection workers at once; a small one at its
  // third batch, if it has one (threads cost more than they save on a file
  // of one or two batches; a 0.4 MB letter of 500 pages has six).
  const bool large = bytes.size() >= 4 * options_.batch_bytes;
  // Made at the first batch, so that a detector still compiling is waited
  // for only once there is text to detect in. Not for a small file: reading
  // it beside the compile slowed the compile more than it saved (2 ms on a
  // 30 ms command-line scan of a letter, measured).
  if (!large) detector();
  std::optional<scan::BatchPipeline> pipeline;
  unsigned batches = 0;
  const formats::BatchSink sink = [&](TextBatch& batch) {
    if (!pipeline) pipeline.emplace(detector(), file_options, collector, options_.threads, large ? 1 : 3);
    pipeline->submit(batch);
    if (drop_input && ++batches % kBatchesPerPageDrop == 0) drop_input();
  };
  const auto finish = [&pipeline] {
    if (pipeline) pipeline->finish();
  };
  try {
    formats::ReadStats stats;
    if (sniffed.kind == formats::Kind::unsupported || sniffed.kind == formats::Kind::binary) {
      report.error = sniffed.detail.empty() ? "unsupported format" : sniffed.detail;
      report.not_checked.push_back({"", report.error});
    } else {
      formats::PackageOptions nested;
      nested.batch_bytes = options_.batch_bytes;
      // A large archive's members are read two at a time (the reading thread
      // is what holds a zip of many small documents back).
      nested.member_threads = large ? options_.threads : 1;
      stats = formats::read_sniffed(sniffed, bytes, nested, sink);
    }
    finish();
    if (!stats.format.empty()) report.format = stats.format;
    for (const auto& warning : stats.warnings) report.not_checked.push_back({"", warning});
    for (auto& note : stats.not_checked) report.not_checked.push_back({std::move(note.part), std::move(note.reason)});
  } catch (const formats::FormatError& e) {
    finish();
    report.error = e.what();
  } catch (const std::exception& e) {
    report.error = fmt::format("could not be read: {}", e.what());
  }
  report.verdict = decide_verdict(report, detector().rules(), &report.reason);
  report.severity = decide_severity(report, detector().rules());
  return report;
}

FileReport Scanner::scan_file(const std::string& path) const {
  try {
    if (scan::file_size(path) > options_.max_file_bytes) {
      FileReport report;
      report.path = path;
      report.format = "unknown";
      report.bytes = scan::file_size(path);
      report.error = fmt::format("over the size limit ({} bytes > {}): not checked", report.bytes,
                                 options_.max_file_bytes);
      report.not_checked.push_back({"", report.error});
      report.verdict = decide_verdict(report, detector().rules(), &report.reason);
      return report;
    }
    const scan::FileBytes file(path);
    return scan_input(path, file.bytes(), [&file] { file.drop_pages(); });
  } catch (const std::system_error& e) {
    FileReport report;
    report.path = path;
    report.format = "unknown";
    report.error = fmt::format("{}: {}", e.what(), "check the path and its permissions");
    report.verdict = decide_verdict(report, detector().rules(), &report.reason);
    return report;
  }
}

}  // namespace foiguard
