// Detector rules: positives (the hard names of the issue), negatives (the
// clean look-alikes), context, validators, table columns, records, masking,
// fingerprints and thread safety.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <thread>

#include "detect/masking.hpp"
#include "detect/validators.hpp"
#include "foiguard/detector.hpp"

namespace foiguard {
namespace {

const Detector& detector() {
  static const Detector d(RuleSet::builtin());
  return d;
}

// A table: first row is the header row.
TextBatch table_batch(const std::vector<std::vector<std::string>>& rows) {
  TextBatch batch;
  batch.headers = rows.front();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      Span span;
      span.kind = SpanKind::table_cell;
      span.row = static_cast<std::uint32_t>(r + 1);
      span.line = span.row;
      span.column = static_cast<std::uint32_t>(c + 1);
      span.record = span.row;
      span.header = r == 0 ? -1 : static_cast<std::int32_t>(c);
      batch.append(rows[r][c], span);
    }
  }
  return batch;
}

DetectOptions with_values(Confidence min = Confidence::medium) {
  DetectOptions o;
  o.keep_values = true;
  o.min_confidence = min;
  return o;
}

std::vector<Finding> scan(std::string_view text, Confidence min = Confidence::medium) {
  return detector().detect(TextBatch::from_lines(text), with_values(min));
}

std::vector<std::string> values_of(const std::vector<Finding>& findings, Category category) {
  std::vector<std::string> out;
  for (const auto& f : findings)
    if (f.category == category) out.push_back(f.value);
  return out;
}

const Finding* find(const std::vector<Finding>& findings, Category category, std::string_view value) {
  for (const auto& f : findings)
    if (f.category == category && f.value == value) return &f;
  return nullptr;
}

// --- names after ranks -----------------------------------------------------

struct RankedName {
  const char* text;
  const char* rank;
  const char* number;  // "" when none
  const char* name;
};

void PrintTo(const RankedName& c, std::ostream* os) { *os << '"' << c.text << '"'; }

class RankedNames : public ::testing::TestWithParam<RankedName> {};

