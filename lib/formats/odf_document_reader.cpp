// PLACEHOLDER: replaced by the ODT/ODP reader.
#include "formats/package_parts.hpp"

namespace foiguard::formats {

void read_odf_document(ZipArchive&, std::string_view, const PackageOptions&, ReadStats& stats, const BatchSink&) {
  stats.not_checked.push_back({"", "OpenDocument text/presentation: not yet supported"});
}

}  // namespace foiguard::formats
