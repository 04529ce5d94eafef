// foiguard: the command line. It only wires library pieces together: walk the
// paths, scan each file with one shared Detector, print a report, exit with
// the documented code. Everything it decides is in the library.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "foiguard/foiguard.hpp"
#include "walk/walk.hpp"

namespace {

constexpr int kUsageError = 2;

// CLI11 does not wrap the description: it is wrapped here, under 100 columns.
constexpr const char* kDescription =
    "foiguard finds exposed police personnel data in documents before they are released under\n"
    "Freedom of Information: officers' names, ranks, collar, pay and warrant numbers, vetting levels\n"
    "and sensitive units, and general UK personal data (NI and NHS numbers, dates of birth, addresses,\n"
    "phone numbers, salaries, bank details). Each file gets a verdict: BLOCK (a personnel record, or an\n"
    "identifier that names someone on its own), REVIEW (possible personal data, or a part that could\n"
    "not be checked), CLEAN, or ERROR (the file could not be checked). Values are masked unless\n"
    "--show-values is given.\n";

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0  nothing at BLOCK (or at the --fail-on level) and every file fully checked\n"
    "  1  some file at BLOCK (or at the --fail-on level)\n"
    "  2  usage error (unknown option, bad value, no PATH given)\n"
    "  3  nothing failed, but some file or part could not be checked (missing or unreadable\n"
    "     path, unsupported format, encrypted, corrupt, over a limit); the report says which";

constexpr const char* kFormats =
    "Formats (decided by content, not by name):\n"
    "  text, CSV/TSV, XLSX/XLSM, ODS, DOCX/DOTX/DOCM, PPTX, ODT/ODP, HTML, email (.eml), zip;\n"
    "  files inside files (zip members, attachments, embedded objects) by their own format.\n"
    "  Anything else (PDF, legacy .xls/.doc, .msg, images) is reported as not checked.";

constexpr const char* kExamples =
    "Examples:\n"
    "  foiguard scan response-pack/                 human report, coloured on a terminal\n"
    "  foiguard scan --format json letter.txt       one JSON document on stdout\n"
    "  foiguard scan --fail-on review --quiet dir/  exit 1 at REVIEW too; list only non-CLEAN files\n"
    "  foiguard rules list                          every built-in rule with an example\n";

// ---------------------------------------------------------------- options

struct ScanArgs {
  std::vector<std::string> paths;
  std::string format = "human";
  bool show_values = false;
  bool explain = false;
  std::string fail_on = "block";
  std::string min_confidence = "medium";
  std::string key_file;
  std::string color = "auto";
  bool quiet = false;
  bool all = false;
  unsigned threads = 0;  // 0: one per core
};

// Findings the human report lists per file unless --all is given.
constexpr std::size_t kHumanFindings = 100;

// ---------------------------------------------------------------- fingerprint key

std::optional<std::string> read_whole_file(const std::string& path, std::string* why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *why = std::strerror(errno);
    return std::nullopt;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) {
    *why = "the file is empty";
    return std::nullopt;
  }
  return bytes;
}

std::string default_key_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && xdg[0] == '/') return std::string(xdg) + "/foiguard/fingerprint.key";
  const char* home = std::getenv("HOME");
  if (home && home[0] != '\0') return std::string(home) + "/.config/foiguard/fingerprint.key";
  return "";
}

bool make_dirs(const std::string& dir) {
  for (std::size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    const std::string prefix = dir.substr(0, slash);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) return false;
    if (slash == std::string::npos) return true;
  }
}

// 32 random bytes in a new file only the user can read. O_EXCL: when two scans
// race to create it, the loser reads the winner's key.
std::optional<std::string> create_key(const std::string& path, std::string* why) {
  if (!make_dirs(path.substr(0, path.rfind('/')))) {
    *why = std::strerror(errno);
    return std::nullopt;
  }
  std::string key(32, '\0');
  std::ifstream random("/dev/urandom", std::ios::binary);
  if (!random.read(key.data(), static_cast<std::streamsize>(key.size()))) {
    *why = "cannot read /dev/urandom";
    return std::nullopt;
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_whole_file(path, why);
    *why = std::strerror(errno);
    return std::nullopt;
  }
  const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  const int saved = errno;
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    *why = std::strerror(saved);
    return std::nullopt;
  }
  return key;
}