TEST_P(RankedNames, FindsNameRankAndNumberAsOneRecord) {
  const auto& c = GetParam();
  const auto findings = scan(std::string(c.text) + " attended the incident.");
  const Finding* name = find(findings, Category::person_name, c.name);
  ASSERT_NE(name, nullptr) << c.text;
  EXPECT_EQ(name->rule, "name.rank_prefix");
  EXPECT_EQ(name->confidence, Confidence::high);
  EXPECT_NE(name->record, 0u) << "name and rank form a record";
  const Finding* rank = find(findings, Category::rank, c.rank);
  ASSERT_NE(rank, nullptr) << c.text;
  EXPECT_EQ(rank->record, name->record);
  if (std::string_view(c.number).empty()) {
    EXPECT_TRUE(values_of(findings, Category::collar_number).empty());
  } else {
    ASSERT_NE(find(findings, Category::collar_number, c.number), nullptr) << c.text;
  }
  EXPECT_EQ(name->location.line, 1u);
  EXPECT_GE(name->location.column.value_or(0), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Issue, RankedNames,
    ::testing::Values(RankedName{"PC 2231 Adeyemi-Walsh", "PC", "2231", "Adeyemi-Walsh"},
                      RankedName{"DS 4417 Okonkwo", "DS", "4417", "Okonkwo"},
                      RankedName{"Insp. O'Neill", "Insp", "", "O'Neill"},
                      RankedName{"Sgt Ní Bhriain", "Sgt", "", "Ní Bhriain"},
                      RankedName{"Chief Inspector Saoirse Kowalczyk", "Chief Inspector", "",
                                 "Saoirse Kowalczyk"},
                      RankedName{"T/DS Mahmoud", "T/DS", "", "Mahmoud"},
                      RankedName{"A/Insp MacGiolla", "A/Insp", "", "MacGiolla"},
                      RankedName{"PS 1234AB Nguyễn", "PS", "1234AB", "Nguyễn"},
                      RankedName{"DCI van der Berg", "DCI", "", "van der Berg"},
                      RankedName{"Detective Sergeant al-Rashid", "Detective Sergeant", "", "al-Rashid"},
                      RankedName{"PCSO Ó Súilleabháin", "PCSO", "", "Ó Súilleabháin"},
                      RankedName{"Ch Supt Mc Adam", "Ch Supt", "", "Mc Adam"},
                      // The name letters of the rules file (UPPER_LETTERS, LOWER_LETTERS):
                      // Latin Extended-A and Additional, Greek, Cyrillic, Armenian.
                      RankedName{"DC Şahin", "DC", "", "Şahin"},
                      RankedName{"PS Łukasiewicz", "PS", "", "Łukasiewicz"},
                      RankedName{"PC 4471 Llŷr", "PC", "4471", "Llŷr"},
                      RankedName{"DS Đặng", "DS", "", "Đặng"},
                      RankedName{"DS Παπαδόπουλος", "DS", "", "Παπαδόπουλος"},
                      RankedName{"PC 2231 Шевченко", "PC", "2231", "Шевченко"},
                      RankedName{"Sgt Պետրոսյան", "Sgt", "", "Պետրոսյան"}),
    [](const ::testing::TestParamInfo<RankedName>& case_info) {
      // gtest names allow only [A-Za-z0-9_]: keep the ASCII letters and digits of the case.
      std::string name;
      for (const char* p = case_info.param.text; *p; ++p)
        if (std::isalnum(static_cast<unsigned char>(*p)) && static_cast<unsigned char>(*p) < 0x80) name += *p;
      return name + "_" + std::to_string(case_info.index);
    });

TEST(Names, RankedNameDropsTrailingCommonWords) {
  const auto findings = scan("DS 4417 Okonkwo Counter Terrorism Command approved it.");
  EXPECT_EQ(values_of(findings, Category::person_name), std::vector<std::string>{"Okonkwo"});
}

TEST(Names, AmbiguousAbbreviationsNeedCorroboration) {
  // PC = personal computer, DC = District Council, CI = confidence interval.
  for (const char* text : {"We bought a PC Specialist laptop for the office.",
                           "The CI Lower bound was 0.4.", "Mid Suffolk DC Planning approved it."}) {
    EXPECT_TRUE(values_of(scan(text), Category::person_name).empty()) << text;
  }
  // With a collar number, or police words nearby, PC is a constable.
  EXPECT_EQ(values_of(scan("PC 2231 Hughes"), Category::person_name), std::vector<std::string>{"Hughes"});
  EXPECT_EQ(values_of(scan("The arresting officer, PC Hughes, gave evidence."), Category::person_name),
            std::vector<std::string>{"Hughes"});
  // Uncorroborated ambiguous hits still exist at low confidence for --min-confidence low.
  const auto low = scan("We bought a PC Specialist laptop.", Confidence::low);
  const Finding* f = find(low, Category::person_name, "Specialist");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->confidence, Confidence::low);
}

TEST(Names, LabelledNamesInAllTheIssueForms) {
  EXPECT_EQ(values_of(scan("Victim: OKONKWO-BALOGUN Chiamaka"), Category::person_name),
            std::vector<std::string>{"OKONKWO-BALOGUN Chiamaka"});
  EXPECT_EQ(values_of(scan("Name: SMITH, J."), Category::person_name), std::vector<std::string>{"SMITH, J"});
  EXPECT_EQ(values_of(scan("Officer: F. Ferreira"), Category::person_name),
            std::vector<std::string>{"F. Ferreira"});
  EXPECT_EQ(values_of(scan("Surname: Kowalczyk"), Category::person_name),
            std::vector<std::string>{"Kowalczyk"});
  // A label that names a thing is not a person.
  EXPECT_TRUE(values_of(scan("File name: Report"), Category::person_name).empty());
  EXPECT_TRUE(values_of(scan("Station name: Bridewell"), Category::person_name).empty());
}

TEST(Names, TitlesAreMediumOnTheirOwn) {
  const auto findings = scan("Mrs Nguyễn wrote to Dr Ahmed al-Rashid.");
  const Finding* a = find(findings, Category::person_name, "Nguyễn");
  const Finding* b = find(findings, Category::person_name, "Ahmed al-Rashid");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->confidence, Confidence::medium);
  EXPECT_EQ(a->record, 0u) << "a lone name is not a personnel record";
}

// --- police numbers, vetting, units ----------------------------------------

TEST(Numbers, PayWarrantStaffAndCollarNumbersAfterKeywords) {
  const auto f = scan("Pay number 482913, warrant card number WC114502, employee no. 0045871, "
                      "collar number 2231AB.");
  EXPECT_EQ(values_of(f, Category::pay_number), std::vector<std::string>{"482913"});
  EXPECT_EQ(values_of(f, Category::warrant_number), std::vector<std::string>{"WC114502"});
  EXPECT_EQ(values_of(f, Category::staff_number), std::vector<std::string>{"0045871"});
  EXPECT_EQ(values_of(f, Category::collar_number), std::vector<std::string>{"2231AB"});
}

