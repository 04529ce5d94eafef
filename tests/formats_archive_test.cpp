// Plain zip archives and the container layer every zip-based format shares:
// members read by their own formats with the member chain in the location,
// the archive_member visibility, and the limits (depth, a budget shared by
// nested archives, encrypted members, suspicious names). Fixtures:
// tests/data/zip/generate.py (Python's zipfile), see its README.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "foiguard/scanner.hpp"
#include "formats_collect.hpp"
#include "support/zip_writer.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

using testing::Collected;
using testing::note_for;
using testing::scan_bytes;
using testing::span_with;

std::string fixture(const std::string& name) { return testing::fixture_bytes("zip", name); }

bool has_warning(const formats::ReadStats& stats, std::string_view phrase) {
  return std::any_of(stats.warnings.begin(), stats.warnings.end(),
                     [&](const std::string& w) { return w.find(phrase) != std::string::npos; });
}

TEST(Archive, MembersAreReadByTheirOwnFormatsInTheirContainer) {
  const Collected c = testing::collect_package(fixture("mixed.zip"));
  EXPECT_EQ(c.stats.format, "zip");

  const auto& cell = span_with(c, "Adeyemi-Walsh");
  EXPECT_EQ(cell.scope.container, std::vector<std::string>{"tables/staff.csv"});
  EXPECT_EQ(cell.span.kind, SpanKind::table_cell);
  EXPECT_EQ(cell.header, "Surname");
  EXPECT_EQ(cell.span.row, 2u);
  EXPECT_EQ(cell.span.visibility, Visibility::archive_member);

  const auto& line = span_with(c, "DS Okonkwo");
  EXPECT_EQ(line.scope.container, std::vector<std::string>{"letters/reply.txt"});
  EXPECT_EQ(line.span.kind, SpanKind::text_line);
  EXPECT_EQ(line.span.line, 3u);
  EXPECT_EQ(line.span.visibility, Visibility::archive_member);

  // A workbook member keeps its own, more hidden, visibilities.
  const auto& hidden = span_with(c, "Featherstone-Obi");
  EXPECT_EQ(hidden.scope.container, std::vector<std::string>{"workbooks/hidden_sheet.xlsx"});
  EXPECT_EQ(hidden.scope.sheet, "Lookup");
  EXPECT_EQ(hidden.span.visibility, Visibility::very_hidden_sheet);

  const auto& nested = span_with(c, "Night shift");
  EXPECT_EQ(nested.scope.container, (std::vector<std::string>{"inner.zip", "deep/roster.txt"}));
  EXPECT_EQ(nested.span.visibility, Visibility::archive_member);

  const auto* png = note_for(c.stats, "photo.png");
  ASSERT_NE(png, nullptr);
  EXPECT_NE(png->reason.find("PNG image"), std::string::npos) << png->reason;
  EXPECT_EQ(c.stats.not_checked.size(), 1u) << "only the image is left unchecked";
  EXPECT_TRUE(c.stats.warnings.empty());
}

TEST(Archive, ScanBlocksAndLocatesFindingsInsideMembers) {
  const FileReport r = scan_bytes("drop.zip", fixture("mixed.zip"));
  EXPECT_EQ(r.format, "zip");
  EXPECT_EQ(r.verdict, Verdict::block) << r.reason;
  const auto f = std::find_if(r.findings.begin(), r.findings.end(), [](const Finding& x) {
    return x.category == Category::pay_number && x.location.container == std::vector<std::string>{"tables/staff.csv"};
  });
  ASSERT_NE(f, r.findings.end());
  EXPECT_EQ(f->visibility, Visibility::archive_member);
  EXPECT_EQ(describe(f->location), "drop.zip!/tables/staff.csv: row 2, col 4 [Pay No]");
  const auto deep = std::find_if(r.findings.begin(), r.findings.end(), [](const Finding& x) {
    return x.location.container.size() == 2 && x.category == Category::person_name;
  });
  ASSERT_NE(deep, r.findings.end());
  EXPECT_EQ(describe(deep->location).rfind("drop.zip!/inner.zip!/deep/roster.txt: line 1", 0), 0u)
      << describe(deep->location);
}

