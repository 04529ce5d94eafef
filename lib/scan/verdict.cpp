// The verdict rules in one place (see scanner.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "foiguard/scanner.hpp"

namespace foiguard {

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
    if (sensitive > 0) text += fmt::format(", {} naming a sensitive unit", sensitive);
    if (hidden > 0) text += fmt::format(", {} hidden", hidden);
    say(text);
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
