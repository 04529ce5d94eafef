// The incremental scan cache: the report codec (every field survives, hostile
// or truncated bytes decode to nothing) and the SQLite store (round trips,
// settings changes, wrong files refused untouched, batching and durability,
// threads, raw values refused, owner-only file).
#include <gtest/gtest.h>

#include <boost/filesystem.hpp>

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <thread>
#include <tuple>

#include "formats_collect.hpp"
#include "test_support.hpp"
#include "walk/cached_scan.hpp"
#include "walk/scan_cache.hpp"

namespace foiguard::walk {
namespace {

using foiguard::testing::builtin_detector;
using foiguard::testing::read_file;
using foiguard::testing::source_path;
using foiguard::testing::temp_dir;
using foiguard::testing::write_file;

// ---- comparing reports field by field (the structs have no operator==)

auto fields(const Location& l) {
  return std::tie(l.path, l.container, l.part, l.sheet, l.cell, l.row, l.column, l.header, l.line, l.page,
                  l.box, l.slide, l.paragraph, l.author);
}
auto fields(const Finding& f) {
  return std::tuple_cat(std::tie(f.category, f.rule, f.confidence, f.severity, f.visibility, f.masked,
                                 f.fingerprint, f.context, f.evidence, f.record, f.value),
                        fields(f.location));
}
auto fields(const NotChecked& n) { return std::tie(n.part, n.reason); }
auto fields(const FindingTally& t) { return std::tie(t.category, t.rule, t.visibility, t.count); }
auto fields(const Record& r) {
  return std::tie(r.id, r.categories, r.personnel, r.sensitive, r.visibility, r.summary);
}
auto fields(const HiddenPlace& h) {
  return std::tie(h.where, h.visibility, h.container, h.sheet, h.part, h.findings, h.high_confidence,
                  h.personnel_records);
}

template <typename T>
void expect_same_list(const std::vector<T>& a, const std::vector<T>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(fields(a[i]) == fields(b[i])) << what << " #" << i;
}

void expect_same(const FileReport& a, const FileReport& b) {
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.verdict, b.verdict);
  EXPECT_EQ(a.error, b.error);
  expect_same_list(a.not_checked, b.not_checked, "not_checked");
  expect_same_list(a.findings, b.findings, "findings");
  expect_same_list(a.unlisted, b.unlisted, "unlisted");
  EXPECT_EQ(a.findings_total, b.findings_total);
  expect_same_list(a.records, b.records, "records");
  EXPECT_EQ(a.records_total, b.records_total);
  EXPECT_EQ(a.personnel_records, b.personnel_records);
  EXPECT_EQ(a.sensitive_records, b.sensitive_records);
  EXPECT_EQ(a.hidden_records, b.hidden_records);
  EXPECT_EQ(a.visible_records, b.visible_records);
  expect_same_list(a.hidden_places, b.hidden_places, "hidden_places");
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_EQ(a.sha256, b.sha256);
  EXPECT_EQ(a.reason, b.reason);
}

// ---- reports to store

// Fixtures scanned as the CLI scans with --cache: explained, fingerprinted,
// hashed, and with a low listing limit so that some findings are only tallied.
std::vector<FileReport> real_reports() {
  ScanOptions options;
  options.detect.explain = true;
  options.detect.fingerprint_key = "scan-cache-test-key";
  options.hash_content = true;
  options.max_findings = 6;
  options.max_records = 2;
  const Scanner scanner(builtin_detector(), options);
  const std::vector<std::string> fixtures = {
      "examples/staff-list.csv",
      "examples/staff-summary-with-hidden-sheet.xlsx",
      "examples/reply-letter-with-tracked-changes.docx",
      "examples/foi-response-letter.txt",
      "tests/data/xlsx/comments.xlsx",
      "tests/data/xlsx/pivot_cache.xlsx",
      "tests/data/xlsx/not_a_zip.xlsx",
      "tests/data/pptx/speaker_notes.pptx",
      "tests/data/zip/mixed.zip",
      "tests/data/zip/encrypted.zip",
      "tests/data/odt/encrypted.odt",
  };
  std::vector<FileReport> reports;
  for (const auto& name : fixtures) reports.push_back(scanner.scan_bytes(name, read_file(source_path(name))));
  return reports;
}

FileReport staff_list_report() {
  ScanOptions options;
  options.hash_content = true;
  return Scanner(builtin_detector(), options)
      .scan_bytes("examples/staff-list.csv", read_file(source_path("examples/staff-list.csv")));
}

// Every field set, every optional present, hostile bytes, extreme numbers.
FileReport hand_filled_report() {
  FileReport r;
  r.path = "share/Adeyemi-Walsh \"pay\"\n<script>,\xff\xfe.xlsx";
  r.format = "xlsx";
  r.verdict = Verdict::block;
  r.error = "part unreadable";
  r.not_checked = {{"", "encrypted: cannot be checked"}, {"xl/media/image1.png", "unsupported format: PNG image"}};
  Finding f;
  f.category = Category::bank_account;
  f.rule = "bank.account";
  f.confidence = Confidence::high;
  f.severity = Severity::critical;
  f.visibility = Visibility::archive_member;
  f.location.path = "share/other.zip";
  f.location.container = {"drop.zip", "inner/report.xlsx"};
  f.location.part = "xl/worksheets/sheet3.xml";
  f.location.sheet = "Staff \xe2\x80\x94 hidden";
  f.location.cell = "C17";
  f.location.row = std::numeric_limits<std::uint32_t>::max();
  f.location.column = 0;
  f.location.header = "Pay No";
  f.location.line = 14;
  f.location.page = 3;
  f.location.box = PageBox{72.25f, 140.5f, 210.125f, -3.75f};  // off-page edges are negative
  f.location.slide = 2;
  f.location.paragraph = 9;
  f.location.author = "A*******-W****";
  f.masked = "61****";
  f.fingerprint = "0123456789abcdef0123456789abcdef";
  f.context = "column 'Pay No'";
  f.evidence = {"base high", "+ header 'Pay No'", std::string("nul\0byte", 8)};
  f.record = 7;
  f.value = "612345";
  r.findings.push_back(f);
  Finding in_file;  // the location path is the report's own path: stored once
  in_file.location.path = r.path;
  in_file.location.line = 1;
  r.findings.push_back(in_file);
  r.findings.push_back(Finding{});  // no location at all
  r.unlisted = {{Category::pay_number, "pay.column", Visibility::hidden_sheet, 9999},
                {Category::person_name, "name.rank_prefix", Visibility::visible,
                 std::numeric_limits<std::uint64_t>::max()}};
  r.findings_total = std::numeric_limits<std::uint64_t>::max();
  Record rec;
  rec.id = 7;
  rec.categories = {Category::person_name, Category::rank, Category::pay_number};
  rec.personnel = true;
  rec.sensitive = true;
  rec.visibility = Visibility::very_hidden_sheet;
  rec.summary = "name + rank + pay number";
  r.records = {rec, Record{}};
  r.records_total = 40;
  r.personnel_records = 30;
  r.sensitive_records = 2;
  r.hidden_records = 20;
  r.visible_records = 10;
  HiddenPlace place;
  place.where = "hidden sheet 'Data'";
  place.visibility = Visibility::hidden_sheet;
  place.container = {"drop.zip"};
  place.sheet = "Data";
  place.part = "xl/worksheets/sheet2.xml";
  place.findings = 400;
  place.high_confidence = 300;
  place.personnel_records = 100;
  r.hidden_places = {place, HiddenPlace{}};
  r.severity = Severity::critical;
  r.bytes = 1ull << 40;
  r.sha256 = std::string(64, 'a');
  r.reason = "30 personnel records, 20 hidden";
  return r;
}

// ---- the codec

TEST(ReportCodec, RealScansRoundTripEveryField) {
  const std::vector<FileReport> reports = real_reports();
  // The fixtures must exercise the interesting parts, or this test proves little.
  bool unlisted = false, hidden = false, not_checked = false, records = false, evidence = false,
       fingerprint = false, sha = false, sheet = false, cell = false, header = false, author = false,
       container = false, error = false;
  for (const auto& r : reports) {
    unlisted |= !r.unlisted.empty();
    hidden |= !r.hidden_places.empty();
    not_checked |= !r.not_checked.empty();
    records |= !r.records.empty();
    sha |= !r.sha256.empty();
    error |= r.verdict == Verdict::error;
    for (const auto& f : r.findings) {
      evidence |= !f.evidence.empty();
      fingerprint |= !f.fingerprint.empty();
      sheet |= f.location.sheet.has_value();
      cell |= f.location.cell.has_value();
      header |= f.location.header.has_value();
      author |= f.location.author.has_value();
      container |= !f.location.container.empty();
    }
    const std::string bytes = encode_report(r);
    const auto back = decode_report(bytes);
    ASSERT_TRUE(back.has_value()) << r.path;
    SCOPED_TRACE(r.path);
    expect_same(r, *back);
  }
  EXPECT_TRUE(unlisted && hidden && not_checked && records && evidence && fingerprint && sha && sheet && cell &&
              header && author && container && error)
      << unlisted << hidden << not_checked << records << evidence << fingerprint << sha << sheet << cell
      << header << author << container << error;
}

TEST(ReportCodec, HandFilledReportWithEveryOptionalRoundTrips) {
  const FileReport r = hand_filled_report();
  const auto back = decode_report(encode_report(r));
  ASSERT_TRUE(back.has_value());
  expect_same(r, *back);
  EXPECT_EQ(back->findings[1].location.path, r.path);
  EXPECT_TRUE(back->findings[2].location.path.empty());
}

TEST(ReportCodec, DecodingIntoAnotherReportLeavesNothingOfIt) {
  // A worker decodes report after report into one FileReport: every field of
  // the earlier one must be overwritten or cleared, present or not.
  const std::vector<FileReport> reports = real_reports();
  FileReport reused = hand_filled_report();
  for (const FileReport& r : {reports.front(), hand_filled_report(), reports.back(), FileReport{}}) {
    ASSERT_TRUE(decode_report_into(encode_report(r), reused)) << r.path;
    SCOPED_TRACE(r.path);
    expect_same(r, reused);
  }
  // Findings with fewer optional fields than those before them.
  FileReport sparse = hand_filled_report();
  for (Finding& f : sparse.findings) f.location = Location{};
  ASSERT_TRUE(decode_report_into(encode_report(hand_filled_report()), reused));
  ASSERT_TRUE(decode_report_into(encode_report(sparse), reused));
  expect_same(sparse, reused);
  EXPECT_FALSE(decode_report_into("FG", reused));
}

TEST(ReportCodec, NameAsRenamesTheReportAndTheFindingsInItsOwnFile) {
  const FileReport r = hand_filled_report();
  const auto back = decode_report(encode_report(r), "renamed/here.xlsx");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->path, "renamed/here.xlsx");
  EXPECT_EQ(back->findings[0].location.path, r.findings[0].location.path);  // another file's: kept
  EXPECT_EQ(back->findings[1].location.path, "renamed/here.xlsx");
  EXPECT_TRUE(back->findings[2].location.path.empty());
}

