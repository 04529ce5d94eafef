// make_text_pdf: a report generator's PDF, written by hand so the benchmark
// needs no PDF library beyond the one it measures.
#include <zlib.h>

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench_data.hpp"

namespace foiguard::bench {

namespace {

constexpr int kLinesPerPage = 45;
constexpr std::size_t kCharsPerLine = 95;
constexpr double kPageWidth = 595, kPageHeight = 842;

std::string deflate(std::string_view raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                static_cast<uLong>(raw.size()), Z_DEFAULT_COMPRESSION) != Z_OK)
    throw std::runtime_error("make_text_pdf: zlib failed");
  out.resize(size);
  return out;
}

// A PDF literal string in WinAnsi: ( ) \ escaped, UTF-8 letters outside
// ASCII as '?' (the generated prose has a few: the names' accents).
std::string pdf_string(std::string_view utf8) {
  std::string out = "(";
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c == '(' || c == ')' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x80) {
      if ((c & 0xC0) == 0xC0) out += '?';  // one '?' per code point
    } else if (c >= 0x20) {
      out += static_cast<char>(c);
    }
  }
  return out + ")";
}

// Lines of at most kCharsPerLine characters, broken at spaces.
std::vector<std::string> wrap(std::string_view text) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find_first_of(" \n", start), text.size());
    const std::string_view word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > kCharsPerLine) lines.push_back(std::exchange(line, {}));
    if (!word.empty()) {
      if (!line.empty()) line += ' ';
      line += word;
    }
    if (end < text.size() && text[end] == '\n' && !line.empty()) lines.push_back(std::exchange(line, {}));
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// One page's content stream: every tenth page, a light box under one line
// (a highlight) and a black box drawn over part of another (a failed redaction).
std::string page_content(const std::vector<std::string>& lines, std::size_t first, std::size_t page) {
  std::string out;
  const bool boxes = page % 10 == 0;
  if (boxes) out += "0.9 g 70 700 300 14 re f 0 g\n";
  out += "BT /F2 12 Tf 72 800 Td (Westshire Police - disclosure log) Tj ET\n";
  for (int i = 0; i < kLinesPerPage && first + static_cast<std::size_t>(i) < lines.size(); ++i) {
    const double y = 780 - 16.0 * i;
    out += fmt::format("BT /F1 10 Tf 72 {:.0f} Td {} Tj ET\n", y, pdf_string(lines[first + static_cast<std::size_t>(i)]));
  }
  if (boxes) out += "0 g 200 620 150 12 re f\n";
  return out;
}

}  // namespace

PdfDocument make_text_pdf(std::size_t pages, std::uint64_t seed) {
  const std::vector<std::string> lines = wrap(make_prose_mix(pages * kLinesPerPage * kCharsPerLine, seed));
  PdfDocument doc;
  std::string& out = doc.bytes;
  out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  const auto object = [&](const std::string& body) {
    offsets.push_back(out.size());
    out += fmt::format("{} 0 obj\n", offsets.size());
    out += body;
    out += "\nendobj\n";
  };
  // 1 catalog, 2 page tree, 3 and 4 fonts, 5 info; then per page: page, content.
  const std::size_t first_page = 6;
  object("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (std::size_t p = 0; p < pages; ++p) kids += fmt::format("{} 0 R ", first_page + 2 * p);
  object(fmt::format("<< /Type /Pages /Count {} /Kids [ {}] >>", pages, kids));
  object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  object("<< /Producer (foiguard bench make_text_pdf) /Title (Disclosure log) >>");
  for (std::size_t p = 0; p < pages; ++p) {
    const std::string content = page_content(lines, p * kLinesPerPage, p);
    doc.text_bytes += content.size();
    const std::string packed = deflate(content);
    object(fmt::format("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {:.0f} {:.0f}] /Contents {} 0 R "
                       "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>",
                       kPageWidth, kPageHeight, first_page + 2 * p + 1));
    object(fmt::format("<< /Length {} /Filter /FlateDecode >>\nstream\n", packed.size()) + packed + "\nendstream");
  }
  const std::size_t xref = out.size();
  out += fmt::format("xref\n0 {}\n0000000000 65535 f \n", offsets.size() + 1);
  for (const std::size_t offset : offsets) out += fmt::format("{:010d} 00000 n \n", offset);
  out += fmt::format("trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{}\n%%EOF\n", offsets.size() + 1, xref);
  doc.pages = pages;
  return doc;
}

}  // namespace foiguard::bench
