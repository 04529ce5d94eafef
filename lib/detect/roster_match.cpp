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
#include <array>
#include <bit>
#include <cstring>
#include <memory>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "detect/roster_index.hpp"
#include "foiguard/normalize.hpp"
#include "foiguard/roster.hpp"

namespace foiguard {
namespace {

constexpr std::size_t kMinNumber = 5;   // shorter numbers are everywhere (years, counts)
constexpr std::size_t kMaxNumber = 32;
constexpr std::size_t kMaxWordBytes = 64;

// A table, not three range tests: the answer is unpredictable byte by byte,
// and a branch on it mispredicts.
constexpr auto kAsciiAlnum = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return table;
}();
bool ascii_alnum(unsigned char c) { return kAsciiAlnum[c]; }
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

// inside_word when the byte before text[i] is not ASCII.
bool inside_word_slow(std::string_view text, std::size_t i) {
  auto at = static_cast<std::int32_t>(i);
  UChar32 c = 0;
  U8_PREV(reinterpret_cast<const std::uint8_t*>(text.data()), 0, at, c);
  return c >= 0 && u_isalnum(c);
}

// Is text[i] inside a word (the character before it is a letter or digit)?
inline bool inside_word(std::string_view text, std::size_t i) {
  if (i == 0) return false;
  const auto before = static_cast<unsigned char>(text[i - 1]);
  return before < 0x80 ? ascii_alnum(before) : inside_word_slow(text, i);
}

#if defined(__SSE2__)
// 0xFF in each of 16 bytes that lies in [low, low + count), else 0: an
// unsigned compare, done as a signed one after a shift by -128.
inline __m128i in_range(__m128i bytes, char low, int count) {
  const __m128i shifted = _mm_sub_epi8(bytes, _mm_set1_epi8(static_cast<char>(low - 128)));
  return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + count)));
}
inline __m128i ascii_digits(__m128i bytes) { return in_range(bytes, '0', 10); }
inline __m128i ascii_letters(__m128i bytes) { return in_range(_mm_or_si128(bytes, _mm_set1_epi8(0x20)), 'a', 26); }
inline __m128i load16(std::string_view text, std::size_t i) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
}
#endif

// The end of the run of ASCII letters and digits from `i`, 16 bytes at a time
// (a word ends in an unpredictable place, and every capitalised word of a
// document is measured); `digits` is set when the run holds a digit.
std::size_t ascii_run_end(std::string_view text, std::size_t i, bool& digits) {
#if defined(__SSE2__)
  while (i + 16 <= text.size()) {
    const __m128i bytes = load16(text, i);
    const __m128i digit = ascii_digits(bytes);
    const auto alnum = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(digit, ascii_letters(bytes))));
    const auto digit_bits = static_cast<unsigned>(_mm_movemask_epi8(digit));
    if (alnum != 0xFFFF) {
      const int run = __builtin_ctz(~alnum);
      digits |= (digit_bits & ((1u << run) - 1)) != 0;
      return i + static_cast<std::size_t>(run);
    }
    digits |= digit_bits != 0;
    i += 16;
  }
#endif
  for (; i < text.size() && ascii_alnum(static_cast<unsigned char>(text[i])); ++i)
    digits |= ascii_digit(static_cast<unsigned char>(text[i]));
  return i;
}

