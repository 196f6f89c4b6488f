#include "http/forms.h"

#include <doctest/doctest.h>

namespace jalon::http {

TEST_CASE("safe_return_path keeps this site's paths and refuses every other destination") {
  CHECK(safe_return_path("/beneficiaires") == "/beneficiaires");
  CHECK(safe_return_path("/beneficiaires?tri=nom&page=2") == "/beneficiaires?tri=nom&page=2");
  CHECK(safe_return_path("/") == "/");
  // Another site, however it is spelled.
  CHECK(safe_return_path("https://evil.example/") == "");
  CHECK(safe_return_path("//evil.example/x") == "");
  CHECK(safe_return_path("/\\evil.example") == "");
  CHECK(safe_return_path("/a\\b") == "");
  CHECK(safe_return_path("javascript:alert(1)") == "");
  CHECK(safe_return_path("evil.example") == "");
  CHECK(safe_return_path("") == "");
  // Control characters and spaces (header splitting, browsers dropping tabs).
  CHECK(safe_return_path("/\t/evil.example") == "");
  CHECK(safe_return_path("/a\r\nSet-Cookie: x=1") == "");
  CHECK(safe_return_path("/a b") == "");
  CHECK(safe_return_path("/" + std::string(2000, 'a')) == "");
}

TEST_CASE("requested_path gives back the path and query a GET asked for") {
  Request req;
  req.path = "/";
  CHECK(requested_path(req) == "");
  req.path = "/beneficiaires/abc";
  CHECK(requested_path(req) == "/beneficiaires/abc");
  req.query_string = "tri=nom&page=2";
  CHECK(requested_path(req) == "/beneficiaires/abc?tri=nom&page=2");
  req.path = "/a?b";  // a decoded "%3F" stays part of the path
  req.query_string.clear();
  CHECK(requested_path(req) == "/a%3Fb");
}

}  // namespace jalon::http
