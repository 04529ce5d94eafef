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

std::uint32_t Collector::join_record(Category category, Visibility visibility,
                                     std::uint32_t batch_record) {
  ++report_.findings_total;
  std::uint32_t record = 0;
  if (batch_record) {
    batch_highest_ = std::max(batch_highest_, batch_record);
    record = batch_base_ + batch_record;
  }
  if (record != open_.id) {
    close_record();
    open_.id = record;
  }
  if (record) {
    if (!contains(open_.categories, category)) open_.categories.push_back(category);
    if (is_hidden(visibility) && static_cast<int>(visibility) > static_cast<int>(open_.visibility))
      open_.visibility = visibility;
  }
  return record;
}

void Collector::tally(Category category, const std::string& rule, Visibility visibility) {
  auto& tallies = report_.unlisted;
  const auto same = [&](const FindingTally& t) {
    return t.category == category && t.visibility == visibility && t.rule == rule;
  };
  if (last_tally_ >= tallies.size() || !same(tallies[last_tally_])) {
    last_tally_ = static_cast<std::size_t>(std::find_if(tallies.begin(), tallies.end(), same) - tallies.begin());
    if (last_tally_ == tallies.size()) tallies.push_back({category, rule, visibility, 0});
  }
  ++tallies[last_tally_].count;
}

void Collector::add(const Finding& finding) {
  const std::uint32_t record = join_record(finding.category, finding.visibility, finding.record);
  if (!listing_full()) {
    report_.findings.push_back(finding);
    report_.findings.back().record = record;
    report_.findings.back().location.path = report_.path;
    return;
  }
  tally(finding.category, finding.rule, finding.visibility);
}

void Collector::count(const FindingKey& key) {
  join_record(key.category, key.visibility, key.record);
  tally(key.category, *key.rule, key.visibility);
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
