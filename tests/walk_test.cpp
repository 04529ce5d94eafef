// Path expansion: folders walked recursively in sorted order, symlinks inside
// folders not followed, special files skipped, errors reported per path.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "test_support.hpp"
#include "walk/walk.hpp"

namespace foiguard::walk {
namespace {

using foiguard::testing::temp_dir;
using foiguard::testing::write_file;

// root/
//   b.txt  a.csv
//   sub/c.txt  sub/deeper/d.txt
//   link-to-sub -> sub      (folder symlink: not followed)
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
  EXPECT_TRUE(r.errors.empty()) << r.errors.front().path << ": " << r.errors.front().message;
  const std::vector<std::string> expected = {root + "/a.csv", root + "/b.txt", root + "/sub/c.txt",
                                             root + "/sub/deeper/d.txt"};
  EXPECT_EQ(r.files, expected);
}

TEST(Walk, EachFileOnceWhenNamedTwice) {
  const std::string root = make_tree();
  const WalkResult r = expand({root + "/sub", root + "/sub/c.txt", root + "/sub/c.txt"});
  const std::vector<std::string> expected = {root + "/sub/c.txt", root + "/sub/deeper/d.txt"};
  EXPECT_EQ(r.files, expected);
}

TEST(Walk, MissingPathIsAnErrorAndTheWalkGoesOn) {
  const std::string root = make_tree();
  const WalkResult r = expand({root + "/nope.txt", root + "/sub/deeper"});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, root + "/nope.txt");
  EXPECT_EQ(r.errors[0].message, "no such file or directory");
  EXPECT_EQ(r.files, std::vector<std::string>{root + "/sub/deeper/d.txt"});
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
  EXPECT_EQ(r.files, std::vector<std::string>{root + "/link-to-b"});
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
  EXPECT_EQ(r.files, expected);
}

}  // namespace
}  // namespace foiguard::walk