TEST(ReportCodec, IsCompact) {
  // A text-file finding repeats neither the path nor absent location fields.
  FileReport r;
  r.path = "letters/a-rather-long-folder-name/reply-to-request-612345.txt";
  Finding f;
  f.location.path = r.path;
  f.location.line = 14;
  f.location.column = 3;
  f.rule = "name.rank_prefix";
  f.masked = "O******";
  r.findings.assign(100, f);
  const std::string bytes = encode_report(r);
  EXPECT_EQ(bytes.find(r.path), bytes.rfind(r.path));  // the path is written once
  EXPECT_LT(bytes.size(), 100 * (f.rule.size() + f.masked.size() + 20));
}

TEST(ReportCodec, RepeatedStringsAreWrittenOnceAndFingerprintsAsBytes) {
  // A staff table: every row repeats its column's rule, header and context.
  FileReport r;
  r.path = "hr/staff.xlsx";
  for (std::uint32_t row = 2; row < 502; ++row) {
    Finding f;
    f.rule = "pay.column";
    f.location.path = r.path;
    f.location.part = "xl/worksheets/sheet2.xml";
    f.location.sheet = "Data";
    f.location.row = row;
    f.location.header = "Pay No";
    f.masked = row % 2 ? "6*****" : "7*****";
    f.context = "column 'Pay No'";
    f.fingerprint = fmt::format("{:032x}", row * 2654435761u);
    r.findings.push_back(f);
  }
  const std::string bytes = encode_report(r);
  const auto count = [&bytes](std::string_view text) {
    std::size_t n = 0;
    for (std::size_t at = bytes.find(text); at != std::string::npos; at = bytes.find(text, at + 1)) ++n;
    return n;
  };
  for (const std::string_view once : {"pay.column", "column 'Pay No'", "xl/worksheets/sheet2.xml", "6*****", "7*****"})
    EXPECT_EQ(count(once), 1u) << once;
  EXPECT_EQ(count("Pay No"), 2u);  // the header, and inside the context
  EXPECT_EQ(count(r.findings[7].fingerprint), 0u);  // kept as 16 bytes, not 32 hex digits
  EXPECT_LT(bytes.size(), 500u * 40);  // 16 of them the fingerprint; written out in full, over 100
  const auto back = decode_report(bytes);
  ASSERT_TRUE(back.has_value());
  expect_same(r, *back);
}

