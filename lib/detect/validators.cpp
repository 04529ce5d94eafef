#include "detect/validators.hpp"

#include <algorithm>
#include <array>

#include "detect/text_util.hpp"

namespace foiguard::detect {
namespace {

struct Token {
  std::size_t begin, end;
};

std::vector<Token> split_words(std::string_view text, std::size_t begin, std::size_t end) {
  std::vector<Token> words;
  std::size_t i = begin;
  while (i < end) {
    while (i < end && (text[i] == ' ' || text[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < end && text[i] != ' ' && text[i] != ',') ++i;
    if (i > start) words.push_back({start, i});
  }
  return words;
}

bool is_not_name(std::string_view word, const Vocabulary& vocab) {
  char lower[24] = {};  // zeroed only to quiet a false -Wmaybe-uninitialized
  std::size_t n = 0;
  for (char c : word) {
    if (c == '.') continue;
    if (n == sizeof lower) return false;  // longer than any stop word
    lower[n++] = ascii_lower(c);
  }
  return vocab.not_names.find(std::string_view(lower, n)) != vocab.not_names.end();
}

// Names lose trailing words that are never names ("Okonkwo Counter Terrorism"
// -> "Okonkwo"); a name whose first word is one of them is no name at all.
Validation check_person_name(std::string_view text, std::size_t begin, std::size_t end,
                             const Vocabulary& vocab) {
  Validation v{true, begin, end, std::nullopt, {}};
  auto words = split_words(text, begin, end);
  while (!words.empty() && is_not_name(text.substr(words.back().begin,
                                                   words.back().end - words.back().begin), vocab)) {
    words.pop_back();
  }
  if (words.empty() || is_not_name(text.substr(words.front().begin,
                                               words.front().end - words.front().begin), vocab)) {
    v.ok = false;
    v.note = "- not a name (a common word)";
    return v;
  }
  if (words.back().end != end) v.note = "- trailing common words dropped from the name";
  v.end = words.back().end;
  // A single one-letter word ("DS J") is an initial, not a name.
  if (words.size() == 1 && count_code_points(text.substr(v.begin, v.end - v.begin)) < 2) {
    v.ok = false;
    v.note = "- a lone initial";
  }
  return v;
}

std::string_view previous_word(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end > 0 && text[end - 1] == ' ') --end;
  std::size_t start = end;
  while (start > 0 && is_ascii_alnum(text[start - 1])) --start;
  return text.substr(start, end - start);
}

// "File name: Report" or "Station name: Bridewell" are labels of things, not people.
Validation check_labelled_name(std::string_view text, std::size_t match_begin, std::size_t begin,
                               std::size_t end, const Vocabulary& vocab) {
  static const std::array<std::string_view, 34> kThingLabels = {
      "file", "user", "host", "domain", "product", "project", "company", "business", "station",
      "street", "road", "place", "team", "unit", "account", "sheet", "field", "display", "brand",
      "trading", "ship", "vessel", "band", "event", "operation", "job", "course", "document",
      "folder", "table", "column", "app", "server", "scheme"};
  std::string before(previous_word(text, match_begin));
  for (auto& c : before) c = ascii_lower(c);
  if (std::find(kThingLabels.begin(), kThingLabels.end(), before) != kThingLabels.end()) {
    return {false, begin, end, std::nullopt, "- label names a thing ('" + before + " name')"};
  }
  return check_person_name(text, begin, end, vocab);
}

Validation check_email(std::string_view text, std::size_t begin, std::size_t end) {
  Validation v{true, begin, end, std::nullopt, {}};
  const std::string_view email = text.substr(begin, end - begin);
  if (is_role_mailbox(email)) {
    v.note = "- role mailbox, not a person";
    return v;
  }
  const std::string_view local = email.substr(0, email.find('@'));
  const auto sep = local.find_first_of("._-");
  if (sep != std::string_view::npos && sep >= 1 && local.size() - sep > 2) {
    v.confidence = Confidence::medium;
    v.note = "+ personal-looking address (first.last)";
  }
  return v;
}

std::string compact(std::string_view value) {
  std::string out;
  for (char c : value)
    if (c != ' ' && c != '-') out.push_back(c);
  return out;
}

bool is_letter_start(std::string_view word) {
  if (word.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(word[0]);
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xC0;
}

// Letters (ASCII or any non-ASCII code point), apostrophes, hyphens, dots.
bool is_name_word(std::string_view word) {
  if (!is_letter_start(word) && !(word.size() > 2 && (word.substr(0, 2) == "O'"))) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(word[i]);
    if (c >= 0x80) continue;  // accents, ’ and other letters of any script
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '\'' || c == '-' || c == '.')
      continue;
    return false;
  }
  return true;
}

bool shape_name(std::string_view cell, const Vocabulary& vocab) {
  if (cell.size() < 2 || cell.size() > 80) return false;
  int words = 0;
  bool any_real = false;
  std::size_t i = 0;
  while (i < cell.size()) {  // no allocation: this runs on every cell of a name column
    while (i < cell.size() && (cell[i] == ' ' || cell[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < cell.size() && cell[i] != ' ' && cell[i] != ',') ++i;
    if (i == start) break;
    const auto word = cell.substr(start, i - start);
    if (++words > 5 || !is_name_word(word)) return false;
    if (!any_real && !is_not_name(word, vocab)) any_real = true;
  }
  return any_real && count_code_points(cell) >= 2;
}

// A person's full name as tools record authors: two to five capitalised name
// words, none of them a word that is never a name ("Microsoft Office User",
// "Business Implementation Team" and "openpyxl" are not people).
bool shape_person(std::string_view cell, const Vocabulary& vocab) {
  if (!shape_name(cell, vocab)) return false;
  int words = 0;
  std::size_t i = 0;
  while (i < cell.size()) {
    while (i < cell.size() && (cell[i] == ' ' || cell[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < cell.size() && cell[i] != ' ' && cell[i] != ',') ++i;
    if (i == start) break;
    const auto word = cell.substr(start, i - start);
    const auto first = static_cast<unsigned char>(word.front());
    if ((first < 'A' || first > 'Z') && first < 0x80) return false;
    if (is_not_name(word, vocab)) return false;
    ++words;
  }
  return words >= 2;
}

bool shape_initial(std::string_view cell) {
  if (cell.empty() || cell.size() > 10) return false;
  int letters = 0;
  for (char c : cell) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      ++letters;
    } else if (c != '.' && c != ' ') {
      return false;
    }
  }
  return letters >= 1 && letters <= 3;
}

bool shape_digits(std::string_view cell, std::uint32_t min_len, std::uint32_t max_len) {
  if (cell.size() > 2 && cell.substr(cell.size() - 2) == ".0") cell.remove_suffix(2);  // 123456.0
  if (cell.size() < min_len || cell.size() > max_len) return false;
  return std::all_of(cell.begin(), cell.end(), is_digit);
}

bool shape_id(std::string_view cell, std::uint32_t min_len, std::uint32_t max_len) {
  if (cell.size() > 2 && cell.substr(cell.size() - 2) == ".0") cell.remove_suffix(2);
  if (cell.size() < min_len || cell.size() > max_len) return false;
  int digits = 0;
  for (char c : cell) {
    if (is_digit(c)) {
      ++digits;
    } else if (!is_ascii_alnum(c) && c != '/' && c != '-') {
      return false;
    }
  }
  return digits >= 2;
}

int read_number(std::string_view s, std::size_t& i, int max_digits) {
  int value = 0, n = 0;
  while (i < s.size() && is_digit(s[i]) && n < max_digits) {
    value = value * 10 + (s[i] - '0');
    ++i;
    ++n;
  }
  return n == 0 ? -1 : value;
}

int month_from_name(std::string_view s, std::size_t& i) {
  static const std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                           "jul", "aug", "sep", "oct", "nov", "dec"};
  if (i + 3 > s.size()) return -1;
  std::string m;
  for (std::size_t k = 0; k < 3; ++k) m.push_back(ascii_lower(s[i + k]));
  for (std::size_t k = 0; k < kMonths.size(); ++k) {
    if (m == kMonths[k]) {
      i += 3;
      while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) ++i;
      return static_cast<int>(k) + 1;
    }
  }
  return -1;
}

// d/m/y, d-m-y, d.m.y, "12 March 1985", "12-Mar-1985", yyyy-mm-dd (optionally with a time).
bool shape_date(std::string_view cell) {
  if (cell.size() < 6 || cell.size() > 30) return false;
  std::size_t i = 0;
  const int first = read_number(cell, i, 4);
  if (first < 0 || i >= cell.size()) return false;
  const char sep = cell[i];
  if (sep != '/' && sep != '-' && sep != '.' && sep != ' ') return false;
  ++i;
  int month = (i < cell.size() && is_digit(cell[i])) ? read_number(cell, i, 2) : month_from_name(cell, i);
  if (month < 1 || month > 12 || i >= cell.size()) return false;
  if (cell[i] != sep && !(sep == ' ' && cell[i] == ' ')) return false;
  ++i;
  const int last = read_number(cell, i, 4);
  if (last < 0) return false;
  const bool iso = first >= 1000;
  const int day = iso ? last : first;
  if (day < 1 || day > 31) return false;
  if (i < cell.size() && cell[i] != ' ' && cell[i] != 'T') return false;
  return true;
}

bool shape_amount(std::string_view cell) {
  if (cell.empty() || cell.size() > 20) return false;
  if (cell.substr(0, 2) == "\xC2\xA3") cell.remove_prefix(2);  // £
  cell = trim(cell);
  int digits = 0;
  bool comma = false, dot = false;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    const char c = cell[i];
    if (is_digit(c)) {
      ++digits;
    } else if (c == ',' && !dot) {
      comma = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits >= 4 || (comma && digits >= 4);
}

}  // namespace

Vocabulary Vocabulary::from(const RuleSet& rules) {
  Vocabulary v;
  for (const auto& r : rules.ranks) v.ranks.insert(normalize_rank(r));
  for (const auto& l : rules.vetting_levels) {
    v.vetting_levels.insert(normalize_phrase(l));
    std::string joined;  // "nppv 3" and "nppv3" are the same level
    for (char c : normalize_phrase(l))
      if (c != ' ') joined.push_back(c);
    v.vetting_levels.insert(joined);
  }
  for (const auto& n : rules.not_names) {
    std::string lower;
    for (char c : n) lower.push_back(ascii_lower(c));
    v.not_names.insert(lower);
  }
  return v;
}

std::string normalize_rank(std::string_view text) {
  std::string n;
  normalize_rank(text, n);
  return n;
}

void normalize_rank(std::string_view text, std::string& out) {
  normalize_phrase(text, out);
  for (std::string_view prefix : {"acting ", "temporary ", "t ", "a "}) {
    if (out.rfind(prefix, 0) == 0) {
      out.erase(0, prefix.size());
      break;
    }
  }
}

bool valid_nino(std::string_view value) {
  const std::string v = compact(value);
  if (v.size() != 9) return false;
  static const std::array<std::string_view, 7> kUnallocated = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};
  const std::string_view prefix(v.data(), 2);
  if (std::find(kUnallocated.begin(), kUnallocated.end(), prefix) != kUnallocated.end()) return false;
  static const std::string_view kNeverFirst = "DFIQUV";
  static const std::string_view kNeverSecond = "DFIQUVO";
  if (kNeverFirst.find(v[0]) != std::string_view::npos) return false;
  if (kNeverSecond.find(v[1]) != std::string_view::npos) return false;
  if (!(v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z')) return false;
  for (int i = 2; i < 8; ++i)
    if (!is_digit(v[static_cast<std::size_t>(i)])) return false;
  return v[8] >= 'A' && v[8] <= 'D';
}

bool valid_nhs_number(std::string_view value) {
  const std::string v = compact(value);
  if (v.size() != 10 || !std::all_of(v.begin(), v.end(), is_digit)) return false;
  const int prefix = (v[0] - '0') * 100 + (v[1] - '0') * 10 + (v[2] - '0');
  // Issued ranges: Scotland's CHI 010-311, Northern Ireland 320-399,
  // England, Wales and the Isle of Man 400-499 and 600-799. 999 is the test range.
  const bool issued = (prefix >= 10 && prefix <= 311) || (prefix >= 320 && prefix <= 499) ||
                      (prefix >= 600 && prefix <= 799);
  if (!issued) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (v[static_cast<std::size_t>(i)] - '0') * (10 - i);
  int check = 11 - (sum % 11);
  if (check == 11) check = 0;
  if (check == 10) return false;
  return check == v[9] - '0';
}

bool is_role_mailbox(std::string_view email) {
  static const std::array<std::string_view, 28> kRoles = {
      "foi", "info", "enquiries", "enquiry", "contact", "admin", "noreply", "no-reply",
      "casework", "press", "media", "office", "help", "support", "mail", "dpo", "dataprotection",
      "data.protection", "freedomofinformation", "foi.requests", "foirequests", "complaints",
      "reception", "webmaster", "hr", "recruitment", "communications", "disclosure"};
  std::string local;
  for (char c : email.substr(0, email.find('@'))) local.push_back(ascii_lower(c));
  return std::find(kRoles.begin(), kRoles.end(), local) != kRoles.end();
}

bool is_known_validator(std::string_view validator) {
  return validator.empty() || validator == "person_name" || validator == "labelled_name" ||
         validator == "nino" || validator == "nhs_number" || validator == "email";
}

Validation validate(std::string_view validator, std::string_view text, std::size_t match_begin,
                    std::size_t begin, std::size_t end, const Vocabulary& vocab) {
  const std::string_view value = text.substr(begin, end - begin);
  if (validator.empty()) return {true, begin, end, std::nullopt, {}};
  if (validator == "person_name") return check_person_name(text, begin, end, vocab);
  if (validator == "labelled_name") return check_labelled_name(text, match_begin, begin, end, vocab);
  if (validator == "email") return check_email(text, begin, end);
  if (validator == "nino") {
    const bool ok = valid_nino(value);
    return {ok, begin, end, std::nullopt, ok ? "+ valid NI number prefix" : "- unallocated NI prefix"};
  }
  if (validator == "nhs_number") {
    const bool ok = valid_nhs_number(value);
    return {ok, begin, end, std::nullopt,
            ok ? "+ NHS mod-11 check digit and issued range" : "- fails NHS check digit or range"};
  }
  return {false, begin, end, std::nullopt, "- unknown validator"};
}

std::optional<Shape> parse_shape(std::string_view name) {
  static const std::array<std::pair<std::string_view, Shape>, 10> kShapes = {{
      {"name", Shape::name}, {"person", Shape::person}, {"initial", Shape::initial}, {"digits", Shape::digits},
      {"id", Shape::id}, {"rank", Shape::rank}, {"vetting", Shape::vetting},
      {"date", Shape::date}, {"amount", Shape::amount}, {"nino", Shape::nino}}};
  for (const auto& [n, shape] : kShapes)
    if (n == name) return shape;
  return std::nullopt;
}

bool cell_matches_shape(Shape shape, const ColumnRule& rule, std::string_view cell,
                        const Vocabulary& vocab) {
  switch (shape) {
    case Shape::name: return shape_name(cell, vocab);
    case Shape::person: return shape_person(cell, vocab);
    case Shape::initial: return shape_initial(cell);
    case Shape::digits: return shape_digits(cell, rule.min_length, rule.max_length);
    case Shape::id: return shape_id(cell, rule.min_length, rule.max_length);
    case Shape::rank:
    case Shape::vetting: {
      thread_local std::string normalized;  // every cell of the column: no allocation
      if (shape == Shape::rank) {
        normalize_rank(cell, normalized);
        return vocab.ranks.count(std::string_view(normalized)) > 0;
      }
      normalize_phrase(cell, normalized);
      return vocab.vetting_levels.count(std::string_view(normalized)) > 0;
    }
    case Shape::date: return shape_date(cell);
    case Shape::amount: return shape_amount(cell);
    case Shape::nino: return valid_nino(cell);
  }
  return false;
}

}  // namespace foiguard::detect
