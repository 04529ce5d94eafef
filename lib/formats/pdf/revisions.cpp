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
constexpr std::string_view kStartXref = "startxref";
// Markers kept by the scan (the newest); far more than max_revisions.
constexpr std::size_t kMaxKeptEnds = 1024;
// Where a linearized file says so: its first object, within the first KiB.
constexpr std::size_t kLinearizedWindow = 1024;

// The end of the line that holds a marker ending at `at`.
std::size_t past_end_of_line(std::string_view bytes, std::size_t at) {
  if (at < bytes.size() && bytes[at] == '\r') ++at;
  if (at < bytes.size() && bytes[at] == '\n') ++at;
  return at;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0'; }

std::size_t skip_spaces(std::string_view bytes, std::size_t at) {
  while (at < bytes.size() && is_space(bytes[at])) ++at;
  return at;
}

std::size_t skip_digits(std::string_view bytes, std::size_t at) {
  while (at < bytes.size() && is_digit(bytes[at])) ++at;
  return at;
}

// Whether `at` starts a cross-reference table ("xref") or stream ("12 0 obj").
bool cross_reference_at(std::string_view bytes, std::size_t at) {
  at = skip_spaces(bytes, at);
  if (bytes.substr(at, 4) == "xref") return true;
  std::size_t p = skip_digits(bytes, at);
  if (p == at || p >= bytes.size() || !is_space(bytes[p])) return false;
  const std::size_t generation = skip_spaces(bytes, p);
  p = skip_digits(bytes, generation);
  if (p == generation) return false;
  return bytes.substr(skip_spaces(bytes, p), 3) == "obj";
}

// Whether the marker at `at` ends "startxref <offset> %%EOF" with an offset
// where this file has a cross-reference section.
bool closes_a_section(std::string_view bytes, std::size_t at) {
  constexpr std::size_t kLookBack = 64;
  const std::size_t from = at > kLookBack ? at - kLookBack : 0;
  const std::size_t keyword = bytes.substr(from, at - from).rfind(kStartXref);
  if (keyword == std::string_view::npos) return false;
  const std::size_t digits = skip_spaces(bytes, from + keyword + kStartXref.size());
  const std::size_t digits_end = skip_digits(bytes, digits);
  if (digits_end == digits || digits_end - digits > 15 || skip_spaces(bytes, digits_end) != at) return false;
  const std::size_t offset = std::stoull(std::string(bytes.substr(digits, digits_end - digits)));
  return offset < at && cross_reference_at(bytes, offset);
}

struct Line {
  std::string text;
  PageBox box;
};

// A page's runs joined into lines: what FinalLines remembers and compares.
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

void FinalLines::add_page(std::size_t index, const PageText& text) {
  for (const Line& line : lines_of(text)) per_page[index].insert(hash(line.text));
}

std::uint64_t FinalLines::hash(std::string_view line_text) {
  // FNV-1a over the text with runs of whitespace as one space and none at
  // either end, so a line re-spaced by an edit still matches.
  std::uint64_t h = 0xcbf29ce484222325ull;
  bool space = false, started = false;
  for (const char c : line_text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
      space = started;
      continue;
    }
    if (space) h = (h ^ ' ') * 0x100000001b3ull;
    space = false;
    started = true;
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  }
  return h;
}

std::vector<std::size_t> earlier_revision_ends(std::string_view bytes) {
  // A marker ends an earlier revision when a later startxref follows it (junk
  // after the final marker is no revision) and it closes a section of this
  // file (not of a PDF attached to it uncompressed).
  const std::size_t last_startxref = bytes.rfind(kStartXref);
  if (last_startxref == std::string_view::npos) return {};
  // A linearized file's first section (the first page's cross-reference
  // table) ends with the first marker, and is not a revision.
  const bool linearized = bytes.substr(0, kLinearizedWindow).find("/Linearized") != std::string_view::npos;
  std::size_t at = bytes.find(kEofMarker);
  if (linearized && at != std::string_view::npos) at = bytes.find(kEofMarker, at + kEofMarker.size());
  std::vector<std::size_t> ends;
  for (; at != std::string_view::npos && at < last_startxref; at = bytes.find(kEofMarker, at + kEofMarker.size())) {
    if (!closes_a_section(bytes, at)) continue;
    ends.push_back(past_end_of_line(bytes, at + kEofMarker.size()));
    // A hostile file may hold millions of markers; only the newest are read.
    if (ends.size() >= 2 * kMaxKeptEnds) ends.erase(ends.begin(), ends.begin() + kMaxKeptEnds);
  }
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
    for (int page = 1; page <= doc->getNumPages(); ++page) {
      const auto index = static_cast<std::size_t>(page - 1);
      const auto number = static_cast<std::uint32_t>(page);
      const PageText text = read_page_text(*doc, page, {}, deadline);
      if (text.timed_out) {
        stats.not_checked.push_back(
            {part, fmt::format("not checked from page {}: the time budget for one PDF ran out", page)});
        return;
      }
      for (const Line& line : lines_of(text)) {
        const std::uint64_t h = FinalLines::hash(line.text);
        if (index < final_lines.per_page.size() && final_lines.per_page[index].count(h) > 0) continue;
        if (!reported.emplace(number, h).second) continue;
        out.note(line.text, part, number, Visibility::earlier_revision, "", "", line.box);
      }
    }
  }
}

}  // namespace foiguard::formats::pdf
