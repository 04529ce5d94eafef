#include "baseline_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "fingerprint_key.hpp"

namespace foiguard::cli {

namespace {

constexpr int kUsageError = 2;
constexpr int kFailed = 3;

constexpr const char* kWorkflow =
    "Workflow:\n"
    "  foiguard scan --format json -o report.json --key-file KEY PATH   scan\n"
    "  (review every finding in report.json; fix what must not be released)\n"
    "  foiguard baseline create report.json -o baseline.json            accept what is left\n"
    "  foiguard scan --baseline baseline.json --key-file KEY PATH       later scans report only new findings\n"
    "\n"
    "A fingerprint is a keyed hash of the rule, the normalised value and its place in the file, never the\n"
    "value: a different value at an accepted place is a new finding. A baseline works only with the key\n"
    "its report was scanned with.";

std::optional<std::string> read_all(const std::string& path, std::string* why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *why = std::strerror(errno);
    return std::nullopt;
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Baseline has no iteration (a set is all a scan needs): its file lists them.
std::vector<std::string> fingerprints_of(const Baseline& baseline) {
  return nlohmann::json::parse(baseline.to_json())["fingerprints"].get<std::vector<std::string>>();
}

// What a report holds beyond its fingerprints, for the messages of `create`.
struct ReportCounts {
  std::uint64_t listed = 0;
  std::uint64_t unlisted = 0;  // past the listing limit: counted, without fingerprints
  std::vector<std::pair<std::string, std::uint64_t>> unlisted_files;
  std::uint64_t not_checked = 0;
};

// The report has already been read by Baseline::from_report_json, so its shape is known good.
ReportCounts count_report(std::string_view text) {
  ReportCounts counts;
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_array()) return counts;
  for (const auto& file : doc["files"]) {
    if (!file.is_object()) continue;
    if (file.contains("findings") && file["findings"].is_array()) counts.listed += file["findings"].size();
    std::uint64_t unlisted = 0;
    if (file.contains("unlisted") && file["unlisted"].is_array())
      for (const auto& tally : file["unlisted"])
        if (tally.is_object() && tally.contains("count") && tally["count"].is_number_unsigned())
          unlisted += tally["count"].get<std::uint64_t>();
    if (unlisted) {
      counts.unlisted += unlisted;
      counts.unlisted_files.emplace_back(file.value("path", std::string("?")), unlisted);
    }
    const bool partly = file.contains("not_checked") && file["not_checked"].is_array() && !file["not_checked"].empty();
    counts.not_checked += partly || file.value("verdict", std::string()) == "error";
  }
  return counts;
}

// Past the listing limit a finding is counted, not listed, so it has no
// fingerprint to accept. A scan with this baseline leaves out what it accepts
// and so lists the rest: that report, reviewed, joins this one.
void warn_unlisted(const std::string& report, const BaselineArgs& args, const ReportCounts& counts) {
  if (counts.unlisted == 0) return;
  const std::string output = args.output.empty() ? "baseline.json" : args.output;
  std::cerr << fmt::format(
      "foiguard baseline create: warning: {} finding{} in {} {} past the listing limit (10,000 a file): counted, not "
      "listed, so they have no fingerprint and are NOT in the baseline:\n",
      counts.unlisted, counts.unlisted == 1 ? "" : "s", report, counts.unlisted == 1 ? "was" : "were");
  constexpr std::size_t kListed = 5;
  for (std::size_t i = 0; i < std::min(counts.unlisted_files.size(), kListed); ++i)
    std::cerr << fmt::format("  {}: {} not listed\n", counts.unlisted_files[i].first, counts.unlisted_files[i].second);
  if (counts.unlisted_files.size() > kListed)
    std::cerr << fmt::format("  ... and {} more files\n", counts.unlisted_files.size() - kListed);
  std::cerr << fmt::format(
      "  To list them: `foiguard scan --baseline {} --format json -o rest.json PATH` with the same key (what is "
      "accepted is left out, so the rest are listed); review rest.json, then `foiguard baseline create {} rest.json "
      "-o {}`\n",
      output, report, output);
}

int run_create(const BaselineArgs& args) {
  Baseline baseline;
  std::uint64_t listed = 0;
  for (const auto& report : args.reports) {
    std::string why;
    const auto text = read_all(report, &why);
    if (!text) {
      std::cerr << fmt::format("foiguard baseline create: cannot read {}: {}\n", report, why);
      return kUsageError;
    }
    Baseline one;
    try {
      one = Baseline::from_report_json(*text, report);
    } catch (const BaselineError& e) {
      std::cerr << "foiguard baseline create: " << e.what() << '\n';
      return kUsageError;
    }
    if (!baseline.key_id().empty() && one.key_id() != baseline.key_id()) {
      std::cerr << fmt::format("foiguard baseline create: {} was scanned with fingerprint key id {}, {} with {}: "
                               "one baseline needs reports of one key; scan again with the same --key-file\n",
                               report, one.key_id(), args.reports.front(), baseline.key_id());
      return kUsageError;
    }
    baseline.set_key_id(one.key_id());
    for (auto& fp : fingerprints_of(one)) baseline.add(std::move(fp));
    const ReportCounts counts = count_report(*text);
    listed += counts.listed;
    warn_unlisted(report, args, counts);
    if (counts.not_checked)
      std::cerr << fmt::format("foiguard baseline create: note: {} file{} in {} {} not fully checked; whatever a "
                               "later scan finds in the parts not checked is new\n",
                               counts.not_checked, counts.not_checked == 1 ? "" : "s", report,
                               counts.not_checked == 1 ? "was" : "were");
  }

  const std::string json = baseline.to_json();
  if (args.output.empty()) {
    std::cout << json;
  } else {
    std::ofstream out(args.output, std::ios::binary | std::ios::trunc);
    if (!(out << json) || !out.flush()) {
      std::cerr << fmt::format("foiguard baseline create: cannot write {}: {}\n", args.output, std::strerror(errno));
      return kFailed;
    }
  }
  const std::string where = args.output.empty() ? "baseline" : args.output;
  std::cerr << fmt::format(
      "foiguard: {}: {} finding{} accepted ({} distinct fingerprint{}), fingerprint key id {}; scan with "
      "--baseline {} and that key to leave them out\n",
      where, listed, listed == 1 ? "" : "s", baseline.size(), baseline.size() == 1 ? "" : "s",
      baseline.key_id(), args.output.empty() ? "FILE" : args.output);
  return 0;
}

int run_info(const BaselineArgs& args) {
  std::string why;
  const auto text = read_all(args.file, &why);
  if (!text) {
    std::cerr << fmt::format("foiguard baseline info: cannot read {}: {}\n", args.file, why);
    return kUsageError;
  }
  Baseline baseline;
  try {
    baseline = Baseline::from_json(*text, args.file);
  } catch (const BaselineError& e) {
    std::cerr << "foiguard baseline info: " << e.what() << '\n';
    return kUsageError;
  }
  std::cout << fmt::format("{}: {} fingerprint{}, made with fingerprint key id {}\n", args.file, baseline.size(),
                           baseline.size() == 1 ? "" : "s", baseline.key_id());
  // The default key is created on first use: only a key named here is read.
  if (args.key_file.empty()) {
    std::cout << "  (pass --key-file KEY to check it against a key)\n";
    return 0;
  }
  const auto key = fingerprint_key(args.key_file);
  if (!key) return kUsageError;
  const std::string id = fingerprint_key_id(*key);
  if (id == baseline.key_id()) {
    std::cout << fmt::format("  {} (key id {}) made it: scans with this key can use it\n", args.key_file, id);
    return 0;
  }
  std::cout << fmt::format("  {} has key id {}: another key; scans with it cannot use this baseline\n", args.key_file,
                           id);
  return 1;
}

}  // namespace

CLI::App* add_baseline_command(CLI::App& app, BaselineArgs& args) {
  CLI::App* baseline =
      app.add_subcommand("baseline", "Accept reviewed findings, so that later scans report only new ones");
  baseline->require_subcommand(1);
  baseline->footer(std::string("\n") + kWorkflow);
  args.create = baseline->add_subcommand(
      "create", "Record the fingerprints of every finding of a JSON report (foiguard scan --format json)");
  args.create->add_option("REPORT", args.reports, "The reviewed JSON reports (of scans with one key)")
      ->required()
      ->type_name("");
  args.create->add_option("--output,-o", args.output, "Write the baseline to FILE instead of standard output")
      ->type_name("FILE");
  args.info = baseline->add_subcommand("info", "Say how many fingerprints a baseline holds and which key made it");
  args.info->add_option("BASELINE", args.file, "A baseline file")->required()->type_name("");
  args.info->add_option("--key-file", args.key_file, "Check the baseline against this key (exit 1: another key)")
      ->type_name("FILE");
  return baseline;
}

int run_baseline(const BaselineArgs& args) {
  if (args.create && *args.create) return run_create(args);
  if (args.info && *args.info) return run_info(args);
  return kUsageError;
}

std::shared_ptr<const Baseline> load_baseline(const std::string& path, const std::string& key) {
  if (path.empty()) return nullptr;
  std::string why;
  const auto text = read_all(path, &why);
  if (!text) throw BaselineError(fmt::format("cannot read --baseline {}: {}", path, why));
  auto baseline = std::make_shared<Baseline>(Baseline::from_json(*text, path));
  if (key.empty())
    throw BaselineError(fmt::format("{}: this scan has no fingerprint key, so no finding can match the baseline: pass "
                                    "--key-file with the key it was made with (key id {})",
                                    path, baseline->key_id()));
  const std::string id = fingerprint_key_id(key);
  if (id != baseline->key_id())
    throw BaselineError(fmt::format(
        "{} was made with the fingerprint key whose id is {}, but this scan's key has id {}: pass that key with "
        "--key-file (or FOIGUARD_KEY_FILE), or make a new baseline from a report scanned with this key "
        "(`foiguard baseline info --key-file KEY {}` checks a key)",
        path, baseline->key_id(), id, path));
  return baseline;
}

}  // namespace foiguard::cli