TEST(ReportCodec, FingerprintsThatAreNotLowerCaseHexRoundTrip) {
  FileReport r = hand_filled_report();
  const std::vector<std::string> odd_ones = {"ABCDEF", "abc", "0123456789abcdeg", "", std::string("\0\xff", 2)};
  for (const std::string& odd : odd_ones) {
    r.findings[0].fingerprint = odd;
    const auto back = decode_report(encode_report(r));
    ASSERT_TRUE(back.has_value()) << odd;
    EXPECT_EQ(back->findings[0].fingerprint, odd);
  }
}

TEST(ReportCodec, AReferenceToAStringNotYetSeenIsRefused) {
  FileReport r;
  r.path = "a.txt";
  Finding f;
  f.rule = "name.rank_prefix";
  r.findings = {f, f};
  std::string bytes = encode_report(r);
  ASSERT_TRUE(decode_report(bytes).has_value());
  // The second finding's rule is reference 1 (a byte 0x01 right after the
  // category byte): point it past the strings seen so far.
  const std::size_t second = bytes.rfind(std::string{static_cast<char>(Category::person_name), '\x01'});
  ASSERT_NE(second, std::string::npos);
  bytes[second + 1] = '\x05';
  EXPECT_FALSE(decode_report(bytes).has_value());
}

TEST(ReportCodec, EveryTruncationDecodesToNothing) {
  for (const FileReport& r : {hand_filled_report(), staff_list_report()}) {
    const std::string bytes = encode_report(r);
    ASSERT_GT(bytes.size(), 100u);
    for (std::size_t n = 0; n < bytes.size(); ++n)
      EXPECT_FALSE(decode_report(std::string_view(bytes).substr(0, n)).has_value()) << "prefix " << n;
  }
}

TEST(ReportCodec, RefusesOtherVersionsMagicAndTrailingBytes) {
  const std::string good = encode_report(hand_filled_report());
  ASSERT_TRUE(decode_report(good).has_value());
  std::string other_version = good;
  other_version[2] = static_cast<char>(other_version[2] + 1);
  EXPECT_FALSE(decode_report(other_version).has_value());
  std::string other_magic = good;
  other_magic[0] = 'X';
  EXPECT_FALSE(decode_report(other_magic).has_value());
  EXPECT_FALSE(decode_report(good + '\0').has_value());
  EXPECT_FALSE(decode_report("").has_value());
}

TEST(ReportCodec, RefusesUnknownEnumValues) {
  FileReport r = hand_filled_report();
  r.findings[0].category = static_cast<Category>(200);
  EXPECT_FALSE(decode_report(encode_report(r)).has_value());
  r = hand_filled_report();
  r.hidden_places[0].visibility = static_cast<Visibility>(static_cast<int>(Visibility::archive_member) + 1);
  EXPECT_FALSE(decode_report(encode_report(r)).has_value());
  r = hand_filled_report();
  r.verdict = static_cast<Verdict>(static_cast<int>(Verdict::error) + 1);
  EXPECT_FALSE(decode_report(encode_report(r)).has_value());
}

TEST(ReportCodec, HugeLengthsAndCountsDoNotAllocate) {
  const std::string header = {'F', 'G', 1};
  const std::string huge = "\xff\xff\xff\xff\xff\xff\xff\xff\x7f";  // 2^63 - 1
  EXPECT_FALSE(decode_report(header + huge + "abc").has_value());                // path length
  EXPECT_FALSE(decode_report(header + '\0' + '\0' + '\0' + '\0' + huge).has_value());  // not_checked count
  const std::string overlong = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01";   // 11-byte varint
  EXPECT_FALSE(decode_report(header + overlong).has_value());
}

TEST(ReportCodec, FlippedBytesNeverCrash) {
  const std::string good = encode_report(hand_filled_report());
  std::size_t decoded = 0;
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (unsigned char mask : {0x01, 0x40, 0x80, 0xff}) {
      std::string bad = good;
      bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ mask);
      if (decode_report(bad)) ++decoded;  // a changed character in a string still decodes
    }
  }
  EXPECT_LT(decoded, good.size() * 4);
}

// ---- the cache

std::string cache_path(const std::string& name) { return temp_dir("scan-cache") + "/" + name; }

// Rows visible to another connection: what a crash right now would keep.
std::int64_t committed_rows(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::int64_t rows = -1;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM files", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    rows = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

void run_sql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

FileReport small_report(const std::string& path, std::size_t n) {
  FileReport r;
  r.path = path;
  r.format = "text";
  r.verdict = n % 3 == 0 ? Verdict::review : Verdict::clean;
  r.bytes = 1000 + n;
  r.sha256 = std::string(64, "0123456789abcdef"[n % 16]);
  r.reason = "no personal data found";
  if (n % 3 == 0) {
    Finding f;
    f.category = Category::pay_number;
    f.rule = "pay.number";
    f.location.path = path;
    f.location.line = static_cast<std::uint32_t>(n % 100 + 1);
    f.masked = "61****";
    r.findings.push_back(f);
    r.findings_total = 1;
  }
  return r;
}

std::string row_path(std::size_t n) {
  return "/srv/share/team-" + std::to_string(n % 37) + "/file-" + std::to_string(n) + ".txt";
}

TEST(ScanCache, StoresAndLooksUp) {
  const auto cache = ScanCache::open(cache_path("c.db"), "settings-1");
  EXPECT_FALSE(cache->reset_reason().has_value());  // a new cache was not reset
  const FileReport report = staff_list_report();
  ASSERT_FALSE(report.sha256.empty());
  EXPECT_FALSE(cache->entry("examples/staff-list.csv").has_value());
  EXPECT_FALSE(cache->report("examples/staff-list.csv").has_value());

  ASSERT_TRUE(cache->store("examples/staff-list.csv", 4321, 1700000000123456789, report));
  const auto e = cache->entry("examples/staff-list.csv");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->size, 4321u);
  EXPECT_EQ(e->mtime_ns, 1700000000123456789);
  EXPECT_EQ(e->sha256, report.sha256);
  const auto back = cache->report("examples/staff-list.csv");
  ASSERT_TRUE(back.has_value());
  expect_same(report, *back);
  EXPECT_EQ(cache->size(), 1u);

  // Stored again: replaced, not added.
  ASSERT_TRUE(cache->store("examples/staff-list.csv", 99, -5, small_report("examples/staff-list.csv", 1)));
  EXPECT_EQ(cache->size(), 1u);
  EXPECT_EQ(cache->entry("examples/staff-list.csv")->mtime_ns, -5);
  EXPECT_TRUE(cache->report("examples/staff-list.csv")->findings.empty());
}

