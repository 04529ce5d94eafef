// The PDF and email readers live in libraries of their own, loaded by
// libfoiguard from its own folder on first use (formats/reader_module.hpp).
#include <gtest/gtest.h>

#include <string>

#include "formats/formats.hpp"
#include "formats/reader_module.hpp"
#include "foiguard/version.hpp"

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

}  // namespace
