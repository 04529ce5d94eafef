// Expands the paths given on a command line into the files to scan: files as
// they are, folders walked recursively (Boost.Filesystem) in sorted order.
// Symlinks are not followed; special files are skipped; errors are reported
// per path and the walk goes on.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace foiguard::walk {

struct WalkError {
  std::string path;
  std::string message;
};

struct WalkResult {
  std::vector<std::string> files;   // sorted, each once
  std::vector<WalkError> errors;    // missing paths, permission denied, ...
};

WalkResult expand(const std::vector<std::string>& roots);

}  // namespace foiguard::walk
