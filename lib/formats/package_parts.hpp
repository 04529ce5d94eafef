// Pieces every zip-based document reader needs: streaming one part through an
// XmlHandler, reading a part's relationships, and the document properties.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/sheet_writer.hpp"
#include "formats/xml_stream.hpp"
#include "formats/zip_archive.hpp"

namespace foiguard::formats {

// Streams `part` through `handler`. Throws FormatError. A part that is mostly
// one long list (sheetData/row) names it as `bulk` to send it through the
// fast lane (xml_bulk.hpp).
void parse_part(ZipArchive& zip, const ZipArchive::Entry& part, XmlHandler& handler, XmlList bulk = {});

struct Relationship {
  std::string id;
  std::string type;    // the last path step of the type URI: "worksheet", "comments", "pivotCacheDefinition"
  std::string target;  // a part name resolved against the source part, or the external URI as given
  bool external = false;
};

// The relationships of `part` (from its _rels/NAME.rels); none when absent.
std::vector<Relationship> read_relationships(ZipArchive& zip, std::string_view part);
const Relationship* find_relationship(const std::vector<Relationship>& rels, std::string_view id);

// docProps/core.xml, app.xml and custom.xml: every property value as a
// metadata note labelled with the property name ("creator", "Company").
void read_document_properties(ZipArchive& zip, SheetWriter& out, ReadStats& stats);

// Every non-blank text node of `part` as a note with `visibility`, labelled
// with the element's local name; `keep(name)` picks the elements (all when
// null). For charts, custom XML, connections.
void read_text_nodes(ZipArchive& zip, const ZipArchive::Entry& part, SheetWriter& out,
                     Visibility visibility, bool (*keep)(std::string_view element) = nullptr);

// Every non-blank text node of an XML document held in memory (XMP metadata
// in a PDF) with its element's local name. Throws FormatError like parse_part.
using TextNodeSink = std::function<void(std::string_view element, std::string_view text)>;
void for_each_text_node(std::string_view xml, std::string part_name, const TextNodeSink& emit);

// The label a property element gets: its name, except that the ones that
// describe the document ("title", "subject") say so, so that they are not
// taken for a column of job titles or data subjects.
std::string_view property_label(std::string_view element);

// OpenDocument (ODS, ODT, ODP): throws FormatError when the manifest lists
// encryption data (a password-protected file: its parts cannot be read).
void refuse_encrypted_odf(ZipArchive& zip);
// meta.xml: every property's text with its label (a user-defined property's
// name, otherwise property_label() of its element: "initial-creator").
using OdfPropertySink = std::function<void(std::string_view label, std::string_view text)>;
void read_odf_meta(ZipArchive& zip, const ZipArchive::Entry& meta, const OdfPropertySink& property);

// `options` with a ContainerBudget of its own when it has none yet: the
// outermost reader of a file creates the budget every level shares.
PackageOptions with_budget(const PackageOptions& options);

// Nested files past this size are not read: they are held whole in memory.
constexpr std::uint64_t kMaxNestedBytes = 512u << 20;

// The package readers (read_package picks one by the parts present).
void read_xlsx(ZipArchive& zip, const std::string& workbook_part, const PackageOptions& options,
               ReadStats& stats, const BatchSink& sink);
void read_ods(ZipArchive& zip, const PackageOptions& options, ReadStats& stats, const BatchSink& sink);
void read_docx(ZipArchive& zip, const std::string& document_part, const PackageOptions& options,
               ReadStats& stats, const BatchSink& sink);
void read_pptx(ZipArchive& zip, const std::string& presentation_part, const PackageOptions& options,
               ReadStats& stats, const BatchSink& sink);
// ODT and ODP (and their templates); `mimetype` says which.
void read_odf_document(ZipArchive& zip, std::string_view mimetype, const PackageOptions& options,
                       ReadStats& stats, const BatchSink& sink);
// A zip that is no document: every member read by its own format, as an archive_member.
void read_archive(ZipArchive& zip, const PackageOptions& options, ReadStats& stats, const BatchSink& sink);

// One member read as a nested file (read_nested) with `floor` as its
// visibility; encrypted, oversized and too deeply nested members are notes.
void read_member(ZipArchive& zip, const ZipArchive::Entry& entry, const PackageOptions& options,
                 Visibility floor, ReadStats& stats, const BatchSink& sink);
// Files embedded under `folder` ("xl/embeddings/"), each read as a nested
// file (read_member) with the embedded_object visibility.
void read_embedded_files(ZipArchive& zip, std::string_view folder, const PackageOptions& options,
                         ReadStats& stats, const BatchSink& sink);

// Runs `read` on one part, turning its FormatError into a not_checked note
// so that one broken part does not hide the others.
template <typename Read>
void read_part_or_note(std::string_view part, ReadStats& stats, Read&& read) {
  try {
    read();
  } catch (const FormatError& e) {
    stats.not_checked.push_back({std::string(part), e.what()});
  }
}

}  // namespace foiguard::formats
