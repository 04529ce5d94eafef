#include "formats/pdf/page_text.hpp"

#include <GfxFont.h>
#include <GfxState.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Page.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "formats/pdf/poppler_session.hpp"
#include "formats/pdf/utf8_out.hpp"

namespace foiguard::formats::pdf {

namespace {

// Shapes narrower or shorter than this cannot hide a glyph (table rules,
// underlines); leaving them out keeps pages of ruled tables cheap.
constexpr double kMinCoverSide = 3.0;
// Text under this size (in points, as drawn) is unreadable: invisible_text.
constexpr double kTinyFontPoints = 1.0;
// A glyph counts as covered when a later shape hides this share of its box.
constexpr double kCoveredShare = 0.5;
// Colours this close (0..1 per channel) are the same to a reader's eye.
constexpr double kSameColour = 0.04;
// Height of the bands that index shapes by their vertical extent.
constexpr double kBandPoints = 16.0;
constexpr double kMaxBands = 4096;
// ... and a hostile page of millions of shapes cannot make it hold more
// than this many band entries (4 bytes each).
constexpr std::size_t kMaxBandEntries = 16u << 20;
// A hostile page cannot make the reader hold more glyphs than this.
constexpr std::size_t kMaxGlyphsPerPage = 4u << 20;

struct Rgb {
  float r = 1, g = 1, b = 1;
};

bool same_colour(const Rgb& a, const Rgb& b) {
  return std::abs(a.r - b.r) < kSameColour && std::abs(a.g - b.g) < kSameColour &&
         std::abs(a.b - b.b) < kSameColour;
}

// Below this, a box reads as a redaction bar rather than a background.
constexpr double kDarkLuminance = 0.35;

double luminance(const Rgb& c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; }

Rgb to_rgb(const GfxRGB& c) {
  return {static_cast<float>(colToDbl(c.r)), static_cast<float>(colToDbl(c.g)),
          static_cast<float>(colToDbl(c.b))};
}

double area(const PageBox& b) { return std::max(0.0f, b.x1 - b.x0) * std::max(0.0f, b.y1 - b.y0); }

PageBox intersect(const PageBox& a, const PageBox& b) {
  return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

bool contains(const PageBox& b, float x, float y) { return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1; }

// Something opaque drawn on the page: a filled shape or an image.
struct Shape {
  PageBox box;
  std::uint32_t order = 0;  // drawing order, shared with glyphs
  Rgb colour;
  bool image = false;
};

struct Glyph {
  PageBox box;
  float origin_x = 0, origin_y = 0;  // baseline start, device space
  float end_x = 0, end_y = 0;        // baseline start of the next glyph
  float dir_x = 1, dir_y = 0;        // unit writing direction
  float size = 0;                    // font size as drawn
  std::uint32_t order = 0;
  std::uint32_t text_begin = 0, text_end = 0;  // in the page's UTF-8 text
  Visibility visibility = Visibility::visible;
  bool space = false;
};

// Shapes indexed by horizontal bands, so that a glyph meets only the shapes
// at its height.
class ShapeIndex {
 public:
  void reset(double page_height) {
    shapes_.clear();
    entries_ = 0;
    // A hostile MediaBox may claim any height: the bands stay few, and grow taller.
    const double height = std::clamp(page_height, 1.0, 1e7);
    band_height_ = std::max(kBandPoints, height / kMaxBands);
    bands_.assign(static_cast<std::size_t>(std::ceil(height / band_height_)) + 2, {});
  }
  // False when the page already holds more shapes than a reader keeps.
  bool add(const Shape& shape) {
    const std::size_t first = band(shape.box.y0), last = band(shape.box.y1);
    if (entries_ + (last - first + 1) > kMaxBandEntries) return false;
    entries_ += last - first + 1;
    const auto index = static_cast<std::uint32_t>(shapes_.size());
    shapes_.push_back(shape);
    for (std::size_t b = first; b <= last; ++b) bands_[b].push_back(index);
    return true;
  }
  // Calls visit(shape) for the shapes of the band holding y, latest drawn
  // first, until it returns false.
  template <typename Visit>
  void latest_first(float y, Visit&& visit) const {
    const auto& band_shapes = bands_[band(y)];
    for (auto it = band_shapes.rbegin(); it != band_shapes.rend(); ++it)
      if (!visit(shapes_[*it])) return;
  }
  bool empty() const { return shapes_.empty(); }

 private:
  // Band 0 holds everything above the page, the last one everything below.
  std::size_t band(float y) const {
    if (!(y >= 0)) return 0;  // NaN too: hostile matrices produce them
    return std::min(bands_.size() - 1, 1 + static_cast<std::size_t>(std::min(y / band_height_, 1e9)));
  }
  double band_height_ = kBandPoints;
  std::size_t entries_ = 0;
  std::vector<Shape> shapes_;
  std::vector<std::vector<std::uint32_t>> bands_;
};

// Poppler calls this for every glyph, filled shape and image of the page in
// drawing order (annotations are not drawn: the caller reads them).
class GlyphCollector : public OutputDev {
 public:
  GlyphCollector(const std::vector<UserRect>& covers, const Deadline& deadline)
      : covers_(covers), deadline_(deadline) {}

  bool upsideDown() override { return true; }  // top-left origin, as a viewer shows the page
  bool useDrawChar() override { return true; }
  bool interpretType3Chars() override { return false; }
  bool needNonText() override { return true; }

  void startPage(int, GfxState* state, XRef*) override {
    page_ = {0, 0, static_cast<float>(state->getPageWidth()), static_cast<float>(state->getPageHeight())};
    shapes_.reset(state->getPageHeight());
    glyphs_.clear();
    text_.clear();
    order_ = 0;
    large_images_ = false;
    annotation_boxes_.clear();
    for (const UserRect& r : covers_) annotation_boxes_.push_back(device_box(state, r.x1, r.y1, r.x2, r.y2));
  }

  void fill(GfxState* state) override { add_fill(state); }
  void eoFill(GfxState* state) override { add_fill(state); }

  void drawChar(GfxState* state, double x, double y, double dx, double dy, double, double, CharCode,
                int, const Unicode* u, int u_len) override;

  void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                 GfxImageColorMap* colour_map, bool interpolate, const int* mask_colours,
                 bool inline_image) override {
    add_image(state, /*opaque=*/mask_colours == nullptr);
    if (inline_image) OutputDev::drawImage(state, ref, str, width, height, colour_map, interpolate, mask_colours, inline_image);
  }
  void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height, bool invert,
                     bool interpolate, bool inline_image) override {
    add_image(state, false);
    if (inline_image) OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inline_image);
  }
  void drawMaskedImage(GfxState* state, Object*, Stream*, int, int, GfxImageColorMap*, bool, Stream*, int,
                       int, bool, bool) override {
    add_image(state, false);
  }
  void drawSoftMaskedImage(GfxState* state, Object*, Stream*, int, int, GfxImageColorMap*, bool, Stream*,
                           int, int, GfxImageColorMap*, bool) override {
    add_image(state, false);
  }

