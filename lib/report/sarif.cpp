// SARIF 2.1.0 (OASIS), streamed: one run whose driver lists every rule, one
// result per listed finding, one artifact per file, and tool execution
// notifications for what was not checked or not listed.
//
// The results array is written as files arrive. Artifacts and notifications
// belong after it in the document, so they are spooled to an unlinked
// temporary file (a few hundred bytes a file) and copied in by end(): memory
// stays flat over a scan of millions of files.
//
// Result levels: "error" for a finding in a personnel record; "note" for any
// other finding at low confidence; "error" for the rest in a file at BLOCK;
// "warning" otherwise. Values are masked unless the finding carries a raw one.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "foiguard/report.hpp"
#include "foiguard/version.hpp"
#include "json_text.hpp"

namespace foiguard {

namespace {

using report::JsonOut;

constexpr std::string_view kSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
// Where dashboards link the tool's name. Empty until the project has a public
// home: SARIF wants an absolute URI here, and a made-up one would be a dead link.
constexpr std::string_view kInformationUri = "";
constexpr std::string_view kFingerprintKey = "foiguard/v1";

// Notification descriptors, in the order of driver.notifications.
struct NotificationKind {
  std::string_view id, name, text;
};
constexpr NotificationKind kFileNotChecked{"foiguard.file_not_checked", "FileNotChecked",
                                           "A file could not be checked at all."};
constexpr NotificationKind kPartNotChecked{"foiguard.part_not_checked", "PartNotChecked",
                                           "A part of a file could not be checked."};
constexpr NotificationKind kFindingsUnlisted{"foiguard.findings_unlisted", "FindingsUnlisted",
                                             "Findings past the listing limit were counted, not listed."};
constexpr NotificationKind kNotificationKinds[] = {kFileNotChecked, kPartNotChecked, kFindingsUnlisted};

int notification_index(const NotificationKind& kind) {
  for (int i = 0; i < static_cast<int>(std::size(kNotificationKinds)); ++i)
    if (kNotificationKinds[i].id == kind.id) return i;
  return -1;
}

std::string_view category_words(Category c) {
  switch (c) {
    case Category::person_name: return "Person name";
    case Category::rank: return "Rank";
    case Category::pay_number: return "Pay number";
    case Category::warrant_number: return "Warrant number";
    case Category::staff_number: return "Staff number";
    case Category::collar_number: return "Collar number";
    case Category::vetting_level: return "Vetting level";
    case Category::sensitive_unit: return "Sensitive unit";
    case Category::nino: return "National Insurance number";
    case Category::nhs_number: return "NHS number";
    case Category::date_of_birth: return "Date of birth";
    case Category::postal_address: return "Postal address";
    case Category::postcode: return "Postcode";
    case Category::email: return "Email address";
    case Category::phone: return "Phone number";
    case Category::salary: return "Salary";
    case Category::bank_account: return "Bank account";
  }
  return "Personal data";
}

// "name.rank_prefix" -> "NameRankPrefix": SARIF's readable rule name.
std::string rule_name(std::string_view id) {
  std::string name;
  bool upper = true;
  for (const char c : id) {
    if (c == '.' || c == '_' || c == '-') {
      upper = true;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    name += upper && u < 0x80 ? static_cast<char>(std::toupper(u)) : c;
    upper = false;
  }
  return name;
}

bool contains(const std::vector<Category>& list, Category c) {
  return std::find(list.begin(), list.end(), c) != list.end();
}

// A rule's level before any scan: identifiers that block alone are errors,
// attributes that are not personal data alone (a rank, a unit) are notes.
std::string_view rule_level(Category c, const RuleSet& rules) {
  if (contains(rules.block_alone, c)) return "error";
  if (contains(rules.attribute_only, c)) return "note";
  return "warning";
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// A path as a URI reference: relative paths stay relative, absolute ones
// become file:// URIs; every byte but the unreserved ones and '/' is
// percent-encoded, so spaces, '#', '%', ':' and non-UTF-8 bytes are all safe.
std::string artifact_uri(std::string_view path) {
  std::string uri = !path.empty() && path.front() == '/' ? "file://" : "";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || c == '/') uri += ch;
    else fmt::format_to(std::back_inserter(uri), "%{:02X}", c);
  }
  return uri;
}

// A sheet as Excel writes it in a reference: quoted when it is not one plain word.
std::string sheet_reference(const std::string& sheet) {
  const bool plain = !sheet.empty() && std::all_of(sheet.begin(), sheet.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  if (plain) return sheet;
  std::string quoted = "'";
  for (const char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

std::string inside_file(const Location& loc) {
  Location inside = loc;
  inside.path.clear();
  return describe(inside);
}

// "Person name 'P****' in hidden sheet 'Staff' (sheet 'Staff', cell B4 [Surname])".
std::string result_message(const Finding& f, const Record* record) {
  const std::string at = inside_file(f.location);
  std::string text = fmt::format("{} '{}'", category_words(f.category), f.masked);
  if (f.visibility != Visibility::visible) {
    const Location& loc = f.location;
    text += " in " + describe_place(f.visibility, loc.sheet, loc.part, loc.container);
    if (!at.empty()) text += " (" + at + ")";
  } else if (!at.empty()) {
    text += " at " + at;
  }
  if (record && record->personnel) text += fmt::format("; personnel record {} ({})", record->id, record->summary);
  return text;
}

// Personnel-record ids of one file, for the levels of its findings.
class PersonnelRecords {
 public:
  explicit PersonnelRecords(const FileReport& file) : file_(file) {}
  // Records past the listing limit are not described; their findings still
  // say they belong to one, and only personnel records are past that limit
  // in practice, so they count as such.
  bool personnel(std::uint32_t id) const {
    if (id == 0) return false;
    const Record* r = find(id);
    return r ? r->personnel : file_.personnel_records > 0;
  }
  const Record* find(std::uint32_t id) const {
    if (id == 0) return nullptr;
    // Records are listed in id order, so the id is usually the position.
    if (id <= file_.records.size() && file_.records[id - 1].id == id) return &file_.records[id - 1];
    const auto it = std::find_if(file_.records.begin(), file_.records.end(),
                                 [id](const Record& r) { return r.id == id; });
    return it == file_.records.end() ? nullptr : &*it;
  }

 private:
  const FileReport& file_;
};

std::string_view result_level(const Finding& f, const FileReport& file, const PersonnelRecords& records) {
  if (records.personnel(f.record)) return "error";
  if (f.confidence == Confidence::low) return "note";
  if (file.verdict == Verdict::block) return "error";
  return "warning";
}

// Scratch space for the parts written after the results: an unlinked
// temporary file (mode 0600), or memory when none can be made.
class Spool {
 public:
  Spool() : stream_(open_scratch()) {}
  std::ostream& stream() { return *stream_; }
  // Writes the comma before every item but the first.
  void next_item(JsonOut& j) {
    if (items_++ > 0) j.raw(",");
    j.raw("\n");
  }
  void copy_to(std::ostream& out) {
    if (items_ == 0) return;  // streaming an empty buffer would set failbit on `out`
    stream_->flush();
    stream_->seekg(0);
    out << stream_->rdbuf();
  }

 private:
  static std::unique_ptr<std::iostream> open_scratch() {
    const char* dir = std::getenv("TMPDIR");
    std::string name = std::string(dir && *dir ? dir : "/tmp") + "/foiguard-sarif-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd >= 0) {
      auto file = std::make_unique<std::fstream>(
          name, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
      ::unlink(name.c_str());
      ::close(fd);
      if (*file) return file;
    }
    return std::make_unique<std::stringstream>();
  }

  std::unique_ptr<std::iostream> stream_;
  std::uint64_t items_ = 0;
};

void write_artifact_location(JsonOut& j, const std::string& uri, std::uint64_t index) {
  j.key("artifactLocation").begin_object();
  j.key("uri").value(uri);
  j.key("index").value(index);
  j.end_object();
}

// startLine/startColumn where the location has a line of text (or a
// paragraph, counted as a line); a table's column is not a character column.
void write_region(JsonOut& j, const Location& loc) {
  const bool table = loc.row || loc.cell;
  if (loc.line) {
    j.key("region").begin_object();
    j.key("startLine").value(*loc.line);
    if (loc.column && !table) j.key("startColumn").value(*loc.column);
    j.end_object();
  } else if (loc.paragraph) {
    j.key("region").begin_object();
    j.key("startLine").value(*loc.paragraph);
    if (loc.column && !table) j.key("startColumn").value(*loc.column);
    j.key("properties").begin_object();
    j.key("lineIs").value("paragraph");
    if (loc.part) j.key("part").value(*loc.part);
    j.end_object();
    j.end_object();
  }
}

// Places without a line: a cell ("'Staff List'!B4"), a sheet row, a sheet,
// a slide or a page.
void write_logical_location(JsonOut& j, const Location& loc) {
  std::string name, qualified;
  if (loc.sheet) {
    const std::string sheet = sheet_reference(*loc.sheet);
    if (loc.cell) name = *loc.cell, qualified = sheet + "!" + *loc.cell;
    else if (loc.row) name = fmt::format("{0}:{0}", *loc.row), qualified = sheet + "!" + name;
    else name = *loc.sheet, qualified = sheet;
  } else if (loc.slide) {
    name = qualified = fmt::format("slide {}", *loc.slide);
  } else if (loc.page) {
    name = qualified = fmt::format("page {}", *loc.page);
  } else {
    return;
  }
  j.key("logicalLocations").begin_array();
  j.begin_object();
  j.key("name").value(name);
  j.key("fullyQualifiedName").value(qualified);
  j.key("kind").value("element");
  j.end_object();
  j.end_array();
}

void write_finding_properties(JsonOut& j, const Finding& f, const ReportOptions& options) {
  const Location& loc = f.location;
  j.key("properties").begin_object();
  j.key("category").value(to_string(f.category));
  j.key("confidence").value(to_string(f.confidence));
  j.key("severity").value(to_string(f.severity));
  j.key("visibility").value(to_string(f.visibility));
  j.key("hidden").value(is_hidden(f.visibility));
  j.key("masked").value(f.masked);
  // Raw values leave the library only when the caller asked for them.
  if (!f.value.empty()) j.key("value").value(f.value);
  if (f.record) j.key("record").value(f.record);
  if (!loc.container.empty()) j.key("container").strings(loc.container);
  if (loc.part) j.key("part").value(*loc.part);
  if (loc.sheet) j.key("sheet").value(*loc.sheet);
  if (loc.header) j.key("header").value(*loc.header);
  if (loc.author) j.key("author").value(*loc.author);
  j.key("where").value(inside_file(loc));
  j.key("context").value(f.context);
  if (options.explain) j.key("evidence").strings(f.evidence);
  j.end_object();
}

void write_notification(JsonOut& j, const NotificationKind& kind, std::string_view level,
                        const std::string& text, const std::string& uri, std::uint64_t artifact) {
  j.key("level").value(level);
  j.key("message").begin_object();
  j.key("text").value(text);
  j.end_object();
  j.key("descriptor").begin_object();
  j.key("id").value(kind.id);
  j.key("index").value(notification_index(kind));
  j.end_object();
  j.key("locations").begin_array();
  j.begin_object();
  j.key("physicalLocation").begin_object();
  write_artifact_location(j, uri, artifact);
  j.end_object();
  j.end_object();
  j.end_array();
}

class SarifWriter final : public ReportWriter {
 public:
  SarifWriter(std::ostream& out, const RuleSet& rules, const ReportOptions& options)
      : out_(out), j_(out), options_(options) {
    write_preamble(rules);
  }

  void file(const FileReport& file) override {
    const std::uint64_t index = files_++;
    const std::string uri = artifact_uri(file.path);
    write_results(file, uri, index);
    write_notifications(file, uri, index);
    write_artifact(file, uri);
    j_.flush();
  }

  void end(const ScanSummary& summary) override {
    if (ended_) return;
    ended_ = true;
    j_.raw("\n");
    j_.end_array();  // results
    j_.key("invocations").begin_array();
    j_.begin_object();
    j_.key("executionSuccessful").value(true);
    j_.key("toolExecutionNotifications").begin_array();
    copy_spool(notifications_);
    j_.end_array();
    j_.end_object();
    j_.end_array();
    j_.key("artifacts").begin_array();
    copy_spool(artifacts_);
    j_.end_array();
    j_.key("properties").begin_object();
    write_summary(summary);
    j_.end_object();
    j_.end_object();  // run
    j_.end_array();   // runs
    j_.end_object();
    j_.raw("\n");
    j_.flush();
    out_.flush();
  }

 private:
  void write_preamble(const RuleSet& rules) {
    j_.begin_object();
    j_.key("$schema").value(kSchemaUri);
    j_.key("version").value("2.1.0");
    j_.key("runs").begin_array();
    j_.begin_object();
    j_.key("tool").begin_object();
    j_.key("driver").begin_object();
    j_.key("name").value("foiguard");
    j_.key("version").value(version());
    j_.key("semanticVersion").value(version());
    if (!kInformationUri.empty()) j_.key("informationUri").value(kInformationUri);
    j_.key("rules").begin_array();
    for (const auto& r : rules.text_rules)
      write_rule(r.id, r.category, r.description, text_rule_details(r), "text", rules);
    for (const auto& r : rules.column_rules)
      write_rule(r.id, r.category, r.description, column_rule_details(r), "column", rules);
    j_.end_array();
    j_.key("notifications").begin_array();
    for (const auto& kind : kNotificationKinds) write_notification_descriptor(kind);
    j_.end_array();
    j_.key("properties").begin_object();
    j_.key("rulesVersion").value(rules.version);
    j_.end_object();
    j_.end_object();  // driver
    j_.end_object();  // tool
    // Columns count characters (code points), as the detector does.
    j_.key("columnKind").value("unicodeCodePoints");
    j_.key("results").begin_array();
    j_.flush();
  }

  // A rule's description as a sentence, then what it matches on.
  static std::string sentence(std::string text) {
    if (!text.empty() && text.back() != '.') text += '.';
    return text;
  }
  static std::string text_rule_details(const TextRule& r) {
    return fmt::format("{} Confidence {} without context, {} with a keyword or matching column header{}.",
                       sentence(r.description), to_string(r.confidence), to_string(r.with_context),
                       r.context_required ? "; no finding without one" : "");
  }
  static std::string column_rule_details(const ColumnRule& r) {
    std::string text = sentence(r.description) + " Cells under a column headed";
    for (std::size_t i = 0; i < r.headers.size(); ++i) text += (i ? ", '" : " '") + r.headers[i] + "'";
    return text + fmt::format(" ({} shape), at {} confidence.", r.shape, to_string(r.confidence));
  }

  void write_rule(const std::string& id, Category category, const std::string& description,
                  const std::string& details, std::string_view kind, const RuleSet& rules) {
    rule_index_.try_emplace(id, rule_count_++);
    j_.raw("\n");
    j_.begin_object();
    j_.key("id").value(id);
    j_.key("name").value(rule_name(id));
    j_.key("shortDescription").begin_object();
    j_.key("text").value(description.empty() ? fmt::format("{} ({})", category_words(category), id)
                                             : sentence(description));
    j_.end_object();
    j_.key("fullDescription").begin_object();
    j_.key("text").value(details);
    j_.end_object();
    j_.key("help").begin_object();
    j_.key("text").value(
        "Personal data that must not be released. Open the file at the location given, then remove or redact "
        "the value; hidden places (hidden sheets, pivot caches, comments, tracked changes, document "
        "properties) must be cleared too, not only what is on screen.");
    j_.end_object();
    j_.key("defaultConfiguration").begin_object();
    j_.key("level").value(rule_level(category, rules));
    j_.end_object();
    j_.key("properties").begin_object();
    j_.key("category").value(to_string(category));
    j_.key("kind").value(kind);
    j_.key("tags").begin_array();
    j_.value("privacy");
    j_.value("personal-data");
    j_.value(is_personnel_attribute(category) ? "police-personnel" : "general-personal-data");
    j_.value(to_string(category));
    j_.end_array();
    j_.end_object();
    j_.end_object();
  }

  void write_notification_descriptor(const NotificationKind& kind) {
    j_.begin_object();
    j_.key("id").value(kind.id);
    j_.key("name").value(kind.name);
    j_.key("shortDescription").begin_object();
    j_.key("text").value(kind.text);
    j_.end_object();
    j_.end_object();
  }

  void write_results(const FileReport& file, const std::string& uri, std::uint64_t artifact) {
    const PersonnelRecords records(file);
    for (const auto& f : file.findings) {
      j_.raw("\n");
      j_.begin_object();
      j_.key("ruleId").value(f.rule);
      const auto rule = rule_index_.find(f.rule);
      if (rule != rule_index_.end()) j_.key("ruleIndex").value(rule->second);
      j_.key("level").value(result_level(f, file, records));
      j_.key("message").begin_object();
      j_.key("text").value(result_message(f, records.find(f.record)));
      j_.end_object();
      j_.key("locations").begin_array();
      j_.begin_object();
      j_.key("physicalLocation").begin_object();
      write_artifact_location(j_, uri, artifact);
      write_region(j_, f.location);
      j_.end_object();
      write_logical_location(j_, f.location);
      j_.end_object();
      j_.end_array();
      if (!f.fingerprint.empty()) {
        j_.key("partialFingerprints").begin_object();
        j_.key(kFingerprintKey).value(f.fingerprint);
        j_.end_object();
      }
      write_finding_properties(j_, f, options_);
      j_.end_object();
    }
  }

  void write_notifications(const FileReport& file, const std::string& uri, std::uint64_t artifact) {
    JsonOut n(notifications_.stream());
    const auto begin = [&] {
      notifications_.next_item(n);
      n.begin_object();
    };
    if (file.verdict == Verdict::error) {
      begin();
      const std::string& why = file.error.empty() ? file.reason : file.error;
      write_notification(n, kFileNotChecked, "error", fmt::format("{}: not checked: {}", file.path, why), uri,
                         artifact);
      n.key("properties").begin_object();
      n.key("reason").value(why);
      n.end_object();
      n.end_object();
    }
    for (const auto& part : file.not_checked) {
      // An unreadable file already has its notification.
      if (file.verdict == Verdict::error && part.part.empty()) continue;
      begin();
      const std::string what = part.part.empty() ? "whole file" : part.part;
      write_notification(n, kPartNotChecked, "warning",
                         fmt::format("{}: {} not checked: {}", file.path, what, part.reason), uri, artifact);
      n.key("properties").begin_object();
      if (!part.part.empty()) n.key("part").value(part.part);
      n.key("reason").value(part.reason);
      n.end_object();
      n.end_object();
    }
    for (const auto& tally : file.unlisted) {
      begin();
      write_notification(n, kFindingsUnlisted, "warning",
                         fmt::format("{}: {} more {} finding{} (rule {}, {}) past the listing limit: counted, "
                                     "not listed",
                                     file.path, tally.count, to_string(tally.category), tally.count == 1 ? "" : "s",
                                     tally.rule, to_string(tally.visibility)),
                         uri, artifact);
      n.key("associatedRule").begin_object();
      n.key("id").value(tally.rule);
      const auto rule = rule_index_.find(tally.rule);
      if (rule != rule_index_.end()) n.key("index").value(rule->second);
      n.end_object();
      n.key("properties").begin_object();
      n.key("category").value(to_string(tally.category));
      n.key("rule").value(tally.rule);
      n.key("visibility").value(to_string(tally.visibility));
      n.key("count").value(tally.count);
      n.end_object();
      n.end_object();
    }
  }

  void write_artifact(const FileReport& file, const std::string& uri) {
    JsonOut a(artifacts_.stream());
    artifacts_.next_item(a);
    a.begin_object();
    a.key("location").begin_object();
    a.key("uri").value(uri);
    a.end_object();
    a.key("length").value(file.bytes);
    a.key("roles").begin_array();
    a.value("analysisTarget");
    a.end_array();
    if (!file.sha256.empty()) {
      a.key("hashes").begin_object();
      a.key("sha-256").value(file.sha256);
      a.end_object();
    }
    a.key("properties").begin_object();
    a.key("path").value(file.path);
    a.key("format").value(file.format);
    a.key("verdict").value(to_string(file.verdict));
    a.key("severity").value(to_string(file.severity));
    a.key("reason").value(file.reason);
    if (!file.error.empty()) a.key("error").value(file.error);
    a.key("findings").value(file.findings_total);
    a.key("personnelRecords").value(file.personnel_records);
    a.key("hiddenRecords").value(file.hidden_records);
    a.key("allowed").value(file.allowed);
    a.key("baselined").value(file.baselined);
    a.end_object();
    a.end_object();
  }

  void write_summary(const ScanSummary& s) {
    j_.key("summary").begin_object();
    j_.key("files").value(s.files);
    j_.key("clean").value(s.clean);
    j_.key("review").value(s.review);
    j_.key("block").value(s.block);
    j_.key("error").value(s.error);
    j_.key("findings").value(s.findings);
    j_.key("records").value(s.records);
    j_.key("hidden_findings").value(s.hidden_findings);
    j_.key("not_checked").value(s.not_checked);
    j_.key("bytes").value(s.bytes);
    j_.key("seconds").value(s.seconds);
    j_.key("allowed").value(s.allowed);
    j_.key("baselined").value(s.baselined);
    j_.key("fingerprint_key_id").text_or_null(s.fingerprint_key_id);
    j_.end_object();
  }

  void copy_spool(Spool& spool) {
    j_.flush();
    spool.copy_to(out_);
    j_.raw("\n");
  }

  std::ostream& out_;
  JsonOut j_;
  ReportOptions options_;
  std::unordered_map<std::string, int> rule_index_;  // first rule with each id
  int rule_count_ = 0;
  std::uint64_t files_ = 0;
  Spool artifacts_;
  Spool notifications_;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<ReportWriter> make_sarif_writer(std::ostream& out, const RuleSet& rules,
                                                const ReportOptions& options) {
  return std::make_unique<SarifWriter>(out, rules, options);
}

}  // namespace foiguard
