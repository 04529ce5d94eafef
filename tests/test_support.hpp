// Shared helpers for the test suite: running the CLI, reading fixtures, and
// finding the shared corpus (tests that need it skip, saying so, when absent).
#pragma once

#include <set>
#include <string>
#include <vector>

namespace foiguard::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;   // stdout
  std::string err;   // stderr
};

// Runs the built CLI with `args` (each passed as one argument, no shell
// interpretation) and an optional stdin; captures stdout and stderr.
CommandResult run_cli(const std::vector<std::string>& args, const std::string& stdin_text = "");

std::string source_path(const std::string& relative);  // FOIGUARD_SOURCE_DIR/relative
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);
// A fresh, empty temporary directory for one test; removed at exit.
std::string temp_dir(const std::string& name);
// Gives the CLIs this test runs a fresh, empty configuration (they inherit
// this process's environment): XDG_CONFIG_HOME points at a new temporary
// folder, so the default fingerprint key is made there and not in the real
// home, and FOIGUARD_KEY_FILE and FOIGUARD_POLICY are unset. Returns the folder.
std::string isolate_cli_config(const std::string& name);
// The shared corpus directory, or "" when it is not present.
std::string corpus_dir();

// One file of the shared corpus as its MANIFEST.tsv lists it.
struct CorpusEntry {
  std::string path;                 // relative to the corpus directory
  std::set<std::string> features;   // the features column, split at commas
  std::vector<std::string> fields;  // every column, for the ones a test needs
};
// The MANIFEST entries whose path ends with one of `extensions` (".pptx").
std::vector<CorpusEntry> corpus_entries(const std::string& corpus, const std::vector<std::string>& extensions);

}  // namespace foiguard::testing
