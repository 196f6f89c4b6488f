#include "core/dates.h"

// GCC 12 at -O2 reports a false -Wmaybe-uninitialized inside date::from_stream (date.h), in code
// inlined into this file; the library initialises the value before use on every path it reads.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdio>

namespace jalon::dates {
namespace {

using std::chrono::milliseconds;

date::sys_time<milliseconds> to_sys(Millis t) {
  return date::sys_time<milliseconds>{milliseconds{t}};
}

const date::time_zone* zone_or_default(std::string_view zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return date::locate_zone(kDefaultZone);
  }
}

}  // namespace

Result<Date> parse_iso_date(std::string_view s, std::string_view field) {
  int y = 0;
  unsigned m = 0, d = 0;
  auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && digit(0) && digit(1) && digit(2) &&
      digit(3) && digit(5) && digit(6) && digit(8) && digit(9)) {
    // The usual shape, read without sscanf (every date of every list row comes through here).
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = static_cast<unsigned>((s[5] - '0') * 10 + (s[6] - '0'));
    d = static_cast<unsigned>((s[8] - '0') * 10 + (s[9] - '0'));
  } else {
    char tail = 0;
    std::string buf(s);
    if (s.size() != 10 || std::sscanf(buf.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
      return Error::invalid("Date attendue au format AAAA-MM-JJ", std::string(field));
    }
  }
  date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok() || y < 1900 || y > 2200) {
    return Error::invalid("Cette date n'existe pas", std::string(field));
  }
  return Date{static_cast<int>(date::sys_days{ymd}.time_since_epoch().count())};
}

// iso() and french() run for every date of every list row: a direct formatting instead of
// date::format, which builds an ostringstream and its locale per call (5 % of a caseload page).
namespace {
std::string ymd_text(Date d, bool french_order) {
  date::year_month_day ymd{date::sys_days{date::days{d.days}}};
  int y = static_cast<int>(ymd.year());
  unsigned m = static_cast<unsigned>(ymd.month()), day = static_cast<unsigned>(ymd.day());
  if (y < 0 || y > 9999) {
    return date::format(french_order ? "%d/%m/%Y" : "%F", date::sys_days{date::days{d.days}});
  }
  char buf[16];
  if (french_order)
    std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", day, m, y);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, day);
  return buf;
}
}  // namespace

std::string iso(Date d) {
  return ymd_text(d, false);
}

std::string french(Date d) {
  return ymd_text(d, true);
}

std::string french_datetime(Millis t, std::string_view zone) {
  auto zt = date::make_zoned(zone_or_default(zone), date::floor<std::chrono::minutes>(to_sys(t)));
  return date::format("%d/%m/%Y à %H:%M", zt);
}

std::string rfc3339_utc(Millis t) {
  return date::format("%FT%TZ", to_sys(t));
}

Result<Millis> parse_rfc3339(std::string_view s, std::string_view field) {
  auto bad = [&] {
    return Error::invalid("Date et heure attendues au format AAAA-MM-JJTHH:MM:SSZ",
                          std::string(field));
  };
  std::string buf(s);
  int y = 0, consumed = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (std::sscanf(buf.c_str(), "%4d-%2u-%2u%*1[Tt ]%2u:%2u:%2u%n", &y, &mo, &d, &h, &mi, &sec,
                  &consumed) != 6 ||
      consumed != 19) {
    return bad();
  }
  date::year_month_day ymd{date::year{y}, date::month{mo}, date::day{d}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return bad();
  std::string_view rest = s.substr(19);
  Millis ms = 0;
  if (!rest.empty() && rest.front() == '.') {  // a fraction of a second: milliseconds kept
    std::size_t n = 1;
    for (Millis scale = 100; n < rest.size() && rest[n] >= '0' && rest[n] <= '9'; ++n) {
      ms += (rest[n] - '0') * scale;
      scale /= 10;
    }
    if (n == 1) return bad();
    rest.remove_prefix(n);
  }
  Millis offset = 0;
  if (rest == "Z" || rest == "z") {
    offset = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    unsigned oh = 0, om = 0;
    if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2u:%2u", &oh, &om) != 2 || oh > 23 ||
        om > 59) {
      return bad();
    }
    offset = (rest[0] == '+' ? 1 : -1) * static_cast<Millis>(oh * 60 + om) * 60'000;
  } else {
    return bad();
  }
  Millis days = date::sys_days{ymd}.time_since_epoch().count();
  return ((days * 24 + h) * 60 + mi) * 60'000 + sec * 1000LL + ms - offset;
}

