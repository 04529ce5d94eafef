// Allowlist (allowlist.hpp): each entry is compiled once into a set of
// normalised values, RE2 patterns, one gitignore-syntax path list and the
// rules and categories it is limited to. A file's scope keeps the indices of
// the entries whose globs take its path, so a finding costs one normalisation
// and a hash lookup per applying entry.
#include "foiguard/allowlist.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <bitset>
#include <functional>
#include <optional>
#include <unordered_set>

#include "foiguard/normalize.hpp"
#include "foiguard/rules.hpp"
#include "walk/ignore.hpp"

namespace foiguard {

namespace {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

constexpr std::size_t kCategories = 32;  // more than Category has

// A glob with a slash before its end is anchored in gitignore syntax (to the
// base folder). A scanned path has no base folder: it is what the user named,
// relative or absolute. So "press/**" may match below any folder of the path,
// and only a leading '/' anchors a glob to the path's start.
std::string floating_glob(const std::string& glob) {
  std::string_view body = glob;
  const bool negated = !body.empty() && body.front() == '!';
  if (negated) body.remove_prefix(1);
  const bool anchored_mid = !body.empty() && body.front() != '/' &&
                            body.substr(0, body.size() - 1).find('/') != std::string_view::npos;
  const bool already_floating = body.substr(0, 3) == "**/";
  std::string out = negated ? "!" : "";
  if (anchored_mid && !already_floating) out += "**/";
  out += body;
  return out;
}

// The scanned path as the globs see it: no leading "./" or '/'.
std::string_view glob_subject(std::string_view path) {
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return path;
}

}  // namespace

struct Allowlist::Impl {
  struct Compiled {
    StringSet values;                               // normalize_name() of each value
    std::vector<std::unique_ptr<RE2>> patterns;
    std::optional<walk::IgnoreRules> paths;         // none: every file
    StringSet rules;                                // rule ids
    std::bitset<kCategories> categories;
    bool any_rule = true;                           // no rules or categories given
  };
  std::vector<AllowEntry> entries;
  std::vector<Compiled> compiled;

  static Compiled compile(const AllowEntry& entry);

  bool applies(const Compiled& c, std::string_view rule, Category category) const {
    return c.any_rule || c.rules.count(rule) != 0 || c.categories.test(static_cast<std::size_t>(category));
  }

  // The first of `scope` (entry indices) that allows the value, if any.
  std::optional<std::uint32_t> allowing(const std::vector<std::uint32_t>& scope, std::string_view rule,
                                        Category category, std::string_view value) const {
    // Normalised at most once per call, and only when an entry lists values.
    thread_local std::string normal;
    bool normalised = false;
    for (const std::uint32_t i : scope) {
      const Compiled& c = compiled[i];
      if (!applies(c, rule, category)) continue;
      if (!c.values.empty()) {
        if (!normalised) {
          normalize_name(value, normal);
          normalised = true;
        }
        if (c.values.count(std::string_view(normal)) != 0) return i;
      }
      for (const auto& pattern : c.patterns)
        if (RE2::FullMatch(value, *pattern)) return i;
    }
    return std::nullopt;
  }
};

namespace {

[[noreturn]] void fail(const AllowEntry& entry, std::string_view what) {
  throw RuleError(fmt::format("{}: {}", entry.origin.empty() ? "allowlist" : entry.origin, what));
}

}  // namespace

Allowlist::Impl::Compiled Allowlist::Impl::compile(const AllowEntry& entry) {
  Compiled c;
  if (entry.values.empty() && entry.patterns.empty()) fail(entry, "an allow entry needs values or patterns");
  for (const auto& value : entry.values) {
    std::string normal = normalize_name(value);
    if (normal.empty()) fail(entry, fmt::format("allow value '{}' is empty once normalised", value));
    c.values.insert(std::move(normal));
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);
  for (const auto& pattern : entry.patterns) {
    auto re = std::make_unique<RE2>(pattern, options);
    if (!re->ok()) fail(entry, fmt::format("allow pattern '{}' does not compile: {}", pattern, re->error()));
    c.patterns.push_back(std::move(re));
  }
  if (!entry.paths.empty()) {
    std::vector<std::string> globs;
    for (const auto& glob : entry.paths) {
      if (glob.find('\n') != std::string::npos) fail(entry, "an allow path glob cannot hold a line break");
      globs.push_back(floating_glob(glob));
    }
    std::vector<std::string> errors;
    c.paths = walk::IgnoreRules::from_patterns(globs, &errors);
    if (!errors.empty()) fail(entry, fmt::format("allow paths: {}", errors.front()));
    if (c.paths->empty()) fail(entry, "allow paths hold no glob (blank, comments or a lone '!')");
  }
  for (const auto& name : entry.rules) {
    if (const auto category = parse_category(name)) {
      c.categories.set(static_cast<std::size_t>(*category));
      c.rules.insert(name);  // some rule ids are also category names ("nino", "email")
    } else if (name.find('.') != std::string::npos) {
      c.rules.insert(name);
    } else {
      fail(entry, fmt::format("unknown category '{}' in allow rules (rule ids have a dot: 'name.labelled')", name));
    }
  }
  c.any_rule = entry.rules.empty();
  return c;
}

Allowlist::Allowlist() : impl_(std::make_shared<const Impl>()) {}

Allowlist::Allowlist(std::vector<AllowEntry> entries) {
  auto impl = std::make_shared<Impl>();
  impl->compiled.reserve(entries.size());
  for (const auto& entry : entries) impl->compiled.push_back(Impl::compile(entry));
  impl->entries = std::move(entries);
  impl_ = std::move(impl);
}

Allowlist::~Allowlist() = default;
Allowlist::Allowlist(Allowlist&&) noexcept = default;
Allowlist& Allowlist::operator=(Allowlist&&) noexcept = default;

bool Allowlist::empty() const { return !impl_ || impl_->entries.empty(); }

const std::vector<AllowEntry>& Allowlist::entries() const {
  static const std::vector<AllowEntry> none;
  return impl_ ? impl_->entries : none;
}

AllowScope Allowlist::scope_for(std::string_view path) const {
  AllowScope scope;
  if (empty()) return scope;
  const std::string_view subject = glob_subject(path);
  for (std::size_t i = 0; i < impl_->compiled.size(); ++i) {
    const auto& paths = impl_->compiled[i].paths;
    if (paths && paths->match(subject, false) != walk::IgnoreVerdict::ignored) continue;
    scope.entries_.push_back(static_cast<std::uint32_t>(i));
  }
  if (!scope.entries_.empty()) scope.impl_ = impl_;
  return scope;
}

AllowScope::AllowScope() = default;
AllowScope::~AllowScope() = default;
AllowScope::AllowScope(const AllowScope&) = default;
AllowScope& AllowScope::operator=(const AllowScope&) = default;

bool AllowScope::empty() const { return entries_.empty(); }

bool AllowScope::allows(std::string_view rule, Category category, std::string_view value) const {
  return !entries_.empty() && impl_->allowing(entries_, rule, category, value).has_value();
}

std::string_view AllowScope::reason(std::string_view rule, Category category, std::string_view value) const {
  if (entries_.empty()) return {};
  const auto entry = impl_->allowing(entries_, rule, category, value);
  return entry ? std::string_view(impl_->entries[*entry].reason) : std::string_view();
}

}  // namespace foiguard
