// Finding: one piece of exposed personal data, with how sure we are, how bad it
// is, where it is and how hidden it is. A Finding never holds the raw value
// unless the caller asked for values (DetectOptions::keep_values).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foiguard/location.hpp"
#include "foiguard/visibility.hpp"

namespace foiguard {

enum class Category : std::uint8_t {
  person_name,
  rank,
  pay_number,
  warrant_number,
  staff_number,
  collar_number,
  vetting_level,
  sensitive_unit,
  nino,
  nhs_number,
  date_of_birth,
  postal_address,
  postcode,
  email,
  phone,
  salary,
  bank_account,
};

enum class Confidence : std::uint8_t { low, medium, high };
enum class Severity : std::uint8_t { info, low, medium, high, critical };

// The file verdict. Ordered: a larger value is worse, except that `error`
// (could not be checked at all) is reported separately from the others.
enum class Verdict : std::uint8_t { clean, review, block, error };

std::string_view to_string(Category c);
std::string_view to_string(Confidence c);
std::string_view to_string(Severity s);
std::string_view to_string(Verdict v);
std::optional<Category> parse_category(std::string_view name);
std::optional<Confidence> parse_confidence(std::string_view name);
std::optional<Verdict> parse_verdict(std::string_view name);

// True for the categories that identify police personnel specifically
// (rank, pay/warrant/staff/collar number, vetting level, sensitive unit).
bool is_personnel_attribute(Category c);

struct Finding {
  Category category = Category::person_name;
  std::string rule;                 // rule id, e.g. "name.rank_prefix"
  Confidence confidence = Confidence::low;
  Severity severity = Severity::info;
  Visibility visibility = Visibility::visible;
  Location location;
  std::string masked;               // value with most characters replaced by '*'
  std::string fingerprint;          // keyed hash of rule + normalised value + location; hex
  std::string context;              // what raised it: "rank prefix 'DS'; column 'Pay No'"
  std::vector<std::string> evidence;  // every +/- step of the confidence, for --explain
  std::uint32_t record = 0;         // 1-based personnel-record id within the file; 0 = none
  bool sensitive_person = false;    // a roster match of a person flagged sensitive (covert, CT)
  std::string value;                // raw value: empty unless DetectOptions::keep_values
};

}  // namespace foiguard
