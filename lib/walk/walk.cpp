#include "walk/walk.hpp"

#include <boost/filesystem.hpp>

#include <algorithm>
#include <cctype>

namespace foiguard::walk {

namespace fs = boost::filesystem;
using boost::system::error_code;

namespace {

// "No such file or directory" -> "no such file or directory": it follows a colon.
std::string message_of(const error_code& ec) {
  std::string message = ec.message();
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return message;
}

// Walks one folder. Entries that are symlinks are neither followed nor
// scanned; fifos, sockets and devices are not documents and are skipped.
void walk_directory(const fs::path& root, WalkResult& result) {
  error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) {
    result.errors.push_back({root.string(), message_of(ec)});
    return;
  }
  for (const fs::recursive_directory_iterator end; it != end;) {
    const fs::path path = it->path();
    const fs::file_status status = it->symlink_status(ec);
    if (ec) {
      result.errors.push_back({path.string(), message_of(ec)});
    } else if (fs::is_regular_file(status)) {
      result.files.push_back(path.string());
    } else if (fs::is_directory(status)) {
      // Open it now, so an unreadable folder is reported by its own path and
      // the iterator is never asked to descend into it.
      fs::directory_iterator probe(path, ec);
      if (ec) {
        result.errors.push_back({path.string(), message_of(ec)});
        it.disable_recursion_pending();
      }
    }
    it.increment(ec);
    if (ec) {
      result.errors.push_back({path.string(), message_of(ec)});
      // Recover by leaving the folder being read; ends the walk at the top level.
      if (it != end && it.depth() > 0) {
        it.pop(ec);
      } else {
        break;
      }
    }
  }
}

}  // namespace

WalkResult expand(const std::vector<std::string>& roots) {
  WalkResult result;
  for (const auto& root : roots) {
    if (root.empty()) {
      result.errors.push_back({root, "empty path"});
      continue;
    }
    // A path named on the command line is followed even when it is a symlink:
    // the user asked for it. Only links met while walking are not followed.
    error_code ec;
    const fs::file_status status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      if (!ec) ec = boost::system::errc::make_error_code(boost::system::errc::no_such_file_or_directory);
      result.errors.push_back({root, message_of(ec)});
    } else if (fs::is_directory(status)) {
      walk_directory(root, result);
    } else if (fs::is_regular_file(status)) {
      result.files.push_back(root);
    } else {
      result.errors.push_back({root, "not a regular file or folder"});
    }
  }
  std::sort(result.files.begin(), result.files.end());
  result.files.erase(std::unique(result.files.begin(), result.files.end()), result.files.end());
  return result;
}

}  // namespace foiguard::walk
