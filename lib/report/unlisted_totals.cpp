#include "report/unlisted_totals.hpp"

namespace foiguard::report {

UnlistedTotals unlisted_totals(const FileReport& file) {
  UnlistedTotals totals;
  for (const auto& t : file.unlisted) {
    totals.by_category[to_string(t.category)] += t.count;
    totals.total += t.count;
    if (is_hidden(t.visibility)) totals.hidden += t.count;
  }
  return totals;
}

}  // namespace foiguard::report
