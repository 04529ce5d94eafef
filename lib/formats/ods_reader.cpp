// Placeholder until the ODS reader lands.
#include "formats/package_parts.hpp"

namespace foiguard::formats {

void read_ods(ZipArchive&, const PackageOptions&, ReadStats& stats, const BatchSink&) {
  stats.not_checked.push_back({"", "OpenDocument spreadsheet: not yet supported"});
}

}  // namespace foiguard::formats
