#include "scan_command.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <streambuf>
#include <string>
#include <thread>

#include "baseline_command.hpp"
#include "fingerprint_key.hpp"
#include "foiguard/foiguard.hpp"
#include "prepared_file.hpp"
#include "progress.hpp"
#include "roster_command.hpp"
#include "rules_command.hpp"
#include "walk/cached_scan.hpp"
#include "walk/scan_cache.hpp"
#include "walk/scan_pool.hpp"
#include "walk/walk.hpp"

namespace foiguard::cli {

namespace {

constexpr int kUsageError = 2;

constexpr const char* kFormats =
    "Formats (decided by content, not by name):\n"
    "  text, CSV/TSV, XLSX/XLSM, ODS, DOCX/DOTX/DOCM, PPTX, ODT/ODP, HTML, email (.eml), zip;\n"
    "  files inside files (zip members, attachments, embedded objects) by their own format.\n"
    "  PDF (text, text under redaction boxes, earlier revisions, attachments) in builds with poppler.\n"
    "  Anything else (legacy .xls/.doc, .msg, images) is reported as not checked.";

constexpr const char* kLargeScans =
    "Large scans:\n"
    "  --cache FILE keeps each file's result; a re-scan reads only what changed, and a scan\n"
    "  stopped by Ctrl-C or SIGTERM goes on where it stopped when run again with the same cache.\n"
    "  --shard K/N and --files-from split one scan over many machines or jobs.\n"
    "  Folders may hold a .foiguardignore file (gitignore syntax) of paths not to scan.";

// Findings the human report lists per file unless --all is given.
constexpr std::size_t kHumanFindings = 100;

// ---------------------------------------------------------------- signals

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

// SA_RESETHAND: a second Ctrl-C kills at once, for a user who will not wait
// for the files in flight.
extern "C" void on_stop_signal(int signal) {
  g_signal = signal;
  g_stop.store(true, std::memory_order_relaxed);
}

void catch_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// ---------------------------------------------------------------- what to scan

struct Task {
  walk::WalkedFile file;
  std::optional<std::string> walk_error;  // the path could not be walked: report it, do not scan
};

std::vector<std::string> roots_of(const ScanArgs& args) {
  std::vector<std::string> roots = args.paths;
  if (args.files_from.empty()) return roots;
  std::vector<std::string> listed;
  if (args.files_from == "-") {
    listed = walk::read_path_list(std::cin);
  } else {
    std::ifstream in(args.files_from);
    if (!in) throw std::runtime_error(fmt::format("cannot read --files-from {}: {}", args.files_from, std::strerror(errno)));
    listed = walk::read_path_list(in);
  }
  roots.insert(roots.end(), listed.begin(), listed.end());
  return roots;
}

struct Plan {
  std::vector<Task> tasks;  // sorted by path
  std::uint64_t bytes = 0;
  std::uint64_t excluded = 0;
};

Plan plan_scan(const ScanArgs& args, const std::optional<walk::Shard>& shard, unsigned threads) {
  walk::WalkOptions options;
  options.threads = threads;
  options.excludes = args.excludes;
  options.ignore_files = !args.no_ignore_files;
  options.follow_symlinks = args.follow_symlinks;
  options.shard = shard;
  walk::WalkResult walked = walk::expand(roots_of(args), options);
  Plan plan;
  plan.excluded = walked.excluded;
  plan.tasks.reserve(walked.files.size() + walked.errors.size());
  for (auto& file : walked.files) {
    plan.bytes += file.size;
    plan.tasks.push_back({std::move(file), std::nullopt});
  }
  // The walk's files come sorted: only the (few) errors are sorted, then merged in.
  const auto by_path = [](const Task& a, const Task& b) { return a.file.path < b.file.path; };
  const auto errors_begin = static_cast<std::ptrdiff_t>(plan.tasks.size());
  for (auto& error : walked.errors) plan.tasks.push_back({{error.path, 0, 0}, std::move(error.message)});
  std::stable_sort(plan.tasks.begin() + errors_begin, plan.tasks.end(), by_path);
  std::inplace_merge(plan.tasks.begin(), plan.tasks.begin() + errors_begin, plan.tasks.end(), by_path);
  return plan;
}

FileReport error_report(const std::string& path, const std::string& message, const RuleSet& rules) {
  FileReport report;
  report.path = path;
  report.format = "unknown";
  report.error = message;
  report.verdict = decide_verdict(report, rules, &report.reason);
  return report;
}

// ---------------------------------------------------------------- output

bool color_wanted(const std::string& mode, bool to_terminal) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return to_terminal && !(no_color && no_color[0] != '\0');
}

// A copy of what the closing summary reads of a report: its verdict, counts
// and names, not its lists.
FileReport brief_of(const FileReport& report) {
  // If this stops compiling, FileReport gained or lost a field: copy it here
  // unless it is a list (lists are what a brief copy leaves out).
  const auto& [path, format, verdict, error, not_checked, findings, unlisted, findings_total, records,
               records_total, personnel_records, sensitive_records, hidden_records, visible_records,
               hidden_places, severity, bytes, sha256, reason, allowed, baselined] = report;
  FileReport brief;
  brief.path = path;
  brief.format = format;
  brief.verdict = verdict;
  brief.error = error;
  brief.not_checked = not_checked;
  brief.findings_total = findings_total;
  brief.records_total = records_total;
  brief.personnel_records = personnel_records;
  brief.sensitive_records = sensitive_records;
  brief.hidden_records = hidden_records;
  brief.visible_records = visible_records;
  brief.severity = severity;
  brief.bytes = bytes;
  brief.sha256 = sha256;
  brief.reason = reason;
  brief.allowed = allowed;
  brief.baselined = baselined;
  return brief;
}

// An ostream that appends to a string it owns: an ostringstream copies its
// text again as it grows and once more when read, and a warm scan's JSON
// lines are hundreds of MB.
class StringOut : public std::ostream {
 public:
  StringOut() : std::ostream(&buf_) {}
  std::string take() { return std::move(buf_.text); }

