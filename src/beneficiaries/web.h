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

// The JSON API (api.cc), registered by register_routes.
void register_api(http::Router& router, BeneficiaryService& service);

}  // namespace jalon::beneficiaries
