// Allowlist: values a force has decided may be published (the chief
// officers' names, the press office's number). A finding an entry allows is
// left out before records are formed and counted in FileReport::allowed.
//
// An entry matches a finding's value exactly after normalize_name() (case,
// accents, apostrophe and hyphen variants, spacing) or by an RE2 pattern that
// must match the whole raw value; it may be limited to some rules or
// categories and to files whose path matches a glob (gitignore syntax, as
// --exclude). Immutable after construction and safe to share across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "foiguard/finding.hpp"

namespace foiguard {

struct AllowEntry {
  std::vector<std::string> values;    // exact values ("Jane Doe")
  std::vector<std::string> patterns;  // RE2, whole value ("(?i)press office .*")
  std::vector<std::string> paths;     // globs the scanned file's path must match; empty: every file
  std::vector<std::string> rules;     // rule ids or category names it applies to; empty: all
  std::string reason;                 // why it is allowed (shown by `rules list`)
  std::string origin;                 // "policy.toml:12", for messages
};

class AllowScope;

class Allowlist {
 public:
  Allowlist();
  // Compiles every pattern and glob; throws RuleError naming the entry's
  // origin when one does not compile or names an unknown category.
  explicit Allowlist(std::vector<AllowEntry> entries);
  ~Allowlist();
  Allowlist(Allowlist&&) noexcept;
  Allowlist& operator=(Allowlist&&) noexcept;

  bool empty() const;
  const std::vector<AllowEntry>& entries() const;
  // The entries that apply to the file at `path` (globs are decided here,
  // once per file). The scope shares this allowlist's compiled state.
  AllowScope scope_for(std::string_view path) const;

 private:
  friend class AllowScope;
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

class AllowScope {
 public:
  AllowScope();  // allows nothing
  ~AllowScope();
  AllowScope(const AllowScope&);
  AllowScope& operator=(const AllowScope&);

  bool empty() const;
  // True when an applying entry allows `value` (raw) found by `rule`.
  bool allows(std::string_view rule, Category category, std::string_view value) const;
  // The allowing entry's reason, for --explain; "" when none allows.
  std::string_view reason(std::string_view rule, Category category, std::string_view value) const;

 private:
  friend class Allowlist;
  std::shared_ptr<const Allowlist::Impl> impl_;
  std::vector<std::uint32_t> entries_;
};

}  // namespace foiguard
