// The detector pipeline over one batch:
//   1. table path: cells under a recognised column header are checked by shape;
//   2. regex path: every other span goes through the Matcher (set gate, then
//      per-rule RE2), then validators and context scoring;
//   3. overlapping hits are merged;
//   4. findings of one row or line are grouped into records, which raise or
//      cap confidence and set severity;
//   5. survivors are emitted as Findings with locations, masks and fingerprints.
//
// A dense staff table yields a finding every few bytes, so candidates are
// small plain structs (no strings) and Findings are built one at a time into
// a reused object handed to the caller's sink.
#include "foiguard/detector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <memory>
#include <span>
#include <stdexcept>
#include <unordered_map>

#include "detect/context.hpp"
#include "detect/masking.hpp"
#include "detect/matcher.hpp"
#include "detect/text_util.hpp"
#include "detect/validators.hpp"

namespace foiguard {
namespace {

constexpr std::size_t kCategoryCount = static_cast<std::size_t>(Category::bank_account) + 1;
using CategoryFlags = std::array<bool, kCategoryCount>;

CategoryFlags flags_of(const std::vector<Category>& categories) {
  CategoryFlags flags{};
  for (const auto c : categories) flags[static_cast<std::size_t>(c)] = true;
  return flags;
}

// What raised a candidate, rendered into Finding::context only on emission.
enum class Why : std::uint8_t { description, column, keyword, header_keyword, roster };

// A finding before it is located and rendered. Offsets are in the batch text
// (batches are far below 4 GiB: readers flush at a few MiB). Kept small: a
// dense table makes millions of these.
struct Candidate {
  std::uint32_t begin = 0, end = 0;
  std::uint32_t rank_begin = 0, rank_end = 0;  // the rank prefix that raised a name, if any
  const std::string* keyword = nullptr;        // the context keyword, if any
  std::uint32_t span = 0;
  std::uint32_t evidence = 0;                  // 1-based index into Scratch::evidence; 0 = none
  std::uint32_t record = 0;
  std::uint32_t roster = 0;                    // 1-based index into Scratch::roster_matches; 0 = none
  std::uint16_t rule = 0;                      // text rule, or column rule when `column`
  Category category = Category::person_name;
  Confidence confidence = Confidence::low;
  Severity severity = Severity::info;
  Why why = Why::description;
  bool column = false;
  bool same_person = false;                    // a roster match of the person another one in its record names
};

bool candidate_before(const Candidate& a, const Candidate& b) {
  // Longer first at one start, so a container is seen before what it holds.
  if (a.begin != b.begin) return a.begin < b.begin;
  if (a.end != b.end) return a.end > b.end;
  if (a.category != b.category) return a.category < b.category;
  return a.confidence > b.confidence;
}

// The text the regex path scans: the batch text itself, or a copy holding only
// the cells the table path did not settle. view_begin[k] is where view piece k
// starts; view_span[k] the batch span it came from. In a copy, the cells whose
// header gives context (a "Pay No" cell the shape did not settle) come first,
// in text[0, context_end), so rules freed from their keyword gate by a header
// run over those cells only, not over every cell of the batch.
struct RegexView {
  std::string scratch;
  std::string_view text;
  std::vector<std::size_t> view_begin;
  std::vector<std::uint32_t> view_span;
  std::size_t context_end = 0;
  // Pieces after the context cells, gathered apart and appended at the end.
  std::string rest;
  std::vector<std::size_t> rest_begin;
  std::vector<std::uint32_t> rest_span;

  void add(std::string_view piece, std::uint32_t span, bool header_context) {
    std::string& to = header_context ? scratch : rest;
    (header_context ? view_begin : rest_begin).push_back(to.size());
    (header_context ? view_span : rest_span).push_back(span);
    to.append(piece);
    to.push_back('\n');
  }

  void close() {
    context_end = scratch.size();
    for (const std::size_t b : rest_begin) view_begin.push_back(context_end + b);
    view_span.insert(view_span.end(), rest_span.begin(), rest_span.end());
    scratch.append(rest);
    text = scratch;
  }

  void clear() {
    scratch.clear();
    text = {};
    view_begin.clear();
    view_span.clear();
    context_end = 0;
    rest.clear();
    rest_begin.clear();
    rest_span.clear();
  }
};

// Per-thread working memory, reused across batches so a large scan does not
// fault in fresh pages for every batch.
struct Scratch {
  RegexView view;
  std::vector<detect::RawHit> hits;
  std::vector<detect::GroupHit> hit_groups;  // the hits' named groups (RawHit::first_group)
  std::vector<Candidate> table, regex, merged, roster, table_and_roster;
  std::vector<RosterMatch> roster_matches;
  std::vector<Roster::CellRange> roster_cells;    // the batch's cells, for Roster::match_cells
  std::vector<std::uint32_t> roster_cell_spans;   // their span indexes
  Location suppress_location;  // scratch of suppress()
  std::vector<std::vector<std::string>> evidence;
  std::vector<int> header_rule;
  std::vector<std::string> header_norm;  // the batch's headers, normalize_phrase()d by table_path
  std::vector<bool> header_context;      // per header: it holds a text rule's context keyword
  std::vector<bool> ungated;             // per text rule: some header holds its keyword
  // Repeated table cells (see table_path): the first cell with a header and
  // text, and every later one that only copies its regex results.
  struct CellKey {
    std::int32_t header;
    std::string_view text;
    bool operator==(const CellKey&) const = default;
  };
  struct CellKeyHash {
    std::size_t operator()(const CellKey& k) const {
      return std::hash<std::string_view>{}(k.text) ^ (static_cast<std::size_t>(k.header) * 0x9E3779B97F4A7C15ull);
    }
  };
  std::unordered_map<CellKey, std::uint32_t, CellKeyHash> first_cell;  // -> index into `originals`
  struct Original {
    std::uint32_t span = 0, first = 0, count = 0;  // its candidates: regex[first, first + count)
  };
  std::vector<Original> originals;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> repeats;  // (span, original), in span order
  std::vector<Candidate> expanded;
  std::unique_ptr<detect::Fingerprinter> fingerprinter;  // for the last key used
  std::string where;

