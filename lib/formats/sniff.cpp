// Format sniffing: magic bytes, then text vs binary, then CSV vs plain text.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "formats/encoding.hpp"
#include "formats/formats.hpp"

namespace foiguard::formats {
namespace {

constexpr std::size_t kSampleBytes = 64 * 1024;
constexpr std::size_t kSniffRecords = 50;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Sniffed unsupported(std::string format, std::string detail) {
  return Sniffed{Kind::unsupported, std::move(format), std::move(detail), ','};
}

std::uint32_t read_le32(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
  return v;
}

bool contains_utf16(std::string_view haystack, std::string_view ascii) {
  std::string wide;
  for (const char c : ascii) {
    wide += c;
    wide += '\0';
  }
  return haystack.find(wide) != std::string_view::npos;
}

// OLE2 compound files: an encrypted OOXML package (the password-protected
// .xlsx/.docx Office writes), or a legacy binary document. The directory
// entry names (UTF-16) tell which.
Sniffed sniff_ole2(std::string_view b) {
  if (contains_utf16(b, "EncryptedPackage") || contains_utf16(b, "EncryptionInfo"))
    return unsupported("encrypted-office",
                       "encrypted (password-protected) Office document: cannot be checked; "
                       "remove the password and scan again");
  if (contains_utf16(b, "Workbook") || contains_utf16(b, "Book"))
    return unsupported("xls", "legacy Excel 97-2003 workbook (.xls): not yet supported; "
                              "save it as .xlsx and scan again");
  if (contains_utf16(b, "WordDocument"))
    return unsupported("doc", "legacy Word 97-2003 document (.doc): not yet supported");
  if (contains_utf16(b, "__substg1.0_"))
    return unsupported("msg", "Outlook message (.msg): not yet supported; save it as .eml and scan again");
  if (contains_utf16(b, "PowerPoint Document"))
    return unsupported("ppt", "legacy PowerPoint 97-2003 presentation (.ppt): not yet supported");
  return unsupported("ole2", "OLE2 compound file: not yet supported");
}

// Recognised container, document, image, media and archive formats.
std::optional<Sniffed> sniff_magic(std::string_view b) {
  using namespace std::string_view_literals;
  if (starts_with(b, "PK\x03\x04"sv) || starts_with(b, "PK\x05\x06"sv) || starts_with(b, "PK\x07\x08"sv))
    return Sniffed{Kind::package, "zip", "", ','};
  if (starts_with(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv)) return sniff_ole2(b);
  if (starts_with(b, "%PDF-"sv)) return Sniffed{Kind::pdf, "pdf", "PDF document", ','};
  if (starts_with(b, "{\\rtf"sv))
    return unsupported("rtf", "Rich Text Format document: not yet supported");
  if (starts_with(b, "\x89PNG\r\n\x1A\n"sv)) return unsupported("png", "PNG image: not checked (no OCR)");
  if (starts_with(b, "\xFF\xD8\xFF"sv)) return unsupported("jpeg", "JPEG image: not checked (no OCR)");
  if (starts_with(b, "GIF87a"sv) || starts_with(b, "GIF89a"sv))
    return unsupported("gif", "GIF image: not checked (no OCR)");
  if (starts_with(b, "II*\0"sv) || starts_with(b, "MM\0*"sv))
    return unsupported("tiff", "TIFF image: not checked (no OCR)");
  if (starts_with(b, "BM"sv) && b.size() >= 14 && read_le32(b, 2) == b.size())
    return unsupported("bmp", "BMP image: not checked (no OCR)");
  if (starts_with(b, "RIFF"sv) && b.size() >= 12 && b.substr(8, 4) == "WEBP"sv)
    return unsupported("webp", "WebP image: not checked (no OCR)");
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp"sv) {
    const std::string_view brand = b.substr(8, 4);
    if (brand == "heic"sv || brand == "heix"sv || brand == "mif1"sv || brand == "avif"sv)
      return unsupported("heif", "HEIF/AVIF image: not checked (no OCR)");
    return unsupported("mp4", "MP4/QuickTime media file: not checked");
  }
  if (starts_with(b, "\x1F\x8B"sv)) return unsupported("gzip", "gzip-compressed file: not yet supported");
  if (starts_with(b, "BZh"sv) && b.size() >= 10 && b.substr(4, 6) == "1AY&SY"sv)
    return unsupported("bzip2", "bzip2-compressed file: not yet supported");
  if (starts_with(b, "\xFD" "7zXZ\0"sv)) return unsupported("xz", "xz-compressed file: not yet supported");
  if (starts_with(b, "\x28\xB5\x2F\xFD"sv))
    return unsupported("zstd", "Zstandard-compressed file: not yet supported");
  if (starts_with(b, "7z\xBC\xAF\x27\x1C"sv)) return unsupported("7z", "7-Zip archive: not yet supported");
  if (starts_with(b, "Rar!\x1A\x07"sv)) return unsupported("rar", "RAR archive: not yet supported");
  if (b.size() >= 262 && b.substr(257, 5) == "ustar"sv)
    return unsupported("tar", "tar archive: not yet supported");
  if (starts_with(b, "SQLite format 3\0"sv))
    return unsupported("sqlite", "SQLite database: not yet supported");
  if (starts_with(b, "ID3"sv) || starts_with(b, "OggS"sv) || starts_with(b, "fLaC"sv) ||
      (starts_with(b, "RIFF"sv) && b.size() >= 12 && b.substr(8, 4) == "WAVE"sv))
    return unsupported("audio", "audio file: not checked");
  if (starts_with(b, "\x7F" "ELF"sv) || starts_with(b, "MZ"sv) || starts_with(b, "\xCF\xFA\xED\xFE"sv))
    return Sniffed{Kind::binary, "executable", "executable program: not a document, not checked", ','};
  if (starts_with(b, "\xFF\xFE\0\0"sv) || starts_with(b, "\0\0\xFE\xFF"sv))
    return unsupported("utf-32", "UTF-32 text: encoding not supported");
  return std::nullopt;
}

// Plain text has no NUL and few C0 control characters (tab, newlines, form
// feed and escape are normal in text).
bool looks_binary(std::string_view sample) {
  std::size_t controls = 0;
  for (const char ch : sample) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B) ||
        c == 0x7F)
      ++controls;
  }
  return controls * 100 > sample.size() * 2;  // more than 2%
}