  // After the page: which glyphs a later shape hides.
  void mark_covered();

  const std::vector<Glyph>& glyphs() const { return glyphs_; }
  const std::string& text() const { return text_; }
  bool large_images() const { return large_images_; }
  bool truncated() const { return truncated_; }
  bool timed_out() const { return timed_out_; }

 private:
  static PageBox device_box(const GfxState* state, double x1, double y1, double x2, double y2) {
    double xs[4], ys[4];
    state->transform(x1, y1, &xs[0], &ys[0]);
    state->transform(x2, y1, &xs[1], &ys[1]);
    state->transform(x1, y2, &xs[2], &ys[2]);
    state->transform(x2, y2, &xs[3], &ys[3]);
    return {static_cast<float>(*std::min_element(xs, xs + 4)), static_cast<float>(*std::min_element(ys, ys + 4)),
            static_cast<float>(*std::max_element(xs, xs + 4)), static_cast<float>(*std::max_element(ys, ys + 4))};
  }

  PageBox clip_box(const GfxState* state) const {
    double x0, y0, x1, y1;
    state->getClipBBox(&x0, &y0, &x1, &y1);
    return {static_cast<float>(x0), static_cast<float>(y0), static_cast<float>(x1), static_cast<float>(y1)};
  }

  static bool big_enough(const PageBox& b) { return b.x1 - b.x0 >= kMinCoverSide && b.y1 - b.y0 >= kMinCoverSide; }

