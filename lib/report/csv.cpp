// CSV for officers who live in spreadsheets: RFC 4180 (CRLF rows, fields with
// a comma, quote, CR or LF quoted, quotes doubled), UTF-8 without BOM, one
// header row, written file by file.
//
// Rows, told apart by `kind`: one "finding" row per listed finding, one
// "unlisted" row per tally of findings past the listing limit (its total in
// `count`), one "not_checked" row per part that could not be checked, and for
// a file with none of those one "file" row, so that every file scanned
// appears. `verdict`, `file_severity` and `reason` are the file's on every
// row; `severity` is the finding's. SUM(count) is the number of findings.
//
// A cell beginning with = + - @ TAB or CR is a formula to Excel: such cells
// get a leading single quote (OWASP, CSV injection), so a file named
// "=HYPERLINK(...).txt" is shown, not run. Bytes that are not UTF-8 become U+FFFD.
#include <fmt/format.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "foiguard/report.hpp"
#include "json_text.hpp"

namespace foiguard {

namespace {

enum Column {
  kPath, kVerdict, kFileSeverity, kKind, kCategory, kRule, kConfidence, kSeverity, kVisibility, kWhere,
  kSheet, kCell, kRow, kColumn, kHeader, kLine, kPage, kSlide, kParagraph, kPart, kContainer, kValue,
  kCount, kRecord, kFingerprint, kReason, kColumns
};

constexpr std::array<std::string_view, kColumns> kColumnNames = {
    "path", "verdict", "file_severity", "kind", "category", "rule", "confidence", "severity", "visibility",
    "where", "sheet", "cell", "row", "column", "header", "line", "page", "slide", "paragraph", "part",
    "container", "value", "count", "record", "fingerprint", "reason"};

using Row = std::array<std::string, kColumns>;

bool starts_formula(std::string_view text) {
  if (text.empty()) return false;
  const char c = text.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void append_field(fmt::memory_buffer& buf, std::string_view raw) {
  std::string text = report::valid_utf8(raw);
  if (starts_formula(text)) text.insert(0, 1, '\'');
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    buf.append(text.data(), text.data() + text.size());
    return;
  }
  buf.push_back('"');
  for (const char c : text) {
    if (c == '"') buf.push_back('"');
    buf.push_back(c);
  }
  buf.push_back('"');
}

void append_row(fmt::memory_buffer& buf, const Row& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i) buf.push_back(',');
    append_field(buf, row[i]);
  }
  constexpr std::string_view kEnd = "\r\n";
  buf.append(kEnd.data(), kEnd.data() + kEnd.size());
}

std::string text(const std::optional<std::string>& v) { return v.value_or(""); }
std::string number(const std::optional<std::uint32_t>& v) { return v ? std::to_string(*v) : ""; }

// The members of a container chain as the location words write them: "drop.zip!/staff.xlsx".
std::string chain(const std::vector<std::string>& container) {
  std::string out;
  for (const auto& member : container) out += out.empty() ? member : "!/" + member;
  return out;
}

// The columns every row of a file shares.
Row file_row(const FileReport& file, std::string_view kind) {
  Row row;
  row[kPath] = file.path;
  row[kVerdict] = to_string(file.verdict);
  row[kFileSeverity] = to_string(file.severity);
  row[kKind] = kind;
  row[kReason] = file.reason.empty() ? file.error : file.reason;
  return row;
}

Row finding_row(const FileReport& file, const Finding& f) {
  Row row = file_row(file, "finding");
  const Location& loc = f.location;
  row[kCategory] = to_string(f.category);
  row[kRule] = f.rule;
  row[kConfidence] = to_string(f.confidence);
  row[kSeverity] = to_string(f.severity);
  row[kVisibility] = to_string(f.visibility);
  Location inside = loc;
  inside.path.clear();
  row[kWhere] = describe(inside);
  row[kSheet] = text(loc.sheet);
  row[kCell] = text(loc.cell);
  row[kRow] = number(loc.row);
  row[kColumn] = number(loc.column);
  row[kHeader] = text(loc.header);
  row[kLine] = number(loc.line);
  row[kPage] = number(loc.page);
  row[kSlide] = number(loc.slide);
  row[kParagraph] = number(loc.paragraph);
  row[kPart] = text(loc.part);
  row[kContainer] = chain(loc.container);
  // Raw values leave the library only when the caller asked for them.
  row[kValue] = f.value.empty() ? f.masked : f.value;
  row[kCount] = std::to_string(1);  // one finding (SUM over the column counts them all)
  row[kRecord] = f.record ? std::to_string(f.record) : "";
  row[kFingerprint] = f.fingerprint;
  return row;
}

Row unlisted_row(const FileReport& file, const FindingTally& tally) {
  Row row = file_row(file, "unlisted");
  row[kCategory] = to_string(tally.category);
  row[kRule] = tally.rule;
  row[kVisibility] = to_string(tally.visibility);
  row[kWhere] = "past the listing limit: counted, not listed";
  row[kCount] = std::to_string(tally.count);
  return row;
}

Row not_checked_row(const FileReport& file, const NotChecked& part) {
  Row row = file_row(file, "not_checked");
  row[kWhere] = "not checked: " + part.reason;
  row[kPart] = part.part;
  return row;
}

class CsvWriter final : public ReportWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out) {
    Row header;
    for (std::size_t i = 0; i < header.size(); ++i) header[i] = kColumnNames[i];
    append_row(buf_, header);
    flush();
  }

  void file(const FileReport& file) override {
    const std::size_t rows = file.findings.size();
    for (const auto& f : file.findings) put(finding_row(file, f));
    for (const auto& tally : file.unlisted) put(unlisted_row(file, tally));
    std::size_t not_checked = 0;
    for (const auto& part : file.not_checked) {
      // An unreadable file says why in its own row.
      if (file.verdict == Verdict::error && part.part.empty()) continue;
      put(not_checked_row(file, part));
      ++not_checked;
    }
    if (rows + file.unlisted.size() + not_checked == 0) put(file_row(file, "file"));
    flush();
  }

  void end(const ScanSummary&) override {
    flush();
    out_.flush();
  }

 private:
  void put(const Row& row) {
    append_row(buf_, row);
    if (buf_.size() >= (1u << 16)) flush();
  }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

  std::ostream& out_;
  fmt::memory_buffer buf_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_csv_writer(std::ostream& out, const ReportOptions&) {
  return std::make_unique<CsvWriter>(out);
}

}  // namespace foiguard
