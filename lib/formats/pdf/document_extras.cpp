#include "formats/pdf/document_extras.hpp"

#include <Annot.h>
#include <Catalog.h>
#include <FileSpec.h>
#include <Form.h>
#include <Outline.h>
#include <PDFDoc.h>
#include <Page.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <string>
#include <utility>

#include "formats/package_parts.hpp"
#include "formats/xml_stream.hpp"
#include "formats/pdf/line_writer.hpp"
#include "formats/pdf/poppler_session.hpp"
#include "formats/pdf/utf8_out.hpp"

namespace foiguard::formats::pdf {

namespace {

// Bookmark trees are data a hostile file controls: both are bounded.
constexpr int kMaxOutlineDepth = 64;
constexpr std::size_t kMaxOutlineItems = 100000;
constexpr int kMaxFieldDepth = 64;

std::string utf8_of(const GooString* text) {
  return text == nullptr ? std::string() : text_string_utf8(text->toStr());
}

// A field value as the file stores it: a text string, or an array of them
// (a multiple choice list).
std::string value_text(const Object& value) {
  if (value.isString()) return utf8_of(value.getString());
  std::string out;
  if (!value.isArray()) return out;
  for (int i = 0; i < value.arrayGetLength(); ++i) {
    const Object item = value.arrayGet(i);
    if (!item.isString()) continue;
    if (!out.empty()) out += "; ";
    out += utf8_of(item.getString());
  }
  return out;
}

std::string string_entry(const Object& dict, const char* key) {
  if (!dict.isDict()) return {};
  const Object value = dict.dictLookup(key);
  return value.isString() ? utf8_of(value.getString()) : std::string();
}

// Poppler 22.12 has no class for Redact annotations: they are told by name.
bool is_redact(const Annot& annot) {
  const Object& dict = annot.getAnnotObj();
  return dict.isDict() && dict.dictLookup("Subtype").isName("Redact");
}

// The /T entry (the author) of an annotation poppler keeps no class for.
std::string author_entry(const Annot& annot) { return string_entry(annot.getAnnotObj(), "T"); }

UserRect normalised(double x1, double y1, double x2, double y2) {
  return {std::min(x1, x2), std::min(y1, y2), std::max(x1, x2), std::max(y1, y2)};
}

// A Redact annotation's /QuadPoints (one quadrilateral per marked line), or its /Rect.
void redact_rects(Annot& annot, std::vector<UserRect>& out) {
  const Object& dict = annot.getAnnotObj();
  if (dict.isDict()) {
    const Object quads = dict.dictLookup("QuadPoints");
    if (quads.isArray() && quads.arrayGetLength() >= 8) {
      const int n = quads.arrayGetLength() / 8;
      for (int q = 0; q < n; ++q) {
        double xs[4], ys[4];
        bool numbers = true;
        for (int k = 0; k < 4; ++k) {
          const Object x = quads.arrayGet(q * 8 + 2 * k), y = quads.arrayGet(q * 8 + 2 * k + 1);
          numbers = numbers && x.isNum() && y.isNum();
          xs[k] = numbers ? x.getNum() : 0;
          ys[k] = numbers ? y.getNum() : 0;
        }
        if (numbers)
          out.push_back(normalised(*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
                                   *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4)));
      }
      if (n > 0) return;
    }
  }
  double x1, y1, x2, y2;
  annot.getRect(&x1, &y1, &x2, &y2);
  out.push_back(normalised(x1, y1, x2, y2));
}

// A Square annotation with an opaque interior: a box drawn over the page by hand.
bool opaque_square(Annot& annot) {
  // A hidden annotation is not drawn, so it hides nothing.
  if ((annot.getFlags() & (Annot::flagHidden | Annot::flagNoView)) != 0) return false;
  auto* square = dynamic_cast<AnnotGeometry*>(&annot);
  return square != nullptr && square->getInteriorColor() != nullptr &&
         square->getInteriorColor()->getSpace() != AnnotColor::colorTransparent && square->getOpacity() >= 0.99;
}

std::string_view annotation_label(const Annot& annot) {
  if (is_redact(annot)) return "redaction note";
  switch (annot.getType()) {
    case Annot::typeText: return "comment";
    case Annot::typeFreeText: return "free text";
    case Annot::typeFileAttachment: return "attachment note";
    case Annot::typeHighlight:
    case Annot::typeUnderline:
    case Annot::typeSquiggly:
    case Annot::typeStrikeOut: return "markup comment";
    case Annot::typeStamp: return "stamp";
    default: return "annotation";
  }
}

// A popup shows its parent's text; its own /Contents is read only when it
// says something else. (Poppler lists only popups without a parent among a
// page's annotations; the others are reached through their parent.)
void read_popup(const Annot& popup, std::string_view parent_text, std::string_view parent_author,
                std::uint32_t page, LineWriter& out) {
  const std::string text = utf8_of(popup.getContents());
  if (text.empty() || text == parent_text) return;
  const std::string author = author_entry(popup);
  out.note(text, "annotations", page, Visibility::comment, "popup", author.empty() ? parent_author : author);
}

// A widget of a file without an AcroForm: poppler builds no field for it,
// but its value is still in the file.
void read_orphan_widget(const Annot& widget, LineWriter& out) {
  const Object& dict = widget.getAnnotObj();
  if (!dict.isDict()) return;
  std::string name = string_entry(dict, "T");
  if (name.empty()) name = "form field";
  out.note(value_text(dict.dictLookup("V")), "form fields", std::nullopt, Visibility::visible, name);
}

void read_annotations(PDFDoc& doc, int page, bool has_form, LineWriter& out, std::vector<Object>& attachments) {
  Page* p = doc.getPage(page);
  Annots* annots = p == nullptr ? nullptr : p->getAnnots();
  if (annots == nullptr) return;
  const auto number = static_cast<std::uint32_t>(page);
  for (Annot* annot : annots->getAnnots()) {
    const Annot::AnnotSubtype type = annot->getType();
    if (type == Annot::typeLink) continue;
    if (type == Annot::typeWidget) {  // a form field's widget: the form is read on its own
      if (!has_form) read_orphan_widget(*annot, out);
      continue;
    }
    if (type == Annot::typePopup) {
      read_popup(*annot, {}, {}, number, out);
      continue;
    }
    const std::string text = utf8_of(annot->getContents());
    std::string author;
    const AnnotPopup* popup = nullptr;
    if (auto* markup = dynamic_cast<AnnotMarkup*>(annot)) {
      author = utf8_of(markup->getLabel());
      popup = markup->getPopup();
    }
    if (author.empty()) author = author_entry(*annot);
    out.note(text, "annotations", number, Visibility::comment, annotation_label(*annot), author);
    if (popup != nullptr) read_popup(*popup, text, author, number, out);
    if (is_redact(*annot)) {
      // The text a viewer prints over the area once the redaction is applied.
      out.note(string_entry(annot->getAnnotObj(), "OverlayText"), "annotations", number, Visibility::visible,
               "redaction overlay");
    }
    if (type == Annot::typeFileAttachment) {
      auto* attached = static_cast<AnnotFileAttachment*>(annot);
      if (attached->getFile()->isDict()) attachments.push_back(attached->getFile()->copy());
    }
  }
}

// A signature's signer, reason, place and contact: shown by every viewer's
// signature panel, and often a person's name.
void read_signature(FormField& field, const std::string& name, LineWriter& out) {
  const Object signature = field.getObj()->dictLookup("V");
  if (!signature.isDict()) return;
  static constexpr std::pair<const char*, const char*> kEntries[] = {
      {"Name", "signer name"}, {"ContactInfo", "signer contact"}, {"Location", "signing location"},
      {"Reason", "signing reason"}};
  for (const auto& [key, label] : kEntries)
    out.note(string_entry(signature, key), "form fields", std::nullopt, Visibility::visible,
             fmt::format("{} ({})", label, name));
}

void read_field(FormField& field, int depth, LineWriter& out) {
  if (depth > kMaxFieldDepth) return;
  for (int i = 0; i < field.getNumChildren(); ++i)
    if (FormField* child = field.getChildren(i)) read_field(*child, depth + 1, out);
  std::string name = utf8_of(field.getPartialName());
  if (name.empty()) name = "form field";
  std::string value;
  // static_cast on the field's own type: poppler exports no typeinfo for these classes.
  if (field.getType() == formText) {
    value = utf8_of(static_cast<FormFieldText&>(field).getContent());
  } else if (field.getType() == formChoice) {
    // /V holds what was picked, or typed into an editable combo box.
    value = value_text(field.getObj()->dictLookup("V"));
    auto& choice = static_cast<FormFieldChoice&>(field);
    for (int i = 0; value.empty() && i < choice.getNumChoices(); ++i)
      if (choice.isSelected(i)) value = utf8_of(choice.getChoice(i));
  } else if (field.getType() == formSignature) {
    read_signature(field, name, out);
    return;
  }
  out.note(value, "form fields", std::nullopt, Visibility::visible, name);
}

void read_form(PDFDoc& doc, LineWriter& out) {
  Form* form = doc.getCatalog()->getForm();
  if (form == nullptr) return;
  for (int i = 0; i < form->getNumFields(); ++i)
    if (FormField* field = form->getRootField(i)) read_field(*field, 0, out);
}

void read_outline_items(const std::vector<OutlineItem*>* items, int depth, std::size_t& seen, LineWriter& out) {
  if (items == nullptr || depth > kMaxOutlineDepth) return;
  for (OutlineItem* item : *items) {
    if (item == nullptr || ++seen > kMaxOutlineItems) return;
    std::string title;
    for (int i = 0; i < item->getTitleLength(); ++i) append_text_utf8(title, item->getTitle()[i]);
    out.note(title, "bookmarks", std::nullopt, Visibility::visible, "bookmark");
    if (item->hasKids()) {
      item->open();
      read_outline_items(item->getKids(), depth + 1, seen, out);
    }
  }
}

// Info dictionary keys, labelled like the Office properties: Author is the
// document's creator; Creator is the program that made it; "title" would
// otherwise read as a column of job titles.
std::string info_label(const std::string& key) {
  if (key == "Author") return "creator";
  if (key == "Creator") return "creator tool";
  if (key == "Producer") return "producer";
  std::string lower = key;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string_view label = property_label(lower);
  return label == lower ? key : std::string(label);
}

void read_info(PDFDoc& doc, LineWriter& out) {
  const Object info = doc.getDocInfo();
  if (!info.isDict()) return;
  Dict* dict = info.getDict();
  for (int i = 0; i < dict->getLength(); ++i) {
    const std::string key = dict->getKey(i);
    const Object value = dict->getVal(i);
    if (!value.isString() || key == "CreationDate" || key == "ModDate" || key == "Trapped") continue;
    out.note(utf8_of(value.getString()), "document info", std::nullopt, Visibility::metadata, info_label(key));
  }
}

// XMP text nodes labelled by the property that holds them: dc:creator's
// name sits in rdf:Seq/rdf:li, and "li" says nothing.
class XmpHandler : public XmlHandler {
 public:
  explicit XmpHandler(LineWriter& out) : out_(out) {}
  void start(std::string_view name, const XmlAttributes&) override {
    flush();
    elements_.emplace_back(name);
  }
  void end(std::string_view) override {
    flush();
    if (!elements_.empty()) elements_.pop_back();
  }
  void text(std::string_view piece) override {
    if (text_.size() < kMaxText) text_.append(piece);
  }

