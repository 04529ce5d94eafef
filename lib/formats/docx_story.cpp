// One WordprocessingML story (the body, a header or footer, the footnotes,
// endnotes, comments or building blocks) streamed into paragraphs.
//
// Each text piece gets the visibility a reader of the document would give
// it: its story's (a footer is header_footer, a comment is comment), unless
// the run says more: a tracked deletion, hidden text (w:vanish and kin,
// directly or by style), or a field instruction.
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "formats/docx_internal.hpp"

namespace foiguard::formats::docx {
namespace {

// Bounds for what is kept from attributes of a hostile part.
constexpr std::size_t kMaxAuthorsNamed = 4096;
constexpr std::size_t kMaxFields = 64;

enum class TextKind : std::uint8_t { none, text, deleted, instruction, deleted_instruction };

TextKind text_kind(std::string_view name) {
  if (name == "t") return TextKind::text;
  if (name == "delText") return TextKind::deleted;
  if (name == "instrText") return TextKind::instruction;
  if (name == "delInstrText") return TextKind::deleted_instruction;
  return TextKind::none;
}

// Property containers (w:rPr, w:pPr, w:tcPr, w:sectPr, w:rPrChange, ...):
// nothing inside is text, and a w:del or w:tab inside means something else
// (a deleted paragraph mark, a tab stop).
bool is_properties(std::string_view name) {
  return name.ends_with("Pr") || name.ends_with("PrChange") || name.ends_with("PrEx");
}

// The text a reader sees for the run content elements that are not text.
std::string_view stand_in(std::string_view name) {
  if (name == "tab" || name == "ptab" || name == "br" || name == "cr") return " ";
  if (name == "noBreakHyphen") return "-";
  return {};
}

// The run's visibility placed in its story's: a tracked change or hidden
// text says more than "in the footer", unless the story is itself hidden
// and the run is not (a tracked insertion in a building block).
Visibility in_story(Visibility story, Visibility run) {
  if (run == Visibility::visible) return story;
  if (story == Visibility::visible || is_hidden(run) || !is_hidden(story)) return run;
  return story;
}

class StoryHandler : public XmlHandler {
 public:
  StoryHandler(const Story& story, DocumentWriter& out) : story_(story), out_(out) {
    // By id: a hostile part can hold as many links as its rels hold targets.
    for (const auto& r : story.rels)
      if (r.external) link_targets_.emplace(r.id, r.target);
  }

  void start(std::string_view name, const XmlAttributes& a) override {
    if (skipped_) {
      ++skipped_;
    } else if (properties_) {
      ++properties_;
      if (properties_ == 2) direct_property(name, a);
    } else if (name == "docPr") {
      alternative_text(a.get("descr"), a.get("title"));
      properties_ = 1;
    } else if (is_properties(name)) {
      properties_ = 1;
      owner_ = name == "rPr" ? Owner::run : name == "pPr" ? Owner::paragraph : Owner::other;
    } else if (const TextKind kind = text_kind(name); kind != TextKind::none) {
      text_kind_ = kind;
    } else if (const std::string_view s = stand_in(name); !s.empty()) {
      emit(s, TextKind::text);
    } else {
      structure(name, a);
    }
  }

  void end(std::string_view name) override {
    if (skipped_) {
      --skipped_;
    } else if (properties_) {
      --properties_;
    } else if (text_kind(name) != TextKind::none) {
      text_kind_ = TextKind::none;
    } else if (name == "p") {
      end_paragraph();
    } else if (name == "ins" || name == "moveTo" || name == "del" || name == "moveFrom") {
      if (!tracked_.empty()) tracked_.pop_back();
    } else if (name == "tr") {
      if (tables_ == 1) release_record();
    } else if (name == "tbl") {
      if (tables_ > 0) --tables_;
    } else if (name == "AlternateContent") {
      if (!alternates_.empty()) alternates_.pop_back();
    } else if (name == "comment" || name == "footnote" || name == "endnote") {
      release_record();
      story_author_.clear();
    }
  }

  void text(std::string_view piece) override {
    if (text_kind_ != TextKind::none && !skipped_ && !properties_) emit(piece, text_kind_);
  }