TEST(Archive, SuspiciousAndDuplicateNamesAreWarnings) {
  const Collected c = testing::collect_package(fixture("traversal.zip"));
  EXPECT_TRUE(has_warning(c.stats, "suspicious member name '../../etc/cron.d/evil.txt'"));
  EXPECT_TRUE(has_warning(c.stats, "suspicious member name '/abs/path.txt'"));
  EXPECT_TRUE(has_warning(c.stats, "duplicate member name 'dup.txt'"));
  // Both copies of the duplicate are read: the second one holds the name.
  EXPECT_EQ(span_with(c, "DS Okonkwo").scope.container, std::vector<std::string>{"dup.txt"});

  const FileReport r = scan_bytes("t.zip", fixture("traversal.zip"));
  EXPECT_GE(r.not_checked.size(), 3u) << "the warnings are reported with the file";
}

TEST(Archive, NestingPastTheDepthLimitIsANoteNotARead) {
  const std::string bytes = fixture("deep.zip");
  const Collected shallow = testing::collect_package(bytes);
  const std::string cut = "level1.zip!/level2.zip!/level3.zip!/level4.zip!/level5.zip!/level6.zip";
  const auto* note = note_for(shallow.stats, cut);
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->reason, "nested deeper than 5 levels: not opened");
  EXPECT_TRUE(shallow.spans.empty());

  Collected deep;
  formats::PackageOptions options;
  options.max_depth = 8;
  deep.stats = formats::read_package(bytes, options, testing::collecting_sink(deep));
  const auto& bottom = span_with(deep, "DS Okonkwo");
  EXPECT_EQ(bottom.scope.container.size(), 8u);
  EXPECT_EQ(bottom.scope.container.back(), "bottom.txt");
  EXPECT_TRUE(deep.stats.not_checked.empty());
}

TEST(Archive, EncryptedMembersAreNotedAndTheRestIsRead) {
  const Collected c = testing::collect_package(fixture("encrypted.zip"));
  const auto* note = note_for(c.stats, "secret.txt");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->reason, "encrypted member: cannot be checked");
  EXPECT_EQ(span_with(c, "released under FOI").scope.container, std::vector<std::string>{"open.txt"});
}

TEST(Archive, NestedArchivesShareOneBudget) {
  // Each archive alone is far under the per-archive limits; the budget of the
  // whole file is what stops a zip of zips.
  const std::string bytes = fixture("mixed.zip");
  Collected c;
  formats::PackageOptions options;
  options.budget = std::make_shared<formats::ContainerBudget>();
  options.budget->max_inflated = 4096;
  c.stats = formats::read_package(bytes, options, testing::collecting_sink(c));
  const auto* note = note_for(c.stats, "workbooks/hidden_sheet.xlsx");
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->reason.find("nested archives inflate past 4096 bytes in all"), std::string::npos)
      << note->reason;
  EXPECT_GT(options.budget->inflated, 4096u);

  options.budget = std::make_shared<formats::ContainerBudget>();
  options.budget->max_members = 7;  // the outer archive's own 7 members fit; inner.zip's do not
  Collected members;
  members.stats = formats::read_package(bytes, options, testing::collecting_sink(members));
  const auto* inner = note_for(members.stats, "inner.zip");
  ASSERT_NE(inner, nullptr);
  EXPECT_NE(inner->reason.find("over 7 members in all"), std::string::npos) << inner->reason;
}

