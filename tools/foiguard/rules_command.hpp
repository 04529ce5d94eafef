// `foiguard rules list` and `foiguard rules test "text"`: what the rules are
// (built-in and a policy's) and what fires on a text, and why. Also the one
// way the CLI reads a policy file (--policy FILE, else $FOIGUARD_POLICY).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "foiguard/policy.hpp"

namespace foiguard::cli {

struct RulesArgs {
  std::string policy;    // --policy FILE
  std::string text;      // rules test TEXT
  std::string path;      // rules test --path: as if the text were in this file (allow path globs)
  std::string roster;    // rules test --roster FILE
  std::string key_file;  // rules test --key-file: the roster's key
};

struct RulesCommand {
  CLI::App* rules = nullptr;
  CLI::App* list = nullptr;
  CLI::App* test = nullptr;
};

// The policy named by `flag`, else by $FOIGUARD_POLICY, else none (the
// built-in rules). nullopt after printing "foiguard COMMAND: file:line: ..."
// on stderr when it cannot be read or has an error: a usage error.
std::optional<Policy> load_policy(const std::string& flag, std::string_view command);

RulesCommand add_rules_command(CLI::App& app, RulesArgs& args);
// Runs whichever of `list` and `test` was given; returns the exit code.
int run_rules(const RulesCommand& command, const RulesArgs& args);

}  // namespace foiguard::cli
