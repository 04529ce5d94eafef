// zip_of: a zip written by libzip (deflate, the default) from (name, bytes)
// members, in that order, for tests that need an archive of their own.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace foiguard::testing {

std::string zip_of(const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace foiguard::testing
