// The DOCX/DOTX/DOCM package walk: document properties, document variables,
// custom XML and chart caches as notes; then every story (the body, headers
// and footers, footnotes, endnotes, comments and their people, building
// blocks), imported chunks and embedded files; then what cannot be checked.
#include <fmt/format.h>

#include <optional>
#include <set>

#include "formats/docx_internal.hpp"

namespace foiguard::formats {
namespace {

using docx::HiddenStyles;
using docx::Story;

bool in_folder(std::string_view name, std::string_view folder) {
  return name.size() > folder.size() && name.starts_with(folder);
}

std::string_view file_name(std::string_view name) {
  const auto slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

// A part's relationships; broken ones are a note and the part is read without them.
std::vector<Relationship> relationships_or_note(ZipArchive& zip, std::string_view part, ReadStats& stats) {
  std::vector<Relationship> rels;
  const std::string_view file = file_name(part);
  const std::string rels_part =
      fmt::format("{}_rels/{}.rels", part.substr(0, part.size() - file.size()), file);
  read_part_or_note(rels_part, stats, [&] { rels = read_relationships(zip, part); });
  return rels;
}

// The part the document's relationships name by `type`, or else the one at
// its conventional name: broken relationships do not hide a part.
const ZipArchive::Entry* related_part(ZipArchive& zip, const std::vector<Relationship>& rels,
                                      std::string_view type, std::string_view conventional) {
  for (const auto& r : rels)
    if (r.type == type && !r.external)
      if (const auto* part = zip.find(r.target)) return part;
  return zip.find(conventional);
}

// Notes read by read_text_nodes from every part in `folder` whose file name
// starts with `prefix` (customXml/item1.xml, word/charts/chart1.xml).
void read_notes_in(ZipArchive& zip, std::string_view folder, std::string_view prefix, SheetWriter& out,
                   ReadStats& stats, Visibility visibility, bool (*keep)(std::string_view) = nullptr) {
  for (const auto& e : zip.entries()) {
    if (!in_folder(e.name, folder) || !e.name.ends_with(".xml")) continue;
    const std::string_view file = file_name(e.name);
    if (e.name.size() - file.size() != folder.size() || !file.starts_with(prefix)) continue;
    if (file.starts_with("itemProps")) continue;  // the custom XML part's schema list
    read_part_or_note(e.name, stats, [&] { read_text_nodes(zip, e, out, visibility, keep); });
  }
}

bool cached_value(std::string_view element) { return element == "v"; }
bool drawing_text(std::string_view element) { return element == "t"; }

// w:docVar name/val pairs in word/settings.xml: templates and add-ins keep
// case references and user names there, out of sight.
void read_document_variables(ZipArchive& zip, const ZipArchive::Entry& part, SheetWriter& out) {
  out.begin_scope(part.name, std::nullopt, false);
  struct Handler : XmlHandler {
    SheetWriter& out;
    explicit Handler(SheetWriter& o) : out(o) {}
    void start(std::string_view name, const XmlAttributes& a) override {
      if (name == "docVar") out.note(a.get("val"), Visibility::metadata, a.get("name"));
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}
  } handler(out);
  parse_part(zip, part, handler);
}

// Targets outside the package (a linked picture or object, the template the
// document was made from) are paths and addresses, often with a user name in
// them ("file:///C:/Users/..."). Links in the text are read with the text.
void read_external_targets(std::string_view source, const std::vector<Relationship>& rels, SheetWriter& out) {
  bool begun = false;
  for (const auto& r : rels) {
    if (!r.external || r.type == "hyperlink") continue;
    if (!begun) out.begin_scope(std::string(source), std::nullopt, false);
    begun = true;
    out.note(r.target, Visibility::metadata, r.type);
  }
}

// word/people.xml: who commented (w15:person w15:author), as comment authors.
void read_people(ZipArchive& zip, const ZipArchive::Entry& part, DocumentWriter& out) {
  out.begin_part(part.name);
  struct Handler : XmlHandler {
    DocumentWriter& out;
    explicit Handler(DocumentWriter& o) : out(o) {}
    void start(std::string_view name, const XmlAttributes& a) override {
      if (name == "person")
        out.paragraph(a.get("author"), Visibility::comment, a.get("author").substr(0, docx::kMaxAuthor));
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}
  } handler(out);
  parse_part(zip, part, handler);
}

// The notes: properties, variables, linked files, custom XML, and what
// charts and diagrams keep of their text.
void read_notes(ZipArchive& zip, std::string_view document, const std::vector<Relationship>& rels,
                const ZipArchive::Entry* settings, const PackageOptions& options, ReadStats& stats,
                const BatchSink& sink) {
  SheetWriter out(options.batch_bytes, sink, options.container);
  read_document_properties(zip, out, stats);
  read_external_targets(document, rels, out);
  if (settings) {
    read_part_or_note(settings->name, stats, [&] { read_document_variables(zip, *settings, out); });
    read_external_targets(settings->name, relationships_or_note(zip, settings->name, stats), out);
  }
  read_notes_in(zip, "customXml/", "item", out, stats, Visibility::metadata);
  read_notes_in(zip, "word/charts/", "chart", out, stats, Visibility::chart_cache, cached_value);
  read_notes_in(zip, "word/diagrams/", "data", out, stats, Visibility::visible, drawing_text);
  out.flush();
}

// What each story part is to a reader of the document.
struct StoryPart {
  const ZipArchive::Entry* entry;
  Visibility visibility;
};

std::optional<Visibility> story_visibility(std::string_view relationship_type) {
  if (relationship_type == "header" || relationship_type == "footer") return Visibility::header_footer;
  if (relationship_type == "footnotes" || relationship_type == "endnotes") return Visibility::visible;
  if (relationship_type == "comments") return Visibility::comment;
  if (relationship_type == "glossaryDocument") return Visibility::hidden_text;
  return std::nullopt;
}

// Story parts by their conventional names: one that no relationship names
// is not shown by Word, but its text is still in the file.
std::optional<Visibility> unlinked_story_visibility(std::string_view name) {
  if (!in_folder(name, "word/") || name.find('/', 5) != std::string_view::npos || !name.ends_with(".xml"))
    return std::nullopt;
  const std::string_view file = file_name(name);
  if (file.starts_with("header") || file.starts_with("footer")) return Visibility::header_footer;
  if (file == "footnotes.xml" || file == "endnotes.xml") return Visibility::visible;
  if (file == "comments.xml") return Visibility::comment;
  return std::nullopt;
}

std::vector<StoryPart> story_parts(ZipArchive& zip, const ZipArchive::Entry& document,
                                   const std::vector<Relationship>& rels) {
  std::vector<StoryPart> out{{&document, Visibility::visible}};
  std::set<std::string> listed{document.name};
  const auto add = [&](const ZipArchive::Entry* e, Visibility v) {
    if (e && listed.insert(e->name).second) out.push_back({e, v});
  };
  for (const auto& r : rels)
    if (const auto v = story_visibility(r.type); v && !r.external) add(zip.find(r.target), *v);
  for (const auto& e : zip.entries())
    if (const auto v = unlinked_story_visibility(e.name)) add(&e, *v);
  return out;
}

}  // namespace

void read_docx(ZipArchive& zip, const std::string& document_part, const PackageOptions& options,
               ReadStats& stats, const BatchSink& sink) {
  const auto* document = zip.find(document_part);
  const auto rels = relationships_or_note(zip, document_part, stats);
  read_notes(zip, document_part, rels, related_part(zip, rels, "settings", "word/settings.xml"), options,
             stats, sink);

  HiddenStyles styles;
  if (const auto* part = related_part(zip, rels, "styles", "word/styles.xml"))
    read_part_or_note(part->name, stats, [&] { styles = docx::read_hidden_styles(zip, *part); });
  const HiddenStyles no_styles;

  DocumentWriter out(options.batch_bytes, sink, options.container);
  for (const StoryPart& part : story_parts(zip, *document, rels)) {
    // Named, not a structured binding: clang before 16 cannot capture one.
    const ZipArchive::Entry* entry = part.entry;
    const Visibility visibility = part.visibility;
    read_part_or_note(entry->name, stats, [&] {
      std::vector<Relationship> own_rels;
      if (entry != document) own_rels = relationships_or_note(zip, entry->name, stats);
      // Building blocks have styles of their own; all their text is hidden anyway.
      const Story story{*entry, visibility, visibility == Visibility::hidden_text ? no_styles : styles,
                        entry == document ? rels : own_rels};
      docx::read_story(zip, story, out);
    });
  }
  if (const auto* people = related_part(zip, rels, "people", "word/people.xml"))
    read_part_or_note(people->name, stats, [&] { read_people(zip, *people, out); });
  stats.lines = out.paragraphs();
  out.flush();

  // Chunks imported whole (HTML, RTF, another document) show as body text.
  for (const auto& r : rels)
    if (r.type == "aFChunk" && !r.external)
      if (const auto* chunk = zip.find(r.target))
        read_member(zip, *chunk, options, Visibility::visible, stats, sink);
  read_embedded_files(zip, "word/embeddings/", options, stats, sink);
  if (const auto* vba = zip.find("word/vbaProject.bin"))
    stats.not_checked.push_back({vba->name, "VBA macros: present, cannot be checked"});
}

}  // namespace foiguard::formats
