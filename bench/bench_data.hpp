// Deterministic synthetic data for the benchmarks (and for scripts/bench_vs_ripgrep.sh,
// through foiguard_gen_bench_data). The same size always gives the same bytes.
// All names, numbers and addresses are invented.
#pragma once

#include <cstddef>
#include <string>

namespace foiguard::bench {

// FOI-style prose paragraphs with CSV-ish aggregate blocks, about one personnel
// record per 10 KiB (rank + collar + name, pay numbers, vetting, units, NI
// numbers, NHS numbers, e-mails, phones, postcodes, dates of birth, salaries,
// sort codes), plus clean look-alikes (FOI references, cost centres, policy
// sentences about vetting levels, the regulator's address, "PC World").
// At most `bytes` long and within one paragraph of it; ends at a line break.
std::string make_prose_mix(std::size_t bytes);

// A dense staff CSV, one personnel record per line, with the header
// Surname,Forename,Rank,Pay No,Collar No,Unit,Vetting. At most `bytes` long
// and within one row of it; ends at a line break.
std::string make_staff_csv(std::size_t bytes);

// Records make_prose_mix inserts per byte: bytes / kProseRecordEvery.
inline constexpr std::size_t kProseRecordEvery = 10 * 1024;

}  // namespace foiguard::bench
