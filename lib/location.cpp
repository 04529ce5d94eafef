#include "foiguard/location.hpp"

#include <fmt/format.h>

#include <string_view>

namespace foiguard {

// "staff.csv: row 5, col 2 [Pay No]", "drop.zip!/report.xlsx!/xl/worksheets/sheet3.xml:
// sheet 'Staff', cell C17 [Pay No]", "line 14, col 3" (no path: where inside the file only),
// "letter.docx!/word/comments.xml: paragraph 2, col 5 (by J*** S****)".
// The container chain uses the "!/" notation of the design document.
namespace {

void append_number(std::string& out, std::uint32_t n) {
  const fmt::format_int digits(n);
  out.append(digits.data(), digits.size());
}

}  // namespace

// Appends by hand rather than through fmt::format_to: a report describes
// every finding it lists, and parsing a format string each time was most of it.
void append_description(std::string& out, const Location& loc, bool with_path) {
  const std::size_t start = out.size();
  const auto add_where = [&](const std::string& piece) {
    if (out.size() > start) out += "!/";
    out += piece;
  };
  if (with_path && !loc.path.empty()) out += loc.path;
  for (const auto& member : loc.container) add_where(member);
  if (loc.part) add_where(*loc.part);

  const std::size_t where_end = out.size();
  // Pieces of the place inside: the first after the path follows ": ", the rest ", ".
  const auto piece = [&](std::string_view label) {
    if (out.size() > where_end) out += ", ";
    else if (where_end > start) out += ": ";
    out += label;
  };
  const auto numbered = [&](std::string_view label, std::uint32_t n) {
    piece(label);
    append_number(out, n);
  };
  if (loc.sheet) {
    piece("sheet '");
    out.append(*loc.sheet).push_back('\'');
  }
  if (loc.page) numbered("page ", *loc.page);
  if (loc.slide) numbered("slide ", *loc.slide);
  if (loc.paragraph) {
    numbered("paragraph ", *loc.paragraph);
    if (loc.column) numbered("col ", *loc.column);
  }
  if (loc.cell) {
    piece("cell ");  // an A1 reference already says row and column
    out += *loc.cell;
  } else if (loc.row) {
    numbered("row ", *loc.row);
    if (loc.column) numbered("col ", *loc.column);
  } else if (loc.line) {
    numbered("line ", *loc.line);
    if (loc.column) numbered("col ", *loc.column);
  } else if (loc.column && !loc.paragraph) {
    numbered("col ", *loc.column);
  }
  // Suffixes follow the place, or the file and part when there is no place:
  // "docProps/core.xml (by A*****)".
  if (loc.box) out += fmt::format(" (at {:.0f},{:.0f})", loc.box->x0, loc.box->y0);
  if (loc.header) {
    out += " [";
    out.append(*loc.header).push_back(']');
  }
  if (loc.author) {
    out += " (by ";
    out.append(*loc.author).push_back(')');
  }
  // A table row spans several physical lines when a quoted cell holds newlines.
  if ((loc.row || loc.cell) && loc.line && (!loc.row || *loc.row != *loc.line)) {
    out += " (line ";
    append_number(out, *loc.line);
    out.push_back(')');
  }
}

std::string describe(const Location& loc) {
  std::string out;
  append_description(out, loc);
  return out;
}

}  // namespace foiguard
