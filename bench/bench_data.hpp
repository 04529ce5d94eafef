// Deterministic synthetic data for the benchmarks (and for scripts/bench_vs_ripgrep.sh,
// through foiguard_gen_bench_data). The same size always gives the same bytes.
// All names, numbers and addresses are invented.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace foiguard::bench {

// FOI-style prose paragraphs with CSV-ish aggregate blocks, about one personnel
// record per 10 KiB (rank + collar + name, pay numbers, vetting, units, NI
// numbers, NHS numbers, e-mails, phones, postcodes, dates of birth, salaries,
// sort codes), plus clean look-alikes (FOI references, cost centres, policy
// sentences about vetting levels, the regulator's address, "PC World").
// At most `bytes` long and within one paragraph of it; ends at a line break.
// `seed` varies the text (the default is the text every earlier figure used).
std::string make_prose_mix(std::size_t bytes, std::uint64_t seed = 0x5EED'F01Aull);

// A dense staff CSV, one personnel record per line, with the header
// Surname,Forename,Rank,Pay No,Collar No,Unit,Vetting. At most `bytes` long
// and within one row of it; ends at a line break.
std::string make_staff_csv(std::size_t bytes);

// A staff workbook as an HR or duty system exports it, built in memory with
// libzip (deflate at the default level, fixed timestamps, so the same row
// count always gives the same bytes). Parts: [Content_Types].xml, _rels/.rels,
// docProps/{core,app}.xml, xl/workbook.xml, xl/_rels/workbook.xml.rels,
// xl/styles.xml (a dd/mm/yyyy date style, a bold header style),
// xl/sharedStrings.xml and one worksheet per kXlsxRowsPerSheet data rows.
// Each sheet has the header row Surname, Forename, Rank, Pay No, Unit,
// Location, Date of Birth, Start Date, Cost Centre, Notes and every data row
// fills all ten cells: shared strings for text (pooled names, ranks, units
// and locations, double-barrelled surnames, repeated status notes and unique
// free-text notes), numbers for pay numbers and cost centres, date serials
// with the date style for the two dates.
struct XlsxWorkbook {
  std::string bytes;               // the .xlsx file
  std::uint64_t rows = 0;          // data rows, header rows not counted
  std::uint64_t cells = 0;         // <c> elements written, header cells included
  std::uint64_t xml_bytes = 0;     // inflated size of every part
  std::uint64_t sheet_xml_bytes = 0;  // inflated size of the worksheets alone
  std::uint64_t shared_strings = 0;   // unique strings in xl/sharedStrings.xml
  std::uint32_t sheets = 0;
};
inline constexpr std::size_t kXlsxColumns = 10;
// Excel stops at 1,048,576 rows: larger workbooks get more sheets.
inline constexpr std::size_t kXlsxRowsPerSheet = 1000000;
// Throws std::runtime_error when libzip fails.
XlsxWorkbook make_staff_xlsx(std::size_t rows);

// A letter-like Word document of about `pages` pages (3,000 characters of
// make_prose_mix text a page) as Word writes one: paragraphs split into runs
// with run properties, aggregate tables as w:tbl, a tracked deletion naming
// an officer every 40 paragraphs, page breaks, a header and a footer.
std::string make_letter_docx(std::size_t pages, std::uint64_t seed = 0x1E77'E500ull);

// A zip of `documents` small documents, a sixth each of: text letters, staff
// CSVs, two-page DOCX letters, staff workbooks of 20 to 59 rows, HTML pages
// and plain-text emails (3 to 12 KB of text each).
std::string make_mixed_zip(std::size_t documents);
// Document `i` of make_mixed_zip: its member name and bytes.
std::pair<std::string, std::string> make_mixed_document(std::size_t i);

// make_prose_mix without its personnel records: FOI prose and aggregate
// tables, with the clean look-alikes, and nothing a scan should report.
std::string make_clean_prose(std::size_t bytes, std::uint64_t seed);
// Crime statistics by year, month and category: a CSV with no personal data.
std::string make_statistics_csv(std::size_t bytes, std::uint64_t seed);

// Document `i` of a shared-drive tree, a quarter of them exposing people (of
// every 20: a prose briefing with personnel records, a staff CSV, two DOCX
// letters with an officer in a tracked deletion, a staff workbook) and the
// rest clean (FOI letters, statistics CSVs, web pages and emails).
std::pair<std::string, std::string> make_tree_document(std::size_t i);

// A shared-drive-like tree of `files` files under `dir`: make_tree_document(0
// .. files-1) spread over 20 department folders, each split in batches of
// 2,000 and by kind (letters/, tables/, web/, mail/). Throws on I/O errors.
struct TreeStats {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t text_bytes = 0;  // .txt and .csv files: what ripgrep can read too
};
TreeStats write_mixed_tree(const std::string& dir, std::size_t files);

// A text PDF as a report generator writes one: PDF 1.7, a flat page tree of
// A4 pages, each with one Flate-compressed content stream of a Helvetica-Bold
// running head (TJ), 45 line slots of make_prose_mix text in 10 pt Helvetica
// (Tj; about 40 lines, the rest blank between paragraphs; the standard 14
// fonts, not embedded, WinAnsiEncoding: what it lacks becomes '?') and a
// "Page N of M" footer; an info dictionary, an exact cross-reference table.
// Pages 5, 15, ... have a light highlight drawn under a line, pages 10, 20,
// ... a black box drawn after the text over three words of a line (a failed
// redaction): on the page's personnel record where it has one, over its
// name. The same arguments always give the same bytes.
struct PdfDocument {
  std::string bytes;                // the .pdf file
  std::size_t pages = 0;
  std::uint64_t text_bytes = 0;     // characters shown (one WinAnsi byte each), heads and footers included
  std::uint64_t content_bytes = 0;  // content streams before compression
};
// The default seed is make_prose_mix's: the pages hold a prefix of its text.
PdfDocument make_text_pdf(std::size_t pages, std::uint64_t seed = 0x5EED'F01Aull);

// Records make_prose_mix inserts per byte: bytes / kProseRecordEvery.
inline constexpr std::size_t kProseRecordEvery = 10 * 1024;

}  // namespace foiguard::bench