TEST(ScanCache, ReportTakesThePathItWasLookedUpBy) {
  const auto cache = ScanCache::open(cache_path("c.db"), "s");
  FileReport r = small_report("/mnt/old/letter.txt", 0);
  ASSERT_TRUE(cache->store("/srv/new/letter.txt", 10, 1, r));
  const auto back = cache->report("/srv/new/letter.txt");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->path, "/srv/new/letter.txt");
  ASSERT_EQ(back->findings.size(), 1u);
  EXPECT_EQ(back->findings[0].location.path, "/srv/new/letter.txt");
}

TEST(ScanCache, ReportIfAsksAboutTheEntryFirst) {
  const auto cache = ScanCache::open(cache_path("c.db"), "s");
  const FileReport report = staff_list_report();
  ASSERT_TRUE(cache->store("/srv/staff.csv", 4321, 77, report));
  FileReport into = hand_filled_report();
  std::optional<ScanCache::Entry> seen;
  const auto refuse = [&seen](const ScanCache::Entry& e) {
    seen = e;
    return false;
  };
  EXPECT_FALSE(cache->report_if("/srv/staff.csv", refuse, "staff.csv", into));
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->size, 4321u);
  EXPECT_EQ(seen->mtime_ns, 77);
  EXPECT_EQ(seen->sha256, report.sha256);
  EXPECT_FALSE(cache->report_if("/srv/other.csv", [](const ScanCache::Entry&) { return true; }, "other.csv", into));

  ASSERT_TRUE(cache->report_if("/srv/staff.csv", [](const ScanCache::Entry& e) { return e.mtime_ns == 77; },
                               "staff.csv", into));
  EXPECT_EQ(into.path, "staff.csv");
  ASSERT_EQ(into.findings.size(), report.findings.size());
  ASSERT_FALSE(into.findings.empty());
  for (const Finding& f : into.findings) EXPECT_EQ(f.location.path, "staff.csv");
  into.path = report.path;
  for (Finding& f : into.findings) f.location.path = report.findings.front().location.path;
  expect_same(report, into);
}

TEST(ScanCache, TouchMovesOnlyTheTime) {
  const auto cache = ScanCache::open(cache_path("c.db"), "s");
  ASSERT_TRUE(cache->store("a.txt", 10, 100, small_report("a.txt", 0)));
  cache->touch("a.txt", 200);
  cache->touch("missing.txt", 300);  // nothing to update: no row appears
  const auto e = cache->entry("a.txt");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->mtime_ns, 200);
  EXPECT_EQ(e->size, 10u);
  EXPECT_EQ(e->sha256, small_report("a.txt", 0).sha256);
  EXPECT_TRUE(cache->report("a.txt").has_value());
  EXPECT_EQ(cache->size(), 1u);
}

// A view is bytes a caller made of a report, kept beside it under a key: the
// same key gets the view back (and no report), another key the report.
TEST(ScanCache, KeepsAViewBesideTheReport) {
  const auto cache = ScanCache::open(cache_path("c.db"), "s");
  const FileReport report = staff_list_report();
  ASSERT_TRUE(cache->store("/srv/staff.csv", 10, 1, report, "human", "rendered text"));
  const auto any = [](const ScanCache::Entry&) { return true; };
  FileReport into = hand_filled_report();
  const FileReport untouched = into;
  std::string view;
  EXPECT_EQ(cache->view_or_report_if("/srv/staff.csv", any, "human", "staff.csv", into, view), ScanCache::Found::view);
  EXPECT_EQ(view, "rendered text");
  expect_same(into, untouched);

  view.clear();
  EXPECT_EQ(cache->view_or_report_if("/srv/staff.csv", any, "jsonl", report.path, into, view),
            ScanCache::Found::report);
  EXPECT_EQ(view, "");
  expect_same(into, report);
  EXPECT_EQ(cache->view_or_report_if("/srv/staff.csv", any, "", "/srv/staff.csv", into, view), ScanCache::Found::report)
      << "an empty key asks for the report";
  EXPECT_EQ(cache->view_or_report_if("/srv/staff.csv", [](const ScanCache::Entry&) { return false; }, "human",
                                     "staff.csv", into, view),
            ScanCache::Found::nothing);

  cache->set_view("/srv/staff.csv", "jsonl", "other text");
  EXPECT_EQ(cache->view_or_report_if("/srv/staff.csv", any, "jsonl", "staff.csv", into, view), ScanCache::Found::view);
  EXPECT_EQ(view, "other text");
  EXPECT_EQ(cache->view_or_report_if("/srv/staff.csv", any, "human", "/srv/staff.csv", into, view),
            ScanCache::Found::report)
      << "one view a file: the new one replaced the old";

  // Stored again without a view (as after a re-scan): the old view is gone.
  ASSERT_TRUE(cache->store("/srv/staff.csv", 11, 2, report));
  EXPECT_EQ(cache->view_or_report_if("/srv/staff.csv", any, "jsonl", "/srv/staff.csv", into, view),
            ScanCache::Found::report);
  ASSERT_TRUE(cache->store("/srv/a.txt", 1, 1, small_report("/srv/a.txt", 1), "human", "a"));
  ASSERT_TRUE(cache->store("/srv/b.txt", 1, 1, small_report("/srv/b.txt", 2)));
  EXPECT_EQ(cache->view_or_report_if("/srv/b.txt", any, "human", "/srv/b.txt", into, view), ScanCache::Found::report)
      << "a view bound for one row is not stored with the next";
}

