// Pages and JSON API of the partners directory: /partenaires (search, organisations, SIAE to
// complete), an organisation's page and forms, the referral to a service from a person's
// record (pick a service, then reason and consent), and the partner's link
// /orientation-partenaire/{token} (no account: accept or decline, or get a new link).
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string_view>

#include "access/capabilities.h"
#include "http/router.h"
#include "partners/service.h"
#include "ui/page.h"
#include "ui/record.h"
#include "ui/render.h"

namespace jalon::partners {

struct Services {
  PartnerDirectory& directory;
  const ui::Renderer& renderer;
  const ui::Records& records;

  http::Response page(const http::Request& req, std::string_view tmpl, const nlohmann::json& ctx,
                      int status = 200) const {
    return ui::page_response(renderer, req, tmpl, ctx, status);
  }
};

void register_routes(http::Router& router, const Services& s);

// Parts of register_routes, one file each.
void register_directory_pages(http::Router& router, const Services& s);  // directory_web.cc
void register_referral_pages(http::Router& router, const Services& s);   // refer_web.cc
void register_link_pages(http::Router& router, const Services& s);       // link_web.cc
void register_api(http::Router& router, const Services& s);              // api.cc
void register_barrier_pages(http::Router& router, const Services& s);    // barriers_web.cc
void register_inbox_pages(http::Router& router, const Services& s);      // inbox_web.cc
void register_meeting_pages(http::Router& router, const Services& s);    // meetings_web.cc

// The organisation page's rencontres and partner users (meetings_web.cc).
void add_organisation_extras(const Services& s, const http::Request& req,
                             const std::string& organisation_id, nlohmann::json& ctx);

// JSON for templates and the API.
nlohmann::json organisation_json(const Organisation& o);
nlohmann::json service_json(const PartnerService& v);

}  // namespace jalon::partners
