// French stemming (Snowball's French algorithm, from Debian's libstemmer), so that search matches
// a word's other forms the same way on both engines: "livreurs" and "livreur", "soins" and "soin".
#pragma once
#include <string>
#include <string_view>

namespace jalon::text {

// The Snowball French stem of one word, as fold() gives it (lower case, no accents): "livreurs"
// -> "livreur", "vendeuses" -> "vendeux". Thread-safe (one stemmer per thread).
std::string french_stem(std::string_view folded_word);

}  // namespace jalon::text
