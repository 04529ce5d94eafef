// TextBatch: the contract between readers (lib/formats) and the Detector.
//
// A reader appends many small pieces of text (lines, cells) to one buffer and
// records a Span for each; the detector scans the whole buffer at once and maps
// every hit back to its span by binary search. Per-cell regex calls are too slow.
//
// Invariants the detector relies on:
//  - spans are appended in buffer order and do not overlap;
//  - every span is followed by exactly one '\n' separator in `text`
//    (append_* add it), so no match crosses from one span into the next;
//  - a span never contains a NUL byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foiguard/location.hpp"
#include "foiguard/visibility.hpp"

namespace foiguard {

// Where a group of spans lives inside the file: package part, sheet, page and
// the container chain. Spans refer to scopes by index.
struct Scope {
  std::vector<std::string> container;
  std::optional<std::string> part;
  std::optional<std::string> sheet;
  std::optional<std::uint32_t> page;
  std::optional<std::uint32_t> slide;
};

enum class SpanKind : std::uint8_t {
  text_line,   // a line of free text; findings get line + character column
  table_cell,  // a table cell; findings get row, column, header (and cell/A1 when in a sheet)
  paragraph,   // (part of) a document paragraph; Span::line is the paragraph number and
               // Span::column the character column where the span starts in it
};

struct Span {
  std::size_t begin = 0;        // offset of the first byte in TextBatch::text
  std::size_t end = 0;          // one past the last byte (the '\n' separator is not included)
  std::uint32_t line = 0;       // 1-based physical line where the span starts (0 = unknown)
  std::uint32_t row = 0;        // table row (1-based) for cells; 0 for text
  std::uint32_t column = 0;     // table column (1-based) for cells; for text, the 1-based
                                // character column where the span starts (normally 1)
  std::int32_t header = -1;     // index into TextBatch::headers, or -1
  std::uint32_t scope = 0;      // index into TextBatch::scopes
  std::uint32_t record = 0;     // spans with equal (scope, record) form one record: a row or a line
  Visibility visibility = Visibility::visible;
  SpanKind kind = SpanKind::text_line;
  std::uint16_t author = 0;     // 1-based index into TextBatch::authors (a comment's or tracked
                                // change's author; the detector masks it); 0 = none
  std::uint32_t box = 0;        // 1-based index into TextBatch::boxes (PDF); 0 = none
};

struct TextBatch {
  std::string text;
  std::vector<Span> spans;
  std::vector<std::string> headers;  // column headers, referenced by Span::header
  std::vector<std::string> authors;  // authors, referenced by Span::author
  std::vector<PageBox> boxes;        // page boxes, referenced by Span::box (cleared with the text)
  std::vector<Scope> scopes{Scope{}};  // scope 0 always exists (the file itself)

  // Appends `piece` plus the '\n' separator and records its span; `span.begin`
  // and `span.end` are filled in here. NUL bytes in `piece` become spaces.
  void append(std::string_view piece, Span span);

  std::size_t size_bytes() const { return text.size(); }
  bool empty() const { return spans.empty(); }
  // Clears text, spans and boxes but keeps headers, authors and scopes (a reader streaming one
  // table keeps its header row across flushes).
  void clear_text();
  void clear();
  // Hands this batch on to `to` for later (another thread, a queue): `to` takes
  // the text, spans and boxes (its old buffers come back here, emptied, for
  // reuse) and a copy of the headers, authors and scopes, which a reader keeps
  // across batches.
  void hand_over(TextBatch& to);

  // A batch of typed text: one text_line span a line, each line its own
  // record (what `rules test` and a policy's rule examples detect on).
  static TextBatch from_lines(std::string_view text);
};

}  // namespace foiguard
