// What a PDF carries besides page text: annotations, form fields, bookmarks,
// document info and XMP metadata, attachments.
#pragma once

#include <vector>

#include "formats/formats.hpp"
#include "formats/pdf/page_text.hpp"

class PDFDoc;

namespace foiguard::formats::pdf {

class LineWriter;

// Rectangles of page `page` (1-based) that hide the text under them: unapplied
// Redact annotations (their QuadPoints, or their Rect) and Square annotations
// with an opaque interior colour (a common way to "redact" by hand).
std::vector<UserRect> annotation_covers(PDFDoc& doc, int page);

// Annotation contents (comments, popups, free text; author as the span's
// author), visibility comment; form field values, visible; bookmark titles,
// visible; document info entries and XMP metadata text, metadata; embedded
// files (the EmbeddedFiles name tree and file attachment annotations) read
// by their own format as nested files with the attachment visibility.
// Problems with one item become notes in `stats`; the rest is still read.
void read_document_extras(PDFDoc& doc, const PackageOptions& options, LineWriter& out, ReadStats& stats,
                          const BatchSink& sink);

}  // namespace foiguard::formats::pdf
