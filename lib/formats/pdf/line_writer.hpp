// LineWriter: turns what the PDF reader finds (page text runs, annotation
// contents, metadata values, bookmark titles) into TextBatches.
//
// Page text is one text_line span per run of glyphs of one visibility: a
// line half under a black box is two spans of one record, each with its own
// box. Everything else is a labelled note of its own record, located by a
// part name ("annotations", "document info") and, when known, a page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "formats/formats.hpp"

namespace foiguard::formats::pdf {

class LineWriter {
 public:
  LineWriter(const PackageOptions& options, const BatchSink& sink);

  // A run of page text. `line` is the 1-based line on the page; runs of one
  // line share a record. `column` is the 1-based character column where the
  // run starts in its line.
  void page_run(std::string_view text, std::uint32_t page, std::uint32_t line, std::uint32_t column,
                const PageBox& box, Visibility visibility);

  // A note outside the page content. `part` names where it lives
  // ("annotations", "form fields", "bookmarks", "document info", "XMP
  // metadata", "earlier revision 1"); `label` becomes the location's header
  // ("Author", "comment"); `author` (a comment's author) is masked by the
  // detector like any value. Multi-line text stays one note.
  void note(std::string_view text, std::string_view part, std::optional<std::uint32_t> page,
            Visibility visibility, std::string_view label = {}, std::string_view author = {},
            std::optional<PageBox> box = {});

  // Sends what is buffered (before a nested file is read, and at the end).
  void flush();

  std::size_t spans() const { return spans_; }

 private:
  std::uint32_t scope(std::optional<std::string_view> part, std::optional<std::uint32_t> page);
  std::int32_t label(std::string_view text);
  std::uint16_t author_index(std::string_view name);
  std::uint32_t box_index(const std::optional<PageBox>& box);
  void flush_if_full();

  std::size_t batch_bytes_;
  const BatchSink& sink_;
  std::vector<std::string> container_;
  TextBatch batch_;
  std::map<std::tuple<std::string, std::uint32_t>, std::uint32_t> scopes_;  // (part, page or 0)
  std::unordered_map<std::string, std::int32_t> labels_;
  std::unordered_map<std::string, std::uint16_t> authors_;
  std::uint32_t next_note_record_ = 1u << 31;  // notes apart from page line records
  std::size_t spans_ = 0;
};

}  // namespace foiguard::formats::pdf
