// The JSON document and the JSON-lines stream. Field names and their order are
// a stable interface (README, "JSON report"): add fields, never rename them.
#include <nlohmann/json.hpp>

#include "foiguard/report.hpp"
#include "foiguard/version.hpp"

namespace foiguard {

namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json location_json(const Location& loc) {
  return Json{{"container", loc.container}, {"part", or_null(loc.part)},
              {"sheet", or_null(loc.sheet)},   {"cell", or_null(loc.cell)},
              {"row", or_null(loc.row)},       {"column", or_null(loc.column)},
              {"header", or_null(loc.header)}, {"line", or_null(loc.line)},
              {"page", or_null(loc.page)}};
}

void add_finding_fields(Json& j, const Finding& f, const ReportOptions& options) {
  j["category"] = to_string(f.category);
  j["rule"] = f.rule;
  j["confidence"] = to_string(f.confidence);
  j["severity"] = to_string(f.severity);
  j["visibility"] = to_string(f.visibility);
  j["location"] = location_json(f.location);
  j["masked"] = f.masked;
  // Raw values leave the library only when the caller asked for them.
  if (!f.value.empty()) j["value"] = f.value;
  j["fingerprint"] = or_null(f.fingerprint);
  j["context"] = f.context;
  j["record"] = f.record ? Json(f.record) : Json(nullptr);
  if (options.explain) j["evidence"] = f.evidence;
}

Json record_json(const Record& r) {
  Json categories = Json::array();
  for (const auto c : r.categories) categories.push_back(to_string(c));
  return Json{{"id", r.id},
              {"categories", std::move(categories)},
              {"personnel", r.personnel},
              {"sensitive", r.sensitive},
              {"visibility", to_string(r.visibility)},
              {"summary", r.summary}};
}

// Every field of a file except its findings.
void add_file_fields(Json& j, const FileReport& file) {
  j["path"] = file.path;
  j["format"] = file.format;
  j["verdict"] = to_string(file.verdict);
  j["error"] = or_null(file.error);
  j["reason"] = file.reason;
  j["severity"] = to_string(file.severity);
  j["bytes"] = file.bytes;
  Json not_checked = Json::array();
  for (const auto& n : file.not_checked)
    not_checked.push_back(Json{{"part", or_null(n.part)}, {"reason", n.reason}});
  j["not_checked"] = std::move(not_checked);
  j["findings_total"] = file.findings_total;
  j["personnel_records"] = file.personnel_records;
  j["records_total"] = file.records_total;
  j["hidden_records"] = file.hidden_records;
  j["visible_records"] = file.visible_records;
  Json places = Json::array();
  for (const auto& p : file.hidden_places)
    places.push_back(Json{{"where", p.where},
                          {"visibility", to_string(p.visibility)},
                          {"sheet", p.sheet ? Json(*p.sheet) : Json(nullptr)},
                          {"part", p.part ? Json(*p.part) : Json(nullptr)},
                          {"container", p.container},
                          {"findings", p.findings},
                          {"high_confidence", p.high_confidence},
                          {"personnel_records", p.personnel_records}});
  j["hidden_places"] = std::move(places);
  Json records = Json::array();
  for (const auto& r : file.records) records.push_back(record_json(r));
  j["records"] = std::move(records);
  // Findings past the listing limit, counted by kind so no total is lost.
  Json unlisted = Json::array();
  for (const auto& t : file.unlisted) {
    unlisted.push_back(Json{{"category", to_string(t.category)},
                            {"rule", t.rule},
                            {"visibility", to_string(t.visibility)},
                            {"count", t.count}});
  }
  j["unlisted"] = std::move(unlisted);
}

Json summary_json(const ScanSummary& s) {
  return Json{{"files", s.files},
              {"clean", s.clean},
              {"review", s.review},
              {"block", s.block},
              {"error", s.error},
              {"findings", s.findings},
              {"records", s.records},
              {"hidden_findings", s.hidden_findings},
              {"not_checked", s.not_checked},
              {"bytes", s.bytes},
              {"seconds", s.seconds}};
}

// Paths and document text need not be valid UTF-8; replace bad bytes (U+FFFD)
// rather than throw halfway through a report.
std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

void write_json(std::ostream& out, const std::vector<FileReport>& files,
                const ScanSummary& summary, const ReportOptions& options) {
  // Written file by file, one per line, so a large report is never built
  // twice in memory; the output is still exactly one JSON document.
  const Json tool{{"name", "foiguard"}, {"version", version()}};
  out << "{\"version\":1,\"tool\":" << dump(tool) << ",\"files\":[";
  bool first = true;
  for (const auto& file : files) {
    Json j = Json::object();
    add_file_fields(j, file);
    Json findings = Json::array();
    for (const auto& f : file.findings) {
      Json fj = Json::object();
      add_finding_fields(fj, f, options);
      findings.push_back(std::move(fj));
    }
    j["findings"] = std::move(findings);
    out << (first ? "\n" : ",\n") << dump(j);
    first = false;
  }
  out << "\n],\"summary\":" << dump(summary_json(summary)) << "}\n";
}

void write_jsonl(std::ostream& out, const FileReport& file, const ReportOptions& options) {
  for (const auto& f : file.findings) {
    Json j{{"type", "finding"}, {"path", file.path}};
    add_finding_fields(j, f, options);
    out << dump(j) << '\n';
  }
  Json j{{"type", "file"}};
  add_file_fields(j, file);
  out << dump(j) << '\n';
}

void write_jsonl_summary(std::ostream& out, const ScanSummary& summary) {
  Json j{{"type", "summary"}};
  j.update(summary_json(summary));
  out << dump(j) << '\n';
}

}  // namespace foiguard
