// The text of one PDF page with what a reader of the page can see of it.
//
// Poppler interprets the page's content stream and calls a glyph collector
// for every glyph and every filled shape in drawing order, so the reader can
// tell text that is painted over afterwards (a black box: under_redaction)
// from text drawn on top of a highlight. Glyphs join into lines in content
// order (like `pdftotext -raw`); a line splits into runs where its
// visibility changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "foiguard/location.hpp"
#include "foiguard/visibility.hpp"

class PDFDoc;

namespace foiguard::formats::pdf {

class Deadline;

// A rectangle in the page's PDF user space (the unrotated page, y upwards),
// as annotations give them.
struct UserRect {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
};

struct TextRun {
  std::string text;            // UTF-8
  std::uint32_t line = 0;      // 1-based line on the page
  std::uint32_t column = 1;    // 1-based character column where the run starts in its line
  PageBox box;                 // union of the run's glyph boxes, top-left origin
  Visibility visibility = Visibility::visible;
};

struct PageText {
  std::vector<TextRun> runs;
  std::size_t glyphs = 0;      // glyphs with text (Unicode) on the page
  bool has_images = false;     // an image covering a sizeable part of the page was drawn
  bool timed_out = false;      // the deadline passed while the page was read
  bool truncated = false;      // the page held more glyphs or shapes than a reader keeps (hostile)
};

// Reads page `page` (1-based). `covers` are rectangles that hide everything
// under them (unapplied Redact annotations, opaque Square annotations);
// annotations are not drawn otherwise: their text is read as notes.
PageText read_page_text(PDFDoc& doc, int page, const std::vector<UserRect>& covers, const Deadline& deadline);

}  // namespace foiguard::formats::pdf