TEST(Numbers, DigitsNeedPayContextToBePayNumbers) {
  EXPECT_EQ(values_of(scan("Pay numbers: 482913, 559120 and 600211."), Category::pay_number),
            (std::vector<std::string>{"482913", "559120", "600211"}));
  // FOI references, cost centres and budget codes are not pay numbers.
  for (const char* text : {"Our reference FOI 2023-001234 refers.", "Cost centre 440123 carries the budget.",
                           "Budget code 771203 was used for overtime.", "Phone 07700 900123 for pay queries."}) {
    EXPECT_TRUE(values_of(scan(text), Category::pay_number).empty()) << text;
  }
}

TEST(Vetting, NppvAloneIsNotAFindingButCountsInARecord) {
  // A policy sentence about vetting names nobody.
  EXPECT_TRUE(scan("All staff require NPPV level 2 vetting before access.").empty());
  const auto f = scan("DS 4417 Okonkwo holds NPPV3.");
  const Finding* v = find(f, Category::vetting_level, "NPPV3");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->confidence, Confidence::medium);
  EXPECT_EQ(v->record, find(f, Category::person_name, "Okonkwo")->record);
}

TEST(Vetting, ScIsOnlyVettingWithVettingContext) {
  EXPECT_TRUE(scan("A simple SC in prose, and DV statistics.", Confidence::low).empty());
  const auto f = scan("Sgt Ní Bhriain was vetted to SC level.");
  EXPECT_EQ(values_of(f, Category::vetting_level), std::vector<std::string>{"SC"});
}

TEST(Units, SensitiveUnitRaisesTheRecordSeverity) {
  const auto plain = scan("DS 4417 Okonkwo works in Response.");
  const auto covert = scan("DS 4417 Okonkwo works in the Counter Terrorism Command.");
  const Finding* a = find(plain, Category::person_name, "Okonkwo");
  const Finding* b = find(covert, Category::person_name, "Okonkwo");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_GT(b->severity, a->severity);
  EXPECT_EQ(b->severity, Severity::critical);
  // A unit named with nobody in it is nothing.
  EXPECT_TRUE(scan("The Counter Terrorism Command employs 400 officers.").empty());
}

// --- general UK personal data ----------------------------------------------

TEST(Validators, NationalInsuranceNumberPrefixRules) {
  using detect::valid_nino;
  EXPECT_TRUE(valid_nino("AB 12 34 56 C"));
  EXPECT_TRUE(valid_nino("JG103759A"));
  for (const char* bad : {"BG123456A", "GB123456A", "NK123456A", "KN123456A", "TN123456A",
                          "NT123456A", "ZZ123456A", "DA123456A", "AO123456A", "QQ123456C",
                          "AB123456E", "AB12345C"}) {
    EXPECT_FALSE(valid_nino(bad)) << bad;
  }
  EXPECT_EQ(values_of(scan("NI number AB 12 34 56 C"), Category::nino),
            std::vector<std::string>{"AB 12 34 56 C"});
  EXPECT_TRUE(values_of(scan("NI number GB 12 34 56 C", Confidence::low), Category::nino).empty());
}

// Builds a number with a valid mod-11 check digit from nine digits.
std::string with_check_digit(const std::string& nine) {
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (nine[static_cast<std::size_t>(i)] - '0') * (10 - i);
  const int check = (11 - sum % 11) % 11;
  return check == 10 ? "" : nine + static_cast<char>('0' + check);
}

TEST(Validators, NhsNumberModElevenAndIssuedRanges) {
  using detect::valid_nhs_number;
  const std::string good = with_check_digit("401023213");
  ASSERT_FALSE(good.empty());
  EXPECT_TRUE(valid_nhs_number(good));
  std::string wrong = good;
  wrong.back() = static_cast<char>('0' + (wrong.back() - '0' + 1) % 10);
  EXPECT_FALSE(valid_nhs_number(wrong));
  const std::string test_range = with_check_digit("999123457");
  ASSERT_FALSE(test_range.empty());
  EXPECT_FALSE(valid_nhs_number(test_range)) << "999 is the test range";
  const std::string spaced = good.substr(0, 3) + " " + good.substr(3, 3) + " " + good.substr(6);
  EXPECT_EQ(values_of(scan("NHS number " + spaced), Category::nhs_number), std::vector<std::string>{spaced});
  // Without NHS context a ten-digit number that happens to pass is only low.
  EXPECT_TRUE(values_of(scan("Invoice " + good), Category::nhs_number).empty());
}

