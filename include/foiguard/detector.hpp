// Detector: compiled once from a RuleSet, immutable afterwards, and safe to
// share across threads (detect() is const and keeps no state between calls).
//
// detect() runs over a whole TextBatch: one RE2::Set pass decides which rules
// can match in each chunk, per-rule RE2 then locates matches only for those
// rules, and validators and context scoring run on the hits. Table cells under
// a recognised column header are checked by shape without any regex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "foiguard/allowlist.hpp"
#include "foiguard/baseline.hpp"
#include "foiguard/finding.hpp"
#include "foiguard/roster.hpp"
#include "foiguard/rules.hpp"
#include "foiguard/text_batch.hpp"

namespace foiguard {

struct DetectOptions {
  Confidence min_confidence = Confidence::medium;  // findings below are dropped
  bool keep_values = false;          // fill Finding::value with the raw value
  bool explain = false;              // fill Finding::evidence
  std::string fingerprint_key;       // HMAC key for Finding::fingerprint; empty: no fingerprints
  // How many findings, the first emitted, are rendered: masked value,
  // context, header, cell and fingerprint. The rest carry category, rule,
  // confidence, severity, visibility, record and numeric location only:
  // enough to count them, far cheaper to emit. 0: count only; a caller that
  // lists the first N findings of a batch asks for N.
  std::size_t render_limit = SIZE_MAX;
  // Findings to leave out before records are formed: values an allowlist
  // allows for this file, and fingerprints a baseline accepted (needs
  // fingerprint_key). Not owned; null: none.
  const AllowScope* allow = nullptr;
  const Baseline* baseline = nullptr;
};

// What detect() left out, by reason.
struct DetectStats {
  std::uint64_t allowed = 0;
  std::uint64_t baselined = 0;
};

// Receives each finding in buffer order. The Finding is reused for the next
// one: copy what you keep.
using FindingSink = std::function<void(const Finding&)>;

class Detector {
 public:
  // Compiles every rule; throws RuleError naming the rule whose pattern fails.
  // With a roster, every window of text and every cell is also matched
  // against it (see roster.hpp): a match is a high-confidence finding.
  explicit Detector(RuleSet rules, std::shared_ptr<const Roster> roster = nullptr);
  ~Detector();
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  // Emits the batch's findings in buffer order. Locations carry everything the
  // batch knows (scope, line/column or row/column/header) but not the file
  // path. Finding::record groups findings of one row or line (0 = alone); ids
  // count from 1 in each call. Memory does not grow with the number of
  // findings: a dense staff table yields one every few bytes.
  DetectStats detect(const TextBatch& batch, const DetectOptions& options, const FindingSink& sink) const;

  // Convenience: the same findings collected into a vector.
  std::vector<Finding> detect(const TextBatch& batch, const DetectOptions& options) const;

  const RuleSet& rules() const;
  const Roster* roster() const;  // null without one

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace foiguard
