// PLACEHOLDER: replaced by the pptx reader.
#include "formats/package_parts.hpp"

namespace foiguard::formats {

void read_pptx(ZipArchive&, const std::string&, const PackageOptions&, ReadStats& stats, const BatchSink&) {
  stats.not_checked.push_back({"", "pptx: not yet supported"});
}

}  // namespace foiguard::formats
