// Document throughput (issue 4's targets): a generated 500-page Word letter
// (bench_data's make_letter_docx; FOIGUARD_BENCH_DOCX=path times that file
// instead) and a zip of 1,000 mixed documents (make_mixed_zip: text, CSV,
// DOCX, XLSX, HTML, email; FOIGUARD_BENCH_ZIP=path), each next to the time to
// merely inflate the same parts:
//   BM_DocxInflateOnly    libzip alone, every member of the letter;
//   BM_DocxInflateExpat   the same bytes through bare expat with no handlers:
//                         the floor of any expat-based reader;
//   BM_DocxDetect         Detector::detect alone over the letter's batches
//                         (read once, before timing; findings counted, not
//                         rendered): the least the detector costs;
//   BM_DocxScan           Scanner::scan_bytes with the built-in rules, one
//                         thread: reader, detector, records and verdict;
//   BM_MixedZipInflateOnly  libzip alone, every member and every member of
//                         the packages inside (the nested DOCX and XLSX);
//   BM_MixedZipScan       Scanner::scan_bytes on the archive, one thread.
// bytes = inflated bytes at every level, so MB/s line up between a scan and
// its floor; items = pages (letter) or documents (archive).
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "bench_detect.hpp"
#include "bench_zip.hpp"
#include "foiguard/foiguard.hpp"

namespace {

using foiguard::Detector;
using foiguard::RuleSet;
using foiguard::ScanOptions;
using foiguard::Scanner;
using foiguard::bench::inflate_all;

constexpr std::size_t kLetterPages = 500;
constexpr std::size_t kArchiveDocuments = 1000;

struct Input {
  std::string bytes;
  std::uint64_t inflated = 0;  // every level
  std::uint64_t items = 0;     // pages or documents
};

// Inflates every member, and the members of the zips among them, as a
// reader of nested packages must; returns the bytes inflated.
std::uint64_t inflate_nested(std::string_view bytes, std::vector<char>& buffer) {
  std::uint64_t total = 0;
  std::string member_name, member;
  const auto nested_done = [&] {
    if (member.starts_with("PK\x03\x04")) total += inflate_nested(member, buffer);
    member.clear();
  };
  std::vector<char> own(buffer.size());
  total += inflate_all(bytes, own, [&](std::string_view name, std::string_view chunk) {
    if (name != member_name) {
      nested_done();
      member_name = name;
    }
    if (member.size() < 4 || member.starts_with("PK\x03\x04")) member.append(chunk);
  });
  nested_done();
  return total;
}

std::string read_or_make(const char* env, std::string (*make)()) {
  const char* path = std::getenv(env);
  if (path == nullptr || *path == '\0') return make();
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) throw std::runtime_error(std::string("documents_bench: cannot read ") + path);
  return bytes;
}

Input measured(std::string bytes, std::uint64_t items) {
  Input in;
  in.bytes = std::move(bytes);
  std::vector<char> buffer(256u << 10);
  in.inflated = inflate_nested(in.bytes, buffer);
  in.items = items;
  return in;
}

const Input& letter() {
  static const Input in = measured(
      read_or_make("FOIGUARD_BENCH_DOCX", [] { return foiguard::bench::make_letter_docx(kLetterPages); }),
      kLetterPages);
  return in;
}

const Input& archive() {
  static const Input in = measured(
      read_or_make("FOIGUARD_BENCH_ZIP", [] { return foiguard::bench::make_mixed_zip(kArchiveDocuments); }),
      kArchiveDocuments);
  return in;
}

void count_units(benchmark::State& state, const Input& in) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.items));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.inflated));
  state.counters["inflated_bytes"] = static_cast<double>(in.inflated);
  state.counters["zip_bytes"] = static_cast<double>(in.bytes.size());
}

void inflate_case(benchmark::State& state, const Input& in) {
  std::vector<char> buffer(256u << 10);
  for (auto _ : state) benchmark::DoNotOptimize(inflate_nested(in.bytes, buffer));
  count_units(state, in);
}

void scan_case(benchmark::State& state, const Input& in, const char* name, unsigned threads = 1) {
  static const Detector detector(RuleSet::builtin());
  ScanOptions options;
  options.threads = threads;
  const Scanner scanner(detector, options);
  std::uint64_t findings = 0;
  for (auto _ : state) {
    const auto report = scanner.scan_bytes(name, in.bytes);
    if (!report.error.empty()) state.SkipWithError(report.error.c_str());
    findings = report.findings_total;
  }
  count_units(state, in);
  state.counters["findings"] = static_cast<double>(findings);
}

void BM_DocxInflateOnly(benchmark::State& state) { inflate_case(state, letter()); }

void BM_DocxInflateExpat(benchmark::State& state) {
  const Input& in = letter();
  std::vector<char> buffer(256u << 10);
  for (auto _ : state) benchmark::DoNotOptimize(foiguard::bench::inflate_and_tokenize(in.bytes, buffer));
  count_units(state, in);
}

void BM_DocxDetect(benchmark::State& state) {
  static const foiguard::bench::ReadBatches read = foiguard::bench::read_batches(letter().bytes);
  static const Detector detector(RuleSet::builtin());
  std::uint64_t findings = 0;
  for (auto _ : state) findings = foiguard::bench::detect_all(detector, read.batches);
  count_units(state, letter());
  state.counters["text_bytes"] = static_cast<double>(read.text_bytes);
  state.counters["findings"] = static_cast<double>(findings);
}

void BM_DocxScan(benchmark::State& state) { scan_case(state, letter(), "letter.docx"); }
void BM_DocxScanThreads2(benchmark::State& state) { scan_case(state, letter(), "letter.docx", 2); }
void BM_MixedZipInflateOnly(benchmark::State& state) { inflate_case(state, archive()); }
void BM_MixedZipScan(benchmark::State& state) { scan_case(state, archive(), "drop.zip"); }
// Two threads: the detector's worker, and every other member read on a helper.
void BM_MixedZipScanThreads2(benchmark::State& state) { scan_case(state, archive(), "drop.zip", 2); }

BENCHMARK(BM_DocxInflateOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DocxInflateExpat)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DocxDetect)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DocxScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DocxScanThreads2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MixedZipInflateOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MixedZipScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MixedZipScanThreads2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
