// The static parts of the HTML report: its style sheet, its one script and the
// Content-Security-Policy that lets exactly those two run and nothing load.
// The page must work offline and leak nothing when opened, so the policy
// names the inline style and script by their SHA-256 instead of allowing any
// inline code or any source.
#pragma once

#include <string>
#include <string_view>

namespace foiguard::html_page {

// The text of the page's <style> element.
std::string_view style();
// The text of the page's <script> element: moves the summary (written last,
// since the report streams) to the top and applies the filters named in the
// URL fragment (#verdict=block&category=person_name&visibility=hidden_sheet&q=staff).
std::string_view script();
// The policy for the <meta http-equiv="Content-Security-Policy"> element:
// default-src 'none', with the style and script allowed by their hashes.
const std::string& content_security_policy();

}  // namespace foiguard::html_page
