// Validators: checks that a regex cannot express (checksums, excluded
// prefixes, stop words) run on each text-rule hit, and the cell shapes of
// column rules. They never call a regex.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "foiguard/finding.hpp"
#include "foiguard/rules.hpp"

namespace foiguard::detect {

// A string set that can be asked about a string_view without building a
// std::string (it runs on every cell of a name column).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// Normalised vocabularies from the rules file.
struct Vocabulary {
  StringSet ranks;
  StringSet vetting_levels;
  StringSet not_names;

  static Vocabulary from(const RuleSet& rules);
};

// The outcome of validating one hit. A validator may narrow the value (a name
// loses trailing words such as "Counter Terrorism") or raise its confidence.
struct Validation {
  bool ok = true;
  std::size_t begin = 0, end = 0;          // value range in the scanned text
  std::optional<Confidence> confidence;    // overrides the rule's base when set
  std::string note;                        // evidence line when it changed something
};

// Runs the named validator on text[begin, end). `match_begin` is where the
// whole match starts (labels sit before the value). Unknown names throw
// RuleError at Detector construction, never here.
Validation validate(std::string_view validator, std::string_view text, std::size_t match_begin,
                    std::size_t begin, std::size_t end, const Vocabulary& vocab);
bool is_known_validator(std::string_view validator);

// Individual checks, exposed for tests.
bool valid_nino(std::string_view value);        // spaces allowed
bool valid_nhs_number(std::string_view value);  // spaces or hyphens allowed
bool is_role_mailbox(std::string_view email);   // foi@, enquiries@, ...

// Cell shapes of column rules, parsed once when the detector is built.
enum class Shape { name, person, initial, digits, id, rank, vetting, date, amount, nino };
std::optional<Shape> parse_shape(std::string_view name);

// Does `cell` (already trimmed) have the shape the column rule asks for?
bool cell_matches_shape(Shape shape, const ColumnRule& rule, std::string_view cell,
                        const Vocabulary& vocab);

// "t/ds" -> "ds", "acting inspector" -> "inspector": normalised rank phrase.
std::string normalize_rank(std::string_view text);
void normalize_rank(std::string_view text, std::string& out);  // reuses out's capacity

}  // namespace foiguard::detect
