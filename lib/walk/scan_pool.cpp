#include "walk/scan_pool.hpp"

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>

namespace foiguard::walk {

namespace {

// Below this a file is never "big": starting it early gains nothing.
constexpr std::uint64_t kMinBigBytes = 8u << 20;
// Finished reports waiting to be emitted, per thread, before workers pause:
// reading from a cache outruns writing a report, and without a bound every
// report of a warm scan would pile up in memory.
constexpr std::size_t kWaitingPerThread = 16;

// What the workers share with the calling thread.
struct Board {
  std::mutex mutex;
  std::condition_variable changed;
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

void work(Board& board, const std::vector<std::size_t>& order, const std::vector<std::uint64_t>& sizes,
          const PoolOptions& options, const std::function<FileReport(std::size_t)>& scan) {
  const std::size_t max_waiting = kWaitingPerThread * std::max(1u, options.threads);
  for (;;) {
    std::size_t index;
    {
      std::unique_lock lock(board.mutex);
      // Pause while too many reports wait, unless the next file is the one
      // the emitting thread waits for (ordered output would deadlock).
      board.changed.wait(lock, [&] {
        return board.waiting < max_waiting || board.next == order.size() || stop_requested(options) ||
               (options.ordered && order[board.next] == board.next_to_emit);
      });
      if (board.next == order.size()) return;
      if (stop_requested(options)) {
        board.stopped = true;
        board.changed.notify_all();
        return;
      }
      index = order[board.next++];
      ++board.running;
    }
    auto report = std::make_unique<FileReport>(scan(index));
    {
      const std::lock_guard lock(board.mutex);
      board.finished[index] = std::move(report);
      if (!options.ordered) board.done_queue.push_back(index);
      ++board.waiting;
      --board.running;
      ++board.progress.done;
      board.progress.done_bytes += sizes[index];
    }
    board.changed.notify_all();
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
    if (!ready.empty() || stop_requested(options)) board.changed.notify_all();
    if (last_pass) break;
    if (board.done_queue.empty() && (!options.ordered || cursor == sizes.size() || !board.finished[cursor]))
      board.changed.wait_for(lock, tick_interval);
  }
  result.stopped = board.next < order.size();
  lock.unlock();
  for (auto& w : workers) w.join();
  return result;
}

}  // namespace foiguard::walk
