// HTML: libxml2's forgiving HTML push parser, fed in pieces, with a SAX
// handler that turns the page into paragraphs and tags each run with what a
// visitor of the page would see: the text, the title and form values are
// visible; comments, scripts, <template>/<noscript>, elements hidden with the
// `hidden` attribute or a display:none / visibility:hidden style (inline, or a
// simple class/id/tag rule of an earlier <style> block), alt/title/aria-label
// attributes and hidden inputs are hidden_text; named <meta> tags are metadata.
//
// The page is decoded to UTF-8 first (BOM, then valid UTF-8, then the charset
// its <meta> declares, else Windows-1252), so libxml2 never switches encoding
// mid-stream. The feed also guards libxml2 against input that makes it slow
// or greedy: attributes beyond kMaxAttributes are dropped, the middle of huge
// runs without markup is not read, nesting stops at kMaxNesting, and tags that
// libxml2 discards after searching its whole element stack are budgeted. A
// table row is one paragraph (a name and a pay number in one row are one
// record), and </body>, </html> are ignored as browsers do.
#include <fmt/format.h>
#include <libxml/HTMLparser.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "formats/document_writer.hpp"
#include "formats/encoding.hpp"

namespace foiguard::formats {
namespace {

constexpr std::size_t kMaxAttributes = 128;            // per start tag (libxml2 checks duplicates pairwise)
constexpr std::size_t kMaxTextRun = 8u << 20;          // markup-free run libxml2 would buffer whole
constexpr std::size_t kMaxAttributeValue = 1u << 20;   // one quoted attribute value
constexpr std::uint32_t kMaxNesting = 4096;            // open elements
constexpr std::uint64_t kMaxWastedScans = 200'000'000; // element-stack entries searched for discarded tags
constexpr std::size_t kMaxStyleBytes = 1u << 20;       // CSS read from one <style> block
constexpr std::size_t kMaxHiddenRules = 4096;          // hiding selectors kept for the page
constexpr std::size_t kMaxLinkText = 1024;             // link text kept to compare with a mailto: target
constexpr std::size_t kPushBytes = 1u << 20;           // largest piece handed to libxml2 at once
constexpr std::size_t kCharsetPrescan = 4096;          // bytes searched for <meta charset>

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) {
  return is_ascii_letter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.';
}
// First character of a name as libxml2's HTML parser accepts it.
bool is_name_start(char c) { return is_ascii_letter(c) || c == '_' || c == ':' || c == '.'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != lower(prefix[i])) return false;
  return true;
}

// ---------------------------------------------------------------- encoding

// The charset a <meta charset=...> or <meta http-equiv content="...;
// charset=..."> names near the top of the page, lower case; "" when none.
std::string declared_charset(std::string_view bytes) {
  const std::string head = lowercase(bytes.substr(0, kCharsetPrescan));
  for (std::size_t meta = head.find("<meta"); meta != std::string::npos; meta = head.find("<meta", meta + 5)) {
    const std::size_t end = std::min(head.find('>', meta), head.size());
    const std::size_t at = head.find("charset", meta);
    if (at == std::string::npos || at > end) continue;
    std::size_t i = at + 7;
    while (i < end && (is_space(head[i]) || head[i] == '=' || head[i] == '"' || head[i] == '\'')) ++i;
    std::size_t j = i;
    while (j < end && is_name_char(head[j])) ++j;
    if (j > i) return head.substr(i, j - i);
  }
  return "";
}

// Labels that the shared decoder covers: UTF-8, and what browsers read as
// Windows-1252 (Latin-1, ASCII). A page that declares UTF-16 in ASCII-readable
// markup is not UTF-16 (browsers then use UTF-8).
bool decoded_by_default(std::string_view label) {
  static constexpr std::array<std::string_view, 18> kLabels = {
      "",           "utf-8",   "utf8",       "unicode-1-1-utf-8", "windows-1252", "cp1252",
      "x-cp1252",   "latin1",  "iso-8859-1", "iso8859-1",         "iso_8859-1",   "l1",
      "us-ascii",   "ascii",   "unicode",    "utf-16",            "utf-16le",     "utf-16be"};
  return std::find(kLabels.begin(), kLabels.end(), label) != kLabels.end();
}

