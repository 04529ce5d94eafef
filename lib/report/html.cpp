// The HTML report: one self-contained page (inline style and script, a
// Content-Security-Policy that forbids every network load), streamed file by
// file. Each file's section is written as the scan reports it; only small
// running totals are kept, and the summary they make is written at the end
// and shown first (CSS order, and the script moves it up).
//
// Every piece of text from a scanned file (paths, sheet names, masked values,
// reasons) goes through escape(): markup characters become entities, control
// characters become visible symbols and bytes that are not UTF-8 become U+FFFD.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <tuple>
#include <string_view>
#include <unordered_map>

#include "foiguard/report.hpp"
#include "foiguard/version.hpp"
#include "report/html_page.hpp"
#include "report/json_text.hpp"  // utf8_length
#include "report/unlisted_totals.hpp"

namespace foiguard {

namespace {

constexpr std::size_t kCategories = static_cast<std::size_t>(Category::bank_account) + 1;
constexpr std::size_t kVisibilities = static_cast<std::size_t>(Visibility::archive_member) + 1;
constexpr std::size_t kLookFirst = 10;      // files listed under "Look at these first"
constexpr std::size_t kNotCheckedListed = 10;
constexpr std::array kVerdicts = {Verdict::block, Verdict::review, Verdict::clean, Verdict::error};


// Appends `text` as HTML text or a double- or single-quoted attribute value.
// A path with a newline or tab shows it as a control picture (U+240A, U+2409)
// rather than as a silent space.
void escape(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t n = report::utf8_length(text, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(text.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case 0x7F: out += "\xE2\x90\xA1"; break;  // U+2421 SYMBOL FOR DELETE
      default:
        if (c < 0x20) {
          // U+2400 + c: the control pictures block.
          out += "\xE2\x90";
          out += static_cast<char>(0x80 + c);
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
}

std::string escaped(std::string_view text) {
  std::string out;
  escape(out, text);
  return out;
}

// "hidden_sheet" -> "hidden sheet": the snake_case names, for people.
std::string words(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string upper(std::string_view name) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string verdict_badge(Verdict v) {
  return fmt::format(R"(<span class="badge v-{}">{}</span>)", to_string(v), upper(to_string(v)));
}

std::string_view verdict_meaning(Verdict v) {
  switch (v) {
    case Verdict::block: return "do not release: personnel records, identifiers or hidden personal data";
    case Verdict::review: return "check by hand before release";
    case Verdict::clean: return "no personal data found";
    case Verdict::error: return "could not be checked at all";
  }
  return "";
}

std::string anchor(std::uint64_t number) { return fmt::format("file-{}", number); }

// The location inside the file: the section heading already names the file.
std::string where(const Location& loc) {
  Location inside = loc;
  inside.path.clear();
  return describe(inside);
}

std::size_t index(Category c) { return static_cast<std::size_t>(c); }
std::size_t index(Visibility v) { return static_cast<std::size_t>(v); }

// Categories and visibilities a file holds, listed or only counted.
struct Kinds {
  std::bitset<kCategories> categories;
  std::bitset<kVisibilities> visibilities;
};

Kinds kinds_of(const FileReport& file) {
  Kinds k;
  for (const auto& f : file.findings) {
    k.categories.set(index(f.category));
    k.visibilities.set(index(f.visibility));
  }
  for (const auto& t : file.unlisted) {
    k.categories.set(index(t.category));
    k.visibilities.set(index(t.visibility));
  }
  return k;
}

// "person_name rank": a data- attribute value the filters split at spaces.
template <typename Enum, std::size_t N>
std::string word_list(const std::bitset<N>& set) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (!set.test(i)) continue;
    if (!out.empty()) out += ' ';
    out += to_string(static_cast<Enum>(i));
  }
  return out;
}

// How many findings a file lists: the cap, stretched to the end of the record
// it falls in so that a record is never cut in half.
std::size_t rows_to_list(const FileReport& file, std::size_t cap) {
  const auto& f = file.findings;
  if (cap == 0 || cap >= f.size()) return f.size();
  std::size_t n = cap;
  while (n < f.size() && f[n].record != 0 && f[n].record == f[n - 1].record) ++n;
  return n;
}

void write_finding_row(std::string& out, const Finding& f, const std::unordered_map<std::uint32_t, const Record*>& records,
                       const ReportOptions& options) {
  fmt::format_to(std::back_inserter(out), R"(<tr class="finding" data-category="{}" data-visibility="{}">)",
                 to_string(f.category), to_string(f.visibility));
  if (f.record == 0) {
    out += "<td></td>";
  } else {
    const auto it = records.find(f.record);
    out += R"(<td class="n")";
    if (it != records.end()) {
      out += R"( title=")";
      escape(out, it->second->summary);
      out += '"';
    }
    fmt::format_to(std::back_inserter(out), ">{}</td>", f.record);
  }
  fmt::format_to(std::back_inserter(out), "<td>{}</td>", words(to_string(f.category)));
  // Raw values leave the library only when the caller asked for them.
  const bool raw = !f.value.empty();
  out += raw ? R"(<td class="value raw" title="raw value">)" : R"(<td class="value">)";
  escape(out, raw ? f.value : f.masked);
  fmt::format_to(std::back_inserter(out), "</td><td>{}</td>", to_string(f.confidence));
  if (is_hidden(f.visibility))
    fmt::format_to(std::back_inserter(out), R"(<td><span class="vis-hidden">{}</span></td>)", words(to_string(f.visibility)));
  else
    fmt::format_to(std::back_inserter(out), "<td>{}</td>", words(to_string(f.visibility)));
  out += "<td>";
  escape(out, where(f.location));
  out += R"(</td><td class="context">)";
  escape(out, f.context);
  if (options.explain && !f.evidence.empty()) {
    out += "<details><summary>evidence</summary><ul>";
    for (const auto& step : f.evidence) {
      out += "<li>";
      escape(out, step);
      out += "</li>";
    }
    out += "</ul></details>";
  }
  out += "</td></tr>\n";
}

void write_findings(std::string& out, const FileReport& file, const ReportOptions& options) {
  if (file.findings.empty()) return;
  std::unordered_map<std::uint32_t, const Record*> records;
  for (const auto& r : file.records) records.emplace(r.id, &r);
  const std::size_t listed = rows_to_list(file, options.human_findings);
  out += "<table class=\"findings\"><thead><tr><th class=\"n\">Record</th><th>Category</th><th>Value</th>"
         "<th>Confidence</th><th>Visibility</th><th>Location</th><th>Why</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < listed; ++i) write_finding_row(out, file.findings[i], records, options);
  out += "</tbody></table>\n";
  if (listed < file.findings.size()) {
    fmt::format_to(std::back_inserter(out), R"(<p class="more" data-more="{}">+ {} not listed here (all are in the JSON report)</p>)",
                   file.findings.size() - listed, plural(file.findings.size() - listed, "more finding", "more findings"));
    out += '\n';
  }
}

// Findings past the scan's own listing limit, counted by category.
void write_unlisted(std::string& out, const FileReport& file) {
  if (file.unlisted.empty()) return;
  const report::UnlistedTotals totals = report::unlisted_totals(file);
  std::string kinds;
  for (const auto& [name, count] : totals.by_category)
    kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", count, words(name));
  fmt::format_to(std::back_inserter(out), R"(<p class="more">+ {} past the scan's listing limit, counted only: {}{}</p>)",
                 plural(totals.total, "more finding", "more findings"), kinds,
                 totals.hidden ? fmt::format(" ({} hidden)", totals.hidden) : "");
  out += '\n';
  if (file.records_total > file.records.size()) {
    fmt::format_to(std::back_inserter(out), R"(<p class="more">+ {} past the listing limit, counted only</p>)",
                   plural(file.records_total - file.records.size(), "more record", "more records"));
    out += '\n';
  }
}

void write_places(std::string& out, const FileReport& file) {
  if (file.hidden_places.empty()) return;
  out += "<ul class=\"places\">";
  for (const auto& p : file.hidden_places) {
    fmt::format_to(std::back_inserter(out), R"(<li data-visibility="{}"><span class="badge place">)", to_string(p.visibility));
    escape(out, p.where);
    fmt::format_to(std::back_inserter(out), "</span> {}", plural(p.findings, "finding", "findings"));
    if (p.personnel_records) out += ", " + plural(p.personnel_records, "personnel record", "personnel records");
    out += "</li>";
  }
  out += "</ul>\n";
}

void write_notes(std::string& out, const FileReport& file) {
  const bool error_note = file.verdict == Verdict::error && !file.error.empty() && file.error != file.reason;
  if (file.not_checked.empty() && !error_note) return;
  out += "<ul class=\"notes\">";
  if (error_note) {
    out += R"(<li><span class="badge note">error</span> )";
    escape(out, file.error);
    out += "</li>";
  }
  for (const auto& n : file.not_checked) {
    // An unreadable file already says why in its reason line.
    if (file.verdict == Verdict::error && n.part.empty() && n.reason == file.reason) continue;
    out += R"(<li><span class="badge note">not checked</span> )";
    escape(out, n.part.empty() ? std::string_view("whole file") : std::string_view(n.part));
    out += ": ";
    escape(out, n.reason);
    out += "</li>";
  }
  out += "</ul>\n";
}

void write_file_section(std::string& out, const FileReport& file, std::uint64_t number, const ReportOptions& options) {
  const Kinds kinds = kinds_of(file);
  fmt::format_to(std::back_inserter(out),
                 R"(<section class="file" id="{}" data-verdict="{}" data-categories="{}" data-visibilities="{}">)",
                 anchor(number), to_string(file.verdict), word_list<Category>(kinds.categories),
                 word_list<Visibility>(kinds.visibilities));
  out += "\n<h3>" + verdict_badge(file.verdict) + R"( <span class="path">)";
  escape(out, file.path);
  out += "</span></h3>\n<p class=\"meta\">";
  escape(out, file.format.empty() ? std::string_view("unknown format") : std::string_view(file.format));
  fmt::format_to(std::back_inserter(out), R"( · {} · severity <span class="sev-{}">{}</span> · {})", format_bytes(file.bytes),
                 to_string(file.severity), to_string(file.severity), plural(file.findings_total, "finding", "findings"));
  if (file.personnel_records) {
    out += " · " + plural(file.personnel_records, "personnel record", "personnel records");
    if (file.hidden_records) fmt::format_to(std::back_inserter(out), " ({} hidden)", file.hidden_records);
  }
  // Left out of the findings above; said so that a CLEAN file is not taken for an untouched one.
  if (file.baselined) out += " · " + plural(file.baselined, "finding", "findings") + " accepted in the baseline";
  if (file.allowed) out += " · " + plural(file.allowed, "finding", "findings") + " allowed by the policy";
  out += "</p>\n";
  if (!file.reason.empty()) {
    out += "<p class=\"reason\">";
    escape(out, file.reason);
    out += "</p>\n";
  }
  write_places(out, file);
  write_notes(out, file);
  write_findings(out, file, options);
  write_unlisted(out, file);
  out += "</section>\n";
}

// A file worth looking at first, remembered by the little the summary shows.
struct Candidate {
  std::string path;
  std::uint64_t number = 0;
  Verdict verdict = Verdict::clean;
  Severity severity = Severity::info;
  std::uint64_t hidden_records = 0, personnel_records = 0, findings = 0;
};

int verdict_rank(Verdict v) { return v == Verdict::block ? 2 : v == Verdict::review ? 1 : 0; }

// BLOCK before REVIEW, then the most severe, the most hidden records, the most
// records, the most findings; ties keep path order (the order files arrive).
bool comes_first(const Candidate& a, const Candidate& b) {
  const auto key = [](const Candidate& c) {
    return std::tuple(verdict_rank(c.verdict), static_cast<int>(c.severity), c.hidden_records, c.personnel_records, c.findings);
  };
  return key(a) > key(b);
}

struct NotCheckedFile {
  std::string path;
  std::uint64_t number = 0;
  std::string why;
};

// What the summary needs, added up file by file.
struct Totals {
  std::uint64_t raw_values = 0;  // findings shown unmasked (--show-values)
  std::array<std::uint64_t, kCategories> category_findings{}, category_files{};
  std::array<std::uint64_t, kVisibilities> visibility_findings{}, visibility_files{};
  std::array<std::uint64_t, kVisibilities> places{}, place_records{};
  std::vector<Candidate> look_first;  // at most kLookFirst, best first
  std::uint64_t candidates = 0;
  std::vector<NotCheckedFile> not_checked;  // the first kNotCheckedListed
  std::uint64_t not_checked_total = 0;

  void add(const FileReport& file, std::uint64_t number) {
    const Kinds kinds = kinds_of(file);
    for (std::size_t i = 0; i < kCategories; ++i) category_files[i] += kinds.categories.test(i);
    for (std::size_t i = 0; i < kVisibilities; ++i) visibility_files[i] += kinds.visibilities.test(i);
    for (const auto& f : file.findings) {
      ++category_findings[index(f.category)];
      ++visibility_findings[index(f.visibility)];
      raw_values += !f.value.empty();
    }
    for (const auto& t : file.unlisted) {
      category_findings[index(t.category)] += t.count;
      visibility_findings[index(t.visibility)] += t.count;
    }
    for (const auto& p : file.hidden_places) {
      ++places[index(p.visibility)];
      place_records[index(p.visibility)] += p.personnel_records;
    }
    consider(file, number);
    if (file.verdict == Verdict::error || !file.not_checked.empty()) {
      ++not_checked_total;
      if (not_checked.size() < kNotCheckedListed) {
        const std::string& why = file.not_checked.empty() ? (file.error.empty() ? file.reason : file.error)
                                                          : file.not_checked.front().reason;
        not_checked.push_back({file.path, number, why});
      }
    }
  }

  void consider(const FileReport& file, std::uint64_t number) {
    if (verdict_rank(file.verdict) == 0) return;
    ++candidates;
    Candidate c{file.path, number, file.verdict, file.severity, file.hidden_records, file.personnel_records,
                file.findings_total};
    // upper_bound: a tie goes after the files already listed.
    const auto at = std::upper_bound(look_first.begin(), look_first.end(), c, comes_first);
    if (at == look_first.end() && look_first.size() >= kLookFirst) return;
    look_first.insert(at, std::move(c));
    if (look_first.size() > kLookFirst) look_first.pop_back();
  }
};

void write_verdicts(std::string& out, const ScanSummary& s) {
  const auto count = [&](Verdict v) {
    switch (v) {
      case Verdict::block: return s.block;
      case Verdict::review: return s.review;
      case Verdict::clean: return s.clean;
      case Verdict::error: return s.error;
    }
    return std::uint64_t{0};
  };
  out += "<h3>Files by verdict</h3>\n<table id=\"verdicts\"><tbody>\n";
  for (const auto v : kVerdicts) {
    fmt::format_to(std::back_inserter(out), R"(<tr><th scope="row">{}</th><td class="n" id="n-{}">{}</td><td>{}</td></tr>)",
                   verdict_badge(v), to_string(v), count(v), verdict_meaning(v));
    out += '\n';
  }
  out += "</tbody></table>\n";
}

void write_totals(std::string& out, const ScanSummary& s) {
  fmt::format_to(std::back_inserter(out),
                 R"(<p class="totals"><span id="n-files">{}</span> {}, <span id="n-bytes" data-bytes="{}">{}</span>)",
                 s.files, s.files == 1 ? "file" : "files", s.bytes, format_bytes(s.bytes));
  if (s.seconds > 0) fmt::format_to(std::back_inserter(out), ", {:.1f} s", s.seconds);
  fmt::format_to(std::back_inserter(out),
                 R"(; <span id="n-findings">{}</span> findings, <span id="n-hidden">{}</span> of them where a reader )"
                 R"(does not see them; <span id="n-records">{}</span> personnel records; )"
                 R"(<span id="n-not-checked">{}</span> files not fully checked.)",
                 s.findings, s.hidden_findings, s.records, s.not_checked);
  if (s.baselined || s.allowed) {
    out += " Left out of these counts:";
    if (s.baselined)
      fmt::format_to(std::back_inserter(out), R"( <span id="n-baselined">{}</span> {} accepted in the baseline)",
                     s.baselined, s.baselined == 1 ? "finding" : "findings");
    if (s.allowed)
      fmt::format_to(std::back_inserter(out), R"({} <span id="n-allowed">{}</span> {} allowed by the policy)",
                     s.baselined ? "," : "", s.allowed, s.allowed == 1 ? "finding" : "findings");
    out += '.';
  }
  out += "</p>\n";
}

void write_look_first(std::string& out, const Totals& t) {
  out += "<h3>Look at these first</h3>\n";
  if (t.look_first.empty()) {
    out += "<p>No file needs review.</p>\n";
    return;
  }
  out += "<ol id=\"look-first\">\n";
  for (const auto& c : t.look_first) {
    fmt::format_to(std::back_inserter(out), R"(<li>{} <a href="#{}">)", verdict_badge(c.verdict), anchor(c.number));
    escape(out, c.path);
    fmt::format_to(std::back_inserter(out), "</a>: severity {}, {}", to_string(c.severity),
                   plural(c.personnel_records, "personnel record", "personnel records"));
    if (c.hidden_records) fmt::format_to(std::back_inserter(out), " ({} hidden)", c.hidden_records);
    out += ", " + plural(c.findings, "finding", "findings") + "</li>\n";
  }
  out += "</ol>\n";
  if (t.candidates > t.look_first.size())
    fmt::format_to(std::back_inserter(out), "<p class=\"more\">+ {} more to block or review</p>\n",
                   plural(t.candidates - t.look_first.size(), "file", "files"));
}

// Findings by visibility, for every place other than the visible content.
void write_hidden_data(std::string& out, const Totals& t) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < kVisibilities; ++i)
    if (static_cast<Visibility>(i) != Visibility::visible && (t.visibility_findings[i] || t.places[i])) rows.push_back(i);
  std::stable_sort(rows.begin(), rows.end(),
                   [&](std::size_t a, std::size_t b) { return t.visibility_findings[a] > t.visibility_findings[b]; });
  out += "<h3>Data in places a reader may not see</h3>\n";
  if (rows.empty()) {
    out += "<p>None: every finding is in the visible content.</p>\n";
    return;
  }
  out += "<table id=\"hidden-data\"><thead><tr><th>Where</th><th>Hidden from a reader</th><th class=\"n\">Findings</th>"
         "<th class=\"n\">Files</th><th class=\"n\">Places</th><th class=\"n\">Personnel records</th></tr></thead><tbody>\n";
  for (const auto i : rows) {
    const auto v = static_cast<Visibility>(i);
    fmt::format_to(std::back_inserter(out),
                   R"(<tr data-visibility="{}" data-hidden="{}"><td>{}</td><td>{}</td><td class="n">{}</td>)"
                   R"(<td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>)",
                   to_string(v), is_hidden(v) ? "yes" : "no", words(to_string(v)),
                   is_hidden(v) ? "yes" : "no (seen or sent as a file)", t.visibility_findings[i], t.visibility_files[i],
                   t.places[i], t.place_records[i]);
    out += '\n';
  }
  out += "</tbody></table>\n";
}

void write_categories(std::string& out, const Totals& t) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < kCategories; ++i)
    if (t.category_findings[i]) rows.push_back(i);
  std::stable_sort(rows.begin(), rows.end(),
                   [&](std::size_t a, std::size_t b) { return t.category_findings[a] > t.category_findings[b]; });
  out += "<h3>Top categories</h3>\n";
  if (rows.empty()) {
    out += "<p>No findings.</p>\n";
    return;
  }
  out += "<table id=\"categories\"><thead><tr><th>Category</th><th class=\"n\">Findings</th><th class=\"n\">Files</th>"
         "</tr></thead><tbody>\n";
  for (const auto i : rows) {
    const auto c = static_cast<Category>(i);
    fmt::format_to(std::back_inserter(out),
                   R"(<tr data-category="{}"><td>{}</td><td class="n">{}</td><td class="n">{}</td></tr>)",
                   to_string(c), words(to_string(c)), t.category_findings[i], t.category_files[i]);
    out += '\n';
  }
  out += "</tbody></table>\n";
}