TEST(GeneralData, PostcodesFollowBs7666LetterRules) {
  for (const char* ok : {"BS7 8AB", "W1A 1AA", "SK9 5AF", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH"}) {
    EXPECT_EQ(values_of(scan(ok, Confidence::low), Category::postcode), std::vector<std::string>{ok}) << ok;
  }
  for (const char* bad : {"QS1 1AA", "BS7 8CB", "VX1 1AA", "ZZ99 9ZZ"})
    EXPECT_TRUE(values_of(scan(bad, Confidence::low), Category::postcode).empty()) << bad;
}

TEST(GeneralData, DateOfBirthNeedsBirthContextAsAWholeWord) {
  EXPECT_EQ(values_of(scan("DOB: 14/03/1987"), Category::date_of_birth),
            std::vector<std::string>{"14/03/1987"});
  EXPECT_EQ(values_of(scan("born on 2 March 1990 in Leeds"), Category::date_of_birth),
            std::vector<std::string>{"2 March 1990"});
  EXPECT_TRUE(values_of(scan("The request of 14/03/2023 was answered."), Category::date_of_birth).empty());
  // "dob" inside another word is no context.
  EXPECT_TRUE(values_of(scan("Adobe invoice dated 14/03/1987"), Category::date_of_birth).empty());
}

TEST(GeneralData, EmailsPhonesAddressesSalariesAndBankDetails) {
  const auto f = scan("Contact chiamaka.okonkwo@westshire.police.uk or 07700 900123.");
  EXPECT_EQ(values_of(f, Category::email), std::vector<std::string>{"chiamaka.okonkwo@westshire.police.uk"});
  EXPECT_EQ(values_of(f, Category::phone), std::vector<std::string>{"07700 900123"});
  EXPECT_EQ(values_of(scan("She lives at 12 Acacia Avenue, Westbury."), Category::postal_address),
            std::vector<std::string>{"12 Acacia Avenue"});
  const auto bank = scan("Sort code 20-45-77, account number 41234567.");
  EXPECT_EQ(values_of(bank, Category::bank_account), (std::vector<std::string>{"20-45-77", "41234567"}));
  // A salary alone (an average) is nothing; with a name it is a personnel record.
  EXPECT_TRUE(scan("The average salary of a constable is £35,000.").empty());
  const auto paid = scan("PC 2231 Hughes earns a salary of £38,412 a year.");
  EXPECT_EQ(values_of(paid, Category::salary), std::vector<std::string>{"£38,412"});
}

TEST(GeneralData, RegulatorsPublicAddressStaysClean) {
  const auto f = scan(
      "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF.\n"
      "Telephone 0303 123 1113, casework@ico.org.uk");
  EXPECT_TRUE(f.empty()) << f.size() << " findings, first " << (f.empty() ? "" : f[0].rule);
}

// --- tables ------------------------------------------------------------------

TEST(Tables, ColumnHeadersTypeTheCells) {
  const auto batch = table_batch({{"Surname", "Initial", "Rank", "Pay No", "Cost centre", "Unit"},
                                  {"Okonkwo", "C", "DS", "482913", "440123", "Counter Terrorism"},
                                  {"Ní Bhriain", "S.", "Sgt", "559120", "440124", "Response"},
                                  {"O'Neill", "P", "Insp", "600211", "440125", "Roads Policing"}});
  const auto f = detector().detect(batch, with_values());
  EXPECT_EQ(values_of(f, Category::pay_number), (std::vector<std::string>{"482913", "559120", "600211"}));
  EXPECT_EQ(values_of(f, Category::person_name),
            (std::vector<std::string>{"Okonkwo", "C", "Ní Bhriain", "S.", "O'Neill", "P"}));
  EXPECT_EQ(values_of(f, Category::rank), (std::vector<std::string>{"DS", "Sgt", "Insp"}));
  for (const auto& x : f) EXPECT_NE(x.value.substr(0, 4), "4401") << "cost centres are not pay numbers";
  const Finding* pay = find(f, Category::pay_number, "559120");
  ASSERT_NE(pay, nullptr);
  EXPECT_EQ(pay->confidence, Confidence::high);
  EXPECT_EQ(pay->location.row, 3u);
  EXPECT_EQ(pay->location.column, 4u);
  EXPECT_EQ(pay->location.header, "Pay No");
  EXPECT_EQ(pay->context, "column 'Pay No'");
  EXPECT_NE(pay->record, 0u);
  EXPECT_EQ(pay->record, find(f, Category::person_name, "Ní Bhriain")->record);
  EXPECT_EQ(find(f, Category::sensitive_unit, "Counter Terrorism")->record,
            find(f, Category::person_name, "Okonkwo")->record);
}

TEST(Tables, CountsPerRankStayClean) {
  const auto batch = table_batch({{"Rank", "Headcount", "Cost centre"},
                                  {"Constable", "1234", "440123"},
                                  {"Sergeant", "321", "440124"},
                                  {"Inspector", "88", "440125"}});
  EXPECT_TRUE(detector().detect(batch, with_values()).empty());
}

TEST(Tables, NameColumnsAcceptTheIssueForms) {
  const auto batch = table_batch({{"Name", "Notes"},
                                  {"SMITH, J.", ""},
                                  {"OKONKWO-BALOGUN Chiamaka", ""},
                                  {"F. Ferreira", ""},
                                  {"Kowalczyk S", ""},
                                  {"Total", "12"},
                                  {"Ó Súilleabháin, Pádraig", ""}});
  const auto f = detector().detect(batch, with_values());
  EXPECT_EQ(values_of(f, Category::person_name),
            (std::vector<std::string>{"SMITH, J.", "OKONKWO-BALOGUN Chiamaka", "F. Ferreira", "Kowalczyk S",
                                      "Ó Súilleabháin, Pádraig"}));
}

TEST(Tables, ContextRulesUseTheHeader) {
  const auto batch = table_batch({{"Person", "Birthday"}, {"Adaeze Obi", "03/07/1985"}});
  const auto f = detector().detect(batch, with_values());
  EXPECT_EQ(values_of(f, Category::date_of_birth), std::vector<std::string>{"03/07/1985"});
}

TEST(Tables, HeaderContextReachesOnlyTheCellsUnderIt) {
  // "Birthday" is context for the dates under it, not for the start dates
  // beside them; a cell that says "born" is context for its own date, which
  // is found once (also under "Birthday", where both give context).
  const auto batch = table_batch({{"Person", "Birthday", "Start date", "Notes"},
                                  {"Adaeze Obi", "03/07/1985", "01/09/2010", "born 12/02/1961 in Leeds"},
                                  {"Tomasz Nowak", "born 15/11/1990", "04/04/2015", "started 04/04/2015"}});
  const auto f = detector().detect(batch, with_values());
  EXPECT_EQ(values_of(f, Category::date_of_birth),
            (std::vector<std::string>{"03/07/1985", "12/02/1961", "15/11/1990"}));
  const Finding* noted = find(f, Category::date_of_birth, "12/02/1961");
  ASSERT_NE(noted, nullptr);
  EXPECT_EQ(noted->location.header, "Notes");
  EXPECT_EQ(noted->location.row, 2u);
}

TEST(Tables, RepeatedCellsGetTheFindingsOfTheFirstAtTheirOwnPlace) {
  // Repeated free-text cells reuse the first one's regex results; --explain
  // scans every cell afresh, so both must give the same findings.
  std::vector<std::vector<std::string>> rows = {{"Surname", "Rank", "Unit", "Notes"}};
  for (int i = 0; i < 30; ++i)
    rows.push_back({i % 2 ? "Okonkwo" : "Ní Bhriain", "PC", i % 3 ? "Counter Terrorism Command" : "Response",
                    i % 4 ? "Call 07700 900123 after DS 4417 Mahmoud" : ""});
  const auto batch = table_batch(rows);
  DetectOptions reused;
  DetectOptions fresh;
  fresh.explain = true;
  const auto a = detector().detect(batch, reused);
  const auto b = detector().detect(batch, fresh);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].rule, b[i].rule) << i;
    EXPECT_EQ(a[i].masked, b[i].masked) << i;
    EXPECT_EQ(a[i].record, b[i].record) << i;
    EXPECT_EQ(a[i].confidence, b[i].confidence) << i;
    EXPECT_EQ(a[i].location.row, b[i].location.row) << i;
    EXPECT_EQ(a[i].location.column, b[i].location.column) << i;
    EXPECT_EQ(a[i].context, b[i].context) << i;
  }
  std::size_t phones = 0, units = 0;
  for (const auto& f : a) {
    phones += f.category == Category::phone;
    units += f.category == Category::sensitive_unit;
    if (f.category == Category::phone) {
      EXPECT_EQ(f.location.header, "Notes");
    }
  }
  EXPECT_EQ(phones, 22u) << "every non-empty Notes cell";
  EXPECT_EQ(units, 20u) << "every Counter Terrorism Command cell";
  const auto last_phone = std::find_if(a.rbegin(), a.rend(), [](const Finding& f) { return f.category == Category::phone; });
  ASSERT_NE(last_phone, a.rend());
  EXPECT_EQ(last_phone->location.row, 31u) << "the last data row (i = 29) has a note";
}

