// A file's report made ready to write: its text in a streamed format (human,
// JSON lines), its share of the totals, and the report without its lists (what
// the closing summary reads). Kept in the scan cache as the report's view, so
// a warm re-scan writes a file's text without decoding or rendering again.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "foiguard/report.hpp"
#include "foiguard/scanner.hpp"

namespace foiguard::cli {

struct PreparedFile {
  std::string text;
  ScanSummary totals;  // accumulate() of the whole report
  FileReport brief;    // the report without findings, records, tallies or hidden places
};

// Bytes and back. decode_prepared returns nullopt for bytes of another
// version or corrupt bytes (the caller then uses the report itself).
std::string encode_prepared(const PreparedFile& file);
std::optional<PreparedFile> decode_prepared(std::string_view bytes);

}  // namespace foiguard::cli
