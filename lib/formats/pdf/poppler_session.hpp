// Opening a PDF with poppler: the one-time global set-up, the document over
// caller-owned bytes, and poppler's error messages caught per thread instead
// of printed to stderr.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

class PDFDoc;

namespace foiguard::formats::pdf {

// Opens `bytes` (which must outlive the document) with an empty user
// password. Throws FormatError: "encrypted: cannot be checked (...)" for a
// password-protected file, "not a readable PDF: ..." for a broken one.
std::unique_ptr<PDFDoc> open_document(std::string_view bytes);

// Counts poppler's errors (not its warnings: those it worked around) on
// this thread while alive; the first one is kept for the report's warning.
// Nested captures (a PDF attached to a PDF) hide the outer one.
class ErrorCapture {
 public:
  ErrorCapture();
  ~ErrorCapture();
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  std::size_t count() const { return count_; }
  const std::string& first() const { return first_; }
  void record(std::string_view message);

 private:
  ErrorCapture* outer_;
  std::size_t count_ = 0;
  std::string first_;
};

// A per-file time budget: a hostile content stream must not hang the scan.
class Deadline {
 public:
  explicit Deadline(std::chrono::milliseconds budget)
      : end_(std::chrono::steady_clock::now() + budget), budget_(budget) {}
  bool passed() const { return std::chrono::steady_clock::now() >= end_; }
  std::chrono::milliseconds budget() const { return budget_; }
  // For poppler's abortCheckCbk (data = the Deadline).
  static bool abort_check(void* deadline) { return static_cast<const Deadline*>(deadline)->passed(); }

 private:
  std::chrono::steady_clock::time_point end_;
  std::chrono::milliseconds budget_;
};

// "22.12.0": the poppler this build uses.
std::string poppler_version();

// UTF-8 of a PDF text string (PDFDocEncoding, or UTF-16BE with its BOM).
std::string text_string_utf8(std::string_view pdf_text);

}  // namespace foiguard::formats::pdf
