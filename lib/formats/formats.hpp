// Readers turn file bytes into TextBatches. They know nothing of detection.
//
// Each reader streams: it fills a batch and hands it to the sink whenever the
// batch passes `batch_bytes` (at a line or row boundary), then once more at the
// end. The sink may keep nothing from the batch after it returns.
#pragma once

#include <cstddef>
#include <functional>
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
  package,      // zip-based document or archive (XLSX, ODS, ...): see read_package
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

// Zip-based documents. Containers nest (an XLSX embedded in an XLSX), so
// each level passes its member chain down for the locations.
struct PackageOptions {
  std::size_t batch_bytes = 256u << 10;
  std::vector<std::string> container;  // member chain of this package inside the scanned file
  unsigned max_depth = 5;              // nested packages deeper than this are not opened
};

// Reads an XLSX/XLSM or ODS package (decided by its parts, not its name);
// any other zip is one not_checked note. Throws FormatError when the zip
// itself cannot be read.
ReadStats read_package(std::string_view bytes, const PackageOptions& options, const BatchSink& sink);

}  // namespace foiguard::formats
