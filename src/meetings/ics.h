// iCalendar (RFC 5545) output for appointments: one event downloaded from its page, or a
// counselor's feed. Times are written in UTC ("…Z", RFC 5545 §3.3.5 form 2), so the file is
// right whatever the structure's zone and needs no VTIMEZONE; calendar clients show them in
// their own zone. Text values are escaped (§3.3.11) and lines folded at 75 octets without
// splitting a UTF-8 character (§3.1); lines end with CRLF.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace jalon::meetings::ics {

struct Event {
  std::string uid;  // stable across changes; SEQUENCE tells clients which version is newer
  int sequence = 0;
  Millis start = 0, end = 0;
  Millis stamp = 0;  // DTSTAMP: when the file was produced
  Millis last_modified = 0;
  std::string summary, description, location;
  std::string url;         // absolute URL of the appointment page (sign-in required)
  bool cancelled = false;  // STATUS:CANCELLED so subscribed clients drop or strike it
};

// A VCALENDAR holding the events. With a name, the calendar is a subscription feed: NAME
// (RFC 7986), X-WR-CALNAME and a refresh interval are added.
std::string calendar(const std::vector<Event>& events, std::string_view feed_name = {});

// TEXT escaping: backslash, semicolon, comma and line breaks.
std::string escape_text(std::string_view s);
// One content line, folded and terminated by CRLF.
std::string content_line(std::string_view line);
// "20261124T090000Z".
std::string utc(Millis t);

}  // namespace jalon::meetings::ics
