// XLSX throughput on a staff workbook (bench_data's make_staff_xlsx: a header
// row and FOIGUARD_BENCH_XLSX_ROWS data rows of ten columns, 100,000 by
// default; FOIGUARD_BENCH_XLSX=path times that file instead, as
// scripts/bench_xlsx.sh does). Each case peels one layer more:
//   BM_XlsxInflateOnly   libzip alone: open the archive in memory and
//                        zip_fread every member into a reused buffer (the floor);
//   BM_XlsxInflateReader formats::ZipArchive::read of every member, as the
//                        reader inflates (libdeflate, whole, for members up
//                        to 64 MiB): the floor of this reader;
//   BM_XlsxInflateExpat  the same bytes through bare expat with no handlers:
//                        the floor of any expat-based reader;
//   BM_XlsxInflateXmlStream  through formats::XmlStream (expat plus local
//                        names and virtual calls) with a handler that does
//                        nothing: tokenising every part with expat;
//   BM_XlsxInflateXmlBulk  the same, with sheet rows and shared strings in
//                        the pugixml fast lane, as the reader tokenises;
//   BM_XlsxRead          formats::read_package with a sink that drops the
//                        batches: the whole reader (cells, shared strings,
//                        styles, SheetWriter batches);
//   BM_XlsxDetect        Detector::detect alone over the workbook's batches
//                        (read once, before timing; findings counted, not
//                        rendered): the least the detector costs;
//   BM_XlsxScan          Scanner::scan_bytes with the built-in rules: reader,
//                        detector, records and verdict (one thread; and two).
// Every case counts the same units: items = cells the reader reports
// (header cells included), bytes = the inflated size of every member (the
// uncompressed XML), so cells/s and MB/s line up across the layers.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <zip.h>

#include "bench_data.hpp"
#include "bench_detect.hpp"
#include "bench_zip.hpp"
#include "formats/formats.hpp"
#include "formats/xlsx_internal.hpp"
#include "formats/xml_stream.hpp"
#include "formats/zip_archive.hpp"
#include "foiguard/foiguard.hpp"

namespace {

using foiguard::Detector;
using foiguard::RuleSet;
using foiguard::ScanOptions;
using foiguard::Scanner;
using foiguard::TextBatch;
using foiguard::bench::inflate_all;

struct Workbook {
  std::string name;
  std::string bytes;
  std::uint64_t cells = 0;      // cells read_package reports (ReadStats::lines)
  std::uint64_t xml_bytes = 0;  // inflated bytes of every member
};

std::size_t workbook_rows() {
  const char* rows = std::getenv("FOIGUARD_BENCH_XLSX_ROWS");
  const long long value = rows != nullptr ? std::strtoll(rows, nullptr, 10) : 100000;
  return static_cast<std::size_t>(value > 0 ? value : 100000);
}

const Workbook& workbook() {
  static const Workbook book = [] {
    Workbook w;
    if (const char* path = std::getenv("FOIGUARD_BENCH_XLSX"); path != nullptr && *path != '\0') {
      std::ifstream in(path, std::ios::binary);
      w.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      if (!in && !in.eof()) throw std::runtime_error(std::string("xlsx_bench: cannot read ") + path);
      w.name = path;
    } else {
      w.bytes = foiguard::bench::make_staff_xlsx(workbook_rows()).bytes;
      w.name = "staff.xlsx";
    }
    std::vector<char> buffer(256u << 10);
    w.xml_bytes = inflate_all(w.bytes, buffer, [](std::string_view, std::string_view) {});
    const auto drop = [](TextBatch&) {};
    w.cells = foiguard::formats::read_package(w.bytes, foiguard::formats::PackageOptions{}, drop).lines;
    return w;
  }();
  return book;
}

const Detector& builtin_detector() {
  static const Detector detector(RuleSet::builtin());
  return detector;
}

void count_units(benchmark::State& state, const Workbook& book) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(book.cells));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(book.xml_bytes));
  state.counters["cells"] = static_cast<double>(book.cells);
  state.counters["xml_bytes"] = static_cast<double>(book.xml_bytes);
  state.counters["zip_bytes"] = static_cast<double>(book.bytes.size());
}

void BM_XlsxInflateOnly(benchmark::State& state) {
  const Workbook& book = workbook();
  std::vector<char> buffer(256u << 10);  // ZipArchive::read's chunk size
  std::uint64_t inflated = 0;
  for (auto _ : state) {
    inflated = inflate_all(book.bytes, buffer, [](std::string_view, std::string_view chunk) {
      benchmark::DoNotOptimize(chunk.data());
    });
    benchmark::DoNotOptimize(inflated);
  }
  if (inflated != book.xml_bytes) state.SkipWithError("inflated size changed between runs");
  count_units(state, book);
}

