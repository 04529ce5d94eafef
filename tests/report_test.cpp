// Reports over hand-built FileReports: the JSON field names and nulls other
// tools rely on, masking, the human layout, summaries and exit codes. Also the
// names and location rendering the reports are made of.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "foiguard/report.hpp"

namespace foiguard {
namespace {

using nlohmann::json;

Finding make_finding(Category category, std::string masked, std::uint32_t line, std::uint32_t column,
                     std::uint32_t record) {
  Finding f;
  f.category = category;
  f.rule = category == Category::person_name ? "name.rank_prefix" : "rank.word";
  f.confidence = Confidence::high;
  f.severity = Severity::critical;
  f.location.path = "letters/reply.txt";
  f.location.line = line;
  f.location.column = column;
  f.masked = std::move(masked);
  f.fingerprint = "0123456789abcdef0123456789abcdef";
  f.context = "rank prefix 'DS'";
  f.evidence = {"base high (rule name.rank_prefix)", "+ context 'command' -> high"};
  f.record = record;
  return f;
}

// A letter with one personnel record (name + rank on line 14) and a lone,
// hidden e-mail address further down.
FileReport blocked_letter() {
  FileReport r;
  r.path = "letters/reply.txt";
  r.format = "text";
  r.verdict = Verdict::block;
  r.reason = "1 personnel record";
  r.bytes = 2048;
  r.findings.push_back(make_finding(Category::rank, "D*", 14, 3, 1));
  r.findings.push_back(make_finding(Category::person_name, "O******", 14, 11, 1));
  Finding email = make_finding(Category::email, "j****@e******.org", 30, 1, 0);
  email.rule = "email.address";
  email.confidence = Confidence::medium;
  email.severity = Severity::medium;
  email.visibility = Visibility::hidden_text;
  email.fingerprint.clear();
  r.findings.push_back(email);
  r.findings_total = 3;
  Record record;
  record.id = 1;
  record.categories = {Category::person_name, Category::rank};
  record.personnel = true;
  record.summary = "person name + rank";
  r.records.push_back(record);
  r.records_total = 1;
  r.personnel_records = 1;
  return r;
}

FileReport clean_file(const std::string& path) {
  FileReport r;
  r.path = path;
  r.format = "csv";
  r.verdict = Verdict::clean;
  r.reason = "no personal data found";
  r.bytes = 100;
  return r;
}

FileReport unreadable_image() {
  FileReport r;
  r.path = "scans/page1.png";
  r.format = "png";
  r.verdict = Verdict::error;
  r.error = "PNG image: not checked";
  r.reason = r.error;
  r.not_checked.push_back({"", r.error});
  r.bytes = 16;
  return r;
}

std::string json_of(const std::vector<FileReport>& files, ReportOptions options = {}) {
  std::ostringstream out;
  write_json(out, files, summarize(files), options);
  return out.str();
}

std::string human_of(const FileReport& file, ReportOptions options = {}) {
  std::ostringstream out;
  write_human(out, file, options);
  return out.str();
}

TEST(JsonReport, TopLevelShapeAndSummary) {
  const auto doc = json::parse(json_of({blocked_letter(), clean_file("stats.csv"), unreadable_image()}));
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["tool"]["name"], "foiguard");
  EXPECT_FALSE(doc["tool"]["version"].get<std::string>().empty());
  ASSERT_EQ(doc["files"].size(), 3u);
  const auto& s = doc["summary"];
  EXPECT_EQ(s["files"], 3);
  EXPECT_EQ(s["block"], 1);
  EXPECT_EQ(s["clean"], 1);
  EXPECT_EQ(s["review"], 0);
  EXPECT_EQ(s["error"], 1);
  EXPECT_EQ(s["findings"], 3);
  EXPECT_EQ(s["records"], 1);
  EXPECT_EQ(s["hidden_findings"], 1);
  EXPECT_EQ(s["not_checked"], 1);
  EXPECT_EQ(s["bytes"], 2048 + 100 + 16);
  EXPECT_TRUE(s["seconds"].is_number());
}

TEST(JsonReport, FileFields) {
  const auto doc = json::parse(json_of({blocked_letter(), unreadable_image()}));
  const auto& letter = doc["files"][0];
  EXPECT_EQ(letter["path"], "letters/reply.txt");
  EXPECT_EQ(letter["format"], "text");
  EXPECT_EQ(letter["verdict"], "block");
  EXPECT_TRUE(letter["error"].is_null());
  EXPECT_EQ(letter["reason"], "1 personnel record");
  EXPECT_EQ(letter["bytes"], 2048);
  EXPECT_EQ(letter["not_checked"], json::array());
  ASSERT_EQ(letter["records"].size(), 1u);
  const auto& record = letter["records"][0];
  EXPECT_EQ(record["id"], 1);
  EXPECT_EQ(record["categories"], json({"person_name", "rank"}));
  EXPECT_EQ(record["personnel"], true);
  EXPECT_EQ(record["sensitive"], false);
  EXPECT_EQ(record["visibility"], "visible");
  EXPECT_EQ(record["summary"], "person name + rank");
  EXPECT_EQ(letter["findings"].size(), 3u);

  const auto& image = doc["files"][1];
  EXPECT_EQ(image["verdict"], "error");
  EXPECT_EQ(image["error"], "PNG image: not checked");
  ASSERT_EQ(image["not_checked"].size(), 1u);
  EXPECT_TRUE(image["not_checked"][0]["part"].is_null()) << "the whole file";
  EXPECT_EQ(image["not_checked"][0]["reason"], "PNG image: not checked");
  EXPECT_EQ(image["findings"], json::array());
}

TEST(JsonReport, FindingFieldsWithNullsForUnknownLocationParts) {
  const auto doc = json::parse(json_of({blocked_letter()}));
  const auto& name = doc["files"][0]["findings"][1];
  EXPECT_EQ(name["category"], "person_name");
  EXPECT_EQ(name["rule"], "name.rank_prefix");
  EXPECT_EQ(name["confidence"], "high");
  EXPECT_EQ(name["severity"], "critical");
  EXPECT_EQ(name["visibility"], "visible");
  EXPECT_EQ(name["masked"], "O******");
  EXPECT_EQ(name["fingerprint"], "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(name["context"], "rank prefix 'DS'");
  EXPECT_EQ(name["record"], 1);
  const auto& loc = name["location"];
  EXPECT_EQ(loc["container"], json::array());
  for (const char* absent : {"part", "sheet", "cell", "row", "header", "page", "box", "slide", "paragraph", "author"})
    EXPECT_TRUE(loc[absent].is_null()) << absent;
  EXPECT_EQ(loc["line"], 14);
  EXPECT_EQ(loc["column"], 11);
  EXPECT_EQ(loc.size(), 13u) << loc.dump();

  const auto& email = doc["files"][0]["findings"][2];
  EXPECT_TRUE(email["record"].is_null()) << "a lone finding has no record";
  EXPECT_TRUE(email["fingerprint"].is_null()) << "no key, no fingerprint";
  EXPECT_EQ(email["visibility"], "hidden_text");
}

TEST(JsonReport, RawValueOnlyWhenTheFindingCarriesIt) {
  auto letter = blocked_letter();
  const auto masked = json::parse(json_of({letter}));
  for (const auto& f : masked["files"][0]["findings"]) EXPECT_FALSE(f.contains("value")) << f.dump();
  EXPECT_EQ(json_of({letter}).find("Okonkwo"), std::string::npos);

  letter.findings[1].value = "Okonkwo";
  const auto shown = json::parse(json_of({letter}));
  EXPECT_EQ(shown["files"][0]["findings"][1]["value"], "Okonkwo");
  EXPECT_EQ(shown["files"][0]["findings"][1]["masked"], "O******");
  EXPECT_FALSE(shown["files"][0]["findings"][0].contains("value"));
}

TEST(JsonReport, EvidenceOnlyWithExplain) {
  const auto plain = json::parse(json_of({blocked_letter()}));
  for (const auto& f : plain["files"][0]["findings"]) EXPECT_FALSE(f.contains("evidence"));
  ReportOptions explain;
  explain.explain = true;
  const auto explained = json::parse(json_of({blocked_letter()}, explain));
  EXPECT_EQ(explained["files"][0]["findings"][1]["evidence"],
            json({"base high (rule name.rank_prefix)", "+ context 'command' -> high"}));
}

TEST(JsonReport, TableAndContainerLocations) {
  auto file = blocked_letter();
  Location& loc = file.findings[0].location;
  loc = Location{};
  loc.container = {"drop.zip", "staff.xlsx"};
  loc.part = "xl/worksheets/sheet3.xml";
  loc.sheet = "Staff";
  loc.cell = "C17";
  loc.row = 17;
  loc.column = 3;
  loc.header = "Pay No";
  const auto j = json::parse(json_of({file}))["files"][0]["findings"][0]["location"];
  EXPECT_EQ(j["container"], json({"drop.zip", "staff.xlsx"}));
  EXPECT_EQ(j["part"], "xl/worksheets/sheet3.xml");
  EXPECT_EQ(j["sheet"], "Staff");
  EXPECT_EQ(j["cell"], "C17");
  EXPECT_EQ(j["row"], 17);
  EXPECT_EQ(j["column"], 3);
  EXPECT_EQ(j["header"], "Pay No");
  EXPECT_TRUE(j["line"].is_null());
}

TEST(JsonReport, UnlistedFindingsAreCounted) {
  auto file = blocked_letter();
  file.unlisted.push_back({Category::pay_number, "column.pay_number", Visibility::hidden_sheet, 5000});
  file.findings_total += 5000;
  const auto doc = json::parse(json_of({file}));
  EXPECT_EQ(doc["files"][0]["findings_total"], 5003);
  ASSERT_EQ(doc["files"][0]["unlisted"].size(), 1u);
  EXPECT_EQ(doc["files"][0]["unlisted"][0]["count"], 5000);
  EXPECT_EQ(doc["files"][0]["unlisted"][0]["visibility"], "hidden_sheet");
  EXPECT_EQ(doc["summary"]["findings"], 5003);
  EXPECT_EQ(doc["summary"]["hidden_findings"], 5001);
}

TEST(JsonReport, InvalidUtf8IsReplacedNotThrown) {
  auto file = clean_file("caf\xE9.csv");  // a Latin-1 file name
  std::string text;
  ASSERT_NO_THROW(text = json_of({file}));
  EXPECT_EQ(json::parse(text)["files"][0]["path"], "caf\xEF\xBF\xBD.csv");
}

// Strings are scanned 16 bytes at a time: every kind of byte that needs care,
// at every position of short and long strings, must come back as it went in
// (or as U+FFFD when it is not UTF-8).
TEST(JsonReport, EscapesEveryKindOfByteAtEveryPosition) {
  const std::vector<std::pair<std::string, std::string>> specials = {
      {"\"", "\""}, {"\\", "\\"}, {"\n", "\n"}, {"\t", "\t"}, {std::string(1, '\0'), std::string(1, '\0')},
      {"\x1f", "\x1f"}, {"\xC3\xA9", "\xC3\xA9"}, {"\xE2\x80\x99", "\xE2\x80\x99"},
      {"\xF0\x9F\x99\x82", "\xF0\x9F\x99\x82"}, {"\xE9", "\xEF\xBF\xBD"}, {"\xC3", "\xEF\xBF\xBD"}};
  for (const auto& [special, decoded] : specials) {
    for (std::size_t length : {0u, 5u, 15u, 16u, 17u, 31u, 40u}) {
      for (std::size_t at = 0; at <= length; ++at) {
        const std::string plain(length, 'a');
        const std::string text = plain.substr(0, at) + special + plain.substr(at);
        auto file = clean_file(text);
        const json doc = json::parse(json_of({file}));
        ASSERT_EQ(doc["files"][0]["path"], plain.substr(0, at) + decoded + plain.substr(at))
            << "length " << length << ", special at " << at;
      }
    }
  }
}

TEST(JsonLines, FindingLinesThenFileLineThenSummary) {
  std::ostringstream out;
  write_jsonl(out, blocked_letter(), {});
  write_jsonl(out, clean_file("stats.csv"), {});
  write_jsonl_summary(out, summarize({blocked_letter(), clean_file("stats.csv")}));
  std::vector<json> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 6u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[i]["type"], "finding");
    EXPECT_EQ(lines[i]["path"], "letters/reply.txt");
  }
  EXPECT_EQ(lines[1]["masked"], "O******");
  EXPECT_EQ(lines[1]["location"]["line"], 14);
  EXPECT_EQ(lines[3]["type"], "file");
  EXPECT_EQ(lines[3]["verdict"], "block");
  EXPECT_FALSE(lines[3].contains("findings"));
  EXPECT_EQ(lines[3]["records"].size(), 1u);
  EXPECT_EQ(lines[4]["type"], "file");
  EXPECT_EQ(lines[4]["path"], "stats.csv");
  EXPECT_EQ(lines[5]["type"], "summary");
  EXPECT_EQ(lines[5]["files"], 2);
  EXPECT_EQ(lines[5]["block"], 1);
}

