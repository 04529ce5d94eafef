#include "bench_data.hpp"

#include "formats/xlsx_styles.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <zip.h>
#include <zlib.h>

#include "support/splitmix64.hpp"

namespace foiguard::bench {
namespace {

using Rng = foiguard::testing::SplitMix64;

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
  if (rng.percent_chance(25)) {
    number += rng.percent_chance(50) ? "AB" : "WS";
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
    digits[0] = rng.percent_chance(50) ? 4 : 6;
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
    if (rng.percent_chance(12)) {
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

// --- XLSX workbook -------------------------------------------------------

constexpr std::array<Words, 10> kXlsxHeader = {"Surname",       "Forename",   "Rank",
                                               "Pay No",        "Unit",       "Location",
                                               "Date of Birth", "Start Date", "Cost Centre",
                                               "Notes"};
// Status notes an HR export repeats on many rows.
constexpr std::array<Words, 14> kStatusNotes = {
    "Full time", "Full time", "Full time", "Part time (0.8 FTE)", "Part time (0.6 FTE)",
    "On secondment to ROCU", "Career break", "Restricted duties", "Recuperative duties",
    "Acting rank", "Student officer (PCDA)", "Probationer", "Maternity leave",
    "Leaver - see HR file"};

// Excel's 1900 date system: 1960-01-01 is 21916, 2003-12-31 is 37986,
// 1990-01-01 is 32874, 2024-12-31 is 45657.
std::string serial_date_text(std::uint64_t serial) {
  // dd/mm/yyyy, as a note written by hand would put it.
  const std::string iso = formats::excel_date(static_cast<double>(serial), false);
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// A note written by hand: unique text, some of it personal data.
std::string free_text_note(Rng& rng) {
  const Words forename = rng.pick(kForenames);
  const Words surname = rng.pick(kSurnames);
  switch (rng.below(6)) {
    case 0:
      return fmt::format("Transferred from {} on {}; line manager {} {} {}.", rng.pick(kStations),
                         serial_date_text(rng.between(40000, 45600)), rng.pick(kRankAbbr), forename,
                         surname);
    case 1:
      return fmt::format("Return to work meeting held {} with {} {}.",
                         serial_date_text(rng.between(43000, 45600)), rng.pick(kRankAbbr), surname);
    case 2:
      return fmt::format("Vetting ({}) renewed {}, next review {}.", rng.pick(kVetting),
                         serial_date_text(rng.between(43000, 45000)),
                         serial_date_text(rng.between(45600, 47000)));
    case 3:
      return fmt::format("Mobile 07700 900{:03d}; next of kin {} {}.", rng.below(1000), forename,
                         surname);
    case 4:
      return fmt::format("Pay point {} from {}, allowance ref {}-{:04d}.", rng.between(0, 7),
                         serial_date_text(rng.between(43000, 45600)), rng.between(2019, 2024),
                         rng.below(10000));
    default:
      return fmt::format("Home address {} {}, {} {}.", rng.between(1, 180), rng.pick(kStreets),
                         rng.pick(kTowns), postcode(rng));
  }
}

void append_xml_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
}

// Shared strings in first-use order, as Excel numbers them.
class StringTable {
 public:
  std::uint32_t index(std::string_view text) {
    ++count_;
    const auto [it, added] = index_.try_emplace(std::string(text), static_cast<std::uint32_t>(index_.size()));
    if (added) order_.push_back(&it->first);
    return it->second;
  }
  std::string xml() const {
    std::string out;
    out.reserve(order_.size() * 40 + 256);
    fmt::format_to(std::back_inserter(out),
                   "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
                   "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                   "count=\"{}\" uniqueCount=\"{}\">",
                   count_, order_.size());
    for (const std::string* s : order_) {
      out += "<si><t>";
      append_xml_escaped(out, *s);
      out += "</t></si>";
    }
    out += "</sst>";
    return out;
  }
  std::size_t size() const { return order_.size(); }

 private:
  std::unordered_map<std::string, std::uint32_t> index_;  // node-based: keys never move
  std::vector<const std::string*> order_;
  std::uint64_t count_ = 0;
};

constexpr std::string_view kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";
constexpr std::string_view kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view kPackageRelNs =
    "http://schemas.openxmlformats.org/package/2006/relationships";

std::string content_types_xml(std::uint32_t sheets) {
  std::string out(kXmlHead);
  out += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
  for (std::uint32_t i = 1; i <= sheets; ++i) {
    fmt::format_to(std::back_inserter(out),
                   "<Override PartName=\"/xl/worksheets/sheet{}.xml\" ContentType=\"application/"
                   "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
                   i);
  }
  out += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
         "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
         "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
         "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
         "</Types>";
  return out;
}

std::string package_rels_xml() {
  return fmt::format(
      "{}<Relationships xmlns=\"{}\">"
      "<Relationship Id=\"rId3\" Type=\"{}/extended-properties\" Target=\"docProps/app.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
      "<Relationship Id=\"rId1\" Type=\"{}/officeDocument\" Target=\"xl/workbook.xml\"/>"
      "</Relationships>",
      kXmlHead, kPackageRelNs, kRelNs, kRelNs);
}

std::string core_xml() {
  return fmt::format(
      "{}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
      "<dc:creator>Westshire Police HR Systems</dc:creator>"
      "<cp:lastModifiedBy>Westshire Police HR Systems</cp:lastModifiedBy>"
      "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-03-01T09:00:00Z</dcterms:created>"
      "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-03-01T09:00:00Z</dcterms:modified>"
      "</cp:coreProperties>",
      kXmlHead);
}

std::string app_xml() {
  return fmt::format(
      "{}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
      "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"
      "<Company>Westshire Police</Company><AppVersion>16.0300</AppVersion></Properties>",
      kXmlHead);
}

std::string sheet_name(std::uint32_t sheet) {
  return sheet == 1 ? std::string("Staff") : fmt::format("Staff {}", sheet);
}

std::string workbook_xml(std::uint32_t sheets) {
  std::string out = fmt::format(
      "{}<workbook xmlns=\"{}\" xmlns:r=\"{}\"><workbookPr defaultThemeVersion=\"166925\"/>"
      "<bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\"/></bookViews>"
      "<sheets>",
      kXmlHead, kMainNs, kRelNs);
  for (std::uint32_t i = 1; i <= sheets; ++i) {
    fmt::format_to(std::back_inserter(out), "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
                   sheet_name(i), i, i);
  }
  out += "</sheets><calcPr calcId=\"191029\"/></workbook>";
  return out;
}

std::string workbook_rels_xml(std::uint32_t sheets) {
  std::string out = fmt::format("{}<Relationships xmlns=\"{}\">", kXmlHead, kPackageRelNs);
  for (std::uint32_t i = 1; i <= sheets; ++i) {
    fmt::format_to(std::back_inserter(out),
                   "<Relationship Id=\"rId{}\" Type=\"{}/worksheet\" Target=\"worksheets/sheet{}.xml\"/>",
                   i, kRelNs, i);
  }
  fmt::format_to(std::back_inserter(out),
                 "<Relationship Id=\"rId{}\" Type=\"{}/styles\" Target=\"styles.xml\"/>"
                 "<Relationship Id=\"rId{}\" Type=\"{}/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                 "</Relationships>",
                 sheets + 1, kRelNs, sheets + 2, kRelNs);
  return out;
}

// Style 0: default; 1: dd/mm/yyyy dates; 2: bold header.
std::string styles_xml() {
  return fmt::format(
      "{}<styleSheet xmlns=\"{}\">"
      "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
      "<fonts count=\"2\"><font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>"
      "<font><b/><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font></fonts>"
      "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
      "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
      "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
      "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
      "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
      "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
      "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
      "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" defaultPivotStyle=\"PivotStyleLight16\"/>"
      "</styleSheet>",
      kXmlHead, kMainNs);
}

// One worksheet: header row plus `rows` data rows.
std::string sheet_xml(Rng& rng, StringTable& strings, std::size_t rows, std::uint64_t& cells) {
  std::string out;
  out.reserve(rows * 400 + 1024);
  fmt::format_to(std::back_inserter(out),
                 "{}<worksheet xmlns=\"{}\" xmlns:r=\"{}\"><dimension ref=\"A1:J{}\"/>"
                 "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
                 "activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
                 "<sheetFormatPr defaultRowHeight=\"15\"/>"
                 "<cols><col min=\"1\" max=\"2\" width=\"18.7109375\" customWidth=\"1\"/>"
                 "<col min=\"7\" max=\"8\" width=\"12.7109375\" customWidth=\"1\"/>"
                 "<col min=\"10\" max=\"10\" width=\"60.7109375\" customWidth=\"1\"/></cols><sheetData>",
                 kXmlHead, kMainNs, kRelNs, rows + 1);
  const auto out_it = std::back_inserter(out);
  const auto text_cell = [&](char column, std::size_t row, std::string_view text, int style = 0) {
    if (style != 0) {
      fmt::format_to(out_it, "<c r=\"{}{}\" s=\"{}\" t=\"s\"><v>{}</v></c>", column, row, style,
                     strings.index(text));
    } else {
      fmt::format_to(out_it, "<c r=\"{}{}\" t=\"s\"><v>{}</v></c>", column, row, strings.index(text));
    }
    ++cells;
  };
  const auto number_cell = [&](char column, std::size_t row, std::uint64_t value, int style = 0) {
    if (style != 0) {
      fmt::format_to(out_it, "<c r=\"{}{}\" s=\"{}\"><v>{}</v></c>", column, row, style, value);
    } else {
      fmt::format_to(out_it, "<c r=\"{}{}\"><v>{}</v></c>", column, row, value);
    }
    ++cells;
  };
  out += "<row r=\"1\" spans=\"1:10\">";
  for (std::size_t c = 0; c < kXlsxHeader.size(); ++c) {
    text_cell(static_cast<char>('A' + c), 1, kXlsxHeader[c], 2);
  }
  out += "</row>";
  std::string surname;
  for (std::size_t i = 0; i < rows; ++i) {
    const std::size_t r = i + 2;
    fmt::format_to(out_it, "<row r=\"{}\" spans=\"1:10\">", r);
    surname.assign(rng.pick(kSurnames));
    if (rng.percent_chance(30)) {
      surname += '-';
      surname += rng.pick(kSurnames);
    }
    text_cell('A', r, surname);
    text_cell('B', r, rng.pick(kForenames));
    const bool officer = rng.percent_chance(85);
    text_cell('C', r, officer ? rng.pick(kRankAbbr) : Words("Police Staff"));
    number_cell('D', r, rng.between(100000, 999999));
    text_cell('E', r, rng.pick(kUnits));
    text_cell('F', r, rng.pick(kStations));
    number_cell('G', r, rng.between(21916, 37986), 1);
    number_cell('H', r, rng.between(32874, 45657), 1);
    number_cell('I', r, rng.between(400000, 499999));
    if (rng.percent_chance(60)) {
      text_cell('J', r, rng.pick(kStatusNotes));
    } else {
      text_cell('J', r, free_text_note(rng));
    }
    out += "</row>";
  }
  out += "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" "
         "header=\"0.3\" footer=\"0.3\"/></worksheet>";
  return out;
}

[[noreturn]] void zip_failure(std::string_view what, zip_error_t* error) {
  const std::string message = fmt::format("make_staff_xlsx: {}: {}", what, zip_error_strerror(error));
  zip_error_fini(error);
  throw std::runtime_error(message);
}

// Zips the parts (deflate, default level) in memory; the same parts always
// give the same bytes (fixed modification times).
std::string zip_parts(const std::deque<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (target == nullptr) zip_failure("buffer", &error);
  zip_source_keep(target);  // read back after zip_close
  zip_t* archive = zip_open_from_source(target, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(target);
    zip_failure("open", &error);
  }
  const std::time_t mtime = 1709283600;  // 2024-03-01 09:00 UTC
  for (const auto& [name, content] : parts) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    const zip_int64_t index =
        source == nullptr ? -1 : zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      const std::string message =
          fmt::format("make_staff_xlsx: adding {}: {}", name, zip_strerror(archive));
      zip_discard(archive);
      zip_source_free(target);
      throw std::runtime_error(message);
    }
    const auto i = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(archive, i, ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_mtime(archive, i, mtime, 0) != 0) {
      const std::string message = fmt::format("make_staff_xlsx: {}: {}", name, zip_strerror(archive));
      zip_discard(archive);
      zip_source_free(target);
      throw std::runtime_error(message);
    }
  }
  if (zip_close(archive) != 0) {
    const std::string message = fmt::format("make_staff_xlsx: close: {}", zip_strerror(archive));
    zip_discard(archive);
    zip_source_free(target);
    throw std::runtime_error(message);
  }
  std::string bytes;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_open(target) != 0 || zip_source_stat(target, &st) != 0 ||
      !(st.valid & ZIP_STAT_SIZE)) {
    zip_source_free(target);
    throw std::runtime_error("make_staff_xlsx: cannot read the archive back");
  }
  bytes.resize(static_cast<std::size_t>(st.size));
  zip_uint64_t done = 0;
  while (done < st.size) {
    const zip_int64_t n = zip_source_read(target, bytes.data() + done, st.size - done);
    if (n <= 0) break;
    done += static_cast<zip_uint64_t>(n);
  }
  zip_source_close(target);
  zip_source_free(target);
  if (done != st.size) throw std::runtime_error("make_staff_xlsx: short read of the archive");
  return bytes;
}

}  // namespace

