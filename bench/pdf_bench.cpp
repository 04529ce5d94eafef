// PDF throughput (issue 5's target: no slower than pdftotext while also
// checking what lies under boxes): a generated 1,000-page text PDF
// (bench_data's make_text_pdf; FOIGUARD_BENCH_PDF=path times that file
// instead, FOIGUARD_BENCH_PDF_PAGES=n gives its page count):
//   BM_PdfScan  Scanner::scan_bytes with the built-in rules, one thread:
//               the PDF reader (text, boxes drawn over it, metadata), the
//               detector, records and verdict.
// pages = pages per second; bytes = the PDF file, so MB/s is of the file as
// pdftotext reads it. A scan that reports an error or a part it could not
// check (no PDF support in this build, the per-file time budget) fails the
// benchmark rather than timing less work. scripts/bench_pdf.sh times
// pdftotext on the same file by the same clock.
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "foiguard/foiguard.hpp"

namespace {

constexpr std::size_t kPages = 1000;

struct PdfInput {
  std::string bytes;
  std::uint64_t pages = 0;
};

// Page objects of a file given by path ("/Type /Page", "/Type/Page", not
// "/Pages"): exact for files that keep their objects outside object
// streams, as make_text_pdf and most report generators do; 0 otherwise.
std::uint64_t count_page_objects(std::string_view bytes) {
  std::uint64_t pages = 0;
  for (std::size_t at = bytes.find("/Type"); at != std::string_view::npos; at = bytes.find("/Type", at + 5)) {
    std::size_t name = at + 5;
    while (name < bytes.size() && (bytes[name] == ' ' || bytes[name] == '\r' || bytes[name] == '\n')) ++name;
    if (bytes.compare(name, 5, "/Page") != 0) continue;
    const char after = name + 5 < bytes.size() ? bytes[name + 5] : ' ';
    if (std::isalnum(static_cast<unsigned char>(after)) == 0) ++pages;  // not /Pages
  }
  return pages;
}

PdfInput read_input(const char* path) {
  PdfInput in;
  std::ifstream file(path, std::ios::binary);
  in.bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  if (in.bytes.empty()) throw std::runtime_error(std::string("pdf_bench: cannot read ") + path);
  const char* pages = std::getenv("FOIGUARD_BENCH_PDF_PAGES");
  in.pages = pages != nullptr && *pages != '\0' ? std::strtoull(pages, nullptr, 10) : count_page_objects(in.bytes);
  if (in.pages == 0)
    throw std::runtime_error(std::string("pdf_bench: cannot count the pages of ") + path +
                             ": set FOIGUARD_BENCH_PDF_PAGES");
  return in;
}

const PdfInput& input() {
  static const PdfInput in = [] {
    const char* path = std::getenv("FOIGUARD_BENCH_PDF");
    if (path != nullptr && *path != '\0') return read_input(path);
    auto doc = foiguard::bench::make_text_pdf(kPages);
    return PdfInput{std::move(doc.bytes), doc.pages};
  }();
  return in;
}

void BM_PdfScan(benchmark::State& state) {
  static const foiguard::Detector detector(foiguard::RuleSet::builtin());
  foiguard::ScanOptions options;
  options.threads = 1;
  const foiguard::Scanner scanner(detector, options);
  const PdfInput& in = input();
  foiguard::FileReport report;
  for (auto _ : state) {
    report = scanner.scan_bytes("bench.pdf", in.bytes);
    if (!report.error.empty()) {
      state.SkipWithError(("scan failed: " + report.error).c_str());
      return;
    }
    if (!report.not_checked.empty()) {
      const auto& part = report.not_checked.front();
      state.SkipWithError(("not fully checked: " + (part.part.empty() ? "" : part.part + ": ") + part.reason).c_str());
      return;
    }
  }
  const auto runs = static_cast<double>(state.iterations());
  state.counters["pages"] = benchmark::Counter(runs * static_cast<double>(in.pages), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(in.bytes.size()));
  state.counters["pdf_pages"] = static_cast<double>(in.pages);
  state.counters["pdf_bytes"] = static_cast<double>(in.bytes.size());
  state.counters["findings"] = static_cast<double>(report.findings_total);
  state.counters["personnel_records"] = static_cast<double>(report.personnel_records);
  state.counters["hidden_records"] = static_cast<double>(report.hidden_records);
}

BENCHMARK(BM_PdfScan)->Unit(benchmark::kMillisecond);

}  // namespace
