// The JSON document and the JSON-lines stream. Field names and their order are
// a stable interface (README, "JSON report"): add fields, never rename them.
//
// Written straight to the stream as it goes, not built as a tree and dumped:
// a staff table lists 10,000 findings and 10,000 records, and a tree of them
// cost more than reading the workbook. The tests read every report back with
// nlohmann-json, an independent parser.
#include <cmath>
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>
#include <type_traits>
#include <vector>

#include "foiguard/report.hpp"
#include "foiguard/version.hpp"
#include "json_text.hpp"

namespace foiguard {

namespace {

using report::JsonOut;

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
  j.key("box");
  if (loc.box) {
    // Points, to a tenth: finer than any reader needs to find the line.
    const auto tenth = [](float edge) { return std::round(double{edge} * 10.0) / 10.0; };
    j.begin_array();
    for (const float edge : {loc.box->x0, loc.box->y0, loc.box->x1, loc.box->y1}) j.value(tenth(edge));
    j.end_array();
  } else {
    j.null();
  }
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
  if (!file.sha256.empty()) j.key("sha256").value(file.sha256);
  j.key("not_checked").begin_array();
  for (const auto& n : file.not_checked) {
    j.begin_object();
    j.key("part").text_or_null(n.part);
    j.key("reason").value(n.reason);
    j.end_object();
  }
  j.end_array();
  j.key("findings_total").value(file.findings_total);
  // Left out, so not in findings_total: allowed by the policy, accepted in the baseline.
  j.key("allowed").value(file.allowed);
  j.key("baselined").value(file.baselined);
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
  j.key("from_cache").value(s.from_cache);
  j.key("interrupted").value(s.interrupted);
  j.key("allowed").value(s.allowed);
  j.key("baselined").value(s.baselined);
  // Which key made the fingerprints: `foiguard baseline create` records it.
  j.key("fingerprint_key_id").text_or_null(s.fingerprint_key_id);
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
