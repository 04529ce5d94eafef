#include "formats/xml_plain_run.hpp"

#include <array>
#include <cstring>

namespace foiguard::formats {
namespace {

// pugixml's classes (ct_start_symbol, ct_symbol, ct_space), so that a name or
// a blank this accepts is one pugixml reads the same way. A table: these run
// for every byte of every tag.
enum : std::uint8_t { kNameStart = 1, kNameChar = 2, kSpace = 4 };

constexpr auto kClasses = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
    if (start) t[c] |= kNameStart | kNameChar;
    if ((c >= '0' && c <= '9') || c == '-' || c == '.') t[c] |= kNameChar;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') t[c] |= kSpace;
  }
  return t;
}();

bool is_a(char c, std::uint8_t cls) { return kClasses[static_cast<unsigned char>(c)] & cls; }
bool is_name_start(char c) { return is_a(c, kNameStart); }
bool is_name_char(char c) { return is_a(c, kNameChar); }
bool is_space(char c) { return is_a(c, kSpace); }

// Names are a few bytes ("c", "row"): a call to memcmp costs more.
bool same_bytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// The name at p (p < end), as written and without its prefix; p moves past
// it. Empty when p does not start a name.
std::string_view scan_name(char*& p, char* end, std::string_view& local) {
  char* const name = p;
  if (!is_name_start(*p)) return {};
  char* local_start = p;
  for (; p < end && is_name_char(*p); ++p)
    if (*p == ':') local_start = p + 1;
  local = std::string_view(local_start, static_cast<std::size_t>(p - local_start));
  return std::string_view(name, static_cast<std::size_t>(p - name));
}

char* put_utf8(char* out, std::uint32_t cp) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// The reference at p ('&' .. ';', before end), decoded to out; p moves past
// it. nullptr for anything but the five predefined entities and a character
// reference to a character XML allows (pugixml would keep an unknown one as
// written, expat refuses it: the caller leaves that to pugixml).
char* decode_reference(const char*& p, const char* end, char* out) {
  const char* semi = static_cast<const char*>(std::memchr(p, ';', static_cast<std::size_t>(end - p)));
  if (!semi || semi - p > 12) return nullptr;
  const std::string_view ref(p + 1, static_cast<std::size_t>(semi - p - 1));
  p = semi + 1;
  if (ref == "lt") { *out = '<'; return out + 1; }
  if (ref == "gt") { *out = '>'; return out + 1; }
  if (ref == "amp") { *out = '&'; return out + 1; }
  if (ref == "quot") { *out = '"'; return out + 1; }
  if (ref == "apos") { *out = '\''; return out + 1; }
  if (ref.size() < 2 || ref[0] != '#') return nullptr;
  const bool hex = ref[1] == 'x';
  const std::string_view digits = ref.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 7) return nullptr;
  std::uint32_t cp = 0;
  for (const char c : digits) {
    std::uint32_t d;
    if (c >= '0' && c <= '9') d = static_cast<std::uint32_t>(c - '0');
    else if (hex && c >= 'a' && c <= 'f') d = static_cast<std::uint32_t>(c - 'a' + 10);
    else if (hex && c >= 'A' && c <= 'F') d = static_cast<std::uint32_t>(c - 'A' + 10);
    else return nullptr;
    cp = cp * (hex ? 16 : 10) + d;
  }
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return nullptr;
  return put_utf8(out, cp);
}

// Decodes [from, to) in place; returns the new end, or nullptr when the text
// holds what this does not take: a reference it cannot decode, NUL, a raw CR
// (pugixml folds line ends), and in attribute values '<' and raw tabs and
// newlines (pugixml turns them into spaces).
char* decode_in_place(char* from, char* to, bool attribute) {
  char* out = from;
  const char* p = from;
  while (p < to) {
    const char c = *p;
    if (c == '&') {
      out = decode_reference(p, to, out);
      if (!out) return nullptr;
      continue;
    }
    if (c == '\0' || c == '\r' || (attribute && (c == '<' || c == '\n' || c == '\t'))) return nullptr;
    *out++ = c;
    ++p;
  }
  return out;
}

}  // namespace

