// The CLI on a shared drive: shards that split a tree exactly, --files-from,
// excludes and .foiguardignore, the cache (unchanged files not read, touched
// files not rescanned, changed files rescanned, other settings start afresh),
// an interrupted scan resumed, the report formats written to --output, the
// progress line on a pipe and the size limit.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "test_support.hpp"

namespace foiguard {
namespace {

namespace fs = boost::filesystem;
using nlohmann::json;
using testing::read_file;
using testing::run_cli;
using testing::source_path;
using testing::temp_dir;
using testing::write_file;

constexpr const char* kOfficerLetter = "Your request was passed to DS 4417 Okonkwo of the Counter Terrorism Command.\n";
constexpr const char* kCleanLetter   = "Your request was passed to the Disclosure Unit of the Westshire Police team.\n";
static_assert(std::char_traits<char>::length(kOfficerLetter) == std::char_traits<char>::length(kCleanLetter));

class SharedDrive : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::isolate_cli_config("config");
    tree_ = temp_dir("share");
    // Real documents from examples/ (an XLSX with a hidden sheet, a DOCX with
    // tracked changes, CSVs) and letters, in department folders.
    for (const char* name : {"staff-summary-with-hidden-sheet.xlsx", "reply-letter-with-tracked-changes.docx",
                             "staff-list.csv", "vetting-policy-extract.txt"}) {
      fs::create_directories(tree_ + "/hr");
      fs::copy_file(source_path(std::string("examples/") + name), tree_ + "/hr/" + name);
    }
    for (int i = 0; i < 24; ++i)
      put(path_of("dept-", i % 3, "/letter-", i, ".txt"), i % 4 == 0 ? kOfficerLetter : kCleanLetter);
  }

  // ("dept-", 2, "/letter-", 7, ".txt") -> "dept-2/letter-7.txt"
  static std::string path_of(const char* folder, int a, const char* name, int b, const char* extension) {
    return folder + std::to_string(a) + name + std::to_string(b) + extension;
  }
  std::string put(const std::string& relative, const std::string& content) {
    const std::string path = tree_ + "/" + relative;
    fs::create_directories(fs::path(path).parent_path());
    write_file(path, content);
    return path;
  }

  // Paths of the files a JSON-lines scan reported, and its summary line.
  static std::set<std::string> files_of(const std::string& jsonl, json* summary = nullptr) {
    std::set<std::string> files;
    std::istringstream lines(jsonl);
    for (std::string line; std::getline(lines, line);) {
      const json j = json::parse(line);
      if (j["type"] == "file") files.insert(j["path"].get<std::string>());
      if (j["type"] == "summary" && summary) *summary = j;
    }
    return files;
  }
  json scan_json(std::vector<std::string> args, int* code = nullptr, std::string* err = nullptr) {
    args.insert(args.begin(), {"scan", "--format", "json"});
    const auto r = run_cli(args);
    if (code) *code = r.exit_code;
    if (err) *err = r.err;
    return json::parse(r.out);
  }
  static const json* file_named(const json& report, const std::string& suffix) {
    for (const auto& f : report["files"])
      if (f["path"].get<std::string>().ends_with(suffix)) return &f;
    return nullptr;
  }

  std::string config_, tree_;
};

TEST_F(SharedDrive, ShardsSplitTheTreeExactly) {
  const auto all = files_of(run_cli({"scan", "--format", "jsonl", tree_}).out);
  ASSERT_EQ(all.size(), 28u);
  std::set<std::string> united;
  std::size_t total = 0;
  for (int k = 1; k <= 3; ++k) {
    const auto shard = files_of(run_cli({"scan", "--format", "jsonl", "--shard", std::to_string(k) + "/3", tree_}).out);
    EXPECT_GT(shard.size(), 0u) << "shard " << k << " of 3 is empty: the hash does not spread";
    total += shard.size();
    united.insert(shard.begin(), shard.end());
  }
  EXPECT_EQ(total, all.size()) << "shards overlap";
  EXPECT_EQ(united, all);
  const auto bad = run_cli({"scan", "--shard", "4/3", tree_});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("K/N"), std::string::npos) << bad.err;
}

TEST_F(SharedDrive, FilesFromReadsPathsFromStdinOrAFile) {
  const std::string a = tree_ + "/dept-0/letter-0.txt", b = tree_ + "/hr/staff-list.csv";
  const auto from_stdin = run_cli({"scan", "--format", "jsonl", "--files-from", "-"}, a + "\r\n\n" + b + "\n");
  EXPECT_EQ(files_of(from_stdin.out), (std::set<std::string>{a, b}));
  EXPECT_EQ(from_stdin.exit_code, 1) << "letter-0 names an officer";
  const std::string list = temp_dir("lists") + "/paths.txt";
  write_file(list, b + "\n");
  EXPECT_EQ(files_of(run_cli({"scan", "--format", "jsonl", "--files-from", list}).out), (std::set<std::string>{b}));
  const auto nothing = run_cli({"scan"});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("--files-from"), std::string::npos) << nothing.err;
}

