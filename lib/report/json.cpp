// The JSON document and the JSON-lines stream. Field names and their order are
// a stable interface (README, "JSON report"): add fields, never rename them.
//
// Written straight to the stream as it goes, not built as a tree and dumped:
// a staff table lists 10,000 findings and 10,000 records, and a tree of them
// cost more than reading the workbook. The tests read every report back with
// nlohmann-json, an independent parser.
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>
#include <type_traits>
#include <vector>

#include "foiguard/report.hpp"
#include "foiguard/version.hpp"

namespace foiguard {

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one
// (overlong forms, surrogates and code points past U+10FFFF are not).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) n = 2, cp = b & 0x1F;
  else if (b >= 0xE0 && b <= 0xEF) n = 3, cp = b & 0x0F;
  else if (b >= 0xF0 && b <= 0xF4) n = 4, cp = b & 0x07;
  else return 0;
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return n;
}

// A JSON writer over a buffer that is handed to the stream in large pieces.
// Commas are placed by the writer: `first_` says whether the innermost open
// object or array has no member yet.
class JsonOut {
 public:
  explicit JsonOut(std::ostream& out) : out_(out) {}
  ~JsonOut() { flush(); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // The name of the next member of the open object.
  JsonOut& key(std::string_view name) {
    separate();
    string_body(name);
    buf_.push_back(':');
    keyed_ = true;
    return *this;
  }

  void value(std::string_view text) {
    separate();
    string_body(text);
  }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(const char* text) { value(std::string_view(text)); }
  void value(bool b) {
    separate();
    append(b ? "true" : "false");
  }
  template <typename Int>
    requires(std::is_integral_v<Int> && !std::is_same_v<Int, bool>)
  void value(Int n) {
    separate();
    fmt::format_to(std::back_inserter(buf_), "{}", n);
  }
  void value(double d) {
    separate();
    const std::size_t at = buf_.size();
    fmt::format_to(std::back_inserter(buf_), "{}", d);
    // Keep a number that is whole still a floating-point one ("2.0").
    if (std::string_view(buf_.data() + at, buf_.size() - at).find_first_of(".en") == std::string_view::npos)
      append(".0");
  }
  void null() {
    separate();
    append("null");
  }
  template <typename T>
  void value(const std::optional<T>& v) {
    if (v) value(*v); else null();
  }
  void strings(const std::vector<std::string>& list) {
    begin_array();
    for (const auto& s : list) value(s);
    end_array();
  }
  // A string that is null when empty.
  void text_or_null(const std::string& text) {
    if (text.empty()) null(); else value(text);
  }
  // Raw JSON text, written as is (separators included by the caller).
  void raw(std::string_view text) { append(text); }

  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  void append(std::string_view s) { buf_.append(s.data(), s.data() + s.size()); }

  void separate() {
    if (keyed_) {
      keyed_ = false;
      return;
    }
    if (!first_ && depth_ > 0) buf_.push_back(',');
    first_ = false;
  }
  void open(char c) {
    separate();
    buf_.push_back(c);
    first_ = true;
    ++depth_;
  }
  void close(char c) {
    buf_.push_back(c);
    first_ = false;
    --depth_;
    // Handed on in pieces of ~64 KiB: a report of any length needs no more.
    if (buf_.size() >= (1u << 16)) flush();
  }

  // Quotes and escapes `text`; bytes that are not UTF-8 become U+FFFD.
  void string_body(std::string_view text) {
    buf_.push_back('"');
    std::size_t plain = 0;  // start of the run copied as is
    const auto copy_run = [&](std::size_t to) { append(text.substr(plain, to - plain)); };
    for (std::size_t i = 0; i < text.size();) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      const std::size_t n = c < 0x80 ? 1 : utf8_length(text, i);
      if (n > 1) {
        i += n;
        continue;
      }
      copy_run(i);
      switch (c) {
        case '"': append("\\\""); break;
        case '\\': append("\\\\"); break;
        case '\b': append("\\b"); break;
        case '\f': append("\\f"); break;
        case '\n': append("\\n"); break;
        case '\r': append("\\r"); break;
        case '\t': append("\\t"); break;
        default:
          if (c < 0x20) fmt::format_to(std::back_inserter(buf_), "\\u{:04x}", c);
          else append("\xEF\xBF\xBD");  // not UTF-8
      }
      plain = ++i;
    }
    copy_run(text.size());
    buf_.push_back('"');
  }

  std::ostream& out_;
  fmt::memory_buffer buf_;
  bool first_ = true;   // nothing written yet in the open container
  bool keyed_ = false;  // a key was written; its value follows without a comma
  int depth_ = 0;       // open objects and arrays: top-level values (JSON lines) take no comma
};

void write_location(JsonOut& j, const Location& loc) {
  j.begin_object();
  j.key("container").strings(loc.container);
  j.key("part").value(loc.part);
  j.key("sheet").value(loc.sheet);
  j.key("cell").value(loc.cell);
  j.key("row").value(loc.row);
  j.key("column").value(loc.column);
  j.key("header").value(loc.header);
  j.key("line").value(loc.line);
  j.key("page").value(loc.page);
  j.key("slide").value(loc.slide);
  j.key("paragraph").value(loc.paragraph);
  j.key("author").value(loc.author);
  j.end_object();
}

