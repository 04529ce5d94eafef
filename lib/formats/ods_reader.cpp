// ODS (OpenDocument spreadsheets): content.xml streamed table by table, with
// hidden tables, collapsed and filtered rows and columns, annotations and
// their authors, named ranges, data-pilot sources and linked tables; then
// meta.xml, and the tables embedded charts keep as their data (chart caches).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "formats/package_parts.hpp"

namespace foiguard::formats {
namespace {

constexpr std::uint32_t kMaxColumns = 16384;
constexpr std::uint32_t kMaxRows = 1u << 20;
// A repeated row or cell with content is written out at most this often:
// producers repeat identical neighbours, hostile files repeat a million times.
constexpr std::uint32_t kMaxRepeatsShown = 100;
constexpr std::size_t kMaxCellBytes = 1u << 20;

std::uint32_t repeat_count(std::string_view s) {
  std::uint32_t v = 1;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return std::max<std::uint32_t>(v, 1);
}

Visibility most_hidden(Visibility table, Visibility row, Visibility column) {
  if (table != Visibility::visible) return table;
  if (row != Visibility::visible) return row;
  return column;
}

class ContentHandler : public XmlHandler {
 public:
  // `floor` is the visibility of everything in the part (chart_cache for a
  // chart's own tables), `visible` for the document itself.
  ContentHandler(SheetWriter& out, std::string part, Visibility floor)
      : out_(out), part_(std::move(part)), floor_(floor) {}

  void start(std::string_view name, const XmlAttributes& a) override {
    if (in_annotation_) {
      if (name == "p" && !note_.empty()) note_ += '\n';
      if (name == "creator") capture_author_ = true;
      return;
    }
    if (name == "style") {
      style_ = a.get("name");
    } else if (name == "table-properties" && a.get("display") == "false") {
      hidden_table_styles_.insert(style_);
    } else if (name == "table") {
      begin_table(a);
    } else if (name == "table-column-group" || name == "table-row-group") {
      ++(name == "table-row-group" ? row_groups_ : column_groups_);
    } else if (name == "table-column") {
      add_columns(a);
    } else if (name == "table-row") {
      begin_row(a);
    } else if (name == "table-cell" || name == "covered-table-cell") {
      begin_cell(a);
    } else if (name == "annotation") {
      in_annotation_ = true;
      note_.clear();
      author_.clear();
    } else if (in_cell_ && name == "p") {
      if (paragraphs_++ > 0) append("\n");
    } else if (in_cell_ && name == "s") {
      append(std::string(std::min<std::uint32_t>(repeat_count(a.get("c")), 64), ' '));
    } else if (in_cell_ && (name == "tab" || name == "line-break")) {
      append(name == "tab" ? "\t" : "\n");
    } else if (name == "named-range" || name == "named-expression") {
      const std::string_view target = a.has("cell-range-address") ? a.get("cell-range-address") : a.get("expression");
      out_.note(target, Visibility::defined_name, a.get("name"));  // the name labels its value
    } else if (name == "source-cell-range") {
      out_.note(a.get("cell-range-address"), Visibility::pivot_cache, "pivot source");
    } else if (name == "table-source") {
      out_.note(a.get("href"), Visibility::external_link_cache, "linked file");
    }
  }

  void end(std::string_view name) override {
    if (in_annotation_) {
      if (name == "creator") capture_author_ = false;
      if (name == "annotation") end_annotation();
      return;
    }
    if (name == "table-cell" || name == "covered-table-cell") {
      end_cell();
    } else if (name == "table-row") {
      end_row();
    } else if (name == "table-column-group") {
      --column_groups_;
    } else if (name == "table-row-group") {
      --row_groups_;
    } else if (name == "table") {
      out_.end_row();
      in_table_ = false;
    }
  }

  void text(std::string_view piece) override {
    if (in_annotation_) {
      std::string& target = capture_author_ ? author_ : note_;
      if (target.size() + piece.size() <= kMaxCellBytes) target.append(piece);
    } else if (in_cell_ && !value_from_attribute_) {
      append(piece);
    }
  }

 private:
  void append(std::string_view piece) {
    if (in_cell_ && !value_from_attribute_ && text_.size() + piece.size() <= kMaxCellBytes) text_.append(piece);
  }

  void begin_table(const XmlAttributes& a) {
    in_table_ = true;
    table_visibility_ = hidden_table_styles_.count(std::string(a.get("style-name"))) ? Visibility::hidden_sheet : floor_;
    out_.begin_scope(part_, std::string(a.get("name")), true);
    // The name of a hidden table is itself a trace of what it holds.
    if (floor_ == Visibility::visible)
      out_.note(a.get("name"), table_visibility_ == Visibility::visible ? Visibility::metadata : table_visibility_,
                "sheet name");
    columns_.clear();
    row_ = 0;
  }

  void add_columns(const XmlAttributes& a) {
    const std::uint32_t n = repeat_count(a.get("number-columns-repeated"));
    const std::string_view v = a.get("visibility");
    Visibility vis = Visibility::visible;
    if (v == "collapse" || v == "filter") vis = column_groups_ > 0 ? Visibility::collapsed_outline : Visibility::hidden_column;
    const std::size_t room = kMaxColumns - std::min<std::size_t>(columns_.size(), kMaxColumns);
    columns_.insert(columns_.end(), std::min<std::size_t>(n, room), vis);
  }

