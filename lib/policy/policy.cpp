// Reads a policy file (policy.hpp): every table and key is checked against
// what a policy may hold, so a typo is an error at its line rather than a
// setting silently ignored. Custom rules go through the built-in rules file's
// own parser (detect/rule_parsing.hpp) and must fire on their examples.
#include "foiguard/policy.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <sstream>

#include "detect/rule_parsing.hpp"
#include "detect/validators.hpp"
#include "foiguard/detector.hpp"
#include "scan/content_hash.hpp"

namespace foiguard {

namespace {

// ---------------------------------------------------------------- errors

std::string where(std::string_view origin, const toml::source_region& source) {
  return fmt::format("{}:{}", origin, source.begin.line);
}

[[noreturn]] void fail(std::string_view origin, const toml::source_region& source, std::string_view what) {
  throw RuleError(fmt::format("{}: {}", where(origin, source), what));
}

[[noreturn]] void fail(std::string_view origin, const toml::node& node, std::string_view what) {
  fail(origin, node.source(), what);
}

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (const auto item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

// Every key of `table` must be one of `known`.
void check_keys(const toml::table& table, const std::vector<std::string_view>& known, std::string_view section,
                std::string_view origin) {
  for (const auto& [key, value] : table) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    fail(origin, key.source().begin.line ? key.source() : value.source(),
         fmt::format("unknown key '{}' in {} (it may hold: {})", key.str(), section, join(known)));
  }
}

const toml::table& table_at(const toml::node& node, std::string_view section, std::string_view origin) {
  const auto* table = node.as_table();
  if (!table) fail(origin, node, fmt::format("{} must be a table", section));
  return *table;
}

struct Item {
  std::string text;
  toml::source_region source;
};

// A list of strings, each with its own line.
std::vector<Item> string_items(const toml::node& node, std::string_view what, std::string_view origin) {
  const auto* array = node.as_array();
  if (!array) fail(origin, node, fmt::format("{} must be a list of strings", what));
  std::vector<Item> out;
  for (const auto& element : *array) {
    const auto* s = element.as_string();
    if (!s) fail(origin, element, fmt::format("{} must be a list of strings", what));
    out.push_back({s->get(), element.source()});
  }
  return out;
}

std::vector<std::string> texts(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.text);
  return out;
}

std::string string_value(const toml::node& node, std::string_view what, std::string_view origin) {
  const auto* s = node.as_string();
  if (!s) fail(origin, node, fmt::format("{} must be a string", what));
  return s->get();
}

// ---------------------------------------------------------------- rules

bool base_has(const RuleSet& rules, std::string_view id) {
  return std::any_of(rules.text_rules.begin(), rules.text_rules.end(), [&](const TextRule& r) { return r.id == id; }) ||
         std::any_of(rules.column_rules.begin(), rules.column_rules.end(),
                     [&](const ColumnRule& r) { return r.id == id; });
}

// [rules] disable = [...] or enable_only = [...]: ids of base rules.
std::set<std::string> rules_to_drop(const toml::table& section, const RuleSet& base, std::string_view origin) {
  check_keys(section, {"disable", "enable_only"}, "[rules]", origin);
  const auto* disable = section.get("disable");
  const auto* enable_only = section.get("enable_only");
  if (disable && enable_only)
    fail(origin, *enable_only, "[rules] holds both disable and enable_only: use one of them");
  const toml::node* list = disable ? disable : enable_only;
  if (!list) return {};
  const std::string_view key = disable ? "disable" : "enable_only";
  std::set<std::string> named;
  for (const auto& item : string_items(*list, fmt::format("[rules] {}", key), origin)) {
    if (!base_has(base, item.text))
      fail(origin, item.source,
           fmt::format("unknown rule '{}' in [rules] {} (`foiguard rules list` shows the rule ids)", item.text, key));
    named.insert(item.text);
  }
  if (disable) return named;
  std::set<std::string> drop;
  for (const auto& r : base.text_rules)
    if (!named.count(r.id)) drop.insert(r.id);
  for (const auto& r : base.column_rules)
    if (!named.count(r.id)) drop.insert(r.id);
  return drop;
}

const std::vector<std::string_view> kRuleKeys = {"id",          "category",   "pattern",          "keywords",
                                                 "window",      "confidence", "with_context",     "context_required",
                                                 "validator",   "ambiguous",  "description",      "example"};

RE2::Options pattern_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);  // as the Detector compiles rules
  return options;
}