  static bool opaque(const GfxState* state) {
    return state->getFillOpacity() >= 0.99 && state->getBlendMode() == gfxBlendNormal;
  }

  void add_fill(GfxState* state);
  void add_image(GfxState* state, bool opaque_image);
  Visibility classify(GfxState* state, const Glyph& g) const;

  const std::vector<UserRect>& covers_;
  const Deadline& deadline_;
  std::vector<PageBox> annotation_boxes_;
  PageBox page_;
  ShapeIndex shapes_;
  std::vector<Glyph> glyphs_;
  std::string text_;
  std::uint32_t order_ = 0;
  bool large_images_ = false;
  bool truncated_ = false;
  bool timed_out_ = false;
};

void GlyphCollector::add_fill(GfxState* state) {
  const GfxPath* path = state->getPath();
  if (path == nullptr || !opaque(state)) return;
  double x0 = std::numeric_limits<double>::max(), y0 = x0, x1 = -x0, y1 = -x0;
  for (int s = 0; s < path->getNumSubpaths(); ++s) {
    const GfxSubpath* sub = path->getSubpath(s);
    for (int i = 0; i < sub->getNumPoints(); ++i) {
      double x, y;
      state->transform(sub->getX(i), sub->getY(i), &x, &y);
      x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
    }
  }
  if (x0 > x1) return;
  // The bounding box of the path stands for the shape: exact for the
  // rectangles redaction boxes are, generous for other shapes.
  const PageBox box = intersect({static_cast<float>(x0), static_cast<float>(y0), static_cast<float>(x1),
                                 static_cast<float>(y1)},
                                clip_box(state));
  if (!big_enough(box)) return;
  GfxRGB rgb;
  state->getFillRGB(&rgb);
  if (!shapes_.add({box, order_++, to_rgb(rgb), false})) truncated_ = true;
}

void GlyphCollector::add_image(GfxState* state, bool opaque_image) {
  const PageBox box = intersect(device_box(state, 0, 0, 1, 1), clip_box(state));
  if (!big_enough(box)) return;
  // A scan is an image over most of the page; logos and signatures are not.
  if (area(intersect(box, page_)) >= 0.25 * area(page_)) large_images_ = true;
  if (opaque_image && opaque(state) && !shapes_.add({box, order_++, Rgb{}, true})) truncated_ = true;
}

