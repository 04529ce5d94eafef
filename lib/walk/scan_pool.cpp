#include "walk/scan_pool.hpp"

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>
#include <utility>

namespace foiguard::walk {

namespace {

// Below this a file is never "big": starting it early gains nothing.
constexpr std::uint64_t kMinBigBytes = 8u << 20;
// Finished reports waiting to be emitted, per thread, before workers pause:
// reading from a cache outruns writing a report, and without a bound every
// report of a warm scan would pile up in memory.
constexpr std::size_t kWaitingPerThread = 64;
// The emitting thread is woken when this many reports are ready (or the last
// one is): one wake-up a file cost more than emitting a cached report.
// It also wakes every tick_interval, which bounds the delay on a slow scan.
constexpr std::size_t kEmitBatch = 8;
// A worker takes small files in runs of up to this many from the start order
// (fewer as the end nears, so the threads finish together), and posts their
// reports together: a warm re-scan finishes a file every few microseconds,
// and one turn of the lock (and often a futex call) a file was a tenth of it.
constexpr std::size_t kRunFiles = 32;
// A run stops before a file that would take it past this many bytes: on a
// cold scan a run then takes milliseconds, not seconds.
constexpr std::uint64_t kRunBytes = 1u << 20;

// What the workers share with the calling thread. Each side is woken only
// when the other has something for it: a warm scan finishes a file every few
// microseconds, and waking every thread for each one cost a tenth of its time
// in futex calls.
struct Board {
  std::mutex mutex;
  std::condition_variable emitter_wake;  // a file it waits for is done, or the last one
  std::condition_variable worker_wake;   // reports were taken (paused workers may go on), or a stop
  bool emitter_waiting = false;
  std::size_t workers_paused = 0;
  std::vector<std::unique_ptr<FileReport>> finished;  // by input index; null until done (8 bytes a file)
  std::size_t next = 0;                               // into the start order
  std::vector<std::size_t> done_queue;              // unordered: finished, not yet emitted
  std::size_t running = 0;
  std::size_t waiting = 0;       // finished, not yet taken by the emitting thread
  std::size_t next_to_emit = 0;  // ordered: the input index the emitting thread waits for
  PoolProgress progress;
  bool stopped = false;
};

bool stop_requested(const PoolOptions& options) {
  return options.stop && options.stop->load(std::memory_order_relaxed);
}

// Puts a finished report on the board (under its lock); true when the
// emitting thread should be woken for it.
bool post(Board& board, const std::vector<std::size_t>& order, const std::vector<std::uint64_t>& sizes,
          const PoolOptions& options, std::size_t index, std::unique_ptr<FileReport> report) {
  board.finished[index] = std::move(report);
  if (!options.ordered) board.done_queue.push_back(index);
  ++board.waiting;
  --board.running;
  ++board.progress.done;
  board.progress.done_bytes += sizes[index];
  const bool all_started = board.next == order.size() || board.stopped;
  const bool next_is_done = !options.ordered || (board.next_to_emit < board.finished.size() &&
                                                  board.finished[board.next_to_emit] != nullptr);
  return board.emitter_waiting &&
         ((next_is_done && board.waiting >= kEmitBatch) || (all_started && board.running == 0));
}

// How many files from board.next on the next run takes (at least one).
std::size_t run_length(const Board& board, const std::vector<std::size_t>& order,
                       const std::vector<std::uint64_t>& sizes, unsigned threads) {
  const std::size_t left = order.size() - board.next;
  const std::size_t most = std::clamp<std::size_t>(left / (4 * std::max(1u, threads)), 1, kRunFiles);
  std::size_t length = 1;
  std::uint64_t bytes = sizes[order[board.next]];
  while (length < most) {
    bytes += sizes[order[board.next + length]];
    if (bytes > kRunBytes) break;
    ++length;
  }
  return length;
}

// Posting the reports of one run and taking the next run share one turn of the lock.
void work(Board& board, const std::vector<std::size_t>& order, const std::vector<std::uint64_t>& sizes,
          const PoolOptions& options, const std::function<FileReport(std::size_t)>& scan) {
  const std::size_t max_waiting = kWaitingPerThread * std::max(1u, options.threads);
  static_assert(kWaitingPerThread + kRunFiles <= kReportsHeldPerThread);
  std::vector<std::pair<std::size_t, std::unique_ptr<FileReport>>> finished;
  for (;;) {
    std::size_t first = 0;
    std::size_t length = 0;
    bool wake_emitter = false;
    {
      std::unique_lock lock(board.mutex);
      for (auto& [index, report] : finished)
        wake_emitter |= post(board, order, sizes, options, index, std::move(report));
      finished.clear();
      // Pause while too many reports wait, unless the next file is the one
      // the emitting thread waits for (ordered output would deadlock).
      const auto may_start = [&] {
        return board.waiting < max_waiting || board.next == order.size() || stop_requested(options) ||
               (options.ordered && order[board.next] == board.next_to_emit);
      };
      if (!may_start()) {
        if (std::exchange(wake_emitter, false)) board.emitter_wake.notify_one();
        ++board.workers_paused;
        // Timed: a stop is a signal handler's flag, which notifies no one.
        while (!may_start()) board.worker_wake.wait_for(lock, std::chrono::milliseconds(100));
        --board.workers_paused;
      }
      if (board.next == order.size()) {
        if (wake_emitter || board.running == 0) board.emitter_wake.notify_one();  // the last pass may begin
        return;
      }
      if (stop_requested(options)) {
        board.stopped = true;
        board.emitter_wake.notify_one();
        board.worker_wake.notify_all();
        return;
      }
      first = board.next;
      length = run_length(board, order, sizes, options.threads);
      board.next += length;
      board.running += length;
    }
    if (wake_emitter) board.emitter_wake.notify_one();
    for (std::size_t k = first; k < first + length; ++k) {
      // After a stop only the file in hand finishes; the rest of the run is
      // never started (the emitting thread skips such gaps).
      if (k > first && stop_requested(options)) {
        const std::lock_guard lock(board.mutex);
        board.running -= first + length - k;
        board.stopped = true;
        break;
      }
      finished.emplace_back(order[k], std::make_unique<FileReport>(scan(order[k])));
    }
  }
}

}  // namespace

std::vector<std::size_t> start_order(const std::vector<std::uint64_t>& sizes, unsigned threads) {
  std::vector<std::size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (threads <= 1) return order;
  const std::uint64_t total = std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0});
  const std::uint64_t big = std::max<std::uint64_t>(kMinBigBytes, total / (4ull * threads));
  std::stable_partition(order.begin(), order.end(), [&](std::size_t i) { return sizes[i] >= big; });
  const auto first_small =
      std::find_if(order.begin(), order.end(), [&](std::size_t i) { return sizes[i] < big; });
  std::stable_sort(order.begin(), first_small, [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  return order;
}

PoolResult run_pool(const std::vector<std::uint64_t>& sizes, const PoolOptions& options,
                    const std::function<FileReport(std::size_t)>& scan,
                    const std::function<void(std::size_t, FileReport&)>& emit,
                    const std::function<void(const PoolProgress&)>& tick, std::chrono::milliseconds tick_interval) {
  const std::vector<std::size_t> order = start_order(sizes, options.threads);
  Board board;
  board.finished.resize(sizes.size());
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < std::max(1u, options.threads); ++t)
    workers.emplace_back([&] { work(board, order, sizes, options, scan); });

  PoolResult result;
  std::size_t cursor = 0;  // ordered: the next input index to emit
  std::unique_lock lock(board.mutex);
  for (;;) {
    const bool no_more_starts = board.next == order.size() || board.stopped || stop_requested(options);
    const bool last_pass = no_more_starts && board.running == 0;
    // Take what can be emitted now, then emit it without holding the lock.
    std::vector<std::pair<std::size_t, std::unique_ptr<FileReport>>> ready;
    if (options.ordered) {
      // After a stop, files never started leave gaps: skip them on the last pass.
      for (; cursor < sizes.size() && (board.finished[cursor] || last_pass); ++cursor)
        if (board.finished[cursor]) ready.emplace_back(cursor, std::move(board.finished[cursor]));
      board.next_to_emit = cursor;
    } else {
      for (std::size_t index : board.done_queue) ready.emplace_back(index, std::move(board.finished[index]));
      board.done_queue.clear();
    }
    const PoolProgress progress = board.progress;
    lock.unlock();
    for (auto& [index, report] : ready) {
      emit(index, *report);
      report.reset();
      ++result.emitted;
    }
    if (tick) tick(progress);
    lock.lock();
    // Counted until emitted and freed, so the bound is on reports in memory.
    board.waiting -= ready.size();
    // Paused workers may go on, or must see the stop.
    if ((!ready.empty() && board.workers_paused > 0) || stop_requested(options)) board.worker_wake.notify_all();
    if (last_pass) break;
    if (board.done_queue.empty() && (!options.ordered || cursor == sizes.size() || !board.finished[cursor])) {
      board.emitter_waiting = true;
      board.emitter_wake.wait_for(lock, tick_interval);
      board.emitter_waiting = false;
    }
  }
  result.stopped = board.stopped || board.next < order.size();
  lock.unlock();
  for (auto& w : workers) w.join();
  return result;
}

}  // namespace foiguard::walk
