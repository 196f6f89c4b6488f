// Decoding of what browsers send: percent-encoding, application/x-www-form-urlencoded bodies and
// query strings, and the Cookie header. Malformed input never throws: bad escapes are kept
// literally and invalid UTF-8 is rejected by the caller's validation.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "http/message.h"

namespace jalon::http {

std::string percent_decode(std::string_view s, bool plus_is_space);
std::string percent_encode(std::string_view s);
Fields parse_urlencoded(std::string_view body);
std::map<std::string, std::string, std::less<>> parse_cookies(std::string_view header);

// `target` when it is a path of this site a sign-in may send the user back to ("/x?y"), or ""
// (no open redirect): it starts with one "/", never "//" or "/\", and holds no backslash, no
// control character and no space; at most 2 000 bytes.
std::string safe_return_path(std::string_view target);
// The path and query a GET asked for, for the sign-in to return to ("" for the home page).
std::string requested_path(const Request& req);

}  // namespace jalon::http
