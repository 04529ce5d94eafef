// Synthetic staff for the roster tests and benchmarks: a force's HR export
// and documents that mention its people, all invented and deterministic (the
// same seed always gives the same people, bytes and offsets).
//
// Names come from many origins (English, Welsh, Scottish, Irish with fadas and
// multi-word surnames, South and East Asian, Polish and Czech with
// diacritics, Nigerian, Somali, Arabic, Portuguese and Spanish double
// surnames, hyphenated and apostrophe surnames) plus a long tail of rare
// surnames built from syllables, so that 50,000 people are as varied as a
// real force. About 3% serve in units the built-in rule unit.sensitive
// recognises and are flagged sensitive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "foiguard/roster.hpp"

namespace foiguard::testing {

struct SyntheticPerson {
  StaffMember member;  // forename, surname, pay/warrant/collar numbers, sensitive
  std::string unit;    // "Response Team 4", "Covert Operations Unit", ...
};

inline constexpr std::uint64_t kStaffSeed = 0x57AF'F00Dull;

// `count` people with unique full names and unique pay and warrant numbers.
// Officers (about 60%) have warrant and collar numbers; police staff a pay
// number only. Pay numbers have 6 or 7 digits, warrant numbers two letters
// and 6 digits, collar numbers 3 or 4 digits (shared between people, as in
// real forces).
std::vector<SyntheticPerson> make_staff(std::size_t count, std::uint64_t seed = kStaffSeed);

// `count` people who are NOT on `staff`: drawn from the same name pools (so
// they share forenames and surnames with the roster), but neither their
// "Forename Surname" nor their "Surname, Forename" holds a run of words equal
// to a roster person's full name or surname-first form, with all their given
// names or the first alone (compared after normalize_name). No numbers.
std::vector<SyntheticPerson> make_outsiders(const std::vector<SyntheticPerson>& staff, std::size_t count,
                                            std::uint64_t seed = kStaffSeed ^ 0x0575'1DE5ull);

// The HR export as a CSV (RFC 4180 quoting) with the header row
// Forename,Surname,Pay Number,Warrant No,Collar Number,Unit,Covert
// ("Yes" for sensitive people, "" otherwise).
std::string hr_export_csv(const std::vector<SyntheticPerson>& staff);

// How a document names someone. The initial is the first given name's.
enum class MentionForm : std::uint8_t {
  full_name,              // "Aoife Ní Bhriain"
  surname_first,          // "Ní Bhriain, Aoife"
  initial_dot,            // "A. Ní Bhriain"
  initial,                // "A Ní Bhriain"
  surname_initial,        // "Ní Bhriain A"
  surname_comma_initial,  // "Ní Bhriain, A."
};
inline constexpr MentionForm kAllMentionForms[] = {MentionForm::full_name,       MentionForm::surname_first,
                                                   MentionForm::initial_dot,     MentionForm::initial,
                                                   MentionForm::surname_initial, MentionForm::surname_comma_initial};

// The person named in `form`, as written (apostrophes as the member has them).
std::string mention_text(const StaffMember& person, MentionForm form);

struct MentionRequest {
  std::size_t person = 0;  // index into the people given to make_prose
  MentionForm form = MentionForm::full_name;
};

struct Mention {
  std::size_t begin = 0, end = 0;  // byte range of the name in ProseDocument::text
  std::size_t person = 0;          // as requested
  MentionForm form = MentionForm::full_name;
};

struct ProseDocument {
  std::string text;
  std::vector<Mention> mentions;  // in request order, which is text order
};

// Running prose (paragraphs of a few sentences, one paragraph a line) that
// names each requested person once, in the requested order and form, with no
// rank, title, number or header beside the name: only ordinary words. Names
// stand where running text puts them (after "to", at a sentence start, before
// a comma); a third of the apostrophes become typographic ones (’), as word
// processors write them.
ProseDocument make_prose(const std::vector<SyntheticPerson>& people, const std::vector<MentionRequest>& requests,
                         std::uint64_t seed = kStaffSeed ^ 0x9905'E000ull);

}  // namespace foiguard::testing
