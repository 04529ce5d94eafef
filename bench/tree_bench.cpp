// Shared-drive throughput (issue 6's targets), in process, over a generated
// tree of 20,000 mixed files (bench_data's write_mixed_tree: text, CSV, DOCX,
// XLSX, HTML, email; FOIGUARD_BENCH_TREE=dir times that folder instead, and
// FOIGUARD_BENCH_TREE_FILES=n sizes the generated one):
//   BM_TreeScanCold/jobs:N  walk + scan pool + a new scan cache written as it
//                           goes, N files at once: what a first scan costs;
//   BM_TreeScanWarm/jobs:N  the same walk and pool against the cache the cold
//                           run left: nothing changed, so nothing is read.
// Reports are summarised, not printed (scripts/bench_tree.sh times the CLI,
// printing included, next to ripgrep, and measures peak memory).
// Targets: cold jobs:2 >= 1.8x jobs:1; warm >= 20x faster than cold.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <benchmark/benchmark.h>

#include "bench_data.hpp"
#include "foiguard/foiguard.hpp"
#include "walk/cached_scan.hpp"
#include "walk/scan_cache.hpp"
#include "walk/scan_pool.hpp"
#include "walk/walk.hpp"

namespace {

namespace fs = std::filesystem;
using namespace foiguard;

constexpr std::size_t kTreeFiles = 20000;

const std::string& tree_dir() {
  static const std::string dir = [] {
    if (const char* given = std::getenv("FOIGUARD_BENCH_TREE")) return std::string(given);
    const char* count = std::getenv("FOIGUARD_BENCH_TREE_FILES");
    const std::size_t files = count ? std::strtoull(count, nullptr, 10) : kTreeFiles;
    const fs::path generated = fs::temp_directory_path() / ("foiguard-bench-tree-" + std::to_string(files));
    const fs::path done = generated / ".complete";
    if (!fs::exists(done)) {
      fs::remove_all(generated);
      bench::write_mixed_tree(generated.string(), files);
      std::ofstream(done) << files << '\n';
    }
    return generated.string();
  }();
  return dir;
}

struct TreeScan {
  ScanSummary summary;
  std::uint64_t from_cache = 0;
};

TreeScan scan_tree(const Scanner& scanner, walk::ScanCache* cache, unsigned jobs) {
  walk::WalkOptions options;
  options.excludes = {".complete"};
  const walk::WalkResult walked = walk::expand({tree_dir()}, options);
  std::vector<std::uint64_t> sizes;
  for (const auto& file : walked.files) sizes.push_back(file.size);
  std::vector<char> reused(sizes.size(), 0);
  TreeScan result;
  walk::PoolOptions pool;
  pool.threads = jobs;
  const walk::CacheKeys keys;
  walk::run_pool(
      sizes, pool,
      [&](std::size_t i) {
        FileReport report;
        reused[i] = walk::scan_through_cache(scanner, cache, walked.files[i], keys, report);
        return report;
      },
      [&](std::size_t i, FileReport& report) {
        accumulate(result.summary, report);
        result.from_cache += reused[i];
      },
      {});
  return result;
}

ScanOptions tree_options() {
  ScanOptions options;
  options.detect.fingerprint_key = "bench-key";
  options.hash_content = true;
  return options;
}

std::string cache_path(const char* name) { return (fs::temp_directory_path() / name).string(); }

void report(benchmark::State& state, const TreeScan& scan) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * scan.summary.files));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * scan.summary.bytes));
  state.counters["files"] = static_cast<double>(scan.summary.files);
  state.counters["block"] = static_cast<double>(scan.summary.block);
  state.counters["from_cache"] = static_cast<double>(scan.from_cache);
}

void BM_TreeScanCold(benchmark::State& state) {
  const Detector detector(RuleSet::builtin());
  const Scanner scanner(detector, tree_options());
  const std::string path = cache_path("foiguard-bench-cold.db");
  TreeScan last;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
    auto cache = walk::ScanCache::open(path, walk::cache_settings_id(scanner.options(), detector));
    state.ResumeTiming();
    last = scan_tree(scanner, cache.get(), static_cast<unsigned>(state.range(0)));
    cache->flush();
  }
  report(state, last);
}
BENCHMARK(BM_TreeScanCold)->ArgName("jobs")->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void BM_TreeScanWarm(benchmark::State& state) {
  const Detector detector(RuleSet::builtin());
  const Scanner scanner(detector, tree_options());
  const std::string path = cache_path("foiguard-bench-warm.db");
  auto cache = walk::ScanCache::open(path, walk::cache_settings_id(scanner.options(), detector));
  scan_tree(scanner, cache.get(), 2);  // fills it, once
  cache->flush();
  TreeScan last;
  for (auto _ : state) last = scan_tree(scanner, cache.get(), static_cast<unsigned>(state.range(0)));
  if (last.from_cache != last.summary.files) state.SkipWithError("the warm scan read files again");
  report(state, last);
}
BENCHMARK(BM_TreeScanWarm)->ArgName("jobs")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
