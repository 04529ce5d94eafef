// `foiguard scan`: its options and its run. It wires library pieces only:
// walk the paths, scan them on a pool (through the cache when one is given),
// print the report in the chosen format, exit with the documented code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace foiguard::cli {

struct ScanArgs {
  std::vector<std::string> paths;
  std::string files_from;   // a file of paths, one a line; "-" is stdin
  std::string format = "human";
  std::string output;       // report file; stdout when empty
  bool show_values = false;
  bool explain = false;
  std::string fail_on = "block";
  std::string min_confidence = "medium";
  std::string key_file;
  std::string roster;       // hashed staff roster (roster_command.hpp); keyed by key_file
  std::string color = "auto";
  std::string progress = "auto";
  bool quiet = false;
  bool all = false;
  unsigned jobs = 0;        // 0: one per core
  std::vector<std::string> excludes;
  bool no_ignore_files = false;
  bool follow_symlinks = false;
  std::uint64_t max_file_size = 0;  // 0: the library's limit
  std::string shard;        // "K/N"
  std::string cache;        // SQLite file
  std::string baseline;     // accepted findings (`foiguard baseline create`)
  std::string policy;       // policy file (TOML); else $FOIGUARD_POLICY
  bool fail_on_given = false;         // given on the command line: wins over the policy
  bool min_confidence_given = false;
};

// The "Exit codes:" block of --help.
const char* exit_codes_help();
// Adds the `scan` subcommand and its options to `app`.
CLI::App* add_scan_command(CLI::App& app, ScanArgs& args);
// Runs it; returns the exit code.
int run_scan(const ScanArgs& args);

}  // namespace foiguard::cli