namespace {

// Prose paragraphs and aggregate tables up to `bytes`, with a personnel
// record every kProseRecordEvery bytes when `with_records`.
std::string prose_text(std::size_t bytes, std::uint64_t seed, bool with_records) {
  Rng rng(seed);
  std::string out;
  out.reserve(bytes + 4096);
  std::size_t next_record = kProseRecordEvery / 2;
  std::string block;
  while (true) {
    block.clear();
    if (with_records && out.size() >= next_record) {
      block += personnel_record(rng);
      block += "\n\n";
      next_record += kProseRecordEvery;
    } else if (rng.percent_chance(15)) {
      append_aggregate_table(block, rng);
    } else {
      append_paragraph(block, rng);
    }
    if (out.size() + block.size() > bytes) break;
    out += block;
  }
  return out;
}

}  // namespace

std::string make_prose_mix(std::size_t bytes, std::uint64_t seed) { return prose_text(bytes, seed, true); }

std::string make_clean_prose(std::size_t bytes, std::uint64_t seed) { return prose_text(bytes, seed, false); }

std::string make_statistics_csv(std::size_t bytes, std::uint64_t seed) {
  static constexpr const char* kCategories[] = {"Burglary", "Vehicle crime", "Public order", "Criminal damage",
                                                "Shoplifting", "Bicycle theft", "Drugs", "Anti-social behaviour"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Rng rng(seed);
  std::string out = "Year,Month,Category,Recorded,Solved\n";
  for (std::size_t row = 0;; ++row) {
    const std::uint64_t recorded = 20 + rng.below(900);
    std::string line = fmt::format("{},{},{},{},{}\n", 2019 + row / 96 % 5, kMonths[row / 8 % 12],
                                   kCategories[row % 8], recorded, rng.below(recorded));
    if (out.size() + line.size() > bytes) break;
    out += line;
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
    const bool officer = rng.percent_chance(85);
    fmt::format_to(std::back_inserter(row), "{},{},{},{},{},{},{}\n", rng.pick(kSurnames),
                   rng.pick(kForenames), officer ? rng.pick(kRankAbbr) : "Police Staff",
                   rng.between(100000, 999999), officer ? collar(rng) : std::string(),
                   rng.pick(kUnits), rng.pick(kVetting));
    if (out.size() + row.size() > bytes) break;
    out += row;
  }
  return out;
}

XlsxWorkbook make_staff_xlsx(std::size_t rows) {
  Rng rng(0x0517'C0DEull);
  XlsxWorkbook book;
  book.rows = rows;
  book.sheets = static_cast<std::uint32_t>(std::max<std::size_t>(1, (rows + kXlsxRowsPerSheet - 1) / kXlsxRowsPerSheet));
  StringTable strings;
  std::deque<std::pair<std::string, std::string>> parts;  // deque: contents never move
  parts.emplace_back("[Content_Types].xml", content_types_xml(book.sheets));
  parts.emplace_back("_rels/.rels", package_rels_xml());
  parts.emplace_back("docProps/app.xml", app_xml());
  parts.emplace_back("docProps/core.xml", core_xml());
  parts.emplace_back("xl/workbook.xml", workbook_xml(book.sheets));
  parts.emplace_back("xl/_rels/workbook.xml.rels", workbook_rels_xml(book.sheets));
  parts.emplace_back("xl/styles.xml", styles_xml());
  std::size_t left = rows;
  for (std::uint32_t sheet = 1; sheet <= book.sheets; ++sheet) {
    const std::size_t here = std::min(left, kXlsxRowsPerSheet);
    left -= here;
    parts.emplace_back(fmt::format("xl/worksheets/sheet{}.xml", sheet),
                       sheet_xml(rng, strings, here, book.cells));
    book.sheet_xml_bytes += parts.back().second.size();
  }
  // Excel writes the shared strings after the sheets that number them.
  parts.emplace_back("xl/sharedStrings.xml", strings.xml());
  book.shared_strings = strings.size();
  for (const auto& part : parts) book.xml_bytes += part.second.size();
  book.bytes = zip_parts(parts);
  return book;
}

// --- DOCX letter and a zip of mixed documents -----------------------------

namespace {

constexpr std::string_view kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kRunProperties =
    "<w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\"/><w:sz w:val=\"22\"/></w:rPr>";

// Word splits a paragraph into runs wherever an edit session or a format
// changed: about every eight words here.
void append_runs(std::string& xml, std::string_view text) {
  std::size_t words = 0, start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && (text[i] != ' ' || ++words % 8 != 0)) continue;
    xml += "<w:r>";
    xml += kRunProperties;
    xml += "<w:t xml:space=\"preserve\">";
    append_xml_escaped(xml, text.substr(start, i - start + (i < text.size() ? 1 : 0)));
    xml += "</w:t></w:r>";
    start = i + 1;
  }
}

void append_table(std::string& xml, std::string_view block) {
  xml += "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>";
  std::size_t at = 0;
  while (at < block.size()) {
    std::size_t end = block.find('\n', at);
    if (end == std::string_view::npos) end = block.size();
    const std::string_view line = block.substr(at, end - at);
    at = end + 1;
    if (line.empty()) continue;
    xml += "<w:tr>";
    std::size_t cell = 0;
    while (cell <= line.size()) {
      std::size_t comma = line.find(',', cell);
      if (comma == std::string_view::npos) comma = line.size();
      xml += "<w:tc><w:tcPr><w:tcW w:w=\"1800\" w:type=\"dxa\"/></w:tcPr><w:p>";
      append_runs(xml, line.substr(cell, comma - cell));
      xml += "</w:p></w:tc>";
      cell = comma + 1;
    }
    xml += "</w:tr>";
  }
  xml += "</w:tbl>";
}

std::string word_part(std::string_view root, std::string_view body) {
  return fmt::format("{}<w:{} xmlns:w=\"{}\" xmlns:r=\"{}\">{}</w:{}>", kXmlHead, root, kWordNs, kRelNs,
                     body, root);
}

// The body of a letter of about `pages` pages (about 3,000 characters a
// page): prose paragraphs, aggregate tables, a tracked deletion every 40
// paragraphs and a page break every 12.
std::string document_body(std::size_t pages, std::uint64_t seed) {
  const std::string prose = make_prose_mix(pages * 3000, seed);
  std::string xml;
  xml.reserve(prose.size() * 4);
  std::size_t at = 0, paragraphs = 0;
  std::string text;
  while (at < prose.size()) {
    std::size_t end = prose.find("\n\n", at);
    if (end == std::string::npos) end = prose.size();
    const std::string_view block(prose.data() + at, end - at);
    at = end + 2;
    if (block.empty()) continue;
    if (block.find(',') != std::string_view::npos && block.find(", ") == std::string_view::npos) {
      append_table(xml, block);
      continue;
    }
    text.assign(block);
    std::replace(text.begin(), text.end(), '\n', ' ');
    ++paragraphs;
    xml += "<w:p><w:pPr><w:pStyle w:val=\"BodyText\"/></w:pPr>";
    append_runs(xml, text);
    if (paragraphs % 40 == 0) {
      fmt::format_to(std::back_inserter(xml),
                     "<w:del w:id=\"{}\" w:author=\"Records Officer\" w:date=\"2024-03-01T09:00:00Z\"><w:r>{}"
                     "<w:delText xml:space=\"preserve\"> Checked by DS Okonkwo, pay number 4{:05d}.</w:delText>"
                     "</w:r></w:del>",
                     paragraphs, kRunProperties, paragraphs % 100000);
    }
    if (paragraphs % 12 == 0) xml += "<w:r><w:br w:type=\"page\"/></w:r>";
    xml += "</w:p>";
  }
  xml += "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId2\"/>"
         "<w:footerReference w:type=\"default\" r:id=\"rId3\"/></w:sectPr>";
  return word_part("document", "<w:body>" + xml + "</w:body>");
}

}  // namespace