  detect::Fingerprinter& fingerprinter_for(std::string_view key) {
    if (!fingerprinter || fingerprinter->key() != key)
      fingerprinter = std::make_unique<detect::Fingerprinter>(key);
    return *fingerprinter;
  }

  void clear() {
    view.clear();
    hits.clear();
    hit_groups.clear();
    table.clear();
    regex.clear();
    roster.clear();
    roster_matches.clear();
    merged.clear();
    evidence.clear();
    first_cell.clear();
    originals.clear();
    repeats.clear();
  }
};

Severity base_severity(Category c) {
  switch (c) {
    case Category::nino:
    case Category::nhs_number:
    case Category::bank_account:
      return Severity::high;
    case Category::rank:
    case Category::postcode:
    case Category::email:
    case Category::phone:
      return Severity::low;
    default:
      return Severity::medium;
  }
}

Severity raise(Severity s, int steps) {
  const int v = std::min(static_cast<int>(s) + steps, static_cast<int>(Severity::critical));
  return static_cast<Severity>(v);
}

std::string column_letters(std::uint32_t column) {
  std::string letters;
  while (column > 0) {
    const std::uint32_t rem = (column - 1) % 26;
    letters.insert(letters.begin(), static_cast<char>('A' + rem));
    column = (column - 1) / 26;
  }
  return letters;
}

Category group_category(std::string_view group, Category rule_category) {
  if (group == "name") return Category::person_name;
  if (group == "rank") return Category::rank;
  if (group == "number") return Category::collar_number;
  return rule_category;
}

Category roster_category(RosterForm form) {
  switch (form) {
    case RosterForm::pay_number: return Category::pay_number;
    case RosterForm::warrant_number: return Category::warrant_number;
    case RosterForm::collar_number: return Category::collar_number;
    default: return Category::person_name;
  }
}

// Which of two overlapping candidates of one category stands: a roster match
// knows who it is, so it wins; otherwise the more confident.
bool replaces(const Candidate& c, const Candidate& prev) {
  if ((c.roster != 0) != (prev.roster != 0)) return c.roster != 0;
  return c.confidence > prev.confidence;
}

const std::string* header_of(const TextBatch& batch, const Span& span) {
  if (span.header < 0 || static_cast<std::size_t>(span.header) >= batch.headers.size()) return nullptr;
  return &batch.headers[static_cast<std::size_t>(span.header)];
}

}  // namespace

struct Detector::Impl {
  RuleSet rules;
  std::shared_ptr<const Roster> roster;
  detect::Vocabulary vocab;
  detect::Matcher matcher;
  std::vector<detect::Shape> column_shapes;
  std::vector<std::pair<std::string, std::size_t>> header_rule;  // normalised header -> column rule
  std::vector<bool> name_rule;                                   // per text rule: primary group is "name"
  CategoryFlags attribute_only, record_completing;

  Impl(RuleSet r, std::shared_ptr<const Roster> roster_in)
      : rules(std::move(r)),
        roster(std::move(roster_in)),
        vocab(detect::Vocabulary::from(rules)),
        matcher(rules.text_rules),
        attribute_only(flags_of(rules.attribute_only)),
        record_completing(flags_of(rules.record_completing)) {
    if (rules.text_rules.size() > 65535 || rules.column_rules.size() > 65535)
      throw RuleError("too many rules (at most 65535 text and 65535 column rules)");
    for (const auto& rule : rules.text_rules) {
      if (!detect::is_known_validator(rule.validator))
        throw RuleError(fmt::format("rule '{}': unknown validator '{}'", rule.id, rule.validator));
      name_rule.push_back(rule.validator == "person_name" || rule.validator == "labelled_name");
    }
    for (std::size_t i = 0; i < rules.column_rules.size(); ++i) {
      const auto& col = rules.column_rules[i];
      const auto shape = detect::parse_shape(col.shape);
      if (!shape) throw RuleError(fmt::format("column '{}': unknown shape '{}'", col.id, col.shape));
      column_shapes.push_back(*shape);
      for (const auto& h : col.headers) header_rule.emplace_back(detect::normalize_phrase(h), i);
    }
  }

  int column_rule_for(std::string_view normalized_header) const {
    for (const auto& [h, i] : header_rule)
      if (h == normalized_header) return static_cast<int>(i);
    return -1;
  }