  // The part broke off: what was read of the open paragraph is kept, and a
  // table row or comment left open must not hold the next part's paragraphs
  // in its record.
  void break_off() {
    if (!nested_.empty()) out_.end_paragraph();
    out_.hold_record(false);
  }

 private:
  enum class Owner : std::uint8_t { run, paragraph, other };
  struct Tracked {
    bool deletion;
    std::string author;
  };
  // What nests when a text box's paragraphs sit inside a run of another.
  struct ParagraphState {
    Toggle paragraph_style, run_direct, run_style;
  };

  // Elements that carry structure: paragraphs, runs, tracked changes,
  // fields, comments, hyperlinks, alternative content.
  void structure(std::string_view name, const XmlAttributes& a) {
    if (name == "p") {
      nested_.push_back(state_);
      state_ = {story_.styles.default_paragraph(), Toggle::unset, Toggle::unset};
    } else if (name == "r") {
      state_.run_direct = state_.run_style = Toggle::unset;
    } else if (name == "tbl") {
      ++tables_;
    } else if (name == "tr") {
      if (tables_ == 1) hold_record();  // a row's cells are one record, as in a sheet
    } else if (name == "ins" || name == "moveTo" || name == "del" || name == "moveFrom") {
      tracked_.push_back({name == "del" || name == "moveFrom", capped(a.get("author"))});
    } else if (name == "fldChar") {
      field_char(a.get("fldCharType"));
    } else if (name == "fldSimple") {
      emit_with_space(a.get("instr"), TextKind::instruction);
    } else if (name == "hyperlink") {
      hyperlink(a);
    } else if (name == "comment") {
      comment(capped(a.get("author")));
      hold_record();  // a comment is one note, however many paragraphs
    } else if (name == "footnote" || name == "endnote") {
      hold_record();
    } else if (name == "shape") {
      alternative_text(a.get("alt"), {});  // VML, as older files and fallbacks write pictures
    } else if (name == "AlternateContent") {
      alternates_.push_back(false);
    } else if (name == "Choice" || name == "Fallback") {
      // The same content twice (a DrawingML text box and its VML copy):
      // the first alternative is read, the others skipped.
      if (!alternates_.empty() && alternates_.back()) skipped_ = 1;
      if (!alternates_.empty()) alternates_.back() = true;
    }
  }

  // A property directly inside w:rPr or w:pPr.
  void direct_property(std::string_view name, const XmlAttributes& a) {
    if (owner_ == Owner::run) {
      if (name == "vanish" || name == "specVanish" || name == "webHidden") {
        const Toggle t = toggle_value(a.get("val"), a.has("val"));
        if (state_.run_direct != Toggle::on) state_.run_direct = t;
      } else if (name == "rStyle") {
        state_.run_style = story_.styles.of(a.get("val"));
      }
    } else if (owner_ == Owner::paragraph && name == "pStyle") {
      state_.paragraph_style = story_.styles.of(a.get("val"));
    }
  }

  bool hidden_by_formatting() const {
    for (const Toggle t :
         {state_.run_direct, state_.run_style, state_.paragraph_style, story_.styles.defaults()})
      if (t != Toggle::unset) return t == Toggle::on;
    return false;
  }

  void emit(std::string_view text, TextKind kind) {
    if (text.empty()) return;
    const Tracked* deletion = innermost(true);
    const Tracked* insertion = innermost(false);
    Visibility own = Visibility::visible;
    const Tracked* change = nullptr;
    if (deletion || kind == TextKind::deleted || kind == TextKind::deleted_instruction) {
      own = Visibility::tracked_deletion;
      change = deletion;
    } else if (kind == TextKind::instruction || instruction_fields_ > 0 || hidden_by_formatting()) {
      own = Visibility::hidden_text;
    } else if (insertion) {
      own = Visibility::tracked_insertion;
      change = insertion;
    }
    const std::string_view author =
        change ? std::string_view(change->author) : std::string_view(story_author_);
    out_.run(text, in_story(story_.visibility, own), author);
  }

  // Text of an attribute among the runs: spaced from what follows.
  void emit_with_space(std::string_view text, TextKind kind) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
    emit(text, kind);
    emit(" ", kind);
  }

  // Alt text and titles of pictures: hidden from the page, kept in the
  // paragraph that holds the picture.
  void alternative_text(std::string_view description, std::string_view title) {
    emit_with_space(description, TextKind::instruction);
    if (title != description) emit_with_space(title, TextKind::instruction);
  }

