// Files inside files: the reader for a sniffed format, nested members and
// attachments (their locations and visibility), and plain zip archives.
#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "formats/package_parts.hpp"

namespace foiguard::formats {
namespace {

// A file whose member chain (its own name last) is past the depth limit is a
// note, not a read.
bool too_deep(const PackageOptions& options, ReadStats& stats) {
  if (options.container.size() <= options.max_depth) return false;
  stats.not_checked.push_back({options.container.empty() ? std::string() : options.container.back(),
                               fmt::format("nested deeper than {} levels: not opened", options.max_depth)});
  return true;
}

}  // namespace

PackageOptions with_budget(const PackageOptions& options) {
  PackageOptions out = options;
  if (!out.budget) out.budget = std::make_shared<ContainerBudget>();
  return out;
}

ReadStats read_sniffed(const Sniffed& sniffed, std::string_view bytes, const PackageOptions& given,
                       const BatchSink& sink) {
  const PackageOptions options = with_budget(given);
  switch (sniffed.kind) {
    case Kind::empty:
      return {};
    case Kind::text:
      return read_text(bytes, options.batch_bytes, sink);
    case Kind::csv:
      return read_csv(bytes, sniffed.delimiter, options.batch_bytes, sink);
    case Kind::package:
      return read_package(bytes, options, sink);
    case Kind::html:
      return read_html(bytes, options, sink);
    case Kind::email:
      return read_email(bytes, options, sink);
    case Kind::pdf:
      return read_pdf(bytes, options, sink);
    case Kind::unsupported:
    case Kind::binary:
      break;
  }
  ReadStats stats;
  stats.format = sniffed.format;
  stats.not_checked.push_back({"", sniffed.detail.empty() ? "unsupported format" : sniffed.detail});
  return stats;
}

void read_nested(std::string_view bytes, const PackageOptions& options, Visibility floor,
                 ReadStats& stats, const BatchSink& sink) {
  if (too_deep(options, stats)) return;
  const std::string member = options.container.empty() ? std::string() : options.container.back();
  // Readers of text formats know nothing of containers: their spans are
  // placed in the chain here, and what a reader of the document sees in the
  // file (visible) becomes what it is in the container.
  const BatchSink placed = [&](TextBatch& batch) {
    for (Scope& scope : batch.scopes)
      if (scope.container.empty()) scope.container = options.container;
    for (Span& span : batch.spans)
      if (span.visibility == Visibility::visible) span.visibility = floor;
    sink(batch);
  };
  ReadStats inner;
  try {
    inner = read_sniffed(sniff(bytes, member), bytes, options, placed);
  } catch (const FormatError& e) {
    stats.not_checked.push_back({member, e.what()});
    return;
  }
  stats.lines += inner.lines;
  for (auto& note : inner.not_checked)
    stats.not_checked.push_back({note.part.empty() ? member : member + "!/" + note.part, std::move(note.reason)});
  for (auto& w : inner.warnings) stats.warnings.push_back(member + ": " + w);
}

namespace {

// The member's bytes, inflated, with `inner` set to the options it is read
// with; nullopt when it is not to be read (too deep, encrypted, or it failed
// to inflate: a note in `stats`).
std::optional<std::string> inflate_member(ZipArchive& zip, const ZipArchive::Entry& entry,
                                          const PackageOptions& options, PackageOptions& inner,
                                          ReadStats& stats) {
  std::optional<std::string> bytes;
  read_part_or_note(entry.name, stats, [&] {
    inner = options;
    inner.container.push_back(entry.name);
    if (too_deep(inner, stats)) return;  // before the member is inflated
    if (entry.encrypted) {
      stats.not_checked.push_back({entry.name, "encrypted member: cannot be checked"});
      return;
    }
    bytes = zip.read_all(entry, kMaxNestedBytes);
  });
  return bytes;
}

void read_inflated(const std::string& bytes, const PackageOptions& inner, const std::string& name,
                   Visibility floor, ReadStats& stats, const BatchSink& sink) {
  read_part_or_note(name, stats, [&] { read_nested(bytes, inner, floor, stats, sink); });
}

// Members inflated up to this size may be read on the helper thread (a
// larger one is read alone, as usual).
constexpr std::uint64_t kHelperMemberBytes = 4u << 20;
// Text of the helper's batches that may wait for the member before it to be
// read; past this the helper waits too (a small member can still hold a lot:
// a package inflates its parts in turn).
constexpr std::size_t kWaitingBytes = 4u << 20;
// The same for all the members read ahead together.
constexpr std::size_t kAllWaitingBytes = 16u << 20;
// Members queued on the helper at most, and their inflated bytes: it keeps
// reading while this thread reads and sends the ones before (4 members ahead
// left it waiting: a zip of 1,000 documents took 0.118 s, with 16 0.108 s).
constexpr std::size_t kMembersAhead = 16;
constexpr std::size_t kBytesAhead = 8u << 20;

// One member read on the helper thread while the archive's thread reads the
// member before it. Its batches wait in `batches` (guarded by the helper's
// mutex) until then; its notes wait in `stats`.
struct HelperRead {
  std::string name;
  std::string bytes;
  PackageOptions options;
  ReadStats stats;
  std::deque<TextBatch> batches;
  std::size_t waiting_bytes = 0;
  bool finished = false;
  bool abandoned = false;  // the archive's thread stopped on an error: drop the rest
  std::exception_ptr error;
};

// A thread that reads one member at a time for read_archive.
class MemberHelper {
 public:
  MemberHelper() : thread_([this] { work(); }) {}
  ~MemberHelper() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  MemberHelper(const MemberHelper&) = delete;
  MemberHelper& operator=(const MemberHelper&) = delete;

