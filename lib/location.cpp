#include "foiguard/location.hpp"

#include <fmt/format.h>

namespace foiguard {

// "staff.csv: row 5, col 2 [Pay No]", "drop.zip!/report.xlsx!/xl/worksheets/sheet3.xml:
// sheet 'Staff', cell C17 [Pay No]", "line 14, col 3" (no path: where inside the file only),
// "letter.docx!/word/comments.xml: paragraph 2, col 5 (by J*** S****)".
// The container chain uses the "!/" notation of the design document.
std::string describe(const Location& loc) {
  std::string where = loc.path;
  for (const auto& member : loc.container) where += where.empty() ? member : "!/" + member;
  if (loc.part) where += where.empty() ? *loc.part : "!/" + *loc.part;

  std::string inside;
  const auto add = [&inside](const std::string& piece) {
    if (!inside.empty()) inside += ", ";
    inside += piece;
  };
  if (loc.sheet) add(fmt::format("sheet '{}'", *loc.sheet));
  if (loc.page) add(fmt::format("page {}", *loc.page));
  if (loc.slide) add(fmt::format("slide {}", *loc.slide));
  if (loc.paragraph) {
    add(fmt::format("paragraph {}", *loc.paragraph));
    if (loc.column) add(fmt::format("col {}", *loc.column));
  }
  if (loc.cell) {
    add("cell " + *loc.cell);  // an A1 reference already says row and column
  } else if (loc.row) {
    add(fmt::format("row {}", *loc.row));
    if (loc.column) add(fmt::format("col {}", *loc.column));
  } else if (loc.line) {
    add(fmt::format("line {}", *loc.line));
    if (loc.column) add(fmt::format("col {}", *loc.column));
  } else if (loc.column && !loc.paragraph) {
    add(fmt::format("col {}", *loc.column));
  }
  if (loc.box) inside += fmt::format(" (at {:.0f},{:.0f})", loc.box->x0, loc.box->y0);
  if (loc.header) inside += fmt::format(" [{}]", *loc.header);
  if (loc.author) inside += fmt::format(" (by {})", *loc.author);
  // A table row spans several physical lines when a quoted cell holds newlines.
  if ((loc.row || loc.cell) && loc.line && (!loc.row || *loc.row != *loc.line))
    inside += fmt::format(" (line {})", *loc.line);

  if (where.empty()) return inside;
  if (inside.empty()) return where;
  return where + ": " + inside;
}

}  // namespace foiguard
