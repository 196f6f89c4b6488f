#include "meetings/rules.h"

#include <doctest/doctest.h>

#include "meetings/referentials.h"

using namespace jalon;
using namespace jalon::meetings;

namespace {
constexpr Millis kStart = 1'795'510'800'000;  // 2026-11-24T09:00:00Z, 10:00 in Paris
constexpr Millis kHour = 3'600'000;
}  // namespace

TEST_CASE("participation: attended or no-show only once the appointment has started") {
  AppointmentState a{std::string(kUndetermined), kStart, false};
  auto early = check_participation(a, kAttended, kStart - kHour, "Europe/Paris");
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().kind == ErrorKind::kInvalid);
  CHECK(early.error().field == "status");
  CHECK(early.error().message.find("24/11/2026 à 10:00") != std::string::npos);
  CHECK_FALSE(check_participation(a, kNoShow, kStart - 1, "Europe/Paris").ok());
  CHECK(check_participation(a, kAttended, kStart, "Europe/Paris").ok());
  CHECK(check_participation(a, kNoShow, kStart + kHour, "Europe/Paris").ok());
  // Cancellations are recorded before or after the date.
  CHECK(check_participation(a, kCancelledByPerson, kStart - 48 * kHour, "Europe/Paris").ok());
  CHECK(check_participation(a, kCancelledByService, kStart + kHour, "Europe/Paris").ok());
  CHECK_FALSE(check_participation(a, "present", kStart + kHour, "Europe/Paris").ok());
}

TEST_CASE("participation: an appointment with a report stays attended") {
  AppointmentState a{std::string(kAttended), kStart, true};
  CHECK(check_participation(a, kAttended, kStart + kHour, "Europe/Paris").ok());
  auto r = check_participation(a, kNoShow, kStart + kHour, "Europe/Paris");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kConflict);
  CHECK_FALSE(check_participation(a, kUndetermined, kStart + kHour, "Europe/Paris").ok());
  a.has_report = false;
  CHECK(check_participation(a, kUndetermined, kStart + kHour, "Europe/Paris").ok());
}

TEST_CASE("rescheduling and reports follow the participation status") {
  for (const auto& s : participation_statuses()) {
    AppointmentState a{std::string(s.code), kStart, false};
    CAPTURE(s.code);
    CHECK(check_reschedule(a).ok() == (s.code == kUndetermined));
    CHECK(check_report_start(a).ok() == (s.code == kAttended));
    CHECK(is_cancelled(s.code) == (s.code == kCancelledByPerson || s.code == kCancelledByService));
  }
  CHECK(check_reschedule({std::string(kAttended), kStart, false}).error().message.find("Honoré") !=
        std::string::npos);
}

TEST_CASE("report templates: every kind starts with the topics and tripartite adds the partner") {
  for (const auto& k : appointment_kinds()) {
    auto t = report_template(k.code);
    REQUIRE(t.size() >= 6);
    CHECK(t.front().code == kRequiredSection);
    // The internal notes close every report (left out of the person's copy); the next steps are
    // the last section the person reads.
    CHECK(t.back().code == "internal");
    CHECK(t[t.size() - 2].code == "next_steps");
    bool partner = false;
    for (const auto& s : t) {
      CHECK(known_section(s.code));
      CHECK_FALSE(s.hint.empty());
      partner = partner || s.code == "commitments_partner";
    }
    CHECK(partner == (k.code == "tripartite"));
  }
  CHECK(report_template("accueil").front().hint != report_template("bilan").front().hint);
  CHECK_FALSE(known_section("notes_internes"));
}
