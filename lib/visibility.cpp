#include "foiguard/visibility.hpp"

#include <array>
#include <utility>

namespace foiguard {

namespace {

// Indexed by the enum's value; the names are part of the JSON report format.
constexpr std::array<std::string_view, 25> kNames = {
    "visible",           "hidden_sheet",     "very_hidden_sheet",   "hidden_row",
    "hidden_column",     "filtered_row",     "collapsed_outline",   "pivot_cache",
    "comment",           "defined_name",     "external_link_cache", "chart_cache",
    "metadata",          "tracked_deletion", "tracked_insertion",   "hidden_text",
    "header_footer",     "speaker_notes",    "hidden_slide",        "embedded_object",
    "under_redaction",   "invisible_text",   "earlier_revision",    "attachment",
    "archive_member",
};
static_assert(kNames.size() == static_cast<std::size_t>(Visibility::archive_member) + 1,
              "every Visibility needs a name");

}  // namespace

std::string_view to_string(Visibility v) {
  const auto index = static_cast<std::size_t>(v);
  return index < kNames.size() ? kNames[index] : std::string_view("unknown");
}

std::optional<Visibility> parse_visibility(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Visibility>(i);
  }
  return std::nullopt;
}

bool is_hidden(Visibility v) {
  switch (v) {
    case Visibility::visible:
    case Visibility::comment:
    case Visibility::header_footer:
    case Visibility::tracked_insertion:
    case Visibility::attachment:
    case Visibility::archive_member:
      return false;
    default:
      return true;
  }
}

}  // namespace foiguard
