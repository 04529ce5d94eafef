#include "scan/collector.hpp"

#include <algorithm>

namespace foiguard::scan {
namespace {

bool contains(const std::vector<Category>& list, Category c) {
  return std::find(list.begin(), list.end(), c) != list.end();
}

std::string category_summary(const std::vector<Category>& categories) {
  std::string out;
  for (const auto c : categories) {
    if (!out.empty()) out += " + ";
    std::string name(to_string(c));
    std::replace(name.begin(), name.end(), '_', ' ');
    out += name;
  }
  return out;
}

}  // namespace

Collector::Collector(const RuleSet& rules, const ScanOptions& options, FileReport& report)
    : rules_(rules), options_(options), report_(report) {}

void Collector::start_batch() {
  close_record();
  batch_base_ += batch_highest_;
  batch_highest_ = 0;
}

bool Collector::listing_full() const { return report_.findings.size() >= options_.max_findings; }

void Collector::add(const Finding& finding) {
  ++report_.findings_total;
  std::uint32_t record = 0;
  if (finding.record) {
    batch_highest_ = std::max(batch_highest_, finding.record);
    record = batch_base_ + finding.record;
  }
  if (record != open_.id) {
    close_record();
    open_.id = record;
  }
  if (record) {
    if (!contains(open_.categories, finding.category)) open_.categories.push_back(finding.category);
    if (is_hidden(finding.visibility) && static_cast<int>(finding.visibility) > static_cast<int>(open_.visibility))
      open_.visibility = finding.visibility;
  }
  if (!listing_full()) {
    report_.findings.push_back(finding);
    report_.findings.back().record = record;
    report_.findings.back().location.path = report_.path;
    return;
  }
  auto it = std::find_if(report_.unlisted.begin(), report_.unlisted.end(), [&](const FindingTally& t) {
    return t.category == finding.category && t.visibility == finding.visibility && t.rule == finding.rule;
  });
  if (it == report_.unlisted.end()) {
    report_.unlisted.push_back({finding.category, finding.rule, finding.visibility, 0});
    it = report_.unlisted.end() - 1;
  }
  ++it->count;
}

void Collector::close_record() {
  if (open_.id == 0) return;
  Record r = std::move(open_);
  open_ = Record{};
  std::sort(r.categories.begin(), r.categories.end());
  const bool completes = std::any_of(r.categories.begin(), r.categories.end(), [&](Category c) {
    return contains(rules_.record_completing, c);
  });
  r.personnel = contains(r.categories, Category::person_name) && completes;
  r.sensitive = r.personnel && contains(r.categories, Category::sensitive_unit);
  r.summary = category_summary(r.categories);
  ++report_.records_total;
  report_.personnel_records += r.personnel;
  report_.sensitive_records += r.sensitive;
  report_.hidden_records += r.personnel && is_hidden(r.visibility);
  if (report_.records.size() < options_.max_records) report_.records.push_back(std::move(r));
}

void Collector::finish() { close_record(); }

}  // namespace foiguard::scan
