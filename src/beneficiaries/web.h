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

// Looks up ROME appellation labels (provided by the referentials module when loaded).
using AppellationLabels = std::function<std::string(const std::string& code)>;

void register_routes(http::Router& router, BeneficiaryService& service,
                     const ui::Renderer& renderer, AppellationLabels labels);

// Parts of register_routes, one file each.
void register_sections(http::Router& router, BeneficiaryService& service,
                       const ui::Renderer& renderer, AppellationLabels labels);
void register_api(http::Router& router, BeneficiaryService& service);

}  // namespace jalon::beneficiaries
