// Rules are data: a TOML rules file (the built-in one is compiled into the
// library) lists text rules (an RE2 pattern plus validator and context) and
// column rules (a column header vocabulary plus a cell shape).
//
// RuleSet::builtin() never fails; RuleSet::from_toml() throws RuleError with
// the origin and line of the first problem.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "foiguard/finding.hpp"

namespace foiguard {

class RuleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A rule over free text. The pattern is RE2 syntax after macro expansion
// ({RANK}, {NAME}, ... from the file's [macros] table). Named groups
// (?P<name>..), (?P<rank>..), (?P<number>..), (?P<value>..) split a match into
// several findings; without groups the whole match is the value.
struct TextRule {
  std::string id;
  Category category = Category::person_name;
  std::string pattern;                 // expanded RE2 pattern
  std::string validator;               // "" or a validator name (see validators.hpp)
  std::vector<std::string> keywords;   // context keywords, whole words, case-insensitive
  std::uint32_t window = 60;           // characters either side searched for keywords
  bool context_required = false;       // no keyword and no matching header: no finding
  Confidence confidence = Confidence::medium;      // without context
  Confidence with_context = Confidence::high;      // with a keyword or matching header
  std::vector<std::string> ambiguous;  // prefixes that only count with corroboration ("PC")
  std::string description;
  std::string example;                 // a string the rule fires on (tested)
};

// A rule over table columns: when a column header matches, each conforming
// cell of that column is a finding without any regex.
struct ColumnRule {
  std::string id;
  Category category = Category::person_name;
  std::vector<std::string> headers;    // normalised header phrases ("pay no", "surname")
  std::string shape;                   // "name", "initial", "digits", "id", "rank", "vetting", "date", "amount"
  std::uint32_t min_length = 1;
  std::uint32_t max_length = 64;
  Confidence confidence = Confidence::high;
  std::string description;
};

struct RuleSet {
  std::vector<TextRule> text_rules;
  std::vector<ColumnRule> column_rules;
  std::vector<std::string> ranks;          // rank vocabulary (also used by the "rank" shape)
  std::vector<std::string> vetting_levels; // vetting vocabulary (the "vetting" shape)
  std::vector<std::string> not_names;      // capitalised words that are never names ("Total")
  std::vector<Category> attribute_only;     // not personal data alone (rank, unit, ...)
  std::vector<Category> record_completing;  // name + one of these = personnel record
  std::vector<Category> block_alone;        // BLOCK alone at high confidence (nino, ...)
  std::string version;                     // changes whenever the rules change

  static RuleSet builtin();
  static RuleSet from_toml(std::string_view toml_text, std::string_view origin);
  static std::string_view builtin_toml();
};

}  // namespace foiguard
