#include "bench_data.hpp"

#include <array>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

namespace foiguard::bench {
namespace {

// splitmix64: tiny, fast and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) { return items[below(N)]; }

 private:
  std::uint64_t state_;
};

using Words = std::string_view;

constexpr std::array<Words, 40> kForenames = {
    "Chiamaka", "Saoirse", "Aoife", "Siobhán", "Niamh", "Oisín", "Ciarán", "Rhys",
    "Bethan", "Gethin", "Eilidh", "Callum", "Mhairi", "Amira", "Yusuf", "Fatima",
    "Omar", "Priya", "Arjun", "Harpreet", "Mei", "Wei", "Thanh", "Linh",
    "Kwame", "Abena", "Tunde", "Ngozi", "Zofia", "Piotr", "Agnieszka", "Ioana",
    "Sofía", "José", "Chloé", "Zoë", "Björn", "Tomás", "Daniel", "Sarah"};

constexpr std::array<Words, 40> kSurnames = {
    "Okonkwo", "Ní Bhriain", "O'Neill", "Adeyemi-Walsh", "Kowalczyk", "Nguyễn", "MacLeod",
    "McAllister", "Ó Súilleabháin", "Nic Giolla", "ap Gwilym", "van der Berg", "de Souza",
    "al-Masri", "Haddad", "Chaudhry", "Sandhu", "Patel", "Bhattacharya", "Zhang",
    "Tran", "Mensah", "Owusu", "Balogun", "Nowak", "Wiśniewska", "Popescu", "García",
    "Fernández", "Müller", "Lefèvre", "Jørgensen", "Papadopoulos", "Yılmaz", "Kaur",
    "Hughes", "Evans", "Campbell", "Okafor", "D'Arcy"};

constexpr std::array<Words, 14> kRankAbbr = {"PC", "PC", "DC", "DC", "PS", "DS", "Sgt",
                                             "Insp", "DI", "DCI", "T/DS", "A/Insp", "Supt",
                                             "Ch Supt"};
constexpr std::array<Words, 6> kRankWords = {"Detective Sergeant", "Police Constable",
                                             "Chief Inspector", "Inspector",
                                             "Detective Constable", "Superintendent"};
constexpr std::array<Words, 10> kUnits = {
    "Response", "Neighbourhood Policing", "Roads Policing", "CID", "Public Protection",
    "Custody", "Counter Terrorism", "Covert Operations", "Special Branch", "Professional Standards"};
constexpr std::array<Words, 7> kVetting = {"NPPV2", "NPPV3", "NPPV 3", "NPPV Level 2", "SC",
                                           "DV", "NPPV1"};
constexpr std::array<Words, 10> kStreets = {
    "Acacia Avenue", "Mill Lane", "Orchard Close", "Station Road", "Church Street",
    "Willow Crescent", "Foundry Walk", "Chapel Row", "Harbour View", "Beech Grove"};
constexpr std::array<Words, 5> kTowns = {"Westbury", "Kingsford", "Ashcombe", "Netherby",
                                         "Eastmoor"};
constexpr std::array<Words, 8> kOutward = {"WS1", "WS4", "WS12", "KF2", "KF7", "AE3", "NB9",
                                           "EM15"};
constexpr std::array<Words, 6> kStations = {"Westbury North", "Westbury Central", "Kingsford",
                                            "Ashcombe", "Netherby", "Eastmoor"};

// Building blocks of FOI prose. None of them is personal data.
constexpr std::array<Words, 12> kOpenings = {
    "Thank you for your request for information",
    "Westshire Police has considered your request under the Freedom of Information Act 2000",
    "The force holds some of the information you asked for",
    "Following a search of the relevant systems",
    "In line with the College of Policing guidance",
    "The figures below were extracted from the duty management system",
    "The information is provided for the financial years requested",
    "Please note that the figures are subject to change as records are updated",
    "Some of the information is exempt under section 40(2) of the Act",
    "The department searched the records held for the period requested",
    "To locate and retrieve this information would exceed the appropriate limit",
    "The force is committed to openness and transparency"};
constexpr std::array<Words, 16> kMiddles = {
    "and the results are set out in the table below",
    "because disclosure would breach the data protection principles",
    "which is an absolute exemption and no public interest test is required",
    "although the data is not held in a reportable format for every year",
    "and a search of paper records would be required to answer in full",
    "so the numbers are rounded to the nearest five to protect identities",
    "and officers in specialist posts are counted within their home command",
    "as set out in the Authorised Professional Practice on information management",
    "and the relevant departments were consulted before this response was prepared",
    "while the cost of compliance was estimated at more than eighteen hours",
    "because the request covers incidents recorded on more than one system",
    "and the totals include officers on secondment to regional units",
    "so some categories have been merged to avoid small numbers",
    "which reflects changes to the recording practice in April 2021",
    "and no information has been withheld from the summary table",
    "in accordance with section 16 of the Act and the code of practice"};
constexpr std::array<Words, 10> kClosings = {
    "We hope this information is helpful.",
    "If you are dissatisfied you may ask for an internal review within 40 working days.",
    "The information supplied may be subject to copyright.",
    "Please quote the reference number in any further correspondence.",
    "The figures have not been audited and may differ from published statistics.",
    "A copy of this response will be published in the disclosure log.",
    "Requests are handled in the order in which they are received.",
    "The force publishes its workforce statistics every six months.",
    "Further information is available on the force website.",
    "No further action is required on your part."};

// Clean look-alikes: shapes a detector must not report as personal data.
std::string clean_lookalike(Rng& rng) {
  switch (rng.below(10)) {
    case 0:
      return fmt::format("Please quote FOI {}-{:06d} in any further correspondence.",
                         rng.between(2019, 2024), rng.below(1000000));
    case 1:
      return fmt::format("The cost was charged to cost centre {} and budget code {}-{}.",
                         rng.between(400000, 499999), rng.between(1000, 9999),
                         rng.between(100, 999));
    case 2:
      return "All officers in these posts are required to hold NPPV level 2 vetting before "
             "appointment.";
    case 3:
      return "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, "
             "Cheshire SK9 5AF.";
    case 4:
      return "The replacement PC was bought from PC World, and the DC Council approved the spend.";
    case 5:
      return fmt::format("The difference was not significant (95% CI {}.{} to {}.{}).",
                         rng.below(10), rng.below(10), rng.between(10, 20), rng.below(10));
    case 6:
      return "Documentation examples such as QQ 12 34 56 C and NHS number 999 123 4560 are "
             "not real identifiers.";
    case 7:
      return fmt::format("In {} the force employed {},{:03d} officers and {},{:03d} members of "
                         "staff.",
                         rng.between(2015, 2023), rng.between(2, 4), rng.below(1000),
                         rng.between(1, 3), rng.below(1000));
    case 8:
      return "His Majesty's Inspectorate of Constabulary inspected the Chief Constable's "
             "vetting arrangements.";
    default:
      return fmt::format("Call 101 or the switchboard on 0303 123 {:04d} for non-emergency "
                         "enquiries.",
                         rng.below(10000));
  }
}

std::string collar(Rng& rng) {
  std::string number = std::to_string(rng.between(1000, 9999));
  if (rng.chance(25)) {
    number += rng.chance(50) ? "AB" : "WS";
  }
  return number;
}

// A valid-format NI number: the prefix avoids the letters HMRC never issues
// (D, F, I, Q, U, V; O second) and the excluded pairs. Digits are random.
std::string nino(Rng& rng) {
  constexpr std::string_view first = "ABCEGHJKLMNPRSTWXYZ";
  constexpr std::string_view second = "ABCEGHJKLMNPRSTWXYZ";
  constexpr std::string_view suffix = "ABCD";
  std::string prefix;
  do {
    prefix = {first[rng.below(first.size())], second[rng.below(second.size())]};
  } while (prefix == "BG" || prefix == "GB" || prefix == "KN" || prefix == "NK" ||
           prefix == "NT" || prefix == "TN" || prefix == "ZZ");
  return fmt::format("{} {:02d} {:02d} {:02d} {}", prefix, rng.below(100), rng.below(100),
                     rng.below(100), suffix[rng.below(suffix.size())]);
}

// A ten-digit number in an issued NHS range with a valid mod-11 check digit.
std::string nhs_number(Rng& rng) {
  for (;;) {
    std::array<int, 9> digits{};
    digits[0] = rng.chance(50) ? 4 : 6;
    for (std::size_t i = 1; i < digits.size(); ++i) {
      digits[i] = static_cast<int>(rng.below(10));
    }
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      sum += digits[i] * static_cast<int>(10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10) continue;  // such numbers are never issued
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i == 3 || i == 6) out += ' ';
      out += static_cast<char>('0' + digits[i]);
    }
    out += static_cast<char>('0' + check);
    return out;
  }
}