// word_end past an apostrophe or a non-ASCII byte at `i`.
std::size_t word_end_slow(std::string_view text, std::size_t i, bool& ascii, bool& digits) {
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

// One word from `i`: letters and digits, with apostrophes inside ("O'Brien"),
// but not a possessive "'s". Returns its end; `ascii` says whether any byte
// was outside ASCII, `digits` whether it holds a digit. Most words are ASCII
// letters alone, found by ascii_run_end without a call.
inline std::size_t word_end(std::string_view text, std::size_t i, bool& ascii, bool& digits) {
  ascii = true;
  digits = false;
  i = ascii_run_end(text, i, digits);
  if (i < text.size() && (text[i] == '\'' || static_cast<unsigned char>(text[i]) >= 0x80))
    return word_end_slow(text, i, ascii, digits);
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

// 64 bytes of text, a bit a byte (bit k is text[at + k]; bits past the
// text's end are 0): ASCII letters and digits, digits, and the bytes that may
// start a name or number: an ASCII capital, a digit or a UTF-8 lead byte, not
// after an ASCII letter or digit ("FOI", "McDonald" and "2023" start once);
// and the bytes a word may go on through (an apostrophe, anything past
// ASCII). One pass classifies a block; the matcher then visits its starts
// and reads word ends off the letter bits, instead of scanning again from
// each start (a branch taken at every start cost more than the scanning).
struct Block {
  std::uint64_t alnum, digit, start, special;  // all set by block_of
};

// Bits k of `bits` set when bits k to k + 4 all are (bits past 63 count as
// set: the text may go on in the next block): where a run of kMinNumber
// letters and digits may begin. Runs double at each step.
static_assert(kMinNumber == 5, "runs_of_five counts runs of kMinNumber");
inline std::uint64_t runs_of_five(std::uint64_t bits) {
  const std::uint64_t ones = ~std::uint64_t{0};
  const std::uint64_t two = bits & ((bits >> 1) | (ones << 63));
  const std::uint64_t four = two & ((two >> 2) | (ones << 62));
  return four & ((bits >> 4) | (ones << 60));
}

// The four classes of up to 64 bytes, before starts are worked out.
struct Classes {
  std::uint64_t alnum = 0, digit = 0, may_start = 0;
  std::uint64_t special = 0;  // an apostrophe or a byte past ASCII: a word may go on through it
};

#if defined(__x86_64__) && defined(__GNUC__)
// 64 bytes as two 32-byte halves, on CPUs with AVX2 (chosen at run time: the
// build targets every x86-64). Classifying is a third of the matcher's work.
// Every CPU with AVX2 also has BMI1 and POPCNT, which count bits without a
// branch or a call (the target of both functions below).
__attribute__((target("avx2,bmi,popcnt"))) inline Classes classes_avx2(const char* p) {
  Classes c;
  const __m256i a_minus = _mm256_set1_epi8(static_cast<char>('A' - 128));
  const __m256i lower_a_minus = _mm256_set1_epi8(static_cast<char>('a' - 128));
  const __m256i zero_minus = _mm256_set1_epi8(static_cast<char>('0' - 128));
  const __m256i letters = _mm256_set1_epi8(static_cast<char>(-128 + 26));
  const __m256i digits = _mm256_set1_epi8(static_cast<char>(-128 + 10));
  for (int half = 0; half < 2; ++half) {
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
    // (b - low) < count, unsigned, as a signed compare after a shift by -128.
    const __m256i digit = _mm256_cmpgt_epi8(digits, _mm256_sub_epi8(bytes, zero_minus));
    const __m256i upper = _mm256_cmpgt_epi8(letters, _mm256_sub_epi8(bytes, a_minus));
    const __m256i letter =
        _mm256_cmpgt_epi8(letters, _mm256_sub_epi8(_mm256_or_si256(bytes, _mm256_set1_epi8(0x20)), lower_a_minus));
    const __m256i lead = _mm256_cmpeq_epi8(_mm256_and_si256(bytes, _mm256_set1_epi8(static_cast<char>(0xC0))),
                                           _mm256_set1_epi8(static_cast<char>(0xC0)));
    const __m256i apostrophe = _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('\''));
    const int shift = 32 * half;
    const auto bits = [](int mask) { return static_cast<std::uint64_t>(static_cast<std::uint32_t>(mask)); };
    c.alnum |= bits(_mm256_movemask_epi8(_mm256_or_si256(digit, letter))) << shift;
    c.digit |= bits(_mm256_movemask_epi8(digit)) << shift;
    c.may_start |= bits(_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(upper, digit), lead))) << shift;
    c.special |= (bits(_mm256_movemask_epi8(apostrophe)) | bits(_mm256_movemask_epi8(bytes))) << shift;
  }
  return c;
}

bool have_avx2() {
  static const bool yes =
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
  return yes;
}
#endif

