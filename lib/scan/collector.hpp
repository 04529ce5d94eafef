// Collects one file's findings as the detector streams them: lists the first
// max_findings, counts the rest by kind, and builds records on the fly (the
// findings of one record arrive together), so a file of any size needs
// bounded memory and still gets exact counts.
#pragma once

#include <cstdint>

#include "foiguard/rules.hpp"
#include "foiguard/scanner.hpp"

namespace foiguard::scan {

// What the Collector needs of a finding that will not be listed: enough to
// count it and to build its record.
struct FindingKey {
  Category category = Category::person_name;
  Visibility visibility = Visibility::visible;
  std::uint32_t record = 0;          // batch-local record id, as the detector gives it
  const std::string* rule = nullptr;  // the rule's id, owned by the RuleSet
};

class Collector {
 public:
  Collector(const RuleSet& rules, const ScanOptions& options, FileReport& report);

  // Call before each batch: record ids restart at 1 in every batch.
  void start_batch();
  // True once the listing is full: later batches need no rendered findings.
  bool listing_full() const;
  // Lists the finding while there is room, else counts it.
  void add(const Finding& finding);
  // Counts a finding known to be past the listing (listing_full() is true).
  void count(const FindingKey& key);
  std::size_t listed() const { return report_.findings.size(); }
  // Closes the last record. Call once, after the last batch.
  void finish();

 private:
  void close_record();
  // Joins the finding to its record; returns the file-wide record id (0: none).
  std::uint32_t join_record(Category category, Visibility visibility, std::uint32_t batch_record);
  void tally(Category category, const std::string& rule, Visibility visibility);

  const RuleSet& rules_;
  const ScanOptions& options_;
  FileReport& report_;
  std::uint32_t batch_base_ = 0;      // file-wide id of the batch's record 0
  std::uint32_t batch_highest_ = 0;   // highest batch-local record id seen
  Record open_;                       // the record being filled (id 0: none)
  std::size_t last_tally_ = 0;        // findings of one rule come in runs
};

}  // namespace foiguard::scan
