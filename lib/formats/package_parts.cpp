#include "formats/package_parts.hpp"

#include <fmt/format.h>

#include <functional>

namespace foiguard::formats {
namespace {

// Relationship and property parts are small; anything larger is hostile.
constexpr std::uint64_t kSmallPartLimit = 64u << 20;

std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

std::string rels_part_of(std::string_view part) {
  const auto slash = part.rfind('/');
  if (slash == std::string_view::npos) return fmt::format("_rels/{}.rels", part);
  return fmt::format("{}/_rels/{}.rels", part.substr(0, slash), part.substr(slash + 1));
}

class RelationshipsHandler : public XmlHandler {
 public:
  RelationshipsHandler(std::string_view source, std::vector<Relationship>& out) : source_(source), out_(out) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    if (name != "Relationship") return;
    Relationship r;
    r.id = a.get("Id");
    const std::string_view type = a.get("Type");
    const auto slash = type.rfind('/');
    r.type = slash == std::string_view::npos ? type : type.substr(slash + 1);
    r.external = a.get("TargetMode") == "External";
    r.target = r.external ? std::string(a.get("Target")) : resolve_target(source_, a.get("Target"));
    out_.push_back(std::move(r));
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}

 private:
  std::string_view source_;
  std::vector<Relationship>& out_;
};

// Collects each element's text and hands (element, text) to a callback at
// its end tag; for flat property parts and text-bearing XML.
template <typename OnText>
class TextNodeHandler : public XmlHandler {
 public:
  explicit TextNodeHandler(OnText on_text) : on_text_(std::move(on_text)) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    flush();
    element_ = name;
    attributes_(name, a);
  }
  void end(std::string_view) override { flush(); }
  void text(std::string_view piece) override {
    if (text_.size() < kMaxText) text_.append(piece);
  }
  std::function<void(std::string_view, const XmlAttributes&)> attributes_ = [](auto, auto&) {};

 private:
  static constexpr std::size_t kMaxText = 1u << 20;
  void flush() {
    const std::string_view t = trim(text_);
    if (!t.empty()) on_text_(std::string_view(element_), t);
    text_.clear();
  }
  OnText on_text_;
  std::string element_;
  std::string text_;
};

}  // namespace

void parse_part(ZipArchive& zip, const ZipArchive::Entry& part, XmlHandler& handler, XmlList bulk) {
  XmlStream xml(handler, part.name);
  if (!bulk.parent.empty()) xml.bulk_children(bulk);
  zip.read(part, [&](std::string_view chunk) { xml.feed(chunk); });
  xml.finish();
}

std::vector<Relationship> read_relationships(ZipArchive& zip, std::string_view part) {
  std::vector<Relationship> out;
  const auto* rels = zip.find(rels_part_of(part));
  if (!rels) return out;
  if (rels->size > kSmallPartLimit)
    throw FormatError(fmt::format("'{}' is {} bytes: too large for a relationships part", rels->name, rels->size));
  RelationshipsHandler handler(part, out);
  parse_part(zip, *rels, handler);
  return out;
}

const Relationship* find_relationship(const std::vector<Relationship>& rels, std::string_view id) {
  for (const auto& r : rels)
    if (r.id == id) return &r;
  return nullptr;
}

void read_text_nodes(ZipArchive& zip, const ZipArchive::Entry& part, SheetWriter& out,
                     Visibility visibility, bool (*keep)(std::string_view element)) {
  out.begin_scope(part.name, std::nullopt, false);
  auto emit = [&](std::string_view element, std::string_view text) {
    if (!keep || keep(element)) out.note(text, visibility, element);
  };
  TextNodeHandler<decltype(emit)> handler(emit);
  parse_part(zip, part, handler);
}

void for_each_text_node(std::string_view xml, std::string part_name, const TextNodeSink& emit) {
  auto forward = [&](std::string_view element, std::string_view text) { emit(element, text); };
  TextNodeHandler<decltype(forward)> handler(forward);
  XmlStream stream(handler, std::move(part_name));
  stream.feed(xml);
  stream.finish();
}

std::string_view property_label(std::string_view element) {
  if (element == "title") return "document title";
  if (element == "subject") return "document subject";
  if (element == "description") return "document description";
  if (element == "keywords") return "document keywords";
  if (element == "category") return "document category";
  return element;
}

void read_document_properties(ZipArchive& zip, SheetWriter& out, ReadStats& stats) {
  for (const char* name : {"docProps/core.xml", "docProps/app.xml"}) {
    const auto* part = zip.find(name);
    if (!part) continue;
    read_part_or_note(name, stats, [&] {
      out.begin_scope(part->name, std::nullopt, false);
      auto emit = [&](std::string_view element, std::string_view text) {
        out.note(text, Visibility::metadata, property_label(element));
      };
      TextNodeHandler<decltype(emit)> handler(emit);
      parse_part(zip, *part, handler);
    });
  }
  // custom.xml: <property name="Reviewer"><vt:lpwstr>value</vt:lpwstr></property>;
  // the label is the property's name, not the value's type element.
  const auto* custom = zip.find("docProps/custom.xml");
  if (!custom) return;
  read_part_or_note(custom->name, stats, [&] {
    out.begin_scope(custom->name, std::nullopt, false);
    std::string property;
    auto emit = [&](std::string_view, std::string_view text) {
      out.note(text, Visibility::metadata, property.empty() ? std::string_view("property") : property);
    };
    TextNodeHandler<decltype(emit)> handler(emit);
    handler.attributes_ = [&](std::string_view element, const XmlAttributes& a) {
      if (element == "property") property = a.get("name");
    };
    parse_part(zip, *custom, handler);
  });
}

}  // namespace foiguard::formats
