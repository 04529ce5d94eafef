// Scans many files on a pool of threads. Files far larger than the rest start
// first, so no core sits idle at the end behind one big file; the others go in
// input order (small ones to a thread in runs of consecutive files), so
// ordered reports flow out as the scan goes and the reports waiting for an
// earlier file stay few. `emit` and `tick` run on the calling
// thread only (reports and progress need no locking); `scan` runs on workers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "foiguard/scanner.hpp"

namespace foiguard::walk {

struct PoolOptions {
  unsigned threads = 1;
  bool ordered = true;                     // emit in input order; else as each file is done
  const std::atomic<bool>* stop = nullptr;  // set (e.g. by SIGINT): start nothing new
};

// Reports finished and not yet emitted, per thread, are at most this many:
// workers pause rather than pile up a warm scan's reports in memory.
inline constexpr std::size_t kReportsHeldPerThread = 96;

struct PoolProgress {
  std::size_t done = 0;          // files scanned (emitted or waiting for an earlier one)
  std::uint64_t done_bytes = 0;  // their sizes, as given in `sizes`
};

struct PoolResult {
  std::size_t emitted = 0;
  bool stopped = false;  // `stop` was set before every file was started
};

// sizes[i] is file i's size (its cost). scan(i) scans file i; emit(i, report)
// receives it. After a stop, the files in flight finish and every finished
// file is emitted (in input order when ordered); files never started are not.
// tick is called at least every `tick_interval` while waiting.
PoolResult run_pool(const std::vector<std::uint64_t>& sizes, const PoolOptions& options,
                    const std::function<FileReport(std::size_t)>& scan,
                    const std::function<void(std::size_t, FileReport&)>& emit,
                    const std::function<void(const PoolProgress&)>& tick,
                    std::chrono::milliseconds tick_interval = std::chrono::milliseconds(200));

// The order files start in: the few far larger than an even share of the
// work first (largest first), then the rest in input order.
std::vector<std::size_t> start_order(const std::vector<std::uint64_t>& sizes, unsigned threads);

}  // namespace foiguard::walk