 private:
  static constexpr std::size_t kMaxText = 1u << 20;
  static bool container(std::string_view name) {
    return name == "li" || name == "Seq" || name == "Bag" || name == "Alt" || name == "Description" ||
           name == "RDF" || name == "xmpmeta";
  }
  void flush() {
    const auto first = text_.find_first_not_of(" \t\r\n");
    if (first != std::string::npos) {
      std::string_view label = "XMP";
      for (auto it = elements_.rbegin(); it != elements_.rend(); ++it) {
        if (!container(*it)) {
          label = property_label(*it);
          break;
        }
      }
      out_.note(std::string_view(text_).substr(first), "XMP metadata", std::nullopt, Visibility::metadata, label);
    }
    text_.clear();
  }
  LineWriter& out_;
  std::vector<std::string> elements_;
  std::string text_;
};

void read_xmp(PDFDoc& doc, LineWriter& out, ReadStats& stats) {
  const std::unique_ptr<GooString> xmp = doc.readMetadata();
  if (!xmp || xmp->getLength() == 0) return;
  read_part_or_note("XMP metadata", stats, [&] {
    XmpHandler handler(out);
    XmlStream stream(handler, "XMP metadata");
    stream.feed(xmp->toStr());
    stream.finish();
  });
}

// The attachments of one file, read once each: a file attachment annotation
// often points at a file the EmbeddedFiles tree lists too.
class Attachments {
 public:
  Attachments(const PackageOptions& options, LineWriter& out, ReadStats& stats, const BatchSink& sink)
      : options_(options), out_(out), stats_(stats), sink_(sink) {}

