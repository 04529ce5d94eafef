#include "synthetic_staff.hpp"

#include <fmt/format.h>

#include <array>
#include <stdexcept>
#include <string_view>
#include <unordered_set>

#include "foiguard/normalize.hpp"
#include "splitmix64.hpp"

namespace foiguard::testing {

namespace {

using Rng = SplitMix64;

using Pool = std::vector<std::string_view>;

struct Origin {
  std::string_view name;
  Pool forenames;
  Pool surnames;
  unsigned weight;  // share of the force, out of the sum of weights
};

// Invented combinations of common given names and family names of each
// origin; no row is a real person.
const std::vector<Origin>& origins() {
  static const std::vector<Origin> all = {
      {"english",
       {"Oliver",   "Amelia",      "Harry",     "Isla",    "George",   "Ava",     "Jack",      "Emily",   "Thomas",
        "Sophie",   "James",       "Charlotte", "William", "Grace",    "Daniel",  "Lucy",      "Samuel",  "Hannah",
        "Joseph",   "Ellie",       "Matthew",   "Chloe",   "Benjamin", "Jessica", "Alexander", "Rebecca", "Edward",
        "Laura",    "Henry",       "Rachel",    "Michael", "Sarah",    "David",   "Helen",     "Peter",   "Claire",
        "Andrew",   "Karen",       "Richard",   "Susan",   "Paul",     "Joanne",  "Mark",      "Nicola",  "Stephen",
        "Victoria", "Christopher", "Gemma",     "Mary",    "Anne",     "Jane",    "Robert"},
       {"Smith",     "Taylor",   "Brown",     "Wilson",     "Johnson",   "Walker",    "Wright",     "Robinson",
        "Thompson",  "White",    "Hughes",    "Green",      "Hall",      "Wood",      "Harris",     "Martin",
        "Jackson",   "Clarke",   "Turner",    "Hill",       "Cooper",    "Morris",    "Ward",       "Moore",
        "King",      "Watson",   "Baker",     "Harrison",   "Young",     "Allen",     "Mitchell",   "Anderson",
        "Phillips",  "Bell",     "Parker",    "Cook",       "Bennett",   "Shaw",      "Fletcher",   "Ashworth",
        "Pickering", "Thornton", "Whitfield", "Hargreaves", "Blackwood", "Sutcliffe", "Ramsbottom", "Oakes",
        "Marsden",   "Entwistle"},
       30},
      {"welsh",
       {"Rhys", "Cerys", "Dafydd", "Angharad", "Gethin", "Siân", "Iwan", "Ffion", "Owain", "Eleri", "Llŷr", "Nia",
        "Emyr", "Bethan", "Gwion", "Carys", "Elis", "Heledd"},
       {"Jones",   "Williams", "Davies",  "Evans", "Thomas",    "Roberts", "Lloyd", "Pritchard", "Powell", "Griffiths",
        "Prosser", "Rees",     "Vaughan", "Bowen", "Llewellyn", "Morgan",  "Parry", "Gwilym",    "Huws",   "Jenkins"},
       7},
      {"scottish",
       {"Callum", "Eilidh", "Fraser", "Morag", "Hamish", "Ruaridh", "Kirsty", "Lachlan", "Catriona", "Alasdair",
        "Mhairi", "Struan", "Iona", "Euan"},
       {"MacDonald", "Campbell", "Stewart", "Robertson", "MacLeod", "Fraser", "McKenzie", "Murray", "Sutherland",
        "Mackay", "Ross", "McIntyre", "Ferguson", "Cameron", "MacGregor", "Urquhart", "Drummond", "McAllister"},
       7},
      {"irish",
       {"Aoife", "Seán",   "Niamh",   "Ciarán", "Siobhán", "Pádraig", "Caoimhe", "Oisín", "Róisín",    "Tadhg",
        "Éabha", "Cathal", "Saoirse", "Dónal",  "Aisling", "Eoghan",  "Gráinne", "Colm",  "Fionnuala", "Darragh"},
       {"Ní Bhriain",     "Mac Giolla Phádraig",
        "Ó Súilleabháin", "O'Brien",
        "O'Sullivan",     "Murphy",
        "Kelly",          "Byrne",
        "Ó Briain",       "Nic Dhonnchadha",
        "Ó Ceallaigh",    "Mac Cárthaigh",
        "Ní Mhurchú",     "Ó Dónaill",
        "Walsh",          "O'Connor",
        "McCarthy",       "Fitzgerald",
        "Ó Néill",        "Mac Aodha",
        "Ní Chonaill",    "O'Donoghue",
        "Ó Gallchobhair", "D'Arcy",
        "O'Neill",        "Nic Giolla Bhríde",
        "Mac an tSaoi",   "Ó Floinn"},
       8},
      {"south_asian",
       {"Priya",  "Arjun",  "Anjali", "Rohan",  "Sanjay", "Deepa", "Imran", "Ayesha", "Harpreet", "Gurpreet", "Rajesh",
        "Sunita", "Faisal", "Nadia",  "Vikram", "Kavita", "Amrit", "Bilal", "Farah",  "Manpreet", "Zainab",   "Kiran"},
       {"Patel",   "Singh",  "Kaur", "Khan",  "Ahmed", "Hussain",  "Sharma", "Gupta", "Chaudhry", "Iqbal",   "Begum",
        "Mahmood", "Rahman", "Shah", "Reddy", "Nair",  "Malhotra", "Sandhu", "Gill",  "Bhatt",    "D'Souza", "Pillai"},
       12},
      {"east_asian",
       {"Wei", "Mei", "Jun", "Hiroshi", "Yuki", "Min-jun", "Seo-yeon", "Xin", "Takeshi", "Haruka", "Ji-woo", "Thanh",
        "Linh", "Jia", "Li"},
       {"Wang", "Li", "Zhang", "Chen", "Liu", "Nguyen", "Tran", "Kim", "Park", "Choi", "Tanaka", "Suzuki", "Watanabe",
        "Yamamoto", "Huang", "Zhou", "Lam", "Cheung", "Wong"},
       5},
      {"polish_czech",
       {"Łukasz", "Zofia", "Krzysztof", "Małgorzata", "Paweł", "Agnieszka", "Tomasz", "Katarzyna", "Jiří", "Lenka",
        "Tomáš", "Petra", "Wojciech", "Zuzana", "Michał", "Kateřina", "Bożena", "Radek"},
       {"Wójcik",   "Dvořák",    "Kowalski", "Nowak",     "Lewandowska", "Wiśniewski", "Zieliński",
        "Kamińska", "Szymański", "Woźniak",  "Dąbrowski", "Novák",       "Svoboda",    "Procházková",
        "Černý",    "Kučera",    "Němec",    "Kovář",     "Grabowska",   "Pawlak"},
       6},
      {"nigerian",
       {"Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Folasade", "Tunde", "Chiamaka", "Babajide", "Funmilayo",
        "Ikenna", "Temitope", "Obinna", "Yetunde"},
       {"Okonkwo", "Adeyemi", "Okafor", "Nwosu", "Oyelaran", "Balogun", "Eze", "Adebayo", "Chukwu", "Ogunleye",
        "Olawale", "Obi", "Nnamdi", "Akinola", "Onyekachi", "Adewale"},
       6},
      {"somali",
       {"Abdirahman", "Hodan", "Farhan", "Sahra", "Abdullahi", "Ifrah", "Mohamed", "Hibo", "Yusuf", "Faadumo", "Ayaan",
        "Khadar"},
       {"Warsame", "Farah", "Abdi", "Hassan", "Mohamud", "Jama", "Egal", "Osman", "Nur", "Ismail", "Duale", "Hirsi",
        "Guled", "Samatar"},
       4},
      {"arabic",
       {"Omar", "Layla", "Khalid", "Yasmin", "Tariq", "Noor", "Hamza", "Rania", "Karim", "Samira", "Zaid", "Huda"},
       {"Al-Hashimi", "Haddad", "Mansour", "Saleh", "El-Sayed", "Nasser", "Khalil", "Aziz", "Al-Masri", "Hamdan",
        "Bakr", "Al-Rashid", "Darwish", "Haddadin"},
       5},
      {"iberian",
       {"João", "Inês", "Miguel", "Beatriz", "Alejandro", "Lucía", "Sofía", "Tiago", "Mariana", "Javier", "Carmen",
        "Andrés", "Gonçalo", "Raquel"},
       {"Fernández", "López",    "Martínez",  "Rodríguez", "Sánchez",  "Pérez",     "Gómez",
        "Ruiz",      "Silva",    "Santos",    "Oliveira",  "Costa",    "Pereira",   "Ferreira",
        "Almeida",   "Carvalho", "Gonçalves", "Sousa",     "De Souza", "Dos Santos"},
       6},
  };
  return all;
}

// The long tail: surnames of two or three invented syllables and an ending.
const std::array<std::string_view, 32> kOnsets = {"B", "Br", "D",  "Dr", "G",  "Gr", "H",  "K", "L", "M",  "N",
                                                  "P", "Pr", "R",  "S",  "St", "T",  "Tr", "V", "W", "Th", "Sh",
                                                  "C", "F",  "Fl", "Bl", "Ch", "Kw", "Z",  "Y", "J", "Gw"};
const std::array<std::string_view, 14> kNuclei = {"a",  "e", "i",  "o",  "u",  "ai", "ea",
                                                  "ou", "y", "ia", "ei", "oa", "ae", "io"};
const std::array<std::string_view, 14> kCodas = {"",  "",   "",   "n",  "r",  "l",  "m",
                                                 "s", "th", "ck", "nd", "rt", "ll", "sk"};
const std::array<std::string_view, 24> kEndings = {"ley",  "ton", "worth", "by",  "ham", "son",  "wick", "more",
                                                   "dale", "ski", "ova",   "ez",  "ian", "ani",  "oye",  "idi",
                                                   "ard",  "ens", "ing",   "aro", "ulu", "enko", "sen",  "e"};

std::string rare_surname(Rng& rng) {
  std::string out;
  const std::size_t syllables = 1 + rng.below(2);
  for (std::size_t i = 0; i < syllables; ++i) {
    std::string_view onset = rng.pick(kOnsets);
    if (i > 0) {  // lower-case inside the word
      out += static_cast<char>(onset[0] - 'A' + 'a');
      onset.remove_prefix(1);
    }
    out += onset;
    out += rng.pick(kNuclei);
    out += rng.pick(kCodas);
  }
  out += rng.pick(kEndings);
  return out;
}

const Origin& pick_origin(Rng& rng) {
  unsigned total = 0;
  for (const auto& o : origins()) total += o.weight;
  unsigned at = static_cast<unsigned>(rng.below(total));
  for (const auto& o : origins()) {
    if (at < o.weight) return o;
    at -= o.weight;
  }
  return origins().front();
}

std::string_view pick(Rng& rng, const Pool& pool) { return pool[rng.below(pool.size())]; }

std::string make_forename(Rng& rng, const Origin& origin) {
  std::string forename(pick(rng, origin.forenames));
  if (rng.chance(0.06)) {  // "Mary Anne", "Seán Pádraig"
    const std::string_view second = pick(rng, origin.forenames);
    if (second != forename) forename.append(" ").append(second);
  }
  return forename;
}

std::string make_surname(Rng& rng, const Origin& origin) {
  const double kind = static_cast<double>(rng.below(1000)) / 1000.0;
  if (kind < 0.35) return rare_surname(rng);
  if (kind < 0.40) {  // hyphenated, often across origins
    const Origin& other = pick_origin(rng);
    std::string first(pick(rng, origin.surnames)), second(pick(rng, other.surnames));
    if (first.find_first_of(" -") != std::string::npos || second.find_first_of(" -") != std::string::npos ||
        first == second)
      return rare_surname(rng) + "-" + std::string(pick(rng, origin.surnames));
    return first + "-" + second;
  }
  if (origin.name == "iberian" && kind < 0.70) {  // two family names
    std::string first(pick(rng, origin.surnames)), second(pick(rng, origin.surnames));
    if (first != second) return first + " " + second;
  }
  return std::string(pick(rng, origin.surnames));
}

// Every unit name below was checked against the built-in rule unit.sensitive:
// the sensitive ones match it, the others do not.
const std::array<std::string_view, 8> kSensitiveUnits = {
    "Covert Operations Unit",      "Counter Terrorism Policing",
    "Undercover Online",           "Special Branch",
    "Technical Surveillance Unit", "Dedicated Source Unit",
    "Counter Terrorism Command",   "Royalty and Specialist Protection"};
const std::array<std::string_view, 18> kUnits = {"Response Team",
                                                 "Neighbourhood Policing North",
                                                 "Neighbourhood Policing South",
                                                 "Roads Policing Unit",
                                                 "Custody",
                                                 "Criminal Investigation Department",
                                                 "Professional Standards",
                                                 "Contact Management",
                                                 "Force Control Room",
                                                 "Major Investigation Team",
                                                 "Economic Crime Unit",
                                                 "Dog Section",
                                                 "Firearms Support",
                                                 "Human Resources",
                                                 "Finance",
                                                 "Training School",
                                                 "Safeguarding Hub",
                                                 "Intelligence Bureau"};

std::string make_unit(Rng& rng, bool sensitive_unit) {
  if (sensitive_unit) return std::string(rng.pick(kSensitiveUnits));
  std::string unit(rng.pick(kUnits));
  if (unit == "Response Team") unit += fmt::format(" {}", rng.between(1, 9));
  return unit;
}

std::string full_name(const StaffMember& m) { return m.forename + " " + m.surname; }

std::string first_initial(const std::string& forename) {
  // The first code point: "Ł" of "Łukasz" is two bytes.
  std::size_t length = 1;
  const auto lead = static_cast<unsigned char>(forename[0]);
  if (lead >= 0xF0)
    length = 4;
  else if (lead >= 0xE0)
    length = 3;
  else if (lead >= 0xC0)
    length = 2;
  return forename.substr(0, length);
}

template <typename Make>
std::string unique_number(std::unordered_set<std::string>& taken, const Make& make) {
  for (;;) {
    std::string n = make();
    if (taken.insert(n).second) return n;
  }
}

}  // namespace

std::vector<SyntheticPerson> make_staff(std::size_t count, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<SyntheticPerson> staff;
  staff.reserve(count);
  std::unordered_set<std::string> names, numbers;
  static constexpr std::array<std::string_view, 6> kForces = {"WM", "NX", "KT", "GR", "AV", "DY"};
  while (staff.size() < count) {
    const Origin& origin = pick_origin(rng);
    // Forenames and surnames mix across origins, as in any British force.
    SyntheticPerson p;
    p.member.forename = make_forename(rng, rng.chance(0.75) ? origin : pick_origin(rng));
    p.member.surname = make_surname(rng, origin);
    if (!names.insert(normalize_name(full_name(p.member))).second) continue;
    p.member.pay_number = unique_number(numbers, [&] {
      return std::to_string(rng.chance(0.5) ? rng.between(100000, 999999) : rng.between(1000000, 9999999));
    });
    if (rng.chance(0.6)) {  // an officer
      p.member.warrant_number =
          unique_number(numbers, [&] { return fmt::format("{}{:06}", rng.pick(kForces), rng.below(1000000)); });
      p.member.collar_number = std::to_string(rng.chance(0.5) ? rng.between(100, 999) : rng.between(1000, 9999));
    }
    const bool sensitive_unit = rng.chance(0.03);
    p.unit = make_unit(rng, sensitive_unit);
    // A few sensitive people sit in a neutral-sounding unit: only the flag says so.
    const bool flagged_only = !sensitive_unit && rng.chance(0.003);
    if (flagged_only) p.unit = "Specialist Operations";
    p.member.sensitive = sensitive_unit || flagged_only;
    staff.push_back(std::move(p));
  }
  return staff;
}

namespace {

std::vector<std::string> words_of(const std::string& normalized) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < normalized.size()) {
    std::size_t end = normalized.find(' ', start);
    if (end == std::string::npos) end = normalized.size();
    if (end > start) words.push_back(normalized.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// True when some run of 2+ words of `normalized` is in `forms`.
bool holds_any(const std::string& normalized, const std::unordered_set<std::string>& forms) {
  const auto words = words_of(normalized);
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string window = words[i];
    for (std::size_t j = i + 1; j < words.size(); ++j) {
      window += " " + words[j];
      if (forms.count(window)) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<SyntheticPerson> make_outsiders(const std::vector<SyntheticPerson>& staff, std::size_t count,
                                            std::uint64_t seed) {
  std::unordered_set<std::string> forms;
  for (const auto& p : staff) {
    StaffMember first_given = p.member;  // "Mary Anne Kowalski" is "Mary Kowalski" too
    first_given.forename = first_given.forename.substr(0, first_given.forename.find(' '));
    for (const StaffMember* m : {&p.member, static_cast<const StaffMember*>(&first_given)}) {
      forms.insert(normalize_name(mention_text(*m, MentionForm::full_name)));
      forms.insert(normalize_name(mention_text(*m, MentionForm::surname_first)));
    }
  }
  Rng rng(seed);
  std::vector<SyntheticPerson> outsiders;
  std::unordered_set<std::string> names;
  while (outsiders.size() < count) {
    const Origin& origin = pick_origin(rng);
    SyntheticPerson p;
    p.member.forename = make_forename(rng, rng.chance(0.75) ? origin : pick_origin(rng));
    p.member.surname = make_surname(rng, origin);
    p.unit = make_unit(rng, false);
    const std::string full = normalize_name(mention_text(p.member, MentionForm::full_name));
    if (holds_any(full, forms) || holds_any(normalize_name(mention_text(p.member, MentionForm::surname_first)), forms))
      continue;
    if (!names.insert(full).second) continue;
    outsiders.push_back(std::move(p));
  }
  return outsiders;
}

namespace {

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::string hr_export_csv(const std::vector<SyntheticPerson>& staff) {
  std::string out = "Forename,Surname,Pay Number,Warrant No,Collar Number,Unit,Covert\r\n";
  for (const auto& p : staff) {
    const auto& m = p.member;
    out += fmt::format("{},{},{},{},{},{},{}\r\n", csv_field(m.forename), csv_field(m.surname), csv_field(m.pay_number),
                       csv_field(m.warrant_number), csv_field(m.collar_number), csv_field(p.unit),
                       m.sensitive ? "Yes" : "");
  }
  return out;
}

std::string mention_text(const StaffMember& person, MentionForm form) {
  const std::string initial = first_initial(person.forename);
  switch (form) {
    case MentionForm::full_name:
      return person.forename + " " + person.surname;
    case MentionForm::surname_first:
      return person.surname + ", " + person.forename;
    case MentionForm::initial_dot:
      return initial + ". " + person.surname;
    case MentionForm::initial:
      return initial + " " + person.surname;
    case MentionForm::surname_initial:
      return person.surname + " " + initial;
    case MentionForm::surname_comma_initial:
      return person.surname + ", " + initial + ".";
  }
  throw std::logic_error("unknown mention form");
}

namespace {

// "{}" is the name. Every name is followed by a space and a lower-case word,
// so no form ending in a full stop meets a sentence end.
const std::array<std::string_view, 14> kMentionSentences = {
    "The request was passed to {} on the same day.",        "{} attended the meeting and took notes.",
    "A copy of the letter was sent to {} for comment.",     "We spoke with {} about the delay in responding.",
    "According to {} the records were moved in March.",     "The file notes that {} reviewed the decision.",
    "Following the complaint, {} wrote to the requester.",  "Minutes were taken by {} and circulated later.",
    "It was agreed that {} would check the archive.",       "The draft response prepared by {} was approved.",
    "Yesterday {} confirmed that the search was complete.", "Please contact {} if the attachment does not open.",
    "The handover from {} was recorded in the log.",        "In March {} asked for the deadline to be extended.",
};
const std::array<std::string_view, 10> kFillerSentences = {
    "The force holds some of the information requested.",
    "Searches were made of the relevant systems and paper files.",
    "No further records were found within the time allowed.",
    "The cost limit under section 12 was not exceeded.",
    "Some information is withheld under section 40(2) of the Act.",
    "This response will be published in the disclosure log.",
    "If you are unhappy with this response you may ask for a review.",
    "The figures cover the three financial years requested.",
    "Each department was asked to check its own records.",
    "The information is correct at the time of writing.",
};

constexpr std::string_view kApostrophe = "'";
constexpr std::string_view kTypographic = "\u2019";

}  // namespace

ProseDocument make_prose(const std::vector<SyntheticPerson>& people, const std::vector<MentionRequest>& requests,
                         std::uint64_t seed) {
  Rng rng(seed);
  ProseDocument doc;
  doc.mentions.reserve(requests.size());
  std::size_t in_paragraph = 0, paragraph_size = 1 + rng.below(4);
  for (const auto& request : requests) {
    if (request.person >= people.size()) throw std::out_of_range("make_prose: no such person");
    std::string name = mention_text(people[request.person].member, request.form);
    if (name.find(kApostrophe) != std::string::npos && rng.below(3) == 0)
      for (std::size_t at; (at = name.find(kApostrophe)) != std::string::npos;) name.replace(at, 1, kTypographic);
    if (in_paragraph > 0) doc.text += ' ';
    if (rng.below(2) == 0) doc.text += std::string(rng.pick(kFillerSentences)) + " ";
    const std::string_view sentence = rng.pick(kMentionSentences);
    const std::size_t hole = sentence.find("{}");
    doc.text += sentence.substr(0, hole);
    doc.mentions.push_back({doc.text.size(), doc.text.size() + name.size(), request.person, request.form});
    doc.text += name;
    doc.text += sentence.substr(hole + 2);
    if (++in_paragraph == paragraph_size) {
      doc.text += "\n\n";
      in_paragraph = 0;
      paragraph_size = 1 + rng.below(4);
    }
  }
  if (in_paragraph > 0) doc.text += '\n';
  return doc;
}

}  // namespace foiguard::testing
