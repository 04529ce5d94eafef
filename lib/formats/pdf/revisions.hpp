// Earlier revisions of a PDF: an incremental update appends changed objects
// and leaves the old ones in the file, so text an edit "removed" is still in
// the bytes. Each earlier revision is the file cut just after one of its
// earlier "%%EOF" markers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "formats/formats.hpp"

namespace foiguard::formats::pdf {

class Deadline;
class LineWriter;
struct PageText;

// Lengths of the earlier revisions (each the offset just past an earlier
// %%EOF line), oldest first; the final revision (the whole file) is not
// listed. A linearized file's first-page section is not a revision.
std::vector<std::size_t> earlier_revision_ends(std::string_view bytes);

// Hashes of the final revision's page lines, per page: what a reader can
// still see. Filled by the reader while it reads the pages.
struct FinalLines {
  std::vector<std::unordered_set<std::uint64_t>> per_page;  // index: page - 1
  // Remembers the lines of page `index` + 1 (per_page must be that long).
  void add_page(std::size_t index, const PageText& text);
  static std::uint64_t hash(std::string_view line_text);
};

// Reads each earlier revision's pages and writes every line the final
// revision no longer has on that page as an earlier_revision note (part
// "earlier revision N", the page, the line's box). At most `max_revisions`
// are read (the newest ones); the rest and unreadable ones are notes.
void read_earlier_revisions(std::string_view bytes, const FinalLines& final_lines, LineWriter& out,
                            ReadStats& stats, const Deadline& deadline, std::size_t max_revisions = 16);

}  // namespace foiguard::formats::pdf