TEST_F(SharedDrive, ExcludesAndIgnoreFilesLeaveFilesOut) {
  put("dept-1/.foiguardignore", "letter-1*.txt\n!letter-13.txt\n");
  const auto files = files_of(run_cli({"scan", "--format", "jsonl", "--exclude", "hr/", "--exclude", "*-2?.txt", tree_}).out);
  for (const auto& f : files) {
    EXPECT_EQ(f.find("/hr/"), std::string::npos) << f;
    EXPECT_EQ(f.find(".foiguardignore"), std::string::npos) << f;
  }
  EXPECT_FALSE(files.count(tree_ + "/dept-1/letter-10.txt")) << "ignored in dept-1/.foiguardignore";
  EXPECT_FALSE(files.count(tree_ + "/dept-1/letter-16.txt"));
  EXPECT_TRUE(files.count(tree_ + "/dept-1/letter-13.txt")) << "re-included by !";
  EXPECT_FALSE(files.count(tree_ + "/dept-1/letter-1.txt")) << "letter-1*.txt: * matches nothing too";
  EXPECT_TRUE(files.count(tree_ + "/dept-1/letter-4.txt"));
  EXPECT_FALSE(files.count(tree_ + "/dept-2/letter-20.txt")) << "--exclude '*-2?.txt'";
  EXPECT_TRUE(files.count(tree_ + "/dept-0/letter-12.txt")) << "ignore files apply to their own folder only";
  const auto no_ignore = files_of(run_cli({"scan", "--format", "jsonl", "--no-ignore-files", tree_}).out);
  EXPECT_TRUE(no_ignore.count(tree_ + "/dept-1/letter-10.txt"));
}

TEST_F(SharedDrive, CacheSkipsUnchangedFilesAndRescansChangedOnes) {
  const std::string cache = temp_dir("cache") + "/share.db";
  const std::string letter = tree_ + "/dept-0/letter-0.txt";
  const json cold = scan_json({"--cache", cache, tree_});
  EXPECT_EQ(cold["summary"]["from_cache"], 0);
  EXPECT_EQ((*file_named(cold, "dept-0/letter-0.txt"))["verdict"], "block");
  struct stat info {};
  ASSERT_EQ(::stat(cache.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u) << "the cache holds paths and masked findings: owner only";

  const json warm = scan_json({"--cache", cache, tree_});
  EXPECT_EQ(warm["summary"]["from_cache"], 28);
  EXPECT_EQ(warm["files"].size(), 28u);
  EXPECT_EQ((*file_named(warm, "hr/staff-summary-with-hidden-sheet.xlsx"))["verdict"],
            (*file_named(cold, "hr/staff-summary-with-hidden-sheet.xlsx"))["verdict"]);
  EXPECT_EQ((*file_named(warm, "dept-0/letter-0.txt"))["findings"], (*file_named(cold, "dept-0/letter-0.txt"))["findings"]);

  // Same size and mtime: not read, so the cached verdict stands even though
  // the bytes changed (this is what "not read again" means).
  ASSERT_EQ(::stat(letter.c_str(), &info), 0);
  write_file(letter, kCleanLetter);
  const struct timespec times[2] = {info.st_atim, info.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, letter.c_str(), times, 0), 0);
  EXPECT_EQ((*file_named(scan_json({"--cache", cache, tree_}), "dept-0/letter-0.txt"))["verdict"], "block");

  // A new mtime: hashed, the content differs, so it is scanned again.
  const struct timespec later[2] = {{info.st_mtim.tv_sec + 10, 0}, {info.st_mtim.tv_sec + 10, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, letter.c_str(), later, 0), 0);
  const json changed = scan_json({"--cache", cache, tree_});
  EXPECT_EQ((*file_named(changed, "dept-0/letter-0.txt"))["verdict"], "clean");
  EXPECT_EQ(changed["summary"]["from_cache"], 27);

  // Touched, same content: hashed and not scanned again.
  const std::string other = tree_ + "/dept-1/letter-1.txt";
  const struct timespec touched[2] = {{2000000000, 0}, {2000000000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, other.c_str(), touched, 0), 0);
  EXPECT_EQ(scan_json({"--cache", cache, tree_})["summary"]["from_cache"], 28);

  // Other settings: the cache starts afresh, and says so.
  std::string err;
  const json relaxed = scan_json({"--cache", cache, "--min-confidence", "low", tree_}, nullptr, &err);
  EXPECT_EQ(relaxed["summary"]["from_cache"], 0);
  EXPECT_NE(err.find("scanned again"), std::string::npos) << err;
}