  void begin_row(const XmlAttributes& a) {
    row_repeat_ = repeat_count(a.get("number-rows-repeated"));
    const std::string_view v = a.get("visibility");
    row_visibility_ = Visibility::visible;
    if (v == "filter") row_visibility_ = Visibility::filtered_row;
    else if (v == "collapse") row_visibility_ = row_groups_ > 0 ? Visibility::collapsed_outline : Visibility::hidden_row;
    ++row_;
    column_ = 0;
    row_cells_.clear();
  }

  void begin_cell(const XmlAttributes& a) {
    in_cell_ = true;
    paragraphs_ = 0;
    text_.clear();
    cell_repeat_ = repeat_count(a.get("number-columns-repeated"));
    const std::string_view type = a.get("value-type");
    textual_ = type == "string" || type.empty();
    value_from_attribute_ = false;
    if (type == "float" || type == "percentage" || type == "currency") {
      text_ = a.get("value");
      value_from_attribute_ = true;
    } else if (type == "date") {
      text_ = a.get("date-value").substr(0, 10);
      value_from_attribute_ = true;
    } else if (type == "boolean" || type == "time") {
      value_from_attribute_ = true;  // TRUE/FALSE and durations name nobody
    }
  }

  void end_cell() {
    in_cell_ = false;
    const std::uint32_t first = column_ + 1;
    column_ = std::min<std::uint32_t>(column_ + cell_repeat_, kMaxColumns);
    if (text_.empty() || first > kMaxColumns) return;
    const std::uint32_t shown = std::min(cell_repeat_, kMaxRepeatsShown);
    for (std::uint32_t k = 0; k < shown && first + k <= kMaxColumns; ++k)
      row_cells_.push_back({first + k, text_, textual_});
  }

  void end_row() {
    const std::uint32_t shown = row_cells_.empty() ? 0 : std::min(row_repeat_, kMaxRepeatsShown);
    for (std::uint32_t k = 0; k < shown && row_ + k <= kMaxRows; ++k) {
      for (const auto& c : row_cells_) {
        const Visibility column = c.column - 1 < columns_.size() ? columns_[c.column - 1] : Visibility::visible;
        out_.cell(row_ + k, c.column, c.text, most_hidden(table_visibility_, row_visibility_, column), c.textual);
      }
    }
    out_.end_row();
    row_ = std::min<std::uint32_t>(row_ + row_repeat_ - 1, kMaxRows);
    row_cells_.clear();
  }

  void end_annotation() {
    in_annotation_ = false;
    const std::uint32_t column = column_ + 1;  // the annotation sits inside the cell being read
    out_.note(author_, Visibility::comment, "comment author", row_, column);
    out_.note(note_, Visibility::comment, "comment", row_, column);
  }

  struct PendingCell {
    std::uint32_t column;
    std::string text;
    bool textual;
  };

  SheetWriter& out_;
  std::string part_;
  Visibility floor_;
  std::set<std::string> hidden_table_styles_;
  std::string style_;
  bool in_table_ = false, in_cell_ = false, in_annotation_ = false, capture_author_ = false;
  bool textual_ = false, value_from_attribute_ = false;
  int row_groups_ = 0, column_groups_ = 0;
  Visibility table_visibility_ = Visibility::visible, row_visibility_ = Visibility::visible;
  std::vector<Visibility> columns_;
  std::uint32_t row_ = 0, column_ = 0, row_repeat_ = 1, cell_repeat_ = 1, paragraphs_ = 0;
  std::string text_, note_, author_;
  std::vector<PendingCell> row_cells_;
};

}  // namespace

void read_ods(ZipArchive& zip, const PackageOptions& options, ReadStats& stats, const BatchSink& sink) {
  refuse_encrypted_odf(zip);
  SheetWriter out(options.batch_bytes, sink, options.container);
  if (const auto* meta = zip.find("meta.xml")) {
    read_part_or_note(meta->name, stats, [&] {
      out.begin_scope(meta->name, std::nullopt, false);
      read_odf_meta(zip, *meta, [&](std::string_view label, std::string_view text) {
        out.note(text, Visibility::metadata, label);
      });
    });
  }
  const auto* content = zip.find("content.xml");
  if (!content) throw FormatError("OpenDocument spreadsheet without content.xml: not checked");
  read_part_or_note(content->name, stats, [&] {
    out.begin_scope(content->name, std::nullopt, false);
    ContentHandler handler(out, content->name, Visibility::visible);
    parse_part(zip, *content, handler);
  });
  // Embedded objects ("Object 1/content.xml"): charts keep their data as tables.
  for (const auto& e : zip.entries()) {
    if (!e.name.starts_with("Object ") || !e.name.ends_with("/content.xml")) continue;
    read_part_or_note(e.name, stats, [&] {
      out.begin_scope(e.name, std::nullopt, false);
      ContentHandler handler(out, e.name, Visibility::chart_cache);
      parse_part(zip, e, handler);
    });
  }
  stats.lines = out.cells();
  out.flush();
}

}  // namespace foiguard::formats