// Up to 64 bytes from text[at]: 16 at a time with SSE2, the rest one by one.
Classes classes_portable(std::string_view text, std::size_t at) {
  Classes c;
  std::size_t k = 0;
#if defined(__SSE2__)
  for (; k < 64 && at + k + 16 <= text.size(); k += 16) {
    const __m128i bytes = load16(text, at + k);
    const __m128i digit = ascii_digits(bytes);
    const __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8(static_cast<char>(0xBF))),
                                       _mm_cmplt_epi8(bytes, _mm_setzero_si128()));  // 0xC0..0xFF
    const __m128i starts = _mm_or_si128(_mm_or_si128(in_range(bytes, 'A', 26), digit), lead);
    const auto bits = [](__m128i m) { return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(m))); };
    c.alnum |= bits(_mm_or_si128(digit, ascii_letters(bytes))) << k;
    c.digit |= bits(digit) << k;
    c.may_start |= bits(starts) << k;
    c.special |= (bits(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\''))) | bits(bytes)) << k;
  }
#endif
  for (; k < 64 && at + k < text.size(); ++k) {
    const auto ch = static_cast<unsigned char>(text[at + k]);
    c.alnum |= std::uint64_t{ascii_alnum(ch)} << k;
    c.digit |= std::uint64_t{ascii_digit(ch)} << k;
    c.may_start |= std::uint64_t{ascii_upper(ch) || ascii_digit(ch) || ch >= 0xC0} << k;
    c.special |= std::uint64_t{ch == '\'' || ch >= 0x80} << k;
  }
  return c;
}

// A block's bits from its classes; `at` is where it begins in the text.
inline Block block_of(const Classes& c, std::string_view text, std::size_t at) {
  Block b{};
  b.alnum = c.alnum;
  b.digit = c.digit;
  b.special = c.special;
  const bool after_alnum = at > 0 && ascii_alnum(static_cast<unsigned char>(text[at - 1]));
  b.start = c.may_start & ~((c.alnum << 1) | std::uint64_t{after_alnum});
  // A word starting with a digit is looked at only as a number of 5+
  // characters: years, counts and times are dropped here, in bulk.
  b.start &= ~c.digit | runs_of_five(c.alnum | c.special);
  return b;
}

// Up to kChunkBlocks blocks (1 KiB of text) classified in one go, and the
// offsets of their starts in one list. Visiting a list has one loop for the
// whole chunk: a loop over each block's few starts ended at an unpredictable
// count, and that branch was 40% of the matcher's mispredictions.
constexpr std::size_t kChunkBlocks = 16;

struct Chunk {
  Block blocks[kChunkBlocks];
  std::size_t count = 0;  // starts in use
  std::uint16_t starts[kChunkBlocks * 64 + 4];  // offsets from the chunk's first byte, in order
};

// Writes the offsets of `bits` (a block at offset `base` in the chunk) to
// `out` and returns their number. The first four are written whatever their
// number (past it they are never read): a loop to the count would end at an
// unpredictable place in every block.
inline std::size_t write_starts(std::uint64_t bits, std::size_t base, std::uint16_t* out) {
  const auto n = static_cast<std::size_t>(std::popcount(bits));
  // The lowest bit, as std::countr_zero but with no test for zero (which
  // compilers turn into a branch): a spare top bit keeps it defined.
  const auto lowest = [](std::uint64_t b) {
    return static_cast<std::size_t>(__builtin_ctzll(b | (std::uint64_t{1} << 63)));
  };
  for (std::size_t j = 0; j < 4; ++j) {
    out[j] = static_cast<std::uint16_t>(base + lowest(bits));
    bits &= bits - 1;
  }
  for (std::size_t j = 4; j < n; ++j) {  // seldom: most blocks start one or two words
    out[j] = static_cast<std::uint16_t>(base + lowest(bits));
    bits &= bits - 1;
  }
  return n;
}

// Block `b` of the chunk from its classes; its starts are appended.
inline void add_block(const Classes& c, std::string_view text, std::size_t chunk_at, std::size_t b, Chunk& chunk,
                      std::size_t& count) {
  const Block block = block_of(c, text, chunk_at + 64 * b);
  chunk.blocks[b] = block;
  count += write_starts(block.start, 64 * b, chunk.starts + count);
}

#if defined(__x86_64__) && defined(__GNUC__)
// The chunk's first `full` blocks, all 64 bytes long, with AVX2.
__attribute__((target("avx2,bmi,popcnt"))) void classify_avx2(std::string_view text, std::size_t at, std::size_t full,
                                                   Chunk& chunk) {
  std::size_t count = 0;
  for (std::size_t b = 0; b < full; ++b) add_block(classes_avx2(text.data() + at + 64 * b), text, at, b, chunk, count);
  chunk.count = count;
}
#endif

