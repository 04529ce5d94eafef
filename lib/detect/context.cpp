#include "detect/context.hpp"

#include "detect/text_util.hpp"

namespace foiguard::detect {
namespace {

bool is_word_byte(char c) { return is_ascii_alnum(c) || (static_cast<unsigned char>(c) >= 0x80); }

}  // namespace

const std::string* find_keyword(std::string_view text, const std::vector<std::string>& keywords) {
  // Lower-case the window once, then let find() (memchr-based) do the scanning.
  thread_local std::string lower;
  lower.assign(text);
  for (auto& c : lower) c = ascii_lower(c);
  const std::string_view hay = lower;
  for (const auto& keyword : keywords) {
    if (keyword.empty()) continue;
    for (auto pos = hay.find(keyword); pos != std::string_view::npos; pos = hay.find(keyword, pos + 1)) {
      const bool left_ok = pos == 0 || !is_word_byte(hay[pos - 1]) || !is_word_byte(keyword.front());
      const std::size_t after = pos + keyword.size();
      const bool right_ok =
          after >= hay.size() || !is_word_byte(hay[after]) || !is_word_byte(keyword.back());
      if (left_ok && right_ok) return &keyword;
    }
  }
  return nullptr;
}

std::string_view context_window(std::string_view text, std::size_t begin, std::size_t end,
                                std::size_t window) {
  std::size_t from = begin > window ? begin - window : 0;
  std::size_t to = end + window < text.size() ? end + window : text.size();
  while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
  while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
  return text.substr(from, to - from);
}

}  // namespace foiguard::detect
