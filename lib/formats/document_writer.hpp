// DocumentWriter: turns the paragraphs that document readers (DOCX, PPTX,
// ODT/ODP, HTML, email) find into TextBatches.
//
// A paragraph is built from runs, each with its visibility and author (a
// tracked deletion inside a visible sentence); consecutive runs that agree
// form one span, and all spans of a paragraph form one record, so a name and
// a pay number in one paragraph make a personnel record. Paragraphs are
// numbered from 1 in each part. A batch goes to the sink at a paragraph
// boundary once it passes `batch_bytes` (mid-paragraph only for a paragraph
// larger than a batch, so memory stays bounded on hostile input).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/formats.hpp"

namespace foiguard::formats {

class DocumentWriter {
 public:
  DocumentWriter(std::size_t batch_bytes, const BatchSink& sink, std::vector<std::string> container);

  // Starts a part ("word/footer2.xml"; none for a file without parts, such
  // as HTML); paragraph numbers restart at 1. The
  // paragraph being built, if any, is ended first.
  void begin_part(std::optional<std::string> part, std::optional<std::uint32_t> slide = std::nullopt);
  // Appends text to the current paragraph. Readers pass a tab or a line
  // break inside a paragraph as one space.
  void run(std::string_view text, Visibility visibility, std::string_view author = {});
  // Ends the current paragraph; an empty one still takes its number.
  void end_paragraph();
  // A paragraph of its own (alt text, a title, a header of an email).
  void paragraph(std::string_view text, Visibility visibility, std::string_view author = {});
  // While held, the paragraphs that end share one record: the cells of a
  // table row, so that a name in one cell and a pay number in the next make
  // a personnel record, as in a sheet row. Releasing starts a new record.
  void hold_record(bool hold);
  // Sends what is buffered to the sink (before a nested file is read, and at the end).
  void flush();

  std::uint32_t paragraph_number() const { return paragraph_; }
  std::size_t paragraphs() const { return paragraphs_; }

 private:
  void close_span();
  std::uint16_t author_index(std::string_view author);

  std::size_t batch_bytes_;
  const BatchSink& sink_;
  std::vector<std::string> container_;
  TextBatch batch_;
  std::uint32_t scope_ = 0;
  std::uint32_t paragraph_ = 1;     // number of the paragraph being built, in its part
  std::uint32_t record_ = 1;        // record of the paragraph being built, unique in the file
  std::uint32_t column_ = 1;        // code points of the paragraph so far, plus one
  std::size_t paragraphs_ = 0;
  bool hold_record_ = false;
  // The open span: text of consecutive runs that agree on visibility and author.
  std::string span_text_;
  std::uint32_t span_column_ = 1;
  Visibility span_visibility_ = Visibility::visible;
  std::uint16_t span_author_ = 0;
  std::unordered_map<std::string, std::uint16_t> authors_;
};

}  // namespace foiguard::formats
