// Roster recall through the library: 50,000 synthetic staff hashed into a
// roster, prose naming 2,000 of them in all six forms (with no rank, title,
// number or header beside a name) and 2,000 people who are not on the roster
// in full-name forms. The bar: recall >= 99% with the roster, and
// under 0.1% of the outsiders matched. A mention counts as found when a
// person_name finding of a "roster." rule covers it.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <iostream>
#include <memory>

#include "foiguard/foiguard.hpp"
#include "formats/formats.hpp"
#include "support/synthetic_staff.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

using testing::MentionForm;
using testing::MentionRequest;

constexpr std::size_t kStaff = 50000;
constexpr std::size_t kMentioned = 2000;
constexpr std::size_t kOutsiders = 2000;

std::string roster_key() { return testing::read_file(testing::source_path("tests/data/roster/test.key")); }

std::vector<StaffMember> members_of(const std::vector<testing::SyntheticPerson>& people) {
  std::vector<StaffMember> members;
  members.reserve(people.size());
  for (const auto& p : people) members.push_back(p.member);
  return members;
}

bool is_roster_rule(const std::string& rule) { return rule.rfind("roster.", 0) == 0; }

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Byte ranges of the roster name findings in `text`, read as a text file is.
std::vector<std::pair<std::size_t, std::size_t>> roster_name_ranges(const Detector& detector, const std::string& text) {
  std::vector<std::size_t> line_start = {0, 0};  // 1-based lines
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_start.push_back(i + 1);
  DetectOptions options;
  options.keep_values = true;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  formats::read_text(text, 256u << 10, [&](TextBatch& batch) {
    detector.detect(batch, options, [&](const Finding& f) {
      if (f.category != Category::person_name || !is_roster_rule(f.rule)) return;
      // The column counts code points from 1.
      std::size_t at = line_start.at(*f.location.line);
      for (std::uint32_t c = 1; c < *f.location.column; ++c) do
          ++at;
        while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80);
      EXPECT_EQ(text.compare(at, f.value.size(), f.value), 0) << "finding located at its value";
      ranges.emplace_back(at, at + f.value.size());
    });
  });
  return ranges;
}

// Covered: a range spans the mention (its closing full stop aside: "Kelly, A.").
bool covered(const std::vector<std::pair<std::size_t, std::size_t>>& sorted_ranges, const std::string& text,
             const testing::Mention& m) {
  const std::size_t end = text[m.end - 1] == '.' ? m.end - 1 : m.end;
  for (const auto& [b, e] : sorted_ranges) {
    if (b > m.begin) break;
    if (e >= end) return true;
  }
  return false;
}

bool overlapped(const std::vector<std::pair<std::size_t, std::size_t>>& sorted_ranges, const testing::Mention& m) {
  for (const auto& [b, e] : sorted_ranges) {
    if (b >= m.end) break;
    if (e > m.begin) return true;
  }
  return false;
}

