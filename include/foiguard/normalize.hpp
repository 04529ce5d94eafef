// The one normalisation of names and numbers shared by roster building,
// roster matching and allowlists, so that "O’Brien-Ní Bhriain, Seán" in a
// document and "OBRIEN-NI BHRIAIN, SEAN" in an HR export compare equal.
//
// normalize_name: Unicode case folding and accent stripping (ICU: NFKD, marks
// removed), apostrophes of every kind removed ("O'Brien" = "OBrien"), hyphens,
// dashes, full stops and whitespace runs become one space, a comma stays as
// its own token. The result is lower-case words separated by single spaces:
//   "Ní Bhriain, Aoife" -> "ni bhriain , aoife";  "J. O’Brien" -> "j obrien".
// ASCII input never reaches ICU (the scan's hot path).
//
// normalize_number: letters and digits only, letters upper-cased:
//   "PN 012-345" -> "PN012345".
#pragma once

#include <string>
#include <string_view>

namespace foiguard {

std::string normalize_name(std::string_view text);
void normalize_name(std::string_view text, std::string& out);  // reuses out's capacity

std::string normalize_number(std::string_view text);

}  // namespace foiguard