// --- output: masks, fingerprints, explain, threads ---------------------------

TEST(Output, ValuesAreMaskedAndOnlyKeptOnRequest) {
  DetectOptions o;
  const auto f = detector().detect(TextBatch::from_lines("DS 4417 Okonkwo"), o);
  const auto it = std::find_if(f.begin(), f.end(), [](const Finding& x) { return x.category == Category::person_name; });
  ASSERT_NE(it, f.end());
  EXPECT_EQ(it->masked, "O******");
  EXPECT_TRUE(it->value.empty());
  EXPECT_TRUE(it->fingerprint.empty()) << "no key, no fingerprint";
}

TEST(Output, OnlyTheFirstRenderLimitFindingsAreRendered) {
  const auto batch = table_batch({{"Surname", "Rank", "Pay No"},
                                  {"Okonkwo", "DS", "482913"},
                                  {"Adeyemi", "Sgt", "559120"}});
  DetectOptions all;
  all.fingerprint_key = "test-key";
  DetectOptions first_two = all;
  first_two.render_limit = 2;
  const auto full = detector().detect(batch, all);
  const auto limited = detector().detect(batch, first_two);
  ASSERT_EQ(full.size(), 6u);
  ASSERT_EQ(limited.size(), full.size()) << "every finding still goes out, to be counted";
  for (std::size_t i = 0; i < full.size(); ++i) {
    EXPECT_EQ(limited[i].rule, full[i].rule) << i;
    EXPECT_EQ(limited[i].record, full[i].record) << i;
    EXPECT_EQ(limited[i].location.row, full[i].location.row) << i;
    if (i < 2) {
      EXPECT_EQ(limited[i].masked, full[i].masked) << i;
      EXPECT_EQ(limited[i].fingerprint, full[i].fingerprint) << i;
      EXPECT_EQ(limited[i].location.cell, full[i].location.cell) << i;
    } else {
      EXPECT_FALSE(full[i].masked.empty()) << i;
      EXPECT_TRUE(limited[i].masked.empty()) << i;
      EXPECT_TRUE(limited[i].fingerprint.empty()) << i;
      EXPECT_FALSE(limited[i].location.header.has_value()) << i;
    }
  }
}