 private:
  struct Buf : std::streambuf {
    std::string text;
    std::streamsize xsputn(const char* s, std::streamsize n) override {
      text.append(s, static_cast<std::size_t>(n));
      return n;
    }
    int_type overflow(int_type c) override {
      if (!traits_type::eq_int_type(c, traits_type::eof())) text.push_back(traits_type::to_char_type(c));
      return traits_type::not_eof(c);
    }
  };
  Buf buf_;
};

// Writes each file's report as it comes, in the chosen format, and the
// closing summary. Keeps only what the closing summary needs.
class ReportSink {
 public:
  ReportSink(const ScanArgs& args, std::ostream& out, const RuleSet& rules, bool to_terminal)
      : args_(args), out_(out), to_terminal_(to_terminal) {
    options_.explain = args.explain;
    options_.color = args.format == "human" && color_wanted(args.color, to_terminal);
    options_.human_findings = args.all ? 0 : kHumanFindings;
    if (args.format == "sarif") writer_ = make_sarif_writer(out, rules, options_);
    if (args.format == "csv") writer_ = make_csv_writer(out, options_);
    if (args.format == "html") writer_ = make_html_writer(out, options_);
  }

  // Whether prepare() may run on the scanning threads: for the formats each
  // file is rendered alone in (the others number or nest what they write).
  bool prepares() const { return args_.format == "jsonl" || args_.format == "human"; }

  // Names what prepare() makes of a report (the format and the options it
  // follows), for the cache to keep it under.
  std::string prepared_as() const {
    return fmt::format("{} color={} explain={} listed={} quiet={}", args_.format, options_.color, options_.explain,
                       options_.human_findings, args_.quiet);
  }

  // Thread-safe. Renders the report on a scanning thread: rendering is most
  // of the writing thread's work on a staff-heavy tree, and there it would
  // compete with the workers for the cores. file() then needs only the brief.
  PreparedFile prepare(const FileReport& report) const {
    PreparedFile prepared;
    accumulate(prepared.totals, report);
    prepared.brief = brief_of(report);
    StringOut text;
    if (args_.format == "jsonl") {
      write_jsonl(text, report, options_);
    } else if (!(args_.quiet && report.verdict == Verdict::clean)) {
      write_human(text, report, options_);
    }
    prepared.text = text.take();
    return prepared;
  }

