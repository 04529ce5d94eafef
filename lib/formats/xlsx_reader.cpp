// The XLSX/XLSM package walk: properties, workbook (sheets and their states,
// defined names), shared strings and styles, then every sheet and every part
// that can hold a copy of cell data, then what cannot be checked.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "formats/xlsx_internal.hpp"

namespace foiguard::formats::xlsx {
namespace {

std::uint32_t to_uint(std::string_view s) {
  std::uint32_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool starts_with_folder(std::string_view name, std::string_view folder) {
  return name.size() > folder.size() && name.substr(0, folder.size()) == folder;
}

struct DefinedName {
  std::string name, formula;
  bool hidden = false;
  std::optional<std::uint32_t> sheet;  // localSheetId
};

class WorkbookHandler : public XmlHandler {
 public:
  struct Sheet {
    std::string name, rel, state;
  };
  std::vector<Sheet> sheets;
  std::vector<DefinedName> names;
  std::vector<std::string> pivot_caches;       // relationship ids
  std::vector<std::string> external_links;     // relationship ids
  bool date1904 = false;

  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "sheet") {
      sheets.push_back({std::string(a.get("name")), std::string(a.get("id")), std::string(a.get("state"))});
    } else if (name == "workbookPr") {
      date1904 = a.get("date1904") == "1" || a.get("date1904") == "true";
    } else if (name == "definedName") {
      DefinedName d;
      d.name = a.get("name");
      d.hidden = a.get("hidden") == "1" || a.get("hidden") == "true";
      if (a.has("localSheetId")) d.sheet = to_uint(a.get("localSheetId"));
      names.push_back(std::move(d));
      in_name_ = true;
    } else if (name == "pivotCache") {
      pivot_caches.emplace_back(a.get("id"));
    } else if (name == "externalReference") {
      external_links.emplace_back(a.get("id"));
    }
  }
  void end(std::string_view name) override {
    if (name == "definedName") in_name_ = false;
  }
  void text(std::string_view piece) override {
    if (in_name_ && names.back().formula.size() < (1u << 16)) names.back().formula.append(piece);
  }

 private:
  bool in_name_ = false;
};

// <si><t>..</t></si>, or rich text <si><r><t>..</t></r>...</si>; phonetic
// guides (<rPh>) repeat the text in another script and are skipped.
class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(SharedStrings& out) : out_(out) {}
  void start(std::string_view name, const XmlAttributes&) override {
    if (name == "si") current_.clear();
    else if (name == "t") in_text_ = !in_phonetic_;
    else if (name == "rPh") in_phonetic_ = true;
  }
  void end(std::string_view name) override {
    if (name == "si") out_.add(current_);
    else if (name == "t") in_text_ = false;
    else if (name == "rPh") in_phonetic_ = false;
  }
  void text(std::string_view piece) override {
    if (in_text_ && current_.size() < (1u << 20)) current_.append(piece);
  }

 private:
  SharedStrings& out_;
  std::string current_;
  bool in_text_ = false, in_phonetic_ = false;
};

Visibility sheet_visibility(std::string_view state) {
  if (state == "veryHidden") return Visibility::very_hidden_sheet;
  if (state == "hidden") return Visibility::hidden_sheet;
  return Visibility::visible;
}

// Parts that may hold personal data but that no reader here understands.
void note_unreadable_parts(ZipArchive& zip, ReadStats& stats) {
  bool model = false;
  for (const auto& e : zip.entries()) {
    if (!model && starts_with_folder(e.name, "xl/model/")) {
      model = true;
      stats.not_checked.push_back({e.name, "Power Pivot data model: present, cannot be checked"});
    } else if (e.name == "xl/vbaProject.bin") {
      stats.not_checked.push_back({e.name, "VBA macros: present, cannot be checked"});
    } else if (e.encrypted) {
      stats.not_checked.push_back({e.name, "encrypted member: cannot be checked"});
    }
  }
}

