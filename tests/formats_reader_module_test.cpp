// The PDF and email readers live in libraries of their own, loaded by
// libfoiguard from its own folder on first use (formats/reader_module.hpp).
#include <gtest/gtest.h>

#include <boost/filesystem.hpp>
#include <cstdlib>
#include <string>

#include "formats/formats.hpp"
#include "formats/reader_module.hpp"
#include "foiguard/version.hpp"
#include "test_support.hpp"

namespace {

using foiguard::formats::reader_module;

TEST(ReaderModule, TheEmailReaderLoadsFromBesideTheLibrary) {
  std::string why;
  const auto* email = reader_module("email", &why);
  ASSERT_NE(email, nullptr) << why;
  EXPECT_EQ(email->built_for, foiguard::version());
  EXPECT_EQ(email->support().rfind("GMime 3.", 0), 0u) << email->support();
  EXPECT_EQ(reader_module("email", nullptr), email) << "loaded once, the same table every time";
}

TEST(ReaderModule, ThePdfReaderLoadsWhereItIsBuilt) {
#ifndef FOIGUARD_WITH_PDF
  GTEST_SKIP() << "built without PDF support (FOIGUARD_WITH_PDF=OFF)";
#endif
  std::string why;
  const auto* pdf = reader_module("pdf", &why);
  ASSERT_NE(pdf, nullptr) << why;
  EXPECT_EQ(pdf->support(), foiguard::formats::pdf_support());
  EXPECT_EQ(pdf->support().rfind("poppler ", 0), 0u) << pdf->support();
}

TEST(ReaderModule, AnUnknownReaderSaysSo) {
  std::string why;
  EXPECT_EQ(reader_module("fax", &why), nullptr);
  EXPECT_EQ(why, "no reader library named 'fax'");
}

TEST(ReaderModule, AMissingReaderLibraryMakesEachSuchFileAnErrorThatSaysSo) {
  // libfoiguard alone in a folder, without its reader libraries beside it,
  // as after a broken install: the CLI takes it from there (LD_LIBRARY_PATH
  // outranks the CLI's RUNPATH).
#ifndef FOIGUARD_WITH_PDF
  GTEST_SKIP() << "built without PDF support (FOIGUARD_WITH_PDF=OFF)";
#endif
  foiguard::testing::isolate_cli_config("reader-missing");
  const std::string lonely = foiguard::testing::temp_dir("reader-missing-lib");
  boost::filesystem::copy_file(std::string(FOIGUARD_BINARY_DIR) + "/libfoiguard.so.0", lonely + "/libfoiguard.so.0");
  ASSERT_EQ(::setenv("LD_LIBRARY_PATH", lonely.c_str(), 1), 0);
  const auto pdf = foiguard::testing::source_path("examples/response-with-failed-redaction.pdf");
  const std::string text = lonely + "/reply.txt";
  foiguard::testing::write_file(text, "Thank you for your request of 3 March.\n");
  const auto result = foiguard::testing::run_cli({"scan", "--progress", "never", pdf, text});
  ::unsetenv("LD_LIBRARY_PATH");
  EXPECT_EQ(result.exit_code, 3) << "something not checked" << result.out << result.err;
  EXPECT_NE(result.out.find("ERROR   " + pdf + " (pdf): PDF document: not checked, its reader cannot be loaded ("
                            + lonely + "/libfoiguard-pdf.so: cannot open shared object file"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("reinstall foiguard"), std::string::npos);
  EXPECT_NE(result.out.find("CLEAN   " + text), std::string::npos) << "the other files are read as ever";
}

}  // namespace
