// PLACEHOLDER: replaced by the email reader.
#include "formats/formats.hpp"

namespace foiguard::formats {

ReadStats read_email(std::string_view, const PackageOptions&, const BatchSink&) {
  ReadStats stats;
  stats.format = "eml";
  stats.not_checked.push_back({"", "email: not yet supported"});
  return stats;
}

}  // namespace foiguard::formats