std::string make_letter_docx(std::size_t pages, std::uint64_t seed) {
  std::deque<std::pair<std::string, std::string>> parts;
  parts.emplace_back("[Content_Types].xml", std::string(kXmlHead) +
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
      "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
      "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
      "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
      "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
      "</Types>");
  parts.emplace_back("_rels/.rels", fmt::format(
      "{}<Relationships xmlns=\"{}\">"
      "<Relationship Id=\"rId1\" Type=\"{}/officeDocument\" Target=\"word/document.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
      "</Relationships>", kXmlHead, kPackageRelNs, kRelNs));
  parts.emplace_back("docProps/core.xml", core_xml());
  parts.emplace_back("word/document.xml", document_body(pages, seed));
  parts.emplace_back("word/_rels/document.xml.rels", fmt::format(
      "{}<Relationships xmlns=\"{}\">"
      "<Relationship Id=\"rId1\" Type=\"{}/styles\" Target=\"styles.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"{}/header\" Target=\"header1.xml\"/>"
      "<Relationship Id=\"rId3\" Type=\"{}/footer\" Target=\"footer1.xml\"/>"
      "</Relationships>", kXmlHead, kPackageRelNs, kRelNs, kRelNs, kRelNs));
  parts.emplace_back("word/styles.xml", word_part("styles",
      "<w:style w:type=\"paragraph\" w:styleId=\"BodyText\"><w:name w:val=\"Body Text\"/></w:style>"));
  parts.emplace_back("word/header1.xml", word_part("hdr",
      "<w:p><w:r><w:t>Westshire Police - Freedom of Information response</w:t></w:r></w:p>"));
  parts.emplace_back("word/footer1.xml", word_part("ftr",
      "<w:p><w:r><w:t>OFFICIAL - disclosure log reference FOI 2024/0317</w:t></w:r></w:p>"));
  return zip_parts(parts);
}