struct DelimiterScore {
  char delimiter = ',';
  std::size_t records = 0;     // non-blank records examined
  std::size_t fields = 0;      // the most common field count
  std::size_t consistent = 0;  // records with that field count
  std::size_t spaced = 0;      // delimiters followed by a space (prose-like commas)
  std::size_t delimiters = 0;
};

// Counts fields per record for `delimiter`, honouring RFC 4180 quotes, over the
// first records of `sample`. `complete` says whether the sample is the whole file.
DelimiterScore score_delimiter(std::string_view s, char delimiter, bool complete) {
  DelimiterScore score;
  score.delimiter = delimiter;
  std::array<std::size_t, kSniffRecords> counts{};
  std::size_t n = 0, i = 0;
  while (i < s.size() && n < kSniffRecords) {
    std::size_t fields = 1, chars = 0;
    bool at_field_start = true, ended = false;
    while (i < s.size()) {
      const char c = s[i];
      if (at_field_start && c == '"') {
        const std::size_t close = [&] {
          for (std::size_t j = i + 1; j < s.size(); ++j) {
            if (s[j] != '"') continue;
            if (j + 1 < s.size() && s[j + 1] == '"') { ++j; continue; }
            return j;
          }
          return std::string_view::npos;
        }();
        if (close == std::string_view::npos) { i = s.size(); ended = complete; fields = 0; break; }
        chars += close - i;
        i = close + 1;
        at_field_start = false;
        continue;
      }
      ++i;
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i < s.size() && s[i] == '\n') ++i;
        ended = true;
        break;
      }
      if (c == delimiter) {
        ++fields;
        ++score.delimiters;
        if (i < s.size() && s[i] == ' ') ++score.spaced;
        at_field_start = true;
      } else if (c != ' ') {
        at_field_start = false;
        ++chars;
      }
    }
    if (!ended && !complete) break;  // cut off by the sample boundary
    if (fields == 0) { counts[n++] = 0; continue; }  // unterminated quote: inconsistent
    if (fields == 1 && chars == 0) continue;         // blank line
    counts[n++] = fields;
  }
  score.records = n;
  for (std::size_t a = 0; a < n; ++a) {
    const std::size_t c = static_cast<std::size_t>(std::count(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(n), counts[a]));
    if (c > score.consistent || (c == score.consistent && counts[a] > score.fields)) {
      score.consistent = c;
      score.fields = counts[a];
    }
  }
  return score;
}

enum class Evidence { none, weak, strong };

// Strong: several records agree on more than one field. Weak: agreement that
// prose could also produce (a single record, or one ", " per line).
Evidence judge(const DelimiterScore& s) {
  if (s.fields < 2 || s.records == 0) return Evidence::none;
  const bool consistent = s.records <= 4 ? s.consistent == s.records
                                         : s.consistent * 10 >= s.records * 8;
  if (!consistent) return Evidence::none;
  if (s.records < 2) return Evidence::weak;
  const bool prose_commas = s.delimiter == ',' && s.fields == 2 && s.spaced * 2 > s.delimiters;
  return prose_commas ? Evidence::weak : Evidence::strong;
}

