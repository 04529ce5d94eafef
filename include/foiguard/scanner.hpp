// Scanner: bytes or a path in, a FileReport out. It sniffs the format from the
// content (not the extension), runs the matching reader, streams its batches
// through a shared Detector, groups findings into personnel records and
// decides the file's verdict. Thread-safe: one Scanner may serve many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foiguard/detector.hpp"
#include "foiguard/finding.hpp"

namespace foiguard {

// A part of a file that could not be checked, and why. Any of these keeps the
// scan's exit status from claiming full coverage.
struct NotChecked {
  std::string part;    // "" for the whole file
  std::string reason;  // "unsupported format: PNG image", "encrypted: cannot be checked"
};

// A personnel record: findings of different categories in one row or line.
struct Record {
  std::uint32_t id = 0;
  std::vector<Category> categories;
  bool personnel = false;   // a name plus a personnel attribute or personal identifier
  bool sensitive = false;   // names a sensitive unit, or a person flagged sensitive on the roster
  Visibility visibility = Visibility::visible;  // most hidden of its findings
  std::string summary;      // "name + rank + pay number"
};

// Findings past ScanOptions::max_findings are counted by kind, not listed.
struct FindingTally {
  Category category = Category::person_name;
  std::string rule;
  Visibility visibility = Visibility::visible;
  std::uint64_t count = 0;
};

// A hidden place in a file holding personal data: a hidden sheet, the hidden
// rows of a sheet, a pivot cache, the document properties... Listed so that a
// releaser knows where to look ("hidden sheet 'Data' holds 400 personnel records").
struct HiddenPlace {
  std::string where;        // "hidden sheet 'Data'", "pivot cache (xl/pivotCache/pivotCacheRecords1.xml)"
  Visibility visibility = Visibility::hidden_sheet;
  std::vector<std::string> container;  // member chain, as in Location
  std::optional<std::string> sheet;
  std::optional<std::string> part;
  std::uint64_t findings = 0;
  std::uint64_t high_confidence = 0;   // findings at high confidence
  std::uint64_t personnel_records = 0; // personnel records whose most hidden finding is here
};

struct FileReport {
  std::string path;
  std::string format;              // "text", "csv", "tsv", "binary", ...
  Verdict verdict = Verdict::clean;
  std::string error;               // set when verdict == error
  std::vector<NotChecked> not_checked;
  std::vector<Finding> findings;   // the first max_findings, in file order
  std::vector<FindingTally> unlisted;  // the rest, counted by category, rule and visibility
  std::uint64_t findings_total = 0;    // listed + unlisted
  std::vector<Record> records;     // the first max_records records
  std::uint64_t records_total = 0;     // every record (row or line with 2+ categories)
  std::uint64_t personnel_records = 0; // records that are personnel records
  std::uint64_t sensitive_records = 0; // personnel records naming a sensitive unit or person
  std::uint64_t hidden_records = 0;    // personnel records with a finding that is not visible
  std::uint64_t visible_records = 0;   // personnel records with a finding a reader sees
  std::vector<HiddenPlace> hidden_places;  // in order of first finding
  Severity severity = Severity::info;  // of the file as a whole: grows with the records exposed
  std::uint64_t bytes = 0;
  std::string sha256;              // hex SHA-256 of the file's bytes; empty unless ScanOptions::hash_content
  std::string reason;              // one line: why this verdict
  std::uint64_t allowed = 0;       // findings left out: an allowlist allows their value
  std::uint64_t baselined = 0;     // findings left out: the baseline accepted them
};

struct ScanOptions {
  DetectOptions detect;
  std::uint64_t max_file_bytes = 2ull << 30;     // larger files are not checked
  std::size_t batch_bytes = 256u << 10;           // reader flush size (measured: 256 KiB beat 1 and 8 MiB)
  // A leaked staff table yields millions of findings; past these, findings
  // and records are counted exactly but not listed, so memory stays bounded.
  std::size_t max_findings = 10000;
  std::size_t max_records = 10000;
  // Threads detecting one file's batches (the report is the same for any
  // number). 1: all on the calling thread. A file of one or two batches uses
  // the calling thread alone; a large zip archive also reads its members two
  // at a time.
  unsigned threads = 1;
  // Fill FileReport::sha256 (for the incremental cache and SARIF artifacts);
  // costs one more pass over the bytes (SHA-256, about 1.5 GB/s with SHA-NI).
  bool hash_content = false;
  // Policy allowlist (entries apply by the scanned file's path) and baseline
  // of accepted findings; null: none. Shared, immutable.
  std::shared_ptr<const Allowlist> allowlist;
  std::shared_ptr<const Baseline> baseline;
};

class Scanner {
 public:
  // `detector` must outlive the Scanner.
  Scanner(const Detector& detector, ScanOptions options);
  // A detector still being made (compiling the rules takes ~2 ms, a roster more): files are
  // sniffed and read meanwhile, and a scan waits for it at the file's first
  // batch of text, or at its verdict. If making it failed, scans rethrow
  // its exception.
  Scanner(std::shared_future<std::shared_ptr<const Detector>> detector, ScanOptions options);

  // `name` is used for the report path and for nothing else (no extension trust).
  FileReport scan_bytes(std::string_view name, std::string_view bytes) const;
  // Reads the file (memory-mapped where possible) and scans it; I/O errors
  // become an `error` verdict, never an exception.
  FileReport scan_file(const std::string& path) const;

  const ScanOptions& options() const { return options_; }

 private:
  // scan_bytes, calling `drop_input` every few batches when the bytes are a
  // mapped file whose pages may be let go.
  FileReport scan_input(std::string_view name, std::string_view bytes,
                        const std::function<void()>& drop_input) const;

  // The detector, waiting for it if it is still being made.
  const Detector& detector() const;

  const Detector* ready_ = nullptr;
  std::shared_future<std::shared_ptr<const Detector>> pending_;  // when not ready_
  ScanOptions options_;
};

// The verdict rules in one place: BLOCK for any personnel record, for a
// high-confidence finding of a category the rules mark block_alone (NI, NHS,
// bank numbers), or for high-confidence personal data in a hidden place
// (hidden sheet, pivot cache, ...; document properties excepted), or for a
// roster match of a person flagged sensitive; ERROR when the file could not be checked at all; REVIEW for
// other medium+ findings or any part not checked; CLEAN otherwise. `reason`
// gets one line saying why.
Verdict decide_verdict(const FileReport& report, const RuleSet& rules, std::string* reason);

// The file's severity, growing with what is exposed: critical for a sensitive
// unit or roster person, for 100+ personnel records or 10+ hidden ones; high for any personnel
// record or lone identifier; medium when there is something to review.
Severity decide_severity(const FileReport& report, const RuleSet& rules);

// How a hidden place is named in reports: "hidden sheet 'Data'",
// "hidden rows of sheet 'Staff'", "pivot cache (xl/pivotCache/pivotCacheRecords1.xml)".
std::string describe_place(Visibility visibility, const std::optional<std::string>& sheet,
                           const std::optional<std::string>& part, const std::vector<std::string>& container);

}  // namespace foiguard
