// The parts of a workbook outside its sheets where personal data survives:
// comments, pivot caches (deleted source data lives on there), external-link
// caches and chart caches.
#include <fmt/format.h>

#include <charconv>

#include "formats/xlsx_internal.hpp"

namespace foiguard::formats::xlsx {
namespace {

constexpr std::size_t kMaxTextBytes = 1u << 20;

std::uint32_t to_uint(std::string_view s) {
  std::uint32_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// Accumulates text inside chosen elements; the owner decides when to take it.
struct TextCapture {
  std::string text;
  bool on = false;
  void append(std::string_view piece) {
    if (on && text.size() + piece.size() <= kMaxTextBytes) text.append(piece);
  }
  std::string take() {
    std::string out = std::move(text);
    text.clear();
    return out;
  }
};

// Legacy notes: <authors><author>..</author></authors>
// <commentList><comment ref="B2" authorId="0"><text><r><t>..</t></r></text></comment>.
class CommentsHandler : public XmlHandler {
 public:
  CommentsHandler(WorkbookContext& wb) : wb_(wb) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "author") {
      capture_.on = true;
    } else if (name == "comment") {
      row_ = column_ = 0;
      parse_cell_ref(a.get("ref"), row_, column_);
      author_ = to_uint(a.get("authorId"));
      capture_.take();
    } else if (name == "t") {
      capture_.on = !phonetic_;
    } else if (name == "rPh") {
      phonetic_ = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "author") {
      authors_.push_back(capture_.take());
      wb_.out.note(authors_.back(), Visibility::comment, "comment author");
    } else if (name == "comment") {
      wb_.out.note(capture_.take(), Visibility::comment, "comment", row_, column_);
    } else if (name == "rPh") {
      phonetic_ = false;
    }
    if (name == "t" || name == "author") capture_.on = false;
  }
  void text(std::string_view piece) override { capture_.append(piece); }

 private:
  WorkbookContext& wb_;
  TextCapture capture_;
  std::vector<std::string> authors_;
  std::uint32_t row_ = 0, column_ = 0, author_ = 0;
  bool phonetic_ = false;
};

// Threaded comments: <threadedComment ref="B3" personId=".."><text>..</text>.
class ThreadedCommentsHandler : public XmlHandler {
 public:
  explicit ThreadedCommentsHandler(WorkbookContext& wb) : wb_(wb) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "threadedComment") {
      row_ = column_ = 0;
      parse_cell_ref(a.get("ref"), row_, column_);
    } else if (name == "text") {
      capture_.on = true;
    } else if (name == "mention") {
      wb_.out.note(a.get("mentionId"), Visibility::comment, "comment mention", row_, column_);
    }
  }
  void end(std::string_view name) override {
    if (name == "text") {
      capture_.on = false;
      wb_.out.note(capture_.take(), Visibility::comment, "comment", row_, column_);
    }
  }
  void text(std::string_view piece) override { capture_.append(piece); }

 private:
  WorkbookContext& wb_;
  TextCapture capture_;
  std::uint32_t row_ = 0, column_ = 0;
};

// The pivot cache definition: field names, each field's shared items, and
// where the cache came from.
struct CacheField {
  std::string name;
  std::vector<std::string> items;
  std::vector<bool> used;  // referenced by a record
};

class CacheDefinitionHandler : public XmlHandler {
 public:
  std::vector<CacheField> fields;
  std::string source_sheet, source_ref;

  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "worksheetSource") {
      source_sheet = a.get("sheet");
      source_ref = a.get("ref");
    } else if (name == "cacheField") {
      fields.push_back({std::string(a.get("name")), {}, {}});
      in_field_ = true;
    } else if (name == "fieldGroup") {
      in_field_ = false;  // grouping items are derived labels, not source data
    } else if (in_field_ && !fields.empty() && is_item(name)) {
      fields.back().items.push_back(item_text(name, a, date1904));
    }
  }
  void end(std::string_view name) override {
    if (name == "cacheField") in_field_ = false;
  }
  void text(std::string_view) override {}

  static bool is_item(std::string_view name) {
    return name == "s" || name == "n" || name == "d" || name == "b" || name == "e" || name == "m";
  }
  static std::string item_text(std::string_view name, const XmlAttributes& a, bool) {
    if (name == "m" || name == "b" || name == "e") return {};
    std::string v(a.get("v"));
    if (name == "d" && v.size() >= 10) v.resize(10);  // "1987-03-14T00:00:00" -> the date
    return v;
  }
  bool date1904 = false;

 private:
  bool in_field_ = false;
};

// Records: <r><x v="3"/><s v="text"/><n v="12"/>...</r>, one child per field.
class CacheRecordsHandler : public XmlHandler {
 public:
  CacheRecordsHandler(WorkbookContext& wb, std::vector<CacheField>& fields) : wb_(wb), fields_(fields) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "r") {
      ++record_;
      field_ = 0;
      return;
    }
    if (record_ == 0) return;
    std::string value;
    if (name == "x") {
      const std::uint32_t k = to_uint(a.get("v"));
      if (field_ < fields_.size() && k < fields_[field_].items.size()) {
        value = fields_[field_].items[k];
        fields_[field_].used[k] = true;
      }
    } else if (CacheDefinitionHandler::is_item(name)) {
      value = CacheDefinitionHandler::item_text(name, a, false);
    } else {
      return;
    }
    ++field_;
    if (!value.empty()) wb_.out.cell(record_, field_, value, Visibility::pivot_cache, name == "s");
  }
  void end(std::string_view name) override {
    if (name == "r") wb_.out.end_row();
  }
  void text(std::string_view) override {}

 private:
  WorkbookContext& wb_;
  std::vector<CacheField>& fields_;
  std::uint32_t record_ = 0, field_ = 0;
};

