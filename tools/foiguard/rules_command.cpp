#include "rules_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "foiguard/foiguard.hpp"

namespace foiguard::cli {

namespace {

constexpr int kUsageError = 2;

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& item : items) quoted.push_back(fmt::format("\"{}\"", item));
  return join(quoted, ", ");
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::optional<std::string> read_bytes(const std::string& path, std::string* why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *why = std::strerror(errno);
    return std::nullopt;
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// ---------------------------------------------------------------- rules list

struct Row {
  std::string id, category, description, example;
};

void print_rows(const std::vector<Row>& rows) {
  std::size_t id_width = 2, category_width = 8;
  for (const auto& row : rows) {
    id_width = std::max(id_width, row.id.size());
    category_width = std::max(category_width, row.category.size());
  }
  std::cout << fmt::format("{:<{}}  {:<{}}  {}\n", "ID", id_width, "CATEGORY", category_width, "DESCRIPTION");
  for (const auto& row : rows) {
    std::cout << fmt::format("{:<{}}  {:<{}}  {}\n", row.id, id_width, row.category, category_width, row.description);
    if (!row.example.empty()) std::cout << fmt::format("{:<{}}  {}\n", "", id_width + 2 + category_width, row.example);
  }
}

void print_allowlist(const Policy& policy) {
  if (!policy.allowlist || policy.allowlist->empty()) return;
  std::cout << fmt::format("\nAllowed by {} (left out of every scan where they apply):\n", policy.origin);
  for (const auto& entry : policy.allowlist->entries()) {
    std::cout << fmt::format("  {}\n", entry.origin);
    if (!entry.values.empty()) std::cout << fmt::format("    values:   {}\n", quoted_list(entry.values));
    if (!entry.patterns.empty()) std::cout << fmt::format("    patterns: {}\n", quoted_list(entry.patterns));
    std::cout << fmt::format("    rules:    {}\n", entry.rules.empty() ? "all" : join(entry.rules, ", "));
    std::cout << fmt::format("    paths:    {}\n", entry.paths.empty() ? "every file" : join(entry.paths, ", "));
    std::cout << fmt::format("    reason:   {}\n", entry.reason);
  }
}

// Thresholds and limits the policy sets (flags given to `scan` win).
void print_settings(const Policy& policy) {
  std::vector<std::string> settings;
  if (policy.fail_on) settings.push_back(fmt::format("fail_on {}", to_string(*policy.fail_on)));
  if (policy.min_confidence) settings.push_back(fmt::format("min_confidence {}", to_string(*policy.min_confidence)));
  if (policy.max_file_size) settings.push_back(fmt::format("max_file_size {} bytes", *policy.max_file_size));
  if (policy.max_findings) settings.push_back(fmt::format("max_findings {}", *policy.max_findings));
  if (!settings.empty())
    std::cout << fmt::format("{} sets {} (flags given to `foiguard scan` win)\n", policy.origin, join(settings, ", "));
}

int run_list(const Policy& policy) {
  const RuleSet base = RuleSet::builtin();
  const bool has_policy = !policy.origin.empty();
  std::vector<Row> rows;
  const auto mark = [&](const std::string& id, const std::string& description) {
    if (contains(policy.disabled, id)) return "[disabled by policy] " + description;
    if (contains(policy.custom, id)) return "[policy] " + description;
    return description;
  };
  const auto text_row = [&](const TextRule& r) {
    rows.push_back({r.id, std::string(to_string(r.category)), mark(r.id, r.description),
                    r.example.empty() ? "" : fmt::format("e.g. \"{}\"", r.example)});
  };
  for (const auto& r : base.text_rules) text_row(r);
  for (const auto& r : policy.rules.text_rules)
    if (contains(policy.custom, r.id)) text_row(r);
  for (const auto& r : base.column_rules)
    rows.push_back({r.id, std::string(to_string(r.category)), mark(r.id, r.description),
                    fmt::format("columns: {}", join(r.headers, ", "))});
  print_rows(rows);
  print_allowlist(policy);
  std::cout << fmt::format("\n{} text rules and {} column rules", policy.rules.text_rules.size(),
                           policy.rules.column_rules.size());
  if (has_policy)
    std::cout << fmt::format(" ({} built-in rule{} disabled, {} added by {})", policy.disabled.size(),
                             policy.disabled.size() == 1 ? "" : "s", policy.custom.size(), policy.origin);
  std::cout << fmt::format(", rules version {}\n", policy.rules.version);
  print_settings(policy);
  return 0;
}

// ---------------------------------------------------------------- rules test

// The key as `roster build` takes it: --key-file, else $FOIGUARD_KEY_FILE; raw bytes.
std::shared_ptr<const Roster> load_roster(const RulesArgs& args) {
  if (args.roster.empty()) return nullptr;
  std::string key_file = args.key_file;
  if (const char* env = std::getenv("FOIGUARD_KEY_FILE"); key_file.empty() && env) key_file = env;
  if (key_file.empty()) throw RosterError("--roster needs --key-file (the roster's key)");
  std::string why;
  const auto key = read_bytes(key_file, &why);
  if (!key) throw RosterError(fmt::format("cannot read --key-file {}: {}", key_file, why));
  const auto bytes = read_bytes(args.roster, &why);
  if (!bytes) throw RosterError(fmt::format("cannot read --roster {}: {}", args.roster, why));
  return std::make_shared<const Roster>(Roster::load(*bytes, *key));
}

int run_test(const Policy& policy, const RulesArgs& args) {
  std::shared_ptr<const Roster> roster;
  try {
    roster = load_roster(args);
  } catch (const RosterError& e) {
    std::cerr << "foiguard rules test: " << e.what() << '\n';
    return kUsageError;
  }
  const Detector detector(policy.rules, roster);
  DetectOptions options;
  options.min_confidence = Confidence::low;  // show everything; say what a scan would drop
  options.keep_values = true;                // the user typed the text
  options.explain = true;
  const Confidence scan_minimum = policy.min_confidence.value_or(Confidence::medium);
  const AllowScope scope = policy.allowlist ? policy.allowlist->scope_for(args.path) : AllowScope();
  const std::vector<Finding> findings = detector.detect(TextBatch::from_lines(args.text), options);
  if (findings.empty()) {
    std::cout << "nothing fires\n";
    return 0;
  }
  std::size_t allowed = 0, below = 0;
  for (const auto& f : findings) {
    std::cout << fmt::format("{}  {}  {}  \"{}\"  {}\n", f.rule, to_string(f.category), to_string(f.confidence),
                             f.value, describe(f.location));
    if (!f.context.empty()) std::cout << fmt::format("  why: {}\n", f.context);
    for (const auto& step : f.evidence) std::cout << fmt::format("  evidence: {}\n", step);
    if (f.confidence < scan_minimum) {
      ++below;
      std::cout << fmt::format("  dropped: below min_confidence {}\n", to_string(scan_minimum));
    }
    if (scope.allows(f.rule, f.category, f.value)) {
      ++allowed;
      // The entry's origin is found again for the message: scope.reason() gives only the reason.
      std::string origin;
      for (const auto& entry : policy.allowlist->entries()) {
        if (const AllowScope one = Allowlist(std::vector<AllowEntry>{entry}).scope_for(args.path);
            one.allows(f.rule, f.category, f.value)) {
          origin = entry.origin;
          break;
        }
      }
      std::cout << fmt::format("  allowed by {}: {}\n", origin, scope.reason(f.rule, f.category, f.value));
    }
  }
  std::cout << fmt::format("\n{} finding{}", findings.size(), findings.size() == 1 ? "" : "s");
  if (allowed) std::cout << fmt::format("; {} allowed by {} (a scan leaves them out)", allowed, policy.origin);
  if (below)
    std::cout << fmt::format("; {} below min_confidence {} (a scan drops them)", below, to_string(scan_minimum));
  std::cout << '\n';
  return 0;
}

}  // namespace

std::optional<Policy> load_policy(const std::string& flag, std::string_view command) {
  std::string path = flag;
  if (path.empty()) {
    const char* env = std::getenv("FOIGUARD_POLICY");
    if (env && env[0] != '\0') path = env;
  }
  try {
    return path.empty() ? Policy::none() : Policy::from_file(path);
  } catch (const RuleError& e) {
    std::cerr << fmt::format("foiguard {}: {}\n", command, e.what());
    return std::nullopt;
  }
}

RulesCommand add_rules_command(CLI::App& app, RulesArgs& args) {
  RulesCommand command;
  command.rules =
      app.add_subcommand("rules", "Show the detection rules (built-in and a policy's) and try them on a text");
  command.rules->require_subcommand(1);
  command.list = command.rules->add_subcommand(
      "list", "List every rule: id, category, description, example; and a policy's changes and allowlist");
  command.test = command.rules->add_subcommand(
      "test", "Run the rules on TEXT and show what fires and why (values are shown: you typed them)");
  const std::string policy_help = "Policy file (TOML) whose rules and allowlist to use; default: $FOIGUARD_POLICY";
  for (CLI::App* sub : {command.list, command.test})
    sub->add_option("--policy", args.policy, policy_help)->type_name("FILE");
  command.test->add_option("TEXT", args.text, "The text to try (lines separated by newlines)")
      ->required()
      ->type_name("");
  command.test->add_option("--path", args.path, "As if the text were in this file: allow entries limited by paths")
      ->type_name("PATH");
  command.test->add_option("--roster", args.roster, "Also match the staff of this roster (foiguard roster build)")
      ->type_name("FILE");
  command.test->add_option("--key-file", args.key_file, "The roster's key; default: $FOIGUARD_KEY_FILE")
      ->type_name("FILE");
  return command;
}

int run_rules(const RulesCommand& command, const RulesArgs& args) {
  const std::string_view name = *command.list ? "rules list" : "rules test";
  const std::optional<Policy> policy = load_policy(args.policy, name);
  if (!policy) return kUsageError;
  return *command.list ? run_list(*policy) : run_test(*policy, args);
}

}  // namespace foiguard::cli