// The chunk of text from `at` (whole blocks, the last one maybe short);
// returns how many bytes it covers.
std::size_t classify_chunk(std::string_view text, std::size_t at, Chunk& chunk) {
  const std::size_t left = text.size() - at;
  const std::size_t blocks = std::min(kChunkBlocks, (left + 63) / 64);
  std::size_t b = 0;
  chunk.count = 0;
#if defined(__x86_64__) && defined(__GNUC__)
  if (have_avx2()) {
    b = std::min(blocks, left / 64);
    classify_avx2(text, at, b, chunk);
  }
#endif
  std::size_t count = chunk.count;
  for (; b < blocks; ++b) add_block(classes_portable(text, at + 64 * b), text, at, b, chunk, count);
  chunk.count = count;
  return std::min(left, 64 * blocks);
}

// Documents repeat their capitalised words ("The", "Police", "Act"): the
// first-word filter's answer for a short ASCII word is remembered per thread,
// direct-mapped, so most words cost two multiplies and a compare instead of
// a SipHash. Only this process's memory holds it, and only for the roster it
// was filled for.
static_assert(std::endian::native == std::endian::little, "FirstWordMemo::key_of masks little-endian words");

class FirstWordMemo {
 public:
  static constexpr std::size_t kMaxWord = 15;

  // A word of up to kMaxWord bytes as 16 bytes: the word, zeros, its length.
  struct Key {
    std::uint64_t low = 0, high = 0;
  };
  // The word at text[begin, begin + length), built in registers (two 8-byte
  // loads and masks when the bytes are there to read): a copy through memory
  // stalls on store forwarding, and this runs for every capitalised word.
  static Key key_of(std::string_view text, std::size_t begin, std::size_t length) {
    const char* p = text.data() + begin;
    Key key;
    if (begin + 16 <= text.size()) {
      std::memcpy(&key.low, p, 8);
      std::memcpy(&key.high, p + 8, 8);
      key.low &= kLowMask[length];
      key.high &= kHighMask[length];
    } else {
      unsigned char bytes[16] = {};
      std::memcpy(bytes, p, length);
      std::memcpy(&key.low, bytes, 8);
      std::memcpy(&key.high, bytes + 8, 8);
    }
    key.high |= std::uint64_t{length} << 56;  // byte 15: no word of 15 bytes or fewer reaches it
    return key;
  }

  explicit FirstWordMemo(std::uint64_t roster) : roster_(roster) {}
  std::uint64_t roster() const { return roster_; }

  // 1: may start a name, 0: cannot, -1: not known.
  int lookup(const Key& key) const {
    const Key& slot = slots_[slot_of(key)];
    if (slot.low != key.low || (slot.high & ~kMayStart) != key.high) return -1;
    return (slot.high & kMayStart) != 0;
  }
  void store(const Key& key, bool may_start) {
    Key& slot = slots_[slot_of(key)];
    slot = key;
    if (may_start) slot.high |= kMayStart;
  }

 private:
  // A slot is the key with its answer in the length byte's top bit (lengths
  // are under 16): 16 bytes, so the memo stays in the L1 cache.
  static constexpr std::uint64_t kMayStart = std::uint64_t{0x80} << 56;
  static constexpr int kSlotBits = 10;

  // The bytes of a word of each length (0 to kMaxWord) in a key's two
  // halves, little-endian: looked up, as a branch on the length mispredicts.
  static constexpr auto kLowMask = [] {
    std::array<std::uint64_t, kMaxWord + 1> masks{};
    for (std::size_t n = 0; n <= kMaxWord; ++n) masks[n] = n >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
    return masks;
  }();
  static constexpr auto kHighMask = [] {
    std::array<std::uint64_t, kMaxWord + 1> masks{};
    for (std::size_t n = 9; n <= kMaxWord; ++n) masks[n] = (std::uint64_t{1} << (8 * (n - 8))) - 1;
    return masks;
  }();

