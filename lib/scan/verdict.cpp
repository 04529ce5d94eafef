// The verdict rules in one place (see scanner.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "foiguard/scanner.hpp"

namespace foiguard {
namespace {

std::string_view place_words(Visibility v) {
  switch (v) {
    case Visibility::hidden_sheet: return "hidden sheet";
    case Visibility::very_hidden_sheet: return "very hidden sheet";
    case Visibility::hidden_row: return "hidden rows";
    case Visibility::hidden_column: return "hidden columns";
    case Visibility::filtered_row: return "rows hidden by a filter";
    case Visibility::collapsed_outline: return "collapsed outline groups";
    case Visibility::pivot_cache: return "pivot cache";
    case Visibility::defined_name: return "defined names";
    case Visibility::external_link_cache: return "external link cache";
    case Visibility::chart_cache: return "chart cache";
    case Visibility::metadata: return "document properties";
    case Visibility::hidden_text: return "hidden text";
    case Visibility::invisible_text: return "invisible text";
    case Visibility::embedded_object: return "embedded object";
    case Visibility::tracked_deletion: return "tracked deletions";
    case Visibility::speaker_notes: return "speaker notes";
    case Visibility::hidden_slide: return "hidden slide";
    case Visibility::under_redaction: return "text under a redaction box";
    case Visibility::earlier_revision: return "earlier revision";
    default: return to_string(v);
  }
}

// Metadata is hidden but expected (authors, titles): it does not make a file
// BLOCK on its own, unlike a hidden sheet or a cache of cell data.
bool blocks_when_holding_data(Visibility v) { return is_hidden(v) && v != Visibility::metadata; }

std::string hidden_places_text(const FileReport& report) {
  std::string out;
  std::size_t listed = 0;
  for (const auto& p : report.hidden_places) {
    if (p.personnel_records == 0) continue;
    if (listed++ == 3) {
      out += ", ...";
      break;
    }
    out += fmt::format("{}{} holds {} personnel record{}", out.empty() ? "" : "; ", p.where,
                       p.personnel_records, p.personnel_records == 1 ? "" : "s");
  }
  return out;
}

}  // namespace

std::string describe_place(Visibility visibility, const std::optional<std::string>& sheet,
                           const std::optional<std::string>& part, const std::vector<std::string>& container) {
  std::string where(place_words(visibility));
  if (visibility == Visibility::hidden_sheet || visibility == Visibility::very_hidden_sheet) {
    where += fmt::format(" '{}'", sheet.value_or("?"));
  } else if (sheet) {
    where += fmt::format(" of sheet '{}'", *sheet);
  } else if (part) {
    where += fmt::format(" ({})", *part);
  }
  if (!container.empty()) where += fmt::format(" in '{}'", container.back());
  return where;
}

Severity decide_severity(const FileReport& report, const RuleSet& rules) {
  const bool sensitive_person = std::any_of(report.findings.begin(), report.findings.end(),
                                           [](const Finding& f) { return f.sensitive_person; });
  if (report.sensitive_records > 0 || sensitive_person || report.personnel_records >= 100 ||
      report.hidden_records >= 10)
    return Severity::critical;
  const auto& alone = rules.block_alone;
  const bool identifier = std::any_of(report.findings.begin(), report.findings.end(), [&](const Finding& f) {
    return f.confidence == Confidence::high && std::find(alone.begin(), alone.end(), f.category) != alone.end();
  });
  if (report.personnel_records > 0 || identifier) return Severity::high;
  if (report.findings_total > 0) return Severity::medium;
  return report.not_checked.empty() ? Severity::info : Severity::low;
}

Verdict decide_verdict(const FileReport& report, const RuleSet& rules, std::string* reason) {
  const auto say = [&](std::string text) {
    if (reason) *reason = std::move(text);
  };
  const bool checked_nothing = !report.error.empty();
  const auto personnel = report.personnel_records;
  const auto hidden = report.hidden_records;
  const auto sensitive = report.sensitive_records;
  const auto& alone = rules.block_alone;
  // Unlisted findings are counted by kind without confidence; listed ones
  // decide this (the listing comes first in the file, so it sees the first).
  const auto identifiers = std::count_if(report.findings.begin(), report.findings.end(), [&](const Finding& f) {
    return f.confidence == Confidence::high &&
           std::find(alone.begin(), alone.end(), f.category) != alone.end();
  });
  if (personnel > 0) {
    std::string text = fmt::format("{} personnel record{}", personnel, personnel == 1 ? "" : "s");
    if (sensitive > 0) text += fmt::format(", {} naming a sensitive unit or person", sensitive);
    if (hidden > 0) text += fmt::format(", {} hidden", hidden);
    const std::string places = hidden_places_text(report);
    if (!places.empty()) text += ": " + places;
    // The PSNI and Norfolk/Suffolk pattern: the sheets a reader sees are
    // aggregates, the row-level data is all somewhere they do not look.
    if (report.visible_records == 0)
      text += ". The visible content holds none of these records: they are all in hidden places";
    say(text);
    return Verdict::block;
  }
  for (const auto& p : report.hidden_places) {
    if (p.high_confidence == 0 || !blocks_when_holding_data(p.visibility)) continue;
    say(fmt::format("{} holds personal data ({} finding{}, {} at high confidence)", p.where, p.findings,
                    p.findings == 1 ? "" : "s", p.high_confidence));
    return Verdict::block;
  }
  // Undercover and counter-terrorism officers are the people a leak endangers
  // most: their name alone is enough.
  const auto sensitive_people = std::count_if(report.findings.begin(), report.findings.end(),
                                              [](const Finding& f) { return f.sensitive_person; });
  if (sensitive_people > 0) {
    say(fmt::format("names {} of the people flagged sensitive on the roster ({} mention{})",
                    sensitive_people == 1 ? "one" : "some", sensitive_people, sensitive_people == 1 ? "" : "s"));
    return Verdict::block;
  }
  if (identifiers > 0) {
    say(fmt::format("{} personal identifier{} that identify someone on {} own", identifiers,
                    identifiers == 1 ? "" : "s", identifiers == 1 ? "its" : "their"));
    return Verdict::block;
  }
  if (checked_nothing) {
    say(report.error);
    return Verdict::error;
  }
  const auto medium = std::count_if(report.findings.begin(), report.findings.end(), [](const Finding& f) {
                        return f.confidence >= Confidence::medium;
                      }) + static_cast<std::ptrdiff_t>(report.findings_total - report.findings.size());
  if (medium > 0) {
    say(fmt::format("{} possible personal data finding{} to review", medium, medium == 1 ? "" : "s"));
    return Verdict::review;
  }
  if (!report.not_checked.empty()) {
    say(fmt::format("{} part{} could not be checked", report.not_checked.size(),
                    report.not_checked.size() == 1 ? "" : "s"));
    return Verdict::review;
  }
  say("no personal data found");
  return Verdict::clean;
}

}  // namespace foiguard
