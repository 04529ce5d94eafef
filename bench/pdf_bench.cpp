// PDF throughput (issue 5's target: no slower than pdftotext while also
// checking what lies under boxes): a generated 1,000-page text PDF
// (bench_data's make_text_pdf; FOIGUARD_BENCH_PDF=path times that file
// instead) through Scanner::scan_bytes with the built-in rules, one thread:
// poppler's interpreter, the glyph and box collector, the detector, records
// and verdict. items = pages; bytes = the PDF file. scripts/bench_pdf.sh
// times pdftotext on the same file by the same clock.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "foiguard/foiguard.hpp"

namespace {

constexpr std::size_t kPages = 1000;

struct PdfInput {
  std::string bytes;
  std::size_t pages = 0;
};

// Pages of a file given by path: counted from "/Type /Page" entries, which
// is exact for the generator's files and close for others.
std::size_t count_pages(const std::string& bytes) {
  std::size_t pages = 0;
  for (std::size_t at = bytes.find("/Type /Page"); at != std::string::npos; at = bytes.find("/Type /Page", at + 1))
    if (bytes.compare(at, 12, "/Type /Pages") != 0) ++pages;
  return pages;
}

const PdfInput& input() {
  static const PdfInput in = [] {
    PdfInput made;
    const char* path = std::getenv("FOIGUARD_BENCH_PDF");
    if (path == nullptr || *path == '\0') {
      auto doc = foiguard::bench::make_text_pdf(kPages);
      made.bytes = std::move(doc.bytes);
      made.pages = doc.pages;
      return made;
    }
    std::ifstream file(path, std::ios::binary);
    made.bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    if (made.bytes.empty()) throw std::runtime_error(std::string("pdf_bench: cannot read ") + path);
    made.pages = count_pages(made.bytes);
    return made;
  }();
  return in;
}

void BM_PdfScan(benchmark::State& state) {
  static const foiguard::Detector detector(foiguard::RuleSet::builtin());
  foiguard::ScanOptions options;
  options.threads = 1;
  const foiguard::Scanner scanner(detector, options);
  const PdfInput& in = input();
  std::uint64_t findings = 0;
  for (auto _ : state) {
    const auto report = scanner.scan_bytes("bench.pdf", in.bytes);
    if (!report.error.empty()) {
      state.SkipWithError(report.error.c_str());
      break;
    }
    findings = report.findings_total;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.pages));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.bytes.size()));
  state.counters["pages"] = static_cast<double>(in.pages);
  state.counters["findings"] = static_cast<double>(findings);
}

BENCHMARK(BM_PdfScan)->Unit(benchmark::kMillisecond);

}  // namespace
