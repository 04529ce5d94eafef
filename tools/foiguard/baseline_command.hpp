// `foiguard baseline create REPORT... -o FILE` (the fingerprints of reviewed
// JSON reports), `foiguard baseline info FILE`, and the baseline that
// `scan --baseline FILE` loads, checked against the scan's fingerprint key.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "foiguard/baseline.hpp"

namespace foiguard::cli {

struct BaselineArgs {
  std::vector<std::string> reports;  // create: the JSON reports reviewed (one key)
  std::string output;    // create: the baseline file; stdout when empty
  std::string file;      // info: the baseline file
  std::string key_file;  // info: a key to check the baseline against
  CLI::App* create = nullptr;
  CLI::App* info = nullptr;
};

// Adds `baseline` and its subcommands to `app`.
CLI::App* add_baseline_command(CLI::App& app, BaselineArgs& args);
// Runs the subcommand parsed; returns the exit code.
int run_baseline(const BaselineArgs& args);

// The baseline at `path` (null when `path` is empty). Throws BaselineError
// saying what to do when it cannot be read, is not a baseline, or was made
// with another fingerprint key than `key` (the scan's).
std::shared_ptr<const Baseline> load_baseline(const std::string& path, const std::string& key);

}  // namespace foiguard::cli
