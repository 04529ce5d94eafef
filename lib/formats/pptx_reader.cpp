// The PPTX/PPTM/POTX reader: slides in presentation order with their speaker
// notes, comments and SmartArt text; the masters' and layouts' own text;
// charts, properties and custom XML; then the embedded files.
//
// Where text goes (Visibility):
//  - slide text (shapes, groups, tables, field results): visible; footer,
//    date and slide-number placeholders: header_footer; a shape hidden in
//    the selection pane (cNvPr hidden="1") and alt text: hidden_text;
//  - a slide with show="0": everything it holds, notes and comments too,
//    is hidden_slide (the most hidden place wins);
//  - notes slides: speaker_notes; comments and comment authors: comment;
//  - slide parts no presentation list names are never shown: hidden_slide;
//  - masters and layouts: PowerPoint's prompt text ("Click to edit Master
//    title style") is not read, it is never shown nor typed by the user;
//    footer placeholders and the user's own shapes appear on every slide
//    like a letterhead: header_footer; a custom prompt (hasCustomPrompt)
//    shows only in empty placeholders while editing: hidden_text;
//  - charts: chart_cache; properties and custom XML: metadata.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

#include "formats/document_writer.hpp"
#include "formats/package_parts.hpp"

namespace foiguard::formats {
namespace {

// Limits on what grows with file content outside the writers (which bound
// the text themselves).
constexpr std::size_t kMaxSlides = 1u << 16;
constexpr std::size_t kMaxAuthors = 1u << 16;

bool in_folder(std::string_view name, std::string_view folder) {
  return name.size() > folder.size() && name.starts_with(folder);
}

bool is_true(std::string_view v) { return v == "1" || v == "true"; }

// Tabs and line breaks inside a paragraph go to the writer as spaces.
void write_run(DocumentWriter& out, std::string_view piece, Visibility visibility, std::string_view author = {}) {
  std::string text(piece);
  std::replace_if(text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  out.run(text, visibility, author);
}

enum class PartRole { slide, notes, master };

// What a placeholder (p:ph) is, for the text in it.
enum class Placeholder { none, content, footer, prompt, custom_prompt };

Placeholder classify(const XmlAttributes& a, PartRole role) {
  const std::string_view type = a.get("type");
  if (type == "dt" || type == "ftr" || type == "hdr" || type == "sldNum") return Placeholder::footer;
  if (role != PartRole::master) return Placeholder::content;
  return is_true(a.get("hasCustomPrompt")) ? Placeholder::custom_prompt : Placeholder::prompt;
}

bool is_shape(std::string_view name) {
  return name == "spTree" || name == "sp" || name == "grpSp" || name == "pic" || name == "graphicFrame" ||
         name == "cxnSp" || name == "contentPart";
}

// The text of one slide, notes slide, master, layout or SmartArt data part:
// each a:p a paragraph, except that a table row is one paragraph (its cells
// joined by spaces), so that a name and a pay number in two cells of one
// row make one record. mc:Fallback repeats its mc:Choice and is skipped.
class ShapeTextHandler : public XmlHandler {
 public:
  ShapeTextHandler(DocumentWriter& out, PartRole role, std::optional<Visibility> floor)
      : out_(out), role_(role), floor_(floor) {}

  // True once the part turned out to be a slide with show="0".
  bool hidden_slide() const { return hidden_slide_; }

  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "Fallback" || fallback_ > 0) {
      if (name == "Fallback") ++fallback_;
      return;
    }
    current_is_text_ = false;
    if (name == "sld" && role_ == PartRole::slide && a.has("show") && !is_true(a.get("show"))) {
      hidden_slide_ = true;
      if (!floor_) floor_ = Visibility::hidden_slide;
    } else if (is_shape(name)) {
      frames_.push_back({frames_.back().hidden, Placeholder::none});
    } else if (name == "cNvPr") {
      if (is_true(a.get("hidden"))) frames_.back().hidden = true;
      for (const char* alt : {"descr", "title"})
        if (!a.get(alt).empty()) out_.paragraph(a.get(alt), floor_.value_or(Visibility::hidden_text));
    } else if (name == "ph") {
      frames_.back().placeholder = classify(a, role_);
    } else if (skipped()) {
      return;
    } else if (name == "tbl") {
      ++table_;
    } else if (name == "p") {
      paragraph_open_ = true;
    } else if (name == "t") {
      current_is_text_ = paragraph_open_;
    } else if (name == "br" && paragraph_open_) {
      write(" ");
    }
  }