// Lookups use connections of their own once no write is pending; each must
// still see every row committed before it, however old its read transaction.
TEST(ScanCache, TheWalStartsOverOnALongScan) {
  // Checkpoints beside the writer never catch up with it; past 64 MiB of WAL
  // the writer finishes one between two transactions, and the WAL starts
  // over instead of growing with the whole scan (about 96 MB of pages here).
  const std::string path = cache_path("long.db");
  const auto cache = ScanCache::open(path, "s");
  const std::string view(12000, 'w');  // about a 16 KiB page a row
  std::uintmax_t largest_wal = 0;
  for (std::size_t n = 0; n < 6000; ++n) {
    const std::string row = row_path(n);
    ASSERT_TRUE(cache->store(row, n, 1, small_report(row, n), "view", view));
    if (n % 500 == 499) {
      cache->flush();
      boost::system::error_code ec;
      largest_wal = std::max(largest_wal, boost::filesystem::file_size(path + "-wal", ec));
    }
  }
  EXPECT_GT(largest_wal, 16u << 20) << "the rows went through the WAL";
  EXPECT_LT(largest_wal, 80u << 20) << "but it did not hold them all";
  EXPECT_EQ(committed_rows(path), 6000);
}

TEST(ScanCache, ViewLookupsInAnyOrderFindTheirOwnRows) {
  // Readers step a cursor along the path index while lookups come in path
  // order, and seek when they do not: every order must find the same rows.
  const auto cache = ScanCache::open(cache_path("order.db"), "s");
  constexpr std::size_t kPaths = 300;
  const auto path_of = [](std::size_t n) { return fmt::format("/srv/share/f-{:04}.txt", n); };
  for (std::size_t n = 0; n < kPaths; ++n)  // every third path is not in the cache
    if (n % 3 != 0) {
      ASSERT_TRUE(cache->store(path_of(n), n, 1, small_report(path_of(n), n), "k", fmt::format("v{}", n)));
    }
  cache->flush();
  const auto any = [](const ScanCache::Entry&) { return true; };
  const auto look_up = [&](const std::vector<std::size_t>& order) {
    std::size_t wrong = 0;
    FileReport into;
    std::string view;
    for (const std::size_t n : order) {
      view.clear();
      const auto found = cache->view_or_report_if(path_of(n), any, "k", path_of(n), into, view);
      wrong += n % 3 == 0 ? found != ScanCache::Found::nothing
                          : found != ScanCache::Found::view || view != fmt::format("v{}", n);
    }
    return wrong;
  };
  std::vector<std::size_t> ascending(kPaths);
  std::iota(ascending.begin(), ascending.end(), 0);
  EXPECT_EQ(look_up(ascending), 0u);
  EXPECT_EQ(look_up(std::vector<std::size_t>(ascending.rbegin(), ascending.rend())), 0u) << "descending";
  EXPECT_EQ(look_up({1, 250, 2, 299, 0, 298, 151}), 0u) << "jumps past the cursor's reach, and back";
  std::vector<std::size_t> shuffled = ascending;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  EXPECT_EQ(look_up(shuffled), 0u) << "shuffled";
  // Two threads taking alternate runs of 32, as the pool hands them out.
  std::vector<std::size_t> wrong(2, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      std::vector<std::size_t> mine;
      for (std::size_t n = 0; n < kPaths; ++n)
        if ((n / 32) % 2 == t) mine.push_back(n);
      for (int round = 0; round < 3; ++round) wrong[t] += look_up(mine);
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<std::size_t>(2, 0));
  // A row committed between two lookups is found by the next, ahead of the cursor or behind it.
  ASSERT_TRUE(cache->store(path_of(150), 150, 1, small_report(path_of(150), 150), "k", "v150"));
  ASSERT_TRUE(cache->store(path_of(3), 3, 1, small_report(path_of(3), 3), "k", "v3"));
  cache->flush();
  FileReport into;
  std::string view;
  EXPECT_EQ(cache->view_or_report_if(path_of(150), any, "k", path_of(150), into, view), ScanCache::Found::view);
  EXPECT_EQ(view, "v150");
  EXPECT_EQ(cache->view_or_report_if(path_of(3), any, "k", path_of(3), into, view), ScanCache::Found::view);
  EXPECT_EQ(view, "v3");
}

TEST(ScanCache, LookupsSeeEveryCommittedRow) {
  const auto cache = ScanCache::open(cache_path("c.db"), "s");
  ASSERT_TRUE(cache->store("a.txt", 1, 1, small_report("a.txt", 0)));
  cache->flush();
  constexpr std::size_t kThreads = 2, kRounds = 30;
  std::vector<std::size_t> misses(kThreads, 0);
  for (std::size_t round = 0; round < kRounds; ++round) {
    // Readers begin transactions on what is committed now...
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] { misses[t] += !cache->report("a.txt").has_value(); });
    for (auto& th : threads) th.join();
    // ...then a row is written: seen by the writer at once, by readers once committed.
    const std::string path = row_path(round);
    ASSERT_TRUE(cache->store(path, round, 1, small_report(path, round)));
    ASSERT_TRUE(cache->report(path).has_value()) << "a pending write is seen by the thread that made it";
    cache->flush();
    threads.clear();
    for (std::size_t t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        const auto r = cache->report(path);
        misses[t] += !r || r->bytes != 1000 + round;
      });
    for (auto& th : threads) th.join();
  }
  EXPECT_EQ(misses, std::vector<std::size_t>(kThreads, 0));
}

TEST(ScanCache, ALongScanIsCheckpointedAsItGoesNotAllAtTheEnd) {
  // Rows go to the WAL first; a checkpoint copies them into the database
  // file. It runs beside the scan, so the file grows before the cache is
  // closed, even though a lookup made before the writes began left a reader
  // (and its snapshot, which a checkpoint may not pass) idle in the cache.
  const std::string path = cache_path("grows.db");
  const auto cache = ScanCache::open(path, "s");
  ASSERT_TRUE(cache->store(row_path(0), 0, 1, small_report(row_path(0), 0)));
  cache->flush();
  std::thread([&] { EXPECT_TRUE(cache->report(row_path(0)).has_value()); }).join();
  const auto file_bytes = [&] { return boost::filesystem::file_size(path); };
  const std::uintmax_t empty = file_bytes();
  const std::string view(12000, 'v');  // ~1 page a row: 1000 pages (16 MB) of WAL after ~1,300 rows
  for (std::size_t n = 1; n < 3000; ++n) {
    const std::string row = row_path(n);
    ASSERT_TRUE(cache->store(row, n, 1, small_report(row, n), "view", view));
    if (n % 500 == 0) cache->flush();
  }
  cache->flush();
  std::uintmax_t grown = file_bytes();
  for (int wait = 0; wait < 200 && grown < empty + (8u << 20); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    grown = file_bytes();
  }
  EXPECT_GE(grown, empty + (8u << 20)) << "rows copied into the database while the cache is open";
  EXPECT_EQ(committed_rows(path), 3000);
}