  void table_path(const TextBatch& batch, bool explain, Scratch& s) const;
  void regex_path(const TextBatch& batch, bool explain, Scratch& s) const;
  void copy_repeated_cells(const TextBatch& batch, Scratch& s) const;
  void roster_path(const TextBatch& batch, bool explain, Scratch& s) const;
  DetectStats suppress(const TextBatch& batch, const DetectOptions& options, Scratch& s) const;
  std::string_view rule_id(const Candidate& c) const;
  void where_key(const Scope& scope, const Location& loc, std::string& out) const;
  void add_hit(const TextBatch& batch, const detect::RawHit& hit, bool explain, Scratch& s) const;
  void merge_overlaps(Scratch& s) const;
  void group_records(const TextBatch& batch, const DetectOptions& options, Scratch& s) const;
  void link_same_person(std::size_t from, std::size_t to, Scratch& s) const;
  void emit(const TextBatch& batch, const DetectOptions& options, Scratch& s,
            const FindingSink& sink) const;
  void render_context(const Candidate& c, const std::string* header, std::string_view text,
                      const Scratch& s, std::string& out) const;
  // Without `render`, only the numeric place and the scope's names are set.
  // `scope_placed`: `loc` holds this scope's fields already (from the last call).
  static void locate(const TextBatch& batch, const Span& span, const Scope& scope,
                     const std::string* header, const DetectOptions& options, bool render,
                     std::size_t offset, bool scope_placed, Location& loc);
};

// Cells under a known header whose shape fits become candidates directly; the
// rest (and all free text) are gathered for the regex path.
void Detector::Impl::table_path(const TextBatch& batch, bool explain, Scratch& s) const {
  s.header_rule.assign(batch.headers.size(), -1);
  s.header_norm.resize(batch.headers.size());
  s.header_context.assign(batch.headers.size(), false);
  s.ungated.assign(rules.text_rules.size(), false);
  bool any_typed = false, any_context = false;
  for (std::size_t h = 0; h < batch.headers.size(); ++h) {
    detect::normalize_phrase(batch.headers[h], s.header_norm[h]);
    s.header_rule[h] = column_rule_for(s.header_norm[h]);
    any_typed |= s.header_rule[h] >= 0;
    // A context keyword in a column header is context for every cell under it.
    for (std::size_t r = 0; r < rules.text_rules.size(); ++r) {
      const TextRule& rule = rules.text_rules[r];
      if (rule.context_required && detect::find_keyword(s.header_norm[h], rule.keywords)) {
        s.ungated[r] = true;
        s.header_context[h] = true;
      }
    }
    any_context |= s.header_context[h];
  }
  const std::string_view text = batch.text;
  RegexView& view = s.view;
  view.view_begin.reserve(batch.spans.size());
  view.view_span.reserve(batch.spans.size());
  if (!any_typed && !any_context) {
    view.text = text;
    for (std::size_t i = 0; i < batch.spans.size(); ++i) {
      view.view_begin.push_back(batch.spans[i].begin);
      view.view_span.push_back(static_cast<std::uint32_t>(i));
    }
    return;
  }
  for (std::size_t i = 0; i < batch.spans.size(); ++i) {
    const Span& span = batch.spans[i];
    const std::string_view raw = text.substr(span.begin, span.end - span.begin);
    const int rule_index = span.kind == SpanKind::table_cell && span.header >= 0 &&
                                   static_cast<std::size_t>(span.header) < s.header_rule.size()
                               ? s.header_rule[static_cast<std::size_t>(span.header)]
                               : -1;
    if (rule_index >= 0) {
      const auto r = static_cast<std::size_t>(rule_index);
      const ColumnRule& col = rules.column_rules[r];
      const std::string_view cell = detect::trim(raw);
      if (!cell.empty() && detect::cell_matches_shape(column_shapes[r], col, cell, vocab)) {
        Candidate c;
        c.begin = static_cast<std::uint32_t>(span.begin + static_cast<std::size_t>(cell.data() - raw.data()));
        c.end = c.begin + static_cast<std::uint32_t>(cell.size());
        c.span = static_cast<std::uint32_t>(i);
        c.rule = static_cast<std::uint16_t>(r);
        c.column = true;
        c.category = col.category;
        c.confidence = col.confidence;
        c.why = Why::column;
        if (explain) {
          s.evidence.push_back({fmt::format("+ {} under column '{}' ({}) -> {}", col.shape,
                                            *header_of(batch, span), col.id, to_string(col.confidence))});
          c.evidence = static_cast<std::uint32_t>(s.evidence.size());
        }
        s.table.push_back(c);
        continue;
      }
    }
    if (span.kind == SpanKind::table_cell) {
      if (detect::trim(raw).empty()) continue;  // nothing to find in a blank cell
      // A cell's regex findings depend only on its text and its header, and
      // tables repeat themselves (units, statuses, places): a repeat copies
      // the first cell's findings instead of scanning again. Not with
      // --explain, whose evidence lists belong to one finding each.
      if (!explain) {
        const auto [it, fresh] = s.first_cell.try_emplace(
            Scratch::CellKey{span.header, raw}, static_cast<std::uint32_t>(s.originals.size()));
        if (!fresh) {
          s.repeats.emplace_back(static_cast<std::uint32_t>(i), it->second);
          continue;
        }
        s.originals.push_back({static_cast<std::uint32_t>(i), 0, 0});
      }
    }
    const auto h = static_cast<std::size_t>(span.header);
    const bool header_context = span.header >= 0 && h < s.header_context.size() && s.header_context[h];
    view.add(raw, static_cast<std::uint32_t>(i), header_context);
  }
  view.close();
}

// Gives each repeated cell the candidates of the first cell like it, shifted
// to where it stands, keeping s.regex in candidate order.
void Detector::Impl::copy_repeated_cells(const TextBatch& batch, Scratch& s) const {
  if (s.repeats.empty()) return;
  // s.regex is in candidate order and cells do not overlap, so each cell's
  // candidates are contiguous, and the originals come in span order.
  std::size_t o = 0;
  for (std::uint32_t k = 0; k < s.regex.size(); ++k) {
    while (o < s.originals.size() && s.originals[o].span < s.regex[k].span) ++o;
    if (o == s.originals.size()) break;
    if (s.originals[o].span != s.regex[k].span) continue;
    if (s.originals[o].count++ == 0) s.originals[o].first = k;
  }
  std::vector<Candidate>& out = s.expanded;
  out.clear();
  std::size_t next = 0;
  for (const auto& [span_index, original_index] : s.repeats) {
    const Span& span = batch.spans[span_index];
    while (next < s.regex.size() && s.regex[next].begin < span.begin) out.push_back(s.regex[next++]);
    const Scratch::Original& original = s.originals[original_index];
    const std::uint32_t from = batch.spans[original.span].begin;
    const auto moved = [&](std::uint32_t offset) {
      return offset - from + static_cast<std::uint32_t>(span.begin);
    };
    for (std::uint32_t k = original.first; k < original.first + original.count; ++k) {
      Candidate c = s.regex[k];
      c.span = span_index;
      c.begin = moved(c.begin);
      c.end = moved(c.end);
      if (c.rank_end > c.rank_begin) {
        c.rank_begin = moved(c.rank_begin);
        c.rank_end = moved(c.rank_end);
      }
      out.push_back(c);
    }
  }
  out.insert(out.end(), s.regex.begin() + static_cast<std::ptrdiff_t>(next), s.regex.end());
  s.regex.swap(out);
}

void Detector::Impl::regex_path(const TextBatch& batch, bool explain, Scratch& s) const {
  matcher.scan(s.view.text, s.hits, s.hit_groups, s.ungated, s.view.context_end);
  std::sort(s.hits.begin(), s.hits.end(), [](const auto& a, const auto& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.rule < b.rule;
  });
  for (const auto& hit : s.hits) add_hit(batch, hit, explain, s);
  if (!std::is_sorted(s.regex.begin(), s.regex.end(), candidate_before))
    std::stable_sort(s.regex.begin(), s.regex.end(), candidate_before);
}

void Detector::Impl::add_hit(const TextBatch& batch, const detect::RawHit& hit, bool explain,
                             Scratch& s) const {
  const RegexView& view = s.view;
  const TextRule& rule = rules.text_rules[hit.rule];
  const auto k = static_cast<std::size_t>(
      std::upper_bound(view.view_begin.begin(), view.view_begin.end(), hit.begin) -
      view.view_begin.begin() - 1);
  const std::uint32_t span_index = view.view_span[k];
  const Span& span = batch.spans[span_index];
  const auto to_batch = [&](std::size_t view_offset) {
    return static_cast<std::uint32_t>(view_offset - view.view_begin[k] + span.begin);
  };

  const auto groups = std::span<const detect::GroupHit>(s.hit_groups).subspan(hit.first_group, hit.group_count);
  const std::string_view primary = name_rule[hit.rule] ? "name" : "value";
  // The value range: the primary group when present, else the whole match.
  std::size_t vb = hit.begin, ve = hit.end;
  const detect::GroupHit* rank = nullptr;
  bool has_number = false;
  for (const auto& g : groups) {
    if (g.group == primary) vb = g.begin, ve = g.end;
    if (g.group == "rank" && g.end > g.begin) rank = &g;
    if (g.group == "number" && g.end > g.begin) has_number = true;
  }

  // Evidence lines cost allocations on every hit: only built for --explain.
  std::vector<std::string> evidence;
  const auto note = [&](std::string_view format, const auto&... args) {
    if (explain) evidence.push_back(fmt::format(fmt::runtime(format), args...));
  };
  note("base {} (rule {})", to_string(rule.confidence), rule.id);
  const auto validation = detect::validate(rule.validator, view.text, hit.begin, vb, ve, vocab);
  if (!validation.note.empty()) note("{}", validation.note);
  if (!validation.ok) return;
  vb = validation.begin;
  ve = validation.end;

  // Context: a keyword near the match, or in the column header.
  const std::string* keyword = nullptr;
  Why why = Why::description;
  if (!rule.keywords.empty()) {
    // Cells are independent: their context is their own text and their header,
    // not the cell that happens to sit next to them in the buffer.
    const std::size_t from = span.kind == SpanKind::table_cell ? view.view_begin[k] : 0;
    const std::size_t to =
        span.kind == SpanKind::table_cell ? view.view_begin[k] + (span.end - span.begin) : view.text.size();
    const std::string_view around = view.text.substr(from, to - from);
    keyword = detect::find_keyword(
        detect::context_window(around, hit.begin - from, hit.end - from, rule.window), rule.keywords);
    if (keyword) {
      why = Why::keyword;
    } else if (header_of(batch, span) != nullptr) {
      keyword = detect::find_keyword(s.header_norm[static_cast<std::size_t>(span.header)], rule.keywords);
      if (keyword) why = Why::header_keyword;
    }
  }
  if (rule.context_required && !keyword) return;
  Confidence confidence = keyword ? rule.with_context : rule.confidence;
  if (keyword) note("+ context '{}' -> {}", *keyword, to_string(confidence));
  if (validation.confidence) confidence = *validation.confidence;
  if (rank && !has_number && !keyword) {
    const std::string_view rank_text = view.text.substr(rank->begin, rank->end - rank->begin);
    if (std::find(rule.ambiguous.begin(), rule.ambiguous.end(), rank_text) != rule.ambiguous.end()) {
      confidence = Confidence::low;
      note("- '{}' is ambiguous (not always a rank) and nothing corroborates it -> low", rank_text);
    }
  }
  std::uint32_t evidence_index = 0;
  if (explain) {
    s.evidence.push_back(std::move(evidence));
    evidence_index = static_cast<std::uint32_t>(s.evidence.size());
  }

  const auto push = [&](Category category, std::size_t b, std::size_t e) {
    Candidate c;
    c.begin = to_batch(b);
    c.end = to_batch(e);
    if (rank) {
      c.rank_begin = to_batch(rank->begin);
      c.rank_end = to_batch(rank->end);
    }
    c.keyword = keyword;
    c.span = span_index;
    c.rule = static_cast<std::uint16_t>(hit.rule);
    c.evidence = evidence_index;
    c.category = category;
    c.confidence = confidence;
    c.why = why;
    s.regex.push_back(c);
  };
  push(rule.category, vb, ve);
  for (const auto& g : groups) {
    if (g.group == primary || g.end <= g.begin) continue;
    push(group_category(g.group, rule.category), g.begin, g.end);
  }
}

// Every span against the roster: cells whole (any case), text by word windows.
// Free text is matched in one pass over the batch (a match never crosses the
// '\n' between spans), then placed in its span: per-line calls cost more
// than the matching on short lines.
void Detector::Impl::roster_path(const TextBatch& batch, bool explain, Scratch& s) const {
  if (!roster) return;
  const auto is_cell = [](const Span& span) { return span.kind == SpanKind::table_cell; };
  // One pass over the spans (a batch holds thousands): the cells, and
  // whether there is any text besides them.
  bool any_text = false;
  s.roster_cells.clear();
  s.roster_cell_spans.clear();
  for (std::size_t i = 0; i < batch.spans.size(); ++i) {
    if (!is_cell(batch.spans[i])) {
      any_text = true;
      continue;
    }
    s.roster_cells.push_back({batch.spans[i].begin, batch.spans[i].end});
    s.roster_cell_spans.push_back(static_cast<std::uint32_t>(i));
  }
  const auto add = [&](std::size_t k, std::size_t span_index, std::size_t offset) {
    const RosterMatch& m = s.roster_matches[k];
    Candidate c;
    c.begin = static_cast<std::uint32_t>(offset + m.begin);
    c.end = static_cast<std::uint32_t>(offset + m.end);
    c.span = static_cast<std::uint32_t>(span_index);
    c.category = roster_category(m.form);
    c.confidence = Confidence::high;
    c.why = Why::roster;
    c.roster = static_cast<std::uint32_t>(k + 1);
    if (explain) {
      std::vector<std::string> evidence{fmt::format("+ roster match ({}) -> high", to_string(m.form))};
      if (m.people > 1) evidence.push_back(fmt::format("  shared by {} people on the roster", m.people));
      if (m.sensitive) evidence.push_back("+ a person flagged sensitive on the roster -> critical");
      s.evidence.push_back(std::move(evidence));
      c.evidence = static_cast<std::uint32_t>(s.evidence.size());
    }
    s.roster.push_back(c);
  };
  if (any_text) {
    roster->match(batch.text, s.roster_matches);
    // Matches are few and spans many (a line each): each match finds its span.
    for (std::size_t k = 0; k < s.roster_matches.size(); ++k) {
      const std::size_t begin = s.roster_matches[k].begin;
      const auto span = std::partition_point(batch.spans.begin(), batch.spans.end(),
                                             [begin](const Span& sp) { return sp.end < begin; });
      if (span != batch.spans.end() && !is_cell(*span)) add(k, static_cast<std::size_t>(span - batch.spans.begin()), 0);
    }
  }
  const std::size_t text_matches = s.roster.size();
  if (!s.roster_cells.empty()) {
    const std::size_t first = s.roster_matches.size();
    roster->match_cells(batch.text, s.roster_cells, s.roster_matches);
    // Matches come in cell order; each lies in its cell.
    std::size_t cell = 0;
    for (std::size_t k = first; k < s.roster_matches.size(); ++k) {
      while (s.roster_cells[cell].end < s.roster_matches[k].begin) ++cell;
      add(k, s.roster_cell_spans[cell], 0);
    }
  }
  if (text_matches > 0 && text_matches < s.roster.size())
    std::stable_sort(s.roster.begin(), s.roster.end(), candidate_before);
}

std::string_view Detector::Impl::rule_id(const Candidate& c) const {
  if (c.roster) return roster_rule(c.category == Category::person_name ? RosterForm::full_name
                                   : c.category == Category::pay_number ? RosterForm::pay_number
                                   : c.category == Category::warrant_number ? RosterForm::warrant_number
                                                                            : RosterForm::collar_number);
  return c.column ? rules.column_rules[c.rule].id : rules.text_rules[c.rule].id;
}

// The place part of a fingerprint: part, sheet, column (header when known) and
// row, line or paragraph. Moving a finding to another place makes it new.
void Detector::Impl::where_key(const Scope& scope, const Location& loc, std::string& out) const {
  out.clear();
  fmt::format_to(std::back_inserter(out), "{}|{}|", scope.part.value_or(""), scope.sheet.value_or(""));
  if (loc.header) {
    out += *loc.header;
  } else {
    fmt::format_to(std::back_inserter(out), "{}", loc.column.value_or(0));
  }
  fmt::format_to(std::back_inserter(out), "|{}", loc.row ? *loc.row : loc.line ? *loc.line : loc.paragraph.value_or(0));
}

// Leaves out what the allowlist allows and what the baseline accepted, before
// records form: an accepted name must not make its row a personnel record.
DetectStats Detector::Impl::suppress(const TextBatch& batch, const DetectOptions& options, Scratch& s) const {
  DetectStats stats;
  const bool allow = options.allow != nullptr && !options.allow->empty();
  const bool baseline = options.baseline != nullptr && options.baseline->size() > 0 && !options.fingerprint_key.empty();
  if (!allow && !baseline) return stats;
  std::string fingerprint;
  std::size_t kept = 0;
  for (const Candidate& c : s.merged) {
    const std::string_view value(batch.text.data() + c.begin, c.end - c.begin);
    const std::string_view rule = rule_id(c);
    // Counted whatever their confidence now: records may raise it later, and
    // only reported findings ever reach a baseline.
    if (allow && options.allow->allows(rule, c.category, value)) {
      ++stats.allowed;
      continue;
    }
    if (baseline) {
      const Span& span = batch.spans[c.span];
      const Scope& scope = batch.scopes[span.scope];
      // Rendered: the fingerprint uses the header, as emit() does.
      locate(batch, span, scope, header_of(batch, span), options, true, c.begin, false, s.suppress_location);
      where_key(scope, s.suppress_location, s.where);
      s.fingerprinter_for(options.fingerprint_key).compute(rule, value, s.where, fingerprint);
      if (options.baseline->contains(fingerprint)) {
        ++stats.baselined;
        continue;
      }
    }
    s.merged[kept++] = c;
  }
  s.merged.resize(kept);
  return stats;
}

// Both inputs are in candidate order. Overlapping hits of one category
// (rank.word inside name.rank_prefix, two phone rules) are one finding: the
// most confident wins. A hit inside a longer hit of another category is part
// of it: the digits of "07700 900123" are a phone number, not pay numbers.
void Detector::Impl::merge_overlaps(Scratch& s) const {
  std::vector<Candidate>* first = &s.table;
  if (!s.roster.empty()) {
    s.table_and_roster.resize(s.table.size() + s.roster.size());
    std::merge(s.table.begin(), s.table.end(), s.roster.begin(), s.roster.end(), s.table_and_roster.begin(),
               candidate_before);
    first = &s.table_and_roster;
  }
  std::vector<Candidate>& all = s.merged;
  all.resize(first->size() + s.regex.size());
  std::merge(first->begin(), first->end(), s.regex.begin(), s.regex.end(), all.begin(), candidate_before);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    Candidate& c = all[i];
    bool dropped = false;
    for (std::size_t back = kept; back > 0 && kept - back < 32; --back) {
      Candidate& prev = all[back - 1];
      if (prev.span != c.span) break;
      if (prev.end <= c.begin || c.end <= prev.begin) continue;
      if (prev.category == c.category) {
        if (replaces(c, prev)) prev = c;
        dropped = true;
        break;
      }
      if (c.roster == 0 && prev.begin <= c.begin && c.end <= prev.end && prev.end - prev.begin > c.end - c.begin) {
        dropped = true;
        break;
      }
    }
    if (!dropped) all[kept++] = c;
  }
  all.resize(kept);
}

