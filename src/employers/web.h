// Pages and JSON API of the employers: the directory with its pipeline by relation status and
// "employers to prospect" for a job (/employeurs), the employer's page (relation, hiring
// potential, contacts, prospecting actions, applications), the record's "Candidatures" tab and
// an application's page (state changes, hire), and /api/v1/employers|applications.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string_view>

#include "access/capabilities.h"
#include "employers/immersions.h"
#include "employers/service.h"
#include "http/router.h"
#include "referentials/territory.h"
#include "ui/page.h"
#include "ui/record.h"
#include "ui/render.h"

namespace jalon::employers {

struct Services {
  // Holds references only: cheap to copy into handlers; its calls do not change Services.
  mutable EmployerService employers;
  mutable ImmersionService immersions;
  mutable referentials::TerritoryService territories;
  store::Database& db;
  const ui::Renderer& renderer;
  const ui::Records& records;

  Services(store::Database& d, const Clock& clock, Random& rng, access::AuditLog& audit,
           const ui::Renderer& r, const ui::Records& rec)
      : employers(d, clock, rng, audit),
        immersions(d, clock, rng, audit),
        territories(d, clock, rng),
        db(d),
        renderer(r),
        records(rec) {}

  http::Response page(const http::Request& req, std::string_view tmpl, const nlohmann::json& ctx,
                      int status = 200) const {
    return ui::page_response(renderer, req, tmpl, ctx, status);
  }
};

void register_routes(http::Router& router, const Services& s);

using access::kEmployersRead;
using access::kEmployersWrite;
using http::Request;
using http::Response;
using nlohmann::json;

// Parts of register_routes, one file each.
void register_employer_pages(http::Router& router, const Services& s);     // employers_web.cc
void register_application_pages(http::Router& router, const Services& s);  // applications_web.cc
void register_api(http::Router& router, const Services& s);                // api.cc
void register_offer_pages(http::Router& router, const Services& s);        // offers_web.cc
void register_territory_pages(http::Router& router, const Services& s);    // territory_web.cc
void register_immersion_pages(http::Router& router, const Services& s);    // immersions_web.cc
void register_more_api(http::Router& router, const Services& s);           // offers_api.cc

// Template data shared by the pages and the API (view.cc).
json establishment_json(const Establishment& e);
json application_json(const Application& a);
json offer_json(const Offer& o);
json need_json(const Need& n);
json immersion_json(const Immersion& x);

}  // namespace jalon::employers
