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
#include <string>

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

// Poppler 22.12 has no class for Redact annotations: they are told by name.
bool is_redact(const Annot& annot) {
  const Object& dict = annot.getAnnotObj();
  return dict.isDict() && dict.dictLookup("Subtype").isName("Redact");
}

// The /T entry (the author) of an annotation poppler keeps no class for.
std::string author_entry(const Annot& annot) {
  const Object& dict = annot.getAnnotObj();
  if (!dict.isDict()) return {};
  const Object author = dict.dictLookup("T");
  return author.isString() ? utf8_of(author.getString()) : std::string();
}

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

void read_annotations(PDFDoc& doc, int page, LineWriter& out, std::vector<Object>& attachments) {
  Page* p = doc.getPage(page);
  Annots* annots = p == nullptr ? nullptr : p->getAnnots();
  if (annots == nullptr) return;
  const auto number = static_cast<std::uint32_t>(page);
  for (Annot* annot : annots->getAnnots()) {
    const Annot::AnnotSubtype type = annot->getType();
    // Widgets are form fields (read from the form); a popup shows its parent's text.
    if (type == Annot::typeWidget || type == Annot::typePopup || type == Annot::typeLink) continue;
    std::string author;
    if (auto* markup = dynamic_cast<AnnotMarkup*>(annot)) author = utf8_of(markup->getLabel());
    if (author.empty()) author = author_entry(*annot);
    out.note(utf8_of(annot->getContents()), "annotations", number, Visibility::comment,
             annotation_label(*annot), author);
    if (is_redact(*annot)) {
      const Object& dict = annot->getAnnotObj();
      if (dict.isDict()) {
        const Object overlay = dict.dictLookup("OverlayText");
        if (overlay.isString()) out.note(utf8_of(overlay.getString()), "annotations", number, Visibility::visible, "redaction overlay");
      }
    }
    if (type == Annot::typeFileAttachment) {
      auto* attached = static_cast<AnnotFileAttachment*>(annot);
      if (attached->getFile()->isDict()) attachments.push_back(attached->getFile()->copy());
    }
  }
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
    auto* choice = static_cast<FormFieldChoice*>(&field);
    for (int i = 0; i < choice->getNumChoices(); ++i) {
      if (!choice->isSelected(i)) continue;
      if (!value.empty()) value += "; ";
      value += utf8_of(choice->getChoice(i));
    }
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

// Info dictionary keys, labelled like the Office properties ("title" would
// otherwise read as a column of job titles).
std::string info_label(const std::string& key) {
  std::string lower = key;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "author") return "creator";
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

// The bytes of an embedded file, bounded by the nested-file limits.
std::string embedded_bytes(EmbFile& file, const std::string& name) {
  Stream* stream = file.stream();
  if (stream == nullptr) throw FormatError(fmt::format("attachment '{}' has no data", name));
  stream->reset();
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    const int got = stream->doGetChars(sizeof buffer, reinterpret_cast<unsigned char*>(buffer));
    if (got <= 0) break;
    if (bytes.size() + static_cast<std::size_t>(got) > kMaxNestedBytes) {
      stream->close();
      throw FormatError(fmt::format("attachment '{}' is over {} MiB: not checked", name, kMaxNestedBytes >> 20));
    }
    bytes.append(buffer, static_cast<std::size_t>(got));
  }
  stream->close();
  return bytes;
}

void read_attachment(FileSpec& spec, std::size_t index, const PackageOptions& options, LineWriter& out,
                     ReadStats& stats, const BatchSink& sink) {
  std::string name = spec.isOk() ? utf8_of(spec.getFileName()) : std::string();
  if (name.empty()) name = fmt::format("attachment {}", index);
  read_part_or_note(name, stats, [&] {
    EmbFile* file = spec.isOk() ? spec.getEmbeddedFile() : nullptr;
    if (file == nullptr || !file->isOk()) throw FormatError(fmt::format("attachment '{}' has no embedded data", name));
    const std::string bytes = embedded_bytes(*file, name);
    ContainerBudget& budget = *options.budget;
    budget.inflated += bytes.size();
    if (budget.inflated > budget.max_inflated || ++budget.members > budget.max_members)
      throw FormatError("over the limits shared by the file's containers: not checked");
    out.note(name, "attachments", std::nullopt, Visibility::attachment, "attachment name");
    out.flush();  // the nested file's batches follow ours
    PackageOptions inner = options;
    inner.container.push_back(name);
    read_nested(bytes, inner, Visibility::attachment, stats, sink);
  });
}

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
  std::vector<Object> attachments;
  for (int page = 1; page <= doc.getNumPages(); ++page) read_annotations(doc, page, out, attachments);
  read_form(doc, out);
  if (Outline* outline = doc.getOutline()) {
    std::size_t seen = 0;
    read_outline_items(outline->getItems(), 0, seen, out);
  }
  read_info(doc, out);
  read_xmp(doc, out, stats);

  Catalog* catalog = doc.getCatalog();
  const int embedded = catalog->numEmbeddedFiles();
  std::size_t index = 0;
  for (int i = 0; i < embedded; ++i) {
    const std::unique_ptr<FileSpec> spec = catalog->embeddedFile(i);
    if (!spec) {
      stats.not_checked.push_back({fmt::format("attachment {}", ++index), "unreadable file specification"});
      continue;
    }
    read_attachment(*spec, ++index, options, out, stats, sink);
  }
  for (const Object& object : attachments) {
    FileSpec spec(&object);
    read_attachment(spec, ++index, options, out, stats, sink);
  }
}

}  // namespace foiguard::formats::pdf
