// Path expansion: folders walked recursively in sorted order, symlinks inside
// folders not followed unless asked (loops reported), special files skipped,
// errors reported per path; sizes and times from the walk's own stat; shards,
// --shard parsing and --files-from lists. Ignore patterns: walk_ignore_test.cpp.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

#include "test_support.hpp"
#include "walk/walk.hpp"

namespace foiguard::walk {
namespace {

using foiguard::testing::temp_dir;
using foiguard::testing::write_file;

std::vector<std::string> paths_of(const WalkResult& r) {
  std::vector<std::string> paths;
  for (const auto& file : r.files) paths.push_back(file.path);
  return paths;
}

// root/
//   b.txt  a.csv
//   sub/c.txt  sub/deeper/d.txt
//   link-to-sub -> sub      (folder symlink: not followed unless asked)
//   link-to-b -> b.txt      (file symlink: not scanned twice)
//   pipe                    (fifo: skipped)
std::string make_tree() {
  const std::string root = temp_dir("walk");
  write_file(root + "/b.txt", "b");
  write_file(root + "/a.csv", "a");
  write_file(root + "/sub/c.txt", "c");
  write_file(root + "/sub/deeper/d.txt", "d");
  EXPECT_EQ(::symlink((root + "/sub").c_str(), (root + "/link-to-sub").c_str()), 0);
  EXPECT_EQ(::symlink("b.txt", (root + "/link-to-b").c_str()), 0);
  EXPECT_EQ(::mkfifo((root + "/pipe").c_str(), 0600), 0);
  return root;
}

TEST(Walk, RecursesSortedWithoutFollowingSymlinksOrSpecialFiles) {
  const std::string root = make_tree();
  const WalkResult r = expand({root});
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().path << ": " << r.errors.front().message;
  const std::vector<std::string> expected = {root + "/a.csv", root + "/b.txt", root + "/sub/c.txt",
                                             root + "/sub/deeper/d.txt"};
  EXPECT_EQ(paths_of(r), expected);
}

TEST(Walk, EachFileOnceWhenNamedTwice) {
  const std::string root = make_tree();
  const WalkResult r = expand({root + "/sub", root + "/sub/c.txt", root + "/sub/c.txt"});
  const std::vector<std::string> expected = {root + "/sub/c.txt", root + "/sub/deeper/d.txt"};
  EXPECT_EQ(paths_of(r), expected);
}

TEST(Walk, MissingPathIsAnErrorAndTheWalkGoesOn) {
  const std::string root = make_tree();
  const WalkResult r = expand({root + "/nope.txt", root + "/sub/deeper"});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, root + "/nope.txt");
  EXPECT_EQ(r.errors[0].message, "no such file or directory");
  EXPECT_EQ(paths_of(r), std::vector<std::string>{root + "/sub/deeper/d.txt"});
}

TEST(Walk, NamedSpecialFileIsAnErrorNotASilentSkip) {
  const std::string root = make_tree();
  const WalkResult r = expand({root + "/pipe", ""});
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].path, root + "/pipe");
  EXPECT_EQ(r.errors[0].message, "not a regular file or folder");
  EXPECT_EQ(r.errors[1].message, "empty path");
  EXPECT_TRUE(r.files.empty());
}

TEST(Walk, NamedSymlinkIsFollowed) {
  const std::string root = make_tree();
  const WalkResult r = expand({root + "/link-to-b"});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(paths_of(r), std::vector<std::string>{root + "/link-to-b"});
}

TEST(Walk, UnreadableFolderIsReportedAndTheRestWalked) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every folder: no permission error to provoke";
  const std::string root = make_tree();
  ASSERT_EQ(::chmod((root + "/sub/deeper").c_str(), 0), 0);
  const WalkResult r = expand({root});
  ::chmod((root + "/sub/deeper").c_str(), 0700);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, root + "/sub/deeper");
  EXPECT_EQ(r.errors[0].message, "permission denied");
  const std::vector<std::string> expected = {root + "/a.csv", root + "/b.txt", root + "/sub/c.txt"};
  EXPECT_EQ(paths_of(r), expected);
}


