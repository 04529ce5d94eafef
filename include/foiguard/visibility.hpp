// Visibility: how a reader of the released document would (not) see a piece of text.
//
// Personal data that is not visible is the worst case: the person releasing the
// document does not know it is there. Readers tag every span of text they emit
// with one of these; the most hidden one wins when several apply.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace foiguard {

enum class Visibility : std::uint8_t {
  visible,
  hidden_sheet,
  very_hidden_sheet,
  hidden_row,
  hidden_column,
  filtered_row,
  collapsed_outline,
  pivot_cache,
  comment,
  defined_name,
  external_link_cache,
  chart_cache,
  metadata,
  tracked_deletion,
  tracked_insertion,
  hidden_text,
  header_footer,
  speaker_notes,
  hidden_slide,
  embedded_object,
  under_redaction,
  invisible_text,
  earlier_revision,
  attachment,
  archive_member,
};

// Stable snake_case name used in every report ("hidden_sheet").
std::string_view to_string(Visibility v);
std::optional<Visibility> parse_visibility(std::string_view name);

// True for everything a reader of the document would not see on the page.
// (comment, header_footer and tracked_insertion count as seen; archive_member
// and attachment count as seen because the recipient gets them as files.)
bool is_hidden(Visibility v);

}  // namespace foiguard
