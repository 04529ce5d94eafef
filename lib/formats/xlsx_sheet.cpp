// Worksheets: every cell with its most hidden visibility, plus what hangs
// off the sheet in the same part (hyperlink targets, data-validation lists).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "formats/xlsx_internal.hpp"

namespace foiguard::formats::xlsx {
namespace {

constexpr std::uint32_t kMaxColumns = 16384;  // XFD
// "Far outside the used area": data parked past a long run of empty rows,
// or many columns to the right of everything before it.
constexpr std::uint32_t kFarRowGap = 200;
constexpr std::uint32_t kFarColumnGap = 26;
// A cell's text is capped (Excel's own limit is 32,767 characters).
constexpr std::size_t kMaxCellBytes = 1u << 20;

std::uint32_t to_uint(std::string_view s) {
  std::uint32_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// The first one hidden in the order the issue fixes: sheet, then row, then
// column, then style tricks.
Visibility most_hidden(Visibility sheet, Visibility row, Visibility column, bool invisible) {
  if (sheet != Visibility::visible) return sheet;
  if (row != Visibility::visible) return row;
  if (column != Visibility::visible) return column;
  return invisible ? Visibility::invisible_text : Visibility::visible;
}

// What a cell's t attribute makes of its value.
enum class CellType : std::uint8_t {
  number,         // no t, or t="n": shown through its number format
  shared_string,  // t="s": an index into the shared strings
  text,           // t="inlineStr", "str" (a formula's string result) or "d" (ISO date)
  flag,           // t="b" or "e": TRUE/FALSE and #N/A name nobody
};

CellType cell_type(std::string_view t) {
  if (t == "s") return CellType::shared_string;
  if (t == "inlineStr" || t == "str" || t == "d") return CellType::text;
  if (t == "b" || t == "e") return CellType::flag;
  return CellType::number;
}

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(WorkbookContext& wb, const SheetInfo& sheet, const std::vector<Relationship>& rels)
      : wb_(wb), sheet_(sheet), rels_(rels) {}

  void start(std::string_view name, const XmlAttributes& a) override {
    capture_ = false;
    if (same_name(name, "c")) {
      start_cell(a);
    } else if (same_name(name, "v") || same_name(name, "f")) {
      capture_ = in_cell_;
      target_ = same_name(name, "v") ? &value_ : &formula_;
    } else if (same_name(name, "t")) {
      capture_ = in_cell_ && !in_phonetic_;
      target_ = &value_;
    } else if (same_name(name, "rPh")) {
      in_phonetic_ = true;
    } else if (same_name(name, "row")) {
      start_row(a);
    } else if (same_name(name, "col")) {
      hide_columns(a);
    } else if (same_name(name, "sheetPr")) {
      filter_mode_ = a.get("filterMode") == "1" || a.get("filterMode") == "true";
    } else if (same_name(name, "hyperlink")) {
      hyperlink(a);
    } else if (same_name(name, "dataValidation")) {
      list_validation_ = a.get("type") == "list";
    } else if (same_name(name, "formula1")) {
      capture_ = list_validation_;
      target_ = &value_;
      value_.clear();
    }
  }

  void end(std::string_view name) override {
    capture_ = false;
    if (same_name(name, "c")) {
      end_cell();
    } else if (same_name(name, "rPh")) {
      in_phonetic_ = false;
    } else if (same_name(name, "formula1") && list_validation_) {
      wb_.out.note(value_, Visibility::hidden_text, "data validation list");
      value_.clear();
    } else if (same_name(name, "sheetData")) {
      wb_.out.end_row();
    }
  }

  void text(std::string_view piece) override {
    if (capture_ && target_->size() + piece.size() <= kMaxCellBytes) target_->append(piece);
  }

 private:
  void start_row(const XmlAttributes& a) {
    const std::uint32_t r = a.has("r") ? to_uint(a.get("r")) : row_ + 1;
    if (row_ > 0 && r > last_filled_row_ + kFarRowGap && last_filled_row_ > 0) far_rows_ = true;
    row_ = r;
    column_ = 0;
    row_visibility_ = Visibility::visible;
    if (a.get("hidden") == "1" || a.get("hidden") == "true") {
      // Which of the three cannot always be told apart: a row hidden by hand
      // inside a filtered range is reported as filtered (hidden either way).
      const bool in_filter = sheet_.filter_range ? sheet_.filter_range->first_row <= row_ &&
                                                       row_ <= sheet_.filter_range->last_row
                                                 : filter_mode_;
      if (to_uint(a.get("outlineLevel")) > 0) row_visibility_ = Visibility::collapsed_outline;
      else if (in_filter) row_visibility_ = Visibility::filtered_row;
      else row_visibility_ = Visibility::hidden_row;
    }
  }

  void hide_columns(const XmlAttributes& a) {
    if (a.get("hidden") != "1" && a.get("hidden") != "true") return;
    const std::uint32_t first = std::max<std::uint32_t>(1, to_uint(a.get("min")));
    const std::uint32_t last = std::min(kMaxColumns, to_uint(a.get("max")));
    if (first > last) return;
    if (column_visibility_.size() < last) column_visibility_.resize(last, Visibility::visible);
    const Visibility v = to_uint(a.get("outlineLevel")) > 0 ? Visibility::collapsed_outline : Visibility::hidden_column;
    std::fill(column_visibility_.begin() + (first - 1), column_visibility_.begin() + last, v);
  }

  void start_cell(const XmlAttributes& a) {
    in_cell_ = true;
    value_.clear();
    formula_.clear();
    // One pass over the attributes: a sheet has millions of cells, and a
    // lookup by name walks them all again.
    std::string_view ref, type, style;
    a.each([&](std::string_view name, std::string_view value) {
      if (name.size() != 1) return;
      if (name[0] == 'r') ref = value;
      else if (name[0] == 't') type = value;
      else if (name[0] == 's') style = value;
    });
    std::uint32_t r = 0, c = 0;
    if (!ref.empty() && parse_cell_ref(ref, r, c)) {
      column_ = c;
      if (r != row_ && r > 0) row_ = r;
    } else {
      ++column_;
    }
    type_ = cell_type(type);
    style_ = wb_.styles.empty() ? CellStyle{} : wb_.style_at(to_uint(style));
  }

  void end_cell() {
    in_cell_ = false;
    if (row_ == 0 || column_ == 0) return;
    std::string_view shown;  // no copy per cell: a sheet has millions
    bool textual = true;
    if (type_ == CellType::shared_string) {
      shown = wb_.strings.at(to_uint(value_));
    } else if (type_ == CellType::text) {
      shown = value_;
    } else if (type_ == CellType::flag) {
      shown = {};  // TRUE/FALSE and #N/A name nobody
    } else if (style_.date) {
      date_ = display_number(value_, style_, wb_.date1904);
      shown = date_;
      textual = false;
    } else {
      shown = value_;
      textual = false;
    }
    const bool far = far_rows_ || (widest_ > 0 && column_ > widest_ + kFarColumnGap);
    if (!far) widest_ = std::max(widest_, column_);
    const Visibility column = column_ - 1 < column_visibility_.size() ? column_visibility_[column_ - 1] : Visibility::visible;
    const Visibility v = most_hidden(sheet_.visibility, row_visibility_, column, style_.invisible || far);
    if (!shown.empty()) {
      wb_.out.cell(row_, column_, shown, v, textual);
      last_filled_row_ = row_;
    }
    // A formula's string literals can name people the result does not show.
    if (formula_.find('"') != std::string::npos) wb_.out.note(formula_, v, "formula", row_, column_);
  }

  void hyperlink(const XmlAttributes& a) {
    std::uint32_t r = 0, c = 0;
    parse_cell_ref(a.get("ref"), r, c);
    std::string target(a.get("location"));
    if (const auto* rel = find_relationship(rels_, a.get("id"))) target = rel->target;
    const Visibility v = sheet_.visibility == Visibility::visible ? Visibility::hidden_text : sheet_.visibility;
    wb_.out.note(target, v, "hyperlink", r, c);
    wb_.out.note(a.get("tooltip"), v, "hyperlink tooltip", r, c);
  }

  WorkbookContext& wb_;
  const SheetInfo& sheet_;
  const std::vector<Relationship>& rels_;
  std::vector<Visibility> column_visibility_;
  std::uint32_t row_ = 0, column_ = 0, last_filled_row_ = 0, widest_ = 0;
  Visibility row_visibility_ = Visibility::visible;
  bool far_rows_ = false, filter_mode_ = false, list_validation_ = false;
  bool in_cell_ = false, in_phonetic_ = false, capture_ = false;
  CellType type_ = CellType::number;
  CellStyle style_;
  std::string value_, formula_, date_;
  std::string* target_ = &value_;
};

}  // namespace

std::string display_number(std::string_view raw, const CellStyle& style, bool date1904) {
  if (style.date && !raw.empty()) {
    double serial = 0;
    const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), serial);
    if (ec == std::errc() && end == raw.data() + raw.size()) {
      std::string date = excel_date(serial, date1904);
      if (!date.empty()) return date;
    }
  }
  return std::string(raw);
}