TEST(Walk, FollowsSymlinksWhenAsked) {
  const std::string root = make_tree();
  WalkOptions options;
  options.follow_symlinks = true;
  const WalkResult r = expand({root}, options);
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().path << ": " << r.errors.front().message;
  const std::vector<std::string> expected = {root + "/a.csv",
                                             root + "/b.txt",
                                             root + "/link-to-b",
                                             root + "/link-to-sub/c.txt",
                                             root + "/link-to-sub/deeper/d.txt",
                                             root + "/sub/c.txt",
                                             root + "/sub/deeper/d.txt"};
  EXPECT_EQ(paths_of(r), expected);
}

// root/a/f.txt, root/a/back -> .. (the root), root/self -> . : both are loops.
std::string make_loop_tree() {
  const std::string root = temp_dir("walk-loop");
  write_file(root + "/a/f.txt", "f");
  EXPECT_EQ(::symlink("..", (root + "/a/back").c_str()), 0);
  EXPECT_EQ(::symlink(".", (root + "/self").c_str()), 0);
  EXPECT_EQ(::symlink("nowhere", (root + "/dangling").c_str()), 0);
  return root;
}

TEST(Walk, SymlinkLoopIsReportedWhenFollowing) {
  const std::string root = make_loop_tree();
  WalkOptions options;
  options.follow_symlinks = true;
  const WalkResult r = expand({root}, options);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].path, root + "/a/back");
  EXPECT_EQ(r.errors[0].message, "symlink loop");
  EXPECT_EQ(r.errors[1].path, root + "/self");
  EXPECT_EQ(r.errors[1].message, "symlink loop");
  EXPECT_EQ(paths_of(r), std::vector<std::string>{root + "/a/f.txt"});  // the dangling link: nothing to read
}

TEST(Walk, SymlinkLoopIsSkippedSilentlyWhenNotFollowing) {
  const std::string root = make_loop_tree();
  const WalkResult r = expand({root});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(paths_of(r), std::vector<std::string>{root + "/a/f.txt"});
}

// A root's subfolders are walked by WalkOptions::threads threads: what they
// find (files, errors, exclusions) must be what one thread finds.
TEST(Walk, FilesComeInByteOrderOfTheirPathsWhateverTheNamesAroundSlash) {
  // Names around '/' in byte order: ' ' '-' '.' sort before '/', so the file
  // "a.txt" and the folder "a-b" come before the folder "a", and "ab" after.
  const std::string root = temp_dir("walk-order");
  for (const char* name : {"a/x.txt", "a/b/c.txt", "a-b/y.txt", "a.txt", "a b.txt", "ab/z.txt", "b.txt",
                           "a/a.txt", "a/a-1/q.txt", "a/a.1", "A.txt", "a/\xc3\xa9t\xc3\xa9.txt"})
    write_file(root + "/" + name, "x");
  std::vector<std::string> expected;
  for (const char* name : {"A.txt", "a b.txt", "a-b/y.txt", "a.txt", "a/a-1/q.txt", "a/a.1", "a/a.txt",
                           "a/b/c.txt", "a/x.txt", "a/\xc3\xa9t\xc3\xa9.txt", "ab/z.txt", "b.txt"})
    expected.push_back(root + "/" + name);
  ASSERT_TRUE(std::is_sorted(expected.begin(), expected.end())) << "the expectation is byte order";
  for (const unsigned threads : {1u, 2u, 5u}) {
    WalkOptions options;
    options.threads = threads;
    EXPECT_EQ(paths_of(expand({root}, options)), expected) << threads << " threads";
  }
}