TextRule custom_rule(const toml::table& table, const std::map<std::string, std::string>& macros,
                     const RuleSet& base, const std::vector<TextRule>& earlier, std::string_view origin) {
  check_keys(table, kRuleKeys, "[[rule]]", origin);
  if (const auto* flag = table.get("context_required"); flag && !flag->is_boolean())
    fail(origin, *flag, "'context_required' must be true or false");
  TextRule rule = detect::parse_text_rule(table, macros, origin);
  const auto& id_node = *table.get("id");
  if (rule.id.find('.') == std::string::npos || rule.id.front() == '.' || rule.id.back() == '.')
    fail(origin, id_node,
         fmt::format("custom rule id '{}' needs a dot inside, e.g. 'local.{}' (names without one are categories)",
                     rule.id, rule.id));
  if (base_has(base, rule.id))
    fail(origin, id_node,
         fmt::format("custom rule id '{}' is a built-in rule's: choose another id (to replace the built-in "
                     "rule, also add it to [rules] disable)",
                     rule.id));
  if (std::any_of(earlier.begin(), earlier.end(), [&](const TextRule& r) { return r.id == rule.id; }))
    fail(origin, id_node, fmt::format("duplicate rule id '{}'", rule.id));
  if (!rule.validator.empty() && !detect::is_known_validator(rule.validator))
    fail(origin, *table.get("validator"), fmt::format("rule '{}': unknown validator '{}'", rule.id, rule.validator));
  const RE2 compiled(rule.pattern, pattern_options());
  if (!compiled.ok())
    fail(origin, *table.get("pattern"),
         fmt::format("rule '{}': the pattern does not compile: {}", rule.id, compiled.error()));
  if (rule.example.empty())
    fail(origin, table,
         fmt::format("rule '{}' needs an example: a text it fires on (checked each time the policy is read)",
                     rule.id));
  return rule;
}

// Each custom rule must fire on its example with the policy's whole rule set,
// as `rules test` would show it.
void check_examples(const RuleSet& rules, const std::vector<toml::source_region>& sources, std::size_t first_custom,
                    std::string_view origin) {
  std::unique_ptr<Detector> detector;
  try {
    detector = std::make_unique<Detector>(rules);
  } catch (const RuleError& e) {
    throw RuleError(fmt::format("{}: {}", origin, e.what()));
  }
  DetectOptions options;
  options.min_confidence = Confidence::low;
  options.render_limit = 0;
  for (std::size_t i = first_custom; i < rules.text_rules.size(); ++i) {
    const TextRule& rule = rules.text_rules[i];
    bool fired = false;
    detector->detect(TextBatch::from_lines(rule.example), options, [&](const Finding& f) { fired |= f.rule == rule.id; });
    if (!fired)
      fail(origin, sources[i - first_custom],
           fmt::format("rule '{}' does not fire on its own example \"{}\" (check the pattern, the validator and "
                       "context_required; or a rule of the same category already finds that text)",
                       rule.id, rule.example));
  }
}

// ---------------------------------------------------------------- allow

// The rule ids of roster matches (kRosterRules, roster.hpp) are in no RuleSet,
// yet an entry may name them: the Chief Constable is on the roster too.

const std::vector<std::string_view> kAllowKeys = {"values", "patterns", "paths", "rules", "categories", "reason"};

