// The roster library: normalisation, the keyed file, matching every name form,
// and the detector's use of it (records, sensitivity, allowlist and baseline).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "detect/siphash.hpp"
#include "foiguard/foiguard.hpp"

namespace foiguard {
namespace {

const std::string kKey = "0123456789abcdef-synthetic-test-key";

// Synthetic people only.
std::vector<StaffMember> staff() {
  return {
      {"Aoife", "Ní Bhriain", "1234567", "W98765", "4321", false},
      {"Seán", "Mac Giolla Phádraig", "7654321", "", "", true},
      {"Mary Anne", "O'Brien", "5550001", "", "", false},
      {"John", "Smith-Jones", "5550002", "", "", false},
      {"Łukasz", "Wójcik", "", "", "", false},
      {"Jane", "Quarrington", "5550003", "", "", false},
      {"James", "Quarrington", "5550004", "", "", false},
  };
}

const Roster& roster() {
  static const Roster r = Roster::build(staff(), kKey);
  return r;
}

std::vector<std::string> matched(std::string_view text) {
  std::vector<RosterMatch> matches;
  roster().match(text, matches);
  std::vector<std::string> out;
  for (const auto& m : matches) out.emplace_back(text.substr(m.begin, m.end - m.begin));
  return out;
}

TEST(Normalize, FoldsCaseAccentsApostrophesHyphensAndSpacing) {
  EXPECT_EQ(normalize_name("Ní Bhriain, Aoife"), "ni bhriain , aoife");
  EXPECT_EQ(normalize_name("NÍ  BHRIAIN ,AOIFE"), "ni bhriain , aoife");
  EXPECT_EQ(normalize_name("J. O’Brien"), "j obrien");
  EXPECT_EQ(normalize_name("J O'Brien"), "j obrien");
  EXPECT_EQ(normalize_name("Smith-Jones"), "smith jones");
  EXPECT_EQ(normalize_name("Smith\u2013Jones"), "smith jones");
  EXPECT_EQ(normalize_name("Mac Giolla Phádraig"), "mac giolla phadraig");
  EXPECT_EQ(normalize_name("Łukasz Wójcik"), "lukasz wojcik");
  EXPECT_EQ(normalize_name("Straße Dvořák Øre"), "strasse dvorak ore");
  EXPECT_EQ(normalize_name("  Smith,  "), "smith");
  EXPECT_EQ(normalize_name(""), "");
  EXPECT_EQ(normalize_number("pn 012-345"), "PN012345");
}

TEST(SipHash, MatchesTheReferenceVectors) {
  // The SipHash paper's test key 00..0f: the empty message and 00..0e.
  const detect::SipKey key{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};
  EXPECT_EQ(detect::siphash24(key, ""), 0x726fdb47dd0e0e31ull);
  std::string fifteen;
  for (char c = 0; c < 15; ++c) fifteen.push_back(c);
  EXPECT_EQ(detect::siphash24(key, fifteen), 0xa129ca6149be45e5ull);
}

TEST(Roster, RoundTripsThroughItsFileAndCountsPeople) {
  const std::string file = roster().serialize();
  const Roster loaded = Roster::load(file, kKey);
  EXPECT_EQ(loaded.stats().people, 7u);
  EXPECT_EQ(loaded.stats().sensitive, 1u);
  EXPECT_EQ(loaded.stats().entries, roster().stats().entries);
  EXPECT_EQ(loaded.serialize(), file);
  std::vector<RosterMatch> m;
  loaded.match("Signed: Aoife Ni Bhriain", m);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].person, 1u);
}

TEST(Roster, FileHoldsNoNameOrNumberInPlaintext) {
  const std::string file = roster().serialize();
  for (const StaffMember& p : staff()) {
    for (const std::string& value : {p.forename, p.surname, p.pay_number, p.warrant_number, p.collar_number}) {
      if (value.size() < 3) continue;
      EXPECT_EQ(file.find(value), std::string::npos) << value;
      EXPECT_EQ(file.find(normalize_name(value)), std::string::npos) << value;
    }
  }
}

TEST(Roster, RefusesAnotherKeyADamagedFileAndAShortKey) {
  std::string file = roster().serialize();
  EXPECT_THROW(
      {
        try {
          Roster::load(file, "another-key-of-sufficient-length");
        } catch (const RosterError& e) {
          EXPECT_NE(std::string(e.what()).find("key does not match"), std::string::npos);
          throw;
        }
      },
      RosterError);
  std::string damaged = file;
  damaged[damaged.size() / 2] ^= 0x01;
  EXPECT_THROW(Roster::load(damaged, kKey), RosterError);
  EXPECT_THROW(Roster::load(file.substr(0, file.size() - 40), kKey), RosterError);
  EXPECT_THROW(Roster::load("PK\x03\x04 not a roster", kKey), RosterError);
  EXPECT_THROW(Roster::build(staff(), "short"), RosterError);
}

