// Pages and JSON API of the beneficiary record: caseload, creation, synthesis, situation,
// diagnosis (with the comparison of two diagnoses), professional project, IAE eligibility and
// the health module.
#pragma once
#include <functional>
#include <string>

#include "beneficiaries/service.h"
#include "http/router.h"
#include "ui/render.h"

namespace jalon::beneficiaries {

// The text fields of a new person as the form and the API name them (the API says
// "information_notice_version" for the notice), in NewBeneficiary.
struct NewField {
  const char* form;
  const char* api;
  std::string NewBeneficiary::*member;
};
inline constexpr NewField kNewFields[] = {
    {"civility", "civility", &NewBeneficiary::civility},
    {"first_name", "first_name", &NewBeneficiary::first_name},
    {"last_name", "last_name", &NewBeneficiary::last_name},
    {"birth_date", "birth_date", &NewBeneficiary::birth_date},
    {"email", "email", &NewBeneficiary::email},
    {"phone", "phone", &NewBeneficiary::phone},
    {"commune_code", "commune_code", &NewBeneficiary::commune_code},
    {"commune_name", "commune_name", &NewBeneficiary::commune_name},
    {"prescriber_kind", "prescriber_kind", &NewBeneficiary::prescriber_kind},
    {"prescriber_name", "prescriber_name", &NewBeneficiary::prescriber_name},
    {"entry_date", "entry_date", &NewBeneficiary::entry_date},
    {"scheme", "scheme", &NewBeneficiary::scheme},
    {"referent_id", "referent_id", &NewBeneficiary::referent_id},
    {"notice_version", "information_notice_version", &NewBeneficiary::notice_version},
};

// Looks up ROME appellation labels (provided by the referentials module when loaded).
using AppellationLabels = std::function<std::string(const std::string& code)>;

void register_routes(http::Router& router, BeneficiaryService& service,
                     const ui::Renderer& renderer, AppellationLabels labels);

// The caseload's state as GET parameters (issue 14: Back, reload and a shared link restore the
// list): the query of `f` (unknown values dropped), and the canonical "/beneficiaires?…" of a
// query (only what differs from the default list; page 1 left out). The dashboard's cards link
// with caseload_href to the list they count.
CaseloadQuery caseload_query(const http::Fields& f);
std::string caseload_href(const CaseloadQuery& q);

// The JSON API (api.cc), registered by register_routes.
void register_api(http::Router& router, BeneficiaryService& service);
// The record's life in the API (lifecycle_api.cc), registered by register_api.
void register_lifecycle_api(http::Router& router, BeneficiaryService& service);

}  // namespace jalon::beneficiaries
