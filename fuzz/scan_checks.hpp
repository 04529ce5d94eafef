// What every fuzz target checks of one input: the Scanner's promises, beyond
// "no crash, no hang, no unbounded memory" (the sanitizers and libFuzzer's
// limits see to those). Aborts, naming the broken promise, when
//   - one thread's report and two threads' differ (a large zip's members are
//     then read two at a time, and batches detected on a worker);
//   - an error verdict gives no reason;
//   - listed and counted findings do not add up to the total.
#pragma once

#include <string_view>

namespace foiguard::fuzz {

void check_scans(std::string_view bytes);

}  // namespace foiguard::fuzz
