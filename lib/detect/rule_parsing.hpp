// The rules file's own parsers, shared with policy files (lib/policy) so that a
// policy's custom [[rule]] means exactly what a built-in one does. Internal.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "foiguard/rules.hpp"

namespace foiguard::detect {

// The [macros] table of `doc` (none: empty). Throws RuleError "origin:line: ...".
std::map<std::string, std::string> parse_macros(const toml::table& doc, std::string_view origin);

// One [[rule]] table: fields checked, {{MACROS}} expanded, keywords lower-cased.
// Throws RuleError "origin:line: ..." on the first problem. The pattern is not
// compiled here (the Detector does that).
TextRule parse_text_rule(const toml::table& table, const std::map<std::string, std::string>& macros,
                         std::string_view origin);

}  // namespace foiguard::detect
