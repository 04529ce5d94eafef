// Building, saving and loading a roster (see roster.hpp and roster_index.hpp).
//
// File layout, little-endian:
//   "FOIGUARD-ROSTER\n" | u32 version | 16-byte key check | u32 people |
//   u32 sensitive | u32 skipped | u32 max_words | u64 entries | u64 first words |
//   u64 prefixes | sensitive bitmap (people bits) | entries (u64 probe, 16-byte
//   tag, u32 person, u8 form) | first-word probes (u64) | prefix probes (u64) |
//   SHA-256 of everything before.
#include "foiguard/roster.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <memory>

#include "detect/masking.hpp"
#include "detect/roster_index.hpp"
#include "foiguard/normalize.hpp"

namespace foiguard {
namespace {

constexpr std::string_view kMagic = "FOIGUARD-ROSTER\n";
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kMinKeyBytes = 16;
constexpr std::size_t kEntryBytes = 8 + 16 + 4 + 1;
constexpr std::uint32_t kMaxWords = 12;  // longer name forms are not matched in text
constexpr std::string_view kKeyCheck = "foiguard roster key check v1";
constexpr std::string_view kSipKeyLabel = "foiguard roster index key v1";

std::array<unsigned char, 32> hmac(detect::Fingerprinter& hmac_key, std::string_view message) {
  std::array<unsigned char, 32> out{};
  unsigned char digest[32];
  hmac_key.hmac(message, digest);
  std::copy(digest, digest + 32, out.begin());
  return out;
}

std::uint64_t le64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

detect::SipKey derive_sip_key(detect::Fingerprinter& hmac_key) {
  const auto digest = hmac(hmac_key, kSipKeyLabel);
  return {le64(digest.data()), le64(digest.data() + 8)};
}

std::array<unsigned char, 32> sha256(std::string_view bytes) {
  std::array<unsigned char, 32> out{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), out.data(), &length, EVP_sha256(), nullptr);
  return out;
}

void check_key(std::string_view key) {
  if (key.size() < kMinKeyBytes)
    throw RosterError(fmt::format("the roster key is {} bytes: it needs at least {} random bytes", key.size(),
                                  kMinKeyBytes));
}

std::vector<std::string_view> words_of(std::string_view normalised) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while (at < normalised.size()) {
    std::size_t end = normalised.find(' ', at);
    if (end == std::string_view::npos) end = normalised.size();
    if (end > at && normalised.substr(at, end - at) != ",") words.push_back(normalised.substr(at, end - at));
    at = end + 1;
  }
  return words;
}

std::string join(const std::vector<std::string_view>& words, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (!out.empty()) out.push_back(' ');
    out.append(words[i]);
  }
  return out;
}

// The first letter of a normalised word (one UTF-8 character).
std::string_view initial_of(std::string_view word) {
  std::size_t n = 1;
  while (n < word.size() && (static_cast<unsigned char>(word[n]) & 0xC0) == 0x80) ++n;
  return word.substr(0, n);
}

struct NameForm {
  std::string text;  // normalised
  RosterForm form;
};

// "Forename Surname", "Surname, Forename", "F. Surname", "F Surname", "Surname F", "Surname, F."
// (full stops and spacing normalise away), with all given names and with the first alone.
std::vector<NameForm> name_forms(const StaffMember& person) {
  const std::string forename = normalize_name(person.forename);
  const std::string surname = normalize_name(person.surname);
  const auto given = words_of(forename);
  const auto family = words_of(surname);
  std::vector<NameForm> forms;
  if (given.empty() || family.empty()) return forms;
  const std::string s = join(family, 0, family.size());
  const std::string all = join(given, 0, given.size());
  const std::string first(given.front());
  const std::string initial(initial_of(given.front()));
  for (const std::string& g : {all, first}) {
    forms.push_back({g + " " + s, RosterForm::full_name});
    forms.push_back({s + " , " + g, RosterForm::surname_first});
  }
  forms.push_back({initial + " " + s, RosterForm::initial_name});
  forms.push_back({s + " " + initial, RosterForm::surname_initial});
  forms.push_back({s + " , " + initial, RosterForm::surname_initial});
  std::sort(forms.begin(), forms.end(), [](const NameForm& a, const NameForm& b) { return a.text < b.text; });
  forms.erase(std::unique(forms.begin(), forms.end(), [](const NameForm& a, const NameForm& b) { return a.text == b.text; }),
              forms.end());
  return forms;
}