  void end(std::string_view name) override {
    if (fallback_ > 0) {
      if (name == "Fallback") --fallback_;
      return;
    }
    current_is_text_ = false;
    if (is_shape(name)) {
      if (frames_.size() > 1) frames_.pop_back();
    } else if (skipped()) {
      return;
    } else if (name == "p") {
      paragraph_open_ = false;
      if (table_ > 0) cell_gap_ = true;
      else out_.end_paragraph();
    } else if (name == "tc") {
      cell_gap_ = true;
    } else if (name == "tr") {
      out_.end_paragraph();
      cell_gap_ = false;
    } else if (name == "tbl" && table_ > 0) {
      --table_;
    }
  }

  void text(std::string_view piece) override {
    if (current_is_text_ && fallback_ == 0 && !skipped()) write(piece);
  }

 private:
  struct Frame {
    bool hidden = false;  // this shape or a group holding it is hidden
    Placeholder placeholder = Placeholder::none;
  };

  bool skipped() const { return frames_.back().placeholder == Placeholder::prompt; }

  Visibility visibility() const {
    if (floor_) return *floor_;
    const Frame& f = frames_.back();
    if (f.hidden || f.placeholder == Placeholder::custom_prompt) return Visibility::hidden_text;
    if (f.placeholder == Placeholder::footer || role_ == PartRole::master) return Visibility::header_footer;
    return Visibility::visible;
  }

  void write(std::string_view piece) {
    if (cell_gap_) {
      out_.run(" ", visibility());
      cell_gap_ = false;
    }
    write_run(out_, piece, visibility());
  }

  DocumentWriter& out_;
  PartRole role_;
  std::optional<Visibility> floor_;  // the visibility of everything in the part, when it has one
  bool hidden_slide_ = false;
  std::vector<Frame> frames_{Frame{}};  // enclosing shapes; bounded by the XML depth limit
  int fallback_ = 0;
  int table_ = 0;
  bool paragraph_open_ = false;
  bool current_is_text_ = false;
  bool cell_gap_ = false;  // a table cell or paragraph ended: a space before the next text
};

using Authors = std::unordered_map<std::string, std::string>;

// ppt/commentAuthors.xml (<p:cmAuthor id="0" name>) and ppt/authors.xml
// (<p188:author id="{GUID}" name userId>): the names for the comments, and
// each name a paragraph of its own, so that a name is found where it sits.
class AuthorsHandler : public XmlHandler {
 public:
  AuthorsHandler(DocumentWriter& out, Authors& authors) : out_(out), authors_(authors) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    if (name != "cmAuthor" && name != "author") return;
    out_.paragraph(a.get("name"), Visibility::comment);
    // A user id is a SID or an account; an account (user@force) names the person.
    if (a.get("userId").find('@') != std::string_view::npos) out_.paragraph(a.get("userId"), Visibility::comment);
    if (authors_.size() < kMaxAuthors) authors_.emplace(a.get("id"), a.get("name"));
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}

 private:
  DocumentWriter& out_;
  Authors& authors_;
};

// Legacy comments (<p:cm authorId><p:text>..</p:text>) and modern ones
// (<p188:cm authorId> with a:p text, replies nested in p188:replyLst):
// each comment paragraph carries its author.
class CommentsHandler : public XmlHandler {
 public:
  CommentsHandler(DocumentWriter& out, const Authors& authors, Visibility visibility)
      : out_(out), authors_(authors), visibility_(visibility) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    in_text_ = false;
    if (name == "cm" || name == "reply") {
      const auto found = authors_.find(std::string(a.get("authorId")));
      who_.push_back(found == authors_.end() ? std::string() : found->second);
    } else if (name == "text" || (name == "t" && paragraph_open_)) {
      in_text_ = true;
    } else if (name == "p") {
      paragraph_open_ = true;
    } else if (name == "br" && paragraph_open_) {
      write_run(out_, " ", visibility_, author());
    }
  }
  void end(std::string_view name) override {
    in_text_ = false;
    if (name == "cm" || name == "reply") {
      if (!who_.empty()) who_.pop_back();
    } else if (name == "text" || name == "p") {
      paragraph_open_ = false;
      out_.end_paragraph();
    }
  }
  void text(std::string_view piece) override {
    if (in_text_) write_run(out_, piece, visibility_, author());
  }

 private:
  std::string_view author() const { return who_.empty() ? std::string_view() : std::string_view(who_.back()); }

  DocumentWriter& out_;
  const Authors& authors_;
  Visibility visibility_;
  std::vector<std::string> who_;  // authors of the open comment and reply
  bool in_text_ = false;
  bool paragraph_open_ = false;
};

