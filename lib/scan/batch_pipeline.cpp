#include "scan/batch_pipeline.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace foiguard::scan {
namespace {

// One batch on its way through the pipeline.
struct Slot {
  explicit Slot(const RuleSet& rules) : found(rules) {}
  TextBatch batch;
  std::size_t finding_room = 0, record_room = 0;  // upper bounds: see detect_next()
  BatchCollector found;
  std::exception_ptr error;
  bool done = false;
};

}  // namespace

struct BatchPipeline::State {
  const Detector& detector;
  const ScanOptions& options;
  Collector& collector;
  std::vector<std::thread> workers;

  std::mutex mutex;
  std::condition_variable work_ready, batch_done;
  std::deque<std::unique_ptr<Slot>> in_flight;  // reading order
  std::size_t next_to_detect = 0;               // index into in_flight
  bool stopping = false;
  std::vector<std::unique_ptr<Slot>> spare;     // collected slots, buffers kept
  // The collector's rooms as of the last batch collected, read under the
  // mutex by the threads that detect (the collector is not).
  std::size_t finding_room = 0, record_room = 0;

  State(const Detector& d, const ScanOptions& o, Collector& c) : detector(d), options(o), collector(c) {
    note_rooms();
  }

  // Takes the collector's rooms; the mutex is held, or no worker runs yet.
  void note_rooms() {
    finding_room = collector.finding_room();
    record_room = collector.record_room();
  }

  void detect(const TextBatch& batch, Slot& slot) const {
    DetectOptions detect_options = options.detect;
    // Only the findings the batch can list are rendered (masked, located by
    // name, fingerprinted): the rest are counted by kind.
    detect_options.render_limit = std::min(detect_options.render_limit, slot.finding_room);
    slot.found.reset(slot.finding_room, slot.record_room);
    try {
      slot.found.left_out(detector.detect(batch, detect_options, [&](const Finding& f) { slot.found.add(f); }));
      slot.found.finish();
    } catch (...) {
      slot.error = std::current_exception();
    }
  }

  // Detects the oldest batch no thread has taken; `lock` holds the mutex
  // on entry and on return, not while detecting.
  void detect_next(std::unique_lock<std::mutex>& lock) {
    // What the listings can still take when this batch is collected is at
    // most what they have left less what the batches before it, detected
    // but not yet collected, list. A batch still being detected may list
    // nothing, so it is not counted: the room stays an upper bound, and the
    // report stays the one a single thread gives. Without this, every batch
    // in flight at the start of a dense file rendered a full listing that
    // the first one then filled (10,000 findings each, 40 MB on a staff list).
    std::size_t findings = finding_room, records = record_room;
    for (std::size_t k = 0; k < next_to_detect; ++k) {
      const Slot& before = *in_flight[k];
      if (!before.done) continue;
      findings -= std::min(findings, before.found.listed_findings());
      records -= std::min(records, before.found.listed_records());
    }
    Slot& slot = *in_flight[next_to_detect++];
    slot.finding_room = findings;
    slot.record_room = records;
    lock.unlock();
    detect(slot.batch, slot);
    lock.lock();
    slot.done = true;
    batch_done.notify_all();
  }

  void work() {
    std::unique_lock lock(mutex);
    for (;;) {
      work_ready.wait(lock, [&] { return stopping || next_to_detect < in_flight.size(); });
      if (stopping) return;
      detect_next(lock);
    }
  }

  // Collects the oldest batch, handing its findings to the collector in
  // order. While it is not done, the calling thread detects batches no
  // worker has taken rather than wait: it is one of the file's threads.
  void collect_front() {
    std::unique_ptr<Slot> slot;
    {
      std::unique_lock lock(mutex);
      while (!in_flight.front()->done) {
        if (next_to_detect < in_flight.size()) {
          detect_next(lock);
        } else {
          batch_done.wait(lock);
        }
      }
      slot = std::move(in_flight.front());
      in_flight.pop_front();
      --next_to_detect;
    }
    if (slot->error) std::rethrow_exception(slot->error);
    collector.add(slot->found);
    std::lock_guard lock(mutex);
    note_rooms();
    spare.push_back(std::move(slot));
  }

  std::unique_ptr<Slot> take_spare() {
    std::lock_guard lock(mutex);
    if (spare.empty()) return std::make_unique<Slot>(detector.rules());
    auto slot = std::move(spare.back());
    spare.pop_back();
    slot->error = nullptr;
    slot->done = false;
    return slot;
  }
};

BatchPipeline::BatchPipeline(const Detector& detector, const ScanOptions& options,
                             Collector& collector, unsigned threads, unsigned workers_from)
    : state_(std::make_unique<State>(detector, options, collector)),
      threads_(threads),
      workers_from_(std::max(workers_from, 1u)) {}

void BatchPipeline::start_workers() {
  State& s = *state_;
  s.note_rooms();  // batches were collected on this thread until now
  for (unsigned i = 1; i < threads_; ++i) s.workers.emplace_back([state = state_.get()] { state->work(); });
}

BatchPipeline::~BatchPipeline() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->work_ready.notify_all();
  for (auto& worker : state_->workers) worker.join();
}

void BatchPipeline::submit(TextBatch& batch) {
  State& s = *state_;
  if (s.workers.empty() && threads_ > 1 && ++submitted_ == workers_from_) start_workers();
  auto slot = s.take_spare();
  if (s.workers.empty()) {  // one thread so far: detect the reader's batch where it is
    slot->finding_room = s.collector.finding_room();
    slot->record_room = s.collector.record_room();
    s.detect(batch, *slot);
    if (slot->error) std::rethrow_exception(slot->error);
    s.collector.add(slot->found);
    s.spare.push_back(std::move(slot));
    return;
  }
  batch.hand_over(slot->batch);
  // Two batches per thread keep every core busy while the reader fills the
  // next; past that the reader is ahead, and collect_front() detects.
  while (s.in_flight.size() >= 2 * (s.workers.size() + 1)) s.collect_front();
  {
    std::lock_guard lock(s.mutex);
    s.in_flight.push_back(std::move(slot));
  }
  s.work_ready.notify_one();
}

void BatchPipeline::finish() {
  while (!state_->in_flight.empty()) state_->collect_front();
}

}  // namespace foiguard::scan
