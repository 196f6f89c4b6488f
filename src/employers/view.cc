// What templates and the API read of the employer domain's structs.
#include <nlohmann/json.hpp>

#include "core/dates.h"
#include "employers/referentials.h"
#include "employers/web.h"
#include "ui/charts.h"

#include <map>

namespace jalon::employers {

using referential::label_of;

json establishment_json(const Establishment& e) {
  return {{"id", e.id},
          {"siret", e.siret},
          {"name", e.name},
          {"naf_code", e.naf_code},
          {"naf_label", e.naf_label},
          {"size_band", e.size_band},
          {"size_label", label_of(size_bands(), e.size_band)},
          {"address", e.address},
          {"postcode", e.postcode},
          {"commune_code", e.commune_code},
          {"commune_name", e.commune_name},
          {"active", e.active},
          {"status", e.status},
          {"status_label", label_of(relation_statuses(), e.status)},
          {"tags", e.tags},
          {"notes", e.notes}};
}

json application_json(const Application& a) {
  const auto* st = referential::find(application_states(), a.state);
  return {{"id", a.id},
          {"beneficiary_id", a.beneficiary_id},
          {"person", a.person},
          {"employer_id", a.establishment_id},
          {"employer", a.employer},
          {"job", a.job},
          {"state", a.state},
          {"state_label", st ? st->label : ""},
          {"final", st && (st->flags & kFinal)},
          {"refusal_reason", a.refusal_reason},
          {"refusal_label", label_of(refusal_reasons(), a.refusal_reason)},
          {"message", a.message},
          {"placement_id", a.placement_id},
          {"offer_id", a.offer_id},
          {"offer_title", a.offer_title},
          {"created_on",
           dates::french_date(dates::iso(dates::local_date(a.created_at, "Europe/Paris")))},
          {"created_at", dates::rfc3339_utc(a.created_at)},
          {"updated_at", dates::rfc3339_utc(a.updated_at)}};
}

json offer_json(const Offer& o) {
  static const std::map<std::string, std::string, std::less<>> kTimes = {
      {"plein", "Temps plein"}, {"partiel", "Temps partiel"}};
  auto t = kTimes.find(o.working_time);
  json j = {{"id", o.id},
            {"source", o.source},
            {"source_id", o.source_id},
            {"employer_id", o.establishment_id},
            {"company_name", o.company_name},
            {"title", o.title},
            {"description", o.description},
            {"rome_code", o.rome_code},
            {"rome_label", o.rome_label},
            {"appellation_code", o.appellation_code},
            {"appellation_label", o.appellation_label},
            {"commune_code", o.commune_code},
            {"commune_name", o.commune_name},
            {"postcode", o.postcode},
            {"place_label", o.place_label},
            {"contract_type", o.contract_type},
            {"contract_label", o.contract_label.empty() ? o.contract_type : o.contract_label},
            {"contract_nature", o.contract_nature},
            {"working_time", o.working_time},
            {"working_time_label", t == kTimes.end() ? "" : t->second},
            {"hours_label", o.hours_label},
            {"experience_label", o.experience_label},
            {"salary_label", o.salary_label},
            {"url", o.url},
            {"positions", o.positions},
            {"open", o.open},
            {"created_on", o.created_on},
            {"created_on_fr", dates::french_date(o.created_on)},
            {"updated_on", o.updated_on},
            {"updated_on_fr", dates::french_date(o.updated_on)}};
  j["latitude"] = o.latitude ? json(*o.latitude) : json(nullptr);
  j["longitude"] = o.longitude ? json(*o.longitude) : json(nullptr);
  return j;
}

json need_json(const Need& n) {
  return {{"id", n.id},
          {"employer_id", n.establishment_id},
          {"employer", n.employer},
          {"appellation_code", n.appellation_code},
          {"rome_code", n.rome_code},
          {"job_label", n.job_label},
          {"contract", n.contract},
          {"contract_label", label_of(contract_kinds(), n.contract)},
          {"hours_per_week", std::stoi(n.hours_per_week)},
          {"commune_code", n.commune_code},
          {"commune_name", n.commune_name},
          {"start_on", n.start_on},
          {"start_on_fr", dates::french_date(n.start_on)},
          {"positions", n.positions},
          {"notes", n.notes},
          {"open", n.open}};
}

json immersion_json(const Immersion& x) {
  static constexpr const char* kDays[] = {"Lundi",    "Mardi",  "Mercredi", "Jeudi",
                                          "Vendredi", "Samedi", "Dimanche"};
  json days = json::array();
  for (std::size_t i = 0; i < 7; ++i) {
    days.push_back(
        {{"n", i + 1}, {"name", kDays[i]}, {"hours", x.days[i]}, {"off", x.days[i].empty()}});
  }
  auto fr = [](const std::string& d) { return d.empty() ? std::string() : dates::french_date(d); };
  json j = {{"id", x.id},
            {"beneficiary_id", x.beneficiary_id},
            {"person", x.person},
            {"birth_date_fr", fr(x.birth_date)},
            {"employer_id", x.establishment_id},
            {"employer", x.employer},
            {"employer_siret", x.employer_siret},
            {"employer_address", x.employer_address},
            {"counselor", x.counselor},
            {"structure", x.structure},
            {"objective", x.objective},
            {"objective_label", label_of(immersion_objectives(), x.objective)},
            {"job_label", x.job_label},
            {"tutor_name", x.tutor_name},
            {"tutor_role", x.tutor_role},
            {"tutor_phone", x.tutor_phone},
            {"tutor_email", x.tutor_email},
            {"starts_on", x.starts_on},
            {"ends_on", x.ends_on},
            {"starts_on_fr", fr(x.starts_on)},
            {"ends_on_fr", fr(x.ends_on)},
            {"days", days},
            {"weekly_hours", x.weekly_hours},
            {"weekly_hours_fr", ui::fr_number(x.weekly_hours)},
            {"tasks", x.tasks},
            {"risks", x.risks},
            {"equipment", x.equipment},
            {"status", x.status},
            {"status_label", label_of(immersion_statuses(), x.status)},
            {"signed_person_on", x.signed_person_on},
            {"signed_employer_on", x.signed_employer_on},
            {"signed_prescriber_on", x.signed_prescriber_on},
            {"signed_person_fr", fr(x.signed_person_on)},
            {"signed_employer_fr", fr(x.signed_employer_on)},
            {"signed_prescriber_fr", fr(x.signed_prescriber_on)},
            {"cancel_reason", x.cancel_reason},
            {"attendance", x.attendance},
            {"attendance_label", label_of(immersion_attendance(), x.attendance)},
            {"assessment", x.assessment},
            {"contract", x.contract},
            {"contract_label", label_of(contract_kinds(), x.contract)},
            {"assessed_on", x.assessed_on}};
  j["hiring"] = x.hiring ? json(*x.hiring) : json(nullptr);
  return j;
}

void register_routes(http::Router& router, const Services& s) {
  register_offer_pages(router, s);
  register_territory_pages(router, s);
  register_immersion_pages(router, s);
  register_more_api(router, s);
  register_employer_pages(router, s);
  register_application_pages(router, s);
  register_api(router, s);
}

}  // namespace jalon::employers
