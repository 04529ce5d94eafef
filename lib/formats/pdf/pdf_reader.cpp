// The PDF reader library (libfoiguard-pdf.so, see formats/reader_module.hpp):
// the pages' text with what a reader can see of it, then what the document
// carries besides its pages, then its earlier revisions.
#include <PDFDoc.h>

#include <fmt/format.h>

#include "formats/formats.hpp"
#include "formats/package_parts.hpp"
#include "formats/reader_module.hpp"
#include "formats/pdf/document_extras.hpp"
#include "formats/pdf/line_writer.hpp"
#include "formats/pdf/page_text.hpp"
#include "formats/pdf/poppler_session.hpp"
#include "formats/pdf/revisions.hpp"
#include "foiguard/version.hpp"

namespace foiguard::formats {

namespace {

std::string pages_text(const std::vector<int>& pages) {
  std::string out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (i > 0) out += i + 1 == pages.size() ? " and " : ", ";
    out += std::to_string(pages[i]);
  }
  return out;
}

// One note for all the pages that are pictures: "page 3 is an image" or
// "pages 2, 5 and 9 are images".
void note_image_pages(const std::vector<int>& pages, ReadStats& stats) {
  if (pages.empty()) return;
  constexpr std::size_t kListed = 20;
  const std::vector<int> listed(pages.begin(), pages.begin() + static_cast<std::ptrdiff_t>(std::min(pages.size(), kListed)));
  std::string which = pages.size() == 1 ? fmt::format("page {} is an image", pages[0])
                                        : fmt::format("pages {} are images", pages_text(listed));
  if (pages.size() > kListed) which += fmt::format(" (and {} more)", pages.size() - kListed);
  stats.not_checked.push_back(
      {pages.size() == 1 ? fmt::format("page {}", pages[0]) : "pages",
       which + ": cannot be checked (no text to read, and foiguard does no OCR); check them by eye"});
}

ReadStats read_with_poppler(std::string_view bytes, const PackageOptions& given, const BatchSink& sink) {
  const PackageOptions options = with_budget(given);
  ReadStats stats;
  stats.format = "pdf";
  pdf::ErrorCapture errors;
  const pdf::Deadline deadline(options.pdf_time_budget);
  const std::unique_ptr<PDFDoc> doc = pdf::open_document(bytes);
  pdf::LineWriter out(options, sink);

  const int pages = doc->getNumPages();
  const bool has_revisions = !pdf::earlier_revision_ends(bytes).empty();
  pdf::FinalLines final_lines;
  if (has_revisions) final_lines.per_page.resize(static_cast<std::size_t>(std::max(pages, 0)));
  std::vector<int> image_pages;
  for (int page = 1; page <= pages; ++page) {
    const pdf::PageText text = pdf::read_page_text(*doc, page, pdf::annotation_covers(*doc, page), deadline);
    for (const auto& run : text.runs)
      out.page_run(run.text, static_cast<std::uint32_t>(page), run.line, run.column, run.box, run.visibility);
    stats.lines += text.runs.size();
    if (has_revisions) final_lines.add_page(static_cast<std::size_t>(page - 1), text);
    if (text.glyphs == 0 && text.has_images) image_pages.push_back(page);
    if (text.truncated)
      stats.not_checked.push_back({fmt::format("page {}", page), "more glyphs or shapes than a page may hold (a hostile file?): the rest not checked"});
    if (text.timed_out) {
      stats.not_checked.push_back(
          {page == pages ? fmt::format("page {}", page) : fmt::format("pages {}-{}", page, pages),
           fmt::format("not checked: the time budget of {} s for one PDF ran out (a damaged or hostile file?)",
                       deadline.budget().count() / 1000)});
      break;
    }
  }
  note_image_pages(image_pages, stats);
  pdf::read_document_extras(*doc, options, out, stats, sink);
  if (has_revisions && !deadline.passed()) pdf::read_earlier_revisions(bytes, final_lines, out, stats, deadline);
  out.flush();
  if (errors.count() > 0)
    stats.warnings.push_back(fmt::format("damaged PDF: {} problem{} while reading it, some text may be missing "
                                         "(first: {})",
                                         errors.count(), errors.count() == 1 ? "" : "s", errors.first()));
  return stats;
}

std::string poppler_support() { return "poppler " + pdf::poppler_version(); }

}  // namespace

}  // namespace foiguard::formats

extern "C" __attribute__((visibility("default"))) const foiguard::formats::ReaderModule* foiguard_reader_module() {
  static const foiguard::formats::ReaderModule module{foiguard::version(), &foiguard::formats::poppler_support,
                                                      &foiguard::formats::read_with_poppler};
  return &module;
}
