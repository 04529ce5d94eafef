// Writes the benchmark data sets to files, so that other tools (ripgrep in
// scripts/bench_vs_ripgrep.sh, openpyxl in scripts/bench_xlsx.sh) can be
// timed on exactly the bytes the benchmarks use.
//
//   foiguard_gen_bench_data OUT_DIR [MIB]          prose_mix.txt and staff.csv (default 64 MiB each)
//   foiguard_gen_bench_data xlsx ROWS OUT.xlsx     the staff workbook of BM_Xlsx* (ROWS data rows)
//   foiguard_gen_bench_data docx PAGES OUT.docx    the letter of BM_Docx* (about PAGES pages)
//   foiguard_gen_bench_data pdf PAGES OUT.pdf      the text PDF of BM_PdfScan
//   foiguard_gen_bench_data zip DOCS OUT.zip       the archive of BM_MixedZip* (DOCS documents)
//
// The xlsx form prints one line of key=value facts about the workbook
// (rows, cells, sheets, shared_strings, xml_bytes, sheet_xml_bytes, zip_bytes);
// the pdf form about the PDF (pages, text_bytes, content_bytes, pdf_bytes).
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

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

int write_xlsx(const char* rows_arg, const boost::filesystem::path& path) {
  char* end = nullptr;
  const long long rows = std::strtoll(rows_arg, &end, 10);
  if (end == rows_arg || *end != '\0' || rows <= 0 || rows > 20'000'000) {
    std::cerr << "foiguard_gen_bench_data: ROWS must be between 1 and 20000000\n";
    return 2;
  }
  try {
    const foiguard::bench::XlsxWorkbook book =
        foiguard::bench::make_staff_xlsx(static_cast<std::size_t>(rows));
    std::ofstream out(path.string(), std::ios::binary | std::ios::trunc);
    out.write(book.bytes.data(), static_cast<std::streamsize>(book.bytes.size()));
    out.close();
    if (!out) {
      std::cerr << "foiguard_gen_bench_data: cannot write " << path.string() << "\n";
      return 1;
    }
    std::cout << "path=" << path.string() << " rows=" << book.rows << " cells=" << book.cells
              << " sheets=" << book.sheets << " shared_strings=" << book.shared_strings
              << " xml_bytes=" << book.xml_bytes << " sheet_xml_bytes=" << book.sheet_xml_bytes
              << " zip_bytes=" << book.bytes.size() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "foiguard_gen_bench_data: " << e.what() << "\n";
    return 1;
  }
}

// The pdf form: PAGES pages, 1 to 100,000.
int write_pdf(const char* pages_arg, const boost::filesystem::path& path) {
  char* end = nullptr;
  const long long pages = std::strtoll(pages_arg, &end, 10);
  if (end == pages_arg || *end != '\0' || pages <= 0 || pages > 100'000) {
    std::cerr << "foiguard_gen_bench_data: PAGES must be between 1 and 100000\n";
    return 2;
  }
  try {
    const foiguard::bench::PdfDocument pdf = foiguard::bench::make_text_pdf(static_cast<std::size_t>(pages));
    std::ofstream out(path.string(), std::ios::binary | std::ios::trunc);
    out.write(pdf.bytes.data(), static_cast<std::streamsize>(pdf.bytes.size()));
    out.close();
    if (!out) {
      std::cerr << "foiguard_gen_bench_data: cannot write " << path.string() << "\n";
      return 1;
    }
    std::cout << "path=" << path.string() << " pages=" << pdf.pages << " text_bytes=" << pdf.text_bytes
              << " content_bytes=" << pdf.content_bytes << " pdf_bytes=" << pdf.bytes.size() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "foiguard_gen_bench_data: " << e.what() << "\n";
    return 1;
  }
}

// The docx and zip forms: COUNT pages or documents, 1 to 100,000.
int write_document(std::string_view kind, const char* count_arg, const boost::filesystem::path& path) {
  char* end = nullptr;
  const long long count = std::strtoll(count_arg, &end, 10);
  if (end == count_arg || *end != '\0' || count <= 0 || count > 100'000) {
    std::cerr << "foiguard_gen_bench_data: the count must be between 1 and 100000\n";
    return 2;
  }
  try {
    const auto n = static_cast<std::size_t>(count);
    const std::string bytes =
        kind == "docx" ? foiguard::bench::make_letter_docx(n) : foiguard::bench::make_mixed_zip(n);
    return write_file(path, bytes) ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "foiguard_gen_bench_data: " << e.what() << "\n";
    return 1;
  }
}

// The tree form: FILES mixed documents under OUT_DIR, 1 to 1,000,000.
int write_tree(const char* count_arg, const char* dir) {
  char* end = nullptr;
  const long long count = std::strtoll(count_arg, &end, 10);
  if (end == count_arg || *end != '\0' || count <= 0 || count > 1'000'000) {
    std::cerr << "foiguard_gen_bench_data: the file count must be between 1 and 1000000\n";
    return 2;
  }
  try {
    const auto stats = foiguard::bench::write_mixed_tree(dir, static_cast<std::size_t>(count));
    std::cout << stats.files << " files, " << stats.bytes << " bytes, " << stats.text_bytes
              << " bytes of .txt and .csv\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "foiguard_gen_bench_data: " << e.what() << "\n";
    return 1;
  }
}

void usage() {
  std::cerr << "usage: foiguard_gen_bench_data OUT_DIR [MIB]\n"
               "       foiguard_gen_bench_data xlsx ROWS OUT.xlsx\n"
               "       foiguard_gen_bench_data docx PAGES OUT.docx\n"
               "       foiguard_gen_bench_data pdf PAGES OUT.pdf\n"
               "       foiguard_gen_bench_data zip DOCUMENTS OUT.zip\n"
               "       foiguard_gen_bench_data tree FILES OUT_DIR\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string_view(argv[1]) == "xlsx") {
    return write_xlsx(argv[2], argv[3]);
  }
  if (argc == 4 && std::string_view(argv[1]) == "pdf") {
    return write_pdf(argv[2], argv[3]);
  }
  if (argc == 4 && (std::string_view(argv[1]) == "docx" || std::string_view(argv[1]) == "zip")) {
    return write_document(argv[1], argv[2], argv[3]);
  }
  if (argc == 4 && std::string_view(argv[1]) == "tree") {
    return write_tree(argv[2], argv[3]);
  }
  if (argc < 2 || argc > 3) {
    usage();
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