  // In report order, on one thread. `prepared` is prepare()'s work on this
  // report, or null when the sink does not prepare.
  void file(FileReport& report, const PreparedFile* prepared) {
    if (prepared) {
      accumulate(summary_, prepared->totals);
      out_.write(prepared->text.data(), static_cast<std::streamsize>(prepared->text.size()));
    } else {
      accumulate(summary_, report);
      if (writer_) writer_->file(report);
    }
    flush_now_and_then();
    if (args_.format == "json") {
      kept_.push_back(std::move(report));
    } else if (report.verdict == Verdict::block || report.verdict == Verdict::error ||
               !report.not_checked.empty()) {
      kept_.push_back(brief_of(report));  // the human summary lists these
    }
  }

  void end(double seconds, std::uint64_t from_cache, bool interrupted) {
    summary_.seconds = seconds;
    summary_.from_cache = from_cache;
    summary_.interrupted = interrupted;
    if (writer_) {
      writer_->end(summary_);
    } else if (args_.format == "json") {
      write_json(out_, kept_, summary_, options_);
    } else if (args_.format == "jsonl") {
      write_jsonl_summary(out_, summary_);
    } else {
      write_human_summary(out_, kept_, summary_, options_);
    }
    out_.flush();
  }

  const ScanSummary& summary() const { return summary_; }
  void set_fingerprint_key_id(std::string id) { summary_.fingerprint_key_id = std::move(id); }

 private:
  // A terminal sees each file as it is written (the progress line is drawn
  // around it); a pipe or a file every 50 ms, so a reader of a stream keeps
  // up without a system call per file (a warm scan writes thousands a second).
  void flush_now_and_then() {
    const auto now = std::chrono::steady_clock::now();
    if (!to_terminal_ && now - last_flush_ < std::chrono::milliseconds(50)) return;
    out_.flush();
    last_flush_ = now;
  }

  const ScanArgs& args_;
  std::ostream& out_;
  const bool to_terminal_;
  std::chrono::steady_clock::time_point last_flush_{};
  ReportOptions options_;
  std::unique_ptr<ReportWriter> writer_;
  ScanSummary summary_;
  std::vector<FileReport> kept_;
};

// ---------------------------------------------------------------- settings

ScanOptions scan_options(const ScanArgs& args, const std::string& key, bool use_cache, const Policy& policy) {
  ScanOptions options;
  options.detect.min_confidence = *parse_confidence(args.min_confidence);
  if (policy.min_confidence && !args.min_confidence_given) options.detect.min_confidence = *policy.min_confidence;
  options.detect.keep_values = args.show_values;
  options.detect.explain = args.explain;
  options.detect.fingerprint_key = key;
  options.baseline = load_baseline(args.baseline, key);  // throws BaselineError: a usage error
  if (args.max_file_size > 0) options.max_file_bytes = args.max_file_size;
  if (args.max_file_size == 0 && policy.max_file_size) options.max_file_bytes = *policy.max_file_size;
  if (policy.max_findings) options.max_findings = *policy.max_findings;
  options.allowlist = policy.allowlist;
  options.hash_content = use_cache || args.format == "sarif";
  return options;
}

// --show-values findings hold raw values, which the cache never stores.
std::unique_ptr<walk::ScanCache> open_cache(const ScanArgs& args, const ScanOptions& options, const RuleSet& rules,
                                            const Roster* roster) {
  if (args.cache.empty()) return nullptr;
  if (args.show_values) {
    std::cerr << "foiguard: note: --cache is not used with --show-values (the cache never holds raw values)\n";
    return nullptr;
  }
  auto cache = walk::ScanCache::open(args.cache, walk::cache_settings_id(options, rules, roster));
  if (cache->reset_reason()) std::cerr << "foiguard: cache " << args.cache << ": " << *cache->reset_reason() << '\n';
  return cache;
}

// Renderings larger than this are not kept in the cache. A human report lists
// 100 findings a file (~10 KB at most); the JSON lines of a staff list run to
// hundreds of KB, and keeping them (400 MB for the benchmark tree) made a cold
// scan with --cache twice as slow on two jobs: they go through one SQLite
// writer. The files that make a warm scan slow are the many small ones.
constexpr std::size_t kMaxPreparedBytes = std::size_t{16} << 10;

// The file the cache's view maker last prepared on this thread.
PreparedFile& prepared_here() {
  thread_local PreparedFile file;
  return file;
}

}  // namespace

