// Collects one file's findings as the detector streams them: lists the first
// max_findings, counts the rest by kind, and builds records on the fly (the
// findings of one record arrive together), so a file of any size needs
// bounded memory and still gets exact counts.
#pragma once

#include <cstdint>

#include "foiguard/rules.hpp"
#include "foiguard/scanner.hpp"

namespace foiguard::scan {

class Collector {
 public:
  Collector(const RuleSet& rules, const ScanOptions& options, FileReport& report);

  // Call before each batch: record ids restart at 1 in every batch.
  void start_batch();
  // True once the listing is full: later batches need no rendered findings.
  bool listing_full() const;
  void add(const Finding& finding);
  // Closes the last record. Call once, after the last batch.
  void finish();

 private:
  void close_record();

  const RuleSet& rules_;
  const ScanOptions& options_;
  FileReport& report_;
  std::uint32_t batch_base_ = 0;      // file-wide id of the batch's record 0
  std::uint32_t batch_highest_ = 0;   // highest batch-local record id seen
  Record open_;                       // the record being filled (id 0: none)
};

}  // namespace foiguard::scan
