// Typed reading of API bodies: a wrong type or an integer that does not fit is an error naming
// the member (a 422 for the caller), never an exception (a 500) nor a silently narrowed value.
#include "http/json_api.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using jalon::http::JsonFields;
using nlohmann::json;

TEST_CASE("json fields: an integer that does not fit is refused, not narrowed") {
  json j = json::parse(R"({"mobility_km": 4294967346})");  // 2^32 + 50
  JsonFields f(j);
  CHECK(f.integer("mobility_km", -1, 0, 300) == -1);
  REQUIRE(f.error());
  CHECK(f.error()->field == "mobility_km");
  CHECK(f.error()->message.find("entre 0 et 300") != std::string::npos);

  json big = json::parse(R"({"n": 18446744073709551615, "m": -9223372036854775808})");
  JsonFields g(big);
  CHECK(g.integer("n", 7) == 7);
  CHECK(g.error()->field == "n");
  JsonFields h(big);
  CHECK(h.integer("m", 7) == 7);
  CHECK(h.error()->field == "m");
}

TEST_CASE("json fields: wrong types name the member and return the fallback") {
  json j = json::parse(R"({"first_name": 12, "vehicle": "oui", "km": 12.5, "licences": "B",
                           "items": [{"severity": 2}, {"severity": "grave"}], "sections": {"a": 1}})");
  JsonFields a(j);
  CHECK(a.string("first_name").empty());
  CHECK(a.error()->field == "first_name");
  JsonFields b(j);
  CHECK(b.boolean("vehicle") == false);
  CHECK(b.error()->field == "vehicle");
  JsonFields c(j);
  CHECK(c.integer("km", -1) == -1);
  CHECK(c.error()->field == "km");
  JsonFields d(j);
  CHECK(d.strings("licences").empty());
  CHECK(d.error()->field == "licences");
  JsonFields e(j);
  auto items = e.objects("items");
  REQUIRE(items.size() == 2);
  CHECK(items[0].integer("severity", 0) == 2);
  CHECK(!e.error());
  CHECK(items[1].integer("severity", 0) == 0);
  REQUIRE(e.error());  // the element's error is the body's error
  CHECK(e.error()->field == "items[1].severity");
  JsonFields s(j);
  CHECK(s.string_map("sections").empty());
  CHECK(s.error()->field == "sections.a");
}

TEST_CASE("json fields: absent and null members give the fallback without error") {
  json j = json::parse(R"({"name": "Voiron", "note": null, "n": 300, "ok": true, "l": ["a"]})");
  JsonFields f(j);
  CHECK(f.string("name") == "Voiron");
  CHECK(f.string("note").empty());
  CHECK(f.string("absent").empty());
  CHECK(f.integer("n", -1, 0, 300) == 300);
  CHECK(f.integer("absent", -1) == -1);
  CHECK(f.boolean("ok"));
  CHECK(f.strings("l") == std::vector<std::string>{"a"});
  std::string kept = "before";
  f.take("absent", kept);
  CHECK(kept == "before");
  f.take("note", kept);
  CHECK(kept.empty());
  CHECK(!f.error());
}
