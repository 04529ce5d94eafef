// Location: where in a file a finding sits, precise enough for an FOI officer
// to open the document and look.
//
// Only the fields a format knows are set; the rest stay empty and are written
// as null in JSON. `container` lists the chain of archive members or embedded
// files from the top-level file down ("drop.zip", "report.xlsx").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace foiguard {

// A rectangle on a PDF page, in points (1/72 inch) from the page's top-left
// corner as a viewer shows it: x grows rightwards, y downwards.
struct PageBox {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  friend bool operator==(const PageBox&, const PageBox&) = default;
};

struct Location {
  std::string path;                      // the top-level file as given to the scan
  std::vector<std::string> container;    // member chain inside `path`, outermost first
  std::optional<std::string> part;       // part inside a package ("xl/worksheets/sheet3.xml")
  std::optional<std::string> sheet;      // spreadsheet sheet name
  std::optional<std::string> cell;       // A1 reference ("C17")
  std::optional<std::uint32_t> row;      // 1-based table row (CSV record number, sheet row)
  std::optional<std::uint32_t> column;   // 1-based: table column for cells, character column for text
  std::optional<std::string> header;     // column header of the cell, when known
  std::optional<std::uint32_t> line;     // 1-based physical line in a text file
  std::optional<std::uint32_t> page;     // 1-based page (PDF)
  std::optional<PageBox> box;            // PDF: the box of the line holding the finding
  std::optional<std::uint32_t> slide;    // 1-based slide in presentation order (PPTX, ODP)
  std::optional<std::uint32_t> paragraph;  // 1-based paragraph within `part` (documents)
  // Who wrote the comment or tracked change holding the finding. Masked like
  // values unless the scan keeps values: an author is a name too.
  std::optional<std::string> author;
};

// One line for humans: "staff.csv: row 5, col 2 [Pay No]", "letter.txt: line 14,
// col 3", "drop.zip!/report.xlsx: sheet 'Staff', cell C17 [Pay No]",
// "letter.docx!/word/comments.xml: paragraph 2, col 5 (by J*** S****)",
// "response.pdf: page 3, line 7, col 12 (at 72,140)". Fields the
// format does not know are left out; without a path, only the place inside.
std::string describe(const Location& loc);
// describe() appended to `out`; without the path when `with_path` is false
// (for a report that has named the file already). Builds no temporaries:
// reports describe hundreds of thousands of findings.
void append_description(std::string& out, const Location& loc, bool with_path = true);

}  // namespace foiguard