void GlyphCollector::drawChar(GfxState* state, double x, double y, double dx, double dy, double, double,
                              CharCode, int, const Unicode* u, int u_len) {
  if (u_len <= 0 || u == nullptr || timed_out_) return;
  // One text operator can draw millions of glyphs between poppler's own checks.
  if ((glyphs_.size() & 4095) == 4095 && deadline_.passed()) {
    timed_out_ = true;
    return;
  }
  if (glyphs_.size() >= kMaxGlyphsPerPage) {
    truncated_ = true;
    return;
  }
  Glyph g;
  double ox, oy, adx, ady;
  state->transform(x, y, &ox, &oy);
  state->transformDelta(dx, dy, &adx, &ady);
  const double size = state->getTransformedFontSize();
  double len = std::hypot(adx, ady);
  double ux, uy;
  if (len > 1e-6) {
    ux = adx / len, uy = ady / len;
  } else {
    // A glyph with no advance (an accent) writes the way the text matrix does.
    const double* tm = state->getTextMat();
    state->transformDelta(tm[0], tm[1], &ux, &uy);
    const double n = std::hypot(ux, uy);
    if (n > 1e-9) ux /= n, uy /= n; else ux = 1, uy = 0;
  }
  // Up is the writing direction turned a quarter left (y grows downwards).
  const double up_x = uy * size, up_y = -ux * size;
  const double xs[4] = {ox + up_x * 0.8, ox - up_x * 0.2, ox + adx + up_x * 0.8, ox + adx - up_x * 0.2};
  const double ys[4] = {oy + up_y * 0.8, oy - up_y * 0.2, oy + ady + up_y * 0.8, oy + ady - up_y * 0.2};
  g.box = {static_cast<float>(*std::min_element(xs, xs + 4)), static_cast<float>(*std::min_element(ys, ys + 4)),
           static_cast<float>(*std::max_element(xs, xs + 4)), static_cast<float>(*std::max_element(ys, ys + 4))};
  g.origin_x = static_cast<float>(ox), g.origin_y = static_cast<float>(oy);
  g.end_x = static_cast<float>(ox + adx), g.end_y = static_cast<float>(oy + ady);
  g.dir_x = static_cast<float>(ux), g.dir_y = static_cast<float>(uy);
  g.size = static_cast<float>(size);
  g.order = order_++;
  g.text_begin = static_cast<std::uint32_t>(text_.size());
  for (int i = 0; i < u_len; ++i) append_text_utf8(text_, u[i]);
  g.text_end = static_cast<std::uint32_t>(text_.size());
  g.space = text_.find_first_not_of(' ', g.text_begin) == std::string::npos;
  if (g.text_end == g.text_begin) return;
  g.visibility = g.space ? Visibility::visible : classify(state, g);
  glyphs_.push_back(g);
}

// What a reader sees of a glyph as it is drawn; shapes drawn later are
// weighed in mark_covered().
Visibility GlyphCollector::classify(GfxState* state, const Glyph& g) const {
  const int mode = state->getRender() & 3;  // 4-7 add clipping to 0-3
  const float cx = (g.box.x0 + g.box.x1) / 2, cy = (g.box.y0 + g.box.y1) / 2;
  // The latest shape under the glyph is its background; an image under
  // invisible text is a scan with its OCR layer, which a reader does see.
  const Shape* under = nullptr;
  shapes_.latest_first(cy, [&](const Shape& s) {
    if (contains(s.box, cx, cy)) under = &s;
    return under == nullptr;
  });
  if (mode == 3) return under != nullptr && under->image ? Visibility::visible : Visibility::invisible_text;
  if (g.size < kTinyFontPoints) return Visibility::invisible_text;
  if (area(intersect(g.box, page_)) <= 0) return Visibility::invisible_text;      // off the page
  if (area(intersect(g.box, clip_box(state))) <= 0) return Visibility::invisible_text;  // clipped away
  const double opacity = mode == 1 ? state->getStrokeOpacity() : state->getFillOpacity();
  if (opacity < 0.05) return Visibility::invisible_text;
  if (under == nullptr || !under->image) {
    GfxRGB rgb;
    if (mode == 1) state->getStrokeRGB(&rgb); else state->getFillRGB(&rgb);
    const Rgb background = under != nullptr ? under->colour : Rgb{};  // the page is white
    if (same_colour(to_rgb(rgb), background)) {
      // Black text on a black box drawn first is the highlighter "redaction"
      // (Word's black highlight, exported): a box over a name to the eye.
      // White on white is text hidden, not redacted.
      return under != nullptr && luminance(background) < kDarkLuminance ? Visibility::under_redaction
                                                                        : Visibility::invisible_text;
    }
  }
  return Visibility::visible;
}

void GlyphCollector::mark_covered() {
  std::size_t seen = 0;
  for (Glyph& g : glyphs_) {
    if ((++seen & 1023) == 0 && deadline_.passed()) {
      timed_out_ = true;
      return;
    }
    if (g.space) continue;
    const double glyph_area = std::max(area(g.box), 1e-3);
    const auto hides = [&](const PageBox& cover) { return area(intersect(g.box, cover)) >= kCoveredShare * glyph_area; };
    bool covered = std::any_of(annotation_boxes_.begin(), annotation_boxes_.end(), hides);
    if (!covered) {
      shapes_.latest_first((g.box.y0 + g.box.y1) / 2, [&](const Shape& s) {
        if (s.order < g.order) return false;  // drawn before the glyph: and so are the rest
        covered = hides(s.box);
        return !covered;
      });
    }
    if (covered) g.visibility = Visibility::under_redaction;
  }
}