namespace {

// "<p>...</p>" paragraphs of `text`'s blank-line-separated blocks.
std::string html_page(const std::string& text) {
  std::string html = "<!DOCTYPE html>\n<html><head><title>FOI response</title></head><body>\n";
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find("\n\n", at);
    if (end == std::string::npos) end = text.size();
    html += "<p>";
    append_xml_escaped(html, std::string_view(text).substr(at, end - at));
    html += "</p>\n";
    at = end + 2;
  }
  return html + "</body></html>\n";
}

std::string email_message(std::size_t i, const std::string& body) {
  return fmt::format("From: Disclosure Unit <foi@westshire.example>\r\n"
                     "To: requester-{0}@example.org\r\n"
                     "Subject: FOI 2024/{0:04d}\r\n"
                     "Date: Fri, 01 Mar 2024 09:00:00 +0000\r\n"
                     "MIME-Version: 1.0\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n\r\n{1}",
                     i, body);
}

}  // namespace

std::pair<std::string, std::string> make_mixed_document(std::size_t i) {
  const std::uint64_t seed = 0xD0C5'0000ull + i;
  const std::size_t size = 3000 + (i * 7919) % 9000;  // 3 to 12 KB of text
  switch (i % 6) {
    case 0:
      return {fmt::format("letters/response-{:04d}.txt", i), make_prose_mix(size, seed)};
    case 1:
      return {fmt::format("tables/staff-{:04d}.csv", i), make_staff_csv(size / 2)};
    case 2:
      return {fmt::format("letters/response-{:04d}.docx", i), make_letter_docx(2, seed)};
    case 3:
      return {fmt::format("tables/rota-{:04d}.xlsx", i), make_staff_xlsx(20 + i % 40).bytes};
    case 4:
      return {fmt::format("web/page-{:04d}.html", i), html_page(make_prose_mix(size, seed))};
    default:
      return {fmt::format("mail/message-{:04d}.eml", i), email_message(i, make_prose_mix(size, seed))};
  }
}