// A report without what differs from run to run: the human summary's first
// line (elapsed time, files from the cache), JSON lines' summary line, and
// the order of JSON lines (streamed as files finish): sorted.
std::string without_timing(const std::string& report) {
  std::istringstream lines(report);
  std::vector<std::string> kept;
  for (std::string line; std::getline(lines, line);)
    if (!line.starts_with("Summary: ") && !line.starts_with("{\"type\":\"summary\"")) kept.push_back(line);
  if (report.starts_with("{")) std::sort(kept.begin(), kept.end());
  std::string text;
  for (const auto& line : kept) text += line + "\n";
  return text;
}

// With a cache, each file's human or JSON-lines rendering is kept beside its
// report and a warm re-scan writes it as it is: what it writes must be what a
// scan without a cache writes, for every format and option, after a switch of
// format, and when a kept rendering is damaged.
TEST_F(SharedDrive, KeptRenderingsMakeTheSameReportAsAFreshScan) {
  const std::string cache = temp_dir("renderings") + "/share.db";
  const auto scan = [&](std::vector<std::string> options, bool cached, int* from_cache = nullptr) {
    std::vector<std::string> args{"scan", "--color", "never"};
    args.insert(args.end(), options.begin(), options.end());
    if (cached) args.insert(args.end(), {"--cache", cache});
    args.push_back(tree_);
    const auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    if (from_cache) {
      const auto at = r.out.find("\"from_cache\":");
      *from_cache = at == std::string::npos ? -1 : std::atoi(r.out.c_str() + at + 13);
    }
    return without_timing(r.out);
  };
  const std::string human = scan({}, false);
  ASSERT_NE(human.find("BLOCK   " + tree_ + "/hr/staff-list.csv (csv)"), std::string::npos) << human;
  EXPECT_EQ(scan({}, true), human) << "cold, keeping the renderings";
  EXPECT_EQ(scan({}, true), human) << "warm, from the kept renderings";

  // Another format: rendered from the cached reports, then kept in its turn.
  // With a cache, JSON lines give each file's SHA-256: the reference is a cold scan with a cache of its own.
  const std::string jsonl = scan({"--format", "jsonl", "--cache", temp_dir("renderings") + "/reference.db"}, false);
  int from_cache = 0;
  EXPECT_EQ(scan({"--format", "jsonl"}, true, &from_cache), jsonl);
  EXPECT_EQ(from_cache, 28);
  EXPECT_EQ(scan({"--format", "jsonl"}, true, &from_cache), jsonl);
  EXPECT_EQ(from_cache, 28);
  // Other options of the same format render again.
  for (const std::vector<std::string>& options : std::vector<std::vector<std::string>>{{"--all"}, {"--quiet"}, {"--explain"}}) {
    const std::string fresh = scan(options, false);
    EXPECT_NE(fresh, human) << options[0] << " changes nothing: this test would not see a stale rendering";
    EXPECT_EQ(scan(options, true), fresh) << options[0];
  }

  // Damaged renderings are not written: the cached reports are.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(cache.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE files SET view = substr(view, 1, 20)", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_GT(sqlite3_changes(db), 20);
  sqlite3_close(db);
  EXPECT_EQ(scan({"--explain"}, true), scan({"--explain"}, false));
}