std::string lower_extension(std::string_view name) {
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

Sniffed table(char delimiter) {
  return Sniffed{Kind::csv, delimiter == '\t' ? "tsv" : "csv", "", delimiter};
}

std::string lower_prefix(std::string_view text, std::size_t n) {
  std::string out(text.substr(0, n));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// An HTML page starts with a doctype, <html>, <head> or <body> (after
// blanks, comments or an XML declaration), or names <html> early on.
bool looks_like_html(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '<') return false;
  const std::string head = lower_prefix(text.substr(first), 1024);
  for (const char* opening : {"<!doctype html", "<html", "<head", "<body"})
    if (head.starts_with(opening)) return true;
  return (head.starts_with("<!--") || head.starts_with("<?xml")) && head.find("<html") != std::string::npos;
}

// An email starts with a header block: "Name: value" lines (folded lines
// start with a blank) up to an empty line, with at least two of the fields
// every message carries.
bool looks_like_email(std::string_view text) {
  static constexpr std::array<std::string_view, 10> kFields = {
      "from", "to", "subject", "date", "message-id", "mime-version", "received", "return-path",
      "delivered-to", "cc"};
  std::size_t known = 0, fields = 0, at = 0;
  while (at < text.size() && fields < 200) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = end + 1;
    if (line.empty()) break;  // end of the header block
    if (line[0] == ' ' || line[0] == '\t') {
      if (fields == 0) return false;
      continue;  // a folded line
    }
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return false;
    for (const char c : line.substr(0, colon))
      if (c <= ' ' || c >= 0x7F) return false;
    ++fields;
    const std::string name = lower_prefix(line, colon);
    if (std::find(kFields.begin(), kFields.end(), name) != kFields.end()) ++known;
  }
  return known >= 2;
}

Sniffed sniff_text(std::string_view text, bool complete, std::string_view name) {
  if (looks_like_html(text)) return Sniffed{Kind::html, "html", "", ','};
  if (looks_like_email(text)) return Sniffed{Kind::email, "eml", "", ','};
  const std::string ext = lower_extension(name);
  const bool named_table = ext == "csv" || ext == "tsv" || ext == "tab";
  const char named_delimiter = ext == "csv" ? ',' : '\t';

  // A delimiter absent from the sample scores one field a record, no
  // evidence: its pass over the records is skipped (most text has commas
  // and none of the others; four passes were 3% of a zip of documents).
  const auto absent = [&](char d) { return std::memchr(text.data(), d, text.size()) == nullptr; };
  DelimiterScore best;
  Evidence best_evidence = Evidence::none;
  for (const char d : {',', '\t', ';', '|'}) {
    if (absent(d)) continue;
    const DelimiterScore s = score_delimiter(text, d, complete);
    const Evidence e = judge(s);
    const auto key = [](Evidence ev, const DelimiterScore& sc) {
      return std::make_tuple(static_cast<int>(ev), sc.consistent, sc.fields);
    };
    if (key(e, s) > key(best_evidence, best) ||
        (key(e, s) == key(best_evidence, best) && named_table && d == named_delimiter)) {
      best = s;
      best_evidence = e;
    }
  }
  if (best_evidence == Evidence::strong) return table(best.delimiter);
  if (named_table) {
    if (best_evidence == Evidence::weak) return table(best.delimiter);
    // A one-column table has no delimiter to find, so the name decides; when
    // the named delimiter is present but inconsistent, the content is prose.
    if (absent(named_delimiter) || score_delimiter(text, named_delimiter, complete).delimiters == 0)
      return table(named_delimiter);
  }
  return Sniffed{Kind::text, "text", "", ','};
}

}  // namespace

Sniffed sniff(std::string_view bytes, std::string_view name) {
  if (bytes.empty()) return Sniffed{Kind::empty, "empty", "empty file", ','};
  if (auto magic = sniff_magic(bytes)) return *magic;

  const bool utf16 = starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF");
  if (utf16) {
    // Decode a prefix (an even number of bytes) to judge the content.
    const std::size_t take = std::min(bytes.size(), kSampleBytes * 2) & ~std::size_t{1};
    std::string storage;
    const std::string_view text = detail::decode(bytes.substr(0, take), storage, nullptr);
    return sniff_text(text, take == bytes.size(), name);
  }
  std::string_view sample = bytes.substr(0, kSampleBytes);
  if (starts_with(sample, "\xEF\xBB\xBF")) sample.remove_prefix(3);
  if (looks_binary(sample))
    return Sniffed{Kind::binary, "binary", "binary data of an unrecognised format: not checked", ','};
  return sniff_text(sample, bytes.size() <= kSampleBytes, name);
}

}  // namespace foiguard::formats