bool PlainRun::parse(char* data, std::size_t size, std::size_t max_depth) {
  events_.clear();
  attributes_.clear();
  open_.clear();
  has_child_.assign(1, false);
  char* p = data;
  char* const end = data + size;
  while (p < end) {
    if (*p != '<') {
      p = text(p, end);
      if (!p) return false;
      continue;
    }
    if (p + 1 >= end) return false;
    if (p[1] == '/') {  // an end tag, which must close the innermost open element
      char* q = p + 2;
      std::string_view local;
      const std::string_view name = q < end ? scan_name(q, end, local) : std::string_view();
      if (open_.empty() || name.empty() || !same_bytes(name, open_.back())) return false;
      while (q < end && is_space(*q)) ++q;
      if (q >= end || *q != '>') return false;
      events_.push_back({Kind::end, 0, local});
      open_.pop_back();
      has_child_.pop_back();
      p = q + 1;
      continue;
    }
    if (open_.size() + 1 > max_depth) return false;
    p = start_tag(p, end);
    if (!p) return false;
  }
  return open_.empty();
}

// The start tag at p ('<'): its event, its attributes NUL-terminated in
// place, and, for <x/>, its end event. Returns the byte after '>', or nullptr.
char* PlainRun::start_tag(char* p, char* end) {
  char* q = p + 1;
  bool empty = false;
  std::string_view local;
  const std::string_view name = scan_name(q, end, local);
  if (name.empty() || q >= end) return nullptr;  // also "<!--", "<![CDATA[", "<?"
  char* const name_end = q;
  const auto first_attribute = static_cast<std::uint32_t>(attributes_.size());
  for (;;) {
    bool spaced = false;
    for (; q < end && is_space(*q); ++q) spaced = true;
    if (q >= end) return nullptr;
    if (*q == '>') {
      ++q;
      break;
    }
    if (*q == '/') {
      if (q + 1 >= end || q[1] != '>') return nullptr;
      empty = true;
      q += 2;
      break;
    }
    std::string_view unused;
    char* attribute = q;
    if (!spaced || scan_name(q, end, unused).empty()) return nullptr;
    char* const attribute_end = q;
    while (q < end && is_space(*q)) ++q;
    if (q >= end || *q != '=') return nullptr;
    for (++q; q < end && is_space(*q); ++q) {
    }
    if (q >= end || (*q != '"' && *q != '\'')) return nullptr;
    char* const value = q + 1;
    auto* close = static_cast<char*>(std::memchr(value, *q, static_cast<std::size_t>(end - value)));
    if (!close) return nullptr;
    char* const value_end = decode_in_place(value, close, true);
    if (!value_end) return nullptr;
    *value_end = '\0';
    *attribute_end = '\0';  // a blank or '=', already read
    attributes_.push_back(attribute);
    attributes_.push_back(value);
    q = close + 1;
  }
  *name_end = '\0';  // a blank, '/' or '>', already read
  attributes_.push_back(nullptr);
  has_child_.back() = true;
  events_.push_back({Kind::start, first_attribute, local});
  if (empty) {
    events_.push_back({Kind::end, 0, local});
  } else {
    open_.push_back(name);
    has_child_.push_back(false);
  }
  return q;
}

// The text at p (up to the next '<'). pugixml's rule for blank text
// (parse_ws_pcdata_single): kept only when it is all its element holds, so
// dropped unless an end tag follows and nothing came before it.
char* PlainRun::text(char* p, char* end) {
  auto* lt = static_cast<char*>(std::memchr(p, '<', static_cast<std::size_t>(end - p)));
  if (!lt) lt = end;
  const char* q = p;
  while (q < lt && is_space(*q) && *q != '\r') ++q;
  if (q == lt) {  // blank
    const bool only_child = lt + 1 < end && lt[1] == '/' && !has_child_.back();
    if (!only_child) return lt;
  }
  char* const text_end = decode_in_place(p, lt, false);
  if (!text_end) return nullptr;
  has_child_.back() = true;
  events_.push_back({Kind::text, 0, std::string_view(p, static_cast<std::size_t>(text_end - p))});
  return lt;
}

void PlainRun::replay(XmlHandler& handler) const {
  for (const Event& e : events_) {
    switch (e.kind) {
      case Kind::start:
        handler.start(e.view, XmlAttributes(attributes_.data() + e.attributes));
        break;
      case Kind::end:
        handler.end(e.view);
        break;
      case Kind::text:
        handler.text(e.view);
        break;
    }
  }
}

}  // namespace foiguard::formats