// The page as UTF-8: a view of `bytes` when they already are UTF-8,
// otherwise converted into `storage`.
std::string_view page_as_utf8(std::string_view bytes, std::string& storage, ReadStats& stats) {
  const bool bom =
      bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
  const std::string label = bom ? std::string() : declared_charset(bytes);
  if (bom || decoded_by_default(label) || detail::is_valid_utf8(bytes))
    return detail::decode(bytes, storage, &stats.encoding);
  if (auto converted = detail::convert_charset(bytes, label.c_str())) {
    storage = std::move(*converted);
    stats.encoding = label;
    return storage;
  }
  stats.warnings.push_back(fmt::format("unknown charset '{}': read as Windows-1252", label));
  return detail::decode(bytes, storage, &stats.encoding);
}

// ---------------------------------------------------------------- CSS

// True when CSS declarations ("color: red; display: none") hide the element.
// mso-hide:all is how Word and Outlook hide text in the HTML they write.
bool declares_hidden(std::string_view declarations) {
  while (!declarations.empty()) {
    const std::size_t semicolon = std::min(declarations.find(';'), declarations.size());
    const std::string_view declaration = declarations.substr(0, semicolon);
    declarations.remove_prefix(std::min(semicolon + 1, declarations.size()));
    const std::size_t colon = declaration.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string property = lowercase(trim(declaration.substr(0, colon)));
    std::string value = lowercase(trim(declaration.substr(colon + 1)));
    if (const std::size_t bang = value.find('!'); bang != std::string::npos)
      value = std::string(trim(value.substr(0, bang)));  // "none !important"
    if ((property == "display" && value == "none") ||
        (property == "visibility" && (value == "hidden" || value == "collapse")) ||
        (property == "mso-hide" && value == "all"))
      return true;
  }
  return false;
}

// Elements that a <style> block hides with a rule whose selector is a simple
// compound: a tag, classes and an id ("div.comment", ".x", "#y", "p.a.b").
// Rules inside at-rules (@media print) and selectors with combinators or
// pseudo-classes are not followed; a later rule that shows the element again
// is not weighed against the hiding one (hidden wins).
class HiddenSelectors {
 public:
  void add_stylesheet(std::string_view css) {
    const std::string clean = without_comments(css);
    const std::string_view s = clean;
    std::size_t i = 0;
    while (i < s.size() && rules_ < kMaxHiddenRules) {
      const std::size_t open = s.find_first_of("{;}", i);
      if (open == std::string_view::npos) break;
      const std::string_view prelude = trim(s.substr(i, open - i));
      if (s[open] != '{') {
        i = open + 1;
        continue;
      }
      const std::size_t close = matching_brace(s, open);
      const std::string_view body = s.substr(open + 1, close - open - 1);
      if (!prelude.starts_with('@') && body.find('{') == std::string_view::npos && declares_hidden(body))
        add_selector_list(prelude);
      i = close + 1;
    }
  }

  bool empty() const { return rules_ == 0; }

  bool hides(std::string_view tag, std::string_view id, std::string_view classes) const {
    const auto check = [&](const Index& index, std::string_view key) {
      const auto found = index.find(std::string(key));
      if (found == index.end()) return false;
      return std::any_of(found->second.begin(), found->second.end(),
                         [&](const Compound& c) { return c.matches(tag, id, classes); });
    };
    if (!id.empty() && check(by_id_, id)) return true;
    if (check(by_tag_, tag)) return true;
    bool hidden = false;
    for_each_class(classes, [&](std::string_view c) { hidden = hidden || check(by_class_, c); });
    return hidden;
  }

 private:
  struct Compound {
    std::string tag, id;
    std::vector<std::string> classes;

    bool matches(std::string_view element, std::string_view element_id, std::string_view element_classes) const {
      if (!tag.empty() && tag != element) return false;
      if (!id.empty() && id != element_id) return false;
      return std::all_of(classes.begin(), classes.end(), [&](const std::string& wanted) {
        bool present = false;
        for_each_class(element_classes, [&](std::string_view c) { present = present || c == wanted; });
        return present;
      });
    }
  };

  using Index = std::unordered_map<std::string, std::vector<Compound>>;

  template <typename F>
  static void for_each_class(std::string_view classes, F&& f) {
    for (std::size_t i = 0, n = 0; i < classes.size() && n < 64; ++n) {
      while (i < classes.size() && is_space(classes[i])) ++i;
      const std::size_t start = i;
      while (i < classes.size() && !is_space(classes[i])) ++i;
      if (i > start) f(classes.substr(start, i - start));
    }
  }

  // CSS comments, and the <!-- --> that old pages wrap their styles in, go.
  static std::string without_comments(std::string_view css) {
    std::string out;
    out.reserve(css.size());
    for (std::size_t i = 0; i < css.size();) {
      if (css.substr(i, 2) == "/*") {
        const std::size_t end = css.find("*/", i + 2);
        i = end == std::string_view::npos ? css.size() : end + 2;
        out += ' ';
      } else if (css.substr(i, 4) == "<!--" || css.substr(i, 3) == "-->") {
        i += css[i] == '<' ? 4 : 3;
        out += ' ';
      } else {
        out += css[i++];
      }
    }
    return out;
  }