TEST(Walk, ThreadsFindWhatOneThreadFinds) {
  const std::string root = temp_dir("walk-threads");
  write_file(root + "/.foiguardignore", "*.tmp\n");  // applies in every subfolder
  write_file(root + "/top.txt", "t");
  for (int d = 0; d < 6; ++d) {
    const std::string dept = root + "/dept-" + std::to_string(d);
    for (int f = 0; f < 5; ++f) write_file(dept + "/letters/l-" + std::to_string(f) + ".txt", std::string(f + 1, 'x'));
    write_file(dept + "/scratch.tmp", "left out by the root's ignore file");
    write_file(dept + "/drafts/old.doc", "left out by --exclude");
  }
  write_file(root + "/dept-2/.foiguardignore", "letters/l-0.txt\n");  // one subfolder's own rules
  EXPECT_EQ(::symlink("..", (root + "/dept-4/letters/up").c_str()), 0);  // a loop when following
  WalkOptions options;
  options.excludes = {"drafts/"};
  options.follow_symlinks = true;
  const WalkResult one = expand({root}, options);
  ASSERT_EQ(one.files.size(), 1u + 6 * 5 - 1);
  ASSERT_EQ(one.errors.size(), 1u);
  EXPECT_EQ(one.errors[0].path, root + "/dept-4/letters/up");
  EXPECT_EQ(one.excluded, 6u + 6 + 1);  // scratch files, drafts folders, dept-2's l-0.txt
  for (const unsigned threads : {2u, 3u, 16u}) {
    options.threads = threads;
    const WalkResult many = expand({root}, options);
    EXPECT_EQ(paths_of(many), paths_of(one)) << threads;
    ASSERT_EQ(many.errors.size(), one.errors.size()) << threads;
    EXPECT_EQ(many.errors[0].path, one.errors[0].path);
    EXPECT_EQ(many.excluded, one.excluded) << threads;
    for (std::size_t i = 0; i < one.files.size() && i < many.files.size(); ++i) {
      EXPECT_EQ(many.files[i].size, one.files[i].size) << many.files[i].path;
      EXPECT_EQ(many.files[i].mtime_ns, one.files[i].mtime_ns) << many.files[i].path;
    }
  }
}

TEST(Walk, SizeAndModificationTimeComeFromTheFile) {
  const std::string root = temp_dir("walk-stat");
  const std::string content = "612345,Adeyemi-Walsh\n";
  write_file(root + "/pay.csv", content);
  const timespec times[2] = {{1'600'000'000, 0}, {1'650'000'000, 123'456'789}};
  ASSERT_EQ(::utimensat(AT_FDCWD, (root + "/pay.csv").c_str(), times, 0), 0);
  struct stat st {};
  ASSERT_EQ(::stat((root + "/pay.csv").c_str(), &st), 0);

  for (const std::string& named : {root, root + "/pay.csv"}) {
    const WalkResult r = expand({named});
    ASSERT_EQ(r.files.size(), 1u);
    EXPECT_EQ(r.files[0].size, content.size());
    EXPECT_EQ(r.files[0].size, static_cast<std::uint64_t>(st.st_size));
    EXPECT_EQ(r.files[0].mtime_ns, st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec);
    EXPECT_EQ(r.files[0].mtime_ns, 1'650'000'000'123'456'789LL);
  }
}