TEST(Output, FingerprintsAreKeyedAndDependOnValueAndPlace) {
  DetectOptions o;
  o.fingerprint_key = "test-key";
  const auto fp = [&](std::string_view text, std::size_t line_index = 0) {
    const auto f = detector().detect(TextBatch::from_lines(text), o);
    std::vector<std::string> out;
    for (const auto& x : f)
      if (x.category == Category::person_name) out.push_back(x.fingerprint);
    return out.at(line_index);
  };
  const std::string a = fp("DS 4417 Okonkwo");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a, fp("DS 4417 Okonkwo"));
  EXPECT_NE(a, fp("DS 4417 Adeyemi")) << "a different value at the same place is new";
  EXPECT_NE(a, fp("\nDS 4417 Okonkwo")) << "the same value elsewhere is another finding";
  o.fingerprint_key = "other-key";
  EXPECT_NE(a, fp("DS 4417 Okonkwo"));
  EXPECT_EQ(a.find("kwo"), std::string::npos);
}

TEST(Output, FingerprintsAreStandardHmacSha256) {
  // RFC 4231 test cases 2 (short key) and 6 (key longer than a block).
  std::string hex;
  detect::Fingerprinter jefe("Jefe");
  jefe.hmac_hex("what do ya want for nothing?", hex);
  EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  detect::Fingerprinter long_key(std::string(131, '\xaa'));
  long_key.hmac_hex("Test Using Larger Than Block-Size Key - Hash Key First", hex);
  EXPECT_EQ(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // A finding's fingerprint is the first half over rule, normalised value and place.
  std::string fp;
  jefe.compute("name.rank_prefix", "  Okonkwo ", "||0|3", fp);
  jefe.hmac_hex(std::string("name.rank_prefix\0okonkwo\0||0|3", 30), hex, 16);
  EXPECT_EQ(fp, hex);
  EXPECT_EQ(fp, detect::fingerprint("Jefe", "name.rank_prefix", "Okonkwo", "||0|3"));
}

TEST(Output, ExplainShowsWhatRaisedAndLoweredConfidence) {
  DetectOptions o;
  o.explain = true;
  o.min_confidence = Confidence::low;
  const auto f = detector().detect(TextBatch::from_lines("We bought a PC Specialist laptop."), o);
  ASSERT_FALSE(f.empty());
  const auto& ev = f.front().evidence;
  ASSERT_GE(ev.size(), 2u);
  EXPECT_NE(ev[0].find("base high"), std::string::npos);
  EXPECT_TRUE(std::any_of(ev.begin(), ev.end(), [](const std::string& e) { return e.find("ambiguous") != std::string::npos; }));
}

TEST(Output, LocationsPointAtLineAndCharacterColumn) {
  const auto f = scan("first line\n  Les mots de Sgt Ní Bhriain ici");
  const Finding* n = find(f, Category::person_name, "Ní Bhriain");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->location.line, 2u);
  EXPECT_EQ(n->location.column, 19u);  // characters, not bytes
}