const char* exit_codes_help() {
  return "Exit codes:\n"
         "  0  nothing at BLOCK (or at the --fail-on level) and every file fully checked\n"
         "  1  some file at BLOCK (or at the --fail-on level)\n"
         "  2  usage error (unknown option, bad value, no PATH given)\n"
         "  3  nothing failed, but some file or part could not be checked (missing or unreadable\n"
         "     path, unsupported format, encrypted, corrupt, over a limit); the report says which\n"
         "  130/143  stopped by SIGINT (Ctrl-C) / SIGTERM: what was scanned is reported";
}

CLI::App* add_scan_command(CLI::App& app, ScanArgs& args) {
  CLI::App* scan = app.add_subcommand("scan", "Scan files and folders (walked recursively) and report what is exposed");
  scan->footer(std::string("\n") + kFormats + "\n\n" + kLargeScans + "\n\n" + exit_codes_help());
  scan->add_option("PATH", args.paths, "Files and folders to scan")->expected(0, -1)->type_name("");
  scan->add_option("--files-from", args.files_from, "Also scan the paths listed in FILE, one a line (- for stdin)")
      ->type_name("FILE");
  scan->add_option("--format", args.format,
                   "Report: human text, JSON, JSON lines (streamed as files finish), SARIF 2.1.0, CSV (a finding a "
                   "row), or one self-contained HTML page")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"human", "json", "jsonl", "sarif", "csv", "html"}))
      ->capture_default_str();
  scan->add_option("--output,-o", args.output, "Write the report to FILE instead of standard output")->type_name("FILE");
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
  scan->add_option("--roster", args.roster,
                   "Match the staff of a roster (foiguard roster build) anywhere in the text: give its --key-file too")
      ->type_name("FILE");
  scan->add_option("--baseline", args.baseline,
                   "Leave out the findings accepted in FILE (foiguard baseline create) and count them; needs the "
                   "key the baseline was made with")
      ->type_name("FILE");
  scan->add_option("--jobs,-j,--threads", args.jobs, "Files scanned at once (default: one per core)")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u));
  scan->add_option("--cache", args.cache,
                   "SQLite file of results: unchanged files are not read again; an interrupted scan resumes")
      ->type_name("FILE");
  scan->add_option("--exclude", args.excludes, "Leave out paths matching GLOB (gitignore syntax; repeatable)")
      ->type_name("GLOB")
      ->expected(1)
      ->allow_extra_args(false)  // `--exclude GLOB PATH`: the PATH is not a second glob
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  scan->add_flag("--no-ignore-files", args.no_ignore_files, "Do not read .foiguardignore files");
  scan->add_flag("--follow-symlinks", args.follow_symlinks,
                 "Follow symlinks met inside folders (loops are reported); named paths are always followed");
  scan->add_option("--max-file-size", args.max_file_size,
                   "Do not read files larger than SIZE (e.g. 500MB, 2GB); they are reported as not checked")
      ->type_name("SIZE")
      ->transform(CLI::AsSizeValue(false));
  scan->add_option("--shard", args.shard, "Scan only shard K of N (1 <= K <= N), split by a stable hash of the path")
      ->type_name("K/N");
  scan->add_option("--progress", args.progress,
                   "Progress on stderr: auto = on a terminal; always = also to a pipe or log, a line every 5 s")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  scan->add_option("--color", args.color, "Colour the human report: auto = on a terminal unless NO_COLOR is set")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  scan->add_flag("--quiet,-q", args.quiet, "Human report: leave out CLEAN files; no progress line");
  scan->add_flag("--all", args.all,
                 fmt::format("Human report: list every finding (default: the first {} per file)", kHumanFindings));
  scan->add_option("--policy", args.policy,
                   "Policy file (TOML): rules, allowlists, thresholds, limits; flags win over it (default: "
                   "$FOIGUARD_POLICY)")
      ->type_name("FILE");
  scan->get_option("--fail-on")->each([&args](const std::string&) { args.fail_on_given = true; });
  scan->get_option("--min-confidence")->each([&args](const std::string&) { args.min_confidence_given = true; });
  return scan;
}