TEST(ScanCache, SaysWhetherItWasOpenedEmpty) {
  const std::string path = cache_path("opened.db");
  {
    const auto cache = ScanCache::open(path, "s");
    EXPECT_TRUE(cache->opened_empty()) << "a new cache";
    ASSERT_TRUE(cache->store("/srv/a.txt", 1, 1, small_report("/srv/a.txt", 1)));
    EXPECT_TRUE(cache->opened_empty()) << "as it was opened, whatever it holds since";
  }
  EXPECT_FALSE(ScanCache::open(path, "s")->opened_empty()) << "reopened under the same settings";
  EXPECT_TRUE(ScanCache::open(path, "other settings")->opened_empty()) << "emptied for other settings";
}

TEST(ScanCache, ReopenKeepsRowsUnderTheSameSettingsAndEmptiesUnderOthers) {
  const std::string path = cache_path("c.db");
  {
    const auto cache = ScanCache::open(path, "rules-v1");
    ASSERT_TRUE(cache->store("a.txt", 1, 1, small_report("a.txt", 0)));
    ASSERT_TRUE(cache->store("b.txt", 2, 2, small_report("b.txt", 1)));
  }
  {
    const auto cache = ScanCache::open(path, "rules-v1");
    EXPECT_FALSE(cache->reset_reason().has_value());
    EXPECT_EQ(cache->size(), 2u);
    EXPECT_TRUE(cache->report("b.txt").has_value());
  }
  {
    const auto cache = ScanCache::open(path, "rules-v2");
    ASSERT_TRUE(cache->reset_reason().has_value());
    EXPECT_EQ(*cache->reset_reason(),
              "the rules, options or foiguard version changed since this cache was written: every file will be "
              "scanned again");
    EXPECT_EQ(cache->size(), 0u);
    EXPECT_FALSE(cache->entry("a.txt").has_value());
    ASSERT_TRUE(cache->store("c.txt", 3, 3, small_report("c.txt", 2)));
  }
  const auto cache = ScanCache::open(path, "rules-v2");
  EXPECT_FALSE(cache->reset_reason().has_value());
  EXPECT_EQ(cache->size(), 1u);
}

TEST(ScanCache, AnotherSchemaVersionIsEmptiedAndRebuilt) {
  const std::string path = cache_path("c.db");
  {
    const auto cache = ScanCache::open(path, "s");
    ASSERT_TRUE(cache->store("a.txt", 1, 1, small_report("a.txt", 0)));
  }
  run_sql(path, "UPDATE meta SET value = '0' WHERE key = 'schema'");
  const auto cache = ScanCache::open(path, "s");
  EXPECT_TRUE(cache->reset_reason().has_value());
  EXPECT_EQ(cache->size(), 0u);
}

void expect_refused_untouched(const std::string& path) {
  const std::string before = read_file(path);
  try {
    ScanCache::open(path, "s");
    ADD_FAILURE() << "opened " << path;
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path + " is not a foiguard cache", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("pass a new --cache path"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_file(path), before);
}

TEST(ScanCache, RefusesATextFile) {
  const std::string path = cache_path("notes.txt");
  write_file(path, "Meeting notes: PC Adeyemi-Walsh, pay number 612345. Not a database, "
                   "but long enough to hold an SQLite header's worth of bytes and more.\n");
  expect_refused_untouched(path);
}

TEST(ScanCache, RefusesAnotherProgramsDatabase) {
  const std::string path = cache_path("app.db");
  run_sql(path, "CREATE TABLE files(name TEXT, owner TEXT); INSERT INTO files VALUES('rota.xlsx', 'hr');");
  expect_refused_untouched(path);
  EXPECT_FALSE(std::ifstream(path + "-wal").good());  // not even switched to WAL
}

TEST(ScanCache, UnopenablePathSaysWhatToDo) {
  try {
    ScanCache::open(cache_path("no-such-folder/c.db"), "s");
    ADD_FAILURE() << "opened a cache in a missing folder";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("pass another --cache path"), std::string::npos) << e.what();
  }
}

TEST(ScanCache, AFolderIsRefusedSayingWhatToDo) {
  const std::string folder = temp_dir("scan-cache-folder");
  try {
    ScanCache::open(folder, "s");
    ADD_FAILURE() << "opened a folder as a cache";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--cache path"), std::string::npos) << e.what();
  }
}

TEST(ScanCache, WritesAreBatchedAndFlushCommitsThem) {
  const std::string path = cache_path("c.db");
  const auto cache = ScanCache::open(path, "s");
  ASSERT_TRUE(cache->store("a.txt", 1, 1, small_report("a.txt", 0)));
  EXPECT_EQ(committed_rows(path), 0);  // still in the open transaction
  cache->flush();
  EXPECT_EQ(committed_rows(path), 1);  // and the cache is still open
  EXPECT_TRUE(cache->report("a.txt").has_value());
}

TEST(ScanCache, CommitsEvery2000Rows) {
  const std::string path = cache_path("c.db");
  const auto cache = ScanCache::open(path, "s");
  for (std::size_t n = 0; n < 2001; ++n) ASSERT_TRUE(cache->store(row_path(n), n, 1, small_report(row_path(n), n)));
  EXPECT_EQ(committed_rows(path), 2000);
}

TEST(ScanCache, CommitsAfterTwoSeconds) {
  const std::string path = cache_path("c.db");
  const auto cache = ScanCache::open(path, "s");
  ASSERT_TRUE(cache->store("a.txt", 1, 1, small_report("a.txt", 0)));
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  cache->entry("b.txt");  // any call commits a transaction that is old enough
  EXPECT_EQ(committed_rows(path), 1);
}

TEST(ScanCache, RowsSurviveTheDestructorWithoutFlush) {
  const std::string path = cache_path("c.db");
  {
    const auto cache = ScanCache::open(path, "s");
    for (std::size_t n = 0; n < 10; ++n) ASSERT_TRUE(cache->store(row_path(n), n, 1, small_report(row_path(n), n)));
  }
  EXPECT_EQ(committed_rows(path), 10);
  const auto cache = ScanCache::open(path, "s");
  const auto back = cache->report(row_path(3));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->findings.size(), 1u);
}

