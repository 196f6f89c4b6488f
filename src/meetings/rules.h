// The rules of an appointment's life, as pure functions so they are tested without a store:
// which participation status may be recorded when, when an appointment may still be moved,
// and when its interview report may be written.
#pragma once
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace jalon::meetings {

// What the rules need to know about an appointment.
struct AppointmentState {
  std::string status;  // participation status code
  Millis starts_at = 0;
  bool has_report = false;  // a report, draft or final, exists for it
};

bool is_cancelled(std::string_view status);

// May the participation status become `to` at `now`?
// - "honoré" and "absence non excusée" only once the appointment has started;
// - a cancellation or "non déterminé" at any time;
// - an appointment with an interview report stays "honoré" (the report records a held
//   interview; correct the report with an addendum instead).
// `zone` is only used to word the error.
Status check_participation(const AppointmentState& a, std::string_view to, Millis now,
                           std::string_view zone);

// Date, time, kind, mode, place or counselor may change only while the status is
// "non déterminé": a held, missed or cancelled appointment is history (plan a new one).
Status check_reschedule(const AppointmentState& a);

// An interview report is written for an appointment marked "honoré".
Status check_report_start(const AppointmentState& a);

}  // namespace jalon::meetings