  static std::size_t slot_of(const Key& key) {
    const std::uint64_t h = key.low * 0x9E3779B97F4A7C15ull ^ key.high * 0xC2B2AE3D27D4EB4Full;
    return static_cast<std::size_t>(h >> (64 - kSlotBits));
  }

  std::uint64_t roster_;  // Roster::Impl::id: an address could be reused by another roster
  Key slots_[std::size_t{1} << kSlotBits];  // {0, 0}: empty (no word has length 0)
};

// What one pass over a cell's bytes tells: whether it holds a digit (it may
// be a number), and how many words it may hold (a name form has two or more,
// with a space, tab, hyphen, full stop or comma between them). Anything past
// ASCII (a no-break space, a dash, a curly apostrophe) or an apostrophe (a
// possessive the window drops) counts as many words. Most cells of a staff
// table are one word or one number, and need neither the name probe nor the
// scan; a two-word cell is a window of its own, probed whole.
struct CellShape {
  bool digit = false;
  std::size_t words = 0;
};

CellShape shape_of(std::string_view cell) {
  constexpr std::size_t kMany = 1000;
  CellShape shape;
  bool in_word = false;
  for (const char ch : cell) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || c == '\'') {
      shape.words = kMany;
      shape.digit = true;  // a number may be written with such characters too: let normalize_number decide
      return shape;
    }
    shape.digit |= ascii_digit(c);
    const bool separator = c == ' ' || c == '\t' || c == '-' || c == '.' || c == ',';
    shape.words += !separator && !in_word;
    in_word = !separator;
  }
  return shape;
}

// A cell's whole-cell probes, made for a group of cells before any is
// looked up, so that the group's cache misses (a staff table's numbers are
// spread over a filter larger than the cache) overlap.
struct CellProbe {
  std::size_t begin = 0, end = 0;  // the cell, in the text
  std::size_t trimmed_begin = 0, trimmed_end = 0;
  CellShape shape;
  bool matched = false;  // the name probe matched: `match` holds it
  RosterMatch match;
  bool number = false;   // a number probe is due: `number_hash` is its probe
  std::uint64_t number_hash = 0;
};

constexpr std::size_t kCellGroup = 8;

struct PendingNumber {
  std::uint64_t hash = 0;
  std::size_t begin = 0, end = 0;
};

constexpr std::size_t kPending = 8;

struct Matcher {

  const Roster::Impl& roster;
  std::string_view text;
  std::vector<RosterMatch>& out;
  std::string& window;   // "n:" + normalised words so far
  std::string& scratch;
  FirstWordMemo& memo;
  PendingNumber* pending;  // kPending of them, per thread; the first pending_count are in use
  std::size_t pending_count = 0;

  bool may_start_name(std::size_t begin, std::size_t end, bool ascii) {
    const bool memorable = ascii && end - begin <= FirstWordMemo::kMaxWord;
    FirstWordMemo::Key key;
    if (memorable) {
      key = FirstWordMemo::key_of(text, begin, end - begin);
      const int known = memo.lookup(key);
      if (known >= 0) return known == 1 && (build_first_word(begin, end, ascii), true);
    }
    build_first_word(begin, end, ascii);
    // Exact (the filter, then the sorted list): a frequent word that only
    // passed the filter by chance would cost a window at every occurrence.
    const std::uint64_t hash = detect::siphash24(roster.sip, window);
    const bool may = window.size() > detect::kNamePrefix.size() && roster.first_word_filter.may_hold(hash) &&
                     std::binary_search(roster.first_words.begin(), roster.first_words.end(), hash);
    if (memorable) memo.store(key, may);
    return may;
  }

  void build_first_word(std::size_t begin, std::size_t end, bool ascii) {
    window.assign(detect::kNamePrefix);
    append_word(begin, end, ascii, window);
  }

  bool probe(const Roster::Impl::BitFilter& filter, std::string_view probe_text, std::uint64_t hash,
             std::size_t begin, std::size_t end, RosterMatch& m) const {
    if (!filter.may_hold(hash)) return false;
    const auto range = roster.find(hash);
    if (range.first == range.second || !roster.confirm(probe_text, range, m)) return false;
    m.begin = begin;
    m.end = end;
    return true;
  }