// Text is classified 64 bytes at a time (with AVX2 where the CPU has it, else
// 16 at a time, and short texts byte by byte): a name or number must be found
// wherever it falls against those blocks, and a word running on from the
// block before must not start anything mid-word.
TEST(Roster, FindsNamesAndNumbersAcrossEveryBlockBoundary) {
  for (std::size_t offset = 0; offset < 140; ++offset) {
    const std::string filler(offset + 1, 'x');  // a word that runs on into what follows it
    const std::string text = "Minutes: " + filler + " Aoife Ní Bhriain, warrant W98765, in 2023 at " + filler +
                             "Aoife Ní Bhriain " + filler + "W98765 " + std::string(70, '.');
    std::vector<RosterMatch> m;
    roster().match(text, m);
    ASSERT_EQ(m.size(), 2u) << "offset " << offset;
    EXPECT_EQ(text.substr(m[0].begin, m[0].end - m[0].begin), "Aoife Ní Bhriain") << "offset " << offset;
    EXPECT_EQ(text.substr(m[1].begin, m[1].end - m[1].begin), "W98765") << "offset " << offset;
  }
}

// Blocks are classified a kilobyte at a time, and the starts of a block are
// listed four at a time: numbers among many word starts (16 a block here),
// and a name or number across the kilobyte's end, must each be found once.
TEST(Roster, FindsNamesAcrossTheKilobyteClassifiedAtOnce) {
  std::string dense;
  for (int i = 0; dense.size() < 900; ++i)
    dense += std::string(1, static_cast<char>('B' + i % 20)) + (i % 7 == 6 ? " W98765 " : " 12345 ");
  for (std::size_t offset = 960; offset < 1060; ++offset) {
    const std::string filler(offset - dense.size() - 1, 'x');
    const std::string text = dense + filler + " Aoife Ní Bhriain and W98765 in " + filler + " W98765.";
    std::vector<std::string> expected;
    std::vector<std::size_t> expected_begins;
    for (std::size_t at = text.find("W98765"); at != std::string::npos; at = text.find("W98765", at + 1)) {
      expected.push_back("W98765");
      expected_begins.push_back(at);
    }
    expected.insert(expected.end() - 2, "Aoife Ní Bhriain");
    expected_begins.insert(expected_begins.end() - 2, offset);
    std::vector<RosterMatch> m;
    roster().match(text, m);
    std::vector<std::string> found;
    std::vector<std::size_t> found_begins;
    for (const RosterMatch& match : m) {
      found.push_back(text.substr(match.begin, match.end - match.begin));
      found_begins.push_back(match.begin);
    }
    ASSERT_EQ(expected.size(), 18u);  // 15 in the dense part, the name and two numbers
    EXPECT_EQ(found, expected) << "offset " << offset;
    EXPECT_EQ(found_begins, expected_begins) << "offset " << offset;
  }
}

TEST(Roster, MatchesEveryNameFormAndMultiWordSurnames) {
  EXPECT_EQ(matched("Minutes taken by Aoife Ní Bhriain today."), std::vector<std::string>{"Aoife Ní Bhriain"});
  EXPECT_EQ(matched("Ní Bhriain, Aoife attended"), std::vector<std::string>{"Ní Bhriain, Aoife"});
  EXPECT_EQ(matched("see A. Ní Bhriain and A Ní Bhriain"),
            (std::vector<std::string>{"A. Ní Bhriain", "A Ní Bhriain"}));
  EXPECT_EQ(matched("Ní Bhriain A and NÍ BHRIAIN, A. wrote"),
            (std::vector<std::string>{"Ní Bhriain A", "NÍ BHRIAIN, A"}));
  EXPECT_EQ(matched("MAC GIOLLA PHÁDRAIG, Seán and S. Mac Giolla Phadraig"),
            (std::vector<std::string>{"MAC GIOLLA PHÁDRAIG, Seán", "S. Mac Giolla Phadraig"}));
  EXPECT_EQ(matched("Mary Anne O’Brien’s report; Mary O'Brien; OBrien M"),
            (std::vector<std::string>{"Mary Anne O’Brien", "Mary O'Brien", "OBrien M"}));
  EXPECT_EQ(matched("J. Smith-Jones, Smith\u2013Jones J and John Smith Jones"),
            (std::vector<std::string>{"J. Smith-Jones", "Smith\u2013Jones J", "John Smith Jones"}));
  EXPECT_EQ(matched("Lukasz Wojcik"), std::vector<std::string>{"Lukasz Wojcik"});
}