// A large archive's small members are read two at a time (member_threads):
// every other one on a helper thread. The sink must see what one thread
// sends: the same batches in the same order, and the same notes, whatever
// each member holds (packages, mail, web pages, nested and encrypted zips,
// broken files) and with a member too large for the helper among them.
TEST(Archive, MembersReadOnTwoThreadsComeInTheOrderOfOne) {
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"docx", "tracked_changes.docx"}, {"xlsx", "hidden_sheet.xlsx"}, {"html", "staff_page.html"},
      {"eml", "attachments.eml"},       {"zip", "encrypted.zip"},      {"zip", "mixed.zip"},
      {"docx", "truncated.docx"},       {"xlsx", "zip_bomb.xlsx"},     {"xlsx", "pivot_cache.xlsx"}};
  std::vector<std::pair<std::string, std::string>> members;
  for (int round = 0; round < 8; ++round) {
    for (const auto& [folder, name] : kinds)
      members.emplace_back("round" + std::to_string(round) + "/" + name, testing::fixture_bytes(folder, name));
    members.emplace_back("round" + std::to_string(round) + "/notes.txt",
                         "DS " + std::to_string(4400 + round) + " Okonkwo took the call.\n");
    if (round == 4) {
      std::string large;  // over the helper's 4 MiB: read alone, in its place
      for (int line = 0; large.size() < (std::size_t{5} << 20); ++line)
        large += "Line " + std::to_string(line) + ": PC 2231 Adeyemi-Walsh, nothing further.\n";
      members.emplace_back("round4/large.txt", large);
    }
  }
  const std::string archive = testing::zip_of(members);
  const auto read = [&](unsigned member_threads) {
    Collected c;
    formats::PackageOptions options;
    options.batch_bytes = 8192;
    options.member_threads = member_threads;
    c.stats = formats::read_package(archive, options, testing::collecting_sink(c));
    return c;
  };
  const Collected one = read(1);
  const Collected two = read(2);
  ASSERT_GT(one.spans.size(), 100000u);
  EXPECT_EQ(two.batches, one.batches);
  ASSERT_EQ(two.spans.size(), one.spans.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < one.spans.size(); ++i) {
    const auto& a = one.spans[i];
    const auto& b = two.spans[i];
    const bool same = a.text == b.text && a.header == b.header && a.scope.container == b.scope.container &&
                      a.scope.part == b.scope.part && a.scope.sheet == b.scope.sheet &&
                      a.span.visibility == b.span.visibility && a.span.row == b.span.row &&
                      a.span.column == b.span.column && a.span.line == b.span.line &&
                      a.span.record == b.span.record && a.span.kind == b.span.kind;
    if (!same && differing++ < 5) ADD_FAILURE() << "span " << i << ": '" << a.text << "' vs '" << b.text << "'";
  }
  EXPECT_EQ(differing, 0u);
  EXPECT_EQ(two.stats.lines, one.stats.lines);
  EXPECT_EQ(two.stats.warnings, one.stats.warnings);
  ASSERT_EQ(two.stats.not_checked.size(), one.stats.not_checked.size());
  for (std::size_t i = 0; i < one.stats.not_checked.size(); ++i) {
    EXPECT_EQ(two.stats.not_checked[i].part, one.stats.not_checked[i].part) << i;
    EXPECT_EQ(two.stats.not_checked[i].reason, one.stats.not_checked[i].reason) << i;
  }
  // The notes are there (not just equal on both sides): one per round from
  // the encrypted zip, the broken document and the zip bomb.
  const auto notes_about = [&](std::string_view phrase) {
    return std::count_if(one.stats.not_checked.begin(), one.stats.not_checked.end(),
                         [&](const formats::PartNote& n) { return n.reason.find(phrase) != std::string::npos; });
  };
  EXPECT_EQ(notes_about("encrypted member"), 8);
  EXPECT_GE(notes_about("zip bomb"), 8);
  EXPECT_EQ(span_with(one, "DS 4404 Okonkwo took the call.").scope.container,
            std::vector<std::string>{"round4/notes.txt"});
}

