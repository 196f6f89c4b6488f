#include "core/dates.h"

#include <doctest/doctest.h>

using namespace jalon::dates;

TEST_CASE("ISO dates round-trip and impossible dates are refused") {
  auto d = parse_iso_date("2024-02-29");
  REQUIRE(d.ok());
  CHECK(iso(*d) == "2024-02-29");
  CHECK(french(*d) == "29/02/2024");
  CHECK_FALSE(parse_iso_date("2023-02-29").ok());
  CHECK_FALSE(parse_iso_date("29/02/2024").ok());
  auto bad = parse_iso_date("2024-13-01", "birth_date");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().field == "birth_date");
}

TEST_CASE("instants are shown in Paris time across daylight saving") {
  // 2026-07-01T12:00:00Z is 14:00 in summer; 2026-01-15T12:00:00Z is 13:00 in winter.
  CHECK(french_datetime(1782907200000) == "01/07/2026 à 14:00");
  CHECK(french_datetime(1768478400000) == "15/01/2026 à 13:00");
  CHECK(french_datetime(1768478400000, "America/Cayenne") == "15/01/2026 à 09:00");
  CHECK(rfc3339_utc(1768478400123) == "2026-01-15T12:00:00.123Z");
  // 23:30 UTC on 31 Dec is already 1 Jan in Paris.
  CHECK(iso(local_date(1767223800000)) == "2026-01-01");
}

TEST_CASE("parse_rfc3339 reads UTC and offset instants, and refuses the rest") {
  auto utc = parse_rfc3339("2020-12-18T10:37:56.809Z");
  REQUIRE(utc.ok());
  CHECK(rfc3339_utc(*utc) == "2020-12-18T10:37:56.809Z");
  auto offset = parse_rfc3339("2020-12-18T11:37:56+01:00");
  REQUIRE(offset.ok());
  CHECK(*offset == parse_rfc3339("2020-12-18T10:37:56Z").value());
  CHECK_FALSE(parse_rfc3339("2020-12-18").ok());
  CHECK_FALSE(parse_rfc3339("2020-13-18T10:37:56Z").ok());
  CHECK_FALSE(parse_rfc3339("2020-12-18T10:37:56Zjunk").ok());
  CHECK_FALSE(parse_rfc3339("hier").ok());
}
