// encode_report / decode_report: the binary form of a FileReport kept in the
// scan cache. Layout: magic "FG", a format version byte, then every field in
// declaration order. Unsigned numbers are LEB128 varints, strings and lists
// are length-prefixed, enums are one byte, a Location's optional fields are
// announced by one bitmask. A finding's strings that repeat from finding to
// finding (rule, context, column header, part, sheet, author, masked value)
// are written once per report and then referred to by number, and hex
// fingerprints are kept as bytes: a staff table's report is half the size,
// which is most of what a cold scan with --cache spends in SQLite. Decoding
// trusts nothing: every length, count and reference is checked against the
// bytes left or the strings seen, enums against their names, and the bytes
// must end exactly where the report does.
//
// Every struct is taken apart with a structured binding, in the encoder and in
// the decoder, so adding a field to FileReport, Finding, Location, Record,
// FindingTally, HiddenPlace or NotChecked breaks the build here ("N names
// provided" / "only N names provided"). When it does: encode and decode the
// new field in the same place in both functions, bump kFormatVersion, and
// extend the round-trip test in tests/scan_cache_test.cpp.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "foiguard/scanner.hpp"
#include "walk/scan_cache.hpp"
#include "walk/varint.hpp"

namespace foiguard::walk {

namespace {

constexpr char kMagic[2] = {'F', 'G'};
// Bump on any change of layout: rows written by another version decode to
// nullopt and their files are scanned again.
constexpr std::uint8_t kFormatVersion = 4;

// Location: which optional fields follow, and how the path is stored (most
// findings sit in the report's own file, so that path is not repeated).
enum LocationBit : std::uint32_t {
  kPathIsFile = 1u << 0,   // path == FileReport::path
  kPathOther = 1u << 1,    // path follows as a string
  kPart = 1u << 2,
  kSheet = 1u << 3,
  kCell = 1u << 4,
  kRow = 1u << 5,
  kColumn = 1u << 6,
  kHeader = 1u << 7,
  kLine = 1u << 8,
  kPage = 1u << 9,
  kSlide = 1u << 10,
  kParagraph = 1u << 11,
  kAuthor = 1u << 12,
  kBox = 1u << 13,
  kAllLocationBits = (1u << 14) - 1,
};

// Lower bounds of each element's encoded size: a count is refused when the
// bytes left could not hold that many, so hostile bytes cannot make the
// decoder reserve more than a small multiple of their own size.
constexpr std::size_t kMinNotCheckedBytes = 2;
constexpr std::size_t kMinFindingBytes = 13;
constexpr std::size_t kMinTallyBytes = 4;
constexpr std::size_t kMinRecordBytes = 6;
constexpr std::size_t kMinHiddenPlaceBytes = 8;

// ---- writing

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void byte(std::uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void varint(std::uint64_t v) { append_varint(out_, v); }
  void boolean(bool b) { byte(b ? 1 : 0); }
  template <typename Enum>
  void enumeration(Enum e) {
    byte(static_cast<std::uint8_t>(e));
  }
  void string(std::string_view s) {
    varint(s.size());
    out_.append(s);
  }
  void strings(const std::vector<std::string>& list) {
    varint(list.size());
    for (const auto& s : list) string(s);
  }
  void optional_string(const std::optional<std::string>& s) {
    boolean(s.has_value());
    if (s) string(*s);
  }
  // 0 and the string the first time; after that, its number + 1. The views
  // point into the report being encoded, which outlives the writer.
  void shared_string(std::string_view s) {
    const auto [it, added] = shared_.try_emplace(s, static_cast<std::uint32_t>(shared_.size()));
    if (!added) return varint(it->second + std::uint64_t{1});
    byte(0);
    string(s);
  }
  // Lower-case hex of whole bytes goes as the bytes (flag 1), anything else
  // as a string (flag 0).
  void hex_string(std::string_view s) {
    const auto hex_digit = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
    if (s.empty() || s.size() % 2 != 0 || !std::all_of(s.begin(), s.end(), hex_digit)) {
      byte(0);
      return string(s);
    }
    byte(1);
    varint(s.size() / 2);
    const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (std::size_t i = 0; i < s.size(); i += 2) byte(static_cast<std::uint8_t>(nibble(s[i]) << 4 | nibble(s[i + 1])));
  }

 private:
  std::string& out_;
  std::unordered_map<std::string_view, std::uint32_t> shared_;
};

void put_location(Writer& w, const Location& loc, std::string_view file_path) {
  // If this stops compiling, Location gained or lost a field: see the top of this file.
  const auto& [path, container, part, sheet, cell, row, column, header, line, page, box, slide,
               paragraph, author] = loc;
  std::uint32_t bits = 0;
  if (path == file_path && !path.empty()) bits |= kPathIsFile;
  else if (!path.empty()) bits |= kPathOther;
  if (part) bits |= kPart;
  if (sheet) bits |= kSheet;
  if (cell) bits |= kCell;
  if (row) bits |= kRow;
  if (column) bits |= kColumn;
  if (header) bits |= kHeader;
  if (line) bits |= kLine;
  if (page) bits |= kPage;
  if (box) bits |= kBox;
  if (slide) bits |= kSlide;
  if (paragraph) bits |= kParagraph;
  if (author) bits |= kAuthor;
  w.varint(bits);
  if (bits & kPathOther) w.string(path);
  w.strings(container);
  if (part) w.shared_string(*part);
  if (sheet) w.shared_string(*sheet);
  if (cell) w.string(*cell);
  if (row) w.varint(*row);
  if (column) w.varint(*column);
  if (header) w.shared_string(*header);
  if (line) w.varint(*line);
  if (page) w.varint(*page);
  if (box) {
    // The float's bits, so that a box comes back exactly as it went in.
    for (const float edge : {box->x0, box->y0, box->x1, box->y1}) w.varint(std::bit_cast<std::uint32_t>(edge));
  }
  if (slide) w.varint(*slide);
  if (paragraph) w.varint(*paragraph);
  if (author) w.shared_string(*author);
}

void put_finding(Writer& w, const Finding& f, std::string_view file_path) {
  // If this stops compiling, Finding gained or lost a field: see the top of this file.
  const auto& [category, rule, confidence, severity, visibility, location, masked, fingerprint, context,
               evidence, record, sensitive_person, value] = f;
  w.enumeration(category);
  w.shared_string(rule);
  w.enumeration(confidence);
  w.enumeration(severity);
  w.enumeration(visibility);
  put_location(w, location, file_path);
  w.shared_string(masked);
  w.hex_string(fingerprint);
  w.shared_string(context);
  w.strings(evidence);
  w.varint(record);
  w.byte(sensitive_person ? 1 : 0);
  w.string(value);
}

void put_not_checked(Writer& w, const NotChecked& n) {
  const auto& [part, reason] = n;
  w.string(part);
  w.string(reason);
}

void put_tally(Writer& w, const FindingTally& t) {
  const auto& [category, rule, visibility, count] = t;
  w.enumeration(category);
  w.string(rule);
  w.enumeration(visibility);
  w.varint(count);
}

void put_record(Writer& w, const Record& r) {
  const auto& [id, categories, personnel, sensitive, visibility, summary] = r;
  w.varint(id);
  w.varint(categories.size());
  for (Category c : categories) w.enumeration(c);
  w.boolean(personnel);
  w.boolean(sensitive);
  w.enumeration(visibility);
  w.string(summary);
}

void put_hidden_place(Writer& w, const HiddenPlace& h) {
  const auto& [where, visibility, container, sheet, part, findings, high_confidence, personnel_records] = h;
  w.string(where);
  w.enumeration(visibility);
  w.strings(container);
  w.optional_string(sheet);
  w.optional_string(part);
  w.varint(findings);
  w.varint(high_confidence);
  w.varint(personnel_records);
}

template <typename T, typename Put>
void put_list(Writer& w, const std::vector<T>& list, Put put) {
  w.varint(list.size());
  for (const T& item : list) put(w, item);
}

// ---- reading

// Reads from a byte range; the first failure sticks (every later read fails
// too) so callers check ok() once at the end of a block.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool ok() const { return ok_; }
  bool at_end() const { return ok_ && p_ == end_; }
  std::size_t left() const { return static_cast<std::size_t>(end_ - p_); }
  bool fail() { return ok_ = false; }

