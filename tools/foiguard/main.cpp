// foiguard: the command line. It only wires library pieces together; each
// subcommand lives in its own file (scan_command.cpp), and everything they
// decide is in the library.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "foiguard/foiguard.hpp"
#include "formats/formats.hpp"
#include "baseline_command.hpp"
#include "rules_command.hpp"
#include "roster_command.hpp"
#include "scan_command.hpp"

namespace {

constexpr int kUsageError = 2;

// CLI11 does not wrap the description: it is wrapped here, under 100 columns.
constexpr const char* kDescription =
    "foiguard finds exposed police personnel data in documents before they are released under\n"
    "Freedom of Information: officers' names, ranks, collar, pay and warrant numbers, vetting levels\n"
    "and sensitive units, and general UK personal data (NI and NHS numbers, dates of birth, addresses,\n"
    "phone numbers, salaries, bank details). Each file gets a verdict: BLOCK (a personnel record, or an\n"
    "identifier that names someone on its own), REVIEW (possible personal data, or a part that could\n"
    "not be checked), CLEAN, or ERROR (the file could not be checked). Values are masked unless\n"
    "--show-values is given.\n";

constexpr const char* kExamples =
    "Examples:\n"
    "  foiguard scan response-pack/                 human report, coloured on a terminal\n"
    "  foiguard scan --format json letter.txt       one JSON document on stdout\n"
    "  foiguard scan --fail-on review --quiet dir/  exit 1 at REVIEW too; list only non-CLEAN files\n"
    "  foiguard scan --cache share.db --format html -o report.html /srv/share\n"
    "                                               a shared drive: re-runs read only what changed\n"
    "  foiguard scan --policy policy.toml dir/      with a force's rules, allowlists and thresholds\n"
    "  foiguard roster build hr.xlsx -o staff.roster --key-file force.key\n"
    "  foiguard scan --roster staff.roster --key-file force.key dir/\n"
    "                                               match the force's own staff, names and numbers\n"
    "  foiguard rules list                          every built-in rule with an example\n"
    "  foiguard rules test \"DS 4417 Okonkwo\"        what fires on a text, and why\n";

}  // namespace

int main(int argc, char** argv) {
  // glibc's mktime reads the time zone again (a stat of /etc/localtime) on
  // every call while TZ is unset, and libzip calls it for every member of
  // every archive it opens: 4,000 calls on a zip of 1,000 documents, 5% of
  // its scan. ":/etc/localtime" is the zone an unset TZ means, read once.
  if (!std::getenv("TZ")) ::setenv("TZ", ":/etc/localtime", 0);

  CLI::App app{kDescription, "foiguard"};
  app.require_subcommand(1);
  app.footer(std::string("\n") + kExamples + "\n" + foiguard::cli::exit_codes_help());
  app.set_version_flag("--version", std::string(foiguard::version()));

  foiguard::cli::ScanArgs args;
  CLI::App* scan = foiguard::cli::add_scan_command(app, args);
  foiguard::cli::RosterArgs roster_args;
  CLI::App* roster = foiguard::cli::add_roster_command(app, roster_args);
  foiguard::cli::BaselineArgs baseline_args;
  CLI::App* baseline = foiguard::cli::add_baseline_command(app, baseline_args);
  foiguard::cli::RulesArgs rules_args;
  const foiguard::cli::RulesCommand rules = foiguard::cli::add_rules_command(app, rules_args);
  CLI::App* version = app.add_subcommand("version", "Print the version of foiguard and of its rules");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, or the error and a hint
    return code == 0 ? 0 : kUsageError;
  }
  try {
    if (*scan) return foiguard::cli::run_scan(args);
    if (*roster) return foiguard::cli::run_roster(roster_args);
    if (*baseline) return foiguard::cli::run_baseline(baseline_args);
    if (*rules.rules) return foiguard::cli::run_rules(rules, rules_args);
    if (*version) {
      std::cout << fmt::format("foiguard {} (rules {})\n", foiguard::version(), foiguard::RuleSet::builtin().version);
      const std::string pdf = foiguard::formats::pdf_support();
      if (pdf.empty()) {
        std::cout << "PDF: not built in (see the README: FOIGUARD_WITH_PDF)\n";
      } else if (pdf.starts_with("poppler")) {
        std::cout << fmt::format("PDF: {} (GPL-2.0-or-later: this build is distributed under the GPL)\n", pdf);
      } else {
        std::cout << fmt::format("PDF: {}\n", pdf);
      }
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "foiguard: " << e.what() << '\n';
    return 3;
  }
  return kUsageError;
}
