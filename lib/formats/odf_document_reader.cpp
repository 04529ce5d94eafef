// ODT and ODP (and their templates): meta.xml, styles.xml (common styles and
// the master pages' headers and footers), content.xml paragraph by
// paragraph, then embedded objects and earlier versions kept in the file.
//
// One handler reads every text part. It keeps a stack of what encloses the
// text being read (a hidden section, a tracked deletion, an annotation, a
// slide's notes): each level may make the text less visible, and the text
// takes the visibility and author of the innermost one that does.
#include <fmt/format.h>

#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "formats/document_writer.hpp"
#include "formats/package_parts.hpp"

namespace foiguard::formats {
namespace {

// Paragraph text held back while a paragraph holds others (see Paragraphs).
constexpr std::size_t kMaxHeldBytes = 1u << 20;
// An author name, alt text or footer declaration longer than this is cut.
constexpr std::size_t kMaxCaptureBytes = 64u << 10;
constexpr std::size_t kMaxNameBytes = 256;  // author, style and change-region names
constexpr std::size_t kMaxAuthors = 4096;
constexpr std::size_t kMaxStyles = 1u << 16;
constexpr std::size_t kMaxInsertions = 1u << 14;      // tracked insertion regions remembered
constexpr std::size_t kMaxOpenInsertions = 256;       // change-start marks not yet ended
constexpr int kMaxStyleDepth = 32;                    // parent-style chain followed

// The visibility of text that is `inner` inside something that is `outer`:
// the more specific one, unless that would show what the outer one hides (a
// comment inside a hidden section stays hidden).
Visibility within(Visibility outer, Visibility inner) {
  if (inner == Visibility::visible) return outer;
  if (is_hidden(outer) && !is_hidden(inner)) return outer;
  return inner;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// Named styles of one kind of table: the common styles of styles.xml, or the
// automatic styles of one part. Only what hides text is kept.
class Styles {
 public:
  struct Style {
    std::string parent;
    std::optional<bool> hides_text;  // text:display of its text properties, when it sets one
    bool hides_page = false;         // presentation:visibility="hidden" (a hidden slide)
  };

  // A new style, or nullptr past the limits (a hostile file).
  Style* add(std::string_view family, std::string_view name, std::string_view parent) {
    if (styles_.size() >= kMaxStyles || name.size() > kMaxNameBytes || parent.size() > kMaxNameBytes) return nullptr;
    Style& s = styles_[key(family, name)];
    s.parent = parent;
    return &s;
  }
  const Style* find(std::string_view family, std::string_view name) const {
    const auto it = styles_.find(key(family, name));
    return it == styles_.end() ? nullptr : &it->second;
  }

 private:
  static std::string key(std::string_view family, std::string_view name) {
    return fmt::format("{}\n{}", family, name);
  }
  std::unordered_map<std::string, Style> styles_;
};

// Whether the style `name` of `family` hides its text, itself or through its
// parents; automatic styles of the part first, then the common ones.
bool style_hides_text(const Styles& automatic, const Styles& common, std::string_view family,
                      std::string_view name) {
  for (int depth = 0; depth < kMaxStyleDepth && !name.empty(); ++depth) {
    const Styles::Style* s = automatic.find(family, name);
    if (!s) s = common.find(family, name);
    if (!s) return false;
    if (s->hides_text) return *s->hides_text;
    name = s->parent;
  }
  return false;
}

// Fields and sections the producer hides: text:display="none" on any of them
// (draw:display="none" on a shape too), and a section or hidden-text field
// whose condition may hide it, unless the file says it shows now.
bool hidden_by_attributes(std::string_view name, const XmlAttributes& a) {
  const std::string_view display = a.get("display");
  if (display == "none") return true;
  const bool conditional = (name == "section" && display == "condition") || name == "hidden-text";
  return conditional && a.get("is-hidden") != "false";
}

bool is_header_or_footer(std::string_view name) {
  return name == "header" || name == "footer" || name == "header-left" || name == "footer-left" ||
         name == "header-first" || name == "footer-first";
}

// Author names, interned: a run carries an index (0 for none).
class Authors {
 public:
  std::uint16_t intern(std::string_view name) {
    name = trim(name.substr(0, kMaxNameBytes));
    if (name.empty()) return 0;
    const auto it = index_.find(std::string(name));
    if (it != index_.end()) return it->second;
    if (names_.size() >= kMaxAuthors) return 0;
    names_.emplace_back(name);
    const auto id = static_cast<std::uint16_t>(names_.size());
    index_.emplace(names_.back(), id);
    return id;
  }
  std::string_view name(std::uint16_t id) const { return id == 0 ? std::string_view() : names_[id - 1u]; }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::uint16_t> index_;
};

// The paragraphs being read. A paragraph can hold others (a footnote, an
// annotation, a text box anchored in it): those are written after it, so the
// sentence around them stays one paragraph, one record. What is held back is
// bounded: past kMaxHeldBytes everything held is written as it stands (a
// giant or hostile paragraph is cut, never held whole).
class Paragraphs {
 public:
  Paragraphs(DocumentWriter& out, const Authors& authors) : out_(out), authors_(authors) {}

  void open() {
    if (!outer_open_) {
      outer_open_ = true;
      return;
    }
    held_.emplace_back();
    inner_.push_back(held_.size() - 1);
    hold(sizeof(Paragraph));
  }

  void append(std::string_view text, Visibility visibility, std::uint16_t author) {
    if (text.empty() || !outer_open_) return;
    Paragraph& p = inner_.empty() ? outer_ : held_[inner_.back()];
    p.text.append(text);
    std::size_t cost = text.size();
    if (!p.pieces.empty() && p.pieces.back().visibility == visibility && p.pieces.back().author == author) {
      p.pieces.back().end = p.text.size();
    } else {
      p.pieces.push_back({p.text.size(), visibility, author});
      cost += sizeof(Piece);
    }
    hold(cost);
  }

  // text:hidden-paragraph: the paragraph it sits in is hidden, whatever came before it.
  void hide_current() {
    if (outer_open_) (inner_.empty() ? outer_ : held_[inner_.back()]).hidden = true;
  }

  void close() {
    if (!inner_.empty()) {
      inner_.pop_back();
      return;
    }
    if (!outer_open_) return;
    write_held();
    outer_ = Paragraph();
    outer_open_ = false;
  }

  // A paragraph of its own (an annotation's author, alt text), after the
  // paragraph it sits in, if any.
  void own(std::string_view text, Visibility visibility, std::uint16_t author) {
    text = trim(text);
    if (text.empty()) return;
    if (!outer_open_) {
      out_.paragraph(text, visibility, authors_.name(author));
      return;
    }
    Paragraph& p = held_.emplace_back();
    p.text = text;
    p.pieces.push_back({p.text.size(), visibility, author});
    hold(sizeof(Paragraph) + text.size());
  }

  // Writes what a part cut short left open.
  void finish() {
    inner_.clear();
    close();
  }

 private:
  struct Piece {
    std::size_t end;  // in Paragraph::text, from the previous piece's end
    Visibility visibility;
    std::uint16_t author;
  };
  struct Paragraph {
    std::string text;
    std::vector<Piece> pieces;
    bool hidden = false;
    bool continued = false;  // cut by write_held: an empty rest takes no number of its own
  };

  void hold(std::size_t bytes) {
    held_bytes_ += bytes;
    if (held_bytes_ > kMaxHeldBytes) write_held();
  }

  void write(Paragraph& p) {
    if (p.continued && p.pieces.empty()) return;
    std::size_t begin = 0;
    for (const Piece& piece : p.pieces) {
      const Visibility v = p.hidden ? within(Visibility::hidden_text, piece.visibility) : piece.visibility;
      out_.run(std::string_view(p.text).substr(begin, piece.end - begin), v, authors_.name(piece.author));
      begin = piece.end;
    }
    out_.end_paragraph();
    p.text.clear();
    p.pieces.clear();
  }

  // The outer paragraph, then the ones it holds, in the order they began;
  // the ones still open go on as new (empty) paragraphs.
  void write_held() {
    write(outer_);
    outer_.continued = true;
    for (Paragraph& p : held_) write(p);
    std::vector<Paragraph> still_open(inner_.size());
    for (std::size_t k = 0; k < inner_.size(); ++k) {
      still_open[k].hidden = held_[inner_[k]].hidden;
      still_open[k].continued = true;
      inner_[k] = k;
    }
    held_ = std::move(still_open);
    held_bytes_ = 0;
  }

  DocumentWriter& out_;
  const Authors& authors_;
  bool outer_open_ = false;
  Paragraph outer_;
  std::vector<Paragraph> held_;     // paragraphs inside the outer one, in the order they began
  std::vector<std::size_t> inner_;  // the open ones among them, innermost last
  std::size_t held_bytes_ = 0;
};

// Reads one text part (content.xml, styles.xml, an embedded object's
// content.xml) into the writer; `common` collects the common styles of
// styles.xml and serves the parts read after it.
class TextPartHandler : public XmlHandler {
 public:
  TextPartHandler(DocumentWriter& out, Styles& common, std::string part, Visibility floor)
      : out_(out), common_(common), part_(std::move(part)), floor_(floor), paragraphs_(out, authors_) {}

  void start(std::string_view name, const XmlAttributes& a) override {
    const bool parent_is_text = !frames_.empty() && frames_.back().text_level;
    Frame f = frames_.empty() ? Frame{floor_} : frames_.back();
    f.role = Role::plain;
    f.text_level = false;
    define_style(name, a);
    if (!start_text(name, a, f, parent_is_text) && !start_change(name, a, f)) start_layout(name, a, f);
    if (hidden_by_attributes(name, a)) hide(f, a);
    frames_.push_back(f);
  }

  void end(std::string_view name) override {
    const Frame f = frames_.back();
    frames_.pop_back();
    switch (f.role) {
      case Role::paragraph:
        paragraphs_.close();
        break;
      case Role::creator:
        end_creator(f);
        break;
      case Role::alt_text:
        paragraphs_.own(capture_, within(f.visibility, Visibility::hidden_text), 0);
        break;
      case Role::declaration:
        paragraphs_.own(capture_, within(f.visibility, Visibility::header_footer), 0);
        break;
      case Role::region:
        end_region();
        break;
      case Role::plain:
      case Role::annotation:
      case Role::change:
        break;
    }
    if (name == "style") style_ = nullptr;
    if (name == "styles") defining_common_ = false;
  }

  void text(std::string_view piece) override {
    if (frames_.empty()) return;
    const Frame& f = frames_.back();
    if (f.sink == Sink::paragraph) {
      append(piece, f);
    } else if (f.sink == Sink::capture && capture_.size() + piece.size() <= kMaxCaptureBytes) {
      capture_.append(piece);
    }
  }

  void finish() { paragraphs_.finish(); }

 private:
  static constexpr std::uint32_t kNoOwner = UINT32_MAX;
  enum class Sink : std::uint8_t { none, paragraph, capture };
  enum class Role : std::uint8_t { plain, paragraph, annotation, change, creator, alt_text, declaration, region };

  // What one open element makes of the text inside it.
  struct Frame {
    Visibility visibility = Visibility::visible;
    Sink sink = Sink::none;
    Role role = Role::plain;
    bool text_level = false;        // a paragraph or span: a "title" inside is a field, not alt text
    std::uint32_t owner = kNoOwner;  // the annotation or change frame whose author the text has
    std::uint16_t author = 0;        // on an owner frame: its dc:creator, once read
  };

  // Paragraphs and what sits in them: spans, annotations, notes, alt text.
  bool start_text(std::string_view name, const XmlAttributes& a, Frame& f, bool parent_is_text) {
    if (name == "p" || name == "h") {
      open_paragraph(f, a);
    } else if (name == "span" || name == "a") {
      f.text_level = true;
      if (style_hides_text(automatic_, common_, "text", a.get("style-name")))
        f.visibility = within(f.visibility, Visibility::hidden_text);
    } else if (name == "s" || name == "tab" || name == "line-break") {
      if (f.sink == Sink::paragraph) append(" ", f);
    } else if (name == "annotation") {
      own_author(f, Role::annotation, within(f.visibility, Visibility::comment));
    } else if (name == "creator" && f.owner != kNoOwner) {
      begin_capture(f, Role::creator);
    } else if (name == "note-citation" || name == "number") {
      f.sink = Sink::none;  // footnote marks and list labels are no words of the paragraph
    } else if ((name == "title" || name == "desc") && !parent_is_text) {
      begin_capture(f, Role::alt_text);  // svg:title / svg:desc of a drawing; text:title is a field
    } else if (name == "hidden-paragraph") {
      if (a.get("is-hidden") != "false") paragraphs_.hide_current();
    } else {
      return false;
    }
    return true;
  }

  // Tracked changes: the regions listed first, then the marks in the body.
  bool start_change(std::string_view name, const XmlAttributes& a, Frame& f) {
    if (name == "changed-region") {
      begin_region(a);
      f.role = Role::region;
    } else if (in_region_ && (name == "insertion" || name == "deletion" || name == "format-change")) {
      region_is_insertion_ = name == "insertion";
      own_author(f, Role::change,
                 name == "deletion" ? within(f.visibility, Visibility::tracked_deletion) : f.visibility);
    } else if (name == "change-info") {
      f.sink = Sink::none;  // its author and date are no text of the change
    } else if (name == "change-start" || name == "change-end") {
      mark_insertion(name == "change-start", a.get("change-id"));
    } else {
      return false;
    }
    return true;
  }

  // Slides, notes, master pages with their headers and footers, charts.
  void start_layout(std::string_view name, const XmlAttributes& a, Frame& f) {
    if (name == "presentation") {
      in_slides_ = true;
    } else if (name == "page" && in_slides_) {
      begin_slide(f, a);
    } else if (name == "notes") {
      f.visibility = within(f.visibility, Visibility::speaker_notes);
    } else if (name == "header-decl" || name == "footer-decl" || name == "date-time-decl") {
      begin_capture(f, Role::declaration);
    } else if (name == "master-page") {
      f.visibility = within(f.visibility, Visibility::header_footer);
    } else if (is_header_or_footer(name)) {
      // A header or footer switched off keeps its text, unseen.
      f.visibility = within(f.visibility, a.get("display") == "false" ? Visibility::hidden_text
                                                                      : Visibility::header_footer);
    } else if (name == "chart" && f.visibility == Visibility::embedded_object) {
      f.visibility = Visibility::chart_cache;  // a chart's own table is the data it draws
    }
  }

  void define_style(std::string_view name, const XmlAttributes& a) {
    if (name == "styles") {
      defining_common_ = true;
    } else if (name == "style") {
      style_ = (defining_common_ ? common_ : automatic_).add(a.get("family"), a.get("name"), a.get("parent-style-name"));
    } else if (style_ && name == "text-properties" && a.has("display")) {
      style_->hides_text = a.get("display") != "true";  // "none", or "condition": hidden when it holds
    } else if (style_ && name == "drawing-page-properties") {
      style_->hides_page = a.get("visibility") == "hidden";
    }
  }

  void open_paragraph(Frame& f, const XmlAttributes& a) {
    f.role = Role::paragraph;
    f.sink = Sink::paragraph;
    f.text_level = true;
    if (style_hides_text(automatic_, common_, "paragraph", a.get("style-name")))
      f.visibility = within(f.visibility, Visibility::hidden_text);
    paragraphs_.open();
  }

  // An annotation or a change: the text inside takes its author, whose name
  // comes in its first child (dc:creator).
  void own_author(Frame& f, Role role, Visibility visibility) {
    f.role = role;
    f.visibility = visibility;
    f.sink = Sink::none;
    f.owner = static_cast<std::uint32_t>(frames_.size());
    f.author = 0;
  }

  void begin_capture(Frame& f, Role role) {
    f.role = role;
    f.sink = Sink::capture;
    capture_.clear();
  }

  // The hidden field's value (text:hidden-text, a variable shown as
  // nothing) is the text it hides; its content, if any, repeats it.
  void hide(Frame& f, const XmlAttributes& a) {
    f.visibility = within(f.visibility, Visibility::hidden_text);
    const std::string_view value = a.has("string-value") ? a.get("string-value") : a.get("value");
    if (!value.empty() && f.sink == Sink::paragraph) {
      append(value, f);
      f.sink = Sink::none;
    }
  }

  void append(std::string_view text, const Frame& f) {
    Visibility visibility = f.visibility;
    std::uint16_t author = f.owner == kNoOwner ? 0 : frames_[f.owner].author;
    if (!open_insertions_.empty()) {
      visibility = within(visibility, Visibility::tracked_insertion);
      if (visibility == Visibility::tracked_insertion) author = open_insertions_.back().second;
    }
    paragraphs_.append(text, visibility, author);
  }

  // An annotation's author is also a paragraph of its own (a name written
  // in the file); a change's author is, once per name, metadata.
  void end_creator(const Frame& f) {
    Frame& owner = frames_[f.owner];
    owner.author = authors_.intern(capture_);
    if (owner.role == Role::annotation) {
      paragraphs_.own(capture_, owner.visibility, owner.author);
    } else {
      region_author_ = owner.author;
      if (owner.author != 0 && change_authors_.insert(owner.author).second)
        paragraphs_.own(capture_, Visibility::metadata, owner.author);
    }
  }

  void begin_region(const XmlAttributes& a) {
    in_region_ = true;
    region_id_ = a.get("id").substr(0, kMaxNameBytes);
    region_is_insertion_ = false;
    region_author_ = 0;
  }

  // An insertion's text is in the body, between change-start and change-end
  // marks naming the region; remember who made it.
  void end_region() {
    in_region_ = false;
    if (region_is_insertion_ && insertions_.size() < kMaxInsertions) insertions_[region_id_] = region_author_;
  }

  void mark_insertion(bool start, std::string_view id) {
    const auto region = insertions_.find(std::string(id));
    if (region == insertions_.end()) return;
    if (start) {
      if (open_insertions_.size() < kMaxOpenInsertions) open_insertions_.emplace_back(region->first, region->second);
      return;
    }
    for (auto it = open_insertions_.begin(); it != open_insertions_.end(); ++it) {
      if (it->first == id) {
        open_insertions_.erase(it);
        break;
      }
    }
  }

  void begin_slide(Frame& f, const XmlAttributes& a) {
    out_.begin_part(part_, ++slide_);
    const Styles::Style* s = automatic_.find("drawing-page", a.get("style-name"));
    if (!s) s = common_.find("drawing-page", a.get("style-name"));
    if (s && s->hides_page) f.visibility = within(f.visibility, Visibility::hidden_slide);
  }

  DocumentWriter& out_;
  Styles& common_;
  Styles automatic_;
  std::string part_;
  Visibility floor_;
  Authors authors_;
  Paragraphs paragraphs_;
  std::vector<Frame> frames_;  // one per open element: XmlStream bounds the depth
  std::string capture_;        // the author name, alt text or declaration being read
  Styles::Style* style_ = nullptr;  // the style being defined
  bool defining_common_ = false;
  bool in_slides_ = false;
  std::uint32_t slide_ = 0;
  // Tracked changes: insertion regions by id, the marks open in the body.
  bool in_region_ = false, region_is_insertion_ = false;
  std::string region_id_;
  std::uint16_t region_author_ = 0;
  std::unordered_map<std::string, std::uint16_t> insertions_;
  std::vector<std::pair<std::string, std::uint16_t>> open_insertions_;
  std::unordered_set<std::uint16_t> change_authors_;  // written once each
};

void read_text_part(ZipArchive& zip, const ZipArchive::Entry& part, DocumentWriter& out, Styles& common,
                    Visibility floor, ReadStats& stats) {
  read_part_or_note(part.name, stats, [&] {
    out.begin_part(part.name);
    TextPartHandler handler(out, common, part.name, floor);
    try {
      parse_part(zip, part, handler);
    } catch (const FormatError&) {
      handler.finish();  // the text before the break is still checked
      throw;
    }
    handler.finish();
  });
}

// An embedded ODF object ("Object 1/content.xml": a chart, a spreadsheet, a
// text), read with its own styles: shown in the document as a picture, its
// text is embedded_object (a chart's data, chart_cache).
bool is_object_content(std::string_view name) {
  return name.starts_with("Object ") && name.ends_with("/content.xml");
}

// A file kept whole: a foreign (OLE) object, or an earlier version of the
// document (File > Versions).
std::optional<Visibility> kept_file(std::string_view name) {
  if (name.starts_with("Object ") && name.find('/') == std::string_view::npos) return Visibility::embedded_object;
  if (name.starts_with("Versions/") && !name.ends_with("/")) return Visibility::earlier_revision;
  return std::nullopt;
}

}  // namespace

void read_odf_document(ZipArchive& zip, std::string_view mimetype, const PackageOptions& options,
                       ReadStats& stats, const BatchSink& sink) {
  refuse_encrypted_odf(zip);
  const auto* content = zip.find("content.xml");
  if (!content)
    throw FormatError(fmt::format("OpenDocument {} without content.xml: not checked",
                                  mimetype.find("presentation") != std::string_view::npos ? "presentation" : "text"));
  DocumentWriter out(options.batch_bytes, sink, options.container);
  if (const auto* meta = zip.find("meta.xml")) {
    read_part_or_note(meta->name, stats, [&] {
      out.begin_part(meta->name);
      read_odf_meta(zip, *meta, [&](std::string_view, std::string_view text) {
        out.paragraph(text, Visibility::metadata);
      });
    });
  }
  Styles common;
  if (const auto* styles = zip.find("styles.xml")) read_text_part(zip, *styles, out, common, Visibility::visible, stats);
  read_text_part(zip, *content, out, common, Visibility::visible, stats);
  for (const auto& e : zip.entries()) {
    if (!is_object_content(e.name)) continue;
    Styles object_styles;
    read_text_part(zip, e, out, object_styles, Visibility::embedded_object, stats);
  }
  stats.lines = out.paragraphs();
  out.flush();
  for (const auto& e : zip.entries())
    if (const auto floor = kept_file(e.name)) read_member(zip, e, options, *floor, stats, sink);
}

}  // namespace foiguard::formats
