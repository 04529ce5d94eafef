// What a cached report depends on, folded into one id: when any of it changes,
// the cache is emptied rather than serving reports the current settings would
// not produce (a finding the new baseline accepts, a name the roster now knows).
#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "foiguard/version.hpp"
#include "scan/content_hash.hpp"
#include "walk/scan_cache.hpp"

namespace foiguard::walk {

namespace {

// Length-prefixed, so that no two different lists fold into the same text.
void add_list(std::string& text, std::string_view name, const std::vector<std::string>& items) {
  text += fmt::format(" {} {}", name, items.size());
  for (const auto& item : items) text += fmt::format(" {}:{}", item.size(), item);
}

// Every entry's matching fields; not its origin (moving a line in the policy
// file changes no report).
std::string allowlist_digest(const Allowlist* allowlist) {
  if (!allowlist || allowlist->empty()) return "none";
  std::string text;
  for (const auto& entry : allowlist->entries()) {
    text += "entry";
    add_list(text, "values", entry.values);
    add_list(text, "patterns", entry.patterns);
    add_list(text, "paths", entry.paths);
    add_list(text, "rules", entry.rules);
    text += fmt::format(" reason {}:{}\n", entry.reason.size(), entry.reason);
  }
  return scan::sha256_hex(text);
}

// to_json() is sorted: the same fingerprints give the same id in any order.
std::string baseline_digest(const Baseline* baseline) {
  return baseline ? scan::sha256_hex(baseline->to_json()) : "none";
}

}  // namespace

std::string cache_settings_id(const ScanOptions& options, const Detector& detector) {
  return cache_settings_id(options, detector.rules(), detector.roster());
}

std::string cache_settings_id(const ScanOptions& options, const RuleSet& rules, const Roster* roster) {
  std::string text = fmt::format("foiguard {}\nrules {}\n", version(), rules.version);
  for (const auto& rule : rules.text_rules) text += fmt::format("text {} {}\n", rule.id, rule.pattern);
  for (const auto& rule : rules.column_rules) text += fmt::format("column {} {}\n", rule.id, rule.shape);
  const DetectOptions& detect = options.detect;
  text += fmt::format("confidence {} explain {} values {}\n", to_string(detect.min_confidence), detect.explain,
                      detect.keep_values);
  text += fmt::format("limits {} {} {}\n", options.max_file_bytes, options.max_findings, options.max_records);
  // A digest of a digest, as the key id reports carry: the id is stored in the
  // cache file, the key must not be guessable from it.
  text += fmt::format("key {}\n", scan::sha256_hex(scan::sha256_hex(detect.fingerprint_key)));
  text += fmt::format("roster {}\n", roster ? scan::sha256_hex(roster->serialize()) : "none");
  text += fmt::format("allowlist {}\n", allowlist_digest(options.allowlist.get()));
  text += fmt::format("baseline {}\n", baseline_digest(options.baseline.get()));
  return scan::sha256_hex(text);
}

}  // namespace foiguard::walk