int run_scan(const ScanArgs& args) {
  const auto started = std::chrono::steady_clock::now();
  if (args.paths.empty() && args.files_from.empty()) {
    std::cerr << "foiguard scan: nothing to scan: give a PATH or --files-from FILE\nRun with --help for more information.\n";
    return kUsageError;
  }
  std::optional<walk::Shard> shard;
  if (!args.shard.empty()) {
    std::string why;
    shard = walk::parse_shard(args.shard, &why);
    if (!shard) {
      std::cerr << "foiguard scan: " << why << '\n';
      return kUsageError;
    }
  }
  std::ofstream file_out;
  if (!args.output.empty()) {
    file_out.open(args.output, std::ios::binary | std::ios::trunc);
    if (!file_out) {
      std::cerr << fmt::format("foiguard scan: cannot write {}: {}\n", args.output, std::strerror(errno));
      return kUsageError;
    }
  }
  std::ostream& out = args.output.empty() ? std::cout : file_out;
  // std::cout writes through stdout, whose buffer is a few KB on a pipe or a
  // file: a report of tens of MB would be thousands of system calls. (glibc
  // sizes a buffer it allocates itself by the file, whatever size is asked.)
  if (args.output.empty() && !::isatty(STDOUT_FILENO)) {
    static char stdout_buffer[std::size_t{1} << 20];
    std::setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
  }
  const auto key = fingerprint_key(args.key_file);
  if (!key) return kUsageError;
  const std::optional<Policy> policy = load_policy(args.policy, "scan");  // says why when it fails
  if (!policy) return kUsageError;

  catch_stop_signals();
  ScanOptions options;
  try {  // before the walk: a wrong --baseline is said at once
    options = scan_options(args, *key, !args.cache.empty() && !args.show_values, *policy);
  } catch (const BaselineError& e) {
    std::cerr << "foiguard scan: " << e.what() << '\n';
    return kUsageError;
  }
  std::shared_ptr<const Roster> roster;
  if (!args.roster.empty() && !(roster = load_roster(args.roster, *key, args.key_file))) return kUsageError;
  const RuleSet& rules = policy->rules;
  std::unique_ptr<walk::ScanCache> cache;
  try {  // before the walk too: a file that is not a cache is said at once
    cache = open_cache(args, options, rules, roster.get());
  } catch (const std::exception& e) {
    std::cerr << "foiguard scan: " << e.what() << '\n';
    return kUsageError;
  }
  // With a cache the rules are compiled only when a file has to be scanned:
  // a warm re-scan then compiles nothing. A new or emptied cache will need
  // them, so they compile beside the walk (a worker would otherwise compile
  // them while the others wait).
  const bool compile_now = !cache || cache->opened_empty();
  const std::shared_future<std::shared_ptr<const Detector>> detector =
      std::async(compile_now ? std::launch::async : std::launch::deferred,
                 [&rules, roster]() -> std::shared_ptr<const Detector> {
                   return std::make_shared<const Detector>(rules, roster);
                 })
          .share();
  const std::size_t cores = args.jobs ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
  const Plan plan = plan_scan(args, shard, static_cast<unsigned>(cores));

  // Threads go to files first; a few large files share the rest between them.
  const std::size_t file_threads = std::clamp<std::size_t>(cores, 1, std::max<std::size_t>(plan.tasks.size(), 1));
  ScanOptions scanner_options = options;
  scanner_options.threads = static_cast<unsigned>(std::max<std::size_t>(1, cores / file_threads));
  // Compiling the built-in rules costs ~2 ms (BM_DetectorCompileBuiltin; 13-16 ms
  // before the name letters were spelt out), a roster more. The scanner reads files while
  // they compile and waits for them at a file's first batch of text (a
  // deferred compile then runs there, on the first thread to need it). A
  // compile error is then the error of each file that needed them.
  const Scanner scanner(detector, scanner_options);

  std::vector<std::uint64_t> sizes;
  sizes.reserve(plan.tasks.size());
  for (const auto& task : plan.tasks) sizes.push_back(task.file.size);
  std::vector<char> from_cache(plan.tasks.size(), 0);
  const bool to_terminal = args.output.empty() && ::isatty(STDOUT_FILENO);
  ReportSink sink(args, out, rules, to_terminal);
  if (!key->empty()) sink.set_fingerprint_key_id(fingerprint_key_id(*key));
  // Filled by the worker that scans file i, taken by the writing thread; the
  // pool's lock orders the two.
  std::vector<std::unique_ptr<PreparedFile>> prepared(sink.prepares() ? plan.tasks.size() : 0);
  const walk::CacheKeys cache_keys;
  const std::function<const Scanner&()> scanner_when_needed = [&scanner]() -> const Scanner& { return scanner; };
  // With a cache, what prepare() makes of a file is kept beside its report, so
  // a warm re-scan of an unchanged file neither decodes nor renders it.
  const std::string prepared_as = cache && sink.prepares() ? sink.prepared_as() : std::string();
  const walk::ViewMaker keep_prepared{prepared_as, [&sink](const FileReport& report) {
                                        PreparedFile& made = prepared_here();
                                        made = sink.prepare(report);
                                        return made.text.size() <= kMaxPreparedBytes ? encode_prepared(made)
                                                                                      : std::string();
                                      }};
  // Each file is met once: a cache that was empty has nothing for any of them.
  const bool look_up = !cache || !cache->opened_empty();
  const auto scan_one = [&](std::size_t i) -> FileReport {
    const Task& task = plan.tasks[i];
    // Each worker decodes cached reports into the same FileReport, whose
    // findings keep their storage from file to file (see decode_report_into).
    thread_local FileReport report;
    thread_local std::string stored;
    std::optional<PreparedFile> ready;
    if (task.walk_error) {
      report = error_report(task.file.path, *task.walk_error, rules);
    } else {
      try {
        if (prepared_as.empty()) {
          from_cache[i] =
              walk::scan_through_cache(scanner_when_needed, cache.get(), task.file, cache_keys, report, look_up);
        } else {
          const auto reused = walk::scan_through_cache(scanner_when_needed, cache.get(), task.file, cache_keys, report,
                                                       keep_prepared, stored, look_up);
          from_cache[i] = reused != walk::Reused::nothing;
          ready = reused == walk::Reused::view ? decode_prepared(stored) : std::move(prepared_here());
          // A kept rendering that cannot be read: the report is, or the file is scanned.
          if (!ready)
            from_cache[i] = walk::scan_through_cache(scanner_when_needed, cache.get(), task.file, cache_keys, report);
        }
      } catch (const std::exception& e) {
        report = error_report(task.file.path, fmt::format("could not be scanned: {}", e.what()), rules);
        ready.reset();
      }
    }
    if (prepared.empty()) return std::move(report);
    if (!ready) ready = sink.prepare(report);
    FileReport brief = std::move(ready->brief);
    prepared[i] = std::make_unique<PreparedFile>(std::move(*ready));
    return brief;
  };

  Progress progress(Progress::choose(args.progress, args.quiet, plan.tasks.size()), plan.tasks.size(), plan.bytes);
  ProgressCounts counts;
  std::uint64_t reused = 0;
  walk::PoolOptions pool;
  pool.threads = static_cast<unsigned>(file_threads);
  pool.ordered = args.format != "jsonl";
  pool.stop = &g_stop;
  const walk::PoolResult result = walk::run_pool(
      sizes, pool, scan_one,
      [&](std::size_t i, FileReport& report) {
        reused += from_cache[i];
        counts.errors += report.verdict == Verdict::error;
        counts.blocked += report.verdict == Verdict::block;
        progress.before_output();
        sink.file(report, prepared.empty() ? nullptr : prepared[i].get());
        if (!prepared.empty()) prepared[i].reset();
      },
      [&](const walk::PoolProgress& done) {
        counts.files = done.done;
        counts.bytes = done.done_bytes;
        counts.from_cache = reused;
        progress.update(counts);
      });
  progress.finish();
  if (cache) cache->flush();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sink.end(seconds, reused, result.stopped);
  if (result.stopped) {
    std::cerr << fmt::format("foiguard: stopped by {}: {} of {} files scanned{}\n",
                             g_signal == SIGTERM ? "SIGTERM" : "SIGINT", result.emitted, plan.tasks.size(),
                             cache ? "; run the same command again to go on where it stopped"
                                   : "; with --cache FILE a scan goes on where it stopped");
    return 128 + (g_signal ? static_cast<int>(g_signal) : SIGINT);
  }
  return exit_code(sink.summary(),
                   policy->fail_on && !args.fail_on_given ? *policy->fail_on : *parse_verdict(args.fail_on));
}

}  // namespace foiguard::cli