TEST(HumanReport, BlockedFileGroupsFindingsByRecord) {
  const auto text = human_of(blocked_letter());
  EXPECT_EQ(text.rfind("BLOCK   letters/reply.txt (text): 1 personnel record\n", 0), 0u) << text;
  EXPECT_NE(text.find("  record 1 (line 14): person name + rank\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    line 14, col 11  person_name  high    O******  rank prefix 'DS'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  other findings:\n    line 30, col 1   email        medium  [hidden_text] j****@e******.org"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("Okonkwo"), std::string::npos);
  EXPECT_EQ(text.find("base high"), std::string::npos) << "evidence only with explain";
  EXPECT_EQ(text.find('\033'), std::string::npos) << "no colour unless asked";
}

TEST(HumanReport, ShowsRawValuesAndEvidenceWhenPresent) {
  auto letter = blocked_letter();
  letter.findings[1].value = "Okonkwo";
  ReportOptions explain;
  explain.explain = true;
  const auto text = human_of(letter, explain);
  EXPECT_NE(text.find("high    Okonkwo  rank prefix"), std::string::npos) << text;
  EXPECT_NE(text.find("        + context 'command' -> high\n"), std::string::npos) << text;
}

TEST(HumanReport, LongListingStopsAtARecordBoundaryAndCountsTheRest) {
  FileReport table = blocked_letter();
  table.findings.clear();
  for (std::uint32_t row = 1; row <= 4; ++row) {
    table.findings.push_back(make_finding(Category::person_name, "S****", row, 1, row));
    table.findings.push_back(make_finding(Category::rank, "P*", row, 2, row));
    table.findings.push_back(make_finding(Category::pay_number, "1*****", row, 3, row));
  }
  ReportOptions limited;
  limited.human_findings = 4;  // inside record 2: record 2 is still shown whole
  const auto text = human_of(table, limited);
  EXPECT_NE(text.find("  record 2 (line 2)"), std::string::npos) << text;
  EXPECT_NE(text.find("    line 2, col 3  pay_number"), std::string::npos) << text;
  EXPECT_EQ(text.find("record 3"), std::string::npos) << text;
  EXPECT_NE(text.find("  + 6 more findings not shown here (listed in the JSON report)\n"), std::string::npos) << text;
  EXPECT_EQ(human_of(table).find("not shown"), std::string::npos) << "0 lists every finding";
}

TEST(HumanReport, ColumnsFitTheFindingsListedNotTheOnesLeftOut) {
  FileReport table = blocked_letter();
  table.findings.clear();
  for (std::uint32_t row = 1; row <= 3; ++row)
    table.findings.push_back(make_finding(Category::person_name, "S****", row, 1, row));
  Finding wide = make_finding(Category::postal_address, "1* H*** S*****", 40, 1, 0);
  wide.location.line = 40000;  // wider location and category, past the listing limit
  table.findings.push_back(wide);
  ReportOptions limited;
  limited.human_findings = 3;
  const auto text = human_of(table, limited);
  EXPECT_NE(text.find("    line 3, col 1  person_name  high    S****"), std::string::npos) << text;
  EXPECT_NE(text.find("  + 1 more finding not shown here"), std::string::npos) << text;
  // Listed, the wide finding widens every column.
  EXPECT_NE(human_of(table).find("    line 3, col 1      person_name     high    S****"), std::string::npos)
      << human_of(table);
}

TEST(HumanReport, CleanFileIsOneLine) {
  EXPECT_EQ(human_of(clean_file("stats.csv")), "CLEAN   stats.csv (csv): no personal data found\n");
}

TEST(HumanReport, NotCheckedPartsAreListed) {
  EXPECT_EQ(human_of(unreadable_image()), "ERROR   scans/page1.png (png): PNG image: not checked\n")
      << "the reason is on the verdict line once";
  FileReport partial = clean_file("pack.csv");
  partial.verdict = Verdict::review;
  partial.reason = "1 part could not be checked";
  partial.not_checked.push_back({"", "unterminated quote at line 40"});
  EXPECT_NE(human_of(partial).find("  not checked: whole file: unterminated quote at line 40\n"), std::string::npos);
}

TEST(HumanReport, ColourMarksTheVerdict) {
  ReportOptions color;
  color.color = true;
  EXPECT_EQ(human_of(blocked_letter(), color).rfind("\033[1;31mBLOCK \033[0m", 0), 0u);
  EXPECT_EQ(human_of(clean_file("a.csv"), color).rfind("\033[32mCLEAN \033[0m", 0), 0u);
  EXPECT_EQ(human_of(unreadable_image(), color).rfind("\033[1;35mERROR \033[0m", 0), 0u);
}

TEST(HumanReport, TableLocationsShowRowColumnAndHeader) {
  FileReport sheet = blocked_letter();
  for (auto& f : sheet.findings) {
    f.location.line.reset();
    f.location.row = 5;
    f.location.column = 2;
    f.location.header = "Pay No";
  }
  const auto text = human_of(sheet);
  EXPECT_NE(text.find("  record 1 (row 5): person name + rank\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    row 5, col 2 [Pay No]  rank "), std::string::npos) << text;
}

TEST(HumanSummary, CountsAndWhereToLookFirst) {
  std::vector<FileReport> files;
  for (int i = 0; i < 7; ++i) {
    FileReport f = blocked_letter();
    f.path = "pack/block" + std::to_string(i) + ".txt";
    f.personnel_records = static_cast<std::uint64_t>(i % 3);  // 0,1,2,0,1,2,0
    f.findings_total = static_cast<std::uint64_t>(10 + i);
    files.push_back(f);
  }
  files.push_back(clean_file("pack/stats.csv"));
  files.push_back(unreadable_image());
  auto summary = summarize(files);
  summary.seconds = 1.26;
  std::ostringstream out;
  write_human_summary(out, files, summary, {});
  const auto text = out.str();
  EXPECT_NE(text.find("7 BLOCK, 0 REVIEW, 1 CLEAN, 1 ERROR"), std::string::npos) << text;
  EXPECT_NE(text.find("91 findings (7 hidden), 6 personnel records"), std::string::npos) << text;
  EXPECT_NE(text.find("1 file not fully checked\n    scans/page1.png: PNG image: not checked\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find(", 1.3 s"), std::string::npos) << text;
  // Most personnel records first, then most findings; five at most.
  const auto look = text.find("Look at first:\n");
  ASSERT_NE(look, std::string::npos) << text;
  EXPECT_EQ(text.substr(look),
            "Look at first:\n"
            "  pack/block5.txt: 2 personnel records, 15 findings\n"
            "  pack/block2.txt: 2 personnel records, 12 findings\n"
            "  pack/block4.txt: 1 personnel record, 14 findings\n"
            "  pack/block1.txt: 1 personnel record, 11 findings\n"
            "  pack/block6.txt: 0 personnel records, 16 findings\n");
}

TEST(HumanSummary, NothingToLookAtWhenNothingIsBlocked) {
  const std::vector<FileReport> files{clean_file("a.csv")};
  std::ostringstream out;
  write_human_summary(out, files, summarize(files), {});
  EXPECT_EQ(out.str().find("Look at first"), std::string::npos);
  EXPECT_NE(out.str().find("0 files not fully checked"), std::string::npos);
}

TEST(ExitCode, Table) {
  const auto with = [](std::uint64_t clean, std::uint64_t review, std::uint64_t block, std::uint64_t error,
                       std::uint64_t not_checked) {
    ScanSummary s;
    s.clean = clean, s.review = review, s.block = block, s.error = error, s.not_checked = not_checked;
    s.files = clean + review + block + error;
    return s;
  };
  EXPECT_EQ(exit_code(with(3, 0, 0, 0, 0), Verdict::block), 0);
  EXPECT_EQ(exit_code(with(0, 0, 0, 0, 0), Verdict::block), 0) << "nothing to scan";
  EXPECT_EQ(exit_code(with(2, 1, 0, 0, 0), Verdict::block), 0) << "REVIEW does not fail by default";
  EXPECT_EQ(exit_code(with(2, 1, 0, 0, 0), Verdict::review), 1);
  EXPECT_EQ(exit_code(with(2, 0, 1, 0, 0), Verdict::block), 1);
  EXPECT_EQ(exit_code(with(2, 0, 1, 0, 0), Verdict::review), 1);
  EXPECT_EQ(exit_code(with(2, 0, 1, 1, 1), Verdict::block), 1) << "a BLOCK outranks an unchecked file";
  EXPECT_EQ(exit_code(with(2, 0, 0, 1, 1), Verdict::block), 3);
  EXPECT_EQ(exit_code(with(2, 1, 0, 0, 1), Verdict::block), 3) << "a part not checked is never a clean exit";
  EXPECT_EQ(exit_code(with(2, 1, 0, 0, 1), Verdict::review), 1);
  EXPECT_EQ(exit_code(with(0, 0, 0, 1, 0), Verdict::block), 3) << "an error alone still counts";
}

TEST(Summary, CountsFilesNotFullyChecked) {
  FileReport partial = clean_file("a.csv");
  partial.verdict = Verdict::review;
  partial.not_checked.push_back({"sheet2", "encrypted"});
  FileReport missing = clean_file("gone.txt");
  missing.verdict = Verdict::error;
  missing.error = "no such file or directory";
  const auto s = summarize({partial, missing, clean_file("b.csv")});
  EXPECT_EQ(s.files, 3u);
  EXPECT_EQ(s.not_checked, 2u);
  EXPECT_EQ(s.review, 1u);
  EXPECT_EQ(s.error, 1u);
  EXPECT_EQ(s.clean, 1u);
}

// Files counted where they are scanned, then added up, give the totals of
// counting them all in one place.
TEST(Summary, PartsAddUpToTheWhole) {
  FileReport hidden = blocked_letter();
  hidden.findings[0].visibility = Visibility::hidden_sheet;
  hidden.unlisted.push_back({Category::pay_number, "pay.header", Visibility::pivot_cache, 7});
  hidden.findings_total += 7;
  hidden.allowed = 2;
  hidden.baselined = 3;
  FileReport reviewed = clean_file("b.csv");
  reviewed.verdict = Verdict::review;
  reviewed.bytes = 1234;
  const std::vector<FileReport> files = {blocked_letter(), hidden, clean_file("a.csv"), unreadable_image(), reviewed};

  ScanSummary total;
  ScanSummary first = summarize({files[0], files[1]});
  first.seconds = 9;  // says nothing about the whole scan: not added
  first.from_cache = 4;
  accumulate(total, first);
  accumulate(total, summarize({files[2], files[3], files[4]}));
  const auto counts = [](const ScanSummary& s) {
    return std::make_tuple(s.files, s.clean, s.review, s.block, s.error, s.findings, s.records, s.hidden_findings,
                           s.not_checked, s.bytes, s.allowed, s.baselined);
  };
  EXPECT_EQ(counts(total), counts(summarize(files)));
  EXPECT_EQ(total.files, 5u);
  EXPECT_EQ(total.hidden_findings, 10u);  // one in each letter, the one made hidden, the 7 unlisted
  EXPECT_EQ(total.allowed, 2u);
  EXPECT_EQ(total.baselined, 3u);
  EXPECT_EQ(total.seconds, 0);
  EXPECT_EQ(total.from_cache, 0u);
}

TEST(FormatBytes, DecimalUnits) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(999), "999 B");
  EXPECT_EQ(format_bytes(3400), "3.4 KB");
  EXPECT_EQ(format_bytes(38'000'000), "38 MB");
  EXPECT_EQ(format_bytes(999'999), "1.0 MB");
  EXPECT_EQ(format_bytes(2'500'000'000), "2.5 GB");
}

TEST(Describe, TextTableSheetAndContainer) {
  Location text;
  text.line = 14;
  text.column = 3;
  EXPECT_EQ(describe(text), "line 14, col 3");
  text.path = "reply.txt";
  EXPECT_EQ(describe(text), "reply.txt: line 14, col 3");

  Location csv;
  csv.row = 5;
  csv.column = 2;
  csv.header = "Pay No";
  csv.line = 5;
  EXPECT_EQ(describe(csv), "row 5, col 2 [Pay No]");
  csv.line = 7;  // an earlier cell held line breaks
  EXPECT_EQ(describe(csv), "row 5, col 2 [Pay No] (line 7)");

  Location sheet;
  sheet.path = "drop.zip";
  sheet.container = {"staff.xlsx"};
  sheet.part = "xl/worksheets/sheet3.xml";
  sheet.sheet = "Staff";
  sheet.cell = "C17";
  sheet.row = 17;
  sheet.column = 3;
  sheet.header = "Pay No";
  EXPECT_EQ(describe(sheet), "drop.zip!/staff.xlsx!/xl/worksheets/sheet3.xml: sheet 'Staff', cell C17 [Pay No]");

  Location page;
  page.page = 3;
  page.line = 12;
  EXPECT_EQ(describe(page), "page 3, line 12");
  EXPECT_EQ(describe(Location{}), "");
}

TEST(Describe, AppendedWithoutThePathAndWithSuffixesAlone) {
  Location sheet;
  sheet.path = "drop.zip";
  sheet.container = {"staff.xlsx"};
  sheet.part = "xl/comments1.xml";
  sheet.sheet = "Staff";
  sheet.cell = "B2";
  sheet.author = "J*** S****";
  std::string out = "> ";
  append_description(out, sheet, false);
  EXPECT_EQ(out, "> staff.xlsx!/xl/comments1.xml: sheet 'Staff', cell B2 (by J*** S****)");
  out.clear();
  append_description(out, sheet);
  EXPECT_EQ(out, describe(sheet));
  EXPECT_EQ(out, "drop.zip!/staff.xlsx!/xl/comments1.xml: sheet 'Staff', cell B2 (by J*** S****)");

  Location props;  // a place with only a part and a suffix
  props.path = "letter.docx";
  props.part = "docProps/core.xml";
  props.author = "A*****";
  EXPECT_EQ(describe(props), "letter.docx!/docProps/core.xml (by A*****)");
  out.clear();
  append_description(out, props, false);
  EXPECT_EQ(out, "docProps/core.xml (by A*****)");

  Location pdf;
  pdf.path = "response.pdf";
  pdf.page = 3;
  pdf.line = 7;
  pdf.column = 12;
  pdf.box = PageBox{72.4f, 140.6f, 300, 152};
  EXPECT_EQ(describe(pdf), "response.pdf: page 3, line 7, col 12 (at 72,141)");
  out.clear();
  append_description(out, pdf, false);
  EXPECT_EQ(out, "page 3, line 7, col 12 (at 72,141)");
}

TEST(Names, RoundTripAndPersonnelAttributes) {
  for (int i = 0; i <= static_cast<int>(Category::bank_account); ++i) {
    const auto c = static_cast<Category>(i);
    EXPECT_NE(to_string(c), "unknown");
    EXPECT_EQ(parse_category(to_string(c)), c);
  }
  EXPECT_EQ(to_string(Category::date_of_birth), "date_of_birth");
  for (const auto c : {Confidence::low, Confidence::medium, Confidence::high})
    EXPECT_EQ(parse_confidence(to_string(c)), c);
  for (const auto v : {Verdict::clean, Verdict::review, Verdict::block, Verdict::error})
    EXPECT_EQ(parse_verdict(to_string(v)), v);
  EXPECT_EQ(to_string(Severity::critical), "critical");
  EXPECT_EQ(parse_category("Person_Name"), std::nullopt);
  EXPECT_EQ(parse_verdict(""), std::nullopt);

  int personnel = 0;
  for (int i = 0; i <= static_cast<int>(Category::bank_account); ++i)
    personnel += is_personnel_attribute(static_cast<Category>(i));
  EXPECT_EQ(personnel, 7);
  EXPECT_TRUE(is_personnel_attribute(Category::vetting_level));
  EXPECT_TRUE(is_personnel_attribute(Category::sensitive_unit));
  EXPECT_FALSE(is_personnel_attribute(Category::person_name));
  EXPECT_FALSE(is_personnel_attribute(Category::nino));
}

}  // namespace
}  // namespace foiguard
