// Context scoring: is one of a rule's keywords near a hit? Keywords are whole
// words (or phrases), case-insensitive: "lic" inside "duplicate" is no context.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace foiguard::detect {

// First keyword found as a whole word in `text`, or nullptr. Keywords must be
// lower case.
const std::string* find_keyword(std::string_view text, const std::vector<std::string>& keywords);

// The window of up to `window` bytes either side of [begin, end), widened to
// code-point boundaries.
std::string_view context_window(std::string_view text, std::size_t begin, std::size_t end,
                                std::size_t window);

}  // namespace foiguard::detect