// Custom XML parts hold whatever an add-in stored; Power Query keeps its
// queries (and cached data) there as a DataMashup blob.
void read_custom_xml(ZipArchive& zip, SheetWriter& out, ReadStats& stats) {
  for (const auto& e : zip.entries()) {
    if (!starts_with_folder(e.name, "customXml/item") || e.name.find("Props") != std::string::npos ||
        !e.name.ends_with(".xml"))
      continue;
    read_part_or_note(e.name, stats, [&] {
      bool mashup = false;
      out.begin_scope(e.name, std::nullopt, false);
      struct Handler : XmlHandler {
        SheetWriter& out;
        bool& mashup;
        std::string text_;
        Handler(SheetWriter& o, bool& m) : out(o), mashup(m) {}
        void start(std::string_view name, const XmlAttributes&) override {
          if (name == "DataMashup") mashup = true;
          flush();
        }
        void end(std::string_view) override { flush(); }
        void text(std::string_view piece) override {
          if (!mashup && text_.size() < (1u << 20)) text_.append(piece);
        }
        void flush() {
          if (text_.find_first_not_of(" \t\r\n") != std::string::npos) out.note(text_, Visibility::metadata, "custom XML");
          text_.clear();
        }
      } handler(out, mashup);
      parse_part(zip, e, handler);
      if (mashup) stats.not_checked.push_back({e.name, "Power Query mashup: present, cannot be checked"});
    });
  }
}

void read_connections(ZipArchive& zip, SheetWriter& out, ReadStats& stats) {
  // Connection strings and queries sit in attributes: keep the ones that can
  // carry names (user ids, file paths, SQL).
  for (const char* name : {"xl/connections.xml"}) {
    const auto* part = zip.find(name);
    if (!part) continue;
    read_part_or_note(name, stats, [&] {
      out.begin_scope(part->name, std::nullopt, false);
      struct Handler : XmlHandler {
        SheetWriter& out;
        explicit Handler(SheetWriter& o) : out(o) {}
        void start(std::string_view, const XmlAttributes& a) override {
          for (const char* key : {"name", "description", "connection", "command", "sourceFile", "odcFile", "url"})
            out.note(a.get(key), Visibility::metadata, key);
        }
        void end(std::string_view) override {}
        void text(std::string_view) override {}
      } handler(out);
      parse_part(zip, *part, handler);
    });
  }
  for (const auto& e : zip.entries())
    if (starts_with_folder(e.name, "xl/queryTables/"))
      read_part_or_note(e.name, stats, [&] {
        struct Handler : XmlHandler {
          SheetWriter& out;
          explicit Handler(SheetWriter& o) : out(o) {}
          void start(std::string_view name, const XmlAttributes& a) override {
            if (name == "queryTableField" || name == "queryTable") out.note(a.get("name"), Visibility::metadata, "query field");
          }
          void end(std::string_view) override {}
          void text(std::string_view) override {}
        } handler(out);
        out.begin_scope(e.name, std::nullopt, false);
        parse_part(zip, e, handler);
      });
}

}  // namespace

bool parse_cell_ref(std::string_view ref, std::uint32_t& row, std::uint32_t& column) {
  std::size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  std::uint64_t c = 0;
  const std::size_t letters = i;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    c = c * 26 + static_cast<std::uint64_t>((ref[i] | 0x20) - 'a' + 1);
    if (c > 16384) return false;
    ++i;
  }
  if (i == letters) return false;
  if (i < ref.size() && ref[i] == '$') ++i;
  std::uint32_t r = 0;
  const auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  if (ec != std::errc() || end != ref.data() + ref.size() || r == 0 || r > 1048576) return false;
  row = r;
  column = static_cast<std::uint32_t>(c);
  return true;
}

std::optional<CellRange> parse_range(std::string_view ref) {
  const auto bang = ref.rfind('!');
  if (bang != std::string_view::npos) ref.remove_prefix(bang + 1);
  const auto colon = ref.find(':');
  CellRange r;
  if (!parse_cell_ref(ref.substr(0, colon), r.first_row, r.first_column)) return std::nullopt;
  if (colon == std::string_view::npos) {
    r.last_row = r.first_row;
    r.last_column = r.first_column;
  } else if (!parse_cell_ref(ref.substr(colon + 1), r.last_row, r.last_column)) {
    return std::nullopt;
  }
  return r;
}

}  // namespace foiguard::formats::xlsx

