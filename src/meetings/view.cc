#include "meetings/view.h"

#include <algorithm>

#include "core/dates.h"
#include "meetings/convocation.h"
#include "meetings/referentials.h"
#include "ui/wording.h"

namespace jalon::meetings::view {

using nlohmann::json;

std::string_view badge(std::string_view status) {
  if (status == kAttended) return "badge-success";
  if (status == kNoShow) return "badge-error";
  if (status == kCancelledByPerson || status == kCancelledByService) return "badge-warning";
  return "badge-neutral";
}

json appointment_json(const Appointment& a, const std::string& zone) {
  auto day = dates::local_date(a.starts_at, zone);
  std::string partner;
  if (a.kind == "tripartite") {
    partner = std::string(label_of(partner_kinds(), a.partner_kind)) + " : " + a.partner_name;
  }
  return {{"id", a.id},
          {"reference", a.reference},
          {"beneficiary_id", a.beneficiary_id},
          {"person", a.first_name + " " + a.last_name},
          {"date_long", dates::french_long(day)},
          {"date", dates::french(day)},
          {"date_iso", dates::iso(day)},
          {"time", dates::local_hhmm(a.starts_at, zone)},
          {"end_time", dates::local_hhmm(a.ends_at(), zone)},
          {"duration", duration_text(a.duration_min)},
          {"duration_min", a.duration_min},
          {"kind", label_of(appointment_kinds(), a.kind)},
          {"kind_code", a.kind},
          {"mode", label_of(appointment_modes(), a.mode)},
          {"mode_code", a.mode},
          {"place", ui::text_or_null(a.place)},
          {"partner", ui::text_or_null(partner)},
          {"status", label_of(participation_statuses(), a.status)},
          {"status_code", a.status},
          {"badge", badge(a.status)},
          {"cancelled", is_cancelled(a.status)},
          {"counselor", a.counselor_name},
          {"counselor_id", a.counselor_id},
          {"convocation_sent", a.convocation_sent_at
                                   ? json(dates::french_datetime(a.convocation_sent_at, zone))
                                   : json(nullptr)},
          {"report_id", a.report_id},
          {"has_report", !a.report_id.empty()},
          {"report_final", a.report_status == "final"},
          {"overlaps", a.overlaps}};
}

json sections_json(const Report& r) {
  json out = json::array();
  for (const auto& t : report_template(r.kind)) {
    auto sec = std::find_if(r.sections.begin(), r.sections.end(),
                            [&](const auto& x) { return x.first == t.code; });
    if (sec == r.sections.end()) continue;  // left out (the person's copy)
    out.push_back({{"code", t.code},
                   {"label", t.label},
                   {"hint", t.hint},
                   {"body", sec->second},
                   {"internal", t.internal},
                   {"empty", sec->second.empty()}});
  }
  return out;
}

AppointmentInput input_of(const Appointment& a, const std::string& zone) {
  AppointmentInput in;
  in.date = dates::iso(dates::local_date(a.starts_at, zone));
  in.time = dates::local_hhmm(a.starts_at, zone);
  in.duration_min = a.duration_min;
  in.kind = a.kind;
  in.partner_kind = a.partner_kind;
  in.partner_name = a.partner_name;
  in.mode = a.mode;
  in.place = a.place;
  in.counselor_id = a.counselor_id;
  return in;
}

}  // namespace jalon::meetings::view