std::string make_mixed_zip(std::size_t documents) {
  std::deque<std::pair<std::string, std::string>> members;
  for (std::size_t i = 0; i < documents; ++i) members.push_back(make_mixed_document(i));
  return zip_parts(members);
}


std::pair<std::string, std::string> make_tree_document(std::size_t i) {
  const std::uint64_t seed = 0x7EEE'0000ull + i;
  const std::size_t size = 3000 + (i * 7919) % 9000;  // 3 to 12 KB of text
  switch (i % 20) {
    case 14:
      return {fmt::format("letters/briefing-{:05d}.txt", i), make_prose_mix(size, seed)};
    case 15:
      return {fmt::format("tables/staff-{:05d}.csv", i), make_staff_csv(size / 2)};
    case 16:
    case 17:
      return {fmt::format("letters/response-{:05d}.docx", i), make_letter_docx(2, seed)};
    case 18:
      return {fmt::format("tables/rota-{:05d}.xlsx", i), make_staff_xlsx(20 + i % 40).bytes};
    case 6: case 7: case 8: case 9:
      return {fmt::format("tables/statistics-{:05d}.csv", i), make_statistics_csv(size, seed)};
    case 10: case 11:
      return {fmt::format("web/page-{:05d}.html", i), html_page(make_clean_prose(size, seed))};
    case 12: case 13:
      return {fmt::format("mail/message-{:05d}.eml", i), email_message(i, make_clean_prose(size, seed))};
    default:
      return {fmt::format("letters/response-{:05d}.txt", i), make_clean_prose(size, seed)};
  }
}

