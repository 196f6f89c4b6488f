// What the record's page files share (web.cc: caseload, creation, synthesis; one file per
// section: situation_web.cc, diagnosis_web.cc, project_web.cc, eligibility_web.cc,
// health_web.cc): the services a handler takes, and record_page, the shape of a section page
// that needs the whole Beneficiary (ui::record_page answers only the header).
#pragma once
#include <nlohmann/json.hpp>

#include <string_view>

#include "access/capabilities.h"
#include "access/policy.h"
#include "beneficiaries/view.h"
#include "beneficiaries/web.h"
#include "http/router.h"
#include "ui/page.h"
#include "ui/record.h"

namespace jalon::beneficiaries {

// What every page file names.
using http::Request;
using http::Response;
using nlohmann::json;
using view::french_date;

// The handlers' dependencies (copied into each route by http::on).
struct Pages {
  BeneficiaryService& svc;
  const ui::Renderer& renderer;
  AppellationLabels labels;

  http::Response page(const http::Request& req, std::string_view tmpl, const nlohmann::json& ctx,
                      int status = 200) const {
    return ui::page_response(renderer, req, tmpl, ctx, status);
  }
};

// Opens the person of the route's {id} in the caller's scope (audited read of `sections`) or
// answers 404, then body(b, ctx), ctx holding the record's header and tabs with `tab` open.
template <class Body>
http::Response record_page(const Pages& p, const http::Request& req, std::string_view tab,
                           const std::string& title, std::string_view sections, Body&& body) {
  auto b = p.svc.get(access::session_of(req), req.param("id"), sections);
  if (!b) return http::Response::not_found();
  nlohmann::json ctx = view::section_header(*b, tab, title);
  ui::keep_list(req, ctx);
  return body(*b, ctx);
}

// "/beneficiaires/<id><tab>?enregistre=1", where a section's form goes once saved.
inline http::Response saved(const Beneficiary& b, std::string_view tab) {
  return http::Response::redirect("/beneficiaires/" + b.summary.id + std::string(tab) +
                                  "?enregistre=1");
}

// One file each.
void register_caseload_pages(http::Router& router, const Pages& p);  // caseload_web.cc
void register_situation_pages(http::Router& router, const Pages& p);
void register_diagnosis_pages(http::Router& router, const Pages& p);
void register_project_pages(http::Router& router, const Pages& p);
void register_eligibility_pages(http::Router& router, const Pages& p);
void register_health_pages(http::Router& router, const Pages& p);
void register_lifecycle_pages(http::Router& router, const Pages& p);
// The synthesis's status line (pause, exit), contact card and links to the record's life pages
// (lifecycle_web.cc), in ctx["life"].
void record_life(json& ctx, const Request& req, const Beneficiary& b);

// A person's row (caseload list, record header), built key by key from a Summary the caller
// gives up.
nlohmann::json summary_row(Summary s);

}  // namespace jalon::beneficiaries