std::string postcode(Rng& rng) {
  constexpr std::string_view inward = "ABDEFGHJLNPQRSTUWXYZ";
  return fmt::format("{} {}{}{}", rng.pick(kOutward), rng.between(1, 9),
                     inward[rng.below(inward.size())], inward[rng.below(inward.size())]);
}

std::string date(Rng& rng, unsigned first_year, unsigned last_year) {
  return fmt::format("{:02d}/{:02d}/{}", rng.between(1, 28), rng.between(1, 12),
                     rng.between(first_year, last_year));
}

std::string email_local(Words forename, Words surname) {
  std::string out;
  for (std::string_view part : {forename, std::string_view("."), surname}) {
    for (char c : part) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.') {
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
    }
  }
  return out;
}

// One personnel (or victim) record, on one line so that it is one record.
std::string personnel_record(Rng& rng) {
  const Words forename = rng.pick(kForenames);
  const Words surname = rng.pick(kSurnames);
  switch (rng.below(8)) {
    case 0:
      return fmt::format("The search was checked by {} {} {}, seconded to the {} and vetted to {}.",
                         rng.pick(kRankAbbr), collar(rng), surname, rng.pick(kUnits),
                         rng.pick(kVetting));
    case 1:
      return fmt::format("{} {} {} (pay number {}) attended the address at {} {}, {} {}.",
                         rng.pick(kRankAbbr), collar(rng), surname, rng.between(100000, 999999),
                         rng.between(1, 180), rng.pick(kStreets), rng.pick(kTowns),
                         postcode(rng));
    case 2:
      return fmt::format("Victim: {}, {}, DOB {}, contact {} or {}@example.org.", surname,
                         forename, date(rng, 1950, 2005),
                         fmt::format("07700 900{:03d}", rng.below(1000)),
                         email_local(forename, surname));
    case 3:
      return fmt::format("{} {} {}, NI number {}, NHS number {}, salary £{},{:03d} per annum.",
                         rng.pick(kRankWords), forename, surname, nino(rng), nhs_number(rng),
                         rng.between(24, 68), rng.below(1000));
    case 4:
      return fmt::format("Sgt {} {}, staff number {}, sort code {:02d}-{:02d}-{:02d}, account "
                         "number {:08d}.",
                         forename, surname, rng.between(1000000, 9999999), rng.below(100),
                         rng.below(100), rng.below(100), rng.below(100000000));
    case 5:
      return fmt::format("{} {} {},{},{},{},{}", rng.pick(kRankWords), forename, surname,
                         rng.between(100000, 999999), collar(rng), rng.pick(kUnits),
                         rng.pick(kVetting));
    case 6:
      return fmt::format("Officer: {}, {}. Warrant number {}. Email {}@westshire.police.uk, "
                         "home phone 0117 496 {:04d}.",
                         surname, forename, rng.between(10000, 99999),
                         email_local(forename, surname), rng.below(10000));
    default:
      return fmt::format("Witness {} {} (born {}) lives at {} {}, {} {}.", forename, surname,
                         date(rng, 1940, 2004), rng.between(1, 180), rng.pick(kStreets),
                         rng.pick(kTowns), postcode(rng));
  }
}