// A roster name and a roster number of one person in one record: reported as
// such (a name with someone else's pay number is two people, not one record
// of one). Records are small; a paragraph naming many people is capped.
void Detector::Impl::link_same_person(std::size_t from, std::size_t to, Scratch& s) const {
  constexpr std::size_t kMaxPairs = 64;
  std::size_t pairs = 0;
  for (std::size_t a = from; a < to; ++a) {
    Candidate& name = s.merged[a];
    if (name.roster == 0 || name.category != Category::person_name) continue;
    for (std::size_t b = from; b < to && pairs < kMaxPairs; ++b) {
      Candidate& number = s.merged[b];
      if (number.roster == 0 || number.category == Category::person_name) continue;
      ++pairs;
      if (roster->same_person(s.roster_matches[name.roster - 1], s.roster_matches[number.roster - 1]))
        name.same_person = number.same_person = true;
    }
  }
}

// Records: candidates of one row or line. A name plus a personnel attribute or
// identifier is a personnel record; alone, attributes name nobody.
void Detector::Impl::group_records(const TextBatch& batch, const DetectOptions& options,
                                   Scratch& s) const {
  std::vector<Candidate>& all = s.merged;
  const auto key = [&](const Candidate& c) {
    const Span& span = batch.spans[c.span];
    return std::pair{span.scope, span.record};
  };
  // Readers emit records in order; if one ever does not, group by sorting.
  if (!std::is_sorted(all.begin(), all.end(),
                      [&](const Candidate& a, const Candidate& b) { return key(a) < key(b); }))
    std::stable_sort(all.begin(), all.end(),
                     [&](const Candidate& a, const Candidate& b) { return key(a) < key(b); });
  std::uint32_t next_record = 1;
  for (std::size_t k = 0; k < all.size();) {
    std::size_t j = k;
    while (j < all.size() && key(all[j]) == key(all[k])) ++j;
    bool has_name = false, name_sure = false, attr = false, attr_sure = false, sensitive = false;
    for (std::size_t i = k; i < j; ++i) {
      const Candidate& c = all[i];
      if (c.category == Category::person_name) {
        has_name = true;
        name_sure |= c.confidence >= Confidence::medium;
      } else if (record_completing[static_cast<std::size_t>(c.category)]) {
        attr = true;
        attr_sure |= c.confidence >= Confidence::medium;
      }
      sensitive |= c.category == Category::sensitive_unit;
      sensitive |= c.roster != 0 && s.roster_matches[c.roster - 1].sensitive;
    }
    link_same_person(k, j, s);
    const bool personnel = has_name && attr && (name_sure || attr_sure);
    CategoryFlags kept{};
    int distinct = 0;
    for (std::size_t i = k; i < j; ++i) {
      Candidate& c = all[i];
      const auto cat = static_cast<std::size_t>(c.category);
      if (personnel && c.confidence < Confidence::medium) {
        c.confidence = Confidence::medium;
        if (c.evidence) s.evidence[c.evidence - 1].push_back(
            "+ part of a personnel record (a name with a personnel attribute) -> medium");
      } else if (!personnel && attribute_only[cat] && c.confidence > Confidence::low) {
        c.confidence = Confidence::low;
        if (c.evidence) s.evidence[c.evidence - 1].push_back(
            fmt::format("- a lone {} names nobody -> low", to_string(c.category)));
      }
      const int steps = (personnel ? 1 : 0) + (personnel && sensitive ? 1 : 0) +
                        (is_hidden(batch.spans[c.span].visibility) ? 1 : 0);
      c.severity = raise(base_severity(c.category), steps);
      if (c.roster != 0 && s.roster_matches[c.roster - 1].sensitive) c.severity = Severity::critical;
      if (c.confidence >= options.min_confidence && !kept[cat]) {
        kept[cat] = true;
        ++distinct;
      }
    }
    // A record id only where more than one category of reported finding meets.
    if (distinct >= 2) {
      for (std::size_t i = k; i < j; ++i) all[i].record = next_record;
      ++next_record;
    }
    k = j;
  }
  // Back to buffer order for emission.
  if (!std::is_sorted(all.begin(), all.end(), candidate_before))
    std::stable_sort(all.begin(), all.end(), candidate_before);
}