TEST(Roster, LeavesAloneWhatIsNotOnTheRoster) {
  EXPECT_TRUE(matched("Aoife Smith met Mary Jones and the Ní Bhriain family").empty());
  EXPECT_TRUE(matched("a report by Quarrington a week ago").empty());  // "a" is no initial
  EXPECT_TRUE(matched("aoife ni bhriain").empty());                      // running text starts capitalised
  EXPECT_TRUE(matched("collar 4321 in 2023").empty());                   // short numbers are everywhere
}

TEST(Roster, SaysWhenAFormIsSharedAndFindsNumbers) {
  std::vector<RosterMatch> m;
  roster().match("J. Quarrington and Jane Quarrington, pay 5550004, warrant W98765", m);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].form, RosterForm::initial_name);
  EXPECT_EQ(m[0].people, 2u);
  EXPECT_EQ(m[0].person, 0u);
  EXPECT_EQ(m[1].form, RosterForm::full_name);
  EXPECT_EQ(m[1].people, 1u);
  EXPECT_EQ(m[2].form, RosterForm::pay_number);
  EXPECT_TRUE(roster().same_person(m[0], m[2]));   // one of the J Quarringtons
  EXPECT_FALSE(roster().same_person(m[1], m[2]));  // Jane is not James
  EXPECT_EQ(m[3].form, RosterForm::warrant_number);
}

TEST(Roster, MatchesWholeCellsWhateverTheirCase) {
  std::vector<RosterMatch> m;
  roster().match_cell("ni bhriain, aoife", m);
  roster().match_cell(" w 98765 ", m);
  roster().match_cell("4321", m);  // a collar number alone is not matched
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].form, RosterForm::surname_first);
  EXPECT_EQ(m[1].form, RosterForm::warrant_number);
  EXPECT_EQ(roster().match_number("4321").form, RosterForm::collar_number);
  EXPECT_EQ(roster().match_number("9999").people, 0u);
}

// Cells are looked up eight at a time: matches must still come in cell
// order, at their offsets in the batch text, across group boundaries.
TEST(Roster, MatchesManyCellsOfOneTextInOrder) {
  std::vector<std::string> cells(20, "Sergeant");
  cells[3] = "ni bhriain, aoife";
  cells[7] = " w 98765 ";
  cells[8] = "Police Staff";
  cells[17] = "DS Aoife Ní Bhriain";
  std::string text;
  std::vector<Roster::CellRange> ranges;
  for (const auto& cell : cells) {
    ranges.push_back({text.size(), text.size() + cell.size()});
    text += cell + "\n";
  }
  std::vector<RosterMatch> m;
  roster().match_cells(text, ranges, m);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(text.substr(m[0].begin, m[0].end - m[0].begin), "ni bhriain, aoife");
  EXPECT_EQ(m[0].form, RosterForm::surname_first);
  EXPECT_EQ(text.substr(m[1].begin, m[1].end - m[1].begin), "w 98765");
  EXPECT_EQ(m[1].form, RosterForm::warrant_number);
  EXPECT_EQ(text.substr(m[2].begin, m[2].end - m[2].begin), "Aoife Ní Bhriain");
  EXPECT_EQ(m[2].form, RosterForm::full_name);
}

// ---------------------------------------------------------------- detector

const Detector& detector() {
  static const Detector d(RuleSet::builtin(), std::make_shared<const Roster>(Roster::build(staff(), kKey)));
  return d;
}

DetectOptions values() {
  DetectOptions o;
  o.keep_values = true;
  o.fingerprint_key = kKey;
  return o;
}