// The key named by --key-file or FOIGUARD_KEY_FILE must be readable (a usage
// error otherwise); the default key is created on first use, and when that is
// impossible the scan runs without fingerprints and says so.
std::optional<std::string> fingerprint_key(const std::string& key_file) {
  const char* from_env = std::getenv("FOIGUARD_KEY_FILE");
  const std::string named = !key_file.empty() ? key_file : (from_env ? from_env : "");
  std::string why;
  if (!named.empty()) {
    auto key = read_whole_file(named, &why);
    if (!key) std::cerr << fmt::format("foiguard: cannot read key file {}: {}\n", named, why);
    return key;
  }
  const std::string path = default_key_path();
  if (path.empty()) {
    why = "neither XDG_CONFIG_HOME nor HOME is set";
  } else if (::access(path.c_str(), F_OK) == 0) {
    if (auto key = read_whole_file(path, &why)) return key;
  } else if (auto key = create_key(path, &why)) {
    return key;
  }
  std::cerr << fmt::format("foiguard: warning: no fingerprint key ({}{}); findings will have no fingerprints\n",
                           path.empty() ? "" : path + ": ", why);
  return std::string();
}

// ---------------------------------------------------------------- progress

// One status line on stderr, rewritten in place; only on a terminal and only
// for scans long enough to need it. When the report goes to the same terminal
// the line is cleared before each file's report and drawn again after it.
class Progress {
 public:
  Progress(bool enabled, std::size_t total)
      : enabled_(enabled), shares_terminal_(::isatty(STDOUT_FILENO) != 0), total_(total) {}

  void before_output() {
    if (!enabled_ || !shares_terminal_ || line_.empty()) return;
    std::cerr << "\r\033[K" << std::flush;
    cleared_ = true;
  }
  void update(std::size_t done, std::uint64_t bytes, std::uint64_t blocked) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done == total_ || now - last_ >= std::chrono::milliseconds(100)) {
      last_ = now;
      line_ = fmt::format("scanned {}/{} files, {}, {} blocked", done, total_, foiguard::format_bytes(bytes), blocked);
    } else if (!cleared_) {
      return;
    }
    std::cerr << "\r\033[K" << line_ << std::flush;
    cleared_ = false;
  }
  void finish() {
    if (enabled_ && !line_.empty()) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  bool enabled_;
  bool shares_terminal_;
  std::size_t total_;
  std::string line_;
  bool cleared_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// ---------------------------------------------------------------- scan

struct Job {
  std::string path;
  std::optional<std::string> walk_error;  // the path could not be walked: report it, do not scan
};

std::vector<Job> jobs_for(const std::vector<std::string>& paths) {
  const foiguard::walk::WalkResult walked = foiguard::walk::expand(paths);
  std::vector<Job> jobs;
  jobs.reserve(walked.files.size() + walked.errors.size());
  for (const auto& file : walked.files) jobs.push_back({file, std::nullopt});
  for (const auto& error : walked.errors) jobs.push_back({error.path, error.message});
  std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.path < b.path; });
  return jobs;
}

foiguard::FileReport error_report(const std::string& path, const std::string& message,
                                  const foiguard::RuleSet& rules) {
  foiguard::FileReport report;
  report.path = path;
  report.format = "unknown";
  report.error = message;
  report.verdict = foiguard::decide_verdict(report, rules, &report.reason);
  return report;
}

