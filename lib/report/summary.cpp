// Scan totals, the exit code they map to, and byte counts for people.
#include <fmt/format.h>

#include "foiguard/report.hpp"

namespace foiguard {

void accumulate(ScanSummary& summary, const FileReport& file) {
  ++summary.files;
  switch (file.verdict) {
    case Verdict::clean: ++summary.clean; break;
    case Verdict::review: ++summary.review; break;
    case Verdict::block: ++summary.block; break;
    case Verdict::error: ++summary.error; break;
  }
  summary.findings += file.findings_total;
  summary.records += file.personnel_records;
  for (const auto& f : file.findings) summary.hidden_findings += is_hidden(f.visibility);
  for (const auto& t : file.unlisted) summary.hidden_findings += is_hidden(t.visibility) ? t.count : 0;
  summary.not_checked += !file.not_checked.empty() || file.verdict == Verdict::error;
  summary.bytes += file.bytes;
  summary.allowed += file.allowed;
  summary.baselined += file.baselined;
}

void accumulate(ScanSummary& summary, const ScanSummary& part) {
  summary.files += part.files;
  summary.clean += part.clean;
  summary.review += part.review;
  summary.block += part.block;
  summary.error += part.error;
  summary.findings += part.findings;
  summary.records += part.records;
  summary.hidden_findings += part.hidden_findings;
  summary.not_checked += part.not_checked;
  summary.bytes += part.bytes;
  summary.allowed += part.allowed;
  summary.baselined += part.baselined;
}

ScanSummary summarize(const std::vector<FileReport>& files) {
  ScanSummary summary;
  for (const auto& file : files) accumulate(summary, file);
  return summary;
}

int exit_code(const ScanSummary& summary, Verdict fail_on) {
  std::uint64_t failing = summary.block;
  if (fail_on == Verdict::review || fail_on == Verdict::clean) failing += summary.review;
  if (fail_on == Verdict::clean) failing += summary.clean;
  if (failing > 0) return 1;
  // Silent non-coverage must never look like a clean scan.
  if (summary.error > 0 || summary.not_checked > 0) return 3;
  return 0;
}

std::string format_bytes(std::uint64_t bytes) {
  constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB"};
  if (bytes < 1000) return fmt::format("{} B", bytes);
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  value /= 1000;
  while (value >= 999.5 && unit + 1 < std::size(kUnits)) {
    value /= 1000;
    ++unit;
  }
  if (value < 9.95) return fmt::format("{:.1f} {}", value, kUnits[unit]);
  return fmt::format("{:.0f} {}", value, kUnits[unit]);
}

}  // namespace foiguard