TreeStats write_mixed_tree(const std::string& dir, std::size_t files) {
  TreeStats stats;
  for (std::size_t i = 0; i < files; ++i) {
    const auto [name, bytes] = make_tree_document(i);
    const std::filesystem::path path =
        std::filesystem::path(dir) / fmt::format("dept-{:02d}", i % 20) / fmt::format("batch-{:02d}", i / 2000) / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())))
      throw std::runtime_error("cannot write " + path.string());
    ++stats.files;
    stats.bytes += bytes.size();
    const auto dot = name.rfind('.');
    if (name.compare(dot, std::string::npos, ".txt") == 0 || name.compare(dot, std::string::npos, ".csv") == 0)
      stats.text_bytes += bytes.size();
  }
  return stats;
}

// --- Text PDF ----------------------------------------------------------------

namespace {

// A4 in points, 2 cm margins, 10 pt Helvetica on a 15.5 pt leading: 45 lines.
constexpr double kPdfPageWidth = 595, kPdfPageHeight = 842;
constexpr double kPdfMargin = 56;
constexpr double kPdfTextWidth = kPdfPageWidth - 2 * kPdfMargin;
constexpr double kPdfBodySize = 10, kPdfLeading = 15.5, kPdfBodyTop = 770;
constexpr std::size_t kPdfLinesPerPage = 45;
// make_prose_mix wraps prose at 78 columns; only personnel records are longer.
constexpr std::size_t kProseColumns = 78;

// Helvetica's advance widths (its AFM, 1/1000 em) for ' ' to '~'. The other
// WinAnsi characters (accented letters, the pound sign) count as 556, a digit.
constexpr std::array<std::uint16_t, 95> kHelveticaWidths = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,   // ' ' to '/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,   // '0' to '?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // '@' to 'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,   // 'P' to '_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,   // '`' to 'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};       // 'p' to '~'

double helvetica_width(std::string_view winansi, double size) {
  double units = 0;
  for (const char c : winansi) {
    const auto byte = static_cast<unsigned char>(c);
    units += byte >= 0x20 && byte < 0x7F ? kHelveticaWidths[byte - 0x20] : 556;
  }
  return units * size / 1000;
}

// WinAnsiEncoding is Windows-1252: U+00A0 to U+00FF are their own byte, and
// these are the characters it puts at 0x80 to 0x9F.
constexpr std::array<std::pair<char32_t, unsigned char>, 27> kWinAnsiHigh = {{
    {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85}, {0x2020, 0x86},
    {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A}, {0x2039, 0x8B}, {0x0152, 0x8C},
    {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95},
    {0x2013, 0x96}, {0x2014, 0x97}, {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B},
    {0x0153, 0x9C}, {0x017E, 0x9E}, {0x0178, 0x9F}}};

// UTF-8 to WinAnsi bytes, as a generator with a standard 14 font must: what
// the encoding lacks ("Nguyễn", "Wiśniewska", "Yılmaz") becomes '?'.
std::string to_winansi(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    char32_t code = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (std::size_t k = 1; k < length && i + k < utf8.size(); ++k)
      code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += length;
    if (code < 0x20) {
      out += ' ';
    } else if (code < 0x7F || (code >= 0xA0 && code <= 0xFF)) {
      out += static_cast<char>(code);
    } else {
      const auto high = std::find_if(kWinAnsiHigh.begin(), kWinAnsiHigh.end(),
                                     [code](const auto& entry) { return entry.first == code; });
      out += high != kWinAnsiHigh.end() ? static_cast<char>(high->second) : '?';
    }
  }
  return out;
}

