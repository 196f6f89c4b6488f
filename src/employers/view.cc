// What templates and the API read of the employer domain's structs.
#include <nlohmann/json.hpp>

#include "core/dates.h"
#include "employers/referentials.h"
#include "employers/web.h"

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
          {"created_on",
           dates::french_date(dates::iso(dates::local_date(a.created_at, "Europe/Paris")))},
          {"created_at", dates::rfc3339_utc(a.created_at)},
          {"updated_at", dates::rfc3339_utc(a.updated_at)}};
}

void register_routes(http::Router& router, const Services& s) {
  register_employer_pages(router, s);
  register_application_pages(router, s);
  register_api(router, s);
}

}  // namespace jalon::employers
