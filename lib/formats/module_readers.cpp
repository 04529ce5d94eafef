// read_pdf and read_email, in libfoiguard: each hands the file to its reader
// library (see reader_module.hpp). A reader that cannot be loaded makes the
// file an error that says what to install, never a silent pass.
#include <fmt/format.h>

#include "formats/formats.hpp"
#include "formats/reader_module.hpp"

namespace foiguard::formats {

namespace {

#ifdef FOIGUARD_WITH_PDF
constexpr bool kPdfBuilt = true;
#else
constexpr bool kPdfBuilt = false;
#endif

const ReaderModule& required(std::string_view name, std::string_view what) {
  std::string why;
  if (const ReaderModule* module = reader_module(name, &why)) return *module;
  throw FormatError(fmt::format("{}: not checked, its reader cannot be loaded ({}); reinstall foiguard", what, why));
}

}  // namespace

ReadStats read_pdf(std::string_view bytes, const PackageOptions& options, const BatchSink& sink) {
  if (!kPdfBuilt) {
    throw FormatError(
        "PDF document: not checked, this foiguard was built without PDF support "
        "(install libpoppler-dev and libpoppler-private-dev and rebuild with -DFOIGUARD_WITH_PDF=ON)");
  }
  return required("pdf", "PDF document").read(bytes, options, sink);
}

std::string pdf_support() {
  if (!kPdfBuilt) return {};
  std::string why;
  const ReaderModule* module = reader_module("pdf", &why);
  return module ? module->support() : fmt::format("not available ({})", why);
}

ReadStats read_email(std::string_view bytes, const PackageOptions& options, const BatchSink& sink) {
  return required("email", "email").read(bytes, options, sink);
}

}  // namespace foiguard::formats
