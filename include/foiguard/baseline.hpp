// Baseline: the fingerprints of findings a reviewer has accepted. A later
// scan with the same fingerprint key leaves them out (before records and
// verdicts are decided) and counts them in FileReport::baselined.
//
// A fingerprint is HMAC-SHA256(key, rule, normalised value, location), never
// the value: the same value at the same place stays accepted; a different
// value at that place is a new finding. A baseline file is JSON:
//   {"foiguard_baseline": 1, "key_id": "<hex>", "fingerprints": ["<hex>", ...]}
// key_id is a digest of the fingerprint key (fingerprint_key_id()), so a
// baseline used with another key is refused rather than silently matching
// nothing. Immutable after loading; safe to share across threads.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>

namespace foiguard {

class BaselineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A digest of a fingerprint key that says which key made a fingerprint
// without revealing it: hex SHA-256 of the hex SHA-256 of the key, first 16 digits.
std::string fingerprint_key_id(std::string_view key);

class Baseline {
 public:
  Baseline() = default;
  // Every fingerprint of a JSON report (`foiguard scan --format json`);
  // throws BaselineError when it is not one, or lists findings without
  // fingerprints. `origin` names the input in messages.
  static Baseline from_report_json(std::string_view json, std::string_view origin);
  // A baseline file written by to_json(); throws BaselineError naming `origin`.
  static Baseline from_json(std::string_view json, std::string_view origin);
  std::string to_json() const;

  bool contains(std::string_view fingerprint) const { return fingerprints_.count(std::string(fingerprint)) != 0; }
  std::size_t size() const { return fingerprints_.size(); }
  const std::string& key_id() const { return key_id_; }

  void add(std::string fingerprint) { fingerprints_.insert(std::move(fingerprint)); }
  void set_key_id(std::string key_id) { key_id_ = std::move(key_id); }

 private:
  std::string key_id_;
  std::unordered_set<std::string> fingerprints_;
};

}  // namespace foiguard
