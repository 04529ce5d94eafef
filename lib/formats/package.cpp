// read_package: which zip-based format a package is, from its parts.
#include <fmt/format.h>

#include "formats/package_parts.hpp"

namespace foiguard::formats {
namespace {

// The main part named by the package relationships (_rels/.rels); when
// those are broken, the conventional main part if it is there.
std::string office_document(ZipArchive& zip, ReadStats& stats) {
  std::string main_part;
  if (!zip.find("_rels/.rels")) return zip.find("xl/workbook.xml") ? "xl/workbook.xml" : "";
  read_part_or_note("_rels/.rels", stats, [&] {
    for (const auto& r : read_relationships(zip, ""))
      if (r.type == "officeDocument" && !r.external && main_part.empty()) main_part = r.target;
  });
  if (main_part.empty()) {
    for (const char* conventional : {"xl/workbook.xml", "word/document.xml", "ppt/presentation.xml"})
      if (zip.find(conventional)) return conventional;
  }
  return main_part;
}

std::string mimetype(ZipArchive& zip) {
  const auto* part = zip.find("mimetype");
  if (!part || part->size > 256) return {};
  std::string m = zip.read_all(*part, 256);
  while (!m.empty() && static_cast<unsigned char>(m.back()) <= ' ') m.pop_back();
  return m;
}

// The content type [Content_Types].xml gives the main part: it tells a
// template or a macro-enabled file from a plain one.
class ContentTypeHandler : public XmlHandler {
 public:
  explicit ContentTypeHandler(std::string_view part) : part_(fmt::format("/{}", part)) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "Override" && a.get("PartName") == part_) type_ = a.get("ContentType");
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
  const std::string& type() const { return type_; }

 private:
  std::string part_, type_;
};

std::string main_content_type(ZipArchive& zip, std::string_view main_part) {
  const auto* types = zip.find("[Content_Types].xml");
  if (!types) return {};
  ContentTypeHandler handler(main_part);
  try {
    parse_part(zip, *types, handler);
  } catch (const FormatError&) {
    return {};  // the format name only; the main part is read either way
  }
  return handler.type();
}

std::string ooxml_format(std::string_view base, std::string_view content_type, ZipArchive& zip,
                         std::string_view vba_part) {
  const bool macros = content_type.find("macroEnabled") != std::string_view::npos || zip.find(vba_part);
  const bool templ = content_type.find("template") != std::string_view::npos;
  // docx docm dotx dotm; pptx pptm potx potm; xlsx xlsm xltx xltm
  std::string name(base);
  if (templ) name.replace(1, 2, base == "xlsx" ? "lt" : "ot");
  if (macros) name.back() = 'm';
  return name;
}

bool odf_text_type(std::string_view mime) {
  return mime == "application/vnd.oasis.opendocument.text" ||
         mime == "application/vnd.oasis.opendocument.text-template" ||
         mime == "application/vnd.oasis.opendocument.presentation" ||
         mime == "application/vnd.oasis.opendocument.presentation-template";
}

}  // namespace

ReadStats read_package(std::string_view bytes, const PackageOptions& given, const BatchSink& sink) {
  const PackageOptions options = with_budget(given);
  ReadStats stats;
  ZipArchive zip(bytes, ZipLimits{}, options.budget.get());
  for (const auto& w : zip.warnings()) stats.warnings.push_back(w);
  const std::string mime = mimetype(zip);
  const std::string main_part = mime.empty() ? office_document(zip, stats) : std::string();
  const bool has_main = !main_part.empty() && zip.find(main_part);
  if (has_main && main_part.starts_with("xl/") && main_part.ends_with(".xml")) {
    stats.format = ooxml_format("xlsx", main_content_type(zip, main_part), zip, "xl/vbaProject.bin");
    read_xlsx(zip, main_part, options, stats, sink);
  } else if (has_main && main_part.starts_with("word/")) {
    stats.format = ooxml_format("docx", main_content_type(zip, main_part), zip, "word/vbaProject.bin");
    read_docx(zip, main_part, options, stats, sink);
  } else if (has_main && main_part.starts_with("ppt/")) {
    stats.format = ooxml_format("pptx", main_content_type(zip, main_part), zip, "ppt/vbaProject.bin");
    read_pptx(zip, main_part, options, stats, sink);
  } else if (mime == "application/vnd.oasis.opendocument.spreadsheet" ||
             mime == "application/vnd.oasis.opendocument.spreadsheet-template") {
    stats.format = "ods";
    read_ods(zip, options, stats, sink);
  } else if (odf_text_type(mime)) {
    stats.format = mime.find("presentation") != std::string::npos ? "odp" : "odt";
    read_odf_document(zip, mime, options, stats, sink);
  } else if (has_main && main_part.starts_with("xl/")) {
    stats.format = "xlsb";
    stats.not_checked.push_back({"", "Excel binary workbook (XLSB): not yet supported"});
  } else if (mime.starts_with("application/vnd.oasis.opendocument")) {
    stats.format = "odf";
    stats.not_checked.push_back({"", fmt::format("OpenDocument file ({}): not yet supported", mime)});
  } else {
    stats.format = "zip";
    read_archive(zip, options, stats, sink);
  }
  return stats;
}

void read_embedded_files(ZipArchive& zip, std::string_view folder, const PackageOptions& options,
                         ReadStats& stats, const BatchSink& sink) {
  for (const auto& e : zip.entries()) {
    if (!e.name.starts_with(folder) || e.name.ends_with("/")) continue;
    read_member(zip, e, options, Visibility::embedded_object, stats, sink);
  }
}

}  // namespace foiguard::formats
