#include "meetings/ics.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace jalon::meetings::ics;

namespace {

std::vector<std::string> physical_lines(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find("\r\n", pos);
    REQUIRE(end != std::string::npos);  // every line ends with CRLF
    out.push_back(s.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

// Undoes the folding (RFC 5545 §3.1): a CRLF followed by one space disappears.
std::string unfold(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

TEST_CASE("ICS text values escape backslashes and separators and line breaks") {
  CHECK(escape_text("a;b,c\\d") == "a\\;b\\,c\\\\d");
  CHECK(escape_text("ligne 1\r\nligne 2\nligne 3") == "ligne 1\\nligne 2\\nligne 3");
  CHECK(escape_text(std::string("bip\x07") + "é") == "bipé");
}

TEST_CASE("ICS lines fold at 75 octets without splitting a UTF-8 character") {
  std::string value(66, 'a');  // "SUMMARY:" + 66 = 74 octets
  value += "ééééééééé";        // 2 octets each: the fold must fall between characters
  std::string folded = content_line("SUMMARY:" + value);
  auto lines = physical_lines(folded);
  REQUIRE(lines.size() == 2);
  for (const auto& l : lines) CHECK(l.size() <= 75);
  CHECK(lines[1][0] == ' ');
  CHECK(static_cast<unsigned char>(lines[1][1]) == 0xC3);  // starts a whole "é"
  CHECK(unfold(folded) == "SUMMARY:" + value + "\r\n");
  CHECK(content_line("SHORT:x") == "SHORT:x\r\n");
}

TEST_CASE("an ICS event in UTC with its uid and sequence and cancellation") {
  Event e;
  e.uid = "abc@jalon";
  e.sequence = 3;
  e.start = 1'795'510'800'000;  // 2026-11-24T09:00:00Z
  e.end = e.start + 45 * 60'000;
  e.stamp = 1'795'000'000'000;
  e.summary = "Rendez-vous Jalon – suivi (RDV-AB12CD34)";
  e.description = "Mode : sur place\nRéférence : RDV-AB12CD34";
  e.location = "12, rue des Tanneurs; Voiron";
  e.url = "https://jalon.example/rendez-vous/abc";
  e.cancelled = true;
  std::string cal = unfold(calendar({e}));
  CHECK(cal.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 0) == 0);
  CHECK(cal.find("DTSTART:20261124T090000Z\r\n") != std::string::npos);
  CHECK(cal.find("DTEND:20261124T094500Z\r\n") != std::string::npos);
  CHECK(cal.find("UID:abc@jalon\r\nDTSTAMP:") != std::string::npos);
  CHECK(cal.find("SEQUENCE:3\r\n") != std::string::npos);
  CHECK(cal.find("DESCRIPTION:Mode : sur place\\nRéférence : RDV-AB12CD34\r\n") !=
        std::string::npos);
  CHECK(cal.find("LOCATION:12\\, rue des Tanneurs\\; Voiron\r\n") != std::string::npos);
  CHECK(cal.find("STATUS:CANCELLED\r\n") != std::string::npos);
  CHECK(cal.find("X-WR-CALNAME") == std::string::npos);  // a download, not a feed
  CHECK(cal.substr(cal.size() - 15) == "END:VCALENDAR\r\n");
  // Every physical line of the raw output fits in 75 octets.
  for (const auto& l : physical_lines(calendar({e}))) CHECK(l.size() <= 75);
}

TEST_CASE("an ICS feed is named and asks clients to refresh") {
  std::string cal = calendar({}, "Jalon, mes rendez-vous");
  CHECK(cal.find("NAME:Jalon\\, mes rendez-vous\r\n") != std::string::npos);
  CHECK(cal.find("X-WR-CALNAME:Jalon\\, mes rendez-vous\r\n") != std::string::npos);
  CHECK(cal.find("REFRESH-INTERVAL;VALUE=DURATION:PT30M\r\n") != std::string::npos);
  CHECK(cal.find("BEGIN:VEVENT") == std::string::npos);
  CHECK(utc(0) == "19700101T000000Z");
}
