// word/styles.xml: which paragraph and character styles hide their text.
// A run is hidden by its own w:vanish, or else by its character style, or
// else by its paragraph style, each along its basedOn chain: a letter can
// look clean while a "Hidden note" style keeps a paragraph off the page.
#include "formats/docx_internal.hpp"

namespace foiguard::formats::docx {
namespace {

// Limits for a hostile styles part: real ones hold a few hundred styles
// with short ids and chains a few steps long.
constexpr std::size_t kMaxStyles = 1u << 16;
constexpr std::size_t kMaxStyleId = 256;
constexpr int kMaxChain = 64;

struct StyleEntry {
  std::string based_on;
  Toggle hidden = Toggle::unset;
};

bool hides_text(std::string_view property) {
  return property == "vanish" || property == "specVanish" || property == "webHidden";
}

std::string capped_id(std::string_view id) { return std::string(id.substr(0, kMaxStyleId)); }

class StylesHandler : public XmlHandler {
 public:
  std::unordered_map<std::string, StyleEntry> styles;
  std::string default_paragraph;
  Toggle defaults = Toggle::unset;

  void start(std::string_view name, const XmlAttributes& a) override {
    ++depth_;
    if (name == "style") {
      style_depth_ = depth_;
      current_ = styles.size() < kMaxStyles ? capped_id(a.get("styleId")) : std::string();
      entry_ = StyleEntry{};
      const std::string_view is_default = a.get("default");
      if (a.get("type") == "paragraph" && (is_default == "1" || is_default == "true" || is_default == "on"))
        default_paragraph = current_;
    } else if (name == "rPrDefault") {
      defaults_depth_ = depth_;
    } else if (name == "basedOn" && depth_ == style_depth_ + 1) {
      entry_.based_on = capped_id(a.get("val"));
    } else if (name == "rPr") {
      // Only the style's own run properties: not those of a table style's
      // conditional parts (w:tblStylePr) nor an old version (w:rPrChange).
      const bool own = depth_ == style_depth_ + 1 || depth_ == defaults_depth_ + 1;
      if (own) rpr_depth_ = depth_;
    } else if (hides_text(name) && rpr_depth_ && depth_ == rpr_depth_ + 1) {
      const Toggle t = toggle_value(a.get("val"), a.has("val"));
      Toggle& target = style_depth_ ? entry_.hidden : defaults;
      if (target != Toggle::on) target = t;  // any of the three hides
    }
  }
  void end(std::string_view name) override {
    if (depth_ == rpr_depth_) rpr_depth_ = 0;
    if (depth_ == defaults_depth_) defaults_depth_ = 0;
    if (name == "style" && depth_ == style_depth_) {
      if (!current_.empty()) styles[current_] = std::move(entry_);
      style_depth_ = 0;
    }
    --depth_;
  }
  void text(std::string_view) override {}

 private:
  std::size_t depth_ = 0, style_depth_ = 0, defaults_depth_ = 0, rpr_depth_ = 0;
  std::string current_;
  StyleEntry entry_;
};

// The first setting on the style's basedOn chain; a loop or an overlong
// chain ends the walk as unset.
Toggle resolve(const std::unordered_map<std::string, StyleEntry>& styles, const std::string& id) {
  const std::string* at = &id;
  for (int step = 0; step < kMaxChain; ++step) {
    const auto found = styles.find(*at);
    if (found == styles.end()) return Toggle::unset;
    if (found->second.hidden != Toggle::unset) return found->second.hidden;
    if (found->second.based_on.empty()) return Toggle::unset;
    at = &found->second.based_on;
  }
  return Toggle::unset;
}

}  // namespace

Toggle toggle_value(std::string_view val, bool has_val) {
  if (!has_val) return Toggle::on;
  return val == "0" || val == "false" || val == "off" ? Toggle::off : Toggle::on;
}

Toggle HiddenStyles::of(std::string_view style_id) const {
  const auto found = resolved_.find(std::string(style_id));
  return found == resolved_.end() ? Toggle::unset : found->second;
}

HiddenStyles read_hidden_styles(ZipArchive& zip, const ZipArchive::Entry& part) {
  StylesHandler handler;
  parse_part(zip, part, handler);
  HiddenStyles out;
  out.defaults_ = handler.defaults;
  for (const auto& [id, entry] : handler.styles) {
    const Toggle t = resolve(handler.styles, id);
    if (t != Toggle::unset) out.resolved_.emplace(id, t);
  }
  out.default_paragraph_ = out.of(handler.default_paragraph);
  return out;
}

}  // namespace foiguard::formats::docx
