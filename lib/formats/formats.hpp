// Readers turn file bytes into TextBatches. They know nothing of detection.
//
// Each reader streams: it fills a batch and hands it to the sink whenever the
// batch passes `batch_bytes` (at a line or row boundary), then once more at the
// end. The sink may keep nothing from the batch after it returns.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "foiguard/text_batch.hpp"

namespace foiguard::formats {

enum class Kind {
  text,         // plain text (any supported encoding)
  csv,          // delimited table; Sniffed::delimiter says which delimiter
  empty,        // zero bytes
  package,      // zip-based document or archive (XLSX, DOCX, ODT, plain zip, ...): see read_package
  html,         // an HTML page (text that starts like one)
  email,        // an RFC 5322 message (.eml): a header block, then a MIME body
  pdf,          // a PDF document (read when the library is built with poppler)
  unsupported,  // recognised but not readable yet (pdf, image, legacy Office, ...)
  binary,       // not text, not recognised
};

struct Sniffed {
  Kind kind = Kind::binary;
  std::string format;   // report name: "text", "csv", "tsv", "zip", "pdf", "png", "binary", ...
  std::string detail;   // human detail for unsupported/binary: "PDF document"
  char delimiter = ',';
};

// Decides the format from content: magic bytes first, then text/encoding and
// delimiter sniffing. `name` is only a tie-breaker between text and CSV for
// ambiguous content, never a reason to call binary data text.
Sniffed sniff(std::string_view bytes, std::string_view name);

// Converts to UTF-8: UTF-8 (BOM stripped), UTF-16 LE/BE with BOM, otherwise
// Latin-1/Windows-1252 when the bytes are not valid UTF-8. `encoding` gets the
// name of what was found ("utf-8", "utf-16le", "windows-1252").
std::string to_utf8(std::string_view bytes, std::string* encoding);

using BatchSink = std::function<void(TextBatch&)>;

// A file or part that cannot be read; the message says why, for the report
// ("corrupt or truncated zip: ...", "'xl/worksheets/sheet1.xml' refused: a DOCTYPE ...").
struct FormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A part of a file the reader could not check, and why.
struct PartNote {
  std::string part;    // "xl/model/item.data"; "" for the whole file
  std::string reason;
};

struct ReadStats {
  std::string encoding;
  std::string format;       // set by readers that refine the sniffed format ("xlsx", "ods")
  std::size_t lines = 0;    // text lines, table records, or sheet cells
  std::vector<std::string> warnings;  // e.g. "unterminated quote at line 40"
  std::vector<PartNote> not_checked;  // parts present but unreadable (encrypted, unsupported, broken)
};

// Plain text: one text_line span per line; location = line and column.
ReadStats read_text(std::string_view bytes, std::size_t batch_bytes, const BatchSink& sink);

// RFC 4180 CSV/TSV: quoted fields, doubled quotes, embedded newlines, CRLF.
// The first row is the header row when it looks like one (all cells textual);
// every later cell gets its column header. One table_cell span per non-empty cell.
ReadStats read_csv(std::string_view bytes, char delimiter, std::size_t batch_bytes,
                   const BatchSink& sink);

// What one scanned file may cost across all its containers together (a zip
// of zips, an email attaching a zip): nesting must not multiply the limits
// of one archive. Shared by every level of one file's scan.
struct ContainerBudget {
  std::uint64_t max_inflated = 16ull << 30;  // bytes inflated from all archives of the file
  std::uint64_t max_members = 1000000;       // members of all archives of the file
  // Atomic: an archive's members may be read on two threads (member_threads).
  std::atomic<std::uint64_t> inflated{0};
  std::atomic<std::uint64_t> members{0};
};

// Options of the readers that can hold other files (packages, archives,
// email). Containers nest (an XLSX in a DOCX in a zip), so each level passes
// its member chain down for the locations.
struct PackageOptions {
  std::size_t batch_bytes = 256u << 10;
  std::vector<std::string> container;  // member chain of this file inside the scanned file
  unsigned max_depth = 5;              // nested files deeper than this are not opened
  // Created by the outermost reader when absent; copies share it.
  std::shared_ptr<ContainerBudget> budget;
  // Wall-clock budget of one PDF (hostile content streams must not hang a
  // scan); pages past it are notes, not read.
  std::chrono::milliseconds pdf_time_budget{120'000};
  // Above 1, a zip archive that is the scanned file itself reads its small
  // members two at a time, the second on a thread of its own, and sends
  // their batches on in member order (see read_archive).
  unsigned member_threads = 1;
};

// Reads a zip-based package: XLSX/XLSM, DOCX/DOTX/DOCM, PPTX, ODS, ODT, ODP
// (decided by its parts, not its name); any other zip is an archive whose
// members are read by their own formats. Throws FormatError when the zip
// itself cannot be read.
ReadStats read_package(std::string_view bytes, const PackageOptions& options, const BatchSink& sink);

// HTML: text, comments, hidden elements, meta tags and form values.
ReadStats read_html(std::string_view bytes, const PackageOptions& options, const BatchSink& sink);

// Email (.eml, RFC 5322 + MIME): headers, bodies, and attachments read by
// their own formats.
ReadStats read_email(std::string_view bytes, const PackageOptions& options, const BatchSink& sink);

// PDF (poppler): page text with page, line and box, text under opaque boxes
// and unapplied Redact annotations (under_redaction), invisible text, text of
// earlier revisions, annotations, form fields, bookmarks, metadata and
// attachments. Pages that are only an image are notes (no OCR). Throws
// FormatError for encrypted and unreadable files, and in a build without
// poppler (see pdf_support()).
ReadStats read_pdf(std::string_view bytes, const PackageOptions& options, const BatchSink& sink);

// "poppler 22.12.0" when PDF support is built in, "" otherwise, and "not
// available (why)" when its library (libfoiguard-pdf.so) cannot be loaded.
std::string pdf_support();

// Runs the reader for an already sniffed format. Kinds without a reader
// (unsupported, binary) return a not_checked note for the whole file.
ReadStats read_sniffed(const Sniffed& sniffed, std::string_view bytes, const PackageOptions& options,
                       const BatchSink& sink);

// Reads a file held inside another one (an archive member, an attachment, an
// embedded object) by its own format. `options.container` already ends with
// this file's name. Its text that is visible in it gets `floor` instead
// (archive_member, attachment, embedded_object), every span is located in the
// container chain, and what it could not check lands in `stats` prefixed with
// "member!/". Past max_depth it is a note, not read.
void read_nested(std::string_view bytes, const PackageOptions& options, Visibility floor,
                 ReadStats& stats, const BatchSink& sink);

}  // namespace foiguard::formats