// Appends `sentence` to `out`, wrapping at about 78 characters like a letter.
void append_wrapped(std::string& out, std::string_view sentence, std::size_t& column) {
  std::size_t pos = 0;
  while (pos < sentence.size()) {
    std::size_t space = sentence.find(' ', pos);
    if (space == std::string_view::npos) space = sentence.size();
    std::string_view word = sentence.substr(pos, space - pos);
    if (column > 0 && column + 1 + word.size() > 78) {
      out += '\n';
      column = 0;
    } else if (column > 0) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    pos = space + 1;
  }
}

void append_paragraph(std::string& out, Rng& rng) {
  std::size_t column = 0;
  const auto sentences = rng.between(3, 6);
  for (std::uint64_t i = 0; i < sentences; ++i) {
    if (rng.chance(12)) {
      append_wrapped(out, clean_lookalike(rng), column);
    } else {
      append_wrapped(out, fmt::format("{} {}.", rng.pick(kOpenings), rng.pick(kMiddles)), column);
    }
  }
  append_wrapped(out, rng.pick(kClosings), column);
  out += "\n\n";
}

void append_aggregate_table(std::string& out, Rng& rng) {
  out += "Station,Response officers,Neighbourhood officers,PCSOs,Cost centre\n";
  const auto rows = rng.between(4, 8);
  for (std::uint64_t i = 0; i < rows; ++i) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{}\n", rng.pick(kStations),
                   rng.between(10, 90), rng.between(5, 40), rng.between(0, 25),
                   rng.between(400000, 499999));
  }
  out += '\n';
}

}  // namespace

std::string make_prose_mix(std::size_t bytes) {
  Rng rng(0x5EED'F01Aull);
  std::string out;
  out.reserve(bytes + 4096);
  std::size_t next_record = kProseRecordEvery / 2;
  std::string block;
  while (true) {
    block.clear();
    if (out.size() >= next_record) {
      block += personnel_record(rng);
      block += "\n\n";
      next_record += kProseRecordEvery;
    } else if (rng.chance(15)) {
      append_aggregate_table(block, rng);
    } else {
      append_paragraph(block, rng);
    }
    if (out.size() + block.size() > bytes) break;
    out += block;
  }
  return out;
}

std::string make_staff_csv(std::size_t bytes) {
  Rng rng(0x57AF'F0C5ull);
  std::string out = "Surname,Forename,Rank,Pay No,Collar No,Unit,Vetting\n";
  out.reserve(bytes + 256);
  std::string row;
  while (true) {
    row.clear();
    const bool officer = rng.chance(85);
    fmt::format_to(std::back_inserter(row), "{},{},{},{},{},{},{}\n", rng.pick(kSurnames),
                   rng.pick(kForenames), officer ? rng.pick(kRankAbbr) : "Police Staff",
                   rng.between(100000, 999999), officer ? collar(rng) : std::string(),
                   rng.pick(kUnits), rng.pick(kVetting));
    if (out.size() + row.size() > bytes) break;
    out += row;
  }
  return out;
}

}  // namespace foiguard::bench
