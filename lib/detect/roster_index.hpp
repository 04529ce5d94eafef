// The roster's in-memory form, shared by building and loading (roster.cpp)
// and matching (roster_match.cpp).
//
// Every name form and number is an Entry: a 64-bit SipHash probe of its
// normalised text (the candidate index: cheap enough to compute for every
// capitalised word of a document) and the first 16 bytes of its HMAC-SHA256
// (the identity, checked on every probe hit). Both are keyed by the roster
// key; neither can be reversed without it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detect/siphash.hpp"
#include "foiguard/roster.hpp"

namespace foiguard {

struct Roster::Impl {
  struct Entry {
    std::uint64_t probe = 0;
    std::array<unsigned char, 16> tag{};
    std::uint32_t person = 0;  // 1-based
    RosterForm form = RosterForm::full_name;
  };

  std::uint64_t id = 0;                 // unique in this process (per-thread caches key on it)
  std::string key;                      // the HMAC key (kept in memory only)
  detect::SipKey sip;                   // derived from the key
  RosterStats stats;
  std::uint32_t max_words = 0;          // tokens (words and commas) of the longest name form
  std::vector<bool> sensitive;          // by person - 1
  std::vector<Entry> entries;           // sorted by (probe, person)
  // Probes of the first word of every name form ("aoife", "ni"), and of
  // every longer proper prefix cut after a word ("ni bhriain"): a window of
  // text starts only at a first word and grows only while it is a prefix.
  std::vector<std::uint64_t> first_words;  // sorted, unique
  std::vector<std::uint64_t> prefixes;     // sorted, unique

  // Built by index(): open addressing from probe to the first entry with it,
  // and one-bit filters of the prefixes and of the entries, so that most
  // words cost one hash and a bit test, and no table lookup.
  std::vector<std::uint32_t> slots;     // entry index + 1; 0 = empty
  std::uint64_t slot_mask = 0;

  struct BitFilter {
    std::vector<std::uint64_t> bits;
    int shift = 64;
    void build(const std::vector<std::uint64_t>& probes, std::size_t bits_per_probe);
    bool may_hold(std::uint64_t probe) const {
      const std::uint64_t bit = probe >> shift;
      return (bits[bit >> 6] >> (bit & 63)) & 1u;
    }
    void prefetch(std::uint64_t probe) const { __builtin_prefetch(&bits[(probe >> shift) >> 6]); }
  };
  // The first-word filter is checked for every capitalised word of a
  // document, so it is kept small enough to stay in cache. Numbers have a
  // filter of their own: a document's long numbers (phone numbers, dates,
  // references) would otherwise each miss the cache in the filter of every
  // entry, which is mostly name forms.
  BitFilter first_word_filter, prefix_filter, name_filter, number_filter;

  void index();
  // The entries whose probe is `probe`, as [first, last); first == last when none.
  std::pair<std::uint32_t, std::uint32_t> find(std::uint64_t probe) const;
  // Confirms a probe hit with the HMAC tag; fills the match's people fields.
  bool confirm(std::string_view probe_text, std::pair<std::uint32_t, std::uint32_t> range,
               RosterMatch& match) const;
};

namespace detect {

// The texts that are hashed: a domain prefix, then the normalised form.
inline constexpr std::string_view kNamePrefix = "n:";
inline constexpr std::string_view kNumberPrefix = "#:";

}  // namespace detect
}  // namespace foiguard
