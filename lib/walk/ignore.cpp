#include "walk/ignore.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>

namespace foiguard::walk {

namespace {

// ---------------------------------------------------------------- translation

void append_byte(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x{";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
  out += '}';
}

// Letters, digits and '/' mean themselves in a regex; every other byte is
// written as \x{HH} so nothing in a file name can act as regex syntax.
void append_literal(std::string& out, char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x80 && (std::isalnum(byte) || c == '/')) {
    out += c;
  } else {
    append_byte(out, byte);
  }
}

using ByteSet = std::bitset<256>;

// [:alpha:] and friends, over ASCII only so the locale cannot change them.
bool add_named_class(std::string_view name, ByteSet& set) {
  int (*test)(int) = nullptr;
  if (name == "alnum") test = [](int c) { return std::isalnum(c); };
  if (name == "alpha") test = [](int c) { return std::isalpha(c); };
  if (name == "blank") test = [](int c) { return c == ' ' || c == '\t' ? 1 : 0; };
  if (name == "cntrl") test = [](int c) { return std::iscntrl(c); };
  if (name == "digit") test = [](int c) { return std::isdigit(c); };
  if (name == "graph") test = [](int c) { return std::isgraph(c); };
  if (name == "lower") test = [](int c) { return std::islower(c); };
  if (name == "print") test = [](int c) { return std::isprint(c); };
  if (name == "punct") test = [](int c) { return std::ispunct(c); };
  if (name == "space") test = [](int c) { return std::isspace(c); };
  if (name == "upper") test = [](int c) { return std::isupper(c); };
  if (name == "xdigit") test = [](int c) { return std::isxdigit(c); };
  if (test == nullptr) return false;
  for (int c = 0; c < 0x80; ++c) {
    if (test(c) != 0) set.set(static_cast<std::size_t>(c));
  }
  return true;
}

// One member of a bracket expression, honouring a backslash escape.
unsigned char class_member(std::string_view glob, std::size_t& i) {
  if (glob[i] == '\\' && i + 1 < glob.size()) ++i;
  return static_cast<unsigned char>(glob[i++]);
}

// Reads the bracket expression opening at glob[i] into a byte set, leaving i
// after its ']'. False when it is not one (no closing ']', unknown [:name:]):
// the '[' then stands for itself.
bool read_class(std::string_view glob, std::size_t& i, ByteSet& set) {
  std::size_t j = i + 1;
  const bool negated = j < glob.size() && (glob[j] == '!' || glob[j] == '^');
  if (negated) ++j;
  bool first = true;
  while (j < glob.size()) {
    if (glob[j] == ']' && !first) {
      if (negated) set.flip();
      set.reset('/');  // a class never matches the separator
      i = j + 1;
      return true;
    }
    first = false;
    if (glob.compare(j, 2, "[:") == 0) {
      const std::size_t close = glob.find(":]", j + 2);
      if (close == std::string_view::npos || !add_named_class(glob.substr(j + 2, close - j - 2), set)) return false;
      j = close + 2;
      continue;
    }
    const unsigned char low = class_member(glob, j);
    if (j + 1 < glob.size() && glob[j] == '-' && glob[j + 1] != ']') {
      ++j;
      const unsigned char high = class_member(glob, j);
      for (unsigned c = low; c <= high; ++c) set.set(c);
    } else {
      set.set(low);
    }
  }
  return false;
}

void append_class(std::string& out, const ByteSet& set) {
  if (set.none()) {
    out += "[^\\x00-\\x{ff}]";  // an empty class: the pattern can never match
    return;
  }
  out += '[';
  for (unsigned c = 0; c < 256; ++c) {
    if (!set.test(c)) continue;
    unsigned last = c;
    while (last + 1 < 256 && set.test(last + 1)) ++last;
    append_byte(out, static_cast<unsigned char>(c));
    if (last > c) {
      out += '-';
      append_byte(out, static_cast<unsigned char>(last));
    }
    c = last;
  }
  out += ']';
}

// A run of stars at glob[i]: "**" between slashes (or the ends) spans
// folders; any other run is one '*', which stays inside a name.
std::size_t append_stars(std::string& out, std::string_view glob, std::size_t i) {
  std::size_t end = i;
  while (end < glob.size() && glob[end] == '*') ++end;
  const bool whole_segment = end - i >= 2 && (i == 0 || glob[i - 1] == '/') && (end == glob.size() || glob[end] == '/');
  if (!whole_segment) {
    out += "[^/]*";
    return end;
  }
  if (end == glob.size()) {
    out += ".*";  // "dir/**": everything inside
    return end;
  }
  out += "(?:.*/)?";  // "**/x" and "a/**/b": zero or more folders
  return end + 1;
}

// ---------------------------------------------------------------- one line

struct Pattern {
  std::string glob;
  bool negated = false;
  bool folders_only = false;
};

// Trailing spaces go unless the last one is escaped with a backslash.
std::string_view trim_trailing_spaces(std::string_view line) {
  std::size_t end = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      ++i;
      end = i + 1;
    } else if (line[i] != ' ') {
      end = i + 1;
    }
  }
  return line.substr(0, end);
}

