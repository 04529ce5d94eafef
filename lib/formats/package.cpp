// read_package: which zip-based format a package is, from its parts.
#include <fmt/format.h>

#include "formats/package_parts.hpp"

namespace foiguard::formats {
namespace {

constexpr std::uint64_t kMaxEmbeddedBytes = 512u << 20;

bool is_zip(std::string_view bytes) { return bytes.size() >= 4 && bytes.substr(0, 2) == "PK"; }
bool is_ole2(std::string_view bytes) { return bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"); }

// The main part named by the package relationships (_rels/.rels); when
// those are broken, the conventional workbook part if it is there.
std::string office_document(ZipArchive& zip, ReadStats& stats) {
  std::string main_part;
  read_part_or_note("_rels/.rels", stats, [&] {
    for (const auto& r : read_relationships(zip, ""))
      if (r.type == "officeDocument" && !r.external && main_part.empty()) main_part = r.target;
  });
  if (main_part.empty() && zip.find("xl/workbook.xml")) main_part = "xl/workbook.xml";
  return main_part;
}

std::string mimetype(ZipArchive& zip) {
  const auto* part = zip.find("mimetype");
  if (!part || part->size > 256) return {};
  std::string m = zip.read_all(*part, 256);
  while (!m.empty() && static_cast<unsigned char>(m.back()) <= ' ') m.pop_back();
  return m;
}

std::string describe_other(ZipArchive& zip, std::string_view main_part, std::string_view mime) {
  if (main_part.starts_with("word/")) return "Word document (DOCX): not yet supported";
  if (main_part.starts_with("ppt/")) return "PowerPoint presentation (PPTX): not yet supported";
  if (main_part.ends_with(".bin") && main_part.starts_with("xl/"))
    return "Excel binary workbook (XLSB): not yet supported";
  if (!mime.empty()) return fmt::format("OpenDocument file ({}): not yet supported", mime);
  (void)zip;
  return "ZIP archive: its members are not checked yet";
}

}  // namespace

ReadStats read_package(std::string_view bytes, const PackageOptions& options, const BatchSink& sink) {
  ReadStats stats;
  ZipArchive zip(bytes, ZipLimits{});
  for (const auto& w : zip.warnings()) stats.warnings.push_back(w);
  const std::string main_part = office_document(zip, stats);
  const std::string mime = mimetype(zip);
  if (main_part.starts_with("xl/") && main_part.ends_with(".xml") && zip.find(main_part)) {
    stats.format = main_part.find("macroEnabled") != std::string::npos || zip.find("xl/vbaProject.bin") ? "xlsm" : "xlsx";
    read_xlsx(zip, main_part, options, stats, sink);
  } else if (mime == "application/vnd.oasis.opendocument.spreadsheet" ||
             mime == "application/vnd.oasis.opendocument.spreadsheet-template") {
    stats.format = "ods";
    read_ods(zip, options, stats, sink);
  } else {
    stats.format = main_part.starts_with("word/") ? "docx" : main_part.starts_with("ppt/") ? "pptx" : "zip";
    stats.not_checked.push_back({"", describe_other(zip, main_part, mime)});
  }
  return stats;
}

void read_embedded_files(ZipArchive& zip, std::string_view folder, const PackageOptions& options,
                         ReadStats& stats, const BatchSink& sink) {
  for (const auto& e : zip.entries()) {
    if (!e.name.starts_with(folder) || e.name.ends_with("/")) continue;
    read_part_or_note(e.name, stats, [&] {
      if (options.container.size() + 1 > options.max_depth) {
        stats.not_checked.push_back({e.name, fmt::format("embedded file nested deeper than {} levels: not opened",
                                                         options.max_depth)});
        return;
      }
      const std::string bytes = zip.read_all(e, kMaxEmbeddedBytes);
      if (is_zip(bytes)) {
        PackageOptions inner = options;
        inner.container.push_back(e.name);
        ReadStats nested = read_package(bytes, inner, sink);
        const std::string prefix = e.name + "!/";
        for (auto& note : nested.not_checked) stats.not_checked.push_back({prefix + note.part, note.reason});
        for (auto& w : nested.warnings) stats.warnings.push_back(prefix + w);
      } else if (is_ole2(bytes)) {
        stats.not_checked.push_back({e.name, "embedded OLE object (legacy Office or other): not yet supported"});
      } else {
        stats.not_checked.push_back({e.name, "embedded file of an unsupported type: not checked"});
      }
    });
  }
}

}  // namespace foiguard::formats
