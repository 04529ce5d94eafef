// XmlStream: a streaming XML tokenizer over expat for package parts.
//
// Element and attribute names are reported by local name (the prefix is
// dropped: producers disagree on prefixes, never on local names). Hostile
// input is refused, not expanded: any DOCTYPE (no OOXML or ODF part has one,
// and entity bombs need one), nesting deeper than `max_depth`. expat's own
// amplification limits stay on as a second line.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace foiguard::formats {

// "x:row" -> "row". Inline and in one pass: it runs for every tag and every
// attribute of a sheet, and the names are a few bytes long.
inline std::string_view xml_local_name(const char* name) {
  const char* local = name;
  const char* p = name;
  for (; *p; ++p)
    if (*p == ':') local = p + 1;
  return std::string_view(local, static_cast<std::size_t>(p - local));
}

// Name equality that settles most mismatches on the first byte: sheets test
// millions of one-letter names ("c", "v", "r", "s", "t") against each other,
// where a call to memcmp costs more than the comparison.
inline bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || (a[0] == b[0] && a == b));
}

// Attributes of one start tag, looked up by local name.
class XmlAttributes {
 public:
  explicit XmlAttributes(const char* const* pairs) : pairs_(pairs) {}
  // The value of the attribute whose local name is `local`, or "" when absent.
  std::string_view get(std::string_view local) const;
  // The same for a prefixed attribute only: <p:sldId id="256" r:id="rId2">
  // has two attributes of local name "id"; this one is r:id.
  std::string_view get_prefixed(std::string_view local) const;
  bool has(std::string_view local) const;
  // Calls f(name as written, value) for every attribute, in document order.
  template <class F>
  void each(F f) const {
    for (const char* const* p = pairs_; p && *p; p += 2) f(std::string_view(p[0]), std::string_view(p[1]));
  }

 private:
  const char* const* pairs_;
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XmlAttributes& attributes) = 0;
  virtual void end(std::string_view name) = 0;
  // Character data, possibly in several pieces for one text node.
  virtual void text(std::string_view piece) = 0;
};

class XmlBulkChildren;

// A long list of small elements inside a part: <sheetData> and its <row>s.
struct XmlList {
  std::string_view parent, child;
};

class XmlStream {
 public:
  XmlStream(XmlHandler& handler, std::string part_name, std::size_t max_depth = 512);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  // Sends the <child> elements under <parent> (sheetData/row) through the
  // fast lane of xml_bulk.hpp: same events, a fraction of the cost. Call
  // before the first feed().
  void bulk_children(XmlList list);

  // Feeds the next chunk; throws FormatError on malformed or hostile XML.
  // Exceptions thrown by the handler stop the parse and propagate.
  void feed(std::string_view chunk);
  // Ends the document (throws FormatError when it is truncated).
  void finish();

  std::size_t depth() const { return depth_; }

 private:
  static void on_start(void* self, const char* name, const char** attributes);
  static void on_end(void* self, const char* name);
  static void on_text(void* self, const char* text, int length);
  static void on_doctype(void* self, const char*, const char*, const char*, int);
  void check(int status);
  void feed_expat(std::string_view chunk);

  struct Parser;
  Parser* parser_;
  XmlHandler& handler_;
  std::string part_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  std::string refused_;  // why the parse was stopped from inside a callback
  std::unique_ptr<XmlBulkChildren> bulk_;
};

}  // namespace foiguard::formats
