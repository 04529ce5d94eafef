// Bytes in, findings out, through the installed public API only.
// Exits 0 only when the personnel data in the sample is found.
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
  return report.findings.empty() ? 1 : 0;
}
