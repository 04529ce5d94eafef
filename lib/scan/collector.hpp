// Collecting a file's findings in two steps, so that the costly part runs
// where the batch was detected (on any thread) and only a cheap merge runs in
// reading order:
//   - BatchCollector gathers one batch: its first findings in full, its
//     records built and summarised, the rest counted by kind;
//   - Collector merges the batches, in order, into the FileReport: lists the
//     first max_findings and max_records file-wide, counts everything exactly,
//     and numbers records across the file.
// A file of any size needs bounded memory and still gets exact counts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "foiguard/detector.hpp"
#include "foiguard/rules.hpp"
#include "foiguard/scanner.hpp"

namespace foiguard::scan {

class BatchCollector {
 public:
  explicit BatchCollector(const RuleSet& rules) : rules_(&rules) {}

  // Starts a batch that may list at most `finding_room` findings and
  // `record_room` records (what the file's listings have left, or more).
  void reset(std::size_t finding_room, std::size_t record_room);
  // Findings in the order the detector emits them; Finding::record is the
  // batch-local id the detector gives.
  void add(const Finding& finding);
  // Closes the last record. Call once, after the batch's last finding.
  void finish();
  // What the detector left out of this batch (allowlist, baseline).
  void left_out(const DetectStats& stats) { left_out_ = stats; }
  // How many findings and records it lists (at most the rooms given to reset).
  std::size_t listed_findings() const { return listed_.size(); }
  std::size_t listed_records() const { return records_.size(); }

 private:
  friend class Collector;
  void close_record();
  void tally(Category category, const std::string& rule, Visibility visibility);
  std::size_t place_of(const Finding& finding);

  const RuleSet* rules_;
  std::size_t finding_room_ = 0, record_room_ = 0;
  std::vector<Finding> listed_;        // the first finding_room_ findings
  std::vector<FindingTally> unlisted_;  // the rest, by kind
  std::vector<Record> records_;        // the first record_room_ records, batch-local ids
  std::size_t last_tally_ = 0;         // findings of one rule come in runs
  std::vector<HiddenPlace> places_;    // hidden places of this batch (where is filled on merge)
  std::size_t last_place_ = 0;         // hidden findings come in runs from one place
  Record open_;                        // the record being filled (id 0: none)
  std::size_t open_place_ = SIZE_MAX;  // place of the open record's most hidden finding
  bool open_seen_ = false;             // the open record has a finding a reader sees
  std::uint32_t highest_record_ = 0;
  std::uint64_t findings_ = 0, records_total_ = 0, personnel_ = 0, sensitive_ = 0, hidden_ = 0, visible_ = 0;
  DetectStats left_out_;
};

class Collector {
 public:
  Collector(const ScanOptions& options, FileReport& report) : options_(options), report_(report) {}

  // Room the file's listings still have: enough for a batch collected next.
  std::size_t finding_room() const;
  std::size_t record_room() const;
  // Merges one batch into the report, moving its listed findings and records
  // out of it (reset() it before reuse). Batches must come in reading order.
  void add(BatchCollector& batch);
  // Findings batches listed (rendered in full) that the file's listing then
  // had no room for: work for nothing, which BatchPipeline keeps small.
  std::uint64_t overlisted() const { return overlisted_; }

 private:
  void tally(const FindingTally& t);
  void merge_place(const HiddenPlace& place);

  const ScanOptions& options_;
  FileReport& report_;
  std::uint32_t batch_base_ = 0;  // file-wide id of the next batch's record 0
  std::uint64_t overlisted_ = 0;
};

}  // namespace foiguard::scan
