// Reports: the JSON document, the JSON-lines stream and the human text that
// the CLI prints. Field names in JSON are a stable interface; see README.
// Values are masked unless the findings carry raw values (--show-values).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "foiguard/rules.hpp"
#include "foiguard/scanner.hpp"

namespace foiguard {

struct ScanSummary {
  std::uint64_t files = 0;
  std::uint64_t clean = 0, review = 0, block = 0, error = 0;
  std::uint64_t findings = 0;
  std::uint64_t records = 0;           // personnel records
  std::uint64_t hidden_findings = 0;   // findings whose visibility is hidden
  std::uint64_t not_checked = 0;       // files with at least one part not checked (errors included)
  std::uint64_t bytes = 0;
  double seconds = 0;
  std::uint64_t from_cache = 0;        // files whose report came from the scan cache, unread
  bool interrupted = false;            // stopped (SIGINT/SIGTERM) before every file was scanned
  std::uint64_t allowed = 0;           // findings left out: an allowlist allows their value
  std::uint64_t baselined = 0;         // findings left out: the baseline accepted them
  // fingerprint_key_id() of the key the fingerprints were made with; empty:
  // no key, no fingerprints. Set by the caller (a baseline is tied to it).
  std::string fingerprint_key_id;
};

ScanSummary summarize(const std::vector<FileReport>& files);
// Adds one file to a running summary (summarize() is this over every file), so
// a caller streaming reports need not keep them all.
void accumulate(ScanSummary& summary, const FileReport& file);
// Adds the counts of a partial summary (some files' accumulate()), so files
// may be counted where they are scanned. Leaves seconds, from_cache,
// interrupted and fingerprint_key_id, which describe the whole scan, alone.
void accumulate(ScanSummary& summary, const ScanSummary& part);

struct ReportOptions {
  bool explain = false;   // include each finding's evidence
  bool color = false;     // ANSI colour (human output only)
  // Human output only: list at most this many findings per file, ending at a
  // record boundary, and count the rest (0: list all). A leaked staff table
  // would otherwise scroll thousands of records past the summary.
  std::size_t human_findings = 0;
};

// One JSON document: {"version":1,"files":[...],"summary":{...}}.
void write_json(std::ostream& out, const std::vector<FileReport>& files,
                const ScanSummary& summary, const ReportOptions& options);

// JSON lines, streamed per file: one {"type":"finding",...} line per finding,
// then one {"type":"file",...} line with the file's verdict.
void write_jsonl(std::ostream& out, const FileReport& file, const ReportOptions& options);
// The closing {"type":"summary",...} line of a JSON-lines stream.
void write_jsonl_summary(std::ostream& out, const ScanSummary& summary);

// Human text: verdict line, then findings grouped by record.
void write_human(std::ostream& out, const FileReport& file, const ReportOptions& options);
void write_human_summary(std::ostream& out, const std::vector<FileReport>& files,
                         const ScanSummary& summary, const ReportOptions& options);

// Reports written file by file as a scan goes, for formats whose document
// wraps every file (SARIF, CSV, HTML): memory stays bounded by one file's
// report however many files a scan has. Call file() once per file in report
// order, then end() once.
class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void file(const FileReport& file) = 0;
  virtual void end(const ScanSummary& summary) = 0;
};

// SARIF 2.1.0 for code-scanning dashboards: one run, the rules that can fire,
// one result per finding (masked value, location, fingerprint) and one
// artifact per file (with its SHA-256 when the scan computed it).
std::unique_ptr<ReportWriter> make_sarif_writer(std::ostream& out, const RuleSet& rules,
                                                const ReportOptions& options);
// CSV (RFC 4180), one finding a row under a header row; a file with no
// findings gets one row with its verdict, so every file scanned appears.
std::unique_ptr<ReportWriter> make_csv_writer(std::ostream& out, const ReportOptions& options);
// One self-contained HTML page (no network): a summary, a table per file and
// filters by verdict, category and visibility.
std::unique_ptr<ReportWriter> make_html_writer(std::ostream& out, const ReportOptions& options);

// Documented exit codes: 0 nothing at or above `fail_on` and everything
// checked; 1 some file at or above `fail_on`; 3 nothing failed but something
// was not checked. (2, usage errors, is the CLI's.)
// `fail_on` compares in the order clean < review < block; `error` counts as block.
int exit_code(const ScanSummary& summary, Verdict fail_on);

// "812 B", "3.4 MB", "38 MB": decimal units, for reports and progress lines.
std::string format_bytes(std::uint64_t bytes);

}  // namespace foiguard