const Finding* by_rule(const std::vector<Finding>& findings, std::string_view rule) {
  for (const auto& f : findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

TEST(RosterDetector, AMatchIsHighConfidenceWithNoContext) {
  const auto findings = detector().detect(TextBatch::from_lines("The note was passed to Lukasz Wojcik on Monday."), values());
  const Finding* f = by_rule(findings, "roster.name");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "Lukasz Wojcik");
  EXPECT_EQ(f->category, Category::person_name);
  EXPECT_EQ(f->confidence, Confidence::high);
  EXPECT_EQ(f->context, "roster match (full name)");
  EXPECT_FALSE(f->sensitive_person);
  const Detector plain(RuleSet::builtin());
  EXPECT_EQ(by_rule(plain.detect(TextBatch::from_lines("The note was passed to Lukasz Wojcik on Monday."), values()),
                    "roster.name"),
            nullptr);
}

TEST(RosterDetector, ANameAndNumberOfOnePersonAreOneRecord) {
  const auto findings = detector().detect(TextBatch::from_lines("Aoife Ní Bhriain 1234567 attended"), values());
  const Finding* name = by_rule(findings, "roster.name");
  const Finding* pay = by_rule(findings, "roster.pay_number");
  ASSERT_NE(name, nullptr);
  ASSERT_NE(pay, nullptr);
  EXPECT_NE(name->record, 0u);
  EXPECT_EQ(name->record, pay->record);
  EXPECT_NE(name->context.find("the same person"), std::string::npos) << name->context;
  // Someone else's pay number beside her name is not "the same person".
  const auto other = detector().detect(TextBatch::from_lines("Aoife Ní Bhriain 5550001 attended"), values());
  ASSERT_NE(by_rule(other, "roster.name"), nullptr);
  EXPECT_EQ(by_rule(other, "roster.name")->context.find("the same person"), std::string::npos);
}

TEST(RosterDetector, ASensitivePersonIsCriticalAndBlocksTheFile) {
  const auto findings = detector().detect(TextBatch::from_lines("Report from S. Mac Giolla Phádraig."), values());
  const Finding* f = by_rule(findings, "roster.name");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->sensitive_person);
  EXPECT_EQ(f->severity, Severity::critical);
  const Scanner scanner(detector(), ScanOptions{});
  const FileReport report = scanner.scan_bytes("note.txt", "Report from S. Mac Giolla Phádraig.\n");
  EXPECT_EQ(report.verdict, Verdict::block);
  EXPECT_EQ(report.severity, Severity::critical);
  EXPECT_NE(report.reason.find("flagged sensitive"), std::string::npos) << report.reason;
}

TEST(RosterDetector, TableCellsMatchWhateverTheirCase) {
  TextBatch batch;
  batch.headers = {"Attendee"};
  Span span;
  span.kind = SpanKind::table_cell;
  span.row = 2;
  span.column = 1;
  span.record = 2;
  span.header = 0;
  batch.append("WOJCIK, LUKASZ", span);
  const auto findings = detector().detect(batch, values());
  const Finding* f = by_rule(findings, "roster.name");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "WOJCIK, LUKASZ");
  EXPECT_EQ(f->location.row, 2u);
}

TEST(RosterDetector, ABaselineAcceptsAFindingButNotANewValueAtItsPlace) {
  const auto first = detector().detect(TextBatch::from_lines("Minutes: Lukasz Wojcik"), values());
  const Finding* f = by_rule(first, "roster.name");
  ASSERT_NE(f, nullptr);
  ASSERT_FALSE(f->fingerprint.empty());
  Baseline baseline;
  baseline.add(f->fingerprint);
  DetectOptions options = values();
  options.baseline = &baseline;
  std::vector<Finding> again;
  const DetectStats stats =
      detector().detect(TextBatch::from_lines("Minutes: Lukasz Wojcik"), options, [&](const Finding& x) { again.push_back(x); });
  EXPECT_EQ(by_rule(again, "roster.name"), nullptr);
  EXPECT_EQ(stats.baselined, 1u);
  // Another person at the same place is a new finding.
  std::vector<Finding> changed;
  const DetectStats changed_stats = detector().detect(TextBatch::from_lines("Minutes: Jane Quarrington"), options,
                                                      [&](const Finding& x) { changed.push_back(x); });
  ASSERT_NE(by_rule(changed, "roster.name"), nullptr);
  EXPECT_EQ(changed_stats.baselined, 0u);
}

TEST(RosterDetector, AnAllowlistedNameIsLeftOutAndCounted) {
  const Allowlist allowlist({AllowEntry{{"lukasz wójcik"}, {}, {}, {}, "chief constable: public", "test"}});
  const AllowScope scope = allowlist.scope_for("press/release.txt");
  DetectOptions options = values();
  options.allow = &scope;
  std::vector<Finding> found;
  const DetectStats stats = detector().detect(TextBatch::from_lines("Chief Constable Lukasz Wojcik and Jane Quarrington"),
                                              options, [&](const Finding& x) { found.push_back(x); });
  EXPECT_EQ(stats.allowed, 1u);
  ASSERT_EQ(std::count_if(found.begin(), found.end(), [](const Finding& x) { return x.rule == "roster.name"; }), 1);
  EXPECT_EQ(by_rule(found, "roster.name")->value, "Jane Quarrington");
}

}  // namespace
}  // namespace foiguard