// The members of a finding, without the braces (JSON lines put more before them).
void write_finding_fields(JsonOut& j, const Finding& f, const ReportOptions& options) {
  j.key("category").value(to_string(f.category));
  j.key("rule").value(f.rule);
  j.key("confidence").value(to_string(f.confidence));
  j.key("severity").value(to_string(f.severity));
  j.key("visibility").value(to_string(f.visibility));
  j.key("location");
  write_location(j, f.location);
  j.key("masked").value(f.masked);
  // Raw values leave the library only when the caller asked for them.
  if (!f.value.empty()) j.key("value").value(f.value);
  j.key("fingerprint").text_or_null(f.fingerprint);
  j.key("context").value(f.context);
  j.key("record");
  if (f.record) j.value(f.record); else j.null();
  if (options.explain) j.key("evidence").strings(f.evidence);
}

void write_record(JsonOut& j, const Record& r) {
  j.begin_object();
  j.key("id").value(r.id);
  j.key("categories").begin_array();
  for (const auto c : r.categories) j.value(to_string(c));
  j.end_array();
  j.key("personnel").value(r.personnel);
  j.key("sensitive").value(r.sensitive);
  j.key("visibility").value(to_string(r.visibility));
  j.key("summary").value(r.summary);
  j.end_object();
}

// Every member of a file except its findings.
void write_file_fields(JsonOut& j, const FileReport& file) {
  j.key("path").value(file.path);
  j.key("format").value(file.format);
  j.key("verdict").value(to_string(file.verdict));
  j.key("error").text_or_null(file.error);
  j.key("reason").value(file.reason);
  j.key("severity").value(to_string(file.severity));
  j.key("bytes").value(file.bytes);
  j.key("not_checked").begin_array();
  for (const auto& n : file.not_checked) {
    j.begin_object();
    j.key("part").text_or_null(n.part);
    j.key("reason").value(n.reason);
    j.end_object();
  }
  j.end_array();
  j.key("findings_total").value(file.findings_total);
  j.key("personnel_records").value(file.personnel_records);
  j.key("records_total").value(file.records_total);
  j.key("hidden_records").value(file.hidden_records);
  j.key("visible_records").value(file.visible_records);
  j.key("hidden_places").begin_array();
  for (const auto& p : file.hidden_places) {
    j.begin_object();
    j.key("where").value(p.where);
    j.key("visibility").value(to_string(p.visibility));
    j.key("sheet").value(p.sheet);
    j.key("part").value(p.part);
    j.key("container").strings(p.container);
    j.key("findings").value(p.findings);
    j.key("high_confidence").value(p.high_confidence);
    j.key("personnel_records").value(p.personnel_records);
    j.end_object();
  }
  j.end_array();
  j.key("records").begin_array();
  for (const auto& r : file.records) write_record(j, r);
  j.end_array();
  // Findings past the listing limit, counted by kind so no total is lost.
  j.key("unlisted").begin_array();
  for (const auto& t : file.unlisted) {
    j.begin_object();
    j.key("category").value(to_string(t.category));
    j.key("rule").value(t.rule);
    j.key("visibility").value(to_string(t.visibility));
    j.key("count").value(t.count);
    j.end_object();
  }
  j.end_array();
}

void write_summary_fields(JsonOut& j, const ScanSummary& s) {
  j.key("files").value(s.files);
  j.key("clean").value(s.clean);
  j.key("review").value(s.review);
  j.key("block").value(s.block);
  j.key("error").value(s.error);
  j.key("findings").value(s.findings);
  j.key("records").value(s.records);
  j.key("hidden_findings").value(s.hidden_findings);
  j.key("not_checked").value(s.not_checked);
  j.key("bytes").value(s.bytes);
  j.key("seconds").value(s.seconds);
}

}  // namespace

void write_json(std::ostream& out, const std::vector<FileReport>& files,
                const ScanSummary& summary, const ReportOptions& options) {
  // One file per line; the output is still exactly one JSON document.
  JsonOut j(out);
  j.begin_object();
  j.key("version").value(1);
  j.key("tool").begin_object();
  j.key("name").value("foiguard");
  j.key("version").value(version());
  j.end_object();
  j.key("files").begin_array();
  for (const auto& file : files) {
    j.raw("\n");
    j.begin_object();
    write_file_fields(j, file);
    j.key("findings").begin_array();
    for (const auto& f : file.findings) {
      j.begin_object();
      write_finding_fields(j, f, options);
      j.end_object();
    }
    j.end_array();
    j.end_object();
  }
  j.raw("\n");
  j.end_array();
  j.key("summary").begin_object();
  write_summary_fields(j, summary);
  j.end_object();
  j.end_object();
  j.raw("\n");
}

void write_jsonl(std::ostream& out, const FileReport& file, const ReportOptions& options) {
  JsonOut j(out);
  for (const auto& f : file.findings) {
    j.begin_object();
    j.key("type").value("finding");
    j.key("path").value(file.path);
    write_finding_fields(j, f, options);
    j.end_object();
    j.raw("\n");
  }
  j.begin_object();
  j.key("type").value("file");
  write_file_fields(j, file);
  j.end_object();
  j.raw("\n");
}

void write_jsonl_summary(std::ostream& out, const ScanSummary& summary) {
  JsonOut j(out);
  j.begin_object();
  j.key("type").value("summary");
  write_summary_fields(j, summary);
  j.end_object();
  j.raw("\n");
}

}  // namespace foiguard