void Detector::Impl::emit(const TextBatch& batch, const DetectOptions& options, Scratch& s,
                          const FindingSink& sink) const {
  // One Finding, refilled for each candidate: its strings keep their capacity,
  // so a dense table costs no allocation per finding.
  Finding f;
  const std::string_view text = batch.text;
  std::size_t rendered = 0;
  // A staff table emits hundreds of thousands of findings in runs of one
  // scope and few rules: what is already in `f` is not copied again.
  const Scope* placed = nullptr;
  const char* named = nullptr;
  for (const Candidate& c : s.merged) {
    if (c.confidence < options.min_confidence) continue;
    const bool render = rendered < options.render_limit;
    rendered += render;
    const Span& span = batch.spans[c.span];
    const Scope& scope = batch.scopes[span.scope];
    const std::string* header = header_of(batch, span);
    f.category = c.category;
    if (const std::string_view id = rule_id(c); id.data() != named) {  // ids live in the rule set
      f.rule = id;
      named = id.data();
    }
    f.sensitive_person = c.roster != 0 && s.roster_matches[c.roster - 1].sensitive;
    f.confidence = c.confidence;
    f.severity = c.severity;
    f.visibility = span.visibility;
    f.record = c.record;
    locate(batch, span, scope, header, options, render, c.begin, &scope == placed, f.location);
    placed = &scope;
    if (!render) {
      // The Finding is reused: what an earlier, rendered one held must go.
      f.context.clear();
      f.masked.clear();
      f.fingerprint.clear();
      f.value.clear();
      f.evidence.clear();
      sink(f);
      continue;
    }
    render_context(c, header, text, s, f.context);
    const std::string_view value = text.substr(c.begin, c.end - c.begin);
    detect::mask_value(value, f.masked);
    f.fingerprint.clear();
    if (!options.fingerprint_key.empty()) {
      where_key(scope, f.location, s.where);
      s.fingerprinter_for(options.fingerprint_key).compute(f.rule, value, s.where, f.fingerprint);
    }
    f.value.clear();
    if (options.keep_values) f.value.assign(value);
    f.evidence.clear();
    if (options.explain && c.evidence) f.evidence = s.evidence[c.evidence - 1];
    sink(f);
  }
}

