// `foiguard roster build|info` and `scan --roster` through the real CLI: an
// HR export written by openpyxl, a letter written by python-docx (both from
// tests/data/roster/make_roster_fixtures.py), mapping flags, the key rules,
// and a 50,000-person roster searched for every name and number it must not hold.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <unordered_map>

#include "foiguard/normalize.hpp"
#include "support/synthetic_staff.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

using nlohmann::json;
using testing::run_cli;
using testing::source_path;
using testing::temp_dir;
using testing::write_file;

const std::string kKey = source_path("tests/data/roster/test.key");
const std::string kExport = source_path("tests/data/roster/hr_export.xlsx");
const std::string kLetter = source_path("tests/data/roster/letter.docx");
const std::string kHiddenNames = source_path("tests/data/roster/hidden_names.xlsx");

// What the letter names, by a piece of the words it uses (see the fixture
// generator): eight people of the export, two of them sensitive.
const std::vector<std::string> kNamedInLetter = {"Bhriain",         "O\u2019Brien", "PHÁDRAIG",     "Wójcik",
                                                 "Fernández López", "Warsame",      "Súilleabháin", "Adeyemi-Clarke"};
const std::set<std::string> kSensitiveInLetter = {"Warsame", "Adeyemi-Clarke"};

class CliRoster : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::isolate_cli_config("roster-config");
    dir_ = temp_dir("roster");
  }

  std::string built_roster() {
    const std::string roster = dir_ + "/staff.roster";
    const auto r = run_cli({"roster", "build", kExport, "-o", roster, "--key-file", kKey});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return roster;
  }

  static json scan_json(std::vector<std::string> args) {
    args.insert(args.begin(), {"scan", "--format", "json", "--show-values"});
    const auto r = run_cli(args);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << ": " << r.err;
    return json::parse(r.out);
  }

  std::string config_, dir_;
};

std::vector<json> roster_findings(const json& report) {
  std::vector<json> out;
  for (const auto& f : report["findings"])
    if (f["rule"].get<std::string>().rfind("roster.", 0) == 0) out.push_back(f);
  return out;
}

std::size_t person_names(const json& report) {
  std::size_t n = 0;
  for (const auto& f : report["findings"]) n += f["category"] == "person_name";
  return n;
}

