// read_pdf in a build without poppler (FOIGUARD_WITH_PDF=OFF): every PDF is
// an error that says how to get PDF support, never a silent pass.
#include "formats/formats.hpp"

namespace foiguard::formats {

ReadStats read_pdf(std::string_view, const PackageOptions&, const BatchSink&) {
  throw FormatError(
      "PDF document: not checked, this foiguard was built without PDF support "
      "(install libpoppler-dev and libpoppler-private-dev and rebuild with -DFOIGUARD_WITH_PDF=ON)");
}

std::string pdf_support() { return {}; }

}  // namespace foiguard::formats