// Joins glyphs into lines in content order and lines into runs of one
// visibility, as pdftotext -raw joins them.
class LineBuilder {
 public:
  explicit LineBuilder(std::vector<TextRun>& runs) : runs_(runs) {}

  void add(const Glyph& g, std::string_view text) {
    if (previous_ != nullptr && starts_new_line(*previous_, g)) {
      end_run();
      pending_space_ = false;
      ++line_;
      column_ = 1;
    } else if (previous_ != nullptr && needs_space(*previous_, g)) {
      pending_space_ = true;
    }
    if (g.space) {
      pending_space_ = true;
      previous_ = &g;
      return;
    }
    if (open_ && g.visibility != run_.visibility) end_run();
    if (pending_space_) {
      if (open_) run_.text.push_back(' ');
      ++column_;
      pending_space_ = false;
    }
    if (!open_) {
      run_ = TextRun{};
      run_.line = line_;
      run_.column = column_;
      run_.box = g.box;
      run_.visibility = g.visibility;
      open_ = true;
    } else {
      run_.box = {std::min(run_.box.x0, g.box.x0), std::min(run_.box.y0, g.box.y0),
                  std::max(run_.box.x1, g.box.x1), std::max(run_.box.y1, g.box.y1)};
    }
    run_.text.append(text);
    column_ += count_code_points(text);
    previous_ = &g;
  }

  void finish() { end_run(); }

 private:
  static std::uint32_t count_code_points(std::string_view s) {
    return static_cast<std::uint32_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  }

  static bool starts_new_line(const Glyph& a, const Glyph& b) {
    const double size = std::max({a.size, b.size, 1.0f});
    if (a.dir_x * b.dir_x + a.dir_y * b.dir_y < 0.95f) return true;
    const double dx = b.origin_x - a.end_x, dy = b.origin_y - a.end_y;
    const double across = std::abs(dx * -a.dir_y + dy * a.dir_x);  // off the baseline
    const double along = dx * a.dir_x + dy * a.dir_y;               // gap along it
    return across > 0.6 * size || along < -0.7 * size;
  }

  static bool needs_space(const Glyph& a, const Glyph& b) {
    const double size = std::max({a.size, b.size, 1.0f});
    const double along = (b.origin_x - a.end_x) * a.dir_x + (b.origin_y - a.end_y) * a.dir_y;
    return along > 0.15 * size;
  }

  void end_run() {
    if (open_) {
      while (!run_.text.empty() && run_.text.back() == ' ') run_.text.pop_back();
      if (!run_.text.empty()) runs_.push_back(std::move(run_));
    }
    open_ = false;
  }

  std::vector<TextRun>& runs_;
  const Glyph* previous_ = nullptr;
  TextRun run_;
  bool open_ = false;
  bool pending_space_ = false;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

bool decide_no_annotations(Annot*, void*) { return false; }

}  // namespace

PageText read_page_text(PDFDoc& doc, int page, const std::vector<UserRect>& covers, const Deadline& deadline) {
  PageText out;
  GlyphCollector collector(covers, deadline);
  doc.displayPage(&collector, page, 72, 72, 0, /*useMediaBox=*/false, /*crop=*/true, /*printing=*/false,
                  &Deadline::abort_check, const_cast<Deadline*>(&deadline), &decide_no_annotations, nullptr);
  collector.mark_covered();
  out.timed_out = collector.timed_out() || deadline.passed();
  LineBuilder lines(out.runs);
  const std::string& text = collector.text();
  for (const Glyph& g : collector.glyphs()) {
    lines.add(g, std::string_view(text).substr(g.text_begin, g.text_end - g.text_begin));
    if (!g.space) ++out.glyphs;
  }
  lines.finish();
  out.has_images = collector.large_images();
  out.truncated = collector.truncated();
  return out;
}

}  // namespace foiguard::formats::pdf
