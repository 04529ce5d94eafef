// The scan pool: reports come out in input order (or as they finish), big
// files start first, and a stop finishes what is in flight and reports every
// finished file, never one that was not started.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "walk/scan_pool.hpp"

namespace foiguard::walk {
namespace {

using namespace std::chrono_literals;

FileReport named(std::size_t i) {
  FileReport report;
  report.path = "file-" + std::to_string(i);
  return report;
}

TEST(ScanPool, OrderedEmitsInInputOrderWhateverFinishesFirst) {
  const std::vector<std::uint64_t> sizes(40, 1000);
  PoolOptions options;
  options.threads = 4;
  std::vector<std::size_t> emitted;
  std::vector<std::string> paths;
  const auto result = run_pool(
      sizes, options,
      [](std::size_t i) {
        std::this_thread::sleep_for(std::chrono::milliseconds((i * 7) % 5));  // later ones often finish first
        return named(i);
      },
      [&](std::size_t i, FileReport& report) {
        emitted.push_back(i);
        paths.push_back(report.path);
      },
      {});
  ASSERT_EQ(emitted.size(), 40u);
  for (std::size_t i = 0; i < emitted.size(); ++i) {
    EXPECT_EQ(emitted[i], i);
    EXPECT_EQ(paths[i], "file-" + std::to_string(i));
  }
  EXPECT_EQ(result.emitted, 40u);
  EXPECT_FALSE(result.stopped);
}

TEST(ScanPool, UnorderedDoesNotWaitForASlowFile) {
  const std::vector<std::uint64_t> sizes(10, 1000);
  PoolOptions options;
  options.threads = 2;
  options.ordered = false;
  std::vector<std::size_t> emitted;
  run_pool(
      sizes, options,
      [](std::size_t i) {
        if (i == 0) std::this_thread::sleep_for(300ms);
        return named(i);
      },
      [&](std::size_t i, FileReport&) { emitted.push_back(i); }, {}, 10ms);
  ASSERT_EQ(emitted.size(), 10u);
  EXPECT_EQ(emitted.back(), 0u) << "the slow first file is emitted last, the others as they finish";
  EXPECT_EQ(std::set<std::size_t>(emitted.begin(), emitted.end()).size(), 10u);
}

TEST(ScanPool, BigFilesStartFirstOnlyWhenThereIsMoreThanOneThread) {
  const std::vector<std::uint64_t> sizes = {1000, 2000, 300u << 20, 500, 100u << 20, 3000};
  EXPECT_EQ(start_order(sizes, 2), (std::vector<std::size_t>{2, 4, 0, 1, 3, 5}));
  EXPECT_EQ(start_order(sizes, 1), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
  // Files of a few MiB are never "big", however uneven: path order keeps reports flowing.
  const std::vector<std::uint64_t> small = {10, 4u << 20, 20};
  EXPECT_EQ(start_order(small, 2), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(ScanPool, AStopFinishesWhatIsInFlightAndReportsEveryFinishedFile) {
  const std::vector<std::uint64_t> sizes(100, 1000);
  std::atomic<bool> stop{false};
  PoolOptions options;
  options.threads = 2;
  options.stop = &stop;
  std::mutex mutex;
  std::set<std::size_t> scanned;
  std::vector<std::size_t> emitted;
  std::atomic<std::size_t> started_after_stop{0};
  const auto result = run_pool(
      sizes, options,
      [&](std::size_t i) {
        if (stop) ++started_after_stop;
        if (i == 10) stop = true;
        std::this_thread::sleep_for(2ms);
        const std::lock_guard lock(mutex);
        scanned.insert(i);
        return named(i);
      },
      [&](std::size_t i, FileReport&) { emitted.push_back(i); }, {}, 5ms);
  EXPECT_TRUE(result.stopped);
  EXPECT_EQ(result.emitted, emitted.size());
  EXPECT_EQ(std::set<std::size_t>(emitted.begin(), emitted.end()), scanned) << "every scanned file, and only those";
  EXPECT_GE(emitted.size(), 11u);
  EXPECT_LT(emitted.size(), sizes.size());
  // Files go to threads in runs; a stop ends a run after the file in hand.
  EXPECT_LE(started_after_stop.load(), 1u) << "at most one file started as the stop came";
  EXPECT_TRUE(std::is_sorted(emitted.begin(), emitted.end()));
}

TEST(ScanPool, ProgressCountsFilesAndBytesAsTheyFinish) {
  const std::vector<std::uint64_t> sizes = {100, 200, 300};
  PoolOptions options;
  options.threads = 2;
  PoolProgress last;
  std::size_t ticks = 0;
  run_pool(
      sizes, options, [](std::size_t i) { return named(i); }, [](std::size_t, FileReport&) {},
      [&](const PoolProgress& progress) {
        EXPECT_GE(progress.done, last.done);
        last = progress;
        ++ticks;
      });
  EXPECT_GE(ticks, 1u);
  EXPECT_EQ(last.done, 3u);
  EXPECT_EQ(last.done_bytes, 600u);
}

TEST(ScanPool, ReportsWaitingToBeEmittedStayBounded) {
  // Scanning (a cache hit) is far faster than emitting (writing a report):
  // the workers must pause rather than pile every report up in memory.
  const std::vector<std::uint64_t> sizes(2000, 1000);
  for (const bool ordered : {true, false}) {
    PoolOptions options;
    options.threads = 2;
    options.ordered = ordered;
    std::atomic<std::size_t> alive{0};
    std::size_t most_alive = 0, emitted = 0;
    run_pool(
        sizes, options,
        [&](std::size_t i) {
          ++alive;
          return named(i);
        },
        [&](std::size_t, FileReport&) {
          most_alive = std::max(most_alive, alive.load());
          std::this_thread::sleep_for(20us);
          --alive;
          ++emitted;
        },
        {});
    EXPECT_EQ(emitted, 2000u);
    EXPECT_LE(most_alive, kReportsHeldPerThread * 2 + 2) << (ordered ? "ordered" : "unordered");
    EXPECT_LT(most_alive, 2000u / 8) << "a small share of the files, whatever their number";
  }
}

TEST(ScanPool, NoFilesIsNoWork) {
  const auto result = run_pool(
      {}, {}, [](std::size_t i) { return named(i); }, [](std::size_t, FileReport&) { FAIL(); }, {});
  EXPECT_EQ(result.emitted, 0u);
  EXPECT_FALSE(result.stopped);
}

}  // namespace
}  // namespace foiguard::walk