TEST_F(SharedDrive, ACacheThatIsNotOursIsAUsageError) {
  const std::string not_a_cache = tree_ + "/dept-0/letter-0.txt";
  const std::string before = read_file(not_a_cache);
  const auto r = run_cli({"scan", "--cache", not_a_cache, tree_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--cache"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(not_a_cache), before) << "never overwrite a file that is not a foiguard cache";
  const auto raw = run_cli({"scan", "--show-values", "--cache", tree_ + "/new.db", tree_ + "/dept-0"});
  EXPECT_NE(raw.err.find("not used with --show-values"), std::string::npos) << raw.err;
  EXPECT_FALSE(fs::exists(tree_ + "/new.db"));
}

// Runs the CLI in the background, output to files, and stops it with SIGINT
// once it has reported `after` files.
int interrupted_scan(const std::vector<std::string>& args, const std::string& out, const std::string& err,
                     std::size_t after) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(o, 1);
    ::dup2(e, 2);
    std::vector<char*> argv{const_cast<char*>(FOIGUARD_CLI)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(FOIGUARD_CLI, argv.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::size_t files = 0;
    if (!fs::exists(out)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    std::istringstream lines(read_file(out));
    for (std::string line; std::getline(lines, line);) files += line.find("\"type\":\"file\"") != std::string::npos;
    if (files >= after) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST_F(SharedDrive, AnInterruptedScanReportsWhatItDidAndResumesFromTheCache) {
  // Enough work that a SIGINT lands mid-scan: 300 letters of ~100 KB (30 MB,
  // a fifth of a second on a fast machine), and the signal sent as soon as
  // the first file is reported (the report is flushed every 50 ms).
  std::string big;
  while (big.size() < 100000) big += kCleanLetter;
  for (int i = 0; i < 300; ++i) put(path_of("bulk/", i % 10, "/memo-", i, ".txt"), big + kOfficerLetter);
  const std::string dir = temp_dir("interrupt"), cache = dir + "/share.db";
  const int code = interrupted_scan({"scan", "--format", "jsonl", "-j1", "--cache", cache, tree_}, dir + "/out",
                                    dir + "/err", 1);
  const std::string err = read_file(dir + "/err");
  ASSERT_EQ(code, 130) << err;
  EXPECT_NE(err.find("stopped by SIGINT"), std::string::npos) << err;
  EXPECT_NE(err.find("run the same command again"), std::string::npos) << err;
  json summary;
  const auto first = files_of(read_file(dir + "/out"), &summary);
  EXPECT_GE(first.size(), 1u);
  EXPECT_LT(first.size(), 328u) << "the scan was not interrupted";
  EXPECT_EQ(summary["interrupted"], true);
  EXPECT_EQ(summary["files"], first.size());

  const auto resumed = run_cli({"scan", "--format", "jsonl", "-j1", "--cache", cache, tree_});
  json again;
  EXPECT_EQ(files_of(resumed.out, &again).size(), 328u);
  EXPECT_EQ(again["interrupted"], false);
  EXPECT_GE(again["from_cache"].get<std::size_t>(), first.size()) << "what the first run finished is not redone";
}

TEST_F(SharedDrive, ReportFormatsGoToOutputFiles) {
  const std::string out = temp_dir("reports");
  for (const std::string format : {"csv", "sarif", "html"}) {
    const std::string path = out + "/report." + format;
    const auto r = run_cli({"scan", "--format", format, "-o", path, tree_});
    EXPECT_EQ(r.exit_code, 1) << format << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << format << " went to stdout";
    const std::string report = read_file(path);
    if (format == "csv") {
      EXPECT_TRUE(report.starts_with("path,")) << report.substr(0, 200);
    } else if (format == "sarif") {
      EXPECT_EQ(json::parse(report)["version"], "2.1.0");
    } else {
      EXPECT_NE(report.find("letter-0.txt"), std::string::npos);
    }
    EXPECT_EQ(report.find("Okonkwo"), std::string::npos) << format << " holds a raw value";
  }
  const auto unwritable = run_cli({"scan", "-o", out + "/no/such/dir/r.csv", tree_});
  EXPECT_EQ(unwritable.exit_code, 2);
  EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos);
}

TEST_F(SharedDrive, ProgressOnAPipeOnlyWhenAskedForAndSaysWhereItIs) {
  EXPECT_EQ(run_cli({"scan", "--format", "jsonl", tree_}).err, "") << "nothing on a pipe unless asked";
  const auto r = run_cli({"scan", "--format", "jsonl", "--progress", "always", tree_});
  EXPECT_NE(r.err.find("28/28 files"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("BLOCK"), std::string::npos) << r.err;
}

TEST_F(SharedDrive, FilesOverMaxFileSizeAreReportedNotRead) {
  const json report = scan_json({"--max-file-size", "1KB", tree_ + "/hr"});
  const json* workbook = file_named(report, "staff-summary-with-hidden-sheet.xlsx");
  ASSERT_NE(workbook, nullptr);
  EXPECT_EQ((*workbook)["verdict"], "error");
  EXPECT_NE((*workbook)["error"].get<std::string>().find("over the size limit"), std::string::npos);
  EXPECT_EQ(run_cli({"scan", "--max-file-size", "lots", tree_}).exit_code, 2);
}

TEST_F(SharedDrive, HumanSummaryNamesTheFilesToLookAtFirst) {
  const auto r = run_cli({"scan", "--quiet", "--color", "never", tree_});
  EXPECT_NE(r.out.find("Look at first"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("staff-summary-with-hidden-sheet.xlsx"), std::string::npos);
}

}  // namespace
}  // namespace foiguard
