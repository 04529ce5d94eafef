#include "scan_checks.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "foiguard/foiguard.hpp"

namespace foiguard::fuzz {
namespace {

const Detector& detector() {
  static const Detector built(RuleSet::builtin());
  return built;
}

FileReport scan(std::string_view bytes, unsigned threads) {
  ScanOptions options;
  options.threads = threads;
  // Small batches put several through the pipeline even for a small input.
  options.batch_bytes = 4096;
  return Scanner(detector(), options).scan_bytes("fuzz-input", bytes);
}

std::uint64_t counted(const FileReport& report) {
  std::uint64_t n = report.findings.size();
  for (const FindingTally& t : report.unlisted) n += t.count;
  return n;
}

[[noreturn]] void fail(const char* what, const FileReport& one, const FileReport& two) {
  const auto line = [](const FileReport& r) {
    return std::string(to_string(r.verdict)) + ", " + std::to_string(r.findings_total) + " findings (" +
           std::to_string(r.findings.size()) + " listed), " + std::to_string(r.records_total) + " records, error '" +
           r.error + "'";
  };
  std::fprintf(stderr, "fuzz: %s\n  1 thread:  %s\n  2 threads: %s\n", what, line(one).c_str(), line(two).c_str());
  std::abort();
}

}  // namespace

void check_scans(std::string_view bytes) {
  const FileReport one = scan(bytes, 1);
  const FileReport two = scan(bytes, 2);
  if (one.verdict == Verdict::error && one.error.empty()) fail("an error verdict without a reason", one, two);
  if (counted(one) != one.findings_total) fail("listed plus unlisted findings differ from the total", one, two);
  if (one.verdict != two.verdict || one.error != two.error || one.findings_total != two.findings_total ||
      one.findings.size() != two.findings.size() || one.records_total != two.records_total ||
      one.personnel_records != two.personnel_records)
    fail("one thread and two disagree", one, two);
}

}  // namespace foiguard::fuzz
