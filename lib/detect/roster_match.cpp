// Finding roster names and numbers in text (see roster.hpp).
//
// The scan visits only word starts that can begin a name or a number: an
// upper-case letter or a digit (names in running text are capitalised). A
// word is normalised as normalize_name() would (ASCII by table, anything else
// through it), its SipHash probe is looked up in the first-word bitmap, and
// only then is the window of following words built and each prefix of 2+
// words probed in full. A probe hit is confirmed by its HMAC tag.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detect/roster_index.hpp"
#include "foiguard/normalize.hpp"
#include "foiguard/roster.hpp"

namespace foiguard {
namespace {

constexpr std::size_t kMinNumber = 5;   // shorter numbers are everywhere (years, counts)
constexpr std::size_t kMaxNumber = 32;
constexpr std::size_t kMaxWordBytes = 64;

bool ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }

UChar32 decode_at(std::string_view text, std::size_t& i) {
  UChar32 c = 0;
  const auto length = static_cast<std::int32_t>(text.size());
  auto at = static_cast<std::int32_t>(i);
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), at, length, c);
  i = static_cast<std::size_t>(at);
  return c;
}

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC; }

// Is text[i] inside a word (the byte before it is a letter or digit)?
bool inside_word(std::string_view text, std::size_t i) {
  if (i == 0) return false;
  const auto before = static_cast<unsigned char>(text[i - 1]);
  if (before < 0x80) return ascii_alnum(before);
  auto at = static_cast<std::int32_t>(i);
  UChar32 c = 0;
  U8_PREV(reinterpret_cast<const std::uint8_t*>(text.data()), 0, at, c);
  return c >= 0 && u_isalnum(c);
}

// One word from `i`: letters and digits, with apostrophes inside ("O'Brien"),
// but not a possessive "'s". Returns its end; `ascii` says whether any byte
// was outside ASCII, `digits` whether it holds a digit.
std::size_t word_end(std::string_view text, std::size_t i, bool& ascii, bool& digits) {
  ascii = true;
  digits = false;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (ascii_alnum(c)) {
        digits |= ascii_digit(c);
        ++i;
        continue;
      }
      if (c != '\'') return i;
    }
    std::size_t next = i;
    const UChar32 cp = c < 0x80 ? (++next, static_cast<UChar32>(c)) : decode_at(text, next);
    if (is_apostrophe(cp)) {
      // Inside a word only when a letter follows, and not the possessive 's.
      std::size_t after = next;
      if (after >= text.size()) return i;
      std::size_t probe = after;
      const UChar32 following = decode_at(text, probe);
      if (following < 0 || !u_isalpha(following)) return i;
      if ((following == 's' || following == 'S') && (probe >= text.size() || !inside_word(text, probe + 1))) {
        const bool ends = probe >= text.size() || !ascii_alnum(static_cast<unsigned char>(text[probe]));
        if (ends) return i;
      }
      ascii &= c < 0x80;
      i = next;
      continue;
    }
    if (cp >= 0 && u_isalnum(cp)) {
      ascii = false;
      i = next;
      continue;
    }
    return i;
  }
  return i;
}

void append_ascii_word(std::string_view word, std::string& out) {
  for (const char ch : word) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\'') continue;
    out.push_back(ascii_upper(c) ? static_cast<char>(c + ('a' - 'A')) : ch);
  }
}

// What lies between two words of one name: spaces, a hyphen or dash, a full
// stop ("A. Smith"), a comma ("Smith, A"). Returns the next word's start, or
// npos when the window ends here; `comma` says a comma was crossed.
std::size_t next_word(std::string_view text, std::size_t i, bool& comma) {
  comma = false;
  int spaces = 0, marks = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t') {
      if (++spaces > 3) return std::string_view::npos;
      ++i;
    } else if (c == '-' || c == '.' || c == ',') {
      if (++marks > 1) return std::string_view::npos;
      comma = c == ',';
      ++i;
    } else if (c >= 0x80) {
      std::size_t next = i;
      const UChar32 cp = decode_at(text, next);
      if (cp == 0xA0 || cp == 0x202F) {
        if (++spaces > 3) return std::string_view::npos;
      } else if (u_charType(cp) == U_DASH_PUNCTUATION) {
        if (++marks > 1) return std::string_view::npos;
      } else {
        return cp >= 0 && u_isalnum(cp) ? i : std::string_view::npos;
      }
      i = next;
    } else {
      return ascii_alnum(c) ? i : std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

}  // namespace