  std::uint8_t byte() {
    if (!ok_ || p_ == end_) return fail(), 0;
    return static_cast<std::uint8_t>(*p_++);
  }
  std::uint64_t varint() {
    if (!ok_) return 0;
    std::string_view rest(p_, left());
    std::uint64_t v = 0;
    if (!take_varint(rest, v)) return fail(), 0;
    p_ = rest.data();
    return v;
  }
  std::uint32_t u32() {
    const std::uint64_t v = varint();
    if (v > std::numeric_limits<std::uint32_t>::max()) return fail(), 0;
    return static_cast<std::uint32_t>(v);
  }
  bool boolean() {
    const std::uint8_t b = byte();
    if (b > 1) return fail();
    return b == 1;
  }
  // Enums are checked against their names, so a value the running build does
  // not know (bytes from a newer build, or corrupt) fails the decode.
  template <typename Enum>
  Enum enumeration() {
    const auto e = static_cast<Enum>(byte());
    if (ok_ && to_string(e) == "unknown") fail();
    return e;
  }
  void string(std::string& s) {
    const std::string_view bytes = sized_bytes();
    s.assign(bytes.data(), bytes.size());
  }
  std::optional<std::string> optional_string() {
    if (!boolean() || !ok_) return std::nullopt;
    std::string s;
    string(s);
    return s;
  }
  // A list length, refused when the bytes left cannot hold that many elements.
  std::size_t count(std::size_t min_element_bytes) {
    const std::uint64_t n = varint();
    if (!ok_ || n > left() / min_element_bytes) return fail(), 0;
    return static_cast<std::size_t>(n);
  }
  void strings(std::vector<std::string>& list) {
    const std::size_t n = count(1);
    list.resize(n);
    for (auto& s : list) {
      string(s);
      if (!ok_) return;
    }
  }
  // Writer::shared_string: a new string, or the number of one already read.
  void shared_string(std::string& s) {
    const std::uint64_t ref = varint();
    if (!ok_) return;
    if (ref > 0) {
      if (ref > shared_.size()) return void(fail());
      const std::string_view seen = shared_[ref - 1];
      s.assign(seen.data(), seen.size());
      return;
    }
    const std::string_view bytes = sized_bytes();
    if (!ok_) return;
    shared_.push_back(bytes);
    s.assign(bytes.data(), bytes.size());
  }
  // Writer::hex_string.
  void hex_string(std::string& s) {
    const std::uint8_t flag = byte();
    if (flag == 0) return string(s);
    if (flag != 1) return void(fail());
    const std::string_view bytes = sized_bytes();
    constexpr char kDigits[] = "0123456789abcdef";
    s.resize(bytes.size() * 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      const auto b = static_cast<unsigned char>(bytes[i]);
      s[2 * i] = kDigits[b >> 4];
      s[2 * i + 1] = kDigits[b & 15];
    }
  }

