// PLACEHOLDER: replaced by the docx reader.
#include "formats/package_parts.hpp"

namespace foiguard::formats {

void read_docx(ZipArchive&, const std::string&, const PackageOptions&, ReadStats& stats, const BatchSink&) {
  stats.not_checked.push_back({"", "docx: not yet supported"});
}

}  // namespace foiguard::formats
