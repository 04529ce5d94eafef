#include "detect/matcher.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <future>
#include <optional>

namespace foiguard::detect {
namespace {

// Measured on 64 MiB of prose (scripts/bench_vs_ripgrep.sh): 1 KiB chunks,
// then line-level gating inside open chunks, beat 256 B to 8 KiB chunks and
// beat re-scanning whole open chunks with every candidate rule (~1.8x).
constexpr std::size_t kChunkBytes = 1024;

RE2::Options rule_options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  return o;
}

// "(?i)\b(?:date of birth|dob|...)\b" for a rule's context keywords.
std::string keyword_pattern(const TextRule& rule) {
  std::string alternation;
  for (const auto& k : rule.keywords) {
    if (!alternation.empty()) alternation += '|';
    alternation += RE2::QuoteMeta(k);
  }
  return "(?i:\\b(?:" + alternation + ")\\b)";
}

bool keyword_gated(const TextRule& rule) { return rule.context_required && !rule.keywords.empty(); }

// "HEAD(?P<g>BODY)" as {HEAD, g, BODY} when the named group g closes the
// pattern at its top level and HEAD has no top-level alternation; nullopt
// otherwise. Reads escapes and character classes so that their brackets
// and bars count for nothing.
struct PatternCut {
  std::string head, group, body;
};
std::optional<PatternCut> cut_last_group(std::string_view pattern) {
  if (!pattern.ends_with(')')) return std::nullopt;
  std::vector<std::size_t> open;  // positions of the open groups' '('
  bool top_level_bar = false;
  std::size_t last_top_group = std::string_view::npos, last_top_close = std::string_view::npos;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;  // the escaped character, whatever it is
    } else if (c == '[') {
      // A class: ']' right after '[' or '[^' is a member, not its end.
      std::size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      for (; j < pattern.size() && pattern[j] != ']'; ++j)
        if (pattern[j] == '\\') ++j;
      if (j >= pattern.size()) return std::nullopt;
      i = j;
    } else if (c == '(') {
      open.push_back(i);
    } else if (c == ')') {
      if (open.empty()) return std::nullopt;
      if (open.size() == 1) {
        last_top_group = open.back();
        last_top_close = i;
      }
      open.pop_back();
    } else if (c == '|' && open.empty()) {
      top_level_bar = true;
    }
  }
  if (!open.empty() || top_level_bar || last_top_close != pattern.size() - 1) return std::nullopt;
  const std::string_view group = pattern.substr(last_top_group);
  if (!group.starts_with("(?P<")) return std::nullopt;
  const std::size_t name_end = group.find('>');
  if (name_end == std::string_view::npos) return std::nullopt;
  return PatternCut{std::string(pattern.substr(0, last_top_group)), std::string(group.substr(4, name_end - 4)),
                    std::string(group.substr(name_end + 1, group.size() - name_end - 2))};
}

// The gate: every rule's pattern, or its keywords, in one set.
std::unique_ptr<RE2::Set> compile_gate(const std::vector<TextRule>& rules) {
  RE2::Options set_options = rule_options();
  set_options.set_max_mem(256 << 20);  // the set's DFA holds every rule at once
  auto gate = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);
  for (const auto& rule : rules) {
    std::string error;
    if (gate->Add(keyword_gated(rule) ? keyword_pattern(rule) : rule.pattern, &error) < 0)
      throw RuleError(fmt::format("rule '{}': bad pattern: {}", rule.id, error));
  }
  if (!rules.empty() && !gate->Compile()) throw RuleError("rule set too large to compile");
  return gate;
}

}  // namespace

Matcher::Matcher(const std::vector<TextRule>& rules, std::uint32_t split_after_hits) {
  // The set and the rules' own programs take about as long to compile as
  // each other (1 ms each for the built-in rules, at every start; ~20 ms with
  // \p{Lu} classes): side by side. A bad pattern fails both; the loop below
  // names it first.
  auto gate = std::async(std::launch::async, [&rules] { return compile_gate(rules); });
  for (const auto& rule : rules) {
    CompiledRule compiled;
    if (keyword_gated(rule)) compiled.keyword_window = rule.window;
    compiled.re = std::make_unique<RE2>(rule.pattern, rule_options());
    if (!compiled.re->ok())
      throw RuleError(fmt::format("rule '{}': bad pattern: {}", rule.id, compiled.re->error()));
    for (const auto& [name, index] : compiled.re->NamedCapturingGroups()) {
      compiled.named_groups.emplace_back(index, name);
      compiled.captures = std::max(compiled.captures, index + 1);
    }
    compiled.split = split_rule(rule.pattern, split_after_hits);
    rules_.push_back(std::move(compiled));
  }
  gate_ = gate.get();
}

Matcher::~Matcher() = default;