namespace {

// Where the next byte that can start a name or number is: an ASCII capital, a
// digit, or the lead byte of a non-ASCII character. Most text is lower-case
// letters and spaces, skipped 16 bytes at a time.
std::size_t next_start(std::string_view text, std::size_t i) {
#if defined(__SSE2__)
  const __m128i a_minus = _mm_set1_epi8(static_cast<char>('A' - 128));
  const __m128i zero_minus = _mm_set1_epi8(static_cast<char>('0' - 128));
  const __m128i upper_limit = _mm_set1_epi8(static_cast<char>(-128 + 26));
  const __m128i digit_limit = _mm_set1_epi8(static_cast<char>(-128 + 10));
  const __m128i lead_low = _mm_set1_epi8(static_cast<char>(0xBF));  // lead bytes are 0xC0..0xFF
  while (i + 16 <= text.size()) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    // (b - 'A') as unsigned < 26, via a signed compare after a shift by -128.
    const __m128i upper = _mm_cmplt_epi8(_mm_sub_epi8(bytes, a_minus), upper_limit);
    const __m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(bytes, zero_minus), digit_limit);
    const __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(bytes, lead_low), _mm_cmplt_epi8(bytes, _mm_setzero_si128()));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(upper, digit), lead));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (ascii_upper(c) || ascii_digit(c) || c >= 0xC0) return i;
  }
  return text.size();
}

// Documents repeat their capitalised words ("The", "Police", "Act"): the
// first-word filter's answer for a short ASCII word is remembered per thread,
// direct-mapped, so most words cost a cheap hash and a compare instead of a
// SipHash. Only this process's memory holds it, and only for the roster it
// was filled for.
class FirstWordMemo {
 public:
  static constexpr std::size_t kMaxWord = 15;

  explicit FirstWordMemo(std::uint64_t roster) : roster_(roster) {}
  std::uint64_t roster() const { return roster_; }

  // 1: may start a name, 0: cannot, -1: not known.
  int lookup(std::string_view word) const {
    const Slot& slot = slots_[slot_of(word)];
    if (slot.length != word.size() || std::memcmp(slot.word, word.data(), word.size()) != 0) return -1;
    return slot.may_start;
  }
  void store(std::string_view word, bool may_start) {
    Slot& slot = slots_[slot_of(word)];
    slot.length = static_cast<std::uint8_t>(word.size());
    std::memcpy(slot.word, word.data(), word.size());
    slot.may_start = may_start;
  }

 private:
  struct Slot {
    char word[kMaxWord] = {};
    std::uint8_t length = 0xff;
    bool may_start = false;
  };
  static constexpr std::size_t kSlots = 2048;

  static std::size_t slot_of(std::string_view word) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ word.size();
    for (const char c : word) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
    return static_cast<std::size_t>((h ^ (h >> 29)) & (kSlots - 1));
  }

  std::uint64_t roster_;  // Roster::Impl::id: an address could be reused by another roster
  Slot slots_[kSlots];
};

struct Matcher {
  const Roster::Impl& roster;
  std::string_view text;
  std::vector<RosterMatch>& out;
  std::string& window;   // "n:" + normalised words so far
  std::string& scratch;
  FirstWordMemo& memo;

  bool may_start_name(std::size_t begin, std::size_t end, bool ascii) {
    const std::string_view word = text.substr(begin, end - begin);
    const bool memorable = ascii && word.size() <= FirstWordMemo::kMaxWord;
    if (memorable) {
      const int known = memo.lookup(word);
      if (known >= 0) return known == 1 && (build_first_word(begin, end, ascii), true);
    }
    build_first_word(begin, end, ascii);
    // Exact (the filter, then the sorted list): a frequent word that only
    // passed the filter by chance would cost a window at every occurrence.
    const std::uint64_t hash = detect::siphash24(roster.sip, window);
    const bool may = window.size() > detect::kNamePrefix.size() && roster.first_word_filter.may_hold(hash) &&
                     std::binary_search(roster.first_words.begin(), roster.first_words.end(), hash);
    if (memorable) memo.store(word, may);
    return may;
  }

  void build_first_word(std::size_t begin, std::size_t end, bool ascii) {
    window.assign(detect::kNamePrefix);
    append_word(begin, end, ascii, window);
  }

  bool probe(std::string_view probe_text, std::uint64_t hash, std::size_t begin, std::size_t end,
             RosterMatch& m) const {
    if (!roster.entry_filter.may_hold(hash)) return false;
    const auto range = roster.find(hash);
    if (range.first == range.second || !roster.confirm(probe_text, range, m)) return false;
    m.begin = begin;
    m.end = end;
    return true;
  }

  bool probe_and_add(std::string_view probe_text, std::size_t begin, std::size_t end) {
    RosterMatch m;
    if (!probe(probe_text, detect::siphash24(roster.sip, probe_text), begin, end, m)) return false;
    out.push_back(m);
    return true;
  }

  // A word normalised into `into` (appended).
  void append_word(std::size_t begin, std::size_t end, bool ascii, std::string& into) {
    const std::string_view word = text.substr(begin, end - begin);
    if (ascii) {
      append_ascii_word(word, into);
    } else {
      normalize_name(word, scratch);
      into += scratch;
    }
  }