TEST(ScanCache, ACorruptRowIsMissing) {
  const std::string path = cache_path("c.db");
  {
    const auto cache = ScanCache::open(path, "s");
    ASSERT_TRUE(cache->store("a.txt", 1, 1, small_report("a.txt", 0)));
    ASSERT_TRUE(cache->store("b.txt", 1, 1, small_report("b.txt", 0)));
  }
  run_sql(path, "UPDATE files SET report = x'4647010203' WHERE path = 'a.txt'");
  const auto cache = ScanCache::open(path, "s");
  EXPECT_FALSE(cache->report("a.txt").has_value());
  EXPECT_TRUE(cache->report("b.txt").has_value());
}

TEST(ScanCache, RefusesRawValues) {
  const auto cache = ScanCache::open(cache_path("c.db"), "s");
  FileReport r = small_report("a.txt", 0);
  ASSERT_EQ(r.findings.size(), 1u);
  r.findings[0].value = "612345";
  EXPECT_FALSE(cache->store("a.txt", 1, 1, r));
  EXPECT_FALSE(cache->entry("a.txt").has_value());
  EXPECT_EQ(cache->size(), 0u);
}

TEST(ScanCache, FileIsOwnerOnly) {
  const std::string path = cache_path("c.db");
  const auto cache = ScanCache::open(path, "s");
  ASSERT_TRUE(cache->store("a.txt", 1, 1, small_report("a.txt", 0)));
  cache->flush();
  for (const std::string& file : {path, path + "-wal"}) {
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << file;
  }
}