// A literal string operand: ( ) and \ escaped; WinAnsi bytes above 0x7F as
// they are (the stream is binary anyway).
std::string pdf_literal(std::string_view winansi) {
  std::string out = "(";
  for (const char c : winansi) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out + ")";
}

struct PdfLine {
  std::string text;     // WinAnsi; empty for the blank line between paragraphs
  bool record = false;  // starts a line longer than the prose's: a personnel record
};

// make_prose_mix's lines in WinAnsi, the few wider than the text block
// broken at the last space that fits.
std::vector<PdfLine> pdf_lines(std::string_view prose) {
  std::vector<PdfLine> lines;
  std::size_t start = 0;
  while (start < prose.size()) {
    const std::size_t end = std::min(prose.find('\n', start), prose.size());
    const std::string_view source = prose.substr(start, end - start);
    start = end + 1;
    std::string rest = to_winansi(source);
    bool first = true;
    do {
      std::string head = rest;
      while (helvetica_width(head, kPdfBodySize) > kPdfTextWidth && head.rfind(' ') != std::string::npos)
        head.resize(head.rfind(' '));
      rest = rest.size() > head.size() ? rest.substr(head.size() + 1) : std::string();
      lines.push_back({std::move(head), first && source.size() > kProseColumns});
      first = false;
    } while (!rest.empty());
  }
  return lines;
}

// Where a black box drawn over three words of a line lands, from the line's
// start: the words from the first after the line's first word that starts
// with a capital or a digit, which in a personnel record is the name or the
// collar number and name ("Supt 7129AB McAllister,", "Surname, Forename,").
// The redaction fails: the text is still under the box.
std::pair<double, double> covered_words(std::string_view line) {
  std::size_t from = line.find(' ');
  while (from != std::string_view::npos && from + 1 < line.size() &&
         std::isupper(static_cast<unsigned char>(line[from + 1])) == 0 &&
         std::isdigit(static_cast<unsigned char>(line[from + 1])) == 0)
    from = line.find(' ', from + 1);
  from = from == std::string_view::npos || from + 1 >= line.size() ? 0 : from + 1;
  std::size_t to = from;
  for (int word = 0; word < 3 && to != std::string_view::npos; ++word) to = line.find(' ', to + 1);
  if (to == std::string_view::npos) to = line.size();
  return {helvetica_width(line.substr(0, from), kPdfBodySize),
          helvetica_width(line.substr(from, to - from), kPdfBodySize)};
}