  static std::size_t matching_brace(std::string_view s, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
      if (s[i] == '{') ++depth;
      if (s[i] == '}' && --depth == 0) return i;
    }
    return s.size();
  }

  // CSS identifiers: letters, digits, '-', '_' and any non-ASCII character.
  static bool is_ident_char(char c) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
    return is_name_char(c) && c != '.' && c != ':';
  }

  static std::optional<Compound> parse_compound(std::string_view s) {
    Compound c;
    std::size_t i = 0;
    while (i < s.size() && is_ident_char(s[i])) ++i;
    c.tag = lowercase(s.substr(0, i));
    while (i < s.size()) {
      const char kind = s[i++];
      const std::size_t start = i;
      while (i < s.size() && is_ident_char(s[i])) ++i;
      if (i == start || (kind != '.' && kind != '#') || (kind == '#' && !c.id.empty())) return std::nullopt;
      if (kind == '.') c.classes.emplace_back(s.substr(start, i - start));
      else c.id = s.substr(start, i - start);
    }
    if (c.tag.empty() && c.id.empty() && c.classes.empty()) return std::nullopt;
    return c;
  }

  void add_selector_list(std::string_view selectors) {
    while (!selectors.empty() && rules_ < kMaxHiddenRules) {
      const std::size_t comma = std::min(selectors.find(','), selectors.size());
      auto compound = parse_compound(trim(selectors.substr(0, comma)));
      selectors.remove_prefix(std::min(comma + 1, selectors.size()));
      if (!compound) continue;
      ++rules_;
      if (!compound->id.empty()) by_id_[compound->id].push_back(std::move(*compound));
      else if (!compound->classes.empty()) by_class_[compound->classes.front()].push_back(std::move(*compound));
      else by_tag_[compound->tag].push_back(std::move(*compound));
    }
  }

  Index by_id_, by_class_, by_tag_;
  std::size_t rules_ = 0;
};

// ---------------------------------------------------------------- elements

enum ElementRole : std::uint16_t {
  kBlock = 1 << 0,          // starts and ends a paragraph
  kBreak = 1 << 1,          // <br>: ends the line it is on
  kRow = 1 << 2,            // <tr>: one paragraph, its cells separated by spaces
  kCell = 1 << 3,           // <td>, <th>
  kLines = 1 << 4,          // whitespace kept: each line of it is a paragraph
  kHiddenContent = 1 << 5,  // never rendered as text: <script>, <template>, <noscript>
  kStyleSheet = 1 << 6,     // <style>: read as CSS, not as text
  kRawText = 1 << 7,        // libxml2 reads the content as raw text up to the end tag
};

std::uint16_t element_role(std::string_view name) {
  static const std::unordered_map<std::string_view, std::uint16_t> kRoles = [] {
    std::unordered_map<std::string_view, std::uint16_t> m;
    for (const char* block :
         {"html", "body", "head", "title", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
          "h5", "h6", "section", "article", "aside", "header", "footer", "nav", "main", "address", "blockquote",
          "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "form", "fieldset", "legend",
          "details", "summary", "dialog", "center", "hr", "select", "option", "optgroup", "menu", "dir"})
      m[block] = kBlock;
    m["br"] = kBreak;
    m["tr"] = kRow;
    m["td"] = m["th"] = kCell;
    m["pre"] = m["listing"] = m["xmp"] = m["plaintext"] = m["textarea"] = kBlock | kLines;
    m["script"] = kBlock | kLines | kHiddenContent | kRawText;
    m["noscript"] = m["template"] = kBlock | kHiddenContent;
    m["style"] = kStyleSheet | kRawText;
    return m;
  }();
  const auto found = kRoles.find(name);
  return found == kRoles.end() ? 0 : found->second;
}

// The attributes of one start tag that the reader looks at (views into
// libxml2's buffers, valid during the callback).
struct Attributes {
  bool hidden = false;
  std::string_view style, id, classes, type, value, alt, title, aria_label, placeholder, href, name, property,
      itemprop, content;

  explicit Attributes(const xmlChar** atts) {
    for (std::size_t i = 0; atts != nullptr && atts[i] != nullptr; i += 2) {
      const std::string_view key(reinterpret_cast<const char*>(atts[i]));
      if (std::string_view* slot = find(key))
        *slot = atts[i + 1] != nullptr ? reinterpret_cast<const char*>(atts[i + 1]) : "";
      if (key == "hidden") hidden = true;
    }
  }

