// Roster: a force's staff list as keyed hashes, so that a scan matches its
// people's names and numbers exactly, anywhere, without holding any of them.
//
// Roster::build hashes each person's name forms ("Forename Surname",
// "Surname, Forename", "F. Surname", "F Surname", "Surname F", "Surname, F.")
// and numbers (pay, warrant, collar) with HMAC-SHA256 under a secret key,
// after normalize_name() / normalize_number(). The roster file holds those
// hashes (and a keyed 64-bit index used to find candidates quickly), person
// numbers and sensitivity flags: no name, number or unit in plaintext.
// Without the key the file says nothing about anyone; with it, one can only
// test guesses.
//
// A loaded Roster is immutable and safe to share across threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace foiguard {

class RosterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One person of an HR export, in plaintext: only while building.
struct StaffMember {
  std::string forename;        // may hold several given names ("Mary Anne")
  std::string surname;         // may hold several words ("Mac Giolla Phádraig")
  std::string pay_number;
  std::string warrant_number;
  std::string collar_number;
  bool sensitive = false;      // undercover, counter terrorism, ...: highest severity
};

// What a roster entry is: a name form or a number of one kind.
enum class RosterForm : std::uint8_t {
  full_name,       // "Aoife Ní Bhriain"
  surname_first,   // "Ní Bhriain, Aoife"
  initial_name,    // "A. Ní Bhriain", "A Ní Bhriain"
  surname_initial, // "Ní Bhriain A", "Ní Bhriain, A."
  pay_number,
  warrant_number,
  collar_number,
};

std::string_view to_string(RosterForm form);
bool is_name_form(RosterForm form);

// The rule id of a roster finding: "roster.name" for every name form, else
// "roster.pay_number", "roster.warrant_number", "roster.collar_number".
std::string_view roster_rule(RosterForm form);
inline constexpr std::string_view kRosterRules[] = {"roster.name", "roster.pay_number", "roster.warrant_number",
                                                    "roster.collar_number"};

// A match of one window of text (or one cell) against the roster.
struct RosterMatch {
  std::size_t begin = 0, end = 0;   // byte range in the text given to match()
  RosterForm form = RosterForm::full_name;
  std::uint32_t person = 0;         // 1-based person number (not an HR id); 0 when ambiguous
  std::uint32_t people = 1;         // how many people on the roster share this form
  bool sensitive = false;           // any of those people is flagged sensitive
  std::uint32_t first_entry = 0, last_entry = 0;  // the roster's entries for it (same_person)
};

struct RosterStats {
  std::size_t people = 0;
  std::size_t sensitive = 0;
  std::size_t entries = 0;          // hashed forms and numbers
  std::size_t skipped = 0;          // rows without a usable name or number
};

class Roster {
 public:
  // Hashes the staff under `key` (raw bytes, at least 16). Throws RosterError
  // on a short key. Rows without a surname and without any number are skipped
  // (counted in stats().skipped).
  static Roster build(const std::vector<StaffMember>& staff, std::string_view key);
  // Reads a roster file; throws RosterError when it is not one, is damaged,
  // or was built with another key ("the key does not match this roster").
  static Roster load(std::string_view file_bytes, std::string_view key);

  Roster(Roster&&) noexcept;
  Roster& operator=(Roster&&) noexcept;
  ~Roster();

  // The roster file's bytes.
  std::string serialize() const;
  const RosterStats& stats() const;

  // Appends every roster name and number in `text`, in text order, the
  // longest at one start; matches do not overlap. Name windows start at a word
  // that begins with a capital letter (names in running text are capitalised;
  // a whole cell is matched whatever its case through match_cell). Numbers
  // match when they have 5+ characters: shorter ones (collar numbers) are too
  // common alone (see number_people).
  void match(std::string_view text, std::vector<RosterMatch>& out) const;
  // A whole table cell: its normalised text as one name form or one number
  // of 5+ characters, whatever its case; else match(cell).
  void match_cell(std::string_view cell, std::vector<RosterMatch>& out) const;
  // match_cell for many cells of one text at once (their lookups overlap):
  // each text[begin, end). Matches are in the text's offsets, in cell order.
  struct CellRange {
    std::size_t begin = 0, end = 0;
  };
  void match_cells(std::string_view text, const std::vector<CellRange>& cells, std::vector<RosterMatch>& out) const;
  // The roster's entry for a number of any length (a collar number a rule
  // found), or nullopt-like: a match with people == 0 when there is none.
  RosterMatch match_number(std::string_view number) const;
  // True when some person is behind both matches ("J Smith" and the pay
  // number of one of the J Smiths).
  bool same_person(const RosterMatch& a, const RosterMatch& b) const;

  struct Impl;  // opaque: lib/detect/roster_index.hpp

 private:
  explicit Roster(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace foiguard