void write_not_checked(std::string& out, const Totals& t) {
  if (t.not_checked.empty()) return;
  out += "<h3>Not fully checked</h3>\n<ul id=\"not-checked\">\n";
  for (const auto& n : t.not_checked) {
    fmt::format_to(std::back_inserter(out), R"(<li><a href="#{}">)", anchor(n.number));
    escape(out, n.path);
    out += "</a>: ";
    escape(out, n.why);
    out += "</li>\n";
  }
  out += "</ul>\n";
  if (t.not_checked_total > t.not_checked.size())
    fmt::format_to(std::back_inserter(out), "<p class=\"more\">+ {} more</p>\n",
                   plural(t.not_checked_total - t.not_checked.size(), "file", "files"));
}

void checkbox(std::string& out, std::string_view name, std::string_view value, std::string_view label, std::uint64_t count) {
  fmt::format_to(std::back_inserter(out), R"(<label><input type="checkbox" name="{}" value="{}"> {} ({})</label>)", name,
                 value, label, count);
}

// Hidden until the script shows it: without JavaScript there is nothing to filter with.
void write_filters(std::string& out, const ScanSummary& s, const Totals& t) {
  out += "<form id=\"filters\" hidden>\n<fieldset><legend>Verdict</legend>";
  const std::array<std::uint64_t, 4> counts = {s.block, s.review, s.clean, s.error};
  for (std::size_t i = 0; i < kVerdicts.size(); ++i)
    checkbox(out, "verdict", to_string(kVerdicts[i]), upper(to_string(kVerdicts[i])), counts[i]);
  out += "</fieldset>\n<fieldset><legend>Category</legend>";
  for (std::size_t i = 0; i < kCategories; ++i)
    if (t.category_findings[i])
      checkbox(out, "category", to_string(static_cast<Category>(i)), words(to_string(static_cast<Category>(i))),
               t.category_findings[i]);
  out += "</fieldset>\n<fieldset><legend>Visibility</legend>";
  for (std::size_t i = 0; i < kVisibilities; ++i)
    if (t.visibility_findings[i])
      checkbox(out, "visibility", to_string(static_cast<Visibility>(i)), words(to_string(static_cast<Visibility>(i))),
               t.visibility_findings[i]);
  out += "</fieldset>\n<fieldset><legend>Path</legend><label><input type=\"search\" name=\"q\" "
         "placeholder=\"contains…\"></label> <button type=\"button\" id=\"clear-filters\">Show all</button></fieldset>\n"
         "<p id=\"filter-status\" role=\"status\"></p>\n"
         "<p class=\"sub\">The filters are kept in the address (#verdict=block&amp;visibility=hidden_sheet): "
         "copy it to share this view.</p>\n</form>\n";
}

void write_summary(std::string& out, const ScanSummary& s, const Totals& t) {
  out += "<section id=\"summary\" aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">Summary</h2>\n";
  if (t.raw_values)
    out += "<p class=\"warning\">This report shows raw values (--show-values): it holds the personal data itself. "
           "Keep it as you would keep the files.</p>\n";
  write_totals(out, s);
  out += "<div class=\"grid\"><div>\n";
  write_verdicts(out, s);
  write_look_first(out, t);
  write_not_checked(out, t);
  out += "</div><div>\n";
  write_hidden_data(out, t);
  write_categories(out, t);
  out += "</div></div>\n";
  write_filters(out, s, t);
  out += "</section>\n";
}

void write_head(std::string& out) {
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"";
  // Our own constant (no quote, '<' or '&' in it), written as is so it reads plainly.
  out += html_page::content_security_policy();
  out += "\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  fmt::format_to(std::back_inserter(out), "<meta name=\"generator\" content=\"foiguard {}\">\n", escaped(version()));
  out += "<title>foiguard report</title>\n<style>";
  out += html_page::style();
  out += "</style>\n</head>\n<body>\n<div class=\"page\">\n<header class=\"masthead\"><h1>foiguard report</h1>\n"
         "<p class=\"sub\">Personal data found in the files scanned, for review before release. Values are masked "
         "unless the scan was run with --show-values. Verdict colours always come with the verdict word.</p></header>\n"
         "<div id=\"files\">\n<h2>Files</h2>\n";
}

class HtmlWriter final : public ReportWriter {
 public:
  HtmlWriter(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}

  void file(const FileReport& file) override {
    std::string buf;
    start(buf);
    ++number_;
    write_file_section(buf, file, number_, options_);
    totals_.add(file, number_);
    put(buf);
  }

  void end(const ScanSummary& summary) override {
    std::string buf;
    start(buf);
    if (number_ == 0) buf += "<p>No files were scanned.</p>\n";
    buf += "</div>\n";
    write_summary(buf, summary, totals_);
    buf += "</div>\n<script>";
    buf += html_page::script();
    buf += "</script>\n</body>\n</html>\n";
    put(buf);
    out_.flush();
  }

 private:
  // The head goes out with the first piece, so a writer made and never used writes nothing.
  void start(std::string& buf) {
    if (started_) return;
    started_ = true;
    write_head(buf);
  }
  void put(const std::string& buf) { out_.write(buf.data(), static_cast<std::streamsize>(buf.size())); }

  std::ostream& out_;
  ReportOptions options_;
  bool started_ = false;
  std::uint64_t number_ = 0;
  Totals totals_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_html_writer(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<HtmlWriter>(out, options);
}

}  // namespace foiguard
