// The XLSX reader's pieces, shared between its files (not a public API):
//   xlsx_reader.cpp  the package walk: workbook, properties, embedded files;
//   xlsx_sheet.cpp   worksheets: cells, hidden rows/columns, styles, notes;
//   xlsx_parts.cpp   comments, pivot caches, external links, charts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/package_parts.hpp"
#include "formats/xlsx_styles.hpp"

namespace foiguard::formats::xlsx {

// The long lists of a workbook, read through XmlStream's fast lane.
inline constexpr XmlList kSheetRows{"sheetData", "row"};
inline constexpr XmlList kSharedStrings{"sst", "si"};
inline constexpr XmlList kPivotRecords{"pivotCacheRecords", "r"};

// Shared strings kept as one buffer plus offsets: a million small strings
// would cost far more as a million std::strings.
class SharedStrings {
 public:
  void add(std::string_view s) {
    offsets_.push_back(text_.size());
    text_.append(s);
  }
  std::size_t size() const { return offsets_.size(); }
  std::string_view at(std::size_t i) const {
    if (i >= offsets_.size()) return {};
    const std::size_t end = i + 1 < offsets_.size() ? offsets_[i + 1] : text_.size();
    return std::string_view(text_).substr(offsets_[i], end - offsets_[i]);
  }

 private:
  std::string text_;
  std::vector<std::size_t> offsets_;
};

struct CellRange {  // 1-based, inclusive
  std::uint32_t first_row = 0, first_column = 0, last_row = 0, last_column = 0;
  bool contains(std::uint32_t row, std::uint32_t column) const {
    return row >= first_row && row <= last_row && column >= first_column && column <= last_column;
  }
};

// "B3" -> (3, 2); "$A$1:$E$40" ranges. False when malformed.
bool parse_cell_ref(std::string_view ref, std::uint32_t& row, std::uint32_t& column);
std::optional<CellRange> parse_range(std::string_view ref);

struct SheetInfo {
  std::string name;
  std::string part;                          // "xl/worksheets/sheet1.xml"
  Visibility visibility = Visibility::visible;  // hidden_sheet / very_hidden_sheet
  std::optional<CellRange> filter_range;     // from _xlnm._FilterDatabase
};

struct WorkbookContext {
  ZipArchive& zip;
  SheetWriter& out;
  ReadStats& stats;
  const SharedStrings& strings;
  const std::vector<CellStyle>& styles;
  bool date1904 = false;

  CellStyle style_at(std::uint32_t index) const { return index < styles.size() ? styles[index] : CellStyle{}; }
};

void read_sheet(WorkbookContext& wb, const SheetInfo& sheet);
void read_comments(WorkbookContext& wb, const SheetInfo& sheet, const ZipArchive::Entry& part);
void read_threaded_comments(WorkbookContext& wb, const SheetInfo& sheet, const ZipArchive::Entry& part);
void read_pivot_cache(WorkbookContext& wb, const ZipArchive::Entry& definition);
void read_external_link(WorkbookContext& wb, const ZipArchive::Entry& part);
void read_chart(WorkbookContext& wb, const ZipArchive::Entry& part);

// A cell value as the sheet shows it: dates as YYYY-MM-DD, numbers as stored.
std::string display_number(std::string_view raw, const CellStyle& style, bool date1904);

}  // namespace foiguard::formats::xlsx