  // The target of a link ("mailto:...") and its tooltip are not on the page.
  void hyperlink(const XmlAttributes& a) {
    if (const auto target = link_targets_.find(a.get("id")); target != link_targets_.end())
      emit_with_space(target->second, TextKind::instruction);
    emit_with_space(a.get("tooltip"), TextKind::instruction);
  }

  // Complex fields: begin, instruction runs, separate, result runs, end.
  // Text between begin and separate (a nested field's result included) is
  // the instruction.
  void field_char(std::string_view type) {
    if (type == "begin") {
      if (fields_.size() < kMaxFields) {
        fields_.push_back(true);
        ++instruction_fields_;
      } else {
        ++fields_overflow_;
      }
    } else if (type == "separate") {
      if (!fields_overflow_ && !fields_.empty() && fields_.back()) {
        fields_.back() = false;
        --instruction_fields_;
      }
    } else if (type == "end") {
      if (fields_overflow_) {
        --fields_overflow_;
      } else if (!fields_.empty()) {
        if (fields_.back()) --instruction_fields_;
        fields_.pop_back();
      }
    }
  }

  // A comment's author is a name in the file too: said once per part as a
  // paragraph of its own, and attached to every run of the comment.
  void comment(std::string author) {
    story_author_ = std::move(author);
    if (story_author_.empty() || named_.size() >= kMaxAuthorsNamed || !named_.insert(story_author_).second)
      return;
    out_.paragraph(story_author_, story_.visibility, story_author_);
  }

  void end_paragraph() {
    if (nested_.empty()) return;  // cannot happen in well-formed XML; a guard all the same
    state_ = nested_.back();
    nested_.pop_back();
    if (nested_.empty()) {
      out_.end_paragraph();
    } else {
      out_.run(" ", story_.visibility);  // a text box paragraph ends inside its anchor's paragraph
    }
  }

  // Records held by a comment, a note or a table row, which can nest
  // (a table in a footnote): the outermost decides.
  void hold_record() {
    if (holds_++ == 0) out_.hold_record(true);
  }
  void release_record() {
    if (holds_ > 0 && --holds_ == 0) out_.hold_record(false);
  }

  const Tracked* innermost(bool deletion) const {
    for (auto it = tracked_.rbegin(); it != tracked_.rend(); ++it)
      if (it->deletion == deletion) return &*it;
    return nullptr;
  }

  static std::string capped(std::string_view s) { return std::string(s.substr(0, kMaxAuthor)); }

  const Story& story_;
  DocumentWriter& out_;
  // External relationship targets by id.
  std::unordered_map<std::string_view, std::string_view> link_targets_;
  std::size_t skipped_ = 0;     // depth inside a skipped alternative
  std::size_t properties_ = 0;  // depth inside a property container
  Owner owner_ = Owner::other;
  TextKind text_kind_ = TextKind::none;
  ParagraphState state_{Toggle::unset, Toggle::unset, Toggle::unset};
  std::vector<ParagraphState> nested_;  // one per open w:p (bounded by the XML depth limit)
  std::vector<Tracked> tracked_;        // open w:ins / w:del / moves, innermost last
  std::vector<bool> alternates_;        // per open mc:AlternateContent: an alternative was read
  std::vector<bool> fields_;            // per open complex field: still in its instruction
  std::size_t instruction_fields_ = 0, fields_overflow_ = 0;
  std::size_t tables_ = 0;       // open w:tbl, nested ones included
  std::size_t holds_ = 0;        // open elements whose paragraphs are one record
  std::string story_author_;     // the open comment's author
  std::set<std::string> named_;  // comment authors already said
};

}  // namespace

constexpr XmlList kBodyParagraphs{"body", "p"};

void read_story(ZipArchive& zip, const Story& story, DocumentWriter& out) {
  out.begin_part(story.part.name);
  StoryHandler handler(story, out);
  try {
    // The body's paragraphs take the fast lane (other stories have no body).
    parse_part(zip, story.part, handler, kBodyParagraphs);
  } catch (...) {
    handler.break_off();
    throw;
  }
}

}  // namespace foiguard::formats::docx