 private:
  // A length, then that many bytes (consumed); empty, and the reader failed,
  // when fewer are left.
  std::string_view sized_bytes() {
    const std::uint64_t n = varint();
    if (!ok_ || n > left()) return fail(), std::string_view();
    const std::string_view bytes(p_, static_cast<std::size_t>(n));
    p_ += n;
    return bytes;
  }

  const char* p_;
  const char* end_;
  bool ok_ = true;
  std::vector<std::string_view> shared_;  // into the bytes being read
};

// Every field is set, present or not: decoding reuses the Location of an
// earlier finding, and its strings keep their capacity.
void get_location(Reader& r, Location& loc, const std::string& file_path) {
  auto& [path, container, part, sheet, cell, row, column, header, line, page, box, slide, paragraph,
         author] = loc;
  const std::uint64_t bits = r.varint();
  if ((bits & ~std::uint64_t{kAllLocationBits}) || ((bits & kPathIsFile) && (bits & kPathOther))) {
    r.fail();
    return;
  }
  const auto maybe_string = [&r, bits](std::uint32_t bit, std::optional<std::string>& field) {
    if (!(bits & bit)) return field.reset();
    if (!field) field.emplace();
    r.string(*field);
  };
  const auto maybe_shared_string = [&r, bits](std::uint32_t bit, std::optional<std::string>& field) {
    if (!(bits & bit)) return field.reset();
    if (!field) field.emplace();
    r.shared_string(*field);
  };
  const auto maybe_number = [&r, bits](std::uint32_t bit, std::optional<std::uint32_t>& field) {
    if (bits & bit) field = r.u32();
    else field.reset();
  };
  if (bits & kPathIsFile) path = file_path;
  else if (bits & kPathOther) r.string(path);
  else path.clear();
  r.strings(container);
  maybe_shared_string(kPart, part);
  maybe_shared_string(kSheet, sheet);
  maybe_string(kCell, cell);
  maybe_number(kRow, row);
  maybe_number(kColumn, column);
  maybe_shared_string(kHeader, header);
  maybe_number(kLine, line);
  maybe_number(kPage, page);
  if (bits & kBox) {
    box.emplace();
    for (float* edge : {&box->x0, &box->y0, &box->x1, &box->y1}) *edge = std::bit_cast<float>(r.u32());
  } else {
    box.reset();
  }
  maybe_number(kSlide, slide);
  maybe_number(kParagraph, paragraph);
  maybe_shared_string(kAuthor, author);
}

void get_finding(Reader& r, Finding& f, const std::string& file_path) {
  auto& [category, rule, confidence, severity, visibility, location, masked, fingerprint, context, evidence,
         record, sensitive_person, value] = f;
  category = r.enumeration<Category>();
  r.shared_string(rule);
  confidence = r.enumeration<Confidence>();
  severity = r.enumeration<Severity>();
  visibility = r.enumeration<Visibility>();
  get_location(r, location, file_path);
  r.shared_string(masked);
  r.hex_string(fingerprint);
  r.shared_string(context);
  r.strings(evidence);
  record = r.u32();
  sensitive_person = r.byte() != 0;
  r.string(value);
}

void get_not_checked(Reader& r, NotChecked& n) {
  auto& [part, reason] = n;
  r.string(part);
  r.string(reason);
}

void get_tally(Reader& r, FindingTally& t) {
  auto& [category, rule, visibility, count] = t;
  category = r.enumeration<Category>();
  r.string(rule);
  visibility = r.enumeration<Visibility>();
  count = r.varint();
}

void get_record(Reader& r, Record& rec) {
  auto& [id, categories, personnel, sensitive, visibility, summary] = rec;
  id = r.u32();
  categories.resize(r.count(1));
  for (Category& c : categories) c = r.enumeration<Category>();
  personnel = r.boolean();
  sensitive = r.boolean();
  visibility = r.enumeration<Visibility>();
  r.string(summary);
}

void get_hidden_place(Reader& r, HiddenPlace& h) {
  auto& [where, visibility, container, sheet, part, findings, high_confidence, personnel_records] = h;
  r.string(where);
  visibility = r.enumeration<Visibility>();
  r.strings(container);
  sheet = r.optional_string();
  part = r.optional_string();
  findings = r.varint();
  high_confidence = r.varint();
  personnel_records = r.varint();
}

template <typename T, typename Get>
void get_list(Reader& r, std::vector<T>& list, std::size_t min_element_bytes, Get get) {
  const std::size_t n = r.count(min_element_bytes);
  list.resize(n);
  for (T& item : list) {
    get(r, item);
    if (!r.ok()) return;
  }
}

}  // namespace

