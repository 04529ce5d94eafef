#include "scan/batch_pipeline.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace foiguard::scan {
namespace {

// One batch on its way through the pipeline.
struct Slot {
  TextBatch batch;
  std::size_t room = 0;           // findings it may still list (an upper bound)
  std::vector<Finding> listed;    // its first `room` findings, rendered
  std::vector<FindingKey> counted;  // the rest, in order after `listed`
  std::exception_ptr error;
  bool done = false;
};

// Finding::rule is a copy; FindingKey points at the RuleSet's own id.
class RuleIds {
 public:
  explicit RuleIds(const RuleSet& rules) {
    for (const auto& r : rules.text_rules) ids_.emplace(r.id, &r.id);
    for (const auto& r : rules.column_rules) ids_.emplace(r.id, &r.id);
  }
  const std::string& find(const std::string& id) {
    if (last_ == nullptr || *last_ != id) {
      const auto it = ids_.find(id);
      if (it == ids_.end()) throw std::logic_error("finding of a rule not in the detector's rules: " + id);
      last_ = it->second;
    }
    return *last_;
  }

 private:
  std::unordered_map<std::string_view, const std::string*> ids_;
  const std::string* last_ = nullptr;
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

  State(const Detector& d, const ScanOptions& o, Collector& c)
      : detector(d), options(o), collector(c) {}

  void detect(Slot& slot) const {
    DetectOptions detect_options = options.detect;
    detect_options.render = detect_options.render && slot.room > 0;
    RuleIds ids(detector.rules());
    try {
      detector.detect(slot.batch, detect_options, [&](const Finding& f) {
        if (slot.listed.size() < slot.room) {
          slot.listed.push_back(f);
        } else {
          slot.counted.push_back({f.category, f.visibility, f.record, &ids.find(f.rule)});
        }
      });
    } catch (...) {
      slot.error = std::current_exception();
    }
  }

  void work() {
    std::unique_lock lock(mutex);
    for (;;) {
      work_ready.wait(lock, [&] { return stopping || next_to_detect < in_flight.size(); });
      if (stopping) return;
      Slot& slot = *in_flight[next_to_detect++];
      lock.unlock();
      detect(slot);
      lock.lock();
      slot.done = true;
      batch_done.notify_all();
    }
  }

  // Waits for the oldest batch, hands its findings to the collector in order.
  void collect_front() {
    std::unique_ptr<Slot> slot;
    {
      std::unique_lock lock(mutex);
      batch_done.wait(lock, [&] { return in_flight.front()->done; });
      slot = std::move(in_flight.front());
      in_flight.pop_front();
      --next_to_detect;
    }
    if (slot->error) std::rethrow_exception(slot->error);
    collector.start_batch();
    for (const Finding& f : slot->listed) collector.add(f);
    for (const FindingKey& key : slot->counted) collector.count(key);
    std::lock_guard lock(mutex);
    spare.push_back(std::move(slot));
  }

  std::unique_ptr<Slot> take_spare() {
    std::lock_guard lock(mutex);
    if (spare.empty()) return std::make_unique<Slot>();
    auto slot = std::move(spare.back());
    spare.pop_back();
    slot->listed.clear();
    slot->counted.clear();
    slot->error = nullptr;
    slot->done = false;
    return slot;
  }
};

BatchPipeline::BatchPipeline(const Detector& detector, const ScanOptions& options,
                             Collector& collector, unsigned threads)
    : state_(std::make_unique<State>(detector, options, collector)) {
  for (unsigned i = 0; threads > 1 && i < threads; ++i)
    state_->workers.emplace_back([state = state_.get()] { state->work(); });
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
  auto slot = s.take_spare();
  slot->batch.text.swap(batch.text);
  slot->batch.spans.swap(batch.spans);
  slot->batch.headers = batch.headers;
  slot->batch.scopes = batch.scopes;
  // The listing can only have filled further by the time this batch is
  // collected, so this room is enough.
  const std::size_t listed = s.collector.listed();
  slot->room = listed < s.options.max_findings ? s.options.max_findings - listed : 0;
  if (s.workers.empty()) {
    s.detect(*slot);
    slot->done = true;
    s.in_flight.push_back(std::move(slot));
    ++s.next_to_detect;
    s.collect_front();
    return;
  }
  // Two batches per worker keep every core busy while the reader fills the next.
  while (s.in_flight.size() >= 2 * s.workers.size()) s.collect_front();
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
