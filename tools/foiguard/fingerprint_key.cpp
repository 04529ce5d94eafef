#include "fingerprint_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

namespace foiguard::cli {

namespace {

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

}  // namespace

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

}  // namespace foiguard::cli
