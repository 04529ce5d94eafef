// `foiguard roster build` and `foiguard roster info`: an HR export in, a
// roster of keyed hashes out (see foiguard/roster.hpp), and the loading of a
// roster for `scan --roster`. The export is read by the library's own readers
// (CSV/TSV, XLSX, ODS); columns are found by their headers or named by flags.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "foiguard/roster.hpp"

namespace foiguard::cli {

struct RosterArgs {
  std::string input;     // build: the HR export; info: the roster file
  std::string output;    // build: the roster file to write
  std::string key_file;  // else $FOIGUARD_KEY_FILE; never the auto-created fingerprint key
  bool force = false;    // overwrite an existing roster file
  // Columns by header text (case and punctuation ignored); empty: found by header.
  std::string forename_column, surname_column, name_column, pay_column, warrant_column, collar_column, unit_column,
      sensitive_column;
  CLI::App* build = nullptr;
  CLI::App* info = nullptr;
};

// Adds `roster` with its `build` and `info` subcommands to `app`.
CLI::App* add_roster_command(CLI::App& app, RosterArgs& args);
// Runs whichever subcommand was given; returns the exit code.
int run_roster(const RosterArgs& args);

// The roster `path` under the scan's `key`; null after saying why on stderr
// (not a roster, damaged, or another key: `key_file` is what the user named,
// "" when the default key was used).
std::shared_ptr<const Roster> load_roster(const std::string& path, const std::string& key, const std::string& key_file);

}  // namespace foiguard::cli
