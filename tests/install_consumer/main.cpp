// Bytes in, findings out, through the installed public API only.
// Exits 0 only when the sample's name and pay number are found as one
// personnel record and the file is at BLOCK.
#include <foiguard/foiguard.hpp>

#include <iostream>
#include <string_view>

int main() {
  constexpr std::string_view sample = "Sgt Ní Bhriain, pay number 123456\n";

  const foiguard::Detector detector(foiguard::RuleSet::builtin());
  const foiguard::Scanner scanner(detector, foiguard::ScanOptions{});
  const foiguard::FileReport report = scanner.scan_bytes("sample.txt", sample);

  std::cout << report.findings.size() << " findings, verdict "
            << foiguard::to_string(report.verdict) << "\n";
  for (const foiguard::Finding& finding : report.findings) {
    std::cout << "  " << foiguard::to_string(finding.category) << " " << finding.masked << " at "
              << foiguard::describe(finding.location) << "\n";
  }
  bool name = false, pay_number = false;
  for (const foiguard::Finding& finding : report.findings) {
    name |= finding.category == foiguard::Category::person_name && finding.record != 0;
    pay_number |= finding.category == foiguard::Category::pay_number && finding.record != 0;
  }
  return name && pay_number && report.verdict == foiguard::Verdict::block ? 0 : 1;
}
