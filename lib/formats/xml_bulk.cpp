#include "formats/xml_bulk.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cstring>
#include <vector>

#include "formats/formats.hpp"

namespace foiguard::formats {
namespace {

// Bytes kept back while looking for the parent's start tag, so that a tag cut
// by a chunk boundary is still found: room for the name and a long prefix.
constexpr std::size_t kTagLookBehind = 128;

// pugixml as close to expat's view as it gets: entities and character
// references decoded, CDATA kept as text, line ends and attribute whitespace
// normalised, and a lone whitespace run kept (<t xml:space="preserve"> </t>
// separates two words of rich text). Comments and processing instructions are
// dropped, as the handlers never see them from expat either.
constexpr unsigned kParseOptions = pugi::parse_escapes | pugi::parse_cdata | pugi::parse_eol |
                                   pugi::parse_wconv_attribute | pugi::parse_ws_pcdata_single |
                                   pugi::parse_fragment;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// std::string::find stops at every '<' of the run to compare the rest of the
// needle (a sheet has millions of them); memmem skips through the bytes.
std::size_t find_bytes(std::string_view haystack, std::string_view needle, std::size_t from) {
  if (from > haystack.size()) return std::string_view::npos;
  const void* at = ::memmem(haystack.data() + from, haystack.size() - from, needle.data(), needle.size());
  return at ? static_cast<std::size_t>(static_cast<const char*>(at) - haystack.data()) : std::string_view::npos;
}


// Where the start tag `<name` or `<prefix:name` begins, or npos. `qname`
// receives the name as written.
std::size_t find_start_tag(std::string_view text, std::string_view name, std::string& qname) {
  for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const std::size_t after = at + name.size();
    if (after >= text.size()) return std::string_view::npos;  // cannot tell yet
    if (!is_space(text[after]) && text[after] != '>' && text[after] != '/') continue;
    std::size_t lt = at;
    if (lt > 0 && text[lt - 1] == ':') {
      --lt;
      while (lt > 0 && is_name_char(text[lt - 1])) --lt;
      if (lt == at - 1) continue;  // ":name" with no prefix
    }
    if (lt == 0 || text[lt - 1] != '<') continue;
    qname.assign(text.substr(lt, after - lt));
    return lt - 1;
  }
  return std::string_view::npos;
}

// The '>' closing the start tag that begins at `from`, skipping quoted
// attribute values; npos while it has not arrived.
std::size_t find_tag_end(std::string_view text, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

class Replay {
 public:
  Replay(XmlHandler& handler, std::size_t depth, std::size_t max_depth)
      : handler_(handler), depth_(depth), max_depth_(max_depth) {}

  // Walks the run's top-level nodes and everything under them, in document
  // order, without recursion: a hostile run cannot exhaust the stack.
  bool run(pugi::xml_node first) {
    pugi::xml_node node = first;
    std::size_t depth = 0;  // below the parent
    while (node) {
      const pugi::xml_node_type type = node.type();
      if (!enter(node, type, depth)) return false;
      if (type == pugi::node_element) {
        if (pugi::xml_node child = node.first_child()) {
          node = child;
          ++depth;
          continue;
        }
      }
      // Leave this node and every ancestor with no next sibling.
      bool element = type == pugi::node_element;
      while (true) {
        if (element) handler_.end(xml_local_name(node.name()));
        element = true;  // every ancestor is an element
        if (pugi::xml_node next = node.next_sibling()) {
          node = next;
          break;
        }
        if (depth == 0) return true;
        node = node.parent();
        --depth;
      }
    }
    return true;
  }

 private:
  bool enter(pugi::xml_node node, pugi::xml_node_type type, std::size_t depth) {
    switch (type) {
      case pugi::node_element:
        if (depth_ + depth + 1 > max_depth_) return false;
        attributes_.clear();
        for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
          attributes_.push_back(a.name());
          attributes_.push_back(a.value());
        }
        attributes_.push_back(nullptr);
        handler_.start(xml_local_name(node.name()), XmlAttributes(attributes_.data()));
        return true;
      case pugi::node_pcdata:
      case pugi::node_cdata:
        handler_.text(node.value());
        return true;
      default:
        return true;
    }
  }

  XmlHandler& handler_;
  std::size_t depth_;      // depth of the parent
  std::size_t max_depth_;
  std::vector<const char*> attributes_;
};

}  // namespace

XmlBulkChildren::XmlBulkChildren(std::string_view parent, std::string_view child, XmlHandler& handler,
                                 std::function<void(std::string_view)> to_expat,
                                 const std::size_t& outer_depth, std::string part, std::size_t max_depth,
                                 XmlBulkLimits limits)
    : parent_(parent),
      child_(child),
      handler_(handler),
      to_expat_(std::move(to_expat)),
      part_(std::move(part)),
      outer_depth_(outer_depth),
      max_depth_(max_depth),
      limits_(limits) {}

void XmlBulkChildren::refuse(std::string_view why) const {
  throw FormatError(fmt::format("'{}' refused: {}", part_, why));
}

