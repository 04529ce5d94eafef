// Test helper for the reader tests: runs a reader and keeps a copy of every
// span it emitted (text, location and header name), across all batches.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "formats/formats.hpp"

namespace foiguard::testing {

struct CollectedSpan {
  std::string text;
  std::string header;  // the header's name, "" when Span::header is -1
  std::string author;  // the author's name, "" when Span::author is 0
  Span span;
  Scope scope;         // the span's scope (part, sheet, container)
};

struct Collected {
  std::vector<CollectedSpan> spans;
  std::vector<std::string> headers;  // as seen in the last batch
  std::size_t batches = 0;
  std::size_t max_batch_text = 0;
  formats::ReadStats stats;

  std::vector<std::string> texts() const {
    std::vector<std::string> out;
    for (const auto& s : spans) out.push_back(s.text);
    return out;
  }
};

inline formats::BatchSink collecting_sink(Collected& out) {
  return [&out](TextBatch& batch) {
    ++out.batches;
    out.max_batch_text = std::max(out.max_batch_text, batch.text.size());
    out.headers = batch.headers;
    for (const Span& sp : batch.spans) {
      CollectedSpan c;
      c.text = batch.text.substr(sp.begin, sp.end - sp.begin);
      if (sp.header >= 0) c.header = batch.headers.at(static_cast<std::size_t>(sp.header));
      if (sp.author > 0) c.author = batch.authors.at(sp.author - 1u);
      c.span = sp;
      c.scope = batch.scopes.at(sp.scope);
      out.spans.push_back(std::move(c));
    }
  };
}

inline Collected collect_text(std::string_view bytes, std::size_t batch_bytes = 1u << 20) {
  Collected out;
  out.stats = formats::read_text(bytes, batch_bytes, collecting_sink(out));
  return out;
}

inline Collected collect_package(std::string_view bytes, std::size_t batch_bytes = 1u << 20) {
  Collected out;
  formats::PackageOptions options;
  options.batch_bytes = batch_bytes;
  out.stats = formats::read_package(bytes, options, collecting_sink(out));
  return out;
}

// Any format, as the scanner would read it (sniffed from the content).
inline Collected collect_any(std::string_view bytes, std::string_view name = {},
                             std::size_t batch_bytes = 1u << 20) {
  Collected out;
  formats::PackageOptions options;
  options.batch_bytes = batch_bytes;
  out.stats = formats::read_sniffed(formats::sniff(bytes, name), bytes, options, collecting_sink(out));
  return out;
}

inline Collected collect_csv(std::string_view bytes, char delimiter = ',',
                             std::size_t batch_bytes = 1u << 20) {
  Collected out;
  out.stats = formats::read_csv(bytes, delimiter, batch_bytes, collecting_sink(out));
  return out;
}

}  // namespace foiguard::testing