std::unique_ptr<Matcher::Split> Matcher::split_rule(const std::string& pattern, std::uint32_t after_hits) {
  auto cut = cut_last_group(pattern);
  if (!cut) return nullptr;
  auto split = std::make_unique<Split>();
  split->head_pattern = std::move(cut->head);
  split->tail_pattern = std::move(cut->body);
  split->tail_group = std::move(cut->group);
  split->after_hits = after_hits;
  return split;
}

const Matcher::Split* Matcher::ready_split(const CompiledRule& rule) {
  Split* split = rule.split.get();
  if (!split || split->hits.load(std::memory_order_relaxed) < split->after_hits) return nullptr;
  std::call_once(split->compiled, [split] {
    split->head = std::make_unique<RE2>(split->head_pattern, rule_options());
    split->tail = std::make_unique<RE2>(split->tail_pattern, rule_options());
    if (!split->head->ok() || !split->tail->ok()) return;  // the whole pattern still works
    for (const auto& [name, index] : split->head->NamedCapturingGroups()) {
      split->head_groups.emplace_back(index, name);
      split->head_captures = std::max(split->head_captures, index + 1);
    }
    split->usable = true;
  });
  return split->usable ? split : nullptr;
}

namespace {

// Widening a range for a keyword window stops at line boundaries, so no
// value is cut in half (within reason: a huge line is cut where it is).
std::size_t line_start(std::string_view text, std::size_t pos) {
  const std::size_t limit = pos > 4096 ? pos - 4096 : 0;
  while (pos > limit && text[pos - 1] != '\n') --pos;
  return pos;
}

std::size_t line_end(std::string_view text, std::size_t pos) {
  const std::size_t limit = std::min(text.size(), pos + 4096);
  while (pos < limit && text[pos - 1] != '\n') ++pos;
  return pos;
}

// End of the piece that starts at `pos`: the first '\n' at or after
// pos + at_least, included; or the end of the text.
std::size_t piece_end(std::string_view text, std::size_t pos, std::size_t at_least) {
  const std::size_t from = pos + at_least;
  if (from >= text.size()) return text.size();
  const void* nl = std::memchr(text.data() + from, '\n', text.size() - from);
  return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
}

// Can any rule match in `piece`? Earliest-match mode: the set stops at the
// first match. A DFA that gave up counts as open.
bool gate_open(const RE2::Set& gate, std::string_view piece) {
  RE2::Set::ErrorInfo info{};
  return gate.Match(re2::StringPiece(piece.data(), piece.size()), nullptr, &info) ||
         info.kind != RE2::Set::kNoError;
}

}  // namespace

struct Matcher::Found {
  std::vector<RawHit>& hits;
  std::vector<GroupHit>& groups;
  std::vector<re2::StringPiece> sub;  // RE2's submatches, kept from rule to rule
};

// The groups are asked of the search that finds the match: RE2 finds its
// bounds with the DFA, then the groups inside them, and a second, anchored
// search for the groups cost as much again.
void Matcher::find_all(const CompiledRule& rule, std::uint32_t index, std::string_view text, std::size_t from,
                       std::size_t to, std::size_t* done, Found& found) {
  const re2::StringPiece whole(text.data(), text.size());
  std::vector<re2::StringPiece>& sub = found.sub;
  if (sub.size() < static_cast<std::size_t>(rule.captures)) sub.resize(static_cast<std::size_t>(rule.captures));
  // With a split, the search asks for the match alone (the DFA's work).
  const Split* split = rule.split ? ready_split(rule) : nullptr;
  const int asked = split ? 1 : rule.captures;
  std::size_t at = std::max(from, *done);
  while (at < to && rule.re->Match(whole, at, to, RE2::UNANCHORED, sub.data(), asked)) {
    const std::size_t b = static_cast<std::size_t>(sub[0].data() - text.data());
    const std::size_t e = b + sub[0].size();
    if (e > b) {
      RawHit hit{index, b, e, static_cast<std::uint32_t>(found.groups.size()), 0};
      if (split && split_groups(rule, *split, text, b, e, found)) {
        hit.group_count = static_cast<std::uint32_t>(found.groups.size()) - hit.first_group;
      } else {
        // The match's own groups: the highest-priority way to match exactly
        // [b, e) is the one the search took.
        if (asked < rule.captures)
          rule.re->Match(whole, b, e, RE2::ANCHOR_BOTH, sub.data(), rule.captures);
        for (const auto& [capture, name] : rule.named_groups) {
          const re2::StringPiece& g = sub[static_cast<std::size_t>(capture)];
          if (g.data() == nullptr) continue;
          const auto gb = static_cast<std::size_t>(g.data() - text.data());
          found.groups.push_back({name, gb, gb + g.size()});
          ++hit.group_count;
        }
      }
      found.hits.push_back(hit);
      if (rule.split && !split) rule.split->hits.fetch_add(1, std::memory_order_relaxed);
      *done = e;
    }
    at = e > b ? e : b + 1;
  }
}