TEST(ScanCache, FourThreadsStoreAndLookUp) {
  const std::string path = cache_path("c.db");
  const auto cache = ScanCache::open(path, "s");
  constexpr std::size_t kThreads = 4, kPerThread = 600;
  std::vector<std::thread> threads;
  std::vector<std::size_t> misses(kThreads, 0);
  for (std::size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < kPerThread; ++i) {
        const std::size_t n = t * kPerThread + i;
        if (!cache->store(row_path(n), n, 1, small_report(row_path(n), n))) ++misses[t];
        const auto own = cache->report(row_path(n));
        if (!own || own->bytes != 1000 + n) ++misses[t];
        cache->entry(row_path((n + 7) % (kThreads * kPerThread)));  // others' rows, present or not yet
        if (i % 100 == 0) cache->flush();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(misses, std::vector<std::size_t>(kThreads, 0));
  EXPECT_EQ(cache->size(), kThreads * kPerThread);
  for (std::size_t n = 0; n < kThreads * kPerThread; ++n) {
    const auto e = cache->entry(row_path(n));
    ASSERT_TRUE(e.has_value()) << n;
    EXPECT_EQ(e->size, n);
  }
}

TEST(ScanCache, TwentyThousandRows) {
  const std::string path = cache_path("c.db");
  constexpr std::size_t kRows = 20000;
  {
    const auto cache = ScanCache::open(path, "s");
    for (std::size_t n = 0; n < kRows; ++n) ASSERT_TRUE(cache->store(row_path(n), n, 7, small_report(row_path(n), n)));
  }
  const auto cache = ScanCache::open(path, "s");
  EXPECT_EQ(cache->size(), kRows);
  std::size_t found = 0;
  for (std::size_t n = 0; n < kRows; ++n) {
    const auto e = cache->entry(row_path(n));
    const auto r = cache->report(row_path(n));
    if (e && e->size == n && r && r->bytes == 1000 + n && r->findings.size() == (n % 3 == 0 ? 1u : 0u)) ++found;
  }
  EXPECT_EQ(found, kRows);
}

WalkedFile walked(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return {path, static_cast<std::uint64_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

// A scanner (hashing content, as the CLI's does with a cache) that counts how
// often it is asked for: the CLI compiles its rules on the first ask.
struct CountedScanner {
  static ScanOptions hashing() {
    ScanOptions options;
    options.hash_content = true;
    return options;
  }
  const Scanner& operator()() {
    ++asked;
    return scanner;
  }
  const Scanner scanner{builtin_detector(), hashing()};
  std::size_t asked = 0;
};

// The CLI compiles its rules only when a file has to be scanned: an unchanged
// file must be answered without asking for a scanner at all.
TEST(ScanThroughCache, AsksForAScannerOnlyForFilesItMustScan) {
  const std::string dir = temp_dir("scan-through-cache");
  const std::string file = dir + "/staff.txt";
  write_file(file, "Pay number: 612345\nNI number: JG 10 37 56 A\n");
  CountedScanner counted;
  const std::function<const Scanner&()> on_demand = std::ref(counted);
  const std::size_t& asked = counted.asked;
  const auto cache = ScanCache::open(cache_path("through.db"), "s");
  const CacheKeys keys;

  FileReport cold, warm, changed;
  EXPECT_FALSE(scan_through_cache(on_demand, cache.get(), walked(file), keys, cold));
  EXPECT_EQ(asked, 1u);
  ASSERT_EQ(cold.findings_total, 2u) << "a pay number and a National Insurance number";

  EXPECT_TRUE(scan_through_cache(on_demand, cache.get(), walked(file), keys, warm));
  EXPECT_EQ(asked, 1u) << "an unchanged file needs no scanner";
  EXPECT_EQ(warm.findings_total, 2u);
  EXPECT_EQ(warm.findings.at(1).masked, cold.findings.at(1).masked);

  write_file(file, "Pay number: 612345\n");
  EXPECT_FALSE(scan_through_cache(on_demand, cache.get(), walked(file), keys, changed));
  EXPECT_EQ(asked, 2u);
  EXPECT_EQ(changed.findings_total, 1u);
}

TEST(ScanThroughCache, WithoutLookupsScansAndStoresWhatIsThere) {
  // A caller that knows the cache has nothing for a file (opened empty, each
  // file met once) skips the lookup; the file is scanned and stored as usual.
  const std::string dir = temp_dir("scan-without-lookup");
  const std::string file = dir + "/staff.txt";
  write_file(file, "Pay number: 612345\n");
  CountedScanner counted;
  const std::function<const Scanner&()> on_demand = std::ref(counted);
  const std::size_t& asked = counted.asked;
  const auto cache = ScanCache::open(cache_path("no-lookup.db"), "s");
  const CacheKeys keys;
  FileReport first, again, later;
  EXPECT_FALSE(scan_through_cache(on_demand, cache.get(), walked(file), keys, first, false));
  EXPECT_FALSE(scan_through_cache(on_demand, cache.get(), walked(file), keys, again, false))
      << "not looked up, so not reused";
  EXPECT_EQ(asked, 2u);
  EXPECT_TRUE(scan_through_cache(on_demand, cache.get(), walked(file), keys, later)) << "but stored";
  EXPECT_EQ(asked, 2u);
  EXPECT_EQ(later.findings_total, first.findings_total);
}

// With a view maker, an unchanged file's view is taken as stored: neither a
// scanner nor the maker is asked, and the report is not decoded.
TEST(ScanThroughCache, TakesAKeptViewWithoutDecodingOrScanning) {
  const std::string dir = temp_dir("scan-through-views");
  const std::string file = dir + "/staff.txt";
  write_file(file, "Pay number: 612345\nNI number: JG 10 37 56 A\n");
  CountedScanner counted_scanner;
  const std::function<const Scanner&()> on_demand = std::ref(counted_scanner);
  const std::size_t& asked = counted_scanner.asked;
  std::size_t made = 0;
  const auto make = [&made](const FileReport& r) {
    ++made;
    return fmt::format("{} findings in {}", r.findings_total, r.path);
  };
  const ViewMaker counted{"count", make};
  const auto cache = ScanCache::open(cache_path("views.db"), "s");
  const CacheKeys keys;

  FileReport report;
  std::string view;
  EXPECT_EQ(scan_through_cache(on_demand, cache.get(), walked(file), keys, report, counted, view), Reused::nothing);
  EXPECT_EQ(asked, 1u);
  EXPECT_EQ(made, 1u);
  EXPECT_EQ(report.findings_total, 2u);

  FileReport untouched;
  untouched.path = "left alone";
  EXPECT_EQ(scan_through_cache(on_demand, cache.get(), walked(file), keys, untouched, counted, view), Reused::view);
  EXPECT_EQ(view, "2 findings in " + file);
  EXPECT_EQ(untouched.path, "left alone");
  EXPECT_EQ(asked, 1u);
  EXPECT_EQ(made, 1u);

  // Another maker: the cached report is decoded and its view made and kept.
  const ViewMaker other{"other", [&made](const FileReport& r) {
                          ++made;
                          return "other view of " + r.path;
                        }};
  EXPECT_EQ(scan_through_cache(on_demand, cache.get(), walked(file), keys, report, other, view), Reused::report);
  EXPECT_EQ(report.findings_total, 2u);
  EXPECT_EQ(made, 2u);
  EXPECT_EQ(scan_through_cache(on_demand, cache.get(), walked(file), keys, report, other, view), Reused::view);
  EXPECT_EQ(view, "other view of " + file);
  EXPECT_EQ(made, 2u);
  EXPECT_EQ(asked, 1u) << "no file was scanned twice";

  // The name a file is given is part of its view's key: views may print it.
  const std::string same_file = dir + "/./staff.txt";
  EXPECT_EQ(scan_through_cache(on_demand, cache.get(), walked(same_file), keys, report, other, view), Reused::report);
  EXPECT_EQ(report.path, same_file);

  // Changed: scanned again, its new view made.
  write_file(file, "Pay number: 612345\n");
  EXPECT_EQ(scan_through_cache(on_demand, cache.get(), walked(file), keys, report, counted, view), Reused::nothing);
  EXPECT_EQ(asked, 2u);
  EXPECT_EQ(scan_through_cache(on_demand, cache.get(), walked(file), keys, report, counted, view), Reused::view);
  EXPECT_EQ(view, "1 findings in " + file);
}

// Keys are absolute and lexically normal whichever way a path is written.
TEST(CacheKeysTest, AreAbsoluteAndNormal) {
  const CacheKeys keys;
  const std::string cwd = boost::filesystem::current_path().string();
  EXPECT_EQ(keys("share/a.txt"), cwd + "/share/a.txt");
  EXPECT_EQ(keys("./share/a.txt"), cwd + "/share/a.txt");
  EXPECT_EQ(keys("share//a.txt"), cwd + "/share/a.txt");
  EXPECT_EQ(keys("share/x/../a.txt"), cwd + "/share/a.txt");
  EXPECT_EQ(keys("/srv/share/a.txt"), "/srv/share/a.txt");
  EXPECT_EQ(keys("/srv/./share/../share/a.txt"), "/srv/share/a.txt");
  EXPECT_EQ(keys("..a/b.txt"), cwd + "/..a/b.txt") << "'..a' is a name, not the parent";
}

// Not a test: `--gtest_also_run_disabled_tests --gtest_filter=*DISABLED_Timing*`
// prints what a warm re-scan pays per unchanged file.
TEST(ScanCache, DISABLED_Timing) {
  const std::string path = cache_path("c.db");
  constexpr std::size_t kRows = 20000;
  const FileReport staff = staff_list_report();
  const auto cache = ScanCache::open(path, "s");
  auto start = std::chrono::steady_clock::now();
  for (std::size_t n = 0; n < kRows; ++n) {
    FileReport r = n % 10 == 0 ? staff : small_report(row_path(n), n);
    r.path = row_path(n);
    ASSERT_TRUE(cache->store(row_path(n), n, 7, r));
  }
  cache->flush();
  const auto us = [](auto d) { return std::chrono::duration<double, std::micro>(d).count(); };
  std::printf("store: %.2f us/file\n", us(std::chrono::steady_clock::now() - start) / kRows);
  start = std::chrono::steady_clock::now();
  std::size_t findings = 0;
  for (std::size_t n = 0; n < kRows; ++n) {
    const auto e = cache->entry(row_path(n));
    findings += e ? e->sha256.size() : 0;
  }
  std::printf("entry: %.2f us/file\n", us(std::chrono::steady_clock::now() - start) / kRows);
  for (const bool staff_files : {false, true}) {
    start = std::chrono::steady_clock::now();
    std::size_t files = 0;
    for (std::size_t n = 0; n < kRows; ++n) {
      if ((n % 10 == 0) != staff_files) continue;
      const auto e = cache->entry(row_path(n));
      const auto r = cache->report(row_path(n));
      findings += r ? r->findings.size() : 0;
      ++files;
    }
    std::printf("entry+report: %.2f us/file (%s)\n", us(std::chrono::steady_clock::now() - start) / files,
                staff_files ? "staff list, every 10th file" : "one finding or none");
  }
  std::printf("staff list: %zu findings, %zu bytes encoded\n", staff.findings.size(), encode_report(staff).size());
  EXPECT_GT(findings, 0u);
}

}  // namespace
}  // namespace foiguard::walk