namespace foiguard::formats {

void read_xlsx(ZipArchive& zip, const std::string& workbook_part, const PackageOptions& options,
               ReadStats& stats, const BatchSink& sink) {
  using namespace xlsx;
  SheetWriter out(options.batch_bytes, sink, options.container);
  read_document_properties(zip, out, stats);

  WorkbookHandler book;
  const auto* workbook = zip.find(workbook_part);
  parse_part(zip, *workbook, book);
  const auto rels = read_relationships(zip, workbook_part);
  const auto part_of = [&](std::string_view type) -> const ZipArchive::Entry* {
    for (const auto& r : rels)
      if (r.type == type && !r.external) return zip.find(r.target);
    return nullptr;
  };

  SharedStrings strings;
  if (const auto* part = part_of("sharedStrings")) {
    SharedStringsHandler handler(strings);
    read_part_or_note(part->name, stats, [&] { parse_part(zip, *part, handler, kSharedStrings); });
  }
  std::vector<CellStyle> styles;
  if (const auto* part = part_of("styles"))
    read_part_or_note(part->name, stats, [&] { styles = read_styles(zip, *part); });
  WorkbookContext wb{zip, out, stats, strings, styles, book.date1904};

  std::vector<SheetInfo> sheets;
  for (const auto& s : book.sheets) {
    SheetInfo info;
    info.name = s.name;
    info.visibility = sheet_visibility(s.state);
    if (const auto* rel = find_relationship(rels, s.rel)) info.part = rel->target;
    sheets.push_back(std::move(info));
  }
  // Defined names: each is a note; the filter ranges tell filtered rows
  // from rows hidden by hand.
  out.begin_scope(workbook_part, std::nullopt, false);
  for (const auto& d : book.names) {
    const bool in_sheet = d.sheet && *d.sheet < sheets.size();
    if (d.name == "_xlnm._FilterDatabase" && in_sheet) sheets[*d.sheet].filter_range = parse_range(d.formula);
    // The name labels its value, as a header does a cell: "Surname" = "Okonkwo".
    out.note(d.formula, Visibility::defined_name, d.name);
  }
  for (const auto& sheet : sheets) {
    out.begin_scope(workbook_part, std::nullopt, false);
    out.note(sheet.name, sheet.visibility == Visibility::visible ? Visibility::metadata : sheet.visibility,
             "sheet name");
    if (sheet.part.empty()) continue;
    read_part_or_note(sheet.part, stats, [&] { read_sheet(wb, sheet); });
  }
  for (const auto& id : book.pivot_caches)
    if (const auto* rel = find_relationship(rels, id); rel && !rel->external)
      if (const auto* part = zip.find(rel->target))
        read_part_or_note(part->name, stats, [&] { read_pivot_cache(wb, *part); });
  for (const auto& id : book.external_links)
    if (const auto* rel = find_relationship(rels, id); rel && !rel->external)
      if (const auto* part = zip.find(rel->target))
        read_part_or_note(part->name, stats, [&] { read_external_link(wb, *part); });
  for (const auto& e : zip.entries())
    if (starts_with_folder(e.name, "xl/charts/chart") && e.name.ends_with(".xml"))
      read_part_or_note(e.name, stats, [&] { read_chart(wb, e); });
  for (const auto& e : zip.entries())
    if (starts_with_folder(e.name, "xl/persons/"))
      read_part_or_note(e.name, stats, [&] {
        read_text_nodes(zip, e, out, Visibility::comment);
        struct Handler : XmlHandler {
          SheetWriter& out;
          explicit Handler(SheetWriter& o) : out(o) {}
          void start(std::string_view name, const XmlAttributes& a) override {
            if (name == "person") out.note(a.get("displayName"), Visibility::comment, "comment author");
          }
          void end(std::string_view) override {}
          void text(std::string_view) override {}
        } handler(out);
        parse_part(zip, e, handler);
      });
  read_connections(zip, out, stats);
  read_custom_xml(zip, out, stats);
  note_unreadable_parts(zip, stats);
  stats.lines = out.cells();
  out.flush();
  read_embedded_files(zip, "xl/embeddings/", options, stats, sink);
}

}  // namespace foiguard::formats