// Sound because RE2 matches leftmost-first, as a backtracker would: the
// search's match from b takes the head's first way of matching that lets the
// tail match on to the end. The head's own first way from b is that one
// whenever the tail matches all the rest after it, which the tail checks.
bool Matcher::split_groups(const CompiledRule& rule, const Split& split, std::string_view text, std::size_t b,
                           std::size_t e, Found& found) {
  const re2::StringPiece whole(text.data(), text.size());
  thread_local std::vector<re2::StringPiece> head;
  head.assign(static_cast<std::size_t>(split.head_captures), re2::StringPiece());
  if (!split.head->Match(whole, b, e, RE2::ANCHOR_START, head.data(), split.head_captures)) return false;
  const std::size_t tail_begin = static_cast<std::size_t>(head[0].data() - text.data()) + head[0].size();
  if (!split.tail->Match(whole, tail_begin, e, RE2::ANCHOR_BOTH, nullptr, 0)) return false;
  // In the order of the whole pattern's groups (by name), as RE2 lists them.
  for (const auto& [capture, name] : rule.named_groups) {
    if (name == split.tail_group) {
      found.groups.push_back({name, tail_begin, e});
      continue;
    }
    for (const auto& [head_capture, head_name] : split.head_groups) {
      if (head_name != name) continue;
      const re2::StringPiece& g = head[static_cast<std::size_t>(head_capture)];
      if (g.data() == nullptr) break;
      const auto gb = static_cast<std::size_t>(g.data() - text.data());
      found.groups.push_back({name, gb, gb + g.size()});
      break;
    }
  }
  return true;
}

void Matcher::scan(std::string_view text, std::vector<RawHit>& hits, std::vector<GroupHit>& groups,
                   const std::vector<bool>& ungated, std::size_t ungated_end) const {
  if (rules_.empty()) return;
  Found found{hits, groups, {}};
  // done[i]: where rule i's last hit ended. The gated pass below starts no
  // search before it, so it does not find again what the ungated pass found
  // (no match crosses ungated_end, a piece boundary).
  std::vector<std::size_t> done(rules_.size(), 0);
  const std::size_t context_end = std::min(ungated_end, text.size());
  for (std::size_t i = 0; i < rules_.size() && context_end > 0; ++i)
    if (rules_[i].keyword_window > 0 && i < ungated.size() && ungated[i])
      find_all(rules_[i], static_cast<std::uint32_t>(i), text, 0, context_end, &done[i], found);

  std::vector<int> candidates;
  // Sparse text (prose): most of an open chunk is innocent, so gate it again
  // line by line (the set stops at the first match) and locate only in lines
  // that open. Dense text (a staff table: a hit on every line) would pay that
  // per-line cost for nothing, so there the whole chunk is located at once.
  bool dense = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = piece_end(text, pos, kChunkBytes);
    if (gate_open(*gate_, text.substr(pos, end - pos))) {
      std::size_t lines = 0, open_lines = 0;
      if (dense) {
        const std::size_t before = hits.size();
        locate(text, pos, end, candidates, done, found);
        lines = static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                                    text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
        open_lines = hits.size() - before;
      } else {
        for (std::size_t line = pos; line < end; ++lines) {
          const std::size_t next = piece_end(text, line, 0);
          if (gate_open(*gate_, text.substr(line, next - line))) {
            ++open_lines;
            locate(text, line, next, candidates, done, found);
          }
          line = next;
        }
      }
      dense = open_lines * 4 > lines;
    }
    pos = end;
  }
}

void Matcher::locate(std::string_view text, std::size_t pos, std::size_t end, std::vector<int>& candidates,
                     std::vector<std::size_t>& done, Found& found) const {
  candidates.clear();
  RE2::Set::ErrorInfo info{};
  if (!gate_->Match(re2::StringPiece(text.data() + pos, end - pos), &candidates, &info) &&
      info.kind != RE2::Set::kNoError) {
    // The set's DFA gave up (out of memory): try every rule here.
    for (std::size_t i = 0; i < rules_.size(); ++i) candidates.push_back(static_cast<int>(i));
  }
  for (const int id : candidates) {
    const auto i = static_cast<std::size_t>(id);
    const std::size_t w = rules_[i].keyword_window;
    const std::size_t from = w ? line_start(text, pos > w ? pos - w : 0) : pos;
    const std::size_t to = w ? line_end(text, std::min(text.size(), end + w)) : end;
    find_all(rules_[i], static_cast<std::uint32_t>(i), text, from, to, &done[i], found);
  }
}

}  // namespace foiguard::detect
