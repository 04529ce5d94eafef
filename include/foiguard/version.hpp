#pragma once

#include <string_view>

namespace foiguard {

std::string_view version();  // "0.1.0"

}  // namespace foiguard