// Scans every job on a few threads and hands the reports to `emit` in job
// order, each as soon as it and all before it are done.
void scan_in_order(const std::vector<Job>& jobs, const foiguard::Scanner& scanner, const foiguard::RuleSet& rules,
                   std::size_t thread_count, const std::function<void(foiguard::FileReport&)>& emit) {
  std::vector<std::optional<foiguard::FileReport>> done(jobs.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i; (i = next++) < jobs.size();) {
      foiguard::FileReport report;
      try {
        report = jobs[i].walk_error ? error_report(jobs[i].path, *jobs[i].walk_error, rules)
                                    : scanner.scan_file(jobs[i].path);
      } catch (const std::exception& e) {
        report = error_report(jobs[i].path, fmt::format("could not be scanned: {}", e.what()), rules);
      }
      {
        const std::lock_guard lock(mutex);
        done[i] = std::move(report);
      }
      ready.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < thread_count; ++t) threads.emplace_back(work);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    foiguard::FileReport report;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return done[i].has_value(); });
      report = std::move(*done[i]);
      done[i].reset();
    }
    emit(report);
  }
  for (auto& t : threads) t.join();
}

bool color_wanted(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) && !(no_color && no_color[0] != '\0');
}

int run_scan(const ScanArgs& args) {
  const auto started = std::chrono::steady_clock::now();
  const auto key = fingerprint_key(args.key_file);
  if (!key) return kUsageError;

  foiguard::ScanOptions options;
  options.detect.min_confidence = *foiguard::parse_confidence(args.min_confidence);
  options.detect.keep_values = args.show_values;
  options.detect.explain = args.explain;
  options.detect.fingerprint_key = *key;
  const std::vector<Job> jobs = jobs_for(args.paths);
  // Threads go to files first; a few large files share the rest between them.
  const std::size_t cores = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t file_threads = std::clamp<std::size_t>(cores, 1, std::max<std::size_t>(jobs.size(), 1));
  options.threads = static_cast<unsigned>(std::max<std::size_t>(1, cores / file_threads));
  const foiguard::Detector detector(foiguard::RuleSet::builtin());
  const foiguard::Scanner scanner(detector, options);

  foiguard::ReportOptions report_options;
  report_options.explain = args.explain;
  report_options.color = args.format == "human" && color_wanted(args.color);
  report_options.human_findings = args.all ? 0 : kHumanFindings;

  Progress progress(!args.quiet && ::isatty(STDERR_FILENO) && jobs.size() > 20, jobs.size());
  foiguard::ScanSummary summary;
  std::vector<foiguard::FileReport> reports;
  reports.reserve(jobs.size());
  scan_in_order(jobs, scanner, detector.rules(), file_threads, [&](foiguard::FileReport& report) {
    foiguard::accumulate(summary, report);
    progress.before_output();
    if (args.format == "human") {
      if (!(args.quiet && report.verdict == foiguard::Verdict::clean))
        foiguard::write_human(std::cout, report, report_options);
    } else if (args.format == "jsonl") {
      foiguard::write_jsonl(std::cout, report, report_options);
    }
    std::cout.flush();
    progress.update(summary.files, summary.bytes, summary.block);
    // Printed reports keep only what the closing summary needs, so memory
    // does not grow with the number of findings in a large scan.
    if (args.format != "json") {
      report.findings = {};
      report.records = {};
      report.unlisted = {};
    }
    reports.push_back(std::move(report));
  });
  progress.finish();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (args.format == "json") {
    foiguard::write_json(std::cout, reports, summary, report_options);
  } else if (args.format == "jsonl") {
    foiguard::write_jsonl_summary(std::cout, summary);
  } else {
    foiguard::write_human_summary(std::cout, reports, summary, report_options);
  }
  std::cout.flush();
  return foiguard::exit_code(summary, *foiguard::parse_verdict(args.fail_on));
}

// ---------------------------------------------------------------- rules list

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

