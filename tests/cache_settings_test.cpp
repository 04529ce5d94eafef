// The scan cache's settings id: what a cached report depends on. A baseline,
// an allowlist or a roster changes the reports a scan makes, so each must
// change the id (and so empty the cache); the same ones must not.
#include <gtest/gtest.h>

#include "foiguard/allowlist.hpp"
#include "foiguard/baseline.hpp"
#include "foiguard/detector.hpp"
#include "foiguard/roster.hpp"
#include "walk/scan_cache.hpp"

namespace foiguard::walk {
namespace {

constexpr const char* kKey = "cache settings key, for this test only";

ScanOptions options_with_key() {
  ScanOptions options;
  options.detect.fingerprint_key = kKey;
  return options;
}

std::shared_ptr<const Baseline> baseline_of(std::vector<std::string> fingerprints) {
  auto baseline = std::make_shared<Baseline>();
  baseline->set_key_id(fingerprint_key_id(kKey));
  for (auto& fp : fingerprints) baseline->add(std::move(fp));
  return baseline;
}

AllowEntry entry(std::string value, std::string origin) {
  AllowEntry e;
  e.values = {std::move(value)};
  e.reason = "chief officer: name published";
  e.origin = std::move(origin);
  return e;
}

std::shared_ptr<const Roster> roster_of(std::string surname) {
  StaffMember member;
  member.forename = "Aoife";
  member.surname = std::move(surname);
  member.pay_number = "PN012345";
  return std::make_shared<Roster>(Roster::build({member}, "roster key of 16+ bytes, test only"));
}

TEST(CacheSettings, SameSettingsSameIdAsHex) {
  const Detector detector(RuleSet::builtin());
  const std::string id = cache_settings_id(options_with_key(), detector);
  EXPECT_EQ(id.size(), 64u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(cache_settings_id(options_with_key(), detector), id);
  ScanOptions other_key = options_with_key();
  other_key.detect.fingerprint_key = "another key";
  EXPECT_NE(cache_settings_id(other_key, detector), id);
}

// The CLI opens its cache before compiling the rules (a warm re-scan never
// compiles them): the id from the rules must be the compiled detector's.
TEST(CacheSettings, TheRulesGiveTheSameIdAsTheirDetector) {
  const auto roster = roster_of("Ní Bhriain");
  const Detector detector(RuleSet::builtin(), roster);
  const ScanOptions options = options_with_key();
  EXPECT_EQ(cache_settings_id(options, RuleSet::builtin(), roster.get()), cache_settings_id(options, detector));
  EXPECT_NE(cache_settings_id(options, RuleSet::builtin(), nullptr), cache_settings_id(options, detector));
  RuleSet fewer = RuleSet::builtin();
  fewer.text_rules.pop_back();
  EXPECT_NE(cache_settings_id(options, fewer, roster.get()), cache_settings_id(options, detector));
}

TEST(CacheSettings, TheBaselinesFingerprintsAreInTheIdInAnyOrder) {
  const Detector detector(RuleSet::builtin());
  ScanOptions none = options_with_key();
  ScanOptions ab = options_with_key(), ba = options_with_key(), ac = options_with_key();
  ab.baseline = baseline_of({"aaaa", "bbbb"});
  ba.baseline = baseline_of({"bbbb", "aaaa"});
  ac.baseline = baseline_of({"aaaa", "cccc"});
  EXPECT_NE(cache_settings_id(none, detector), cache_settings_id(ab, detector));
  EXPECT_EQ(cache_settings_id(ab, detector), cache_settings_id(ba, detector));
  EXPECT_NE(cache_settings_id(ab, detector), cache_settings_id(ac, detector));
}

TEST(CacheSettings, TheAllowlistsEntriesAreInTheIdButNotWhereTheyWereWritten) {
  const Detector detector(RuleSet::builtin());
  ScanOptions none = options_with_key(), jane = options_with_key(), moved = options_with_key(),
              john = options_with_key(), empty = options_with_key();
  jane.allowlist = std::make_shared<Allowlist>(std::vector<AllowEntry>{entry("Jane Doe", "policy.toml:12")});
  moved.allowlist = std::make_shared<Allowlist>(std::vector<AllowEntry>{entry("Jane Doe", "policy.toml:40")});
  john.allowlist = std::make_shared<Allowlist>(std::vector<AllowEntry>{entry("John Doe", "policy.toml:12")});
  empty.allowlist = std::make_shared<Allowlist>();
  EXPECT_NE(cache_settings_id(none, detector), cache_settings_id(jane, detector));
  EXPECT_EQ(cache_settings_id(jane, detector), cache_settings_id(moved, detector));
  EXPECT_NE(cache_settings_id(jane, detector), cache_settings_id(john, detector));
  EXPECT_EQ(cache_settings_id(none, detector), cache_settings_id(empty, detector)) << "an empty allowlist is none";
  AllowEntry limited = entry("Jane Doe", "policy.toml:12");
  limited.paths = {"press/**"};
  ScanOptions scoped = options_with_key();
  scoped.allowlist = std::make_shared<Allowlist>(std::vector<AllowEntry>{limited});
  EXPECT_NE(cache_settings_id(jane, detector), cache_settings_id(scoped, detector)) << "paths count";
}

TEST(CacheSettings, TheRosterIsInTheId) {
  const Detector plain(RuleSet::builtin());
  const Detector with_roster(RuleSet::builtin(), roster_of("Ní Bhriain"));
  const Detector same_roster(RuleSet::builtin(), roster_of("Ní Bhriain"));
  const Detector other_roster(RuleSet::builtin(), roster_of("Okonkwo"));
  const ScanOptions options = options_with_key();
  EXPECT_NE(cache_settings_id(options, plain), cache_settings_id(options, with_roster));
  EXPECT_EQ(cache_settings_id(options, with_roster), cache_settings_id(options, same_roster));
  EXPECT_NE(cache_settings_id(options, with_roster), cache_settings_id(options, other_roster));
}

}  // namespace
}  // namespace foiguard::walk