namespace {
// The head of a rule's description, for a one-line context: "UK postcode"
// rather than "UK postcode (BS 7666 letter rules)". --explain shows the rest.
std::string_view headline(std::string_view description) {
  const std::size_t cut = std::min({description.find(" ("), description.find(": "),
                                    description.find("; "), description.find(", ")});
  return description.substr(0, cut);
}
}  // namespace

// "rank prefix 'DS'; keyword 'officer'", "column 'Pay No'" or the rule's description.
void Detector::Impl::render_context(const Candidate& c, const std::string* header,
                                    std::string_view text, const Scratch& s, std::string& out) const {
  out.clear();
  const auto quoted = [&](std::string_view label, std::string_view what) {
    if (!out.empty()) out += "; ";
    out.append(label).append(" '").append(what).push_back('\'');
  };
  if (c.rank_end > c.rank_begin) quoted("rank prefix", text.substr(c.rank_begin, c.rank_end - c.rank_begin));
  switch (c.why) {
    case Why::column:
    case Why::header_keyword:
      quoted("column", header ? std::string_view(*header) : std::string_view());
      break;
    case Why::keyword:
      quoted("keyword", *c.keyword);
      break;
    case Why::description:
      if (out.empty()) out = headline(rules.text_rules[c.rule].description);
      break;
    case Why::roster: {
      const RosterMatch& m = s.roster_matches[c.roster - 1];
      out = fmt::format("roster match ({})", to_string(m.form));
      if (m.people > 1) out += fmt::format(", shared by {} people", m.people);
      if (c.same_person) out += "; the same person as the roster name or number beside it";
      if (m.sensitive) out += "; a person flagged sensitive on the roster";
      break;
    }
  }
}