// An empty glob means the line holds no pattern (blank, comment, a lone '!').
Pattern parse_line(std::string_view line) {
  Pattern pattern;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // files edited on Windows
  if (line.empty() || line.front() == '#') return pattern;
  line = trim_trailing_spaces(line);
  if (!line.empty() && line.front() == '!') {
    pattern.negated = true;
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/') {
    pattern.folders_only = true;
    line.remove_suffix(1);
  }
  pattern.glob = std::string(line);
  return pattern;
}

RE2::Options set_options() {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);  // paths are bytes, not always UTF-8
  options.set_dot_nl(true);                            // names may hold newlines
  options.set_case_sensitive(true);
  options.set_log_errors(false);
  options.set_max_mem(32 << 20);
  return options;
}

}  // namespace

std::string glob_to_regex(std::string_view glob) {
  // A slash at the start or in the middle anchors the pattern to the base
  // folder; without one it matches a name at any depth below it.
  const bool anchored = glob.find('/') != std::string_view::npos;
  if (anchored && glob.front() == '/') glob.remove_prefix(1);
  std::string out = anchored ? "" : "(?:.*/)?";
  for (std::size_t i = 0; i < glob.size();) {
    const char c = glob[i];
    if (c == '*') {
      i = append_stars(out, glob, i);
    } else if (c == '?') {
      out += "[^/]";
      ++i;
    } else if (ByteSet set; c == '[' && read_class(glob, i, set)) {
      append_class(out, set);
    } else if (c == '\\' && i + 1 < glob.size()) {
      append_literal(out, glob[i + 1]);
      i += 2;
    } else {
      append_literal(out, c);
      ++i;
    }
  }
  return out;
}

// Files are matched against the patterns without a trailing '/', folders
// against all of them; each side keeps which of its patterns are `!`.
struct IgnoreRules::Sets {
  struct Side {
    RE2::Set set{set_options(), RE2::ANCHOR_BOTH};
    std::vector<bool> negated;  // by index in set
    bool any_negated = false;
    // The bytes the patterns end in, when every one ends in a literal byte:
    // a path ending in none of them matches none, and is passed without a
    // set match (which was a tenth of a warm re-scan's walk).
    std::array<bool, 256> last_bytes{};
    bool every_end_known = true;

    bool add(const std::string& regex, std::string_view glob, bool is_negated, std::string* error) {
      if (set.Add(regex, error) < 0) return false;
      negated.push_back(is_negated);
      any_negated = any_negated || is_negated;
      const char end = glob.back();
      if (std::string_view("*?[]\\").find(end) != std::string_view::npos) every_end_known = false;
      last_bytes[static_cast<unsigned char>(end)] = true;
      return true;
    }
    IgnoreVerdict match(std::string_view path) const {
      if (negated.empty() || path.empty()) return IgnoreVerdict::none;
      if (every_end_known && !last_bytes[static_cast<unsigned char>(path.back())]) return IgnoreVerdict::none;
      if (!set.Match(path, nullptr)) return IgnoreVerdict::none;
      if (!any_negated) return IgnoreVerdict::ignored;
      std::vector<int> hits;
      set.Match(path, &hits);
      const int last = *std::max_element(hits.begin(), hits.end());  // later lines win
      return negated[static_cast<std::size_t>(last)] ? IgnoreVerdict::included : IgnoreVerdict::ignored;
    }
  };
  Side files;
  Side folders;
};

IgnoreRules::IgnoreRules() = default;
IgnoreRules::~IgnoreRules() = default;
IgnoreRules::IgnoreRules(IgnoreRules&&) noexcept = default;
IgnoreRules& IgnoreRules::operator=(IgnoreRules&&) noexcept = default;

IgnoreRules IgnoreRules::parse(std::string_view text, std::vector<std::string>* errors) {
  IgnoreRules rules;
  rules.sets_ = std::make_unique<Sets>();
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    const Pattern pattern = parse_line(line);
    if (pattern.glob.empty()) continue;
    const std::string regex = glob_to_regex(pattern.glob);
    std::string error;
    bool added = rules.sets_->folders.add(regex, pattern.glob, pattern.negated, &error);
    if (added && !pattern.folders_only) added = rules.sets_->files.add(regex, pattern.glob, pattern.negated, &error);
    if (!added) {
      if (errors) errors->push_back("line " + std::to_string(line_number) + ": bad pattern: " + error);
      continue;
    }
    ++rules.rules_;
  }
  for (Sets::Side* side : {&rules.sets_->files, &rules.sets_->folders}) {
    if (!side->negated.empty() && !side->set.Compile()) {
      if (errors) errors->push_back("patterns too large to compile");
      side->negated.clear();  // match nothing rather than call an uncompiled set
    }
  }
  return rules;
}

IgnoreRules IgnoreRules::from_patterns(const std::vector<std::string>& patterns, std::vector<std::string>* errors) {
  std::string text;
  for (const auto& pattern : patterns) {
    // One --exclude value is one pattern: a newline inside it cannot start another.
    text.append(pattern.substr(0, pattern.find('\n')));
    text += '\n';
  }
  return parse(text, errors);
}

IgnoreVerdict IgnoreRules::match(std::string_view relative_path, bool is_folder) const {
  if (rules_ == 0) return IgnoreVerdict::none;
  return is_folder ? sets_->folders.match(relative_path) : sets_->files.match(relative_path);
}

}  // namespace foiguard::walk
