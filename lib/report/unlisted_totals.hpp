// Findings past a scan's listing limit, totalled for a one-line mention in a
// report: how many, how many hidden, and how many of each category.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>

#include "foiguard/scanner.hpp"

namespace foiguard::report {

struct UnlistedTotals {
  std::uint64_t total = 0;
  std::uint64_t hidden = 0;
  std::map<std::string_view, std::uint64_t> by_category;  // category name -> count, sorted by name
};

UnlistedTotals unlisted_totals(const FileReport& file);

}  // namespace foiguard::report
