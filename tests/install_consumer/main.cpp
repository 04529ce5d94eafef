// Bytes in, findings out, through the installed public API only.
// Exits 0 only when the sample's name and pay number are found as one
// personnel record and the file is at BLOCK, and the same text in a mail is
// read as a mail (by the installed email reader library) and BLOCKed too.
#include <foiguard/foiguard.hpp>

#include <iostream>
#include <string>
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
  // Mail is read by a library of its own (libfoiguard-email.so), which the
  // installed libfoiguard must find beside itself.
  const std::string mail = std::string("From: Records <records@example.org>\r\nTo: FOI <foi@example.org>\r\n"
                                       "Subject: Staff list\r\n\r\n") + std::string(sample);
  const foiguard::FileReport mail_report = scanner.scan_bytes("message.eml", mail);
  std::cout << "message.eml: " << mail_report.format << ", " << mail_report.findings.size() << " findings"
            << (mail_report.error.empty() ? "" : ", error: " + mail_report.error) << "\n";
  const bool mail_read = mail_report.format == "eml" && mail_report.error.empty() &&
                         mail_report.verdict == foiguard::Verdict::block;
  return name && pay_number && report.verdict == foiguard::Verdict::block && mail_read ? 0 : 1;
}
