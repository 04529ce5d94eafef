// Baselines in and out of JSON: read from a scan's JSON report (every listed
// finding's fingerprint) or from a baseline file, written sorted so that two
// baselines of the same review compare equal and diff line by line.
#include "foiguard/baseline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "scan/content_hash.hpp"

namespace foiguard {

namespace {

using nlohmann::json;

constexpr int kFormatVersion = 1;
constexpr std::size_t kKeyIdDigits = 16;
constexpr const char* kMakeReport = "make one with `foiguard scan --format json -o report.json PATH`";
constexpr const char* kMakeBaseline = "make one with `foiguard baseline create report.json -o baseline.json`";

bool is_hex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

json parse(std::string_view text, std::string_view origin, std::string_view what, std::string_view how) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann says where: "parse error at line 3, column 5: ...".
    throw BaselineError(fmt::format("{}: not {} (invalid JSON: {}): {}", origin, what, e.what(), how));
  }
}

// The report's fingerprint key id: null when the scan had no key.
std::string report_key_id(const json& doc, std::string_view origin) {
  const auto summary = doc.find("summary");
  if (summary == doc.end() || !summary->is_object() || !summary->contains("fingerprint_key_id"))
    throw BaselineError(fmt::format(
        "{}: the report does not say which fingerprint key made it (summary.fingerprint_key_id; reports of "
        "foiguard before baselines lack it): scan again with this foiguard and --format json",
        origin));
  const json& id = (*summary)["fingerprint_key_id"];
  if (id.is_null()) return "";
  if (!id.is_string() || id.get<std::string>().size() != kKeyIdDigits || !is_hex(id.get<std::string>()))
    throw BaselineError(fmt::format("{}: summary.fingerprint_key_id is not a key id ({} hex digits)", origin,
                                    kKeyIdDigits));
  return id.get<std::string>();
}

}  // namespace

std::string fingerprint_key_id(std::string_view key) {
  return scan::sha256_hex(scan::sha256_hex(key)).substr(0, kKeyIdDigits);
}

Baseline Baseline::from_report_json(std::string_view text, std::string_view origin) {
  const json doc = parse(text, origin, "a JSON report", kMakeReport);
  if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_array()) {
    throw BaselineError(fmt::format("{}: not a foiguard JSON report (no \"files\" list){}: {}", origin,
                                    doc.is_object() && doc.contains("foiguard_baseline") ? "; it is a baseline" : "",
                                    kMakeReport));
  }
  Baseline baseline;
  std::size_t findings = 0, without = 0;
  const json& files = doc["files"];
  for (std::size_t i = 0; i < files.size(); ++i) {
    const json& file = files[i];
    if (!file.is_object()) throw BaselineError(fmt::format("{}: files[{}] is not an object", origin, i));
    const auto list = file.find("findings");
    if (list == file.end()) continue;  // a file line without findings (an error entry)
    if (!list->is_array()) throw BaselineError(fmt::format("{}: files[{}].findings is not a list", origin, i));
    for (std::size_t k = 0; k < list->size(); ++k) {
      const json& finding = (*list)[k];
      const auto fp = finding.is_object() ? finding.find("fingerprint") : finding.end();
      ++findings;
      if (fp == finding.end() || fp->is_null()) {
        ++without;
        continue;
      }
      if (!fp->is_string() || !is_hex(fp->get<std::string>()))
        throw BaselineError(fmt::format("{}: files[{}].findings[{}].fingerprint is not a hex fingerprint", origin, i, k));
      baseline.add(fp->get<std::string>());
    }
  }
  if (without > 0) {
    throw BaselineError(fmt::format(
        "{}: {} of {} findings have no fingerprint (the scan ran without a fingerprint key): scan again with "
        "--key-file FILE --format json (the same key later scans will use) and create the baseline from that report",
        origin, without, findings));
  }
  baseline.set_key_id(report_key_id(doc, origin));
  if (baseline.key_id().empty())
    throw BaselineError(fmt::format("{}: the scan ran without a fingerprint key, so later scans cannot match its "
                                    "findings: scan again with --key-file FILE --format json",
                                    origin));
  return baseline;
}

Baseline Baseline::from_json(std::string_view text, std::string_view origin) {
  const json doc = parse(text, origin, "a foiguard baseline", kMakeBaseline);
  if (!doc.is_object() || !doc.contains("foiguard_baseline")) {
    // The likeliest mix-up: the scan report itself given as the baseline.
    if (doc.is_object() && doc.contains("files"))
      throw BaselineError(fmt::format("{}: this is a scan report, not a baseline: run `foiguard baseline create {} "
                                      "-o baseline.json` and pass baseline.json",
                                      origin, origin));
    throw BaselineError(fmt::format("{}: not a foiguard baseline (no \"foiguard_baseline\" member): {}", origin,
                                    kMakeBaseline));
  }
  const json& version = doc["foiguard_baseline"];
  if (!version.is_number_integer() || version.get<long long>() != kFormatVersion)
    throw BaselineError(fmt::format("{}: baseline format {} is not one this foiguard reads (version {}): {}", origin,
                                    version.dump(), kFormatVersion, kMakeBaseline));
  const auto key_id = doc.find("key_id");
  if (key_id == doc.end() || !key_id->is_string() || key_id->get<std::string>().size() != kKeyIdDigits ||
      !is_hex(key_id->get<std::string>()))
    throw BaselineError(fmt::format("{}: \"key_id\" is missing or not {} hex digits", origin, kKeyIdDigits));
  const auto list = doc.find("fingerprints");
  if (list == doc.end() || !list->is_array())
    throw BaselineError(fmt::format("{}: \"fingerprints\" is missing or not a list", origin));
  Baseline baseline;
  baseline.set_key_id(key_id->get<std::string>());
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& fp = (*list)[i];
    if (!fp.is_string() || !is_hex(fp.get<std::string>()))
      throw BaselineError(fmt::format("{}: fingerprints[{}] is not a hex fingerprint", origin, i));
    baseline.add(fp.get<std::string>());
  }
  return baseline;
}

std::string Baseline::to_json() const {
  std::vector<std::string_view> sorted(fingerprints_.begin(), fingerprints_.end());
  std::sort(sorted.begin(), sorted.end());
  // One fingerprint a line: a reviewed baseline is kept under version control.
  std::string out = fmt::format("{{\n  \"foiguard_baseline\": {},\n  \"key_id\": {},\n  \"fingerprints\": [", kFormatVersion,
                                json(key_id_).dump());
  for (std::size_t i = 0; i < sorted.size(); ++i)
    out += fmt::format("{}\n    {}", i ? "," : "", json(std::string(sorted[i])).dump());
  out += sorted.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace foiguard