// The hash decides which machine scans which file: it must never change
// between releases, or a re-run of shard 3/8 would scan other files.
TEST(Shard, PathHashIsPinnedFnv1a64) {
  EXPECT_EQ(path_hash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(path_hash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(path_hash("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(path_hash("/srv/share/hr/Adeyemi-Walsh 612345.docx"), 0xdadd01c7a2e62f2cULL);
}

TEST(Shard, ShardsSplitTheFilesExactly) {
  const std::string root = temp_dir("walk-shard");
  for (int i = 0; i < 120; ++i) write_file(root + "/d" + std::to_string(i % 5) + "/f" + std::to_string(i) + ".txt", "x");
  const std::vector<std::string> all = paths_of(expand({root}));
  ASSERT_EQ(all.size(), 120u);

  constexpr std::uint32_t kCount = 7;
  std::multiset<std::string> union_of_shards;
  std::size_t non_empty = 0;
  for (std::uint32_t k = 1; k <= kCount; ++k) {
    WalkOptions options;
    options.shard = Shard{k, kCount};
    const WalkResult r = expand({root}, options);
    for (const auto& file : r.files) {
      union_of_shards.insert(file.path);
      EXPECT_EQ(path_hash(file.path) % kCount + 1, k) << file.path;
    }
    if (!r.files.empty()) ++non_empty;
    EXPECT_LT(r.files.size(), all.size());
  }
  EXPECT_EQ(union_of_shards.size(), all.size());  // a multiset: a file in two shards would count twice
  EXPECT_EQ(std::vector<std::string>(union_of_shards.begin(), union_of_shards.end()), all);
  EXPECT_GE(non_empty, 5u);
}

TEST(Shard, NamedFilesAreShardedToo) {
  const std::string root = temp_dir("walk-shard-named");
  std::vector<std::string> named;
  for (int i = 0; i < 40; ++i) {
    named.push_back(root + "/n" + std::to_string(i) + ".txt");
    write_file(named.back(), "x");
  }
  std::size_t total = 0;
  for (std::uint32_t k = 1; k <= 3; ++k) {
    WalkOptions options;
    options.shard = Shard{k, 3};
    const WalkResult r = expand(named, options);
    EXPECT_LT(r.files.size(), named.size());
    total += r.files.size();
  }
  EXPECT_EQ(total, named.size());
}

TEST(Shard, ParsesKOverN) {
  std::string why;
  const auto two_of_eight = parse_shard("2/8", &why);
  ASSERT_TRUE(two_of_eight) << why;
  EXPECT_EQ(two_of_eight->index, 2u);
  EXPECT_EQ(two_of_eight->count, 8u);
  const auto last = parse_shard("1000000/1000000", &why);
  ASSERT_TRUE(last) << why;
  EXPECT_EQ(last->index, 1'000'000u);
  const auto one = parse_shard("1/1", &why);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->count, 1u);
}

TEST(Shard, MalformedShardsSayWhatIsWrong) {
  const std::string usage = "--shard wants K/N with 1 <= K <= N, e.g. 2/8";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2", usage + " (no '/' in \"2\")"},
      {"", usage + " (no '/' in \"\")"},
      {"0/8", usage + " (K counts from 1)"},
      {"9/8", usage + " (K is 9, above N 8)"},
      {"2/0", usage + " (N is 0)"},
      {"a/8", usage + " (\"a\" is not a whole number)"},
      {"2/8x", usage + " (\"8x\" is not a whole number)"},
      {"-1/8", usage + " (\"-1\" is not a whole number)"},
      {" 2/8", usage + " (\" 2\" is not a whole number)"},
      {"2/", usage + " (\"\" is not a whole number)"},
      {"2/1000001", "--shard N must be at most 1000000"},
      {"2/99999999999", "--shard N must be at most 1000000"},
      {"99999999999/8", usage + " (K is above N)"},
  };
  for (const auto& [text, message] : cases) {
    std::string why;
    EXPECT_FALSE(parse_shard(text, &why)) << text;
    EXPECT_EQ(why, message) << text;
  }
  EXPECT_FALSE(parse_shard("3/2", nullptr));  // no reason wanted: still refused, no crash
}

TEST(PathList, OnePathALineWithCrlfAndBlankLines) {
  std::istringstream in("a.txt\r\n\r\n   \nsub/b c.txt\n\n/srv/share/Adeyemi-Walsh.docx");
  const std::vector<std::string> expected = {"a.txt", "sub/b c.txt", "/srv/share/Adeyemi-Walsh.docx"};
  EXPECT_EQ(read_path_list(in), expected);
}

TEST(PathList, NulByteIsRefusedNamingTheLine) {
  std::istringstream in(std::string("a.txt\nb.txt\0c.txt\n", 18));
  try {
    read_path_list(in);
    FAIL() << "a NUL byte was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace foiguard::walk