  void read(FileSpec& spec) {
    const std::size_t index = ++count_;
    std::string name = spec.isOk() ? utf8_of(spec.getFileName()) : std::string();
    if (name.empty()) name = fmt::format("attachment {}", index);
    read_part_or_note(name, stats_, [&] {
      PackageOptions inner = options_;
      inner.container.push_back(name);
      if (inner.container.size() > inner.max_depth) {
        // read_nested says so; the bytes are not worth reading first.
        read_nested({}, inner, Visibility::attachment, stats_, sink_);
        return;
      }
      EmbFile* file = spec.isOk() ? spec.getEmbeddedFile() : nullptr;
      if (file == nullptr || !file->isOk())
        throw FormatError(fmt::format("attachment '{}' has no embedded data", name));
      const std::string bytes = read_bytes(*file, name);
      if (!seen_.emplace(name, std::hash<std::string>{}(bytes)).second) return;
      out_.note(name, "attachments", std::nullopt, Visibility::attachment, "attachment name");
      out_.note(utf8_of(spec.getDescription()), "attachments", std::nullopt, Visibility::attachment,
                "attachment description");
      out_.flush();  // the nested file's batches follow ours
      read_nested(bytes, inner, Visibility::attachment, stats_, sink_);
    });
  }

 private:
  // The bytes of an embedded file, within the nested-file size limit and the
  // budget every container of the scanned file shares (charged as they are
  // decoded: a small stream may inflate to gigabytes).
  std::string read_bytes(EmbFile& file, const std::string& name) {
    ContainerBudget& budget = *options_.budget;
    if (++budget.members > budget.max_members)
      throw FormatError("over the limits shared by the file's containers: not checked");
    Stream* stream = file.stream();
    if (stream == nullptr) throw FormatError(fmt::format("attachment '{}' has no data", name));
    stream->reset();
    std::string bytes;
    unsigned char buffer[64 * 1024];
    for (;;) {
      const int got = stream->doGetChars(sizeof buffer, buffer);
      if (got <= 0) break;
      const auto n = static_cast<std::size_t>(got);
      budget.inflated += n;
      if (bytes.size() + n > kMaxNestedBytes || budget.inflated > budget.max_inflated) {
        stream->close();
        throw FormatError(bytes.size() + n > kMaxNestedBytes
                              ? fmt::format("over {} MiB: not checked", kMaxNestedBytes >> 20)
                              : std::string("over the limits shared by the file's containers: not checked"));
      }
      bytes.append(reinterpret_cast<const char*>(buffer), n);
    }
    stream->close();
    return bytes;
  }

