// normalize_name / normalize_number (see normalize.hpp). ASCII text is folded
// here byte by byte; anything else goes through ICU once (NFKD, marks removed,
// case folded), then through the same word/separator rules.
#include "foiguard/normalize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <stdexcept>

namespace foiguard {
namespace {

bool is_ascii(std::string_view text) {
  for (const char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// Builds the normalised form: words joined by single spaces, commas as words.
class WordJoiner {
 public:
  explicit WordJoiner(std::string& out) : out_(out) { out_.clear(); }
  void letter(std::string_view utf8) {
    if (pending_space_ && !out_.empty()) out_.push_back(' ');
    pending_space_ = false;
    out_.append(utf8);
  }
  void separator() { pending_space_ = true; }
  void comma() {
    if (out_.empty()) return;  // a leading comma carries nothing
    if (!out_.empty() && out_.back() == ',') return;
    out_.append(" ,");
    pending_space_ = true;
  }
  void finish() {
    if (!out_.empty() && out_.back() == ',') out_.resize(out_.size() - 2);  // a trailing comma neither
  }

 private:
  std::string& out_;
  bool pending_space_ = false;
};

bool is_apostrophe(UChar32 c) {
  switch (c) {
    case '\'': case '`': case 0x2019: case 0x2018: case 0x02BC: case 0x02BB: case 0x00B4:
    case 0x2032: case 0xFF07:
      return true;
    default:
      return false;
  }
}

// Letters NFKD leaves whole but that a keyboard without them writes plainly.
const char* plain_letter(UChar32 c) {
  switch (c) {
    case 0x0142: return "l";   // ł
    case 0x00F8: return "o";   // ø
    case 0x0111: return "d";   // đ
    case 0x00F0: return "d";   // ð
    case 0x0127: return "h";   // ħ
    case 0x0131: return "i";   // dotless ı
    case 0x00E6: return "ae";  // æ
    case 0x0153: return "oe";  // œ
    case 0x00FE: return "th";  // þ
    default: return nullptr;
  }
}

void normalize_ascii(std::string_view text, std::string& out) {
  WordJoiner words(out);
  char letter[1];
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      letter[0] = ch;
      words.letter({letter, 1});
    } else if (c >= 'A' && c <= 'Z') {
      letter[0] = static_cast<char>(c + ('a' - 'A'));
      words.letter({letter, 1});
    } else if (c == '\'' || c == '`') {
      // O'Brien and OBrien are one name
    } else if (c == ',') {
      words.comma();
    } else {
      words.separator();
    }
  }
  words.finish();
}

const icu::Normalizer2& nfkd() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status) || n == nullptr) throw std::runtime_error("ICU: no NFKD normaliser");
  return *n;
}

void normalize_unicode(std::string_view text, std::string& out) {
  static const icu::Normalizer2& decompose = nfkd();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  folded.foldCase();
  const icu::UnicodeString decomposed = decompose.normalize(folded, status);
  if (U_FAILURE(status)) {
    normalize_ascii(text, out);  // unreachable for valid strings; never throw on text
    return;
  }
  WordJoiner words(out);
  char utf8[U8_MAX_LENGTH];
  for (std::int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    const std::int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK) continue;
    if (is_apostrophe(c)) continue;
    if (c == ',' || c == 0xFF0C || c == 0x060C || c == 0x3001) {
      words.comma();
    } else if (const char* plain = plain_letter(c)) {
      words.letter(plain);
    } else if (u_isalnum(c)) {
      std::int32_t n = 0;
      UBool error = false;
      U8_APPEND(reinterpret_cast<std::uint8_t*>(utf8), n, U8_MAX_LENGTH, c, error);
      if (!error) words.letter({utf8, static_cast<std::size_t>(n)});
    } else {
      words.separator();
    }
  }
  words.finish();
}

}  // namespace

void normalize_name(std::string_view text, std::string& out) {
  if (is_ascii(text)) {
    normalize_ascii(text, out);
  } else {
    normalize_unicode(text, out);
  }
}

std::string normalize_name(std::string_view text) {
  std::string out;
  normalize_name(text, out);
  return out;
}

std::string normalize_number(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= '0' && c <= '9') out.push_back(ch);
    else if (c >= 'A' && c <= 'Z') out.push_back(ch);
    else if (c >= 'a' && c <= 'z') out.push_back(static_cast<char>(c - ('a' - 'A')));
  }
  return out;
}

}  // namespace foiguard
