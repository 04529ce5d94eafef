#include "foiguard/finding.hpp"

#include <array>
#include <cstddef>

namespace foiguard {

namespace {

// Indexed by the enums' values; the names are part of the JSON report format.
constexpr std::array<std::string_view, 17> kCategoryNames = {
    "person_name",   "rank",           "pay_number", "warrant_number", "staff_number",
    "collar_number", "vetting_level",  "sensitive_unit", "nino",       "nhs_number",
    "date_of_birth", "postal_address", "postcode",   "email",          "phone",
    "salary",        "bank_account",
};
static_assert(kCategoryNames.size() == static_cast<std::size_t>(Category::bank_account) + 1,
              "every Category needs a name");

constexpr std::array<std::string_view, 3> kConfidenceNames = {"low", "medium", "high"};
constexpr std::array<std::string_view, 5> kSeverityNames = {"info", "low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 4> kVerdictNames = {"clean", "review", "block", "error"};
static_assert(kVerdictNames.size() == static_cast<std::size_t>(Verdict::error) + 1);

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("unknown");
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Category c) { return name_of(kCategoryNames, c); }
std::string_view to_string(Confidence c) { return name_of(kConfidenceNames, c); }
std::string_view to_string(Severity s) { return name_of(kSeverityNames, s); }
std::string_view to_string(Verdict v) { return name_of(kVerdictNames, v); }

std::optional<Category> parse_category(std::string_view name) {
  return parse_name<Category>(kCategoryNames, name);
}
std::optional<Confidence> parse_confidence(std::string_view name) {
  return parse_name<Confidence>(kConfidenceNames, name);
}
std::optional<Verdict> parse_verdict(std::string_view name) {
  return parse_name<Verdict>(kVerdictNames, name);
}

bool is_personnel_attribute(Category c) {
  switch (c) {
    case Category::rank:
    case Category::pay_number:
    case Category::warrant_number:
    case Category::staff_number:
    case Category::collar_number:
    case Category::vetting_level:
    case Category::sensitive_unit:
      return true;
    default:
      return false;
  }
}

}  // namespace foiguard