 private:
  std::string_view* find(std::string_view key) {
    static constexpr std::array<std::pair<std::string_view, std::string_view Attributes::*>, 14> kSlots = {{
        {"style", &Attributes::style}, {"id", &Attributes::id}, {"class", &Attributes::classes},
        {"type", &Attributes::type}, {"value", &Attributes::value}, {"alt", &Attributes::alt},
        {"title", &Attributes::title}, {"aria-label", &Attributes::aria_label},
        {"placeholder", &Attributes::placeholder}, {"href", &Attributes::href}, {"name", &Attributes::name},
        {"property", &Attributes::property}, {"itemprop", &Attributes::itemprop},
        {"content", &Attributes::content},
    }};
    for (const auto& [name_of, member] : kSlots)
      if (key == name_of) return &(this->*member);
    return nullptr;
  }
};

// Named meta tags that only steer browsers and crawlers.
bool technical_meta(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "viewport", "robots", "googlebot", "referrer", "theme-color", "color-scheme", "format-detection"};
  const std::string lowered = lowercase(name);
  return std::find(kNames.begin(), kNames.end(), lowered) != kNames.end();
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return lower(c) >= 'a' && lower(c) <= 'f' ? lower(c) - 'a' + 10 : -1;
}

// "mailto:a.b@example.org?subject=x" -> "a.b@example.org" (percent-decoded);
// likewise tel:. "" for any other link.
std::string link_address(std::string_view href) {
  href = trim(href);
  std::size_t scheme = 0;
  if (starts_with_nocase(href, "mailto:")) scheme = 7;
  else if (starts_with_nocase(href, "tel:")) scheme = 4;
  else return "";
  href.remove_prefix(scheme);
  href = href.substr(0, std::min(href.find('?'), href.size())).substr(0, 256);
  std::string out;
  for (std::size_t i = 0; i < href.size(); ++i) {
    if (href[i] == '%' && i + 2 < href.size() && hex_digit(href[i + 1]) >= 0 && hex_digit(href[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(href[i + 1]) * 16 + hex_digit(href[i + 2]));
      i += 2;
    } else {
      out += href[i];
    }
  }
  return out;
}

// ---------------------------------------------------------------- the page

// What the SAX events make of the page. Modes that an element passes to all
// its descendants (hidden, style sheet, kept lines, raw text, a link) are held
// as the depth of the element that started them, so no per-element stack is
// kept; libxml2 pairs every start with an end.
class PageText {
 public:
  PageText(const PackageOptions& options, const BatchSink& sink)
      : writer_(options.batch_bytes, sink, options.container) {
    writer_.begin_part(std::nullopt);
  }

  void set_parser(htmlParserCtxtPtr ctxt) { ctxt_ = ctxt; }

  void start_element(std::string_view name, const xmlChar** atts) {
    ++depth_;
    ++events_;
    if (depth_ > kMaxNesting)
      return stop(fmt::format("elements nested deeper than {}: the rest of the page was not read", kMaxNesting));
    const std::uint16_t role = element_role(name);
    const Attributes a(atts);
    if (role & kRow) {
      end_paragraph();
      ++rows_open_;
    }
    if (role & (kBlock | kCell)) boundary();
    if (role & kBreak) line_break();
    if (hidden_from_ == 0 && ((role & kHiddenContent) || hides(name, a))) hidden_from_ = depth_;
    if ((role & kStyleSheet) && style_from_ == 0) style_from_ = depth_;
    if ((role & kLines) && lines_from_ == 0) lines_from_ = depth_;
    if (role & kRawText) {
      raw_from_ = depth_;
      raw_name_ = name;
    }
    read_attributes(name, a);
  }

  void end_element(std::string_view name) {
    ++events_;
    if (depth_ == 0) return;
    const std::uint16_t role = element_role(name);
    if (role & (kBlock | kCell)) boundary();
    if (role & kRow) {
      end_paragraph();
      if (rows_open_ > 0) --rows_open_;
    }
    if (style_from_ == depth_) {
      hidden_selectors_.add_stylesheet(css_);
      css_.clear();
      style_from_ = 0;
    }
    if (link_from_ == depth_) end_link();
    if (lines_from_ == depth_) lines_from_ = 0;
    if (hidden_from_ == depth_) hidden_from_ = 0;
    if (raw_from_ == depth_) {
      raw_from_ = 0;
      raw_name_.clear();
    }
    --depth_;
  }

  void characters(std::string_view text) {
    if (style_from_ != 0) {
      css_.append(text.substr(0, kMaxStyleBytes - std::min(css_.size(), kMaxStyleBytes)));
      return;
    }
    emit(text, shown_as(Visibility::visible), lines_from_ != 0);
    if (link_from_ != 0 && link_text_.size() < kMaxLinkText) link_text_.append(text.substr(0, kMaxLinkText));
  }

  // A browser never shows a comment; each line of one is a line of its own.
  void comment(std::string_view text) {
    gap_ = true;
    emit(text, Visibility::hidden_text, true);
    gap_ = true;
  }

  void finish() { writer_.flush(); }

  // For the feed: what libxml2 has done so far.
  std::uint32_t depth() const { return depth_; }
  std::uint64_t events() const { return events_; }
  // The element whose raw text libxml2 is reading ("script", "style"), or "".
  std::string_view raw_text_element() const { return raw_name_; }
  std::size_t paragraphs() const { return writer_.paragraphs(); }
  const std::optional<std::string>& stopped_because() const { return stop_reason_; }

  // Callbacks run inside libxml2 (C): an exception is kept and rethrown by
  // the feed once libxml2 has returned.
  template <typename F>
  void guarded(F&& f) noexcept {
    if (failure_) return;
    try {
      f();
    } catch (...) {
      failure_ = std::current_exception();
      xmlStopParser(ctxt_);
    }
  }
  void rethrow_failure() const {
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  bool hides(std::string_view name, const Attributes& a) const {
    if (a.hidden || (!a.style.empty() && declares_hidden(a.style))) return true;
    return !hidden_selectors_.empty() && hidden_selectors_.hides(name, a.id, a.classes);
  }

  Visibility shown_as(Visibility v) const { return hidden_from_ != 0 ? Visibility::hidden_text : v; }

  void read_attributes(std::string_view name, const Attributes& a) {
    if (name == "meta") return read_meta(a);
    if (name == "input") read_input(a);
    if (name == "a" && link_from_ == 0) {
      link_target_ = link_address(a.href);
      if (!link_target_.empty()) {
        link_from_ = depth_;
        link_text_.clear();
      }
    }
    for (const std::string_view text : {a.alt, a.title, a.aria_label}) piece(text, Visibility::hidden_text);
    piece(a.placeholder, shown_as(Visibility::visible));
  }

  void read_meta(const Attributes& a) {
    const std::string_view label = !a.name.empty() ? a.name : !a.property.empty() ? a.property : a.itemprop;
    if (label.empty() || a.content.empty() || technical_meta(label)) return;
    end_paragraph();
    emit(a.content, Visibility::metadata, false);
    end_paragraph();
  }

  // A hidden field, a password, and the values of check boxes and radio
  // buttons are not shown on the page; every other field shows its value.
  void read_input(const Attributes& a) {
    const std::string type = lowercase(a.type);
    const bool unseen = type == "hidden" || type == "password" || type == "checkbox" || type == "radio";
    piece(a.value, unseen ? Visibility::hidden_text : shown_as(Visibility::visible));
  }

  // The address of a mailto:/tel: link is on the page as its target; it is
  // added unless the link text already shows it.
  void end_link() {
    link_from_ = 0;
    if (lowercase(link_text_).find(lowercase(link_target_)) == std::string::npos)
      piece(link_target_, shown_as(Visibility::visible));
  }

  // Text of an attribute, as a word of its own in the current paragraph.
  void piece(std::string_view text, Visibility visibility) {
    if (text.empty()) return;
    gap_ = true;
    emit(text, shown_as(visibility), false);
    gap_ = true;
  }

  // Appends text with HTML's white space rules: runs of blanks (and no-break
  // spaces) become one space; with `lines`, a line break ends the line.
  // Words are copied whole, not a byte at a time (2% of a page's scan).
  void emit(std::string_view text, Visibility visibility, bool lines) {
    std::size_t i = 0;
    while (i < text.size()) {
      const char c = text[i];
      if (lines && c == '\n') {
        flush_run(visibility);
        line_break();
        ++i;
      } else if (is_space(c) || c == '\0') {
        gap_ = true;
        ++i;
      } else if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
        gap_ = true;
        i += 2;
      } else {
        std::size_t end = i + 1;
        while (end < text.size() && !may_end_word(text[end])) ++end;
        if (gap_ && (has_text_ || !run_.empty())) run_ += ' ';
        gap_ = false;
        run_.append(text, i, end - i);
        i = end;
      }
    }
    flush_run(visibility);
  }

  // A blank, or the first byte of a no-break space.
  static bool may_end_word(char c) { return is_space(c) || c == '\0' || c == '\xC2'; }

  void flush_run(Visibility visibility) {
    if (run_.empty()) return;
    writer_.run(run_, visibility);
    run_.clear();
    has_text_ = true;
  }

  // Inside a table row a block or a line break only separates cells: the
  // row stays one paragraph, so a name and a pay number in it form a record.
  void boundary() {
    if (rows_open_ > 0) gap_ = true;
    else end_paragraph();
  }
  void line_break() { boundary(); }

  void end_paragraph() {
    if (has_text_) writer_.end_paragraph();
    has_text_ = false;
    gap_ = false;
  }

  void stop(std::string reason) {
    if (!stop_reason_) stop_reason_ = std::move(reason);
    xmlStopParser(ctxt_);
  }

  DocumentWriter writer_;
  htmlParserCtxtPtr ctxt_ = nullptr;
  HiddenSelectors hidden_selectors_;
  std::string css_;
  std::string run_;          // text of the current callback, being normalised
  bool has_text_ = false;    // the paragraph being built holds text
  bool gap_ = false;         // a space is due before the next text
  std::uint32_t depth_ = 0;
  std::uint32_t rows_open_ = 0;
  std::uint32_t hidden_from_ = 0, style_from_ = 0, lines_from_ = 0, raw_from_ = 0, link_from_ = 0;
  std::string raw_name_;
  std::string link_target_, link_text_;
  std::uint64_t events_ = 0;
  std::optional<std::string> stop_reason_;
  std::exception_ptr failure_;
};

PageText& page_of(void* ctx) { return *static_cast<PageText*>(ctx); }
std::string_view text_of(const xmlChar* s, int len) {
  return {reinterpret_cast<const char*>(s), static_cast<std::size_t>(std::max(len, 0))};
}
std::string_view text_of(const xmlChar* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

htmlSAXHandler make_sax_handler() {
  htmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.startElement = [](void* ctx, const xmlChar* name, const xmlChar** atts) {
    page_of(ctx).guarded([&] { page_of(ctx).start_element(text_of(name), atts); });
  };
  sax.endElement = [](void* ctx, const xmlChar* name) {
    page_of(ctx).guarded([&] { page_of(ctx).end_element(text_of(name)); });
  };
  // Script and style content comes as CDATA blocks; blanks libxml2 deems
  // ignorable still separate words.
  sax.characters = sax.cdataBlock = sax.ignorableWhitespace = [](void* ctx, const xmlChar* s, int len) {
    page_of(ctx).guarded([&] { page_of(ctx).characters(text_of(s, len)); });
  };
  sax.comment = [](void* ctx, const xmlChar* value) {
    page_of(ctx).guarded([&] { page_of(ctx).comment(text_of(value)); });
  };
  // Structured errors go nowhere (HTML_PARSE_NOERROR silences the others).
  sax.initialized = XML_SAX2_MAGIC;
  sax.serror = [](void*, xmlErrorPtr) {};
  return sax;
}

// ---------------------------------------------------------------- the feed

// Hands the page to libxml2 piece by piece: text up to each '<', then each
// tag whole, so that after every tag the SAX state says what libxml2 did with
// it. That lets the feed keep libxml2's costs bounded:
//  - a start tag with more than kMaxAttributes attributes loses the rest
//    (libxml2 compares each attribute with all earlier ones);
//  - the middle of a markup-free run longer than kMaxTextRun, and of an
//    attribute value longer than kMaxAttributeValue, is not read (libxml2
//    buffers such a run whole);
//  - a tag that yields no element event (a stray end tag, a second <body>)
//    may have cost libxml2 a search of its whole element stack: past
//    kMaxWastedScans searched entries the rest of the page is not read.
class MarkupFeed {
 public:
  MarkupFeed(htmlParserCtxtPtr ctxt, PageText& page, std::string_view text)
      : ctxt_(ctxt), page_(page), text_(text) {}

  void run(ReadStats& stats) {
    std::size_t pos = 0;
    while (pos < text_.size() && !stopped()) {
      const std::size_t lt = std::min(text_.find('<', pos), text_.size());
      push_text(pos, lt, kMaxTextRun);
      pos = lt < text_.size() ? markup(lt) : lt;
    }
    if (pos < text_.size() && !stop_reason_ && !page_.stopped_because())
      stop_reason_ = fmt::format("the HTML parser gave up near byte {}: the rest of the page was not read", pos);
    flush();
    htmlParseChunk(ctxt_, nullptr, 0, 1);
    page_.rethrow_failure();
    report(stats);
  }

 private:
  bool stopped() const { return stop_reason_.has_value() || ctxt_->instate == XML_PARSER_EOF; }

  char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  // Feeds the construct that starts at '<' and returns where the next begins.
  std::size_t markup(std::size_t lt) {
    const std::string_view raw = page_.raw_text_element();
    if (!raw.empty()) {
      // In <script>/<style> only their own end tag is markup.
      const bool closes = at(lt + 1) == '/' && starts_with_nocase(text_.substr(lt + 2), raw);
      return closes ? end_tag(lt) : literal(lt);
    }
    if (at(lt + 1) == '/' && is_ascii_letter(at(lt + 2))) return end_tag(lt);
    if (is_ascii_letter(at(lt + 1))) return start_tag(lt);
    if (text_.substr(lt, 4) == "<!--") return comment(lt);
    return literal(lt);
  }

  std::size_t literal(std::size_t lt) {
    push(lt, lt + 1);
    return lt + 1;
  }

  // libxml2 skips an end tag's remains up to the next '>', quotes or not.
  // After </html> it stops reading at anything but a comment, where browsers
  // show what follows as part of the body: </body> and </html> are not passed
  // on, and the page's elements close at its end.
  std::size_t end_tag(std::size_t lt) {
    const std::size_t end = std::min(text_.find('>', lt), text_.size() - 1) + 1;
    std::size_t name_end = lt + 2;
    while (name_end < text_.size() && is_name_char(text_[name_end])) ++name_end;
    const std::string name = lowercase(text_.substr(lt + 2, std::min<std::size_t>(name_end - lt - 2, 8)));
    if (name == "html" || name == "body") return end;
    fed_tag([&] { push(lt, end); });
    return end;
  }

  // libxml2 ends a comment at "-->" or "--!>" after the opening "<!--".
  std::size_t comment(std::size_t lt) {
    std::size_t end = text_.size();
    for (std::size_t dashes = text_.find("--", lt + 4); dashes != std::string_view::npos;
         dashes = text_.find("--", dashes + 1)) {
      if (at(dashes + 2) == '>') { end = dashes + 3; break; }
      if (at(dashes + 2) == '!' && at(dashes + 3) == '>') { end = dashes + 4; break; }
    }
    push_text(lt, end, kMaxTextRun);
    return end;
  }

  // Lexes a start tag as libxml2 does (name, then attributes: a name, and
  // after '=' a quoted or unquoted value; anything else is skipped up to a
  // blank) to find where it ends and what to leave out.
  std::size_t start_tag(std::size_t lt) {
    std::vector<std::pair<std::size_t, std::size_t>> dropped;  // [from, to) ranges left out
    std::size_t i = lt + 1, attributes = 0, overflow = std::string_view::npos;
    while (i < text_.size() && is_name_char(text_[i])) ++i;
    const auto skip_blanks = [&] { while (i < text_.size() && is_space(text_[i])) ++i; };
    std::size_t close = text_.size();  // where '>' or "/>" ends the tag
    while (true) {
      skip_blanks();
      if (i >= text_.size()) break;
      if (text_[i] == '>' || (text_[i] == '/' && at(i + 1) == '>')) {
        close = i;
        break;
      }
      if (++attributes > kMaxAttributes && overflow == std::string_view::npos) overflow = i;
      if (!is_name_start(text_[i])) {
        while (i < text_.size() && !is_space(text_[i]) && text_[i] != '>' && !(text_[i] == '/' && at(i + 1) == '>'))
          ++i;
        continue;
      }
      while (i < text_.size() && is_name_char(text_[i])) ++i;
      skip_blanks();
      if (at(i) != '=') continue;
      ++i;
      skip_blanks();
      if (at(i) == '"' || at(i) == '\'') {
        const std::size_t value = i + 1;
        i = std::min(text_.find(text_[i], value), text_.size());
        if (overflow == std::string_view::npos && i - value > kMaxAttributeValue) {
          const auto [from, to] = middle(value, i, kMaxAttributeValue);
          dropped.emplace_back(from, to);
          if (!text_.substr(value).starts_with("data:")) dropped_text_ += to - from;
        }
        if (i < text_.size()) ++i;
      } else {
        while (i < text_.size() && !is_space(text_[i]) && text_[i] != '>') ++i;
      }
    }
    if (overflow != std::string_view::npos) {
      dropped.emplace_back(overflow, close);
      ++crowded_tags_;
    }
    const std::size_t end = close == text_.size() ? close : close + (text_[close] == '>' ? 1 : 2);
    fed_tag([&] {
      std::size_t from = lt;
      for (const auto& [drop_from, drop_to] : dropped) {
        push(from, drop_from);
        from = drop_to;
      }
      push(from, end);
    });
    return end;
  }

  // Runs `feed` for one tag and charges the stack search it may have cost.
  template <typename F>
  void fed_tag(F&& feed) {
    const std::uint64_t before = page_.events();
    feed();
    flush();
    if (page_.events() != before) return;
    wasted_ += page_.depth() + 1u;
    if (wasted_ > kMaxWastedScans && !stop_reason_)
      stop_reason_ =
          "markup too broken to read in bounded time (stray or repeated tags): the rest of the page was not read";
  }

  // The bytes [from, to) without the middle of whatever part is longer than `limit`.
  void push_text(std::size_t from, std::size_t to, std::size_t limit) {
    if (to - from <= limit) return push(from, to);
    const auto [cut_from, cut_to] = middle(from, to, limit);
    push(from, cut_from);
    push(cut_to, to);
    dropped_text_ += cut_to - cut_from;
  }

  // The middle of [from, to) beyond `keep` bytes, cut at character boundaries.
  std::pair<std::size_t, std::size_t> middle(std::size_t from, std::size_t to, std::size_t keep) const {
    return {detail::utf8_boundary(text_, from + keep / 2, from), detail::utf8_boundary(text_, to - keep / 2, from)};
  }

  // Queues [from, to) to be fed; contiguous ranges go to libxml2 in one call.
  void push(std::size_t from, std::size_t to) {
    if (from >= to) return;
    if (queued_to_ != from) flush();
    if (queued_from_ == queued_to_) queued_from_ = from;
    queued_to_ = to;
    if (queued_to_ - queued_from_ >= kPushBytes) flush();
  }

  void flush() {
    std::size_t from = queued_from_;
    const std::size_t to = queued_to_;
    queued_from_ = queued_to_ = 0;
    while (from < to && !stopped()) {
      std::size_t end = std::min(to, from + kPushBytes);
      const std::size_t nul = text_.substr(from, end - from).find('\0');
      if (nul != std::string_view::npos) end = from + nul;
      if (end > from) htmlParseChunk(ctxt_, text_.data() + from, static_cast<int>(end - from), 0);
      if (end < to && text_[end] == '\0') {
        htmlParseChunk(ctxt_, " ", 1, 0);  // libxml2 reads NUL as the end of its input
        ++end;
      }
      page_.rethrow_failure();
      from = end;
    }
  }

  void report(ReadStats& stats) const {
    const std::optional<std::string>& nesting = page_.stopped_because();
    if (nesting) stats.not_checked.push_back({"", *nesting});
    if (stop_reason_) stats.not_checked.push_back({"", *stop_reason_});
    if (dropped_text_ > 0)
      stats.not_checked.push_back(
          {"", fmt::format("{} bytes in the middle of runs of text or attribute values longer than {} MiB "
                           "were not read",
                           dropped_text_, kMaxTextRun >> 20)});
    if (crowded_tags_ > 0)
      stats.warnings.push_back(fmt::format(
          "{} tag(s) with more than {} attributes: the rest of their attributes were not read", crowded_tags_,
          kMaxAttributes));
  }

  htmlParserCtxtPtr ctxt_;
  PageText& page_;
  std::string_view text_;
  std::uint64_t wasted_ = 0;
  std::size_t dropped_text_ = 0;
  std::size_t crowded_tags_ = 0;
  std::size_t queued_from_ = 0, queued_to_ = 0;  // bytes pushed but not yet fed
  std::optional<std::string> stop_reason_;
};

// libxml2's thread-safety notes: call xmlInitParser() once before any other
// use; afterwards each thread may parse with its own context.
void init_libxml2_once() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

}  // namespace

ReadStats read_html(std::string_view bytes, const PackageOptions& options, const BatchSink& sink) {
  init_libxml2_once();
  ReadStats stats;
  stats.format = "html";
  std::string storage;
  const std::string_view text = page_as_utf8(bytes, storage, stats);

  PageText page(options, sink);
  htmlSAXHandler sax = make_sax_handler();
  // UTF-8 already: the page's own <meta charset> must not switch encodings.
  const std::unique_ptr<htmlParserCtxt, void (*)(htmlParserCtxtPtr)> ctxt(
      htmlCreatePushParserCtxt(&sax, &page, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8), htmlFreeParserCtxt);
  if (!ctxt) throw FormatError("HTML: the parser could not be created (out of memory?)");
  htmlCtxtUseOptions(ctxt.get(), HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC);
  page.set_parser(ctxt.get());

  MarkupFeed(ctxt.get(), page, text).run(stats);
  page.finish();
  stats.lines = page.paragraphs();
  return stats;
}

}  // namespace foiguard::formats
