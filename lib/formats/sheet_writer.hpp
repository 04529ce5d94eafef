// SheetWriter: turns the cells and notes that package readers (XLSX, ODS)
// find into TextBatches.
//
// It owns the batch, one Scope per part or sheet, header-row detection per
// sheet (the first row of two or more short textual cells, wherever the table
// starts) and the flushes: a batch goes to the sink at a row boundary once it
// passes `batch_bytes`. Rows must come in order within a scope; a scope's
// cells are one record per row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/formats.hpp"

namespace foiguard::formats {

class SheetWriter {
 public:
  SheetWriter(std::size_t batch_bytes, const BatchSink& sink, std::vector<std::string> container);

  // Makes a new scope current. With `find_header`, the scope's first
  // header-like row names the columns below it.
  void begin_scope(std::string part, std::optional<std::string> sheet, bool find_header);
  // Names column `column` (1-based) of the current scope explicitly (pivot
  // cache fields, table columns) for the rows after `header_row`; turns
  // header detection off for the scope.
  void name_column(std::uint32_t column, std::string_view name, std::uint32_t header_row = 0);

  // One cell of the current scope. Cells of a row are buffered until the
  // row ends (a cell of a later row, end_row, or a new scope). `textual`
  // marks string values, the only candidates for header cells.
  void cell(std::uint32_t row, std::uint32_t column, std::string_view text, Visibility visibility,
            bool textual);
  void end_row();

  // A note of its own (a comment, a property, a defined name): its own
  // record. With row and column, it is located at that cell of the scope's
  // sheet; `label` becomes the location's header ("creator", "note by X").
  void note(std::string_view text, Visibility visibility, std::string_view label = {},
            std::uint32_t row = 0, std::uint32_t column = 0);

  // Sends what is buffered to the sink (before a nested package is read,
  // and at the end).
  void flush();

  std::size_t cells() const { return cells_; }

 private:
  struct Pending {
    std::uint32_t column;
    std::size_t begin, end;  // in row_text_
    Visibility visibility;
    bool textual;
  };
  void commit_row();
  bool looks_like_header() const;
  std::int32_t header_index(std::string_view name);
  void flush_if_full();

  std::size_t batch_bytes_;
  const BatchSink& sink_;
  std::vector<std::string> container_;
  TextBatch batch_;
  std::uint32_t scope_ = 0;
  bool find_header_ = false;
  std::vector<std::int32_t> header_of_column_;  // current scope: Span::header per column - 1
  std::uint32_t header_row_ = 0;                // ... for the rows below this one
  std::uint32_t row_ = 0;
  std::string row_text_;
  std::vector<Pending> pending_;
  std::unordered_map<std::string, std::int32_t> note_labels_;  // interned: one header per label
  std::uint32_t next_note_ = 1u << 31;  // note records, apart from row numbers
  std::size_t cells_ = 0;
};

}  // namespace foiguard::formats