TEST(Threads, OneDetectorServesManyThreadsWithIdenticalResults) {
  std::string text;
  for (int i = 0; i < 2000; ++i)
    text += "Line " + std::to_string(i) + ": DS " + std::to_string(1000 + i) + " Okonkwo holds NPPV3.\n";
  const auto expected = scan(text);
  ASSERT_EQ(expected.size(), 2000u * 4);
  std::vector<std::size_t> sizes(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] { sizes[static_cast<std::size_t>(t)] = scan(text).size(); });
  for (auto& th : threads) th.join();
  for (auto s : sizes) EXPECT_EQ(s, expected.size());
}

// --- the rules themselves --------------------------------------------------------

TEST(Rules, EveryBuiltinRuleFiresOnItsOwnExample) {
  const RuleSet rules = RuleSet::builtin();
  DetectOptions o;
  o.min_confidence = Confidence::low;
  for (const auto& rule : rules.text_rules) {
    ASSERT_FALSE(rule.example.empty()) << rule.id;
    const auto f = detector().detect(TextBatch::from_lines(rule.example), o);
    EXPECT_TRUE(std::any_of(f.begin(), f.end(), [&](const Finding& x) { return x.rule == rule.id; }))
        << rule.id << " does not fire on its example '" << rule.example << "'";
  }
}

TEST(Rules, ProblemsInARulesFileNameTheLineAndRule) {
  try {
    RuleSet::from_toml("version = \"t\"\n[[rule]]\nid = \"x\"\ncategory = \"nonsense\"\npattern = 'a'\n", "p.toml");
    FAIL() << "expected RuleError";
  } catch (const RuleError& e) {
    EXPECT_NE(std::string(e.what()).find("p.toml:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("nonsense"), std::string::npos) << e.what();
  }
  const RuleSet bad = RuleSet::from_toml("[[rule]]\nid = \"broken\"\ncategory = \"email\"\npattern = '(unclosed'\n", "q.toml");
  try {
    Detector d(bad);
    FAIL() << "expected RuleError";
  } catch (const RuleError& e) {
    EXPECT_NE(std::string(e.what()).find("broken"), std::string::npos) << e.what();
  }
}

TEST(Rules, VersionChangesWithContent) {
  const auto a = RuleSet::from_toml("version = \"1\"\n[[rule]]\nid = \"a\"\ncategory = \"email\"\npattern = 'a@b'\n", "a");
  const auto b = RuleSet::from_toml("version = \"1\"\n[[rule]]\nid = \"a\"\ncategory = \"email\"\npattern = 'a@c'\n", "b");
  EXPECT_NE(a.version, b.version);
  EXPECT_EQ(a.version.rfind("1+", 0), 0u);
}

}  // namespace
}  // namespace foiguard