std::string encode_report(const FileReport& report) {
  // If this stops compiling, FileReport gained or lost a field: see the top of this file.
  const auto& [path, format, verdict, error, not_checked, findings, unlisted, findings_total, records,
               records_total, personnel_records, sensitive_records, hidden_records, visible_records,
               hidden_places, severity, bytes, sha256, reason, allowed, baselined] = report;
  std::string out;
  out.reserve(64 + path.size() + reason.size() + sha256.size() + findings.size() * 96);
  Writer w(out);
  w.byte(static_cast<std::uint8_t>(kMagic[0]));
  w.byte(static_cast<std::uint8_t>(kMagic[1]));
  w.byte(kFormatVersion);
  w.string(path);
  w.string(format);
  w.enumeration(verdict);
  w.string(error);
  put_list(w, not_checked, put_not_checked);
  w.varint(findings.size());
  for (const Finding& f : findings) put_finding(w, f, path);
  put_list(w, unlisted, put_tally);
  w.varint(findings_total);
  put_list(w, records, put_record);
  w.varint(records_total);
  w.varint(personnel_records);
  w.varint(sensitive_records);
  w.varint(hidden_records);
  w.varint(visible_records);
  put_list(w, hidden_places, put_hidden_place);
  w.enumeration(severity);
  w.varint(bytes);
  w.string(sha256);
  w.string(reason);
  w.varint(allowed);
  w.varint(baselined);
  return out;
}

