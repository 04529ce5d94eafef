// Readers turn file bytes into TextBatches. They know nothing of detection.
//
// Each reader streams: it fills a batch and hands it to the sink whenever the
// batch passes `batch_bytes` (at a line or row boundary), then once more at the
// end. The sink may keep nothing from the batch after it returns.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "foiguard/text_batch.hpp"

namespace foiguard::formats {

enum class Kind {
  text,         // plain text (any supported encoding)
  csv,          // delimited table; Sniffed::delimiter says which delimiter
  empty,        // zero bytes
  unsupported,  // recognised but not readable yet (zip, pdf, image, ...)
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

struct ReadStats {
  std::string encoding;
  std::size_t lines = 0;    // text lines, or table records
  std::vector<std::string> warnings;  // e.g. "unterminated quote at line 40"
};

// Plain text: one text_line span per line; location = line and column.
ReadStats read_text(std::string_view bytes, std::size_t batch_bytes, const BatchSink& sink);

// RFC 4180 CSV/TSV: quoted fields, doubled quotes, embedded newlines, CRLF.
// The first row is the header row when it looks like one (all cells textual);
// every later cell gets its column header. One table_cell span per non-empty cell.
ReadStats read_csv(std::string_view bytes, char delimiter, std::size_t batch_bytes,
                   const BatchSink& sink);

}  // namespace foiguard::formats