  // Queues a member to read after the ones queued before it.
  void start(HelperRead& job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(&job);
    }
    changed_.notify_all();
  }

  // Sends the job's batches to `sink` in order as they come, until it is
  // read; then rethrows its error, if it had one. On an error of the sink,
  // abandons the job (waits for it, dropping its batches) and rethrows.
  void drain(HelperRead& job, const BatchSink& sink) {
    for (;;) {
      TextBatch batch;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !job.batches.empty() || job.finished; });
        if (job.batches.empty()) break;
        batch = std::move(job.batches.front());
        job.batches.pop_front();
        job.waiting_bytes -= batch.text.size();
        all_waiting_bytes_ -= batch.text.size();
      }
      changed_.notify_all();
      try {
        sink(batch);
      } catch (...) {
        abandon(job);
        throw;
      }
    }
    if (job.error) std::rethrow_exception(job.error);
  }

  // Waits for the job to end, dropping what it still sends (a job still
  // queued is taken off the queue).
  void abandon(HelperRead& job) {
    std::unique_lock lock(mutex_);
    job.abandoned = true;
    all_waiting_bytes_ -= job.waiting_bytes;
    job.waiting_bytes = 0;
    job.batches.clear();
    if (const auto it = std::find(jobs_.begin(), jobs_.end(), &job); it != jobs_.end()) {
      jobs_.erase(it);
      job.finished = true;
    }
    changed_.notify_all();
    changed_.wait(lock, [&] { return job.finished; });
  }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      HelperRead& job = *jobs_.front();
      jobs_.pop_front();
      lock.unlock();
      read(job);
      lock.lock();
      job.finished = true;
      changed_.notify_all();
    }
  }

  void read(HelperRead& job) {
    const BatchSink keep = [&](TextBatch& batch) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] {
        return (job.waiting_bytes < kWaitingBytes && all_waiting_bytes_ < kAllWaitingBytes) || job.abandoned;
      });
      if (job.abandoned) return;
      TextBatch& kept = job.batches.emplace_back();
      batch.hand_over(kept);
      job.waiting_bytes += kept.text.size();
      all_waiting_bytes_ += kept.text.size();
      changed_.notify_all();
    };
    try {
      read_inflated(job.bytes, job.options, job.name, Visibility::archive_member, job.stats, keep);
    } catch (...) {
      job.error = std::current_exception();
    }
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<HelperRead*> jobs_;  // queued, not yet taken
  std::size_t all_waiting_bytes_ = 0;  // text of every job's waiting batches
  bool stopping_ = false;
  std::thread thread_;
};

void add_stats(ReadStats& to, ReadStats& from) {
  to.lines += from.lines;
  for (auto& note : from.not_checked) to.not_checked.push_back(std::move(note));
  for (auto& warning : from.warnings) to.warnings.push_back(std::move(warning));
}

}  // namespace

void read_member(ZipArchive& zip, const ZipArchive::Entry& entry, const PackageOptions& options,
                 Visibility floor, ReadStats& stats, const BatchSink& sink) {
  PackageOptions inner;
  if (const auto bytes = inflate_member(zip, entry, options, inner, stats))
    read_inflated(*bytes, inner, entry.name, floor, stats, sink);
}

// With member_threads > 1 (the scanned file itself is the archive), every
// other small member is read on a helper thread while this thread reads the
// ones between: this thread inflates them all (libzip is not thread-safe),
// keeps up to kMembersAhead queued on the helper, and sends each member's
// batches and notes on in member order, so the sink sees what one thread
// would send. A member over kHelperMemberBytes is always read here.
void read_archive(ZipArchive& zip, const PackageOptions& options, ReadStats& stats, const BatchSink& sink) {
  std::vector<const ZipArchive::Entry*> members;
  for (const auto& e : zip.entries())
    if (!e.name.ends_with("/")) members.push_back(&e);  // not a folder
  if (options.member_threads <= 1 || !options.container.empty() || members.size() < 2) {
    for (const auto* e : members) read_member(zip, *e, options, Visibility::archive_member, stats, sink);
    return;
  }
  std::vector<bool> on_helper(members.size(), false);
  for (std::size_t i = 0, small = 0; i < members.size(); ++i)
    if (members[i]->size <= kHelperMemberBytes) on_helper[i] = small++ % 2 == 1;

  MemberHelper helper;
  std::deque<HelperRead> ahead;  // queued on the helper, in member order
  std::size_t ahead_bytes = 0;
  std::size_t next_to_queue = 0;
  const auto feed_helper = [&](std::size_t from) {
    next_to_queue = std::max(next_to_queue, from);
    for (; next_to_queue < members.size() && ahead.size() < kMembersAhead && ahead_bytes < kBytesAhead;
         ++next_to_queue) {
      if (!on_helper[next_to_queue]) continue;
      const ZipArchive::Entry& e = *members[next_to_queue];
      HelperRead& job = ahead.emplace_back();
      job.name = e.name;
      if (auto bytes = inflate_member(zip, e, options, job.options, job.stats)) {
        job.bytes = std::move(*bytes);
        ahead_bytes += job.bytes.size();
        helper.start(job);
      } else {
        job.finished = true;  // a note only
      }
    }
  };
  try {
    for (std::size_t i = 0; i < members.size(); ++i) {
      feed_helper(i);
      if (!on_helper[i]) {
        read_member(zip, *members[i], options, Visibility::archive_member, stats, sink);
        continue;
      }
      HelperRead& job = ahead.front();
      helper.drain(job, sink);
      add_stats(stats, job.stats);
      ahead_bytes -= job.bytes.size();
      ahead.pop_front();
    }
  } catch (...) {
    for (HelperRead& job : ahead) helper.abandon(job);
    throw;
  }
}

}  // namespace foiguard::formats
