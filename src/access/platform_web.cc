// The platform admin's pages: the list of structures and the creation of one with its first
// admin. Also the structure-kind helpers the structure settings page shares.
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "access/web_pages.h"
#include "ui/page.h"

namespace jalon::access::web {

nlohmann::json kinds_json(const std::string& selected) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& k : structure_kinds()) {
    out.push_back({{"code", k.code}, {"label", k.label}, {"selected", k.code == selected}});
  }
  return out;
}

StructureView structure_from(ui::Form& form) {
  StructureView v;
  v.name = form.text("name");
  v.kind = form.text("kind");
  return v;
}

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string kind_label(const std::string& code) {
  for (const auto& k : structure_kinds()) {
    if (k.code == code) return std::string(k.label);
  }
  return code;
}

Response structures(const Pages& p, Request& req) {
  json list = json::array();
  for (const auto& st : p.service.all_structures()) {
    list.push_back({{"name", st.name}, {"kind", kind_label(st.kind)}});
  }
  return p.page(req, "platform_structures",
                {{"title", "Structures"},
                 {"nav", "platform"},
                 {"structures", list},
                 {"kinds", kinds_json("aci")}});
}

Response create_structure(const Pages& p, Request& req) {
  ui::Form form(req);
  StructureView v = structure_from(form);
  auto r = p.service.create_structure(session_of(req), v, form.text("admin_email"),
                                      form.text("admin_name"), p.base_url);
  if (!r.ok()) {
    form.fail(r.error());
    json ctx = {{"title", "Structures"},
                {"nav", "platform"},
                {"structures", json::array()},
                {"kinds", kinds_json(v.kind)}};
    form.fill(ctx);
    return p.page(req, "platform_structures", ctx, 422);
  }
  return Response::redirect("/plateforme/structures");
}

}  // namespace

void register_platform_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  router.add_all({
      {kGet, "/plateforme/structures", kPlatformStructures, http::on(p, structures)},
      {kPost, "/plateforme/structures", kPlatformStructures, http::on(p, create_structure)},
  });
}

}  // namespace jalon::access::web