AllowEntry allow_entry(const toml::table& table, const RuleSet& rules, std::string_view origin) {
  check_keys(table, kAllowKeys, "[[allow]]", origin);
  AllowEntry entry;
  entry.origin = where(origin, table.source());
  if (const auto* node = table.get("values")) entry.values = texts(string_items(*node, "[[allow]] values", origin));
  if (const auto* node = table.get("patterns")) {
    for (const auto& item : string_items(*node, "[[allow]] patterns", origin)) {
      const RE2 compiled(item.text, pattern_options());
      if (!compiled.ok())
        fail(origin, item.source, fmt::format("allow pattern '{}' does not compile: {}", item.text, compiled.error()));
      entry.patterns.push_back(item.text);
    }
  }
  if (entry.values.empty() && entry.patterns.empty())
    fail(origin, table, "an [[allow]] needs values or patterns (the public names or numbers it allows)");
  if (const auto* node = table.get("paths")) entry.paths = texts(string_items(*node, "[[allow]] paths", origin));
  if (const auto* node = table.get("rules")) {
    for (const auto& item : string_items(*node, "[[allow]] rules", origin)) {
      const bool known = std::any_of(rules.text_rules.begin(), rules.text_rules.end(),
                                     [&](const TextRule& r) { return r.id == item.text; }) ||
                         std::any_of(rules.column_rules.begin(), rules.column_rules.end(),
                                     [&](const ColumnRule& r) { return r.id == item.text; }) ||
                         parse_category(item.text).has_value() ||
                         std::find(std::begin(kRosterRules), std::end(kRosterRules), item.text) != std::end(kRosterRules);
      if (!known)
        fail(origin, item.source,
             fmt::format("unknown rule '{}' in [[allow]] rules (not a rule of this policy nor a category)", item.text));
      entry.rules.push_back(item.text);
    }
  }
  if (const auto* node = table.get("categories")) {
    for (const auto& item : string_items(*node, "[[allow]] categories", origin)) {
      if (!parse_category(item.text))
        fail(origin, item.source, fmt::format("unknown category '{}' in [[allow]] categories", item.text));
      entry.rules.push_back(item.text);
    }
  }
  const auto* reason = table.get("reason");
  if (!reason) fail(origin, table, "an [[allow]] needs a reason (why the values may be published)");
  entry.reason = string_value(*reason, "[[allow]] reason", origin);
  return entry;
}

// ---------------------------------------------------------------- thresholds and limits

void read_thresholds(const toml::table& section, Policy& policy, std::string_view origin) {
  check_keys(section, {"fail_on", "min_confidence"}, "[thresholds]", origin);
  if (const auto* node = section.get("fail_on")) {
    const std::string value = string_value(*node, "fail_on", origin);
    if (value != "block" && value != "review")
      fail(origin, *node, fmt::format("fail_on must be \"block\" or \"review\", not \"{}\"", value));
    policy.fail_on = parse_verdict(value);
  }
  if (const auto* node = section.get("min_confidence")) {
    const std::string value = string_value(*node, "min_confidence", origin);
    policy.min_confidence = parse_confidence(value);
    if (!policy.min_confidence)
      fail(origin, *node, fmt::format("min_confidence must be \"low\", \"medium\" or \"high\", not \"{}\"", value));
  }
}

void read_limits(const toml::table& section, Policy& policy, std::string_view origin) {
  check_keys(section, {"max_file_size", "max_findings"}, "[limits]", origin);
  if (const auto* node = section.get("max_file_size")) {
    std::optional<std::uint64_t> size;
    if (const auto* n = node->as_integer(); n && n->get() > 0) size = static_cast<std::uint64_t>(n->get());
    if (const auto* s = node->as_string()) size = parse_size(s->get());
    if (!size || *size == 0)
      fail(origin, *node, "max_file_size must be a size such as \"500MB\" or \"2GB\" (or a number of bytes)");
    policy.max_file_size = size;
  }
  if (const auto* node = section.get("max_findings")) {
    const auto* n = node->as_integer();
    if (!n || n->get() < 1 || n->get() > 100'000'000)
      fail(origin, *node, "max_findings must be a whole number from 1 to 100000000");
    policy.max_findings = static_cast<std::size_t>(n->get());
  }
}

// ---------------------------------------------------------------- version

// What the policy changes in the rules, in a stable text: its digest is
// folded into the rules version, so that results cached under other rules are
// not reused. (The cache keys on the allowlist itself.)
std::string rules_digest(const Policy& policy) {
  std::string text = "disabled";
  for (const auto& id : policy.disabled) text += ' ' + id;
  text += '\n';
  for (const auto& rule : policy.rules.text_rules) {
    if (std::find(policy.custom.begin(), policy.custom.end(), rule.id) == policy.custom.end()) continue;
    text += fmt::format("rule {}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f", rule.id, to_string(rule.category),
                        rule.pattern, rule.validator, rule.window, rule.context_required, to_string(rule.confidence),
                        to_string(rule.with_context));
    for (const auto& k : rule.keywords) text += k + '\x1e';
    for (const auto& a : rule.ambiguous) text += a + '\x1d';
    text += '\n';
  }
  return scan::sha256_hex(text).substr(0, 12);
}

}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 19) return std::nullopt;
  std::uint64_t number = 0;
  for (std::size_t i = 0; i < digits; ++i) number = number * 10 + static_cast<std::uint64_t>(text[i] - '0');
  std::string unit;
  for (const char c : trim(text.substr(digits))) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!unit.empty() && unit.back() == 'b') unit.pop_back();
  if (!unit.empty() && unit.back() == 'i') unit.pop_back();
  static constexpr std::string_view kUnits = "kmgtpe";
  unsigned power = 0;
  if (unit.size() > 1) return std::nullopt;
  if (unit.size() == 1) {
    const auto at = kUnits.find(unit[0]);
    if (at == std::string_view::npos) return std::nullopt;
    power = static_cast<unsigned>(at) + 1;
  }
  for (unsigned i = 0; i < power; ++i) {
    if (number > std::numeric_limits<std::uint64_t>::max() / 1024) return std::nullopt;
    number *= 1024;
  }
  return number;
}

