// Loads a rules file (TOML) into a RuleSet: expands {{MACRO}} references,
// checks every field, and reports problems with the origin and line.
#include "foiguard/rules.hpp"

#include "detect/rule_parsing.hpp"
#include "detect/validators.hpp"

#include <fmt/format.h>
#include <openssl/sha.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

namespace foiguard {
namespace {

std::string where(std::string_view origin, const toml::node& node) {
  const auto& src = node.source();
  return fmt::format("{}:{}", origin, src.begin.line);
}

[[noreturn]] void fail(std::string_view origin, const toml::node& node, std::string_view what) {
  throw RuleError(fmt::format("{}: {}", where(origin, node), what));
}

// Macros may use other macros; toml++ does not keep the file's key order, so
// references are resolved at use, with a bound against cycles.
std::string expand_macros(std::string text, const std::map<std::string, std::string>& macros,
                          std::string_view origin, const toml::node& node) {
  for (int replacements = 0; replacements < 1000; ++replacements) {
    const auto open = text.find("{{");
    if (open == std::string::npos) return text;
    const auto close = text.find("}}", open);
    if (close == std::string::npos) fail(origin, node, "unterminated {{macro}}");
    const std::string name = text.substr(open + 2, close - open - 2);
    const auto it = macros.find(name);
    if (it == macros.end()) fail(origin, node, fmt::format("unknown macro {{{{{}}}}}", name));
    text.replace(open, close - open + 2, it->second);
    if (text.size() > (1u << 20)) fail(origin, node, "macro expansion too large");
  }
  fail(origin, node, "macros refer to each other in a cycle");
}

std::vector<std::string> string_list(const toml::node_view<const toml::node> view,
                                     std::string_view origin, std::string_view field) {
  std::vector<std::string> out;
  if (!view) return out;
  const auto* arr = view.as_array();
  if (!arr) fail(origin, *view.node(), fmt::format("'{}' must be a list of strings", field));
  for (const auto& item : *arr) {
    const auto* s = item.as_string();
    if (!s) fail(origin, item, fmt::format("'{}' must be a list of strings", field));
    out.push_back(s->get());
  }
  return out;
}

Category category_field(const toml::table& t, std::string_view origin) {
  const auto* s = t["category"].as_string();
  if (!s) fail(origin, t, "missing 'category'");
  const auto c = parse_category(s->get());
  if (!c) fail(origin, *s, fmt::format("unknown category '{}'", s->get()));
  return *c;
}

Confidence confidence_field(const toml::table& t, std::string_view key, Confidence fallback,
                            std::string_view origin) {
  const auto node = t[key];
  if (!node) return fallback;
  const auto* s = node.as_string();
  const auto c = s ? parse_confidence(s->get()) : std::nullopt;
  if (!c) fail(origin, *node.node(), fmt::format("'{}' must be low, medium or high", key));
  return *c;
}

std::string string_field(const toml::table& t, std::string_view key, std::string_view origin,
                         bool required) {
  const auto node = t[key];
  if (!node) {
    if (required) fail(origin, t, fmt::format("missing '{}'", key));
    return {};
  }
  const auto* s = node.as_string();
  if (!s) fail(origin, *node.node(), fmt::format("'{}' must be a string", key));
  return s->get();
}

std::uint32_t uint_field(const toml::table& t, std::string_view key, std::uint32_t fallback,
                         std::string_view origin) {
  const auto node = t[key];
  if (!node) return fallback;
  const auto* v = node.as_integer();
  if (!v || v->get() < 0 || v->get() > 100000)
    fail(origin, *node.node(), fmt::format("'{}' must be a whole number from 0 to 100000", key));
  return static_cast<std::uint32_t>(v->get());
}

}  // namespace

namespace detect {

std::map<std::string, std::string> parse_macros(const toml::table& doc, std::string_view origin) {
  std::map<std::string, std::string> macros;
  if (const auto* m = doc["macros"].as_table()) {
    for (const auto& [key, value] : *m) {
      const auto* s = value.as_string();
      if (!s) fail(origin, value, "macros must be strings");
      macros[std::string(key.str())] = s->get();
    }
  }
  return macros;
}

TextRule parse_text_rule(const toml::table& t, const std::map<std::string, std::string>& macros,
                         std::string_view origin) {
  TextRule r;
  r.id = string_field(t, "id", origin, true);
  r.category = category_field(t, origin);
  r.pattern = expand_macros(string_field(t, "pattern", origin, true), macros, origin, t);
  r.validator = string_field(t, "validator", origin, false);
  r.keywords = string_list(t["keywords"], origin, "keywords");
  for (auto& k : r.keywords)
    for (auto& ch : k) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  r.window = uint_field(t, "window", 60, origin);
  if (const auto* b = t["context_required"].as_boolean()) r.context_required = b->get();
  r.confidence = confidence_field(t, "confidence", Confidence::medium, origin);
  r.with_context = confidence_field(t, "with_context", r.confidence, origin);
  r.ambiguous = string_list(t["ambiguous"], origin, "ambiguous");
  r.description = string_field(t, "description", origin, false);
  r.example = string_field(t, "example", origin, false);
  if (r.context_required && r.keywords.empty())
    fail(origin, t, fmt::format("rule '{}': context_required needs keywords", r.id));
  return r;
}

}  // namespace detect

namespace {

ColumnRule parse_column_rule(const toml::table& t, std::string_view origin) {
  ColumnRule c;
  c.id = string_field(t, "id", origin, true);
  c.category = category_field(t, origin);
  c.shape = string_field(t, "shape", origin, true);
  if (!detect::parse_shape(c.shape))
    fail(origin, t, fmt::format("column '{}': unknown shape '{}'", c.id, c.shape));
  c.headers = string_list(t["headers"], origin, "headers");
  if (c.headers.empty()) fail(origin, t, fmt::format("column '{}': needs headers", c.id));
  c.min_length = uint_field(t, "min_length", 1, origin);
  c.max_length = uint_field(t, "max_length", 64, origin);
  c.confidence = confidence_field(t, "confidence", Confidence::high, origin);
  c.description = string_field(t, "description", origin, false);
  return c;
}

std::vector<Category> category_list(const toml::table& doc, std::string_view key,
                                    std::string_view origin) {
  std::vector<Category> out;
  for (const auto& name : string_list(doc["categories"][key], origin, key)) {
    const auto c = parse_category(name);
    if (!c) throw RuleError(fmt::format("{}: unknown category '{}' in [categories] {}", origin, name, key));
    out.push_back(*c);
  }
  return out;
}

std::string content_version(std::string_view declared, std::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string hex;
  for (int i = 0; i < 6; ++i) hex += fmt::format("{:02x}", digest[i]);
  return fmt::format("{}+{}", declared.empty() ? "custom" : declared, hex);
}

}  // namespace

RuleSet RuleSet::from_toml(std::string_view toml_text, std::string_view origin) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    throw RuleError(fmt::format("{}:{}: {}", origin, e.source().begin.line, e.description()));
  }
  RuleSet set;
  const std::map<std::string, std::string> macros = detect::parse_macros(doc, origin);
  if (const auto* rules = doc["rule"].as_array()) {
    for (const auto& node : *rules) {
      const auto* t = node.as_table();
      if (!t) fail(origin, node, "[[rule]] must be a table");
      set.text_rules.push_back(detect::parse_text_rule(*t, macros, origin));
    }
  }
  if (const auto* cols = doc["column"].as_array()) {
    for (const auto& node : *cols) {
      const auto* t = node.as_table();
      if (!t) fail(origin, node, "[[column]] must be a table");
      set.column_rules.push_back(parse_column_rule(*t, origin));
    }
  }
  const toml::table& cdoc = doc;
  set.ranks = string_list(cdoc["vocabulary"]["ranks"], origin, "ranks");
  set.vetting_levels = string_list(cdoc["vocabulary"]["vetting_levels"], origin, "vetting_levels");
  set.not_names = string_list(cdoc["vocabulary"]["not_names"], origin, "not_names");
  set.attribute_only = category_list(doc, "attribute_only", origin);
  set.record_completing = category_list(doc, "record_completing", origin);
  set.block_alone = category_list(doc, "block_alone", origin);
  std::map<std::string, int> seen;
  for (const auto& r : set.text_rules)
    if (seen[r.id]++) throw RuleError(fmt::format("{}: duplicate rule id '{}'", origin, r.id));
  for (const auto& c : set.column_rules)
    if (seen[c.id]++) throw RuleError(fmt::format("{}: duplicate rule id '{}'", origin, c.id));
  set.version = content_version(string_field(doc, "version", origin, false), toml_text);
  return set;
}

RuleSet RuleSet::builtin() {
  static const RuleSet rules = from_toml(builtin_toml(), "builtin_rules.toml");
  return rules;
}

}  // namespace foiguard