std::optional<FileReport> decode_report(std::string_view bytes, std::optional<std::string_view> name_as) {
  FileReport report;
  if (!decode_report_into(bytes, report, name_as)) return std::nullopt;
  return report;
}

bool decode_report_into(std::string_view bytes, FileReport& report, std::optional<std::string_view> name_as) {
  Reader r(bytes);
  if (r.byte() != static_cast<std::uint8_t>(kMagic[0]) || r.byte() != static_cast<std::uint8_t>(kMagic[1]) ||
      r.byte() != kFormatVersion || !r.ok())
    return false;

  auto& [path, format, verdict, error, not_checked, findings, unlisted, findings_total, records, records_total,
         personnel_records, sensitive_records, hidden_records, visible_records, hidden_places, severity,
         byte_count, sha256, reason, allowed, baselined] = report;
  r.string(path);
  if (name_as) path = *name_as;  // before the findings, which take it as theirs
  r.string(format);
  verdict = r.enumeration<Verdict>();
  r.string(error);
  get_list(r, not_checked, kMinNotCheckedBytes, get_not_checked);
  // A plain reference, not the structured binding: clang before 16 cannot capture one.
  const std::string& file_path = path;
  get_list(r, findings, kMinFindingBytes, [&file_path](Reader& in, Finding& f) { get_finding(in, f, file_path); });
  get_list(r, unlisted, kMinTallyBytes, get_tally);
  findings_total = r.varint();
  get_list(r, records, kMinRecordBytes, get_record);
  records_total = r.varint();
  personnel_records = r.varint();
  sensitive_records = r.varint();
  hidden_records = r.varint();
  visible_records = r.varint();
  get_list(r, hidden_places, kMinHiddenPlaceBytes, get_hidden_place);
  severity = r.enumeration<Severity>();
  byte_count = r.varint();
  r.string(sha256);
  r.string(reason);
  allowed = r.varint();
  baselined = r.varint();
  return r.at_end();
}

}  // namespace foiguard::walk