void BM_XlsxInflateReader(benchmark::State& state) {
  const Workbook& book = workbook();
  std::uint64_t inflated = 0;
  for (auto _ : state) {
    foiguard::formats::ZipArchive zip(book.bytes, foiguard::formats::ZipLimits{});
    for (const auto& entry : zip.entries())
      zip.read(entry, [](std::string_view chunk) { benchmark::DoNotOptimize(chunk.data()); });
    inflated = zip.bytes_inflated();
  }
  if (inflated != book.xml_bytes) state.SkipWithError("ZipArchive inflated another size than libzip");
  count_units(state, book);
}

class NullHandler : public foiguard::formats::XmlHandler {
 public:
  void start(std::string_view, const foiguard::formats::XmlAttributes&) override { ++elements; }
  void end(std::string_view) override {}
  void text(std::string_view piece) override { characters += piece.size(); }
  std::uint64_t elements = 0, characters = 0;
};

void BM_XlsxInflateExpat(benchmark::State& state) {
  const Workbook& book = workbook();
  std::vector<char> buffer(256u << 10);
  for (auto _ : state) benchmark::DoNotOptimize(foiguard::bench::inflate_and_tokenize(book.bytes, buffer));
  count_units(state, book);
}

// The fast lane's list for a member, as the reader names it.
void use_bulk_lane(foiguard::formats::XmlStream& stream, std::string_view member) {
  namespace xlsx = foiguard::formats::xlsx;
  if (member.find("worksheets/") != std::string_view::npos) stream.bulk_children(xlsx::kSheetRows);
  if (member.find("sharedStrings") != std::string_view::npos) stream.bulk_children(xlsx::kSharedStrings);
}

void run_xml_stream(benchmark::State& state, bool bulk) {
  const Workbook& book = workbook();
  std::vector<char> buffer(256u << 10);
  std::uint64_t elements = 0;
  for (auto _ : state) {
    NullHandler handler;
    std::unique_ptr<foiguard::formats::XmlStream> stream;
    std::string current;
    const auto finish = [&] {
      if (stream) stream->finish();
    };
    inflate_all(book.bytes, buffer, [&](std::string_view member, std::string_view chunk) {
      if (member != current) {  // members are inflated one after another
        finish();
        current = member;
        stream = std::make_unique<foiguard::formats::XmlStream>(handler, current);
        if (bulk) use_bulk_lane(*stream, current);
      }
      stream->feed(chunk);
    });
    finish();
    elements = handler.elements;
    benchmark::DoNotOptimize(handler.characters);
  }
  state.counters["elements"] = static_cast<double>(elements);
  count_units(state, book);
}

void BM_XlsxInflateXmlStream(benchmark::State& state) { run_xml_stream(state, false); }

void BM_XlsxInflateXmlBulk(benchmark::State& state) { run_xml_stream(state, true); }

void BM_XlsxRead(benchmark::State& state) {
  const Workbook& book = workbook();
  std::uint64_t spans = 0, batches = 0, cells = 0;
  const foiguard::formats::BatchSink drop = [&](TextBatch& batch) {
    spans += batch.spans.size();
    ++batches;
  };
  for (auto _ : state) {
    spans = batches = 0;
    cells = foiguard::formats::read_package(book.bytes, foiguard::formats::PackageOptions{}, drop).lines;
    benchmark::DoNotOptimize(spans);
  }
  if (cells != book.cells) state.SkipWithError("cell count changed between runs");
  state.counters["spans"] = static_cast<double>(spans);
  state.counters["batches"] = static_cast<double>(batches);
  count_units(state, book);
}

void BM_XlsxDetect(benchmark::State& state) {
  static const foiguard::bench::ReadBatches read = foiguard::bench::read_batches(workbook().bytes);
  std::uint64_t findings = 0;
  for (auto _ : state) findings = foiguard::bench::detect_all(builtin_detector(), read.batches);
  state.counters["text_bytes"] = static_cast<double>(read.text_bytes);
  state.counters["findings"] = static_cast<double>(findings);
  count_units(state, workbook());
}

void run_scan(benchmark::State& state, unsigned threads) {
  const Workbook& book = workbook();
  ScanOptions options;
  options.threads = threads;
  const Scanner scanner(builtin_detector(), options);
  std::uint64_t findings = 0, personnel = 0;
  std::string verdict_error;
  for (auto _ : state) {
    const foiguard::FileReport report = scanner.scan_bytes(book.name, book.bytes);
    findings = report.findings_total;
    personnel = report.personnel_records;
    if (report.verdict == foiguard::Verdict::error) verdict_error = report.error;
    benchmark::DoNotOptimize(report.verdict);
  }
  if (!verdict_error.empty()) state.SkipWithError(verdict_error.c_str());
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["personnel_records"] = static_cast<double>(personnel);
  count_units(state, book);
}

void BM_XlsxScan(benchmark::State& state) { run_scan(state, 1); }
// The file's batches detected on two threads; the reader stays on one.
void BM_XlsxScanThreads2(benchmark::State& state) { run_scan(state, 2); }

BENCHMARK(BM_XlsxInflateOnly)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_XlsxInflateReader)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_XlsxInflateExpat)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_XlsxInflateXmlStream)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_XlsxInflateXmlBulk)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_XlsxRead)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_XlsxDetect)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_XlsxScan)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_XlsxScanThreads2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