// External link caches: <sheetNames><sheetName val=".."/></sheetNames>
// <sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="A2" t="str"><v>..</v>.
class ExternalLinkHandler : public XmlHandler {
 public:
  ExternalLinkHandler(WorkbookContext& wb, std::string part) : wb_(wb), part_(std::move(part)) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "sheetName") {
      sheets_.emplace_back(a.get("val"));
    } else if (name == "sheetData") {
      const std::uint32_t id = to_uint(a.get("sheetId"));
      wb_.out.begin_scope(part_, id < sheets_.size() ? sheets_[id] : fmt::format("external sheet {}", id + 1), true);
    } else if (name == "cell") {
      row_ = column_ = 0;
      parse_cell_ref(a.get("r"), row_, column_);
      textual_ = a.get("t") == "str" || a.get("t") == "s";
      capture_.take();
    } else if (name == "v") {
      capture_.on = true;
    } else if (name == "definedName") {
      wb_.out.note(a.get("refersTo"), Visibility::external_link_cache, a.get("name"));
    }
  }
  void end(std::string_view name) override {
    if (name == "v") capture_.on = false;
    if (name == "cell" && row_ > 0 && column_ > 0) {
      const std::string v = capture_.take();
      if (!v.empty()) wb_.out.cell(row_, column_, v, Visibility::external_link_cache, textual_);
    }
  }
  void text(std::string_view piece) override { capture_.append(piece); }

 private:
  WorkbookContext& wb_;
  std::string part_;
  std::vector<std::string> sheets_;
  TextCapture capture_;
  std::uint32_t row_ = 0, column_ = 0;
  bool textual_ = false;
};

// Charts keep copies of the cells they plot (c:strCache, c:numCache) even
// after the cells are deleted, plus titles and labels in a:t runs.
class ChartHandler : public XmlHandler {
 public:
  explicit ChartHandler(WorkbookContext& wb) : wb_(wb) {}
  void start(std::string_view name, const XmlAttributes&) override {
    if (name == "strCache" || name == "numCache") ++in_cache_;
    if (name == "v" || name == "t") capture_.on = true;
  }
  void end(std::string_view name) override {
    if (name == "strCache" || name == "numCache") --in_cache_;
    if (name == "v" || name == "t") {
      capture_.on = false;
      const std::string v = capture_.take();
      if (in_cache_ > 0) wb_.out.note(v, Visibility::chart_cache, "chart data");
      else if (name == "t") wb_.out.note(v, Visibility::visible, "chart text");
    }
  }
  void text(std::string_view piece) override { capture_.append(piece); }

 private:
  WorkbookContext& wb_;
  TextCapture capture_;
  int in_cache_ = 0;
};

}  // namespace

void read_comments(WorkbookContext& wb, const SheetInfo& sheet, const ZipArchive::Entry& part) {
  wb.out.begin_scope(part.name, sheet.name, false);
  CommentsHandler handler(wb);
  parse_part(wb.zip, part, handler);
}

void read_threaded_comments(WorkbookContext& wb, const SheetInfo& sheet, const ZipArchive::Entry& part) {
  wb.out.begin_scope(part.name, sheet.name, false);
  ThreadedCommentsHandler handler(wb);
  parse_part(wb.zip, part, handler);
}

void read_pivot_cache(WorkbookContext& wb, const ZipArchive::Entry& definition) {
  CacheDefinitionHandler def;
  def.date1904 = wb.date1904;
  parse_part(wb.zip, definition, def);
  for (auto& f : def.fields) f.used.assign(f.items.size(), false);
  // Records, one row each under the field names.
  for (const auto& rel : read_relationships(wb.zip, definition.name)) {
    const auto* records = rel.type == "pivotCacheRecords" ? wb.zip.find(rel.target) : nullptr;
    if (!records) continue;
    wb.out.begin_scope(records->name, std::nullopt, false);
    for (std::size_t k = 0; k < def.fields.size(); ++k)
      wb.out.name_column(static_cast<std::uint32_t>(k + 1), def.fields[k].name);
    CacheRecordsHandler handler(wb, def.fields);
    read_part_or_note(records->name, wb.stats, [&] { parse_part(wb.zip, *records, handler, kPivotRecords); });
    wb.out.end_row();
  }
  // Shared items no record uses are what survives of deleted rows: each is
  // its own note (items of different fields are not rows of one person).
  wb.out.begin_scope(definition.name, std::nullopt, false);
  for (const auto& f : def.fields)
    for (std::size_t k = 0; k < f.items.size(); ++k)
      if (!f.used[k]) wb.out.note(f.items[k], Visibility::pivot_cache, f.name);
}

void read_external_link(WorkbookContext& wb, const ZipArchive::Entry& part) {
  wb.out.begin_scope(part.name, std::nullopt, false);
  for (const auto& rel : read_relationships(wb.zip, part.name))
    if (rel.external) wb.out.note(rel.target, Visibility::external_link_cache, "linked file");
  ExternalLinkHandler handler(wb, part.name);
  parse_part(wb.zip, part, handler);
  wb.out.end_row();
}

void read_chart(WorkbookContext& wb, const ZipArchive::Entry& part) {
  wb.out.begin_scope(part.name, std::nullopt, false);
  ChartHandler handler(wb);
  parse_part(wb.zip, part, handler);
}

}  // namespace foiguard::formats::xlsx
