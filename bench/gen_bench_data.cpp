// Writes the benchmark data sets to files, so that other tools (ripgrep in
// scripts/bench_vs_ripgrep.sh) can be timed on exactly the bytes the detector
// benchmarks use.
//
//   foiguard_gen_bench_data OUT_DIR [MIB]   (default 64 MiB per file)
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <boost/filesystem.hpp>

#include "bench_data.hpp"

namespace {

bool write_file(const boost::filesystem::path& path, const std::string& content) {
  std::ofstream out(path.string(), std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) {
    std::cerr << "foiguard_gen_bench_data: cannot write " << path.string() << "\n";
    return false;
  }
  std::cout << path.string() << " " << content.size() << " bytes\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: foiguard_gen_bench_data OUT_DIR [MIB]\n";
    return 2;
  }
  const boost::filesystem::path dir = argv[1];
  const long mib = argc == 3 ? std::strtol(argv[2], nullptr, 10) : 64;
  if (mib <= 0 || mib > 4096) {
    std::cerr << "foiguard_gen_bench_data: MIB must be between 1 and 4096\n";
    return 2;
  }
  boost::system::error_code ec;
  boost::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "foiguard_gen_bench_data: cannot create " << dir.string() << ": " << ec.message()
              << "\n";
    return 1;
  }
  const std::size_t bytes = static_cast<std::size_t>(mib) << 20;
  const bool ok = write_file(dir / "prose_mix.txt", foiguard::bench::make_prose_mix(bytes)) &&
                  write_file(dir / "staff.csv", foiguard::bench::make_staff_csv(bytes));
  return ok ? 0 : 1;
}