// Fills every field of `loc` (it is reused between findings).
void Detector::Impl::locate(const TextBatch& batch, const Span& span, const Scope& scope,
                            const std::string* header, const DetectOptions& options, bool render,
                            std::size_t offset, bool scope_placed, Location& loc) {
  if (!scope_placed) {
    if (loc.container != scope.container) loc.container = scope.container;
    loc.part = scope.part;
    loc.sheet = scope.sheet;
    loc.page = scope.page;
    loc.slide = scope.slide;
  }
  if (span.box > 0 && span.box <= batch.boxes.size()) {
    loc.box = batch.boxes[span.box - 1u];
  } else {
    loc.box.reset();
  }
  if (render && span.author > 0 && span.author <= batch.authors.size()) {
    const std::string& author = batch.authors[span.author - 1u];
    loc.author = options.keep_values ? author : detect::mask_value(author);
  } else {
    loc.author.reset();
  }
  const std::string_view inside(batch.text.data() + span.begin, offset - span.begin);
  if (span.kind == SpanKind::paragraph) {
    // A paragraph keeps its number whatever line breaks it holds.
    loc.paragraph = span.line;
    loc.line.reset();
    loc.column = std::max<std::uint32_t>(span.column, 1) +
                 static_cast<std::uint32_t>(detect::count_code_points(inside));
    loc.row.reset();
    loc.header.reset();
    loc.cell.reset();
    return;
  }
  loc.paragraph.reset();
  const auto newlines = static_cast<std::uint32_t>(std::count(inside.begin(), inside.end(), '\n'));
  if (span.line > 0) {
    loc.line = span.line + newlines;
  } else {
    loc.line.reset();
  }
  if (span.kind == SpanKind::text_line) {
    const auto nl = inside.rfind('\n');
    const std::uint32_t start = nl == std::string_view::npos ? std::max<std::uint32_t>(span.column, 1) : 1;
    const std::string_view before = nl == std::string_view::npos ? inside : inside.substr(nl + 1);
    loc.column = start + static_cast<std::uint32_t>(detect::count_code_points(before));
    loc.row.reset();
    loc.header.reset();
    loc.cell.reset();
    return;
  }
  // Notes (properties, comments of a part) are table cells without a place.
  if (span.row > 0) loc.row = span.row; else loc.row.reset();
  if (span.column > 0) loc.column = span.column; else loc.column.reset();
  if (render && header) {
    loc.header = *header;
  } else {
    loc.header.reset();
  }
  if (render && scope.sheet && span.row > 0 && span.column > 0) {
    loc.cell = column_letters(span.column) + std::to_string(span.row);
  } else {
    loc.cell.reset();
  }
}

