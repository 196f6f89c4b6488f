// Helpers shared by the meetings pages: an appointment or a report as a template context, with
// dates in French in the structure's zone and labels from the referential lists.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "meetings/reports.h"
#include "meetings/service.h"

namespace jalon::meetings::view {

// {id, reference, person, date_long, date, date_iso, time, end_time, duration, kind, mode,
//  place, status, status_code, badge, counselor, partner, report_id, report_final, …}
nlohmann::json appointment_json(const Appointment& a, const std::string& zone);
// The badge class of a participation status.
std::string_view badge(std::string_view status);
// The report's sections with their labels and hints, in the template's order.
nlohmann::json sections_json(const Report& r);
// The input that would schedule `a` as it is (the base of a move, in a form or a PATCH).
AppointmentInput input_of(const Appointment& a, const std::string& zone);

}  // namespace jalon::meetings::view