// A table part names its columns (<tableColumn name="Pay No"/>) over its
// range: the sheet's header row is then known rather than guessed.
class TableHandler : public XmlHandler {
 public:
  std::optional<CellRange> range;
  std::vector<std::string> columns;
  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "table") {
      range = parse_range(a.get("ref"));
      headed_ = a.get("headerRowCount") != "0";
    } else if (name == "tableColumn") {
      columns.emplace_back(a.get("name"));
    }
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
  bool headed() const { return headed_ && range && !columns.empty(); }

 private:
  bool headed_ = true;
};

void name_table_columns(WorkbookContext& wb, const std::vector<Relationship>& rels) {
  for (const auto& rel : rels) {
    const auto* part = rel.type == "table" && !rel.external ? wb.zip.find(rel.target) : nullptr;
    if (!part) continue;
    TableHandler table;
    read_part_or_note(part->name, wb.stats, [&] { parse_part(wb.zip, *part, table); });
    if (!table.headed()) continue;
    for (std::size_t k = 0; k < table.columns.size(); ++k)
      wb.out.name_column(table.range->first_column + static_cast<std::uint32_t>(k), table.columns[k],
                         table.range->first_row);
    return;  // one table's names per sheet: a second table's columns may overlap
  }
}

void read_sheet(WorkbookContext& wb, const SheetInfo& sheet) {
  const auto* part = wb.zip.find(sheet.part);
  if (!part) {
    wb.stats.not_checked.push_back({sheet.part, fmt::format("sheet '{}' is missing from the package", sheet.name)});
    return;
  }
  const auto rels = read_relationships(wb.zip, sheet.part);
  wb.out.begin_scope(sheet.part, sheet.name, true);
  name_table_columns(wb, rels);
  SheetHandler handler(wb, sheet, rels);
  parse_part(wb.zip, *part, handler, kSheetRows);
  wb.out.end_row();
  for (const auto& rel : rels) {
    const auto* target = rel.external ? nullptr : wb.zip.find(rel.target);
    if (!target) continue;
    if (rel.type == "comments") {
      read_part_or_note(target->name, wb.stats, [&] { read_comments(wb, sheet, *target); });
    } else if (rel.type == "threadedComment") {
      read_part_or_note(target->name, wb.stats, [&] { read_threaded_comments(wb, sheet, *target); });
    }
  }
}

}  // namespace foiguard::formats::xlsx
