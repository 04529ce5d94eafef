// Test helper for the reader tests: runs a reader and keeps a copy of every
// span it emitted (text, location and header name), across all batches; and
// the lookups, fixtures and scans the format tests share.
#pragma once

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "foiguard/scanner.hpp"
#include "formats/formats.hpp"
#include "test_support.hpp"

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

// Runs one of the readers that take PackageOptions (read_package, read_html, read_email).
template <typename Reader>
Collected collect_with(Reader read, std::string_view bytes, std::size_t batch_bytes) {
  Collected out;
  formats::PackageOptions options;
  options.batch_bytes = batch_bytes;
  out.stats = read(bytes, options, collecting_sink(out));
  return out;
}

inline Collected collect_package(std::string_view bytes, std::size_t batch_bytes = 1u << 20) {
  return collect_with(formats::read_package, bytes, batch_bytes);
}

inline Collected collect_html(std::string_view bytes, std::size_t batch_bytes = 1u << 20) {
  return collect_with(formats::read_html, bytes, batch_bytes);
}

inline Collected collect_email(std::string_view bytes, std::size_t batch_bytes = 1u << 20) {
  return collect_with(formats::read_email, bytes, batch_bytes);
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

// ---- lookups in what a reader emitted

// The first span whose text contains `needle`; throws when none does.
inline const CollectedSpan& span_with(const Collected& c, std::string_view needle) {
  const auto it = std::find_if(c.spans.begin(), c.spans.end(),
                               [&](const CollectedSpan& s) { return s.text.find(needle) != std::string::npos; });
  if (it == c.spans.end()) throw std::runtime_error("no span holds '" + std::string(needle) + "'");
  return *it;
}

// How many spans contain `needle`.
inline std::size_t count_with(const Collected& c, std::string_view needle) {
  return static_cast<std::size_t>(std::count_if(c.spans.begin(), c.spans.end(), [&](const CollectedSpan& s) {
    return s.text.find(needle) != std::string::npos;
  }));
}

inline bool has_text_containing(const Collected& c, std::string_view needle) { return count_with(c, needle) > 0; }

inline bool has_visibility(const Collected& c, Visibility v) {
  return std::any_of(c.spans.begin(), c.spans.end(), [&](const CollectedSpan& s) { return s.span.visibility == v; });
}

// Every visibility some span has.
inline std::set<Visibility> visibilities_of(const Collected& c) {
  std::set<Visibility> seen;
  for (const auto& s : c.spans) seen.insert(s.span.visibility);
  return seen;
}

// The first not_checked note about `part`, or nullptr.
inline const formats::PartNote* note_for(const formats::ReadStats& stats, std::string_view part) {
  const auto it = std::find_if(stats.not_checked.begin(), stats.not_checked.end(),
                               [&](const formats::PartNote& n) { return n.part == part; });
  return it == stats.not_checked.end() ? nullptr : &*it;
}

// ---- the shared corpus: MANIFEST features as visibilities

// MANIFEST feature -> the visibilities that show it (any one is enough).
using FeatureVisibilities = std::map<std::string, std::set<Visibility>>;

// The features of `features` that `wanted` maps but no span of `c` shows.
inline std::vector<std::string> features_not_shown(const Collected& c, const std::set<std::string>& features,
                                                   const FeatureVisibilities& wanted) {
  const std::set<Visibility> seen = visibilities_of(c);
  std::vector<std::string> out;
  for (const auto& feature : features) {
    const auto want = wanted.find(feature);
    if (want == wanted.end()) continue;
    if (std::none_of(want->second.begin(), want->second.end(), [&](Visibility v) { return seen.count(v) > 0; }))
      out.push_back(feature);
  }
  return out;
}

// ---- fixtures and scans

// Tests that need the shared corpus or a PDF-enabled build skip, saying so, without them.
#define SKIP_WITHOUT_CORPUS() \
  if (foiguard::testing::corpus_dir().empty()) GTEST_SKIP() << "shared corpus absent"
#define SKIP_WITHOUT_PDF() \
  if (foiguard::formats::pdf_support().empty()) GTEST_SKIP() << "built without PDF support (FOIGUARD_WITH_PDF=OFF)"

// A file of the shared corpus (`path` relative to it), read by the format sniff picks.
inline Collected collect_corpus_file(const std::string& path) {
  const std::string bytes = read_file(corpus_dir() + "/" + path);
  return collect_any(bytes, path);
}

// The committed fixture tests/data/<dir>/<name>.
inline std::string fixture_bytes(std::string_view dir, std::string_view name) {
  return read_file(source_path("tests/data/" + std::string(dir) + "/" + std::string(name)));
}

// One detector with the built-in rules for the whole test binary: building it compiles every rule.
inline const Detector& builtin_detector() {
  static const Detector detector(RuleSet::builtin());
  return detector;
}

// `bytes` through the whole scanner with default options, as the file `name`.
inline FileReport scan_bytes(std::string_view name, std::string_view bytes) {
  return Scanner(builtin_detector(), ScanOptions{}).scan_bytes(name, bytes);
}

}  // namespace foiguard::testing
