// libFuzzer target: one member of a real package replaced by the fuzzer's
// bytes, the package zipped again and scanned. Mutating a zip's deflated
// bytes mostly breaks its CRC; mutating one part's XML reaches the readers'
// handlers, the bulk lane (XmlBulkChildren, PlainRun, pugixml) and the
// writers behind them.
//
//   FOIGUARD_FUZZ_PACKAGE=tests/data/xlsx/pivot_cache.xlsx \
//   FOIGUARD_FUZZ_MEMBER=xl/pivotCache/pivotCacheRecords1.xml foiguard_fuzz_member ...
//
// scripts/fuzz.sh --members runs it over a list of (package, member) pairs,
// seeded with each member's own bytes. The checks are scan_fuzzer's.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "formats/zip_archive.hpp"
#include "foiguard/foiguard.hpp"
#include "scan_checks.hpp"
#include "support/zip_writer.hpp"

namespace {

struct Package {
  std::vector<std::pair<std::string, std::string>> members;
  std::size_t target = 0;
};

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr, "member_fuzzer: %s (set FOIGUARD_FUZZ_PACKAGE and FOIGUARD_FUZZ_MEMBER)\n", why.c_str());
  std::exit(2);
}

Package load() {
  const char* path = std::getenv("FOIGUARD_FUZZ_PACKAGE");
  const char* member = std::getenv("FOIGUARD_FUZZ_MEMBER");
  if (path == nullptr || member == nullptr) usage("no package or member");
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) usage(std::string("cannot read ") + path);
  foiguard::formats::ZipArchive zip(bytes, foiguard::formats::ZipLimits{});
  Package package;
  package.target = SIZE_MAX;
  for (const auto& entry : zip.entries()) {
    if (entry.name == member) package.target = package.members.size();
    package.members.emplace_back(entry.name, zip.read_all(entry, std::uint64_t{64} << 20));
  }
  if (package.target == SIZE_MAX) usage(std::string(path) + " has no member " + member);
  return package;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Package package = load();
  package.members[package.target].second.assign(reinterpret_cast<const char*>(data), size);
  foiguard::fuzz::check_scans(foiguard::testing::zip_of(package.members));
  return 0;
}