// One page: a bold running head set with TJ (kerned), the body as one text
// object, a footer. Every tenth page has a light highlight drawn under a
// line (pages 5, 15, ...) or a black box drawn over part of one after the
// text (pages 10, 20, ...): the record line of the page where there is one.
std::string pdf_page_content(const std::vector<PdfLine>& body, std::size_t page, std::size_t pages,
                             std::uint64_t& text_bytes) {
  static const std::string kHead = to_winansi("Westshire Police \u2013 FOI disclosure log");
  std::string out = "q 0.5 G 0.5 w 56 792 m 539 792 l S Q\n";
  out += fmt::format("BT /F2 11 Tf 56 800 Td [(W) 60 {}] TJ ET\n", pdf_literal(kHead.substr(1)));
  text_bytes += kHead.size();

  std::size_t marked = body.size();
  for (std::size_t i = 0; i < body.size(); ++i)
    if (body[i].record) {
      marked = i;
      break;
    }
  if (marked == body.size())
    for (std::size_t i = std::min<std::size_t>(11, body.size()); i < body.size(); ++i)
      if (!body[i].text.empty()) {
        marked = i;
        break;
      }
  const bool highlight = page % 10 == 4 && marked < body.size();
  const bool black_box = page % 10 == 9 && marked < body.size();
  const double marked_y = kPdfBodyTop - kPdfLeading * static_cast<double>(marked);
  if (highlight)
    out += fmt::format("q 1 1 0.6 rg {} {:.1f} {:.1f} 13 re f Q\n", kPdfMargin - 2, marked_y - 3,
                       helvetica_width(body[marked].text, kPdfBodySize) + 4);

  out += fmt::format("BT /F1 {} Tf {} {} Td\n", kPdfBodySize, kPdfMargin, kPdfBodyTop);
  double skip = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (i > 0) skip += kPdfLeading;
    if (body[i].text.empty()) continue;
    if (skip > 0) out += fmt::format("0 {} Td\n", -skip);
    skip = 0;
    out += pdf_literal(body[i].text);
    out += " Tj\n";
    text_bytes += body[i].text.size();
  }
  out += "ET\n";

  if (black_box) {
    const auto [offset, width] = covered_words(body[marked].text);
    out += fmt::format("q 0 g {:.1f} {:.1f} {:.1f} 11 re f Q\n", kPdfMargin + offset - 1, marked_y - 2.5, width + 2);
  }
  const std::string footer = fmt::format("Page {} of {}", page + 1, pages);
  out += fmt::format("BT /F1 8 Tf {:.1f} 40 Td {} Tj ET\n",
                     (kPdfPageWidth - helvetica_width(footer, 8)) / 2, pdf_literal(footer));
  text_bytes += footer.size();
  return out;
}

std::string zlib_deflate(std::string_view raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                static_cast<uLong>(raw.size()), Z_DEFAULT_COMPRESSION) != Z_OK)
    throw std::runtime_error("make_text_pdf: zlib compress2 failed");
  out.resize(size);
  return out;
}

}  // namespace

PdfDocument make_text_pdf(std::size_t pages, std::uint64_t seed) {
  // 90 bytes a line slot is more prose than the pages hold: blank lines and
  // short lines use slots too. Never fewer than a page's worth.
  const std::vector<PdfLine> lines = pdf_lines(make_prose_mix(std::max<std::size_t>(pages, 1) * kPdfLinesPerPage * 90, seed));
  PdfDocument doc;
  doc.pages = pages;
  std::string& out = doc.bytes;
  out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;  // of object 1, 2, ...
  const auto object = [&](std::string_view body) {
    offsets.push_back(out.size());
    fmt::format_to(std::back_inserter(out), "{} 0 obj\n", offsets.size());
    out += body;
    out += "\nendobj\n";
  };

  // 1 catalog, 2 page tree, 3 and 4 the fonts, 5 the info dictionary; then a
  // page object and its content stream for each page.
  constexpr std::size_t kFirstPage = 6;
  object("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (std::size_t p = 0; p < pages; ++p) fmt::format_to(std::back_inserter(kids), "{} 0 R ", kFirstPage + 2 * p);
  object(fmt::format("<< /Type /Pages /Count {} /Kids [ {}] >>", pages, kids));
  object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  object("<< /Title (FOI disclosure log) /Creator (Westshire Police disclosure system) "
         "/Producer (foiguard bench make_text_pdf) /CreationDate (D:20240312094500Z) >>");

  std::size_t next_line = 0;
  for (std::size_t p = 0; p < pages; ++p) {
    // A page starts at a line of text, not at a paragraph's blank line.
    while (next_line < lines.size() && lines[next_line].text.empty()) ++next_line;
    const std::size_t count = std::min(kPdfLinesPerPage, lines.size() - next_line);
    const std::vector<PdfLine> body(lines.begin() + static_cast<std::ptrdiff_t>(next_line),
                                    lines.begin() + static_cast<std::ptrdiff_t>(next_line + count));
    next_line += count;
    const std::string content = pdf_page_content(body, p, pages, doc.text_bytes);
    doc.content_bytes += content.size();
    const std::string packed = zlib_deflate(content);
    object(fmt::format("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Contents {} 0 R "
                       "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> /ProcSet [/PDF /Text] >> >>",
                       kPdfPageWidth, kPdfPageHeight, kFirstPage + 2 * p + 1));
    object(fmt::format("<< /Length {} /Filter /FlateDecode >>\nstream\n", packed.size()) + packed + "\nendstream");
  }

  // Each cross-reference entry is exactly 20 bytes, end of line included.
  const std::size_t xref = out.size();
  fmt::format_to(std::back_inserter(out), "xref\n0 {}\n0000000000 65535 f \n", offsets.size() + 1);
  for (const std::size_t offset : offsets) fmt::format_to(std::back_inserter(out), "{:010d} 00000 n \n", offset);
  const std::string id = fmt::format("{:016X}{:016X}", seed, pages * 0x9E3779B97F4A7C15ull);
  fmt::format_to(std::back_inserter(out),
                 "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R /ID [<{}> <{}>] >>\nstartxref\n{}\n%%EOF\n",
                 offsets.size() + 1, id, id, xref);
  return doc;
}

}  // namespace foiguard::bench