void XmlBulkChildren::feed(std::string_view chunk) {
  if (phase_ == Phase::after) {
    to_expat_(chunk);
    return;
  }
  pending_.append(chunk);
  if (phase_ == Phase::before) find_parent_start();
  if (phase_ == Phase::inside) take_runs();
  if (phase_ == Phase::after && !pending_.empty()) {
    to_expat_(pending_);
    pending_.clear();
  }
}

void XmlBulkChildren::find_parent_start() {
  const std::size_t lt = find_start_tag(pending_, parent_, parent_name_);
  if (lt == std::string::npos) {
    // Hand expat all but a tail that may hold the start of the tag.
    if (pending_.size() > kTagLookBehind) {
      const std::size_t keep = pending_.size() - kTagLookBehind;
      to_expat_(std::string_view(pending_).substr(0, keep));
      pending_.erase(0, keep);
    }
    return;
  }
  const std::size_t gt = find_tag_end(pending_, lt + 1 + parent_name_.size());
  if (gt == std::string::npos) {
    to_expat_(std::string_view(pending_).substr(0, lt));
    pending_.erase(0, lt);
    return;  // the rest of the tag is still to come
  }
  // expat reads the parent's own tags (namespaces, attributes, depth), only
  // not what lies between them.
  const bool empty = pending_[gt - 1] == '/';
  to_expat_(std::string_view(pending_).substr(0, gt + 1));
  pending_.erase(0, gt + 1);
  if (empty) {
    phase_ = Phase::after;
    return;
  }
  depth_ = outer_depth_;
  const std::size_t colon = parent_name_.rfind(':');
  const std::string prefix = colon == std::string::npos ? "" : parent_name_.substr(0, colon + 1);
  close_parent_ = "</" + parent_name_;
  close_child_ = "</" + prefix + child_ + ">";
  searched_ = 0;
  failed_cut_ = 0;
  phase_ = Phase::inside;
}

void XmlBulkChildren::take_runs() {
  const std::size_t cut = pending_.rfind(close_child_);
  const std::size_t end = cut == std::string::npos ? 0 : cut + close_child_.size();
  // The parent's end tag follows its last child, so only the bytes after the
  // last </child> are searched (not the whole sheet again). One before it
  // (not well-formed) makes the run fail to parse whole and reach expat.
  const std::size_t searched = searched_ > close_parent_.size() ? searched_ - close_parent_.size() : 0;
  const std::size_t close = find_bytes(pending_, close_parent_, std::max(searched, end));
  if (close != std::string::npos) {
    parse_run(close);  // the end tag stays in pending_, for expat
    phase_ = Phase::after;
    return;
  }
  searched_ = pending_.size();
  if (end > failed_cut_ && end <= limits_.max_run_bytes) {
    if (try_run(end) == nullptr) {
      failed_cut_ = 0;
      searched_ = pending_.size();
      return;
    }
    // The child also occurs inside other elements (a paragraph in a table
    // cell) and the cut fell inside one: wait for more bytes.
    failed_cut_ = end;
  }
  if (failed_cut_ == 0) {
    check_run_size(pending_.size());
  } else if (pending_.size() > limits_.max_run_bytes) {
    // One nesting element larger than a run: expat reads the rest of the part.
    to_expat_(pending_);
    pending_.clear();
    phase_ = Phase::after;
  }
}

const char* XmlBulkChildren::try_run(std::size_t length) {
  check_run_size(length);
  // Both parse in place, so they work on a copy while the cut may be wrong.
  run_copy_.assign(pending_, 0, length);
  if (limits_.plain_runs) {
    const std::size_t room = max_depth_ > depth_ ? max_depth_ - depth_ : 0;
    if (plain_.parse(run_copy_.data(), length, room)) {
      plain_.replay(handler_);
      pending_.erase(0, length);
      return nullptr;
    }
    run_copy_.assign(pending_, 0, length);  // PlainRun wrote into it
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer_inplace(run_copy_.data(), length, kParseOptions, pugi::encoding_utf8);
  if (!parsed) return parsed.description();
  replay(doc);
  pending_.erase(0, length);
  return nullptr;
}

void XmlBulkChildren::replay(const pugi::xml_document& doc) {
  Replay replay(handler_, depth_, max_depth_);
  if (!replay.run(doc.first_child())) refuse(fmt::format("nesting deeper than {} elements", max_depth_));
}

void XmlBulkChildren::check_run_size(std::size_t bytes) const {
  if (bytes > limits_.max_run_bytes)
    refuse(fmt::format("a <{}> element over {} MiB", child_, limits_.max_run_bytes >> 20));
}

// The last run before the parent's end tag: it must be whole.
void XmlBulkChildren::parse_run(std::size_t length) {
  if (length == 0) return;
  if (const char* why = try_run(length))
    throw FormatError(fmt::format("'{}' is not well-formed XML: {} inside <{}>", part_, why, parent_name_));
}

void XmlBulkChildren::finish() {
  // A part cut off inside the parent: expat reads what is left, so that the
  // children before the cut are still seen, and then reports the truncation.
  if (!pending_.empty()) to_expat_(pending_);
  pending_.clear();
  phase_ = Phase::after;
}

}  // namespace foiguard::formats