std::uint32_t token_count(std::string_view normalised) {
  return static_cast<std::uint32_t>(std::count(normalised.begin(), normalised.end(), ' ') + 1);
}

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  void bytes(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }

 private:
  std::string& out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  const unsigned char* take(std::size_t n) {
    if (in_.size() - at_ < n) throw RosterError("the roster file is truncated or damaged");
    const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + at_);
    at_ += n;
    return p;
  }
  std::uint32_t u32() {
    const unsigned char* p = take(4);
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
  }
  std::uint64_t u64() { return le64(take(8)); }
  std::size_t left() const { return in_.size() - at_; }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
};

std::array<unsigned char, 16> key_check(detect::Fingerprinter& hmac_key) {
  const auto digest = hmac(hmac_key, kKeyCheck);
  std::array<unsigned char, 16> out{};
  std::copy(digest.begin(), digest.begin() + 16, out.begin());
  return out;
}

}  // namespace

std::string_view to_string(RosterForm form) {
  switch (form) {
    case RosterForm::full_name: return "full name";
    case RosterForm::surname_first: return "surname, forename";
    case RosterForm::initial_name: return "initial and surname";
    case RosterForm::surname_initial: return "surname and initial";
    case RosterForm::pay_number: return "pay number";
    case RosterForm::warrant_number: return "warrant number";
    case RosterForm::collar_number: return "collar number";
  }
  return "?";
}

std::string_view roster_rule(RosterForm form) {
  switch (form) {
    case RosterForm::pay_number: return kRosterRules[1];
    case RosterForm::warrant_number: return kRosterRules[2];
    case RosterForm::collar_number: return kRosterRules[3];
    default: return kRosterRules[0];
  }
}

bool is_name_form(RosterForm form) {
  return form == RosterForm::full_name || form == RosterForm::surname_first || form == RosterForm::initial_name ||
         form == RosterForm::surname_initial;
}

