// Files inside files: the reader for a sniffed format, nested members and
// attachments (their locations and visibility), and plain zip archives.
#include <fmt/format.h>

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

void read_member(ZipArchive& zip, const ZipArchive::Entry& entry, const PackageOptions& options,
                 Visibility floor, ReadStats& stats, const BatchSink& sink) {
  read_part_or_note(entry.name, stats, [&] {
    PackageOptions inner = options;
    inner.container.push_back(entry.name);
    if (too_deep(inner, stats)) return;  // before the member is inflated
    if (entry.encrypted) {
      stats.not_checked.push_back({entry.name, "encrypted member: cannot be checked"});
      return;
    }
    const std::string bytes = zip.read_all(entry, kMaxNestedBytes);
    read_nested(bytes, inner, floor, stats, sink);
  });
}

void read_archive(ZipArchive& zip, const PackageOptions& options, ReadStats& stats, const BatchSink& sink) {
  for (const auto& e : zip.entries()) {
    if (e.name.ends_with("/")) continue;  // a folder
    read_member(zip, e, options, Visibility::archive_member, stats, sink);
  }
}

}  // namespace foiguard::formats
