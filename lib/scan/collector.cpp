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

// Adds `count` to the tally of (category, rule, visibility); `last` caches
// the index of the tally used last, since findings of one rule come in runs.
void add_to_tally(std::vector<FindingTally>& tallies, std::size_t& last, Category category,
                  const std::string& rule, Visibility visibility, std::uint64_t count) {
  const auto same = [&](const FindingTally& t) {
    return t.category == category && t.visibility == visibility && t.rule == rule;
  };
  if (last >= tallies.size() || !same(tallies[last])) {
    last = static_cast<std::size_t>(std::find_if(tallies.begin(), tallies.end(), same) - tallies.begin());
    if (last == tallies.size()) tallies.push_back({category, rule, visibility, 0});
  }
  tallies[last].count += count;
}

}  // namespace

// ---------------------------------------------------------------- one batch

void BatchCollector::reset(std::size_t finding_room, std::size_t record_room) {
  finding_room_ = finding_room;
  record_room_ = record_room;
  listed_.clear();
  unlisted_.clear();
  records_.clear();
  last_tally_ = 0;
  places_.clear();
  last_place_ = 0;
  open_ = Record{};
  open_place_ = SIZE_MAX;
  highest_record_ = 0;
  findings_ = records_total_ = personnel_ = sensitive_ = hidden_ = visible_ = 0;
  left_out_ = {};
  open_seen_ = false;
}

void BatchCollector::add(const Finding& finding) {
  ++findings_;
  if (finding.record != open_.id) {
    close_record();
    open_.id = finding.record;
  }
  if (finding.record) {
    highest_record_ = std::max(highest_record_, finding.record);
    if (!contains(open_.categories, finding.category)) open_.categories.push_back(finding.category);
    open_.sensitive = open_.sensitive || finding.sensitive_person;
    open_seen_ = open_seen_ || !is_hidden(finding.visibility);
    if (is_hidden(finding.visibility) &&
        static_cast<int>(finding.visibility) > static_cast<int>(open_.visibility)) {
      open_.visibility = finding.visibility;
      open_place_ = place_of(finding);
    }
  }
  if (is_hidden(finding.visibility)) {
    HiddenPlace& place = places_[place_of(finding)];
    ++place.findings;
    place.high_confidence += finding.confidence == Confidence::high;
  }
  if (listed_.size() < finding_room_) {
    listed_.push_back(finding);
  } else {
    add_to_tally(unlisted_, last_tally_, finding.category, finding.rule, finding.visibility, 1);
  }
}

void BatchCollector::finish() { close_record(); }

void BatchCollector::close_record() {
  if (open_.id == 0) return;
  Record& r = open_;
  const bool completes = std::any_of(r.categories.begin(), r.categories.end(), [&](Category c) {
    return contains(rules_->record_completing, c);
  });
  r.personnel = contains(r.categories, Category::person_name) && completes;
  r.sensitive = r.personnel && (r.sensitive || contains(r.categories, Category::sensitive_unit));
  ++records_total_;
  personnel_ += r.personnel;
  sensitive_ += r.sensitive;
  hidden_ += r.personnel && is_hidden(r.visibility);
  if (r.personnel && open_place_ < places_.size()) ++places_[open_place_].personnel_records;
  visible_ += r.personnel && open_seen_;
  open_place_ = SIZE_MAX;
  open_seen_ = false;
  if (records_.size() < record_room_) {
    // Only listed records are sorted and summarised: a staff table has millions.
    std::sort(r.categories.begin(), r.categories.end());
    r.summary = category_summary(r.categories);
    records_.push_back(std::move(r));
  }
  open_ = Record{};
}

std::size_t BatchCollector::place_of(const Finding& f) {
  const auto same = [&](const HiddenPlace& p) {
    return p.visibility == f.visibility && p.sheet == f.location.sheet && p.part == f.location.part &&
           p.container == f.location.container;
  };
  if (last_place_ < places_.size() && same(places_[last_place_])) return last_place_;
  last_place_ = static_cast<std::size_t>(std::find_if(places_.begin(), places_.end(), same) - places_.begin());
  if (last_place_ == places_.size()) {
    HiddenPlace p;
    p.visibility = f.visibility;
    p.sheet = f.location.sheet;
    p.part = f.location.part;
    p.container = f.location.container;
    places_.push_back(std::move(p));
  }
  return last_place_;
}

// ---------------------------------------------------------------- the file

std::size_t Collector::finding_room() const {
  return options_.max_findings - std::min(options_.max_findings, report_.findings.size());
}

std::size_t Collector::record_room() const {
  return options_.max_records - std::min(options_.max_records, report_.records.size());
}

void Collector::tally(const FindingTally& t) {
  std::size_t last = report_.unlisted.size();
  add_to_tally(report_.unlisted, last, t.category, t.rule, t.visibility, t.count);
}

void Collector::merge_place(const HiddenPlace& place) {
  std::string where = describe_place(place.visibility, place.sheet, place.part, place.container);
  auto it = std::find_if(report_.hidden_places.begin(), report_.hidden_places.end(),
                         [&](const HiddenPlace& p) { return p.where == where; });
  if (it == report_.hidden_places.end()) {
    report_.hidden_places.push_back(place);
    report_.hidden_places.back().where = std::move(where);
    return;
  }
  it->findings += place.findings;
  it->high_confidence += place.high_confidence;
  it->personnel_records += place.personnel_records;
}

void Collector::add(BatchCollector& batch) {
  for (const HiddenPlace& p : batch.places_) merge_place(p);
  const auto file_record = [&](std::uint32_t local) { return local ? batch_base_ + local : 0; };
  // A batch may carry more than the listing has left: the rest is counted.
  for (Finding& f : batch.listed_) {
    if (report_.findings.size() < options_.max_findings) {
      f.record = file_record(f.record);
      f.location.path = report_.path;
      report_.findings.push_back(std::move(f));
    } else {
      tally({f.category, f.rule, f.visibility, 1});
      ++overlisted_;
    }
  }
  for (const FindingTally& t : batch.unlisted_) tally(t);
  for (Record& r : batch.records_) {
    if (report_.records.size() >= options_.max_records) break;
    r.id = file_record(r.id);
    report_.records.push_back(std::move(r));
  }
  report_.findings_total += batch.findings_;
  report_.records_total += batch.records_total_;
  report_.personnel_records += batch.personnel_;
  report_.sensitive_records += batch.sensitive_;
  report_.allowed += batch.left_out_.allowed;
  report_.baselined += batch.left_out_.baselined;
  report_.hidden_records += batch.hidden_;
  report_.visible_records += batch.visible_;
  batch_base_ += batch.highest_record_;
}

}  // namespace foiguard::scan