  // A number of 5+ characters at [begin, end).
  std::size_t number(std::size_t begin, std::size_t end) {
    if (end - begin < kMinNumber || end - begin > kMaxNumber) return end;
    window.assign(detect::kNumberPrefix);
    for (std::size_t i = begin; i < end; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c == '\'') continue;
      window.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - ('a' - 'A')) : static_cast<char>(c));
    }
    probe_and_add(window, begin, end);
    return end;
  }

  // A name starting with the word [begin, end); returns where to go on. The
  // window grows while it is a prefix of some name form; the longest form
  // found wins.
  std::size_t name(std::size_t begin, std::size_t end, bool ascii) {
    if (!may_start_name(begin, end, ascii)) return end;
    RosterMatch best, hit;
    bool found = false;
    std::uint32_t tokens = 1;
    std::size_t at = end;
    while (tokens < roster.max_words) {
      bool comma = false;
      const std::size_t next = next_word(text, at, comma);
      if (next == std::string_view::npos) break;
      bool word_ascii = true, digits = false;
      const std::size_t next_end = word_end(text, next, word_ascii, digits);
      if (next_end == next || digits || next_end - next > kMaxWordBytes) break;
      // A lone lower-case letter is a word ("Smith a week ago"), never an initial.
      if (next_end - next == 1 && !ascii_upper(static_cast<unsigned char>(text[next])) &&
          (static_cast<unsigned char>(text[next]) < 0x80))
        break;
      if (comma) {
        window += " ,";
        ++tokens;
      }
      window.push_back(' ');
      append_word(next, next_end, word_ascii, window);
      ++tokens;
      at = next_end;
      const std::uint64_t hash = detect::siphash24(roster.sip, window);
      if (probe(window, hash, begin, next_end, hit)) {
        best = hit;
        found = true;
      }
      if (!roster.prefix_filter.may_hold(hash) ||
          !std::binary_search(roster.prefixes.begin(), roster.prefixes.end(), hash))
        break;
    }
    if (!found) return end;
    out.push_back(best);
    return best.end;
  }

  void run() {
    std::size_t i = 0;
    while ((i = next_start(text, i)) < text.size()) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (inside_word(text, i)) {
        ++i;
        continue;
      }
      bool ascii = true;
      if (c >= 0xC0) {
        std::size_t next = i;
        const UChar32 cp = decode_at(text, next);
        if (cp < 0 || !(u_isupper(cp) || u_istitle(cp))) {
          i = next;
          continue;
        }
      }
      bool digits = false;
      const std::size_t end = word_end(text, i, ascii, digits);
      if (end == i) {
        ++i;
        continue;
      }
      if (end - i > kMaxWordBytes) {
        i = end;
      } else if (digits) {
        i = ascii ? number(i, end) : end;
      } else {
        i = name(i, end, ascii);
      }
    }
  }
};

// Per-thread buffers, so that matching a line allocates nothing.
Matcher matcher_for(const Roster::Impl& roster, std::string_view text, std::vector<RosterMatch>& out) {
  thread_local std::string window, scratch;
  thread_local std::unique_ptr<FirstWordMemo> memo;
  if (!memo || memo->roster() != roster.id) memo = std::make_unique<FirstWordMemo>(roster.id);
  return Matcher{roster, text, out, window, scratch, *memo};
}

}  // namespace

void Roster::match(std::string_view text, std::vector<RosterMatch>& out) const {
  if (impl_->entries.empty()) return;
  matcher_for(*impl_, text, out).run();
}

void Roster::match_cell(std::string_view cell, std::vector<RosterMatch>& out) const {
  if (impl_->entries.empty()) return;
  std::size_t b = 0, e = cell.size();
  while (b < e && (cell[b] == ' ' || cell[b] == '\t')) ++b;
  while (e > b && (cell[e - 1] == ' ' || cell[e - 1] == '\t' || cell[e - 1] == '\r')) --e;
  if (b == e) return;
  Matcher m = matcher_for(*impl_, cell, out);
  std::string normalised = normalize_name(cell.substr(b, e - b));
  if (normalised.find(' ') != std::string::npos && normalised.size() <= 256) {
    m.window.assign(detect::kNamePrefix).append(normalised);
    if (m.probe_and_add(m.window, b, e)) return;
  }
  const std::string number = normalize_number(cell.substr(b, e - b));
  if (number.size() >= kMinNumber && number.size() <= kMaxNumber &&
      std::any_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      number.size() * 2 >= e - b) {
    m.window.assign(detect::kNumberPrefix).append(number);
    if (m.probe_and_add(m.window, b, e)) return;
  }
  m.run();
}

RosterMatch Roster::match_number(std::string_view number) const {
  RosterMatch m;
  m.people = 0;
  const std::string normalised = normalize_number(number);
  if (normalised.empty() || impl_->entries.empty()) return m;
  std::string probe_text(detect::kNumberPrefix);
  probe_text += normalised;
  const auto range = impl_->find(detect::siphash24(impl_->sip, probe_text));  // no filter: rare
  if (range.first == range.second || !impl_->confirm(probe_text, range, m)) {
    m.people = 0;
    return m;
  }
  return m;
}

}  // namespace foiguard