Detector::Detector(RuleSet rules, std::shared_ptr<const Roster> roster)
    : impl_(std::make_unique<Impl>(std::move(rules), std::move(roster))) {}
Detector::~Detector() = default;

const RuleSet& Detector::rules() const { return impl_->rules; }
const Roster* Detector::roster() const { return impl_->roster.get(); }

DetectStats Detector::detect(const TextBatch& batch, const DetectOptions& options,
                             const FindingSink& sink) const {
  if (batch.spans.empty()) return {};
  if (batch.text.size() >= (std::size_t{1} << 32))
    throw std::length_error("TextBatch over 4 GiB: readers must flush smaller batches");
  // Reuse this thread's scratch unless a sink re-enters detect().
  thread_local Scratch shared;
  thread_local int depth = 0;
  Scratch own;
  Scratch& s = depth == 0 ? shared : own;
  struct Depth {
    int& d;
    explicit Depth(int& x) : d(++x) {}
    ~Depth() { --d; }
  } guard(depth);
  s.clear();
  impl_->table_path(batch, options.explain, s);
  impl_->regex_path(batch, options.explain, s);
  impl_->copy_repeated_cells(batch, s);
  impl_->roster_path(batch, options.explain, s);
  impl_->merge_overlaps(s);
  const DetectStats stats = impl_->suppress(batch, options, s);
  impl_->group_records(batch, options, s);
  impl_->emit(batch, options, s, sink);
  return stats;
}

std::vector<Finding> Detector::detect(const TextBatch& batch, const DetectOptions& options) const {
  std::vector<Finding> out;
  detect(batch, options, [&](const Finding& f) { out.push_back(f); });
  return out;
}

}  // namespace foiguard
