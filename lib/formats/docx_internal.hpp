// The DOCX reader's pieces, shared between its files (not a public API):
//   docx_reader.cpp  the package walk: properties, stories, embedded files;
//   docx_styles.cpp  which styles hide their text (word/styles.xml);
//   docx_story.cpp   one story part (body, header, footer, notes, comments,
//                    building blocks) streamed into paragraphs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/document_writer.hpp"
#include "formats/package_parts.hpp"

namespace foiguard::formats::docx {

// Authors (of comments, tracked changes) are kept to this many bytes.
inline constexpr std::size_t kMaxAuthor = 256;

// A toggle run property (w:vanish): set, cleared, or left to the level below
// (run -> character style -> paragraph style -> document defaults).
enum class Toggle : std::uint8_t { unset, on, off };

// <w:vanish/> is on; w:val="0", "false" or "off" clears it.
Toggle toggle_value(std::string_view val_attribute, bool has_val);

// The styles whose run properties hide text (w:vanish, w:specVanish,
// w:webHidden), resolved along their basedOn chains.
class HiddenStyles {
 public:
  // The style's own setting or the nearest one it is based on.
  Toggle of(std::string_view style_id) const;
  Toggle defaults() const { return defaults_; }  // w:docDefaults/w:rPrDefault
  // The style of paragraphs without w:pStyle (w:default="1").
  Toggle default_paragraph() const { return default_paragraph_; }

 private:
  friend HiddenStyles read_hidden_styles(ZipArchive& zip, const ZipArchive::Entry& part);
  std::unordered_map<std::string, Toggle> resolved_;  // only styles that say on or off
  Toggle defaults_ = Toggle::unset;
  Toggle default_paragraph_ = Toggle::unset;
};

HiddenStyles read_hidden_styles(ZipArchive& zip, const ZipArchive::Entry& part);

// How a story is read: what its text is to a reader of the document
// (visible, header_footer, comment, hidden_text for building blocks), the
// styles that may hide its runs and the relationships its hyperlinks name.
struct Story {
  const ZipArchive::Entry& part;
  Visibility visibility;
  const HiddenStyles& styles;
  const std::vector<Relationship>& rels;
};

// Streams one story part into `out` as its own scope: one paragraph per
// top-level w:p (the paragraphs of a text box belong to the paragraph that
// anchors it), runs with their tracked change, hidden text and field
// instruction visibilities, and comment authors. Throws FormatError.
void read_story(ZipArchive& zip, const Story& story, DocumentWriter& out);

}  // namespace foiguard::formats::docx
