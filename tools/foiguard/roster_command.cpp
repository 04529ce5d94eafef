#include "roster_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "fingerprint_key.hpp"
#include "foiguard/foiguard.hpp"
#include "formats/formats.hpp"

namespace foiguard::cli {

namespace {

constexpr int kUsageError = 2;
constexpr std::size_t kMinKeyBytes = 16;
constexpr std::uint32_t kHeaderSearchRows = 20;  // a title block may sit above the header row

constexpr const char* kMakeKey = "head -c 32 /dev/urandom > staff.key && chmod 600 staff.key";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------- the key

// The roster key must be named: a roster built with the per-user fingerprint
// key that `scan` creates silently would match only on this account.
std::string roster_key(const std::string& key_file) {
  const char* from_env = std::getenv("FOIGUARD_KEY_FILE");
  const std::string named = !key_file.empty() ? key_file : (from_env ? from_env : "");
  if (named.empty())
    throw UsageError(
        fmt::format("the roster key is needed: give --key-file FILE (or set FOIGUARD_KEY_FILE). A roster is never "
                    "built with the key that `scan` creates on its own. Make a key once ({}), keep it apart from the "
                    "roster, and give the same --key-file to `roster build` and to every `scan --roster`; it also keys "
                    "the findings' fingerprints.",
                    kMakeKey));
  auto key = fingerprint_key(named);  // says why on stderr when it cannot read it
  if (!key) throw UsageError(fmt::format("no key read from {}: give a readable --key-file", named));
  if (key->size() < kMinKeyBytes)
    throw UsageError(
        fmt::format("the key file {} holds {} bytes; a roster key needs at least {} random bytes "
                    "(make one with: {})",
                    named, key->size(), kMinKeyBytes, kMakeKey));
  struct stat info {};
  if (::stat(named.c_str(), &info) == 0 && (info.st_mode & 077) != 0)
    std::cerr << fmt::format("foiguard: warning: key file {} can be read by other users: chmod 600 {}\n", named, named);
  return *key;
}

std::string read_input(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// ---------------------------------------------------------------- the export's tables

struct Sheet {
  std::string name;                                                    // "" for CSV/TSV
  std::map<std::uint32_t, std::map<std::uint32_t, std::string>> rows;  // row -> column -> text
};

struct Export {
  std::string format;
  std::vector<Sheet> sheets;  // in reading order
};

// Every table cell of the file, by sheet. Cells of files embedded in the
// export and of document properties (no row) are not staff rows.
Export read_export(const std::string& path, const std::string& bytes) {
  formats::Sniffed sniffed = formats::sniff(bytes, path);
  if (sniffed.kind == formats::Kind::text) {  // one column, or a table the sniffer was unsure of
    sniffed.kind = formats::Kind::csv;
    const std::string_view first_line = std::string_view(bytes).substr(0, bytes.find('\n'));
    sniffed.delimiter = first_line.find('\t') != std::string_view::npos ? '\t' : ',';
  }
  if (sniffed.kind != formats::Kind::csv && sniffed.kind != formats::Kind::package)
    throw UsageError(fmt::format("{} is {}: roster build reads CSV, TSV, XLSX and ODS exports", path,
                                 sniffed.detail.empty() ? sniffed.format : sniffed.detail));
  Export out;
  std::map<std::string, std::size_t> sheet_of;
  formats::PackageOptions options;
  options.max_depth = 0;
  formats::ReadStats stats;
  try {
    stats = formats::read_sniffed(sniffed, bytes, options, [&](TextBatch& batch) {
      for (const Span& span : batch.spans) {
        if (span.kind != SpanKind::table_cell || span.row == 0 || span.column == 0) continue;
        const Scope& scope = batch.scopes[span.scope];
        if (!scope.container.empty()) continue;
        const std::string name = scope.sheet.value_or("");
        const std::string id = scope.part.value_or("") + '\n' + name;
        auto [at, added] = sheet_of.try_emplace(id, out.sheets.size());
        if (added) out.sheets.push_back({name, {}});
        out.sheets[at->second].rows[span.row][span.column] = batch.text.substr(span.begin, span.end - span.begin);
      }
    });
  } catch (const formats::FormatError& e) {
    throw UsageError(fmt::format("cannot read {}: {}", path, e.what()));
  }
  out.format = stats.format.empty() ? sniffed.format : stats.format;
  if (out.sheets.empty() && !stats.not_checked.empty())
    throw UsageError(fmt::format("cannot read {} ({}): {}", path, out.format, stats.not_checked.front().reason));
  if (out.sheets.empty())
    throw UsageError(
        fmt::format("{} ({}) holds no table: roster build reads CSV, TSV, XLSX and ODS exports "
                    "with a header row",
                    path, out.format));
  return out;
}

// ---------------------------------------------------------------- columns

enum Role : std::size_t { forename, surname, full_name, pay, warrant, collar, unit, sensitive, kRoles };

constexpr std::array<const char*, kRoles> kRoleNames = {"forename",       "surname",       "name", "pay number",
                                                        "warrant number", "collar number", "unit", "sensitivity flag"};
constexpr std::array<const char*, kRoles> kRoleFlags = {"--forename-column", "--surname-column",  "--name-column",
                                                        "--pay-column",      "--warrant-column",  "--collar-column",
                                                        "--unit-column",     "--sensitive-column"};

// Header texts each role is recognised by, after header_key().
const std::array<std::set<std::string>, kRoles>& known_headers() {
  static const std::array<std::set<std::string>, kRoles> headers = {{
      {"forename", "forenames", "first name", "first names", "firstname", "given name", "given names", "christian name",
       "initial", "initials", "first initial"},
      {"surname", "surnames", "last name", "lastname", "family name"},
      {"name", "full name", "fullname", "officer name", "staff name", "employee name", "name of officer"},
      {"pay number", "pay no", "pay num", "pay ref", "pay id", "payroll", "payroll number", "payroll no", "payroll id",
       "employee number", "employee no", "employee id", "staff number", "staff no", "staff id", "personnel number",
       "personnel no"},
      {"warrant number", "warrant no", "warrant", "warrant id", "warrant ref"},
      {"collar number", "collar no", "collar", "shoulder number", "shoulder no", "epaulette number"},
      {"unit", "department", "dept", "team", "section", "command", "posting", "business unit"},
      {"covert", "sensitive", "restricted", "sensitivity", "covert flag", "covert post", "covert role",
       "sensitive post", "sensitive role", "restricted post"},
  }};
  return headers;
}

// Lower case, punctuation as spaces, one space between words: "Pay No." and
// "PAY  NO" are both "pay no"; "Collar #" is "collar no".
std::string header_key(std::string_view header) {
  std::string out;
  for (char c : header) {
    const auto u = static_cast<unsigned char>(c);
    std::string piece;
    if (c == '#')
      piece = " no ";
    else if (std::isalnum(u) || u >= 0x80)
      piece = std::string(1, static_cast<char>(std::tolower(u)));
    else
      piece = " ";
    for (char p : piece) {
      if (p == ' ' && (out.empty() || out.back() == ' ')) continue;
      out += p;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

struct Columns {
  std::uint32_t header_row = 0;
  std::array<std::uint32_t, kRoles> at{};  // 0: none
  std::array<std::string, kRoles> header{};
  bool has(Role role) const { return at[role] != 0; }
};

std::array<std::string, kRoles> flag_columns(const RosterArgs& args) {
  return {args.forename_column, args.surname_column, args.name_column, args.pay_column,
          args.warrant_column,  args.collar_column,  args.unit_column, args.sensitive_column};
}

// The columns of `row` by flag or by header; nullopt unless it names someone
// (a surname or name column) and every flag's column.
std::optional<Columns> columns_of(const std::map<std::uint32_t, std::string>& row, std::uint32_t row_number,
                                  const RosterArgs& args) {
  const auto flags = flag_columns(args);
  Columns found;
  found.header_row = row_number;
  const bool name_flagged = !args.name_column.empty();
  for (std::size_t role = 0; role < kRoles; ++role) {
    const bool split_name_role = role == forename || role == surname;
    if (flags[role].empty() && ((name_flagged && split_name_role) ||
                                (role == full_name && (!args.forename_column.empty() || !args.surname_column.empty()))))
      continue;  // a flag for the other way of naming people decides
    const std::string wanted = header_key(flags[role]);
    for (const auto& [column, text] : row) {
      const std::string key = header_key(text);
      if (key.empty()) continue;
      const bool match = flags[role].empty() ? known_headers()[role].count(key) > 0 : key == wanted;
      if (match && !found.at[role]) {
        found.at[role] = column;
        found.header[role] = text;
      }
    }
    if (!flags[role].empty() && !found.at[role]) return std::nullopt;
  }
  if (found.has(surname) && found.has(full_name) && args.name_column.empty()) found.at[full_name] = 0;
  if (!found.has(surname) && !found.has(full_name)) return std::nullopt;
  return found;
}

std::string column_label(const Sheet& sheet, std::uint32_t column) {
  if (sheet.name.empty()) return fmt::format("column {}", column);
  std::string letters;
  for (std::uint32_t c = column; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return fmt::format("column {}", letters);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + fmt::format("'{}'", item);
  return out.empty() ? "(none)" : out;
}

struct Found {
  const Sheet* sheet = nullptr;
  Columns columns;
};

Found find_columns(const Export& table, const RosterArgs& args, const std::string& path) {
  for (const Sheet& sheet : table.sheets) {
    std::uint32_t seen = 0;
    for (const auto& [row_number, row] : sheet.rows) {
      if (++seen > kHeaderSearchRows) break;
      if (auto columns = columns_of(row, row_number, args)) return {&sheet, *columns};
    }
  }
  // Say what was there and how to name the columns; the header row is the
  // first row of the first sheet, where exports put it.
  const Sheet& first = table.sheets.front();
  std::vector<std::string> headers;
  if (!first.rows.empty())
    for (const auto& [column, text] : first.rows.begin()->second) headers.push_back(text);
  const auto flags = flag_columns(args);
  std::vector<std::string> missing;
  for (std::size_t role = 0; role < kRoles; ++role)
    if (!flags[role].empty()) missing.push_back(fmt::format("{} '{}'", kRoleFlags[role], flags[role]));
  const std::string where = first.name.empty() ? "" : fmt::format(" of sheet '{}'", first.name);
  if (!missing.empty())
    throw UsageError(fmt::format(
        "{}: no header row (in the first {} rows of each sheet) has every column named by {}. Headers seen in the "
        "first row{}: {}. Give the header texts exactly as they are (case and punctuation do not matter).",
        path, kHeaderSearchRows, joined(missing), where, quoted_list(headers)));
  throw UsageError(fmt::format(
      "{}: no surname column found. Headers seen in the first row{}: {}. Name the columns with "
      "--surname-column and --forename-column, or --name-column for one column of \"Surname, Forename\" or "
      "\"Forename Surname\"; numbers with --pay-column, --warrant-column, --collar-column; --unit-column and "
      "--sensitive-column for sensitivity.",
      path, where, quoted_list(headers)));
}

// ---------------------------------------------------------------- rows to staff

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

bool truthy(std::string_view text) {
  const std::string key = header_key(text);
  return key == "yes" || key == "y" || key == "true" || key == "1" || key == "x";
}

// Words that belong to the surname that follows them: "Ní Bhriain",
// "Mac Giolla Phádraig", "Mac an tSaoi", "De Souza", "van der Berg".
bool surname_particle(std::string_view word) {
  static const std::set<std::string, std::less<>> particles = {
      "ní", "ni",  "nic", "mac", "mc",  "ó",   "o",   "ua",  "uí",  "ui", "mhic", "giolla",
      "an", "van", "von", "der", "den", "de",  "da",  "das", "dos", "du", "del",  "della",
      "di", "le",  "la",  "al",  "el",  "bin", "ibn", "ap",  "ab",  "st", "ter"};
  std::string lower;
  for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Ó, Ní, Uí: lower-case their UTF-8 capitals too.
  if (lower == "\xc3\x93") lower = "ó";
  if (lower.rfind("n\xc3\x8d", 0) == 0 || lower.rfind("u\xc3\x8d", 0) == 0) lower.replace(1, 2, "í");
  return particles.count(lower) > 0;
}

// One name cell: "Surname, Forename" when it has a comma, else
// "Forename Surname" with the particles before the last word kept in the surname.
void split_name(const std::string& name, StaffMember& member) {
  const auto comma = name.find(',');
  if (comma != std::string::npos) {
    member.surname = trimmed(std::string_view(name).substr(0, comma));
    member.forename = trimmed(std::string_view(name).substr(comma + 1));
    return;
  }
  std::vector<std::string> words;
  for (std::size_t at = 0; at < name.size();) {
    const auto end = std::min(name.find(' ', at), name.size());
    if (end > at) words.push_back(name.substr(at, end - at));
    at = end + 1;
  }
  if (words.empty()) return;
  std::size_t start = words.size() - 1;
  while (start > 1 && surname_particle(words[start - 1])) --start;  // keeps a word for the forename
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string& part = i < start ? member.forename : member.surname;
    part += (part.empty() ? "" : " ") + words[i];
  }
  if (words.size() == 1) std::swap(member.forename, member.surname);  // a lone word is a surname
}

// unit.sensitive, the built-in rule, decides which units are sensitive: the
// same judgement a scan makes of a unit named in a document.
class SensitiveUnits {
 public:
  SensitiveUnits() : detector_(RuleSet::builtin()) {
    options_.min_confidence = Confidence::low;
    options_.render_limit = 0;
  }
  bool operator()(const std::string& unit) {
    if (unit.empty()) return false;
    auto [at, added] = known_.try_emplace(unit, false);
    if (!added) return at->second;
    TextBatch batch;
    Span span;
    span.line = 1;
    span.column = 1;
    batch.append(unit, span);
    for (const Finding& f : detector_.detect(batch, options_))
      if (f.category == Category::sensitive_unit) at->second = true;
    return at->second;
  }

 private:
  Detector detector_;
  DetectOptions options_;
  std::unordered_map<std::string, bool> known_;
};

struct Staff {
  std::vector<StaffMember> members;
  std::size_t by_flag = 0, by_unit = 0;
  std::vector<std::uint32_t> skipped_rows;
};

Staff read_staff(const Sheet& sheet, const Columns& columns) {
  Staff staff;
  SensitiveUnits sensitive_unit;
  for (auto it = sheet.rows.upper_bound(columns.header_row); it != sheet.rows.end(); ++it) {
    const auto& row = it->second;
    const auto cell = [&](Role role) {
      if (!columns.has(role)) return std::string();
      const auto found = row.find(columns.at[role]);
      return found == row.end() ? std::string() : trimmed(found->second);
    };
    StaffMember member;
    if (columns.has(full_name)) {
      split_name(cell(full_name), member);
    } else {
      member.forename = cell(forename);
      member.surname = cell(surname);
    }
    member.pay_number = cell(pay);
    member.warrant_number = cell(warrant);
    member.collar_number = cell(collar);
    if (member.surname.empty() && member.pay_number.empty() && member.warrant_number.empty() &&
        member.collar_number.empty()) {
      staff.skipped_rows.push_back(it->first);
      continue;
    }
    const bool flagged = truthy(cell(sensitive));
    const bool in_unit = !flagged && sensitive_unit(cell(unit));
    member.sensitive = flagged || in_unit;
    staff.by_flag += flagged;
    staff.by_unit += in_unit;
    staff.members.push_back(std::move(member));
  }
  return staff;
}

// ---------------------------------------------------------------- writing

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

// Written beside the target and moved into place, so that a reader never sees
// half a roster; mode 0600 from the start (mkstemp).
void write_roster(const std::string& path, const std::string& bytes, bool force) {
  const auto slash = path.rfind('/');
  std::string temp =
      (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + ".foiguard-roster-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) throw UsageError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const bool ok = written == bytes.size() && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(temp.c_str());
    throw UsageError(fmt::format("cannot write {}: {}", path, std::strerror(saved)));
  }
  // link() fails on an existing file: no overwrite without --force, even in a race.
  const int moved = force ? ::rename(temp.c_str(), path.c_str()) : ::link(temp.c_str(), path.c_str());
  const int move_error = errno;
  if (!force || moved != 0) ::unlink(temp.c_str());
  if (moved != 0) {
    if (move_error == EEXIST) throw UsageError(fmt::format("{} exists: give --force to replace it", path));
    throw UsageError(fmt::format("cannot write {}: {}", path, std::strerror(move_error)));
  }
}

std::string row_list(const std::vector<std::uint32_t>& rows) {
  constexpr std::size_t kShown = 20;
  std::string out;
  for (std::size_t i = 0; i < rows.size() && i < kShown; ++i) out += (i ? ", " : "") + std::to_string(rows[i]);
  if (rows.size() > kShown) out += fmt::format(" and {} more", rows.size() - kShown);
  return out;
}

int run_build(const RosterArgs& args) {
  if (!args.name_column.empty() && (!args.forename_column.empty() || !args.surname_column.empty()))
    throw UsageError("give either --name-column or --forename-column/--surname-column, not both");
  if (!args.force && exists(args.output))
    throw UsageError(fmt::format("{} exists: give --force to replace it", args.output));
  const std::string key = roster_key(args.key_file);
  const std::string bytes = read_input(args.input);
  const Export table = read_export(args.input, bytes);
  const Found found = find_columns(table, args, args.input);
  const Staff staff = read_staff(*found.sheet, found.columns);
  if (!found.columns.has(forename) && !found.columns.has(full_name))
    std::cerr << "foiguard roster build: warning: no forename column (forename, first name, given name, initial): "
                 "a surname alone is no name form, so only numbers will match; name the column with "
                 "--forename-column\n";
  if (staff.members.empty())
    throw UsageError(fmt::format("{} has no staff rows under its header row {}: nothing to write", args.input,
                                 found.columns.header_row));

  const auto started = std::chrono::steady_clock::now();
  Roster roster = Roster::build(staff.members, key);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  write_roster(args.output, roster.serialize(), args.force);

  const RosterStats& stats = roster.stats();
  std::cout << fmt::format("Read {} ({}{}), header row {}\n", args.input, table.format,
                           found.sheet->name.empty() ? "" : fmt::format(", sheet '{}'", found.sheet->name),
                           found.columns.header_row);
  std::cout << "Columns used:\n";
  for (std::size_t role = 0; role < kRoles; ++role)
    if (found.columns.has(static_cast<Role>(role)))
      std::cout << fmt::format("  {:<17} '{}' ({})\n", kRoleNames[role], found.columns.header[role],
                               column_label(*found.sheet, found.columns.at[role]));
  std::cout << fmt::format("People:    {}\n", stats.people);
  std::cout << fmt::format("Sensitive: {} ({} by the flag column, {} by a unit the rule unit.sensitive recognises)\n",
                           stats.sensitive, staff.by_flag, staff.by_unit);
  std::cout << fmt::format("Entries:   {} hashed name forms and numbers (built in {:.2f} s)\n", stats.entries, seconds);
  const std::size_t skipped = staff.skipped_rows.size() + stats.skipped;
  if (skipped == 0) {
    std::cout << "Skipped:   none\n";
  } else {
    std::cout << fmt::format("Skipped:   {} {} with no surname and no number", skipped, skipped == 1 ? "row" : "rows");
    if (!staff.skipped_rows.empty())
      std::cout << fmt::format(" ({} {})", staff.skipped_rows.size() == 1 ? "row" : "rows",
                               row_list(staff.skipped_rows));
    std::cout << '\n';
  }
  std::cout << fmt::format(
      "Wrote {} (mode 0600): keyed hashes only, no name or number in it.\n"
      "Scan with: foiguard scan --roster {} --key-file KEY PATH (the same key)\n",
      args.output, args.output);
  return 0;
}

int run_info(const RosterArgs& args) {
  const std::string key = roster_key(args.key_file);
  const std::string bytes = read_input(args.input);
  std::cout << fmt::format("Roster: {} ({} bytes)\n", args.input, bytes.size());
  try {
    const Roster roster = Roster::load(bytes, key);
    const RosterStats& stats = roster.stats();
    std::cout << "Key:       matches\n";
    std::cout << fmt::format("People:    {}\nSensitive: {}\nEntries:   {}\n", stats.people, stats.sensitive,
                             stats.entries);
    return 0;
  } catch (const RosterError& e) {
    std::cout << fmt::format("Key:       does not match, or the file is damaged: {}\n", e.what());
    return 1;
  }
}

}  // namespace

CLI::App* add_roster_command(CLI::App& app, RosterArgs& args) {
  CLI::App* roster = app.add_subcommand("roster", "Build a hashed staff roster from an HR export, or check one");
  roster->require_subcommand(1);
  roster->footer(
      "\nA roster holds keyed hashes (HMAC-SHA256) of each person's name forms and numbers, never a name,\n"
      "number or unit in plaintext. The key lives in a separate file: give the same --key-file to\n"
      "`roster build` and `scan --roster`. Make one with: " +
      std::string(kMakeKey));

  CLI::App* build = roster->add_subcommand("build", "Hash an HR export (CSV, TSV, XLSX, ODS) into a roster file");
  build->footer(
      "\nColumns are found by their headers (forename/first name/given name/initial, surname/last name/\n"
      "family name, pay number/payroll, warrant number, collar/shoulder number, unit/department/team,\n"
      "covert/sensitive/restricted) or named with the --*-column options above (header text; case and punctuation\n"
      "do not matter).\n"
      "A person is sensitive (their findings are critical) when the flag column holds yes, y, true, 1 or x,\n"
      "or when their unit is one the built-in rule unit.sensitive recognises (counter terrorism, covert,\n"
      "undercover, surveillance, protection, source handling).\n\n"
      "Exit codes: 0 written; 2 usage error (no key, unreadable export, no surname column, file exists)");
  build->add_option("HR_EXPORT", args.input, "The HR export")->required()->type_name("");
  build->add_option("--output,-o", args.output, "The roster file to write (mode 0600)")->required()->type_name("FILE");
  build->add_option("--key-file", args.key_file, "The roster key (raw bytes, 16 or more); default: $FOIGUARD_KEY_FILE")
      ->type_name("FILE");
  build->add_flag("--force", args.force, "Replace an existing roster file");
  build->add_option("--forename-column", args.forename_column, "Column of forenames")->type_name("NAME");
  build->add_option("--surname-column", args.surname_column, "Column of surnames")->type_name("NAME");
  build
      ->add_option("--name-column", args.name_column,
                   "One column of whole names: \"Surname, Forename\" or \"Forename Surname\"")
      ->type_name("NAME");
  build->add_option("--pay-column", args.pay_column, "Column of pay numbers")->type_name("NAME");
  build->add_option("--warrant-column", args.warrant_column, "Column of warrant numbers")->type_name("NAME");
  build->add_option("--collar-column", args.collar_column, "Column of collar (shoulder) numbers")->type_name("NAME");
  build->add_option("--unit-column", args.unit_column, "Column of units (sensitive units mark their people)")
      ->type_name("NAME");
  build->add_option("--sensitive-column", args.sensitive_column, "Column flagging sensitive people (yes/y/true/1/x)")
      ->type_name("NAME");

  CLI::App* info = roster->add_subcommand("info", "Say how many people a roster holds and whether the key matches it");
  info->footer("\nExit codes: 0 the key matches; 1 it does not (or the file is damaged); 2 usage error");
  info->add_option("ROSTER", args.input, "The roster file")->required()->type_name("");
  info->add_option("--key-file", args.key_file, "The roster key; default: $FOIGUARD_KEY_FILE")->type_name("FILE");

  args.build = build;
  args.info = info;
  return roster;
}

int run_roster(const RosterArgs& args) {
  const bool build = args.build && *args.build;
  const char* command = build ? "roster build" : "roster info";
  try {
    if (build) return run_build(args);
    if (args.info && *args.info) return run_info(args);
  } catch (const UsageError& e) {
    std::cerr << "foiguard " << command << ": " << e.what() << '\n';
    return kUsageError;
  } catch (const RosterError& e) {
    std::cerr << "foiguard " << command << ": " << e.what() << '\n';
    return kUsageError;
  }
  return kUsageError;
}

std::shared_ptr<const Roster> load_roster(const std::string& path, const std::string& key,
                                          const std::string& key_file) {
  std::string bytes;
  try {
    bytes = read_input(path);
  } catch (const UsageError& e) {
    std::cerr << "foiguard scan: --roster: " << e.what() << '\n';
    return nullptr;
  }
  try {
    return std::make_shared<const Roster>(Roster::load(bytes, key));
  } catch (const RosterError& e) {
    const char* from_env = std::getenv("FOIGUARD_KEY_FILE");
    const bool named = !key_file.empty() || (from_env && from_env[0] != '\0');
    std::cerr << fmt::format(
        "foiguard scan: cannot use the roster {}: {}{}. `foiguard roster info {} --key-file KEY` checks a key "
        "against it.\n",
        path, e.what(), named ? "" : " (no --key-file was given, so the default fingerprint key was tried)", path);
    return nullptr;
  }
}

}  // namespace foiguard::cli
