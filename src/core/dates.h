// Dates and times. Instants are stored in UTC (milliseconds); they are shown in the structure's
// time zone (Europe/Paris by default). Birth dates and contract dates are plain calendar dates.
#pragma once
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace jalon::dates {

inline constexpr std::string_view kDefaultZone = "Europe/Paris";

// A calendar date as days since 1970-01-01.
struct Date {
  int days = 0;
  auto operator<=>(const Date&) const = default;
};

// Parses "YYYY-MM-DD" (what <input type=date> sends); rejects impossible dates.
Result<Date> parse_iso_date(std::string_view s, std::string_view field = {});
std::string iso(Date d);     // "2026-11-26"
std::string french(Date d);  // "26/11/2026"
// "2026-11-26" -> "26/11/2026"; anything that is not a date comes back unchanged.
std::string french_date(std::string_view iso);
// An instant shown in a zone, "26/11/2026 à 14:05".
std::string french_datetime(Millis t, std::string_view zone = kDefaultZone);
// UTC RFC 3339 for logs and APIs: "2026-11-26T13:05:00.123Z".
std::string rfc3339_utc(Millis t);
// Parses an RFC 3339 instant ("2020-12-18T10:37:56.809Z", "…+01:00", seconds fraction optional).
Result<Millis> parse_rfc3339(std::string_view s, std::string_view field = {});
// The calendar date of an instant in a zone.
Date local_date(Millis t, std::string_view zone = kDefaultZone);
// The wall-clock time of an instant in a zone, "14:05".
std::string local_hhmm(Millis t, std::string_view zone = kDefaultZone);
// The instant of a wall-clock date and time ("HH:MM") in a zone. A time skipped by the change
// to summer time does not exist and is refused; a time repeated in autumn means the first one.
Result<Millis> from_local(Date d, std::string_view hhmm, std::string_view zone = kDefaultZone,
                          std::string_view field = {});
// The instant a local calendar day starts (midnight, or the first instant after a skipped one).
Millis day_start(Date d, std::string_view zone = kDefaultZone);
// 0 = Monday … 6 = Sunday.
int weekday(Date d);
// "mardi 24 novembre 2026".
std::string french_long(Date d);
bool valid_zone(std::string_view zone);

}  // namespace jalon::dates
