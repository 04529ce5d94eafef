// gitignore syntax for --exclude and .foiguardignore: the pattern language on
// its own (IgnoreRules), then over real trees walked by expand(): nested ignore
// files, excluded folders not descended, --exclude, bad ignore files.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "test_support.hpp"
#include "walk/ignore.hpp"
#include "walk/walk.hpp"

namespace foiguard::walk {
namespace {

using foiguard::testing::temp_dir;
using foiguard::testing::write_file;

constexpr bool kFile = false;
constexpr bool kFolder = true;

// True when `rules` (one ignore file's text) leave `path` out.
bool ignores(std::string_view rules, std::string_view path, bool is_folder = kFile) {
  std::vector<std::string> errors;
  const IgnoreRules parsed = IgnoreRules::parse(rules, &errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  return parsed.match(path, is_folder) == IgnoreVerdict::ignored;
}

// ---------------------------------------------------------------- the language

TEST(IgnoreRules, TranslatesGlobsToAnchoredRegexes) {
  EXPECT_EQ(glob_to_regex("*.log"), "(?:.*/)?[^/]*\\x{2e}log");
  EXPECT_EQ(glob_to_regex("/build"), "build");
  EXPECT_EQ(glob_to_regex("doc/?.txt"), "doc/[^/]\\x{2e}txt");
  EXPECT_EQ(glob_to_regex("a/**/b"), "a/(?:.*/)?b");
  EXPECT_EQ(glob_to_regex("**/tmp"), "(?:.*/)?tmp");
  EXPECT_EQ(glob_to_regex("logs/**"), "logs/.*");
  EXPECT_EQ(glob_to_regex("[a-c]"), "(?:.*/)?[\\x{61}-\\x{63}]");
}

TEST(IgnoreRules, NameWithoutSlashMatchesAtAnyDepth) {
  EXPECT_TRUE(ignores("*.log", "a.log"));
  EXPECT_TRUE(ignores("*.log", "x/y/a.log"));
  EXPECT_TRUE(ignores("*.log", "x/old.log", kFolder));  // a folder named like it too, as in git
  EXPECT_FALSE(ignores("*.log", "a.log.txt"));
  EXPECT_FALSE(ignores("*.log", "a.log/inside.txt"));  // a folder's contents go with it by not descending
  EXPECT_TRUE(ignores("node_modules", "web/app/node_modules", kFolder));
}

TEST(IgnoreRules, LeadingOrMiddleSlashAnchors) {
  EXPECT_TRUE(ignores("/build", "build", kFolder));
  EXPECT_FALSE(ignores("/build", "src/build", kFolder));
  EXPECT_TRUE(ignores("doc/*.txt", "doc/a.txt"));
  EXPECT_FALSE(ignores("doc/*.txt", "x/doc/a.txt"));
  EXPECT_FALSE(ignores("doc/*.txt", "doc/sub/a.txt"));  // '*' stays inside one name
}

TEST(IgnoreRules, DoubleStarSpansFolders) {
  EXPECT_TRUE(ignores("**/tmp", "tmp"));
  EXPECT_TRUE(ignores("**/tmp", "a/b/tmp"));
  EXPECT_TRUE(ignores("logs/**", "logs/a"));
  EXPECT_TRUE(ignores("logs/**", "logs/a/b.txt"));
  EXPECT_FALSE(ignores("logs/**", "logs", kFolder));
  EXPECT_TRUE(ignores("a/**/b", "a/b"));
  EXPECT_TRUE(ignores("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(ignores("a/**/b", "ab"));
  EXPECT_FALSE(ignores("a/**/b", "a/xb"));
  EXPECT_TRUE(ignores("a**b", "axyb"));  // not between slashes: an ordinary '*'
  EXPECT_FALSE(ignores("a**b", "ax/yb"));
}

TEST(IgnoreRules, WildcardsAndClassesNeverCrossASlash) {
  EXPECT_TRUE(ignores("a?c", "abc"));
  EXPECT_FALSE(ignores("a?c", "a/c"));
  EXPECT_TRUE(ignores("[a-c]x", "bx"));
  EXPECT_FALSE(ignores("[a-c]x", "dx"));
  EXPECT_TRUE(ignores("[!a]x", "bx"));
  EXPECT_FALSE(ignores("[!a]x", "ax"));
  EXPECT_FALSE(ignores("/a[!b]c", "a/c"));
  EXPECT_FALSE(ignores("/a[%-0]c", "a/c"));  // a range that spans '/' still skips it
  EXPECT_TRUE(ignores("/a[%-0]c", "a.c"));
  EXPECT_TRUE(ignores("[[:digit:]]*.csv", "612345-pay.csv"));
  EXPECT_FALSE(ignores("[[:digit:]]*.csv", "pay.csv"));
  EXPECT_TRUE(ignores("[]]x", "]x"));   // ']' first in a class is a member
  EXPECT_TRUE(ignores("[abc", "[abc"));  // no closing ']': a literal '['
}

TEST(IgnoreRules, LaterLinesWinAndNegationReIncludes) {
  EXPECT_FALSE(ignores("*.log\n!keep.log", "keep.log"));
  EXPECT_TRUE(ignores("*.log\n!keep.log", "drop.log"));
  EXPECT_TRUE(ignores("!keep.log\n*.log", "keep.log"));
  const IgnoreRules rules = IgnoreRules::parse("*.log\n!keep.log");
  EXPECT_EQ(rules.match("keep.log", kFile), IgnoreVerdict::included);
  EXPECT_EQ(rules.match("notes.txt", kFile), IgnoreVerdict::none);
}

TEST(IgnoreRules, TrailingSlashMeansFoldersOnly) {
  EXPECT_TRUE(ignores("cache/", "cache", kFolder));
  EXPECT_TRUE(ignores("cache/", "x/cache", kFolder));  // still unanchored: the slash was only a marker
  EXPECT_FALSE(ignores("cache/", "cache", kFile));
  EXPECT_FALSE(ignores("/out/\n", "src/out", kFolder));
}

TEST(IgnoreRules, CommentsBlanksSpacesAndEscapes) {
  const std::string rules = "# a comment\n\n   \n\\#hash.txt\ntrailing.txt   \nkept\\ \n\\!bang.txt\nstar\\*.txt\r\n";
  EXPECT_EQ(IgnoreRules::parse(rules).match("# a comment", kFile), IgnoreVerdict::none);
  EXPECT_TRUE(ignores(rules, "#hash.txt"));
  EXPECT_TRUE(ignores(rules, "trailing.txt"));
  EXPECT_FALSE(ignores(rules, "kept"));
  EXPECT_TRUE(ignores(rules, "kept "));
  EXPECT_TRUE(ignores(rules, "!bang.txt"));
  EXPECT_TRUE(ignores(rules, "star*.txt"));  // CRLF line end dropped, '\*' a literal star
  EXPECT_FALSE(ignores(rules, "starry.txt"));
}

TEST(IgnoreRules, PathsAreSkippedByTheirLastByteOnlyWhenNoPatternCouldMatch) {
  // A list whose patterns all end in a literal byte passes other paths
  // without a set match; patterns ending in a wildcard, a class or an escape
  // turn that off. Every verdict stays git's.
  const IgnoreRules literal_ends = IgnoreRules::parse(".complete\n*.tmp\n!keep.tmp\ndraft\\ \n");
  EXPECT_EQ(literal_ends.match("x/.complete", false), IgnoreVerdict::ignored);
  EXPECT_EQ(literal_ends.match("a.tmp", false), IgnoreVerdict::ignored);
  EXPECT_EQ(literal_ends.match("keep.tmp", false), IgnoreVerdict::included);
  EXPECT_EQ(literal_ends.match("draft ", false), IgnoreVerdict::ignored) << "an escaped trailing space is literal";
  EXPECT_EQ(literal_ends.match("a.txt", false), IgnoreVerdict::none);
  EXPECT_EQ(literal_ends.match("a.complete.txt", false), IgnoreVerdict::none);
  EXPECT_TRUE(ignores("data[12]", "data2"));
  EXPECT_TRUE(ignores("a?", "ab"));
  EXPECT_TRUE(ignores("*.tmp\nscratch*", "scratch-2"));
  EXPECT_TRUE(ignores("*.tmp\nstar\\*", "star*"));
  EXPECT_FALSE(ignores("*.tmp\nstar\\*", "starx"));
}
TEST(IgnoreRules, HostileNamesAreLiteralsNotRegexSyntax) {
  EXPECT_TRUE(ignores("a+b(c)|d.txt", "a+b(c)|d.txt"));
  EXPECT_FALSE(ignores("a+b(c)|d.txt", "aab(c)|d.txt"));
  EXPECT_FALSE(ignores("a.txt", "abtxt"));
  EXPECT_TRUE(ignores("*.txt", "line\nbreak.txt"));
  EXPECT_TRUE(ignores("caf\xe9-*", "caf\xe9-menu.txt"));  // not UTF-8: matched byte for byte
  EXPECT_FALSE(ignores("caf\xe9-*", "caf\xc3\xa9-menu.txt"));
  EXPECT_TRUE(ignores("Personnel.xlsx", "Personnel.xlsx"));
  EXPECT_FALSE(ignores("Personnel.xlsx", "personnel.xlsx"));  // case-sensitive, as git on Linux
}

// ---------------------------------------------------------------- over trees

std::vector<std::string> relative_paths(const WalkResult& r, const std::string& root) {
  std::vector<std::string> paths;
  for (const auto& file : r.files) paths.push_back(file.path.substr(root.size() + 1));
  return paths;
}

// root/
//   .foiguardignore      *.log  /build/  !keep.log  secret/
//   top.txt  a.log  keep.log
//   build/out.txt        (anchored folder: excluded)
//   src/build/x.txt      (not at the root: kept)
//   src/app.log          (excluded)
//   secret/locked/       (unreadable, inside an excluded folder: never opened)
//   secret/loop -> ..    (a loop, reported if secret/ were walked following links)
//   nested/.foiguardignore   !*.log  notes.txt
//   nested/b.log         (re-included by the nested file)
//   nested/notes.txt     (excluded by the nested file)
//   nested/deep/c.log    (re-included: the nested rules hold below it)
//   other/notes.txt      (the nested rules do not reach here)
std::string make_ignore_tree() {
  const std::string root = temp_dir("walk-ignore");
  write_file(root + "/.foiguardignore", "# shared-drive noise\n*.log\n/build/\n!keep.log\nsecret/\n");
  for (const char* name : {"/top.txt", "/a.log", "/keep.log", "/build/out.txt", "/src/build/x.txt", "/src/app.log",
                           "/nested/b.log", "/nested/notes.txt", "/nested/deep/c.log", "/other/notes.txt",
                           "/secret/open.txt"}) {
    write_file(root + name, "x");
  }
  write_file(root + "/nested/.foiguardignore", "!*.log\nnotes.txt\n");
  write_file(root + "/secret/locked/inner.txt", "x");
  EXPECT_EQ(::symlink("..", (root + "/secret/loop").c_str()), 0);
  EXPECT_EQ(::chmod((root + "/secret/locked").c_str(), 0), 0);
  return root;
}

void unlock(const std::string& root) { ::chmod((root + "/secret/locked").c_str(), 0700); }

TEST(WalkIgnore, IgnoreFilesApplyToTheirFolderAndBelow) {
  const std::string root = make_ignore_tree();
  const WalkResult r = expand({root});
  unlock(root);
  // No "permission denied" for secret/locked: the excluded folder was not descended.
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().path << ": " << r.errors.front().message;
  const std::vector<std::string> expected = {"keep.log", "nested/b.log", "nested/deep/c.log", "other/notes.txt",
                                             "src/build/x.txt", "top.txt"};
  EXPECT_EQ(relative_paths(r, root), expected);
  // a.log, build/, src/app.log, secret/, nested/notes.txt: five, a folder counted once.
  EXPECT_EQ(r.excluded, 5u);
}

// The traps in secret/ go off when it is walked (the loop even as root, who
// reads every folder); with secret/ excluded they stay silent.
TEST(WalkIgnore, ExcludedFolderIsNeverOpened) {
  const std::string root = make_ignore_tree();
  WalkOptions options;
  options.follow_symlinks = true;
  const WalkResult excluded = expand({root}, options);
  options.ignore_files = false;
  const WalkResult walked = expand({root}, options);
  unlock(root);
  EXPECT_TRUE(excluded.errors.empty()) << excluded.errors.front().path << ": " << excluded.errors.front().message;
  const auto reported = [&](const std::string& path, const std::string& message) {
    return std::any_of(walked.errors.begin(), walked.errors.end(),
                       [&](const WalkError& e) { return e.path == path && e.message == message; });
  };
  EXPECT_TRUE(reported(root + "/secret/loop", "symlink loop"));
  if (::geteuid() != 0) {
    EXPECT_TRUE(reported(root + "/secret/locked", "permission denied"));
  }
}

TEST(WalkIgnore, ExcludedFolderIsNotDescendedEvenToReInclude) {
  const std::string root = temp_dir("walk-ignore-reinclude");
  write_file(root + "/.foiguardignore", "backup/\n!backup/keep.txt\n");
  write_file(root + "/backup/keep.txt", "x");
  write_file(root + "/kept.txt", "x");
  const WalkResult r = expand({root});
  EXPECT_EQ(relative_paths(r, root), std::vector<std::string>{"kept.txt"});
  EXPECT_EQ(r.excluded, 1u);
}

TEST(WalkIgnore, ExcludeOptionIsAnchoredAtEachRoot) {
  const std::string root = temp_dir("walk-exclude");
  for (const char* name : {"/top.txt", "/sub/top.txt", "/sub/node_modules/m.js", "/x.tmp", "/sub/y.tmp"}) {
    write_file(root + name, "x");
  }
  WalkOptions options;
  options.excludes = {"/top.txt", "node_modules/", "*.tmp"};
  const WalkResult r = expand({root}, options);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(relative_paths(r, root), std::vector<std::string>{"sub/top.txt"});
  EXPECT_EQ(r.excluded, 4u);

  // Walked from sub/, "/top.txt" now means sub/top.txt.
  const WalkResult from_sub = expand({root + "/sub"}, options);
  EXPECT_TRUE(from_sub.files.empty());
}

TEST(WalkIgnore, ExcludeOptionOutranksIgnoreFiles) {
  const std::string root = temp_dir("walk-exclude-rank");
  write_file(root + "/.foiguardignore", "!*.log\n");
  write_file(root + "/a.log", "x");
  write_file(root + "/b.txt", "x");
  WalkOptions options;
  options.excludes = {"*.log"};
  EXPECT_EQ(relative_paths(expand({root}, options), root), std::vector<std::string>{"b.txt"});
  options.excludes = {"*.txt", "!b.txt"};  // a later `!` re-includes, as in a file
  EXPECT_EQ(relative_paths(expand({root}, options), root), (std::vector<std::string>{"a.log", "b.txt"}));
}

TEST(WalkIgnore, NamedRootsAreWalkedEvenWhenAPatternMatchesThem) {
  const std::string root = temp_dir("walk-exclude-named");
  write_file(root + "/build/out.txt", "x");
  write_file(root + "/build/debug.log", "x");
  WalkOptions options;
  options.excludes = {"build", "*.log"};
  const WalkResult r = expand({root + "/build", root + "/build/debug.log"}, options);
  const std::vector<std::string> expected = {root + "/build/debug.log", root + "/build/out.txt"};
  std::vector<std::string> paths;
  for (const auto& file : r.files) paths.push_back(file.path);
  EXPECT_EQ(paths, expected);
}

TEST(WalkIgnore, IgnoreFilesCanBeTurnedOff) {
  const std::string root = temp_dir("walk-ignore-off");
  write_file(root + "/.foiguardignore", "*.log\n");
  write_file(root + "/a.log", "x");
  EXPECT_TRUE(expand({root}).files.empty());
  WalkOptions options;
  options.ignore_files = false;
  const WalkResult r = expand({root}, options);
  EXPECT_EQ(relative_paths(r, root), (std::vector<std::string>{".foiguardignore", "a.log"}));
  EXPECT_EQ(r.excluded, 0u);
}

TEST(WalkIgnore, HugeIgnoreFileIsAnErrorAndTheWalkGoesOn) {
  const std::string root = temp_dir("walk-ignore-huge");
  write_file(root + "/big/.foiguardignore", "*.txt\n" + std::string(std::size_t{1} << 20, '#'));
  write_file(root + "/big/a.txt", "x");
  write_file(root + "/b.txt", "x");
  const WalkResult r = expand({root});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, root + "/big/.foiguardignore");
  EXPECT_EQ(r.errors[0].message, "ignore file larger than 1 MiB: its rules not applied");
  EXPECT_EQ(relative_paths(r, root), (std::vector<std::string>{"b.txt", "big/a.txt"}));
}

TEST(WalkIgnore, UnreadableIgnoreFileIsAnErrorAndTheWalkGoesOn) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file: no permission error to provoke";
  const std::string root = temp_dir("walk-ignore-unreadable");
  write_file(root + "/.foiguardignore", "*.txt\n");
  write_file(root + "/a.txt", "x");
  ASSERT_EQ(::chmod((root + "/.foiguardignore").c_str(), 0), 0);
  const WalkResult r = expand({root});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, root + "/.foiguardignore");
  EXPECT_EQ(r.errors[0].message, "permission denied");
  EXPECT_EQ(relative_paths(r, root), std::vector<std::string>{"a.txt"});
}

TEST(WalkIgnore, SymlinkedIgnoreFileIsNotFollowedByDefault) {
  const std::string root = temp_dir("walk-ignore-link");
  write_file(root + "/rules", "*.txt\n");
  write_file(root + "/sub/a.txt", "x");
  ASSERT_EQ(::symlink("../rules", (root + "/sub/.foiguardignore").c_str()), 0);
  const WalkResult r = expand({root + "/sub"});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, root + "/sub/.foiguardignore");
  EXPECT_EQ(r.files.size(), 1u);

  WalkOptions follow;
  follow.follow_symlinks = true;
  const WalkResult followed = expand({root + "/sub"}, follow);
  EXPECT_TRUE(followed.errors.empty());
  EXPECT_TRUE(followed.files.empty());
  EXPECT_EQ(followed.excluded, 1u);
}

}  // namespace
}  // namespace foiguard::walk