// ppt/presentation.xml: the relationship ids of the slides, in show order.
class PresentationHandler : public XmlHandler {
 public:
  std::vector<std::string> slides;
  bool truncated = false;
  void start(std::string_view name, const XmlAttributes& a) override {
    if (name != "sldId") return;
    if (slides.size() < kMaxSlides) slides.emplace_back(a.get_prefixed("id"));
    else truncated = true;
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
};

bool chart_text(std::string_view element) { return element == "v" || element == "t"; }

class PptxReader {
 public:
  PptxReader(ZipArchive& zip, const PackageOptions& options, ReadStats& stats, const BatchSink& sink)
      : zip_(zip),
        stats_(stats),
        out_(options.batch_bytes, sink, options.container),
        properties_(options.batch_bytes, sink, options.container) {}

  void read(const std::string& presentation_part) {
    read_document_properties(zip_, properties_, stats_);
    read_custom_xml();
    const auto rels = read_part_rels(presentation_part);
    read_authors(rels, "commentAuthors", "ppt/commentAuthors.xml");
    read_authors(rels, "authors", "ppt/authors.xml");
    const bool listed = read_slides_in_order(presentation_part, rels);
    read_unlisted_parts(listed);
    read_masters();
    read_charts();
    note_unreadable_parts();
    stats_.lines = out_.paragraphs();
    properties_.flush();
    out_.flush();
  }

 private:
  std::vector<Relationship> read_part_rels(std::string_view part) {
    std::vector<Relationship> rels;
    read_part_or_note(part, stats_, [&] { rels = read_relationships(zip_, part); });
    return rels;
  }

  const ZipArchive::Entry* target(const Relationship& r) const { return r.external ? nullptr : zip_.find(r.target); }

  void read_custom_xml() {
    for (const auto& e : zip_.entries())
      if (in_folder(e.name, "customXml/item") && e.name.ends_with(".xml") && e.name.find("Props") == std::string::npos)
        read_part_or_note(e.name, stats_, [&] { read_text_nodes(zip_, e, properties_, Visibility::metadata); });
  }

  void read_authors(const std::vector<Relationship>& rels, std::string_view type, const char* conventional) {
    const ZipArchive::Entry* part = zip_.find(conventional);
    for (const auto& r : rels)
      if (r.type == type && target(r)) part = target(r);
    if (!part) return;
    read_part_or_note(part->name, stats_, [&] {
      out_.begin_part(part->name);
      AuthorsHandler handler(out_, authors_);
      parse_part(zip_, *part, handler);
    });
  }

  // Slides numbered by their place in p:sldIdLst. False when the list
  // cannot be read, so that no slide is taken for an unlisted one.
  bool read_slides_in_order(const std::string& presentation_part, const std::vector<Relationship>& rels) {
    PresentationHandler list;
    bool listed = false;
    read_part_or_note(presentation_part, stats_, [&] {
      parse_part(zip_, *zip_.find(presentation_part), list);
      listed = true;
    });
    if (list.truncated)
      stats_.not_checked.push_back({presentation_part, fmt::format("more than {} slides: the rest are read "
                                                                   "without their slide numbers", kMaxSlides)});
    std::uint32_t number = 0;
    for (const auto& id : list.slides) {
      ++number;
      const Relationship* r = find_relationship(rels, id);
      const ZipArchive::Entry* slide = r ? target(*r) : nullptr;
      if (slide && !visited_.count(slide->name)) read_slide(*slide, number, std::nullopt);
    }
    return listed;
  }