  const PackageOptions& options_;
  LineWriter& out_;
  ReadStats& stats_;
  const BatchSink& sink_;
  std::size_t count_ = 0;
  std::set<std::pair<std::string, std::size_t>> seen_;  // (name, hash of the bytes)
};

}  // namespace

std::vector<UserRect> annotation_covers(PDFDoc& doc, int page) {
  std::vector<UserRect> covers;
  Page* p = doc.getPage(page);
  Annots* annots = p == nullptr ? nullptr : p->getAnnots();
  if (annots == nullptr) return covers;
  for (Annot* annot : annots->getAnnots()) {
    if (is_redact(*annot)) {
      redact_rects(*annot, covers);
    } else if (annot->getType() == Annot::typeSquare && opaque_square(*annot)) {
      double x1, y1, x2, y2;
      annot->getRect(&x1, &y1, &x2, &y2);
      covers.push_back(normalised(x1, y1, x2, y2));
    }
  }
  return covers;
}

void read_document_extras(PDFDoc& doc, const PackageOptions& options, LineWriter& out, ReadStats& stats,
                          const BatchSink& sink) {
  std::vector<Object> attached;  // file attachment annotations' file specifications
  const bool has_form = doc.getCatalog()->getForm() != nullptr;
  for (int page = 1; page <= doc.getNumPages(); ++page) read_annotations(doc, page, has_form, out, attached);
  read_form(doc, out);
  if (Outline* outline = doc.getOutline()) {
    std::size_t seen = 0;
    read_outline_items(outline->getItems(), 0, seen, out);
  }
  read_info(doc, out);
  read_xmp(doc, out, stats);

  Attachments attachments(options, out, stats, sink);
  Catalog* catalog = doc.getCatalog();
  const int embedded = catalog->numEmbeddedFiles();
  for (int i = 0; i < embedded; ++i) {
    const std::unique_ptr<FileSpec> spec = catalog->embeddedFile(i);
    if (!spec) {
      stats.not_checked.push_back({fmt::format("embedded file {}", i + 1), "unreadable file specification"});
      continue;
    }
    attachments.read(*spec);
  }
  for (const Object& object : attached) {
    FileSpec spec(&object);
    attachments.read(spec);
  }
}

}  // namespace foiguard::formats::pdf
