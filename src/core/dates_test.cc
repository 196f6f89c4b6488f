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
  // The formatting is done by hand: the same text as the date library's, years 1 to 9999.
  CHECK(iso(Date{0}) == "1970-01-01");
  CHECK(french(Date{-1}) == "31/12/1969");
  CHECK(iso(Date{-719162}) == "0001-01-01");
  CHECK(french(Date{2932896}) == "31/12/9999");
  for (int days = -25000; days < 90000; days += 37) {
    auto back = parse_iso_date(iso(Date{days}));
    if (days >= -25567 + 1 && back.ok()) CHECK(back->days == days);
  }
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

TEST_CASE("local wall-clock times become instants in the zone across daylight saving") {
  auto d = *parse_iso_date("2026-11-24");
  auto t = from_local(d, "14:30");
  REQUIRE(t.ok());
  CHECK(rfc3339_utc(*t) == "2026-11-24T13:30:00.000Z");  // winter: UTC+1
  CHECK(local_hhmm(*t) == "14:30");
  auto summer = from_local(*parse_iso_date("2026-07-01"), "09:00");
  CHECK(rfc3339_utc(*summer) == "2026-07-01T07:00:00.000Z");  // summer: UTC+2
  CHECK(rfc3339_utc(*from_local(d, "09:00", "America/Cayenne")) == "2026-11-24T12:00:00.000Z");
  // 29 March 2026: 02:00-03:00 does not exist in Paris; 25 October: 02:30 happens twice.
  auto gap = from_local(*parse_iso_date("2026-03-29"), "02:30", kDefaultZone, "start_time");
  REQUIRE_FALSE(gap.ok());
  CHECK(gap.error().field == "start_time");
  CHECK(gap.error().message.find("03:00") != std::string::npos);
  CHECK(rfc3339_utc(*from_local(*parse_iso_date("2026-10-25"), "02:30")) ==
        "2026-10-25T00:30:00.000Z");
  CHECK_FALSE(from_local(d, "24:00").ok());
  CHECK_FALSE(from_local(d, "9h30").ok());
  CHECK(rfc3339_utc(day_start(d)) == "2026-11-23T23:00:00.000Z");
}

TEST_CASE("weekdays and long French dates") {
  CHECK(weekday(*parse_iso_date("2026-11-23")) == 0);  // a Monday
  CHECK(weekday(*parse_iso_date("2026-11-29")) == 6);
  CHECK(weekday(*parse_iso_date("1969-12-29")) == 0);
  CHECK(french_long(*parse_iso_date("2026-11-24")) == "mardi 24 novembre 2026");
  CHECK(french_long(*parse_iso_date("2027-08-01")) == "dimanche 1er août 2027");
}
