// BatchPipeline: runs the Detector over a file's batches on worker threads
// and hands each batch's findings to the Collector in reading order, so a
// large file uses every core and its report is the same as from one thread.
//
// The reader calls submit() with each batch on the calling thread, which is
// one of the file's threads: `threads` - 1 workers detect and gather batches
// (BatchCollector) beside it, and the calling thread merges them into the
// Collector in reading order. Measured on a 100,000-row workbook on two
// cores: one worker beside the reader, 0.18 s; two, competing with the
// reader for the cores, 0.21 s. When the reader is ahead (a CSV, where
// detection costs most), the calling thread detects waiting batches itself
// rather than wait. At most two batches per thread are in flight, each
// listing no more than the file's listings have left, so memory stays
// bounded on any file.
#pragma once

#include <cstddef>
#include <memory>

#include "foiguard/detector.hpp"
#include "foiguard/scanner.hpp"
#include "foiguard/text_batch.hpp"
#include "scan/collector.hpp"

namespace foiguard::scan {

class BatchPipeline {
 public:
  // threads > 1: threads - 1 workers beside the calling thread, started with
  // the file's `workers_from`-th batch (1: the first). Until then, and always
  // when threads <= 1, each batch is detected on the calling thread, in
  // submit(). The Scanner starts them at once for a file large on disk, and
  // at the third batch for a smaller one: a file of one or two batches costs
  // no thread, and one small on disk but long in text (a 0.4 MB letter of 500
  // pages) still gets them.
  BatchPipeline(const Detector& detector, const ScanOptions& options, Collector& collector,
                unsigned threads, unsigned workers_from = 1);
  ~BatchPipeline();  // stops the workers; findings not yet collected are dropped
  BatchPipeline(const BatchPipeline&) = delete;
  BatchPipeline& operator=(const BatchPipeline&) = delete;

  // With workers: takes the batch's text and spans (leaving recycled buffers
  // in their place) and copies its headers and scopes, which a reader keeps
  // across batches. Without: detects and collects the batch where it is.
  void submit(TextBatch& batch);
  // Waits for every submitted batch and collects it. Rethrows a worker's error.
  void finish();

 private:
  void start_workers();

  struct State;
  std::unique_ptr<State> state_;
  unsigned threads_;
  unsigned workers_from_;
  unsigned submitted_ = 0;
};

}  // namespace foiguard::scan
