#include "meetings/ics.h"

#include <date/date.h>

#include <chrono>

namespace jalon::meetings::ics {

std::string escape_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') continue;  // CRLF counts as one break
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      continue;  // other control characters are not allowed in TEXT
    } else {
      out += c;
    }
  }
  return out;
}

std::string content_line(std::string_view line) {
  constexpr size_t kMax = 75;  // octets per physical line, CRLF excluded
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < line.size();) {
    // The length of the UTF-8 sequence starting at i: never split inside it.
    unsigned char c = static_cast<unsigned char>(line[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    n = std::min(n, line.size() - i);
    if (width + n > kMax) {
      out += "\r\n ";
      width = 1;  // the leading space of the continuation line
    }
    out.append(line.substr(i, n));
    width += n;
    i += n;
  }
  out += "\r\n";
  return out;
}

std::string utc(Millis t) {
  date::sys_seconds s{
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::milliseconds{t})};
  return date::format("%Y%m%dT%H%M%SZ", s);
}

std::string calendar(const std::vector<Event>& events, std::string_view feed_name) {
  std::string out;
  auto line = [&out](std::string_view l) { out += content_line(l); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//Jalon//Rendez-vous//FR");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  if (!feed_name.empty()) {
    line("NAME:" + escape_text(feed_name));
    line("X-WR-CALNAME:" + escape_text(feed_name));
    line("REFRESH-INTERVAL;VALUE=DURATION:PT30M");
    line("X-PUBLISHED-TTL:PT30M");
  }
  for (const auto& e : events) {
    line("BEGIN:VEVENT");
    line("UID:" + e.uid);
    line("DTSTAMP:" + utc(e.stamp));
    line("DTSTART:" + utc(e.start));
    line("DTEND:" + utc(e.end));
    line("SEQUENCE:" + std::to_string(e.sequence));
    if (e.last_modified) line("LAST-MODIFIED:" + utc(e.last_modified));
    line("SUMMARY:" + escape_text(e.summary));
    if (!e.description.empty()) line("DESCRIPTION:" + escape_text(e.description));
    if (!e.location.empty()) line("LOCATION:" + escape_text(e.location));
    if (!e.url.empty()) line("URL:" + e.url);
    line(e.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    line("TRANSP:OPAQUE");
    line("CLASS:PRIVATE");
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace jalon::meetings::ics
