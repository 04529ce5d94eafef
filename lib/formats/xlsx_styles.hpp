// What a cell's style says about its value and its visibility, from
// xl/styles.xml: whether numbers are dates (so a date of birth reads as a
// date, not 29845) and whether the text is made invisible ("hiding in plain
// sight": the ;;; number format, font colour equal to the fill, tiny fonts).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/zip_archive.hpp"

namespace foiguard::formats {

struct CellStyle {
  bool date = false;
  bool invisible = false;
};

// One CellStyle per cellXfs entry (a cell's s attribute indexes it).
std::vector<CellStyle> read_styles(ZipArchive& zip, const ZipArchive::Entry& part);

// True when an Excel number format shows dates (built-in ids 14-22, 45-47;
// custom codes with day or year fields outside quotes and brackets).
bool is_date_format(std::uint32_t id, std::string_view code);
// True when the format shows nothing at all (";;;").
bool is_empty_format(std::string_view code);
// "YYYY-MM-DD" for an Excel date serial, or "" when it is not a plausible date.
std::string excel_date(double serial, bool date1904);

}  // namespace foiguard::formats
