// The CLI's encoding of a rendered report kept in the scan cache: every field
// survives, and truncated or foreign bytes decode to nothing.
#include <gtest/gtest.h>

#include <string>

#include "foiguard/prepared_file.hpp"

namespace foiguard::cli {
namespace {

PreparedFile sample() {
  PreparedFile file;
  file.text = "BLOCK   share/staff.csv (csv): 2 personnel records\n  row 2, col 4 [Pay No]  pay_number  high  6*****\n";
  file.totals.files = 1;
  file.totals.block = 1;
  file.totals.findings = 9;
  file.totals.records = 2;
  file.totals.hidden_findings = 3;
  file.totals.not_checked = 1;
  file.totals.bytes = std::uint64_t{1} << 40;
  file.totals.allowed = 4;
  file.totals.baselined = 5;
  file.brief.path = "share/staff.csv";
  file.brief.format = "csv";
  file.brief.verdict = Verdict::block;
  file.brief.not_checked.push_back({"xl/model/item.data", "Power Pivot data model: cannot be checked"});
  file.brief.findings_total = 9;
  file.brief.personnel_records = 2;
  file.brief.sha256 = std::string(64, 'a');
  file.brief.reason = "2 personnel records";
  return file;
}

TEST(PreparedFile, RoundTripsTextTotalsAndBrief) {
  const PreparedFile file = sample();
  const auto back = decode_prepared(encode_prepared(file));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->text, file.text);
  EXPECT_EQ(back->totals.files, 1u);
  EXPECT_EQ(back->totals.block, 1u);
  EXPECT_EQ(back->totals.clean, 0u);
  EXPECT_EQ(back->totals.findings, 9u);
  EXPECT_EQ(back->totals.records, 2u);
  EXPECT_EQ(back->totals.hidden_findings, 3u);
  EXPECT_EQ(back->totals.not_checked, 1u);
  EXPECT_EQ(back->totals.bytes, std::uint64_t{1} << 40);
  EXPECT_EQ(back->totals.allowed, 4u);
  EXPECT_EQ(back->totals.baselined, 5u);
  EXPECT_EQ(back->brief.path, "share/staff.csv");
  EXPECT_EQ(back->brief.verdict, Verdict::block);
  ASSERT_EQ(back->brief.not_checked.size(), 1u);
  EXPECT_EQ(back->brief.not_checked[0].part, "xl/model/item.data");
  EXPECT_EQ(back->brief.personnel_records, 2u);
  EXPECT_EQ(back->brief.sha256, file.brief.sha256);
  EXPECT_EQ(back->brief.reason, "2 personnel records");
}

TEST(PreparedFile, EveryTruncationAndForeignBytesDecodeToNothing) {
  const std::string bytes = encode_prepared(sample());
  for (std::size_t n = 0; n < bytes.size(); ++n) EXPECT_FALSE(decode_prepared(bytes.substr(0, n))) << n;
  EXPECT_FALSE(decode_prepared(bytes + "x")) << "trailing bytes";
  std::string other_version = bytes;
  other_version[2] = 2;
  EXPECT_FALSE(decode_prepared(other_version));
  std::string huge_text = bytes.substr(0, 3) + std::string(9, '\xff') + '\x01';
  EXPECT_FALSE(decode_prepared(huge_text)) << "a text length past the bytes";
}

}  // namespace
}  // namespace foiguard::cli