TEST(RosterRecall, FindsNinetyNinePercentOfStaffMentionsAndAlmostNoOutsiders) {
  const auto staff = testing::make_staff(kStaff);
  const auto outsiders = testing::make_outsiders(staff, kOutsiders);
  const std::string key = roster_key();

  auto started = std::chrono::steady_clock::now();
  Roster built = Roster::build(members_of(staff), key);
  const double build_seconds = seconds_since(started);
  ASSERT_EQ(built.stats().people, kStaff);
  std::cout << fmt::format("[ info ] Roster::build of {} people: {:.2f} s, {} entries, {} bytes serialised\n", kStaff,
                           build_seconds, built.stats().entries, built.serialize().size());
  const Detector detector(RuleSet::builtin(), std::make_shared<const Roster>(std::move(built)));

  // Every 25th person (spread over the whole roster) in all six forms, then
  // the outsiders in the two full-name forms, interleaved.
  std::vector<testing::SyntheticPerson> people;
  std::vector<MentionRequest> requests;
  for (std::size_t i = 0; i < kMentioned; ++i) {
    people.push_back(staff[i * (kStaff / kMentioned)]);
    people.push_back(outsiders[i]);
    const std::size_t on = people.size() - 2, off = people.size() - 1;
    for (MentionForm form : testing::kAllMentionForms) requests.push_back({on, form});
    requests.push_back({off, MentionForm::full_name});
    requests.push_back({off, MentionForm::surname_first});
  }
  const auto doc = testing::make_prose(people, requests);

  started = std::chrono::steady_clock::now();
  auto ranges = roster_name_ranges(detector, doc.text);
  const double scan_seconds = seconds_since(started);
  std::sort(ranges.begin(), ranges.end());

  std::array<std::size_t, 6> found_by_form{}, total_by_form{};
  std::size_t staff_mentions = 0, staff_found = 0, outsider_mentions = 0, outsiders_matched = 0;
  std::vector<std::string> missed, false_matches;
  for (const auto& m : doc.mentions) {
    const bool on_roster = m.person % 2 == 0;
    const std::string name = doc.text.substr(m.begin, m.end - m.begin);
    if (on_roster) {
      const auto form = static_cast<std::size_t>(m.form);
      ++staff_mentions;
      ++total_by_form[form];
      if (covered(ranges, doc.text, m)) {
        ++staff_found;
        ++found_by_form[form];
      } else if (missed.size() < 20) {
        missed.push_back(name);
      }
    } else {
      ++outsider_mentions;
      if (overlapped(ranges, m)) {
        ++outsiders_matched;
        if (false_matches.size() < 20) false_matches.push_back(name);
      }
    }
  }
  const double recall = static_cast<double>(staff_found) / static_cast<double>(staff_mentions);
  const double outsider_rate = static_cast<double>(outsiders_matched) / static_cast<double>(outsider_mentions);
  std::cout << fmt::format("[ info ] {} bytes of prose scanned with the roster in {:.3f} s\n", doc.text.size(),
                           scan_seconds);
  std::cout << fmt::format("[ info ] recall {}/{} = {:.2f}%; outsiders matched {}/{} = {:.3f}%\n", staff_found,
                           staff_mentions, 100 * recall, outsiders_matched, outsider_mentions, 100 * outsider_rate);
  for (std::size_t form = 0; form < 6; ++form)
    std::cout << fmt::format("[ info ]   form {}: {}/{}\n", form, found_by_form[form], total_by_form[form]);

  EXPECT_EQ(staff_mentions, kMentioned * 6);
  EXPECT_EQ(outsider_mentions, kOutsiders * 2);
  EXPECT_GE(recall, 0.99) << "missed, e.g.: " << fmt::format("{}", fmt::join(missed, " | "));
  EXPECT_LT(outsider_rate, 0.001) << "matched, e.g.: " << fmt::format("{}", fmt::join(false_matches, " | "));
}

TEST(RosterRecall, TheSameProseWithoutTheRosterHasNoRosterFindings) {
  const auto staff = testing::make_staff(200);
  std::vector<MentionRequest> requests;
  for (std::size_t i = 0; i < staff.size(); ++i) requests.push_back({i, MentionForm::full_name});
  const auto doc = testing::make_prose(staff, requests);
  const Detector plain(RuleSet::builtin());
  EXPECT_TRUE(roster_name_ranges(plain, doc.text).empty());
}

// A name and that person's pay number in one line: one personnel record.
TEST(RosterRecall, NameAndPayNumberOfOnePersonInALineAreOneRecord) {
  const auto staff = testing::make_staff(5000);
  const Detector detector(RuleSet::builtin(),
                          std::make_shared<const Roster>(Roster::build(members_of(staff), roster_key())));
  const auto& person = staff[1234].member;
  const std::string text = "The claims were checked last week.\n" +
                           fmt::format("Claim approved for {} {}, reference {} attached.\n", person.forename,
                                       person.surname, person.pay_number) +
                           "No other claims were received.\n";
  ScanOptions options;
  options.detect.keep_values = true;
  const Scanner scanner(detector, options);
  const FileReport report = scanner.scan_bytes("claims.txt", text);

  const Finding* name = nullptr;
  const Finding* number = nullptr;
  for (const auto& f : report.findings) {
    if (!is_roster_rule(f.rule)) continue;
    if (f.category == Category::person_name) name = &f;
    if (f.category == Category::pay_number) number = &f;
  }
  ASSERT_NE(name, nullptr) << "the name, from the roster";
  ASSERT_NE(number, nullptr) << "the pay number, from the roster (no 'pay number' beside it)";
  EXPECT_EQ(name->value, person.forename + " " + person.surname);
  EXPECT_EQ(number->value, person.pay_number);
  EXPECT_EQ(name->location.line, 2u);
  EXPECT_EQ(number->location.line, 2u);
  EXPECT_EQ(name->confidence, Confidence::high);
  EXPECT_EQ(number->confidence, Confidence::high);
  ASSERT_NE(name->record, 0u);
  EXPECT_EQ(name->record, number->record);

  ASSERT_EQ(report.records.size(), 1u);
  const Record& record = report.records.front();
  EXPECT_EQ(record.id, name->record);
  EXPECT_TRUE(record.personnel);
  EXPECT_NE(std::find(record.categories.begin(), record.categories.end(), Category::person_name),
            record.categories.end());
  EXPECT_NE(std::find(record.categories.begin(), record.categories.end(), Category::pay_number),
            record.categories.end());
  EXPECT_EQ(report.personnel_records, 1u);
  EXPECT_EQ(report.verdict, Verdict::block);
}

}  // namespace
}  // namespace foiguard