TEST_F(CliRoster, BuildsFromTheXlsxExportByItsHeaders) {
  const std::string roster = dir_ + "/staff.roster";
  const auto r = run_cli({"roster", "build", kExport, "-o", roster, "--key-file", kKey});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sheet 'Staff'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'Surname' (column B)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'Covert' (column G)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("People:    40\n"), std::string::npos) << r.out;
  // Warsame by her unit, Adeyemi-Clarke by the Covert column alone.
  EXPECT_NE(r.out.find("Sensitive: 2 (1 by the flag column, 1 by a unit"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Skipped:   1 row with no surname and no number (row 22)"), std::string::npos) << r.out;
  // The summary names nobody, the skipped row's unit included.
  for (const char* word : {"Warsame", "Bhriain", "4417302", "WM104417", "Response Team 4"})
    EXPECT_EQ(r.out.find(word), std::string::npos) << word;

  struct stat info {};
  ASSERT_EQ(::stat(roster.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  const auto shown = run_cli({"roster", "info", roster, "--key-file", kKey});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Key:       matches"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("People:    40\nSensitive: 2\n"), std::string::npos) << shown.out;
}

TEST_F(CliRoster, RefusesToReplaceARosterWithoutForce) {
  const std::string roster = built_roster();
  write_file(roster, "keep me");
  const auto again = run_cli({"roster", "build", kExport, "-o", roster, "--key-file", kKey});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  EXPECT_EQ(testing::read_file(roster), "keep me");
  const auto forced = run_cli({"roster", "build", kExport, "-o", roster, "--key-file", kKey, "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(run_cli({"roster", "info", roster, "--key-file", kKey}).exit_code, 0);
}

TEST_F(CliRoster, NeedsANamedKeyNeverTheDefaultOne) {
  const std::string roster = dir_ + "/staff.roster";
  const auto r = run_cli({"roster", "build", kExport, "-o", roster});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--key-file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/dev/urandom"), std::string::npos) << r.err;
  struct stat info {};
  EXPECT_NE(::stat(roster.c_str(), &info), 0) << "nothing written";
  EXPECT_NE(::stat((config_ + "/foiguard/fingerprint.key").c_str(), &info), 0) << "no key created";

  const std::string short_key = dir_ + "/short.key";
  write_file(short_key, "0123456789");
  const auto weak = run_cli({"roster", "build", kExport, "-o", roster, "--key-file", short_key});
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.err.find("at least 16"), std::string::npos) << weak.err;

  ::setenv("FOIGUARD_KEY_FILE", kKey.c_str(), 1);
  const auto from_env = run_cli({"roster", "build", kExport, "-o", roster});
  ::unsetenv("FOIGUARD_KEY_FILE");
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  EXPECT_EQ(run_cli({"roster", "info", roster, "--key-file", kKey}).exit_code, 0);
}

TEST_F(CliRoster, MapsAnotherExportsColumnsByFlags) {
  const std::string csv = dir_ + "/people.csv";
  write_file(csv,
             "Person,Ident,Badge,Dept,Secret,Notes\n"
             "\"Ní Bhriain, Aoife\",4417302,4417,Response Team 1,,\n"
             "Seán Mac Giolla Phádraig,3920114,2231,Roads Policing Unit,,\n"
             "\"Okafor, Chidi\",5020331,,Human Resources,x,\n"
             "Tomasz Brzęczyszczykiewicz,6102992,3310,Counter Terrorism Command,,\n"
             ",,,Response Team 4,,vacant\n");
  const std::string roster = dir_ + "/people.roster";
  const auto r =
      run_cli({"roster", "build", csv, "-o", roster, "--key-file", kKey, "--name-column", "person", "--pay-column",
               "IDENT", "--collar-column", "Badge", "--unit-column", "Dept", "--sensitive-column", "Secret"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("name              'Person' (column 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("People:    4\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Sensitive: 2 (1 by the flag column, 1 by a unit"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(row 6)"), std::string::npos) << r.out;

  // "Seán Mac Giolla Phádraig" was split before "Mac": his initial form matches.
  const std::string text = dir_ + "/note.txt";
  write_file(text, "The papers went to S. Mac Giolla Phádraig and then to Aoife Ní Bhriain yesterday.\n");
  const json doc = scan_json({"--roster", roster, "--key-file", kKey, text});
  const auto found = roster_findings(doc["files"][0]);
  std::set<std::string> values;
  for (const auto& f : found) values.insert(f["value"].get<std::string>());
  EXPECT_EQ(values, (std::set<std::string>{"S. Mac Giolla Phádraig", "Aoife Ní Bhriain"})) << doc.dump(2);
}

TEST_F(CliRoster, NoSurnameColumnListsTheHeadersAndTheFlags) {
  const std::string csv = dir_ + "/odd.csv";
  write_file(csv, "Person,Ident,Dept\nAoife Ní Bhriain,4417302,Custody\n");
  const auto r = run_cli({"roster", "build", csv, "-o", dir_ + "/odd.roster", "--key-file", kKey});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no surname column"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'Person', 'Ident', 'Dept'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--surname-column"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--name-column"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Bhriain"), std::string::npos) << "headers only, never a row's contents";

  const auto flagged =
      run_cli({"roster", "build", csv, "-o", dir_ + "/odd.roster", "--key-file", kKey, "--surname-column", "Family"});
  EXPECT_EQ(flagged.exit_code, 2);
  EXPECT_NE(flagged.err.find("--surname-column 'Family'"), std::string::npos) << flagged.err;
}

// Finds every needle in the haystack in one pass: needles are indexed by
// their first five bytes (all are 5+ long).
std::vector<std::string> found_in(std::string_view haystack, const std::set<std::string>& needles) {
  std::unordered_map<std::string_view, std::vector<const std::string*>> by_prefix;
  for (const auto& n : needles) by_prefix[std::string_view(n).substr(0, 5)].push_back(&n);
  std::vector<std::string> found;
  for (std::size_t i = 0; i + 5 <= haystack.size(); ++i) {
    const auto it = by_prefix.find(haystack.substr(i, 5));
    if (it == by_prefix.end()) continue;
    for (const std::string* n : it->second)
      if (haystack.substr(i, n->size()) == *n) found.push_back(*n);
  }
  return found;
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST_F(CliRoster, A50000PersonRosterHoldsNoNameOrNumber) {
  const auto staff = testing::make_staff(50000);
  const std::string csv = dir_ + "/hr.csv";
  write_file(csv, testing::hr_export_csv(staff));
  const std::string roster = dir_ + "/big.roster";
  const auto r = run_cli({"roster", "build", csv, "-o", roster, "--key-file", kKey});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t sensitive = 0;
  for (const auto& p : staff) sensitive += p.member.sensitive;
  EXPECT_NE(r.out.find("People:    50000\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(fmt::format("Sensitive: {} (", sensitive)), std::string::npos) << r.out;
  std::cout << "[ info ] "
            << r.out.substr(r.out.find("Entries:"), r.out.find('\n', r.out.find("Entries:")) - r.out.find("Entries:"))
            << '\n';

  std::set<std::string> needles;
  const auto add = [&](const std::string& text) {
    for (const std::string& form : {text, lower_ascii(text), normalize_name(text), normalize_number(text)})
      if (form.size() >= 5) needles.insert(form);
  };
  for (const auto& p : staff) {
    const auto& m = p.member;
    add(m.forename);
    add(m.surname);
    add(m.forename + " " + m.surname);
    add(m.surname + ", " + m.forename);
    add(m.pay_number);
    add(m.warrant_number);
    add(m.collar_number);
    add(p.unit);
  }
  const std::string bytes = testing::read_file(roster);
  ASSERT_GT(bytes.size(), 50000u * 8);
  // The format's fixed magic line is no one's data ("Guard" is a synthetic surname).
  const std::string_view magic = "FOIGUARD-ROSTER\n";
  ASSERT_EQ(bytes.compare(0, magic.size(), magic), 0);
  const auto found = found_in(std::string_view(bytes).substr(magic.size()), needles);
  EXPECT_TRUE(found.empty()) << found.size() << " of " << needles.size() << " in the roster file, e.g. '"
                             << (found.empty() ? "" : found.front()) << "'";
  std::cout << "[ info ] searched " << bytes.size() << " roster bytes for " << needles.size()
            << " names, numbers and units\n";
}

TEST_F(CliRoster, AWrongKeyOrADamagedRosterIsAUsageError) {
  const std::string roster = built_roster();
  const std::string other = dir_ + "/other.key";
  write_file(other, std::string(32, 'k'));
  ::chmod(other.c_str(), 0600);
  const auto wrong = run_cli({"scan", "--roster", roster, "--key-file", other, kLetter});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("does not match"), std::string::npos) << wrong.err;
  EXPECT_TRUE(wrong.out.empty()) << "no report from a scan that could not use its roster";

  const auto unnamed = run_cli({"scan", "--roster", roster, kLetter});  // the default key
  EXPECT_EQ(unnamed.exit_code, 2);
  EXPECT_NE(unnamed.err.find("no --key-file was given"), std::string::npos) << unnamed.err;

  std::string bytes = testing::read_file(roster);
  bytes[bytes.size() / 2] ^= 0x40;
  const std::string damaged = dir_ + "/damaged.roster";
  write_file(damaged, bytes);
  const auto broken = run_cli({"scan", "--roster", damaged, "--key-file", kKey, kLetter});
  EXPECT_EQ(broken.exit_code, 2) << broken.out;
  EXPECT_NE(broken.err.find("cannot use the roster"), std::string::npos) << broken.err;

  const auto info = run_cli({"roster", "info", roster, "--key-file", other});
  EXPECT_EQ(info.exit_code, 1);
  EXPECT_NE(info.out.find("does not match"), std::string::npos) << info.out;
}

TEST_F(CliRoster, ScanWithTheRosterFindsTheStaffTheLetterNames) {
  const std::string roster = built_roster();
  const json with = scan_json({"--roster", roster, "--key-file", kKey, kLetter});
  const auto& report = with["files"][0];
  const auto found = roster_findings(report);
  for (const std::string& name : kNamedInLetter) {
    const json* hit = nullptr;
    for (const auto& f : found)
      if (f["value"].get<std::string>().find(name) != std::string::npos) hit = &f;
    ASSERT_NE(hit, nullptr) << name << " not found: " << report["findings"].dump(2);
    EXPECT_EQ((*hit)["category"], "person_name") << name;
    EXPECT_EQ((*hit)["confidence"], "high") << name;
    if (kSensitiveInLetter.count(name))
      EXPECT_EQ((*hit)["severity"], "critical") << name;
    else
      EXPECT_NE((*hit)["severity"], "critical") << name;
  }
  for (const auto& f : found)
    EXPECT_EQ(f["value"].get<std::string>().find("Thistlewood"), std::string::npos) << "not on the roster";
  EXPECT_EQ(report["verdict"], "block");

  const json without = scan_json({"--key-file", kKey, kLetter});
  EXPECT_TRUE(roster_findings(without["files"][0]).empty());
  EXPECT_LT(person_names(without["files"][0]), person_names(report));
}

TEST_F(CliRoster, NamesInAHiddenSheetAreFoundWholeCell) {
  const std::string roster = built_roster();
  const json doc = scan_json({"--roster", roster, "--key-file", kKey, kHiddenNames});
  const auto& report = doc["files"][0];
  const auto found = roster_findings(report);
  std::set<std::string> cells;
  for (const auto& f : found) {
    EXPECT_EQ(f["visibility"], "hidden_sheet") << f.dump();
    EXPECT_EQ(f["location"]["sheet"], "Lookup") << f.dump();
    cells.insert(f["location"]["cell"].get<std::string>());
  }
  // A1:A5 are on the roster, whatever their case and accents; A6 is not.
  EXPECT_EQ(cells, (std::set<std::string>{"A1", "A2", "A3", "A4", "A5"})) << report["findings"].dump(2);
  EXPECT_EQ(report["verdict"], "block");
}

}  // namespace
}  // namespace foiguard