Policy Policy::none(RuleSet base) {
  Policy policy;
  policy.rules = std::move(base);
  return policy;
}

Policy Policy::from_toml(std::string_view text, std::string_view origin, RuleSet base) {
  toml::table doc;
  try {
    doc = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    throw RuleError(fmt::format("{}:{}: {}", origin, e.source().begin.line, e.description()));
  }
  check_keys(doc, {"rules", "rule", "allow", "thresholds", "limits", "macros"}, "a policy file", origin);

  Policy policy;
  policy.origin = std::string(origin);

  // Rules: the base minus what is turned off, then the policy's own.
  std::set<std::string> drop;
  if (const auto* node = doc.get("rules")) drop = rules_to_drop(table_at(*node, "[rules]", origin), base, origin);
  std::map<std::string, std::string> own_macros;
  if (const auto* node = doc.get("macros")) {
    table_at(*node, "[macros]", origin);
    own_macros = detect::parse_macros(doc, origin);
  }
  std::vector<TextRule> custom;
  std::vector<toml::source_region> custom_sources;
  if (const auto* node = doc.get("rule")) {
    const auto* array = node->as_array();
    if (!array) fail(origin, *node, "'rule' must be [[rule]] tables");
    // The built-in macros ({{RANK_WORD}}, ...), then the policy's own over them.
    std::map<std::string, std::string> macros;
    if (!array->empty()) {
      const std::string_view builtin = "builtin_rules.toml";
      macros = detect::parse_macros(toml::parse(RuleSet::builtin_toml(), builtin), builtin);
      for (auto& [name, value] : own_macros) macros[name] = value;
    }
    for (const auto& element : *array) {
      const toml::table& table = table_at(element, "[[rule]]", origin);
      custom.push_back(custom_rule(table, macros, base, custom, origin));
      custom_sources.push_back(table.source());
    }
  }
  for (const auto& r : base.text_rules)
    if (drop.count(r.id)) policy.disabled.push_back(r.id);
  for (const auto& r : base.column_rules)
    if (drop.count(r.id)) policy.disabled.push_back(r.id);
  policy.rules = std::move(base);
  auto& text_rules = policy.rules.text_rules;
  auto& column_rules = policy.rules.column_rules;
  const auto dropped = [&](const auto& rule) { return drop.count(rule.id) > 0; };
  text_rules.erase(std::remove_if(text_rules.begin(), text_rules.end(), dropped), text_rules.end());
  column_rules.erase(std::remove_if(column_rules.begin(), column_rules.end(), dropped), column_rules.end());
  const std::size_t first_custom = text_rules.size();
  for (auto& rule : custom) {
    policy.custom.push_back(rule.id);
    text_rules.push_back(std::move(rule));
  }
  if (!policy.custom.empty()) check_examples(policy.rules, custom_sources, first_custom, origin);

  // Allowlist.
  if (const auto* node = doc.get("allow")) {
    const auto* array = node->as_array();
    if (!array) fail(origin, *node, "'allow' must be [[allow]] tables");
    std::vector<AllowEntry> entries;
    for (const auto& element : *array)
      entries.push_back(allow_entry(table_at(element, "[[allow]]", origin), policy.rules, origin));
    if (!entries.empty()) policy.allowlist = std::make_shared<const Allowlist>(std::move(entries));
  }

  if (const auto* node = doc.get("thresholds"))
    read_thresholds(table_at(*node, "[thresholds]", origin), policy, origin);
  if (const auto* node = doc.get("limits")) read_limits(table_at(*node, "[limits]", origin), policy, origin);

  if (!policy.disabled.empty() || !policy.custom.empty()) policy.rules.version += "+policy." + rules_digest(policy);
  return policy;
}

Policy Policy::from_file(const std::string& path, RuleSet base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RuleError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw RuleError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  return from_toml(text.str(), path, std::move(base));
}

}  // namespace foiguard
