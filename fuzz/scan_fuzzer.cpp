// libFuzzer target: any bytes through Scanner::scan_bytes, the embedder's
// entry point (sniffing picks the reader: nothing trusts a name), with the
// checks of scan_checks.hpp. Built and run by scripts/fuzz.sh under
// AddressSanitizer and UBSan.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scan_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  foiguard::fuzz::check_scans(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
