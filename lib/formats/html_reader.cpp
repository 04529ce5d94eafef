// PLACEHOLDER: replaced by the HTML reader.
#include "formats/formats.hpp"

namespace foiguard::formats {

ReadStats read_html(std::string_view, const PackageOptions&, const BatchSink&) {
  ReadStats stats;
  stats.format = "html";
  stats.not_checked.push_back({"", "HTML: not yet supported"});
  return stats;
}

}  // namespace foiguard::formats