int run_rules_list() {
  const foiguard::RuleSet rules = foiguard::RuleSet::builtin();
  struct Row {
    std::string id, category, description, example;
  };
  std::vector<Row> rows;
  for (const auto& r : rules.text_rules)
    rows.push_back({r.id, std::string(foiguard::to_string(r.category)), r.description,
                    r.example.empty() ? "" : fmt::format("e.g. \"{}\"", r.example)});
  for (const auto& r : rules.column_rules)
    rows.push_back({r.id, std::string(foiguard::to_string(r.category)), r.description,
                    fmt::format("columns: {}", join(r.headers, ", "))});
  std::size_t id_width = 2, category_width = 8;
  for (const auto& row : rows) {
    id_width = std::max(id_width, row.id.size());
    category_width = std::max(category_width, row.category.size());
  }
  std::cout << fmt::format("{:<{}}  {:<{}}  {}\n", "ID", id_width, "CATEGORY", category_width, "DESCRIPTION");
  for (const auto& row : rows) {
    std::cout << fmt::format("{:<{}}  {:<{}}  {}\n", row.id, id_width, row.category, category_width, row.description);
    if (!row.example.empty())
      std::cout << fmt::format("{:<{}}  {}\n", "", id_width + 2 + category_width, row.example);
  }
  std::cout << fmt::format("\n{} text rules and {} column rules, rules version {}\n", rules.text_rules.size(),
                           rules.column_rules.size(), rules.version);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "foiguard"};
  app.require_subcommand(1);
  app.footer(std::string("\n") + kExamples + "\n" + kExitCodes);
  app.set_version_flag("--version", std::string(foiguard::version()));

  ScanArgs args;
  CLI::App* scan = app.add_subcommand("scan", "Scan files and folders (walked recursively) and report what is exposed");
  scan->footer(std::string("\n") + kFormats + "\n\n" + kExitCodes);
  scan->add_option("PATH", args.paths, "Files and folders to scan; symlinks inside folders are not followed")
      ->required()
      ->expected(-1)
      ->type_name("");
  scan->add_option("--format", args.format, "Report format: human text, one JSON document, or JSON lines")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"human", "json", "jsonl"}))
      ->capture_default_str();
  scan->add_flag("--show-values", args.show_values, "Print the raw values instead of masked ones");
  scan->add_flag("--explain", args.explain, "Show the evidence that raised or lowered each finding");
  scan->add_option("--fail-on", args.fail_on, "Lowest verdict that makes the exit code 1")
      ->type_name("VERDICT")
      ->check(CLI::IsMember({"block", "review"}))
      ->capture_default_str();
  scan->add_option("--min-confidence", args.min_confidence, "Drop findings below this confidence")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"low", "medium", "high"}))
      ->capture_default_str();
  scan->add_option("--key-file", args.key_file,
                   "Secret key for finding fingerprints (raw bytes); default: $FOIGUARD_KEY_FILE, else "
                   "~/.config/foiguard/fingerprint.key, created on first use")
      ->type_name("FILE");
  scan->add_option("--color", args.color, "Colour the human report: auto = on a terminal unless NO_COLOR is set")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  scan->add_option("--threads,-j", args.threads, "Threads to scan with (default: one per core)")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u));
  scan->add_flag("--quiet,-q", args.quiet, "Human report: leave out CLEAN files; no progress line");
  scan->add_flag("--all", args.all,
                 fmt::format("Human report: list every finding (default: the first {} per file)", kHumanFindings));

  CLI::App* rules = app.add_subcommand("rules", "Show the built-in detection rules");
  rules->require_subcommand(1);
  CLI::App* rules_list = rules->add_subcommand("list", "List every built-in rule: id, category, description, example");
  CLI::App* version = app.add_subcommand("version", "Print the version of foiguard and of its rules");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, or the error and a hint
    return code == 0 ? 0 : kUsageError;
  }
  try {
    if (*scan) return run_scan(args);
    if (*rules_list) return run_rules_list();
    if (*version) {
      std::cout << fmt::format("foiguard {} (rules {})\n", foiguard::version(), foiguard::RuleSet::builtin().version);
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "foiguard: " << e.what() << '\n';
    return 3;
  }
  return kUsageError;
}
