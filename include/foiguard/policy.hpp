// Policy: a force's TOML file that tunes a scan. It may turn built-in rules off
// ([rules] disable / enable_only), add text rules ([[rule]], as in the
// built-in rules file, ids with a dot), allow public values ([[allow]]), and
// set thresholds ([thresholds] fail_on, min_confidence) and limits ([limits]
// max_file_size, max_findings). Command-line flags win over the policy.
//
// from_toml() checks everything up front and throws RuleError naming the
// origin and line of the first problem ("policy.toml:12: unknown rule
// 'name.foo' in [rules] disable"): unknown keys or tables, unknown rule ids,
// a custom id that clashes with a built-in one, a pattern that does not
// compile, a custom rule that does not fire on its own example.
//
// When a policy changes the rules, rules.version changes (the scan cache keys
// on it); allowlists, thresholds and limits leave it alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foiguard/allowlist.hpp"
#include "foiguard/finding.hpp"
#include "foiguard/rules.hpp"

namespace foiguard {

struct Policy {
  RuleSet rules;                                // the base rules with the policy's changes
  std::vector<std::string> disabled;            // base rule ids the policy turned off, in base order
  std::vector<std::string> custom;              // ids of the policy's own [[rule]]s, in file order
  std::shared_ptr<const Allowlist> allowlist;   // null when the policy allows nothing
  std::optional<Verdict> fail_on;               // block or review
  std::optional<Confidence> min_confidence;
  std::optional<std::uint64_t> max_file_size;   // bytes
  std::optional<std::size_t> max_findings;      // listed per file (ScanOptions::max_findings)
  std::string origin;                           // the file name given, for messages

  // No policy: `base` unchanged, nothing allowed, nothing set.
  static Policy none(RuleSet base = RuleSet::builtin());
  static Policy from_toml(std::string_view text, std::string_view origin, RuleSet base = RuleSet::builtin());
  // Reads `path` and parses it with `path` as the origin; an unreadable file
  // throws RuleError "path: cannot read: ...".
  static Policy from_file(const std::string& path, RuleSet base = RuleSet::builtin());
};

// "500MB", "2 GiB", "4096" -> bytes (K, M, G, T: powers of 1024, as the
// --max-file-size flag); nullopt when it is not a size.
std::optional<std::uint64_t> parse_size(std::string_view text);

}  // namespace foiguard