  // The slide, then what hangs off it: notes, comments, SmartArt text.
  void read_slide(const ZipArchive::Entry& slide, std::optional<std::uint32_t> number,
                  std::optional<Visibility> floor) {
    visited_.insert(slide.name);
    ShapeTextHandler handler(out_, PartRole::slide, floor);
    read_part_or_note(slide.name, stats_, [&] {
      out_.begin_part(slide.name, number);
      parse_part(zip_, slide, handler);
    });
    const bool hidden = handler.hidden_slide() || floor == Visibility::hidden_slide;
    const auto on_slide = [&](Visibility v) { return hidden ? Visibility::hidden_slide : v; };
    for (const auto& r : read_part_rels(slide.name)) {
      const ZipArchive::Entry* part = target(r);
      if (!part || visited_.count(part->name)) continue;
      if (r.type == "notesSlide") {
        read_shapes(*part, number, PartRole::notes, on_slide(Visibility::speaker_notes));
      } else if (r.type == "comments") {
        read_comments(*part, number, on_slide(Visibility::comment));
      } else if (r.type == "diagramData") {
        read_shapes(*part, number, PartRole::slide, hidden ? std::optional(Visibility::hidden_slide) : std::nullopt);
      }
    }
  }

  void read_shapes(const ZipArchive::Entry& part, std::optional<std::uint32_t> number, PartRole role,
                   std::optional<Visibility> floor) {
    visited_.insert(part.name);
    read_part_or_note(part.name, stats_, [&] {
      out_.begin_part(part.name, number);
      ShapeTextHandler handler(out_, role, floor);
      parse_part(zip_, part, handler);
    });
  }

  void read_comments(const ZipArchive::Entry& part, std::optional<std::uint32_t> number, Visibility visibility) {
    visited_.insert(part.name);
    read_part_or_note(part.name, stats_, [&] {
      out_.begin_part(part.name, number);
      CommentsHandler handler(out_, authors_, visibility);
      parse_part(zip_, part, handler);
    });
  }

  // Slides, notes and comments that no listed slide reaches: a slide that
  // is not in the list is never shown; when the list itself could not be
  // read, each slide says for itself whether it is hidden.
  void read_unlisted_parts(bool listed) {
    for (const auto& e : zip_.entries()) {
      if (visited_.count(e.name) || !e.name.ends_with(".xml")) continue;
      if (in_folder(e.name, "ppt/slides/"))
        read_slide(e, std::nullopt, listed ? std::optional(Visibility::hidden_slide) : std::nullopt);
    }
    for (const auto& e : zip_.entries()) {
      if (visited_.count(e.name) || !e.name.ends_with(".xml")) continue;
      if (in_folder(e.name, "ppt/notesSlides/"))
        read_shapes(e, std::nullopt, PartRole::notes, Visibility::speaker_notes);
      else if (in_folder(e.name, "ppt/comments/"))
        read_comments(e, std::nullopt, Visibility::comment);
    }
  }

  void read_masters() {
    for (const auto& e : zip_.entries()) {
      if (!e.name.ends_with(".xml")) continue;
      for (const char* folder : {"ppt/slideMasters/", "ppt/slideLayouts/", "ppt/notesMasters/", "ppt/handoutMasters/"})
        if (in_folder(e.name, folder)) read_shapes(e, std::nullopt, PartRole::master, std::nullopt);
    }
  }

  // Charts keep a copy of the data they plot, and it outlives the data.
  void read_charts() {
    for (const auto& e : zip_.entries())
      if (in_folder(e.name, "ppt/charts/chart") && e.name.ends_with(".xml"))
        read_part_or_note(e.name, stats_,
                          [&] { read_text_nodes(zip_, e, properties_, Visibility::chart_cache, chart_text); });
  }

  void note_unreadable_parts() {
    for (const auto& e : zip_.entries()) {
      if (e.name == "ppt/vbaProject.bin")
        stats_.not_checked.push_back({e.name, "VBA macros: present, cannot be checked"});
      else if (e.encrypted)
        stats_.not_checked.push_back({e.name, "encrypted member: cannot be checked"});
    }
  }

  ZipArchive& zip_;
  ReadStats& stats_;
  DocumentWriter out_;       // slides, notes, comments, masters
  SheetWriter properties_;   // properties, custom XML, chart caches: labelled notes
  Authors authors_;
  std::set<std::string> visited_;
};

}  // namespace

void read_pptx(ZipArchive& zip, const std::string& presentation_part, const PackageOptions& options,
               ReadStats& stats, const BatchSink& sink) {
  PptxReader(zip, options, stats, sink).read(presentation_part);
  read_embedded_files(zip, "ppt/embeddings/", options, stats, sink);
}

}  // namespace foiguard::formats
