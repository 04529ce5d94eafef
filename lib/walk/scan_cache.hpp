// The incremental scan cache (--cache FILE): an SQLite database of path, size,
// mtime, content hash and the file's report, under a settings id that covers
// everything a report depends on (foiguard and rules versions, detection
// options, fingerprint key, roster). A file whose size and mtime are unchanged
// is not read again; one whose mtime moved but whose content hash is the same
// is not scanned again. Opening a cache made under other settings empties it.
//
// Reports are stored as scanned, masked: raw values (--show-values) are never
// written (store() refuses a report holding one). Writes are batched in
// transactions and committed by flush() and every few seconds, so an
// interrupted scan keeps what it finished. Beside each report the cache may
// keep one "view" of it: opaque bytes a caller made from the report (e.g. its
// rendered text) under a key naming how they were made, so a re-scan asking
// for the same key takes them instead of decoding and rendering the report
// again. Thread-safe. A write SQLite cannot
// make (disk full; the cache locked by another process for over 5 s) throws
// std::runtime_error from the call that commits it; a row that cannot be read
// or decoded is reported missing.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "foiguard/detector.hpp"
#include "foiguard/rules.hpp"
#include "foiguard/scanner.hpp"

namespace foiguard::walk {

class ScanCache {
 public:
  // Opens or creates the database. Throws std::runtime_error with a message
  // that says what to do (e.g. "cannot open cache x.db: ...; pass another
  // --cache path or delete the file") when it is not an SQLite file we made.
  static std::unique_ptr<ScanCache> open(const std::string& path, const std::string& settings_id);
  ~ScanCache();
  ScanCache(const ScanCache&) = delete;
  ScanCache& operator=(const ScanCache&) = delete;

  // Why the cache was emptied on open ("rules or settings changed"), if it was.
  const std::optional<std::string>& reset_reason() const;

  struct Entry {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string sha256;  // hex, as FileReport::sha256
  };
  // What is stored for this path, without decoding the report.
  std::optional<Entry> entry(const std::string& path) const;
  // The stored report for this path (its path field set to `path`).
  std::optional<FileReport> report(const std::string& path) const;
  // One lookup for the common case: when the stored entry passes `current`
  // (e.g. same size and mtime), decodes the stored report into `into` (see
  // decode_report_into), named `name_as` (its path and its findings' paths),
  // and returns true. `current` runs under the cache's lock.
  bool report_if(const std::string& path, const std::function<bool(const Entry&)>& current,
                 std::string_view name_as, FileReport& into) const;
  enum class Found { nothing, report, view };
  // report_if, offering the view first: when the entry passes `current` and
  // its view was stored under `view_key` (not empty), copies the view into
  // `view` and returns Found::view, leaving `into` alone; else decodes the
  // report into `into` as report_if does (Found::report) or finds nothing.
  Found view_or_report_if(const std::string& path, const std::function<bool(const Entry&)>& current,
                          std::string_view view_key, std::string_view name_as, FileReport& into,
                          std::string& view) const;
  // Stores or replaces, with the report's view when `view_key` is not empty.
  // Refuses (returns false) a report holding raw values.
  bool store(const std::string& path, std::uint64_t size, std::int64_t mtime_ns, const FileReport& report,
             std::string_view view_key = {}, std::string_view view = {});
  // Replaces the view kept beside a stored report (one made another way).
  void set_view(const std::string& path, std::string_view view_key, std::string_view view);
  // Records that a file with unchanged content has a new mtime.
  void touch(const std::string& path, std::int64_t mtime_ns);
  // Commits pending writes.
  void flush();

  std::uint64_t size() const;  // rows stored (counting them reads the whole table)
  // True when the cache held no row as it was opened (new, or emptied for
  // other settings): a scan that meets each file once finds nothing in it.
  bool opened_empty() const;

 private:
  struct Impl;
  explicit ScanCache(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The report as bytes and back: a versioned binary encoding of every field of
// FileReport. decode_report returns nullopt for bytes of another version or
// corrupt bytes (the cache then treats the row as missing).
std::string encode_report(const FileReport& report);
// `name_as`, when given, replaces the stored path of the report and of every
// finding that sits in the report's own file (a scan names files as it was
// given them; the cache keys them by absolute path).
std::optional<FileReport> decode_report(std::string_view bytes, std::optional<std::string_view> name_as = std::nullopt);
// The same into an existing report, reusing its storage: a worker that decodes
// report after report into one FileReport allocates little (a warm scan spent
// a quarter of its time in malloc and free). On false, `report` holds part of
// a decode and must not be used.
bool decode_report_into(std::string_view bytes, FileReport& report,
                        std::optional<std::string_view> name_as = std::nullopt);

}  // namespace foiguard::walk

namespace foiguard::walk {

// The settings id a cache is keyed on: foiguard's version, the detector's
// rules (their version and every pattern) and roster (a digest of its bytes),
// the detection options that change a report, a digest of the fingerprint key
// (never the key), the allowlist's entries and the baseline's fingerprints.
// Lower-case hex. Needs the rules, not their compiled form: a warm re-scan
// can open its cache before (or without) compiling them.
std::string cache_settings_id(const ScanOptions& options, const RuleSet& rules, const Roster* roster);
std::string cache_settings_id(const ScanOptions& options, const Detector& detector);

}  // namespace foiguard::walk
