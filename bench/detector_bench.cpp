// Detector throughput on the two data sets (64 MiB each by default;
// FOIGUARD_BENCH_MIB overrides):
//   - a prose + CSV-ish mix with about one personnel record per 10 KiB;
//   - a dense staff CSV with a personnel record on every line.
// BM_Detect* time Detector::detect alone over the batches the real readers
// produce (read once, outside the timing), with every built-in rule on and
// every finding located. BM_ScanBytes* time the whole Scanner::scan_bytes
// path (sniff, read, detect, records, verdict), on one thread and on two.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "formats/formats.hpp"
#include "foiguard/foiguard.hpp"
#include "support/synthetic_staff.hpp"

namespace {

using foiguard::Detector;
using foiguard::DetectOptions;
using foiguard::Finding;
using foiguard::RuleSet;
using foiguard::ScanOptions;
using foiguard::Scanner;
using foiguard::TextBatch;

std::size_t data_bytes() {
  const char* mib = std::getenv("FOIGUARD_BENCH_MIB");
  const long value = mib != nullptr ? std::strtol(mib, nullptr, 10) : 64;
  return static_cast<std::size_t>(value > 0 ? value : 64) << 20;
}

const std::string& prose_mix() {
  static const std::string data = foiguard::bench::make_prose_mix(data_bytes());
  return data;
}

const std::string& staff_csv() {
  static const std::string data = foiguard::bench::make_staff_csv(data_bytes());
  return data;
}

const Detector& builtin_detector() {
  static const Detector detector(RuleSet::builtin());
  return detector;
}

// A 50,000-person roster of synthetic staff (the size).
constexpr std::size_t kRosterPeople = 50000;
constexpr std::string_view kRosterKey = "foiguard benchmark roster key, not a secret";

std::vector<foiguard::StaffMember> roster_staff() {
  std::vector<foiguard::StaffMember> staff;
  for (auto& person : foiguard::testing::make_staff(kRosterPeople)) staff.push_back(std::move(person.member));
  return staff;
}

const Detector& roster_detector() {
  static const Detector detector(
      RuleSet::builtin(), std::make_shared<const foiguard::Roster>(foiguard::Roster::build(roster_staff(), kRosterKey)));
  return detector;
}

// The batches a reader hands to its sink, copied because the sink may keep
// nothing; the same batch size as the Scanner uses.
std::vector<TextBatch> read_batches(const std::string& data, bool csv) {
  std::vector<TextBatch> batches;
  const auto keep = [&batches](TextBatch& batch) { batches.push_back(batch); };
  const std::size_t batch_bytes = ScanOptions{}.batch_bytes;
  if (csv) {
    foiguard::formats::read_csv(data, ',', batch_bytes, keep);
  } else {
    foiguard::formats::read_text(data, batch_bytes, keep);
  }
  return batches;
}

const std::vector<TextBatch>& prose_mix_batches() {
  static const std::vector<TextBatch> batches = read_batches(prose_mix(), false);
  return batches;
}

const std::vector<TextBatch>& staff_csv_batches() {
  static const std::vector<TextBatch> batches = read_batches(staff_csv(), true);
  return batches;
}

// Streams findings through the sink API, as the Scanner does: every finding
// is located; those within options.render_limit (all, by default) also get
// their masked value and context.
void run_detect(benchmark::State& state, const std::string& data,
                const std::vector<TextBatch>& batches, const DetectOptions& options,
                const Detector& detector = builtin_detector()) {
  std::size_t findings = 0;
  std::size_t records = 0;
  std::uint32_t last_record = 0;
  std::uint64_t checksum = 0;  // keeps the located fields observably used
  const auto count = [&](const Finding& finding) {
    ++findings;
    last_record = std::max(last_record, finding.record);  // ids count from 1 in each batch
    checksum += finding.location.line.value_or(0) + finding.location.column.value_or(0) +
                finding.masked.size();
  };
  for (auto _ : state) {
    findings = 0;
    records = 0;
    for (const TextBatch& batch : batches) {
      last_record = 0;
      detector.detect(batch, options, count);
      records += last_record;
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(data.size()));
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["records"] = static_cast<double>(records);
  state.counters["batches"] = static_cast<double>(batches.size());
}

DetectOptions unrendered() {
  DetectOptions options;
  options.render_limit = 0;
  return options;
}

void run_scan(benchmark::State& state, const char* name, const std::string& data,
              unsigned threads = 1) {
  ScanOptions options;
  options.threads = threads;
  const Scanner scanner(builtin_detector(), options);
  std::size_t findings = 0;
  std::size_t records = 0;
  for (auto _ : state) {
    const foiguard::FileReport report = scanner.scan_bytes(name, data);
    findings = report.findings.size();
    records = report.records.size();
    benchmark::DoNotOptimize(report.verdict);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(data.size()));
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["records"] = static_cast<double>(records);
}

void BM_DetectProseMix(benchmark::State& state) {
  run_detect(state, prose_mix(), prose_mix_batches(), DetectOptions{});
}

void BM_DetectStaffCsv(benchmark::State& state) {
  run_detect(state, staff_csv(), staff_csv_batches(), DetectOptions{});
}

// Located but not rendered: what the Scanner does once its listing is full
// (it keeps 10,000 findings and counts the rest).
void BM_DetectProseMixUnrendered(benchmark::State& state) {
  run_detect(state, prose_mix(), prose_mix_batches(), unrendered());
}

void BM_DetectStaffCsvUnrendered(benchmark::State& state) {
  run_detect(state, staff_csv(), staff_csv_batches(), unrendered());
}

// What keyed fingerprints (one HMAC-SHA256 per finding) add on the densest data.
void BM_DetectStaffCsvFingerprinted(benchmark::State& state) {
  DetectOptions options;
  options.fingerprint_key = "foiguard benchmark key, not a secret";
  run_detect(state, staff_csv(), staff_csv_batches(), options);
}

void BM_ScanBytesProseMix(benchmark::State& state) {
  run_scan(state, "prose_mix.txt", prose_mix());
}

void BM_ScanBytesStaffCsv(benchmark::State& state) {
  run_scan(state, "staff.csv", staff_csv());
}

// The same scans with the file's batches detected on two threads (the
// report is identical); the reader and the collector stay on one thread.
void BM_ScanBytesProseMixThreads2(benchmark::State& state) {
  run_scan(state, "prose_mix.txt", prose_mix(), 2);
}

void BM_ScanBytesStaffCsvThreads2(benchmark::State& state) {
  run_scan(state, "staff.csv", staff_csv(), 2);
}

// The same with a 50,000-person roster: every capitalised word and every
// number of 5+ characters is checked against it (target: at most 25% more).
void BM_DetectProseMixRoster(benchmark::State& state) {
  run_detect(state, prose_mix(), prose_mix_batches(), DetectOptions{}, roster_detector());
}

void BM_DetectStaffCsvRoster(benchmark::State& state) {
  run_detect(state, staff_csv(), staff_csv_batches(), DetectOptions{}, roster_detector());
}

// Roster::match alone over the prose mix's batches: the roster's own share of
// BM_DetectProseMixRoster (the rest is placing and reporting its matches).
void BM_RosterMatchProseMix(benchmark::State& state) {
  const foiguard::Roster& roster = *roster_detector().roster();
  std::vector<foiguard::RosterMatch> matches;
  std::size_t total = 0;
  for (auto _ : state) {
    total = 0;
    for (const TextBatch& batch : prose_mix_batches()) {
      matches.clear();
      roster.match(batch.text, matches);
      total += matches.size();
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(prose_mix().size()));
  state.counters["matches"] = static_cast<double>(total);
}

// What every process pays before its first file: the built-in rules parsed
// and compiled into a Detector.
void BM_DetectorCompileBuiltin(benchmark::State& state) {
  for (auto _ : state) {
    const Detector detector(RuleSet::builtin());
    benchmark::DoNotOptimize(detector.rules().text_rules.size());
  }
}

// Roster::build for 50,000 people (target: under 2 s), and loading its file.
void BM_RosterBuild50k(benchmark::State& state) {
  const auto staff = roster_staff();
  std::size_t entries = 0;
  for (auto _ : state) {
    const foiguard::Roster roster = foiguard::Roster::build(staff, kRosterKey);
    entries = roster.stats().entries;
  }
  state.counters["people"] = static_cast<double>(staff.size());
  state.counters["entries"] = static_cast<double>(entries);
}

void BM_RosterLoad50k(benchmark::State& state) {
  const std::string file = foiguard::Roster::build(roster_staff(), kRosterKey).serialize();
  for (auto _ : state) {
    const foiguard::Roster roster = foiguard::Roster::load(file, kRosterKey);
    benchmark::DoNotOptimize(roster.stats().entries);
  }
  state.counters["file_bytes"] = static_cast<double>(file.size());
}

BENCHMARK(BM_DetectProseMix)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DetectStaffCsv)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DetectProseMixUnrendered)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DetectStaffCsvUnrendered)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DetectStaffCsvFingerprinted)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ScanBytesProseMix)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ScanBytesStaffCsv)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ScanBytesProseMixThreads2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ScanBytesStaffCsvThreads2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DetectProseMixRoster)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DetectStaffCsvRoster)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RosterMatchProseMix)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DetectorCompileBuiltin)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RosterBuild50k)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RosterLoad50k)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