Date local_date(Millis t, std::string_view zone) {
  auto zt = date::make_zoned(zone_or_default(zone), to_sys(t));
  auto days = date::floor<date::days>(zt.get_local_time());
  return Date{static_cast<int>(days.time_since_epoch().count())};
}

std::string local_hhmm(Millis t, std::string_view zone) {
  auto zt = date::make_zoned(zone_or_default(zone), date::floor<std::chrono::minutes>(to_sys(t)));
  return date::format("%H:%M", zt);
}

Result<Millis> from_local(Date d, std::string_view hhmm, std::string_view zone,
                          std::string_view field) {
  unsigned h = 99, m = 99;
  char tail = 0;
  std::string buf(hhmm);
  if (hhmm.size() != 5 || std::sscanf(buf.c_str(), "%2u:%2u%c", &h, &m, &tail) != 2 || h > 23 ||
      m > 59) {
    return Error::invalid("Heure attendue au format HH:MM, par exemple 14:30", std::string(field));
  }
  const date::time_zone* tz = zone_or_default(zone);
  date::local_time<std::chrono::minutes> lt{
      date::local_days{date::days{d.days}}.time_since_epoch() + std::chrono::hours{h} +
      std::chrono::minutes{m}};
  auto info = tz->get_info(lt);
  if (info.result == date::local_info::nonexistent) {
    return Error::invalid(
        "Cette heure n'existe pas le " + french(d) +
            " (changement d'heure) : choisissez une heure après " +
            date::format("%H:%M", date::make_zoned(
                                      tz, date::floor<std::chrono::minutes>(info.second.begin))) +
            ".",
        std::string(field));
  }
  auto sys = tz->to_sys(lt, date::choose::earliest);
  return static_cast<Millis>(
      std::chrono::duration_cast<milliseconds>(sys.time_since_epoch()).count());
}

Millis day_start(Date d, std::string_view zone) {
  const date::time_zone* tz = zone_or_default(zone);
  date::local_time<std::chrono::seconds> lt{
      date::local_days{date::days{d.days}}.time_since_epoch()};
  auto info = tz->get_info(lt);
  auto sys = info.result == date::local_info::nonexistent ? date::sys_seconds{info.second.begin}
                                                          : tz->to_sys(lt, date::choose::earliest);
  return static_cast<Millis>(
      std::chrono::duration_cast<milliseconds>(sys.time_since_epoch()).count());
}

int weekday(Date d) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((d.days % 7) + 7 + 3) % 7);
}

std::string french_long(Date d) {
  static const char* kDays[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                "vendredi", "samedi", "dimanche"};
  static const char* kMonths[] = {"janvier",   "février", "mars",     "avril",
                                  "mai",       "juin",    "juillet",  "août",
                                  "septembre", "octobre", "novembre", "décembre"};
  date::year_month_day ymd{date::sys_days{date::days{d.days}}};
  unsigned day = static_cast<unsigned>(ymd.day());
  return std::string(kDays[weekday(d)]) + " " + (day == 1 ? "1er" : std::to_string(day)) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

bool valid_zone(std::string_view zone) {
  try {
    date::locate_zone(zone);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::string french_date(std::string_view iso_text) {
  auto d = parse_iso_date(iso_text);
  return d.ok() ? french(*d) : std::string(iso_text);
}

}  // namespace jalon::dates