// Members small on disk but long in text (zips of long text files): their
// batches fill what may wait for the reading thread (4 MiB a member, 16 MiB
// in all), and the helper waits. Here the sink is slow, so the helper runs
// into both limits. Same batches, same order as one thread, and no deadlock.
TEST(Archive, MembersLongInTextWaitOnTheHelperAndKeepTheirOrder) {
  std::vector<std::pair<std::string, std::string>> members;
  for (int m = 0; m < 8; ++m) {
    // 3.6 MiB of text a member, under its own limit, so that several wait
    // together; one member of 6 MiB, over it.
    const std::size_t file_bytes = m == 3 ? std::size_t{2} << 20 : std::size_t{1200} << 10;
    std::vector<std::pair<std::string, std::string>> inner;
    for (int f = 0; f < 3; ++f) {
      std::string text;
      for (int line = 0; text.size() < file_bytes; ++line)
        text += "Member " + std::to_string(m) + " file " + std::to_string(f) + " line " + std::to_string(line) +
                ": nothing to report.\n";
      inner.emplace_back("part" + std::to_string(f) + ".txt", text);
    }
    members.emplace_back("short" + std::to_string(m) + ".txt", "DS 44" + std::to_string(10 + m) + " Okonkwo.\n");
    members.emplace_back("long" + std::to_string(m) + ".zip", testing::zip_of(inner));
  }
  const std::string archive = testing::zip_of(members);
  const auto read = [&](unsigned member_threads) {
    std::vector<std::string> firsts;  // each batch's first span, in order
    std::size_t spans = 0;
    formats::PackageOptions options;
    options.member_threads = member_threads;
    const auto stats = formats::read_package(archive, options, [&](TextBatch& batch) {
      spans += batch.spans.size();
      const Span& first = batch.spans.front();
      firsts.push_back(batch.text.substr(first.begin, first.end - first.begin));
      if (member_threads > 1) std::this_thread::sleep_for(std::chrono::milliseconds(3));
    });
    EXPECT_TRUE(stats.not_checked.empty());
    return std::pair{spans, firsts};
  };
  const auto one = read(1);
  const auto two = read(2);
  EXPECT_GT(one.first, 8u * 3 * 25000);
  EXPECT_EQ(two.first, one.first);
  EXPECT_EQ(two.second, one.second);
  EXPECT_EQ(one.second.back().substr(0, 21), "Member 7 file 2 line ");
}

TEST(Archive, CorpusArchivesAreReadOrRefusedClearly) {
  const std::string corpus = testing::corpus_dir();
  if (corpus.empty()) GTEST_SKIP() << "shared corpus absent (../shared/corpus or FOIGUARD_CORPUS_DIR)";
  std::size_t archives = 0;
  const Scanner scanner(testing::builtin_detector(), ScanOptions{});
  for (const auto& entry : testing::corpus_entries(corpus, {".zip"})) {
    const std::string& path = entry.path;
    ++archives;
    const FileReport r = scanner.scan_file(corpus + "/" + path);
    SCOPED_TRACE(path);
    EXPECT_EQ(r.format, "zip");
    const auto noted = [&](std::string_view part, std::string_view phrase) {
      return std::any_of(r.not_checked.begin(), r.not_checked.end(), [&](const NotChecked& n) {
        return n.part == part && n.reason.find(phrase) != std::string::npos;
      });
    };
    if (path.ends_with("droste.zip")) {
      // A zip that holds itself: opened five levels down, then refused.
      EXPECT_TRUE(noted("droste.zip!/droste.zip!/droste.zip!/droste.zip!/droste.zip!/droste.jpg",
                        "nested deeper than 5 levels"));
    } else if (path.ends_with("testZipEncrypted.zip")) {
      EXPECT_TRUE(noted("encrypted.txt", "encrypted member: cannot be checked"));
    } else if (path.ends_with("testZIP_corrupted_oom.zip")) {
      EXPECT_EQ(r.verdict, Verdict::error);
      EXPECT_NE(r.error.find("corrupt or truncated zip"), std::string::npos) << r.error;
    } else if (path.ends_with("testOpenOfficeInAZip.zip")) {
      EXPECT_TRUE(std::none_of(r.not_checked.begin(), r.not_checked.end(),
                               [](const NotChecked& n) { return n.part == "ScaleRectangleAndLine.odp"; }))
          << "the presentation inside is read";
    } else {
      EXPECT_NE(r.verdict, Verdict::error) << r.error;
    }
  }
  EXPECT_GE(archives, 7u);
}

}  // namespace
}  // namespace foiguard
