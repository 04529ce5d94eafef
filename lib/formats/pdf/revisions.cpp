#include "formats/pdf/revisions.hpp"

#include <PDFDoc.h>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "formats/pdf/line_writer.hpp"
#include "formats/pdf/page_text.hpp"
#include "formats/pdf/poppler_session.hpp"

namespace foiguard::formats::pdf {

namespace {

constexpr std::string_view kEofMarker = "%%EOF";
// Where a linearized file says so: its first object, within the first KiB.
constexpr std::size_t kLinearizedWindow = 1024;

bool only_whitespace(std::string_view s) { return s.find_first_not_of(" \t\r\n\f") == std::string_view::npos; }

// The end of the line that holds a marker ending at `at`.
std::size_t past_end_of_line(std::string_view bytes, std::size_t at) {
  if (at < bytes.size() && bytes[at] == '\r') ++at;
  if (at < bytes.size() && bytes[at] == '\n') ++at;
  return at;
}

struct Line {
  std::string text;
  PageBox box;
};

// A page's runs joined into lines, as pdf_reader.cpp joins them for FinalLines.
std::vector<Line> lines_of(const PageText& text) {
  std::vector<Line> lines;
  std::uint32_t current = 0;
  for (const auto& run : text.runs) {
    if (lines.empty() || run.line != current) {
      lines.push_back({run.text, run.box});
      current = run.line;
      continue;
    }
    Line& line = lines.back();
    line.text += ' ';
    line.text += run.text;
    line.box = {std::min(line.box.x0, run.box.x0), std::min(line.box.y0, run.box.y0),
                std::max(line.box.x1, run.box.x1), std::max(line.box.y1, run.box.y1)};
  }
  return lines;
}

}  // namespace

std::uint64_t FinalLines::hash(std::string_view line_text) {
  // FNV-1a over the text with runs of whitespace as one space, so a line
  // re-spaced by an edit still matches.
  std::uint64_t h = 0xcbf29ce484222325ull;
  bool space = false;
  for (const char c : line_text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space) h = (h ^ ' ') * 0x100000001b3ull;
    space = false;
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  }
  return h;
}

std::vector<std::size_t> earlier_revision_ends(std::string_view bytes) {
  std::vector<std::size_t> ends;
  for (std::size_t at = bytes.find(kEofMarker); at != std::string_view::npos;
       at = bytes.find(kEofMarker, at + kEofMarker.size())) {
    const std::size_t end = past_end_of_line(bytes, at + kEofMarker.size());
    // The last marker ends the final revision: only whitespace may follow it.
    if (!only_whitespace(bytes.substr(end))) ends.push_back(end);
  }
  const bool linearized = bytes.substr(0, kLinearizedWindow).find("/Linearized") != std::string_view::npos;
  if (linearized && !ends.empty()) ends.erase(ends.begin());
  return ends;
}

void read_earlier_revisions(std::string_view bytes, const FinalLines& final_lines, LineWriter& out,
                            ReadStats& stats, const Deadline& deadline, std::size_t max_revisions) {
  const std::vector<std::size_t> ends = earlier_revision_ends(bytes);
  const std::size_t first = ends.size() > max_revisions ? ends.size() - max_revisions : 0;
  if (first > 0)
    stats.not_checked.push_back(
        {"earlier revisions", fmt::format("the {} oldest of {} earlier revisions not checked", first, ends.size())});
  std::set<std::pair<std::uint32_t, std::uint64_t>> reported;  // (page, line): once, whichever revision has it
  for (std::size_t r = first; r < ends.size(); ++r) {
    const std::string part = fmt::format("earlier revision {}", r + 1);
    if (deadline.passed()) {
      stats.not_checked.push_back({part, "not checked: the time budget for one PDF ran out"});
      return;
    }
    // An earlier revision's own repairs say nothing of the final file's state.
    const ErrorCapture quiet;
    std::unique_ptr<PDFDoc> doc;
    try {
      doc = open_document(bytes.substr(0, ends[r]));
    } catch (const FormatError& e) {
      stats.not_checked.push_back({part, e.what()});
      continue;
    }
    for (int page = 1; page <= doc->getNumPages() && !deadline.passed(); ++page) {
      const auto index = static_cast<std::size_t>(page - 1);
      const auto number = static_cast<std::uint32_t>(page);
      for (const Line& line : lines_of(read_page_text(*doc, page, {}, deadline))) {
        const std::uint64_t h = FinalLines::hash(line.text);
        if (index < final_lines.per_page.size() && final_lines.per_page[index].count(h) > 0) continue;
        if (!reported.emplace(number, h).second) continue;
        out.note(line.text, part, number, Visibility::earlier_revision, "", "", line.box);
      }
    }
  }
}

}  // namespace foiguard::formats::pdf