  bool probe_and_add(const Roster::Impl::BitFilter& filter, std::string_view probe_text, std::size_t begin,
                     std::size_t end) {
    RosterMatch m;
    if (!probe(filter, probe_text, detect::siphash24(roster.sip, probe_text), begin, end, m)) return false;
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

  // A number of 5+ characters at [begin, end). Its filter bit is fetched
  // now and tested a few numbers later: a document's long numbers (phone
  // numbers, references) are spread over a filter too large to stay in cache,
  // and waiting for each bit in turn cost more than all the names.
  std::size_t number(std::size_t begin, std::size_t end) {
    if (end - begin < kMinNumber || end - begin > kMaxNumber) return end;
    number_window(begin, end);
    const std::uint64_t hash = detect::siphash24(roster.sip, window);
    roster.number_filter.prefetch(hash);
    pending[pending_count++] = {hash, begin, end};
    if (pending_count == kPending) probe_pending();
    return end;
  }

  void number_window(std::size_t begin, std::size_t end) {
    window.resize(detect::kNumberPrefix.size() + (end - begin));
    std::memcpy(window.data(), detect::kNumberPrefix.data(), detect::kNumberPrefix.size());
    std::size_t n = detect::kNumberPrefix.size();
    for (std::size_t i = begin; i < end; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      window[n] = static_cast<char>(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
      n += c != '\'';
    }
    window.resize(n);
  }

  void probe_pending() {
    for (std::size_t k = 0; k < pending_count; ++k) {
      const PendingNumber& n = pending[k];
      if (!roster.number_filter.may_hold(n.hash)) continue;
      number_window(n.begin, n.end);
      RosterMatch m;
      if (probe(roster.number_filter, window, n.hash, n.begin, n.end, m)) out.push_back(m);
    }
    pending_count = 0;
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
      if (probe(roster.name_filter, window, hash, begin, next_end, hit)) {
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

  // A cell trimmed, its name form probed, its number's probe made and its
  // filter bit fetched.
  CellProbe prepare_cell(const Roster::CellRange& cell) {
    CellProbe p;
    p.begin = cell.begin;
    p.end = cell.end;
    std::size_t b = cell.begin, e = cell.end;
    while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r')) --e;
    p.trimmed_begin = b;
    p.trimmed_end = e;
    if (b == e) return p;
    const std::string_view trimmed = text.substr(b, e - b);
    p.shape = shape_of(trimmed);
    if (p.shape.words >= 2) {
      normalize_name(trimmed, scratch);
      if (scratch.find(' ') != std::string::npos && scratch.size() <= 256) {
        window.assign(detect::kNamePrefix).append(scratch);
        p.matched = probe(roster.name_filter, window, detect::siphash24(roster.sip, window), b, e, p.match);
      }
    }
    if (!p.matched && p.shape.digit && cell_number(trimmed)) {
      p.number = true;
      p.number_hash = detect::siphash24(roster.sip, window);
      roster.number_filter.prefetch(p.number_hash);
    }
    return p;
  }

  // The cell's matches, in order: its name form or its number whole, else
  // the names and numbers inside it.
  void finish_cell(const CellProbe& p) {
    if (p.matched) return out.push_back(p.match);
    if (p.number && roster.number_filter.may_hold(p.number_hash)) {
      cell_number(text.substr(p.trimmed_begin, p.trimmed_end - p.trimmed_begin));
      RosterMatch m;
      if (probe(roster.number_filter, window, p.number_hash, p.trimmed_begin, p.trimmed_end, m))
        return out.push_back(m);
    }
    // A cell of one or two words was a window of its own, probed whole.
    if (p.shape.words > 2) {
      Matcher inside{roster, text.substr(p.begin, p.end - p.begin), out, window, scratch, memo, pending};
      const std::size_t first = out.size();
      inside.run();
      for (std::size_t k = first; k < out.size(); ++k) {
        out[k].begin += p.begin;
        out[k].end += p.begin;
      }
    }
  }

  // A whole cell as a number (5+ characters, half of them or more kept by
  // normalize_number, a digit among them): its probe text into `window`.
  bool cell_number(std::string_view trimmed) {
    const std::string number = normalize_number(trimmed);
    if (number.size() < kMinNumber || number.size() > kMaxNumber || number.size() * 2 < trimmed.size() ||
        std::none_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    window.assign(detect::kNumberPrefix).append(number);
    return true;
  }

  void run() {
    const std::size_t first = out.size();
    Chunk chunk;
    std::size_t resume = 0;  // a word or name visited may run past later starts, and past its chunk
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t covered = classify_chunk(text, at, chunk);
      for (std::size_t s = 0; s < chunk.count; ++s) {
        const std::size_t offset = chunk.starts[s];
        if (at + offset < resume) continue;
        const std::size_t block = offset / 64;
        resume = visit(at + offset, chunk.blocks[block], at + 64 * block);
      }
      at += covered;
    }
    probe_pending();
    // Numbers were confirmed after the names that followed them.
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
              [](const RosterMatch& a, const RosterMatch& b) { return a.begin < b.begin; });
  }

  // The word starting at text[i], a start of `block` (which begins at
  // `at`): a number, a name, or nothing. Returns where to go on (past i).
  std::size_t visit(std::size_t i, const Block& block, std::size_t at) {
    const auto c = static_cast<unsigned char>(text[i]);
    // The block only knows ASCII letters and digits: a start after another
    // character may still be inside a word (a capital after an accented letter).
    if (i > 0 && static_cast<unsigned char>(text[i - 1]) >= 0x80 && inside_word_slow(text, i)) return i + 1;
    bool ascii = true, digits = false;
    std::size_t end = i;
    if (c >= 0xC0) {
      std::size_t after = i;
      const UChar32 cp = decode_at(text, after);
      if (cp < 0 || !(u_isupper(cp) || u_istitle(cp))) return std::max(after, i + 1);
      end = word_end(text, i, ascii, digits);
    } else {
      // The run of letters and digits, off the block's bits; one that
      // reaches the block's end may go on past it.
      // (The top bit keeps the count defined with no test for zero: a run
      // from k == 0 is cut at 63, and one reaching 63 is measured again.)
      const std::size_t k = i - at;
      const auto run = static_cast<std::size_t>(__builtin_ctzll(~(block.alnum >> k) | (std::uint64_t{1} << 63)));
      if (k + run >= 63) {
        end = word_end(text, i, ascii, digits);
      } else {
        digits = ((block.digit >> k) & ((std::uint64_t{1} << run) - 1)) != 0;
        end = i + run;
        if ((block.special >> (k + run)) & 1) end = word_end_slow(text, end, ascii, digits);
      }
    }
    if (end == i) return i + 1;
    if (end - i > kMaxWordBytes) return end;
    if (digits) return ascii ? number(i, end) : end;
    return name(i, end, ascii);
  }
};

// Per-thread buffers, so that matching a line allocates nothing; one
// thread_local, as each costs a call in a shared library.
struct MatcherBuffers {
  std::string window, scratch;
  std::unique_ptr<FirstWordMemo> memo;
  PendingNumber pending[kPending];
};

Matcher matcher_for(const Roster::Impl& roster, std::string_view text, std::vector<RosterMatch>& out) {
  thread_local MatcherBuffers buffers;
  if (!buffers.memo || buffers.memo->roster() != roster.id) buffers.memo = std::make_unique<FirstWordMemo>(roster.id);
  return Matcher{roster, text, out, buffers.window, buffers.scratch, *buffers.memo, buffers.pending};
}


}  // namespace

void Roster::match(std::string_view text, std::vector<RosterMatch>& out) const {
  if (impl_->entries.empty()) return;
  matcher_for(*impl_, text, out).run();
}

void Roster::match_cell(std::string_view cell, std::vector<RosterMatch>& out) const {
  match_cells(cell, {{0, cell.size()}}, out);
}

void Roster::match_cells(std::string_view text, const std::vector<CellRange>& cells,
                         std::vector<RosterMatch>& out) const {
  if (impl_->entries.empty()) return;
  Matcher m = matcher_for(*impl_, text, out);
  CellProbe group[kCellGroup];
  for (std::size_t first = 0; first < cells.size(); first += kCellGroup) {
    const std::size_t n = std::min(kCellGroup, cells.size() - first);
    for (std::size_t k = 0; k < n; ++k) group[k] = m.prepare_cell(cells[first + k]);
    for (std::size_t k = 0; k < n; ++k) m.finish_cell(group[k]);
  }
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