Roster::Roster(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Roster::Roster(Roster&&) noexcept = default;
Roster& Roster::operator=(Roster&&) noexcept = default;
Roster::~Roster() = default;

const RosterStats& Roster::stats() const { return impl_->stats; }

Roster Roster::build(const std::vector<StaffMember>& staff, std::string_view key) {
  check_key(key);
  auto impl = std::make_unique<Impl>();
  impl->key.assign(key);
  detect::Fingerprinter hmac_key(key);
  impl->sip = derive_sip_key(hmac_key);
  std::string message;
  const auto add = [&](std::string_view prefix, std::string_view text, std::uint32_t person, RosterForm form) {
    message.assign(prefix).append(text);
    Impl::Entry entry;
    entry.probe = detect::siphash24(impl->sip, message);
    const auto digest = hmac(hmac_key, message);
    std::copy(digest.begin(), digest.begin() + 16, entry.tag.begin());
    entry.person = person;
    entry.form = form;
    impl->entries.push_back(entry);
  };
  for (const StaffMember& member : staff) {
    const auto forms = name_forms(member);
    const std::pair<const std::string*, RosterForm> numbers[] = {
        {&member.pay_number, RosterForm::pay_number},
        {&member.warrant_number, RosterForm::warrant_number},
        {&member.collar_number, RosterForm::collar_number}};
    std::vector<std::pair<std::string, RosterForm>> normalised_numbers;
    for (const auto& [number, form] : numbers) {
      std::string n = normalize_number(*number);
      if (!n.empty()) normalised_numbers.emplace_back(std::move(n), form);
    }
    if (forms.empty() && normalised_numbers.empty()) {
      ++impl->stats.skipped;
      continue;
    }
    const auto person = static_cast<std::uint32_t>(impl->sensitive.size() + 1);
    impl->sensitive.push_back(member.sensitive);
    impl->stats.sensitive += member.sensitive;
    for (const NameForm& f : forms) {
      const std::uint32_t tokens = token_count(f.text);
      if (tokens > kMaxWords) continue;
      impl->max_words = std::max(impl->max_words, tokens);
      add(detect::kNamePrefix, f.text, person, f.form);
      // Cut after each word but the last (never after a comma: the scan adds
      // a comma together with the word after it).
      const std::size_t first_cut = f.text.find(' ');
      for (std::size_t cut = first_cut; cut != std::string::npos; cut = f.text.find(' ', cut + 1)) {
        if (f.text.compare(cut - 1, 1, ",") == 0) continue;
        message.assign(detect::kNamePrefix).append(f.text, 0, cut);
        (cut == first_cut ? impl->first_words : impl->prefixes).push_back(detect::siphash24(impl->sip, message));
      }
    }
    for (const auto& [number, form] : normalised_numbers) add(detect::kNumberPrefix, number, person, form);
  }
  impl->stats.people = impl->sensitive.size();
  std::sort(impl->entries.begin(), impl->entries.end(), [](const Impl::Entry& a, const Impl::Entry& b) {
    return a.probe != b.probe ? a.probe < b.probe : a.person < b.person;
  });
  impl->stats.entries = impl->entries.size();
  for (auto* probes : {&impl->first_words, &impl->prefixes}) {
    std::sort(probes->begin(), probes->end());
    probes->erase(std::unique(probes->begin(), probes->end()), probes->end());
  }
  impl->index();
  return Roster(std::move(impl));
}

std::string Roster::serialize() const {
  const Impl& r = *impl_;
  std::string out;
  out.reserve(128 + r.entries.size() * kEntryBytes + (r.first_words.size() + r.prefixes.size()) * 8 +
              r.sensitive.size() / 8);
  ByteWriter w(out);
  w.bytes(kMagic.data(), kMagic.size());
  w.u32(kVersion);
  detect::Fingerprinter hmac_key(r.key);
  const auto check = key_check(hmac_key);
  w.bytes(check.data(), check.size());
  w.u32(static_cast<std::uint32_t>(r.stats.people));
  w.u32(static_cast<std::uint32_t>(r.stats.sensitive));
  w.u32(static_cast<std::uint32_t>(r.stats.skipped));
  w.u32(r.max_words);
  w.u64(r.entries.size());
  w.u64(r.first_words.size());
  w.u64(r.prefixes.size());
  std::string bits((r.sensitive.size() + 7) / 8, '\0');
  for (std::size_t i = 0; i < r.sensitive.size(); ++i)
    if (r.sensitive[i]) bits[i / 8] = static_cast<char>(bits[i / 8] | (1 << (i % 8)));
  out += bits;
  for (const Impl::Entry& e : r.entries) {
    w.u64(e.probe);
    w.bytes(e.tag.data(), e.tag.size());
    w.u32(e.person);
    w.u8(static_cast<std::uint8_t>(e.form));
  }
  for (const std::uint64_t probe : r.first_words) w.u64(probe);
  for (const std::uint64_t probe : r.prefixes) w.u64(probe);
  const auto digest = sha256(out);
  w.bytes(digest.data(), digest.size());
  return out;
}

Roster Roster::load(std::string_view bytes, std::string_view key) {
  if (bytes.substr(0, kMagic.size()) != kMagic) throw RosterError("not a foiguard roster file");
  if (bytes.size() < kMagic.size() + 32 || sha256(bytes.substr(0, bytes.size() - 32)) !=
                                                [&] {
                                                  std::array<unsigned char, 32> tail{};
                                                  std::memcpy(tail.data(), bytes.data() + bytes.size() - 32, 32);
                                                  return tail;
                                                }())
    throw RosterError("the roster file is damaged (its checksum does not match): build it again");
  check_key(key);
  ByteReader r(bytes.substr(0, bytes.size() - 32));
  r.take(kMagic.size());
  const std::uint32_t version = r.u32();
  if (version != kVersion)
    throw RosterError(fmt::format("roster file version {} is not supported by this foiguard (it reads version {})",
                                  version, kVersion));
  auto impl = std::make_unique<Impl>();
  impl->key.assign(key);
  detect::Fingerprinter hmac_key(key);
  const auto expected = key_check(hmac_key);
  if (std::memcmp(r.take(16), expected.data(), 16) != 0)
    throw RosterError("the key does not match this roster: use the key file it was built with");
  impl->sip = derive_sip_key(hmac_key);
  const std::uint32_t people = r.u32();
  impl->stats.sensitive = r.u32();
  impl->stats.skipped = r.u32();
  impl->max_words = std::min(r.u32(), kMaxWords);
  const std::uint64_t entries = r.u64();
  const std::uint64_t first_words = r.u64();
  const std::uint64_t prefixes = r.u64();
  if (entries > r.left() / kEntryBytes || first_words > r.left() / 8 || prefixes > r.left() / 8 ||
      (people + 7ull) / 8 + entries * kEntryBytes + (first_words + prefixes) * 8 != r.left())
    throw RosterError("the roster file is truncated or damaged");
  const unsigned char* bits = r.take((people + 7u) / 8);
  impl->sensitive.resize(people);
  for (std::uint32_t i = 0; i < people; ++i) impl->sensitive[i] = (bits[i / 8] >> (i % 8)) & 1u;
  impl->entries.resize(entries);
  for (Impl::Entry& e : impl->entries) {
    e.probe = r.u64();
    std::memcpy(e.tag.data(), r.take(16), 16);
    e.person = r.u32();
    const std::uint8_t form = *r.take(1);
    if (e.person == 0 || e.person > people || form > static_cast<std::uint8_t>(RosterForm::collar_number))
      throw RosterError("the roster file is damaged (an entry is out of range)");
    e.form = static_cast<RosterForm>(form);
  }
  impl->first_words.resize(first_words);
  for (std::uint64_t& probe : impl->first_words) probe = r.u64();
  impl->prefixes.resize(prefixes);
  for (std::uint64_t& probe : impl->prefixes) probe = r.u64();
  if (!std::is_sorted(impl->entries.begin(), impl->entries.end(),
                      [](const Impl::Entry& a, const Impl::Entry& b) { return a.probe < b.probe; }))
    throw RosterError("the roster file is damaged (entries out of order)");
  impl->stats.people = people;
  impl->stats.entries = entries;
  impl->index();
  return Roster(std::move(impl));
}

void Roster::Impl::index() {
  static std::atomic<std::uint64_t> next_id{1};
  id = next_id.fetch_add(1, std::memory_order_relaxed);
  std::size_t size = 1024;
  while (size < entries.size() * 2) size *= 2;
  slots.assign(size, 0);
  slot_mask = size - 1;
  for (std::uint32_t i = 0; i < entries.size(); ++i) {
    if (i > 0 && entries[i - 1].probe == entries[i].probe) continue;  // the first of a run stands for it
    std::uint64_t slot = entries[i].probe & slot_mask;
    while (slots[slot] != 0) slot = (slot + 1) & slot_mask;
    slots[slot] = i + 1;
  }
  // Measured on 50,000 people: 16 bits per first word keeps that filter at
  // 128 KiB (in cache) while letting about one ordinary word in 16 through.
  first_word_filter.build(first_words, 16);
  prefix_filter.build(prefixes, 16);
  std::vector<std::uint64_t> names, numbers;
  for (const Entry& e : entries) (is_name_form(e.form) ? names : numbers).push_back(e.probe);
  name_filter.build(names, 16);
  // Small enough to stay in cache: a staff table's number cells are each
  // probed at once (a document's numbers in running text are prefetched).
  number_filter.build(numbers, 16);
}

// One bit per probe, `bits_per_probe` bits or more for each: a probe not in
// the set passes about once in that many.
void Roster::Impl::BitFilter::build(const std::vector<std::uint64_t>& probes, std::size_t bits_per_probe) {
  std::size_t size = 1 << 16;
  while (size < probes.size() * bits_per_probe && size < (std::size_t{1} << 30)) size *= 2;
  shift = 64 - std::countr_zero(size);
  bits.assign(size / 64, 0);
  for (const std::uint64_t probe : probes) {
    const std::uint64_t bit = probe >> shift;
    bits[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }
}

std::pair<std::uint32_t, std::uint32_t> Roster::Impl::find(std::uint64_t probe) const {
  for (std::uint64_t slot = probe & slot_mask;; slot = (slot + 1) & slot_mask) {
    const std::uint32_t at = slots[slot];
    if (at == 0) return {0, 0};
    if (entries[at - 1].probe != probe) continue;
    std::uint32_t last = at - 1;
    while (last < entries.size() && entries[last].probe == probe) ++last;
    return {at - 1, last};
  }
}

bool Roster::Impl::confirm(std::string_view probe_text, std::pair<std::uint32_t, std::uint32_t> range,
                           RosterMatch& match) const {
  // One HMAC key per thread and roster: hits are rare, the pads are hashed once.
  thread_local const Impl* owner = nullptr;
  thread_local std::unique_ptr<detect::Fingerprinter> hmac_key;
  if (owner != this || !hmac_key || hmac_key->key() != key) {
    hmac_key = std::make_unique<detect::Fingerprinter>(key);
    owner = this;
  }
  unsigned char digest[32];
  hmac_key->hmac(probe_text, digest);
  std::uint32_t people = 0, person = 0;
  bool sensitive_person = false, confirmed = false;
  match.first_entry = range.first;
  match.last_entry = range.first;
  for (std::uint32_t i = range.first; i < range.second; ++i) {
    const Entry& e = entries[i];
    if (std::memcmp(e.tag.data(), digest, 16) != 0) continue;
    if (!confirmed) match.first_entry = i, match.form = e.form;
    confirmed = true;
    match.last_entry = i + 1;
    if (e.person != person) ++people;
    person = e.person;
    sensitive_person |= sensitive[e.person - 1];
  }
  if (!confirmed) return false;
  match.people = people;
  match.person = people == 1 ? person : 0;
  match.sensitive = sensitive_person;
  return true;
}

bool Roster::same_person(const RosterMatch& a, const RosterMatch& b) const {
  const auto& entries = impl_->entries;
  for (std::uint32_t i = a.first_entry; i < a.last_entry && i < entries.size(); ++i)
    for (std::uint32_t j = b.first_entry; j < b.last_entry && j < entries.size(); ++j)
      if (entries[i].person == entries[j].person) return true;
  return false;
}

}  // namespace foiguard
