// UTF-8 text helpers. fold() is the one normalisation used for matching people's input against
// stored text: lower case, accents removed, ligatures spelled out ("Œuvre Été" -> "oeuvre ete").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace jalon::text {

bool valid_utf8(std::string_view s);
// Lower case without diacritics; invalid UTF-8 input returns an empty string.
std::string fold(std::string_view s);
// "1234567" -> "1 234 567": French digit grouping (a plain space, safe in every output format).
std::string group_thousands(int64_t n);
// Trims ASCII and Unicode no-break spaces at both ends.
std::string trim(std::string_view s);
// Number of Unicode code points (0 for invalid UTF-8).
std::size_t length(std::string_view s);
// A whole decimal integer ("42", "-3"), or `fallback` for anything else ("", "4x", "9e99").
int to_int(std::string_view s, int fallback);

}  // namespace jalon::text
