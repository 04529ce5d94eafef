#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace foiguard::testing {
namespace fs = boost::filesystem;

CommandResult run_cli(const std::vector<std::string>& args, const std::string& stdin_text) {
  // Files, not pipes, for stdout/stderr: no risk of a full pipe deadlocking the child.
  const std::string dir = temp_dir("cli_io");
  const std::string out_path = dir + "/out", err_path = dir + "/err", in_path = dir + "/in";
  write_file(in_path, stdin_text);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    FILE* in = std::freopen(in_path.c_str(), "r", stdin);
    FILE* out = std::freopen(out_path.c_str(), "w", stdout);
    FILE* err = std::freopen(err_path.c_str(), "w", stderr);
    if (!in || !out || !err) _exit(127);
    std::vector<char*> argv;
    std::string cli = FOIGUARD_CLI;
    argv.push_back(cli.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(cli.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

std::string source_path(const std::string& relative) {
  return std::string(FOIGUARD_SOURCE_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

namespace {
fs::path& temp_root() {
  static fs::path root;
  return root;
}
void remove_temp_root() {
  boost::system::error_code ec;
  if (!temp_root().empty()) fs::remove_all(temp_root(), ec);
}
}  // namespace

std::string temp_dir(const std::string& name) {
  if (temp_root().empty()) {
    temp_root() = fs::temp_directory_path() / fs::unique_path("foiguard-tests-%%%%%%%%");
    fs::create_directories(temp_root());
    std::atexit(remove_temp_root);
  }
  fs::path p = temp_root() / fs::unique_path(name + "-%%%%%%");
  fs::create_directories(p);
  return p.string();
}

std::string isolate_cli_config(const std::string& name) {
  const std::string config = temp_dir(name);
  ::setenv("XDG_CONFIG_HOME", config.c_str(), 1);
  ::unsetenv("FOIGUARD_KEY_FILE");
  ::unsetenv("FOIGUARD_POLICY");
  return config;
}

std::string corpus_dir() {
  // FOIGUARD_CORPUS_DIR in the environment wins over the ../shared/corpus default.
  const char* from_env = std::getenv("FOIGUARD_CORPUS_DIR");
  const fs::path p(from_env != nullptr && from_env[0] != '\0' ? from_env : FOIGUARD_CORPUS_DIR);
  boost::system::error_code ec;
  if (fs::is_directory(p / "openpyxl", ec) || fs::exists(p / "MANIFEST.tsv", ec)) return p.string();
  return "";
}

std::vector<CorpusEntry> corpus_entries(const std::string& corpus, const std::vector<std::string>& extensions) {
  std::vector<CorpusEntry> out;
  std::ifstream in(corpus + "/MANIFEST.tsv");
  for (std::string line; std::getline(in, line);) {
    CorpusEntry e;
    std::stringstream columns(line);
    for (std::string f; std::getline(columns, f, '\t');) e.fields.push_back(f);
    if (e.fields.size() < 6) continue;
    e.path = e.fields[0];
    if (std::none_of(extensions.begin(), extensions.end(), [&](const std::string& x) { return e.path.ends_with(x); }))
      continue;
    std::stringstream features(e.fields[5]);
    for (std::string f; std::getline(features, f, ',');) e.features.insert(f);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace foiguard::testing
