#include "formats/xlsx_styles.hpp"

#include <charconv>
#include <cmath>
#include <unordered_map>

#include "formats/package_parts.hpp"

namespace foiguard::formats {
namespace {

std::uint32_t to_uint(std::string_view s, std::uint32_t fallback = 0) {
  std::uint32_t v = fallback;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

double to_double(std::string_view s, double fallback) {
  double v = fallback;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

struct Font {
  std::string colour;  // "FFFFFFFF", "theme:0", "indexed:9", or "" (automatic: black)
  double size = 11;
};

std::string colour_of(const XmlAttributes& a) {
  if (a.has("rgb")) {
    std::string rgb(a.get("rgb"));
    for (auto& c : rgb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (rgb.size() == 6) rgb = "FF" + rgb;
    return rgb;
  }
  if (a.has("theme")) return "theme:" + std::string(a.get("theme"));
  if (a.has("indexed")) return "indexed:" + std::string(a.get("indexed"));
  return {};
}

bool is_white(const std::string& colour) {
  // Theme 0 is "Background 1" (white in every stock theme); indexed 9 is white.
  return colour == "FFFFFFFF" || colour == "theme:0" || colour == "indexed:9" || colour == "indexed:1";
}

class StylesHandler : public XmlHandler {
 public:
  std::unordered_map<std::uint32_t, std::string> formats;
  std::vector<Font> fonts;
  std::vector<std::string> fills;  // solid fill colour, "" for none
  struct Xf {
    std::uint32_t format = 0, font = 0, fill = 0;
  };
  std::vector<Xf> xfs;

  void start(std::string_view name, const XmlAttributes& a) override {
    if (name == "numFmt") {
      formats[to_uint(a.get("numFmtId"))] = a.get("formatCode");
    } else if (name == "fonts" || name == "fills" || name == "cellXfs" || name == "cellStyleXfs" ||
               name == "dxfs") {
      section_ = name;
    } else if (section_ == "fonts") {
      if (name == "font") fonts.emplace_back();
      else if (name == "color" && !fonts.empty()) fonts.back().colour = colour_of(a);
      else if (name == "sz" && !fonts.empty()) fonts.back().size = to_double(a.get("val"), 11);
    } else if (section_ == "fills") {
      if (name == "fill") {
        fills.emplace_back();
        solid_ = false;
      } else if (name == "patternFill") {
        solid_ = a.get("patternType") == "solid";
      } else if (name == "fgColor" && solid_ && !fills.empty()) {
        fills.back() = colour_of(a);
      }
    } else if (section_ == "cellXfs" && name == "xf") {
      xfs.push_back({to_uint(a.get("numFmtId")), to_uint(a.get("fontId")), to_uint(a.get("fillId"))});
    }
  }
  void end(std::string_view name) override {
    if (name == section_) section_ = {};
  }
  void text(std::string_view) override {}

 private:
  std::string_view section_;  // points at a literal above, never at parser memory
  bool solid_ = false;
};

}  // namespace

bool is_empty_format(std::string_view code) {
  // ";;;" and variants with only separators and whitespace.
  if (code.find(';') == std::string_view::npos) return false;
  for (const char c : code)
    if (c != ';' && c != ' ') return false;
  return true;
}

bool is_date_format(std::uint32_t id, std::string_view code) {
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return true;
  if (code.empty()) return false;
  bool quoted = false, bracket = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '\\' || c == '_' || c == '*') {
      ++i;  // escaped or padding character
    } else if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == '[') {
      bracket = true;
    } else if (!quoted && c == ']') {
      bracket = false;
    } else if (!quoted && !bracket && (c == 'd' || c == 'D' || c == 'y' || c == 'Y')) {
      return true;
    }
  }
  return false;
}

std::string excel_date(double serial, bool date1904) {
  if (!(serial >= 1 && serial < 2958466)) return {};  // 1900-01-01 .. 9999-12-31
  auto days = static_cast<long>(std::floor(serial));
  // Excel's 1900 system counts a 29 February 1900 that never was.
  if (!date1904) {
    if (days == 60) return "1900-02-29";
    if (days < 60) ++days;
  }
  // Days since 1970-01-01 (1899-12-30 and 1904-01-01 are the two epochs),
  // then the civil-from-days algorithm (H. Hinnant).
  long z = date1904 ? days - 24107 : days - 25569;
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2);
  // By hand: a sheet of birth and start dates formats one per cell, and even
  // fmt's compiled format costs as much as the rest of the cell.
  char iso[10];
  const auto put = [&iso](int at, long value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) iso[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, y, 4);
  iso[4] = '-';
  put(5, m, 2);
  iso[7] = '-';
  put(8, d, 2);
  return std::string(iso, sizeof iso);
}

std::vector<CellStyle> read_styles(ZipArchive& zip, const ZipArchive::Entry& part) {
  StylesHandler h;
  parse_part(zip, part, h);
  std::vector<CellStyle> out;
  out.reserve(h.xfs.size());
  for (const auto& xf : h.xfs) {
    CellStyle s;
    const auto custom = h.formats.find(xf.format);
    const std::string_view code = custom == h.formats.end() ? std::string_view() : std::string_view(custom->second);
    s.date = is_date_format(xf.format, code);
    s.invisible = is_empty_format(code);
    if (xf.font < h.fonts.size()) {
      const Font& font = h.fonts[xf.font];
      const std::string fill = xf.fill < h.fills.size() ? h.fills[xf.fill] : std::string();
      const bool same_as_fill = !font.colour.empty() && (font.colour == fill || (fill.empty() && is_white(font.colour)));
      s.invisible = s.invisible || same_as_fill || font.size < 3;
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace foiguard::formats
