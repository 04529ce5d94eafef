// The human report: one verdict line per file, findings grouped by personnel
// record, what could not be checked, and a closing summary that says where to
// look first.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "foiguard/report.hpp"
#include "report/unlisted_totals.hpp"

namespace foiguard {

namespace {

constexpr std::string_view kReset = "\033[0m";
constexpr std::string_view kDim = "\033[2m";
constexpr std::string_view kBold = "\033[1m";

std::string_view verdict_color(Verdict v) {
  switch (v) {
    case Verdict::block: return "\033[1;31m";
    case Verdict::review: return "\033[1;33m";
    case Verdict::clean: return "\033[32m";
    case Verdict::error: return "\033[1;35m";
  }
  return "";
}

std::string verdict_word(Verdict v) {
  std::string word(to_string(v));
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return word;
}

std::string paint(std::string_view text, std::string_view color, bool on) {
  return on ? fmt::format("{}{}{}", color, text, kReset) : std::string(text);
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Where a record sits: its row or line, without the column of one finding.
std::string record_where(const Location& loc) {
  Location row = loc;
  row.path.clear();
  row.column.reset();
  row.header.reset();
  row.cell.reset();
  if (row.row) row.line.reset();
  return describe(row);
}

// Terminal columns taken by UTF-8 text (code points; good enough for padding).
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Appends `text` padded with spaces to `width` columns.
void append_padded(std::string& out, std::string_view text, std::size_t width) {
  out.append(text);
  const std::size_t w = display_width(text);
  if (w < width) out.append(width - w, ' ');
}

struct Columns {
  std::size_t location = 0, category = 0;
};

// One finding's line (and its evidence), appended to `out`; `where` is its
// location, described without the file (the verdict line names it).
void append_finding(std::string& out, const Finding& f, std::string_view where, const Columns& cols,
                    std::string_view indent, const ReportOptions& options) {
  out.append(indent);
  append_padded(out, where, cols.location);
  out.append("  ");
  append_padded(out, to_string(f.category), cols.category);
  out.append("  ");
  append_padded(out, to_string(f.confidence), 6);
  out.append("  ");
  if (f.visibility != Visibility::visible) out.append("[").append(to_string(f.visibility)).append("] ");
  out.append(f.value.empty() ? f.masked : f.value);
  if (!f.context.empty()) {
    out.append("  ");
    if (options.color) out.append(kDim);
    out.append(f.context);
    if (options.color) out.append(kReset);
  }
  out.push_back('\n');
  if (options.explain) {
    for (const auto& step : f.evidence) out.append(indent).append("    ").append(paint(step, kDim, options.color)).push_back('\n');
  }
}

// The findings a listing of at most `limit` shows, in the order it shows
// them: records' findings first (a record's findings arrive together, so
// grouping is one pass over runs; a listing cut short ends at a run's end),
// then lone findings.
std::vector<std::size_t> listed_findings(const std::vector<Finding>& findings, std::size_t limit) {
  std::vector<std::size_t> listed;
  for (std::size_t i = 0; i < findings.size() && listed.size() < limit;) {
    const auto id = findings[i].record;
    std::size_t end = i;
    while (end < findings.size() && findings[end].record == id) ++end;
    if (id != 0)
      for (; i < end; ++i) listed.push_back(i);
    i = end;
  }
  for (std::size_t i = 0; i < findings.size() && listed.size() < limit; ++i)
    if (findings[i].record == 0) listed.push_back(i);
  return listed;
}

void write_unlisted(std::ostream& out, const FileReport& file) {
  if (file.unlisted.empty()) return;
  const report::UnlistedTotals totals = report::unlisted_totals(file);
  std::string kinds;
  for (const auto& [name, count] : totals.by_category)
    kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", count, name);
  out << fmt::format("  + {} past the listing limit, counted only: {}{}\n",
                     plural(totals.total, "more finding", "more findings"), kinds,
                     totals.hidden ? fmt::format(" ({} hidden)", totals.hidden) : "");
}

// "12 findings accepted in the baseline, 2 allowed by the policy"; "" when none.
std::string left_out(std::uint64_t baselined, std::uint64_t allowed) {
  std::string text;
  if (baselined) text = plural(baselined, "finding", "findings") + " accepted in the baseline";
  if (allowed) {
    text += text.empty() ? plural(allowed, "finding", "findings") : fmt::format(", {}", allowed);
    text += " allowed by the policy";
  }
  return text;
}

const Record* find_record(const FileReport& file, std::uint32_t id) {
  const auto it = std::find_if(file.records.begin(), file.records.end(), [id](const Record& r) { return r.id == id; });
  return it == file.records.end() ? nullptr : &*it;
}

std::string record_heading(const FileReport& file, const Finding& first, bool color) {
  const Record* record = find_record(file, first.record);
  std::string heading = fmt::format("  record {} ({})", first.record, record_where(first.location));
  if (!record) return heading + ":";
  heading.append(": ").append(record->summary);
  if (record->sensitive) heading.append(" ").append(paint("[sensitive unit]", verdict_color(Verdict::block), color));
  if (record->visibility != Visibility::visible) heading += fmt::format(" [{}]", to_string(record->visibility));
  if (!record->personnel) heading += paint("  (not a personnel record)", kDim, color);
  return heading;
}

}  // namespace

void write_human(std::ostream& out, const FileReport& file, const ReportOptions& options) {
  out << paint(fmt::format("{:<6}", verdict_word(file.verdict)), verdict_color(file.verdict), options.color)
      << "  " << file.path << " (" << (file.format.empty() ? "unknown" : file.format) << ")";
  if (!file.reason.empty()) out << ": " << file.reason;
  out << '\n';
  // Said even of a CLEAN file: it may be clean only because findings were left out.
  const std::string omitted = left_out(file.baselined, file.allowed);
  if (file.verdict == Verdict::clean) {
    if (!omitted.empty()) out << "  " << omitted << ": not listed\n";
    return;
  }
  // Where to look first: the hidden places, before the findings one by one.
  for (const auto& p : file.hidden_places) {
    out << "  hidden: " << p.where << ": " << plural(p.findings, "finding", "findings");
    if (p.personnel_records) out << ", " << plural(p.personnel_records, "personnel record", "personnel records");
    out << '\n';
  }

  const std::size_t limit = options.human_findings ? options.human_findings : file.findings.size();
  const std::vector<std::size_t> listed = listed_findings(file.findings, limit);
  // Each listed finding's location, described once: the columns are sized on
  // them, then the lines written with them. wheres[ends[k-1], ends[k]) is the k-th.
  std::string wheres;
  std::vector<std::size_t> ends;
  ends.reserve(listed.size());
  Columns cols;
  for (const std::size_t i : listed) {
    const Finding& f = file.findings[i];
    const std::size_t begin = wheres.size();
    append_description(wheres, f.location, false);
    ends.push_back(wheres.size());
    cols.location = std::max(cols.location, std::min<std::size_t>(display_width(std::string_view(wheres).substr(begin)), 40));
    cols.category = std::max(cols.category, to_string(f.category).size());
  }
  const bool any_record = std::any_of(file.findings.begin(), file.findings.end(), [](const Finding& f) { return f.record != 0; });
  const std::string_view indent = any_record ? "    " : "  ";
  std::string text;
  std::uint32_t heading_of = 0;  // the record whose heading was written last
  bool lone_heading = false;
  for (std::size_t k = 0; k < listed.size(); ++k) {
    const Finding& f = file.findings[listed[k]];
    if (f.record != 0 && f.record != heading_of) {
      text += record_heading(file, f, options.color);
      text.push_back('\n');
      heading_of = f.record;
    } else if (f.record == 0 && any_record && !lone_heading) {
      text += "  other findings:\n";
      lone_heading = true;
    }
    const std::size_t begin = k == 0 ? 0 : ends[k - 1];
    append_finding(text, f, std::string_view(wheres).substr(begin, ends[k] - begin), cols, indent, options);
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (listed.size() < file.findings.size()) {
    out << fmt::format("  + {} not shown here (listed in the JSON report)\n",
                       plural(file.findings.size() - listed.size(), "more finding", "more findings"));
  }
  write_unlisted(out, file);
  if (file.records_total > file.records.size()) {
    out << fmt::format("  + {} past the listing limit, counted only\n",
                       plural(file.records_total - file.records.size(), "more record", "more records"));
  }
  for (const auto& n : file.not_checked) {
    // An unreadable file already says why on its verdict line.
    if (file.verdict == Verdict::error && n.part.empty() && n.reason == file.reason) continue;
    out << "  not checked: " << (n.part.empty() ? "whole file" : n.part) << ": " << n.reason << '\n';
  }
  if (!omitted.empty()) out << "  " << omitted << ": not listed\n";
}

void write_human_summary(std::ostream& out, const std::vector<FileReport>& files,
                         const ScanSummary& summary, const ReportOptions& options) {
  const bool c = options.color;
  out << '\n' << paint("Summary", kBold, c) << ": " << plural(summary.files, "file", "files") << ", "
      << format_bytes(summary.bytes);
  if (summary.seconds > 0) out << fmt::format(", {:.1f} s", summary.seconds);
  if (summary.from_cache > 0) out << fmt::format(" ({} unchanged since the cached scan, not read)", summary.from_cache);
  out << '\n';
  if (summary.interrupted)
    out << "  " << paint("Interrupted", kBold, c) << ": the files not listed were not scanned\n";
  out << "  " << paint(fmt::format("{} BLOCK", summary.block), verdict_color(Verdict::block), c && summary.block)
      << ", " << paint(fmt::format("{} REVIEW", summary.review), verdict_color(Verdict::review), c && summary.review)
      << ", " << paint(fmt::format("{} CLEAN", summary.clean), verdict_color(Verdict::clean), c && summary.clean)
      << ", " << paint(fmt::format("{} ERROR", summary.error), verdict_color(Verdict::error), c && summary.error)
      << '\n';
  out << "  " << plural(summary.findings, "finding", "findings") << " (" << summary.hidden_findings
      << " hidden), " << plural(summary.records, "personnel record", "personnel records") << '\n';
  const std::string omitted = left_out(summary.baselined, summary.allowed);
  if (!omitted.empty()) out << "  " << omitted << ": left out of the counts above\n";
  out << "  " << plural(summary.not_checked, "file", "files") << " not fully checked" << '\n';

  std::vector<const FileReport*> not_checked;
  for (const auto& f : files)
    if (f.verdict == Verdict::error || !f.not_checked.empty()) not_checked.push_back(&f);
  constexpr std::size_t kListed = 5;
  for (std::size_t i = 0; i < std::min(not_checked.size(), kListed); ++i) {
    const auto& f = *not_checked[i];
    const std::string& why = f.not_checked.empty() ? f.error : f.not_checked.front().reason;
    out << "    " << f.path << ": " << why << '\n';
  }
  if (not_checked.size() > kListed) out << fmt::format("    ... and {} more\n", not_checked.size() - kListed);

  std::vector<const FileReport*> blocked;
  for (const auto& f : files)
    if (f.verdict == Verdict::block) blocked.push_back(&f);
  if (blocked.empty()) return;
  std::sort(blocked.begin(), blocked.end(), [](const FileReport* a, const FileReport* b) {
    if (a->personnel_records != b->personnel_records) return a->personnel_records > b->personnel_records;
    if (a->findings_total != b->findings_total) return a->findings_total > b->findings_total;
    return a->path < b->path;
  });
  out << paint("Look at first", kBold, c) << ":\n";
  for (std::size_t i = 0; i < std::min(blocked.size(), kListed); ++i) {
    const auto& f = *blocked[i];
    out << "  " << f.path << ": " << plural(f.personnel_records, "personnel record", "personnel records") << ", "
        << plural(f.findings_total, "finding", "findings") << '\n';
  }
}

}  // namespace foiguard
