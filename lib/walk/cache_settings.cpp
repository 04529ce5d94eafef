// What a cached report depends on, folded into one id: when any of it changes,
// the cache is emptied rather than serving reports the current settings would
// not produce.
#include <fmt/format.h>

#include "foiguard/version.hpp"
#include "scan/content_hash.hpp"
#include "walk/scan_cache.hpp"

namespace foiguard::walk {

std::string cache_settings_id(const ScanOptions& options, const RuleSet& rules) {
  std::string text = fmt::format("foiguard {}\nrules {}\n", version(), rules.version);
  for (const auto& rule : rules.text_rules) text += fmt::format("text {} {}\n", rule.id, rule.pattern);
  for (const auto& rule : rules.column_rules) text += fmt::format("column {} {}\n", rule.id, rule.shape);
  const DetectOptions& detect = options.detect;
  text += fmt::format("confidence {} explain {} values {}\n", to_string(detect.min_confidence), detect.explain,
                      detect.keep_values);
  text += fmt::format("limits {} {} {}\n", options.max_file_bytes, options.max_findings, options.max_records);
  // A digest of a digest: the id is stored in the cache file, the key must not be guessable from it.
  text += fmt::format("key {}\n", scan::sha256_hex(scan::sha256_hex(detect.fingerprint_key)));
  return scan::sha256_hex(text);
}

}  // namespace foiguard::walk
