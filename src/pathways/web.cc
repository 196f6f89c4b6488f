// The record's "Parcours" tab: contracts (with the renewal alert and the printable contract),
// objectives and the actions under each, and their forms.
#include "pathways/web.h"

#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "core/dates.h"
#include "pathways/referentials.h"
#include "pathways/view.h"
#include "ui/page.h"
#include "ui/wording.h"

namespace jalon::pathways {
namespace {

ContractInput read_contract(ui::Form& form) {
  return {form.text("kind"),      form.text("kind_detail"), form.text("status"),
          form.text("signed_on"), form.text("starts_on"),   form.text("ends_on")};
}

ContractInput input_of(const Contract& c) {
  return {c.kind, c.kind_detail, c.status, c.signed_on, c.starts_on, c.ends_on};
}

// The header of the person an object (contract, objective, action) belongs to, in the caller's
// scope (audited as a read of "identity,pathway"), or nullopt (404).
std::optional<ui::RecordHeader> owner(const Services& s, const Request& req,
                                      const std::string& person_id) {
  return s.records.open(req, person_id, "identity,pathway");
}

// ---- the record's tab ----------------------------------------------------------------------

json objectives_with_actions(const Services& svc, const access::Session& s,
                             const std::string& person_id, int& overdue) {
  auto actions = svc.pathways.items(s, ItemKind::kAction, person_id);
  json objectives = json::array();
  for (const auto& o : svc.pathways.items(s, ItemKind::kObjective, person_id)) {
    json oj = view::item_json(o, ItemKind::kObjective);
    json list = json::array();
    for (const auto& a : actions) {
      if (a.parent_id != o.id) continue;
      list.push_back(view::item_json(a, ItemKind::kAction));
      if (a.overdue) ++overdue;
    }
    oj["actions"] = list;
    oj["has_actions"] = !list.empty();
    objectives.push_back(oj);
  }
  return objectives;
}

Response pathway_tab(const Services& svc, Request& req) {
  return ui::record_page(svc.records, req, "/parcours", "Parcours", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           const auto& s = access::session_of(req);
                           json contracts = json::array();
                           for (const auto& c : svc.pathways.contracts(s, h.id)) {
                             contracts.push_back(view::contract_json(c));
                           }
                           ctx["contracts"] = contracts;
                           ctx["no_contract"] = contracts.empty();
                           int overdue = 0;
                           json objectives = objectives_with_actions(svc, s, h.id, overdue);
                           add_item_reports(svc, s, h.id, objectives);
                           ctx["objectives"] = objectives;
                           ctx["no_objective"] = objectives.empty();
                           ctx["overdue_count"] =
                               ui::count_of(overdue, "action en retard", "actions en retard");
                           ctx["has_overdue"] = overdue > 0;
                           ctx["saved"] = req.query.has("enregistre");
                           return svc.page(req, "pathways/pathway", ctx);
                         });
}

// ---- contracts -------------------------------------------------------------------------------

Response contract_form(const Services& svc, const Request& req, const ui::RecordHeader& h,
                       const Contract* c, const ContractInput& in, ui::Form* form, int status) {
  std::string heading = c ? "Modifier le contrat" : "Nouveau contrat";
  json ctx = ui::record_context(h, "/parcours", heading);
  ctx["heading"] = heading;
  ctx["action"] =
      c ? "/contrats/" + c->id + "/modifier" : "/beneficiaires/" + h.id + "/contrats/nouveau";
  ctx["kinds"] = ui::options(contract_kinds(), in.kind);
  ctx["statuses"] = ui::options(contract_statuses(), in.status);
  ctx["values"] = {{"kind_detail", in.kind_detail},
                   {"signed_on", in.signed_on},
                   {"starts_on", in.starts_on},
                   {"ends_on", in.ends_on}};
  if (form) form->fill(ctx);
  return svc.page(req, "pathways/contract_form", ctx, status);
}

Response new_contract(const Services& svc, Request& req) {
  return ui::record_page(svc.records, req, "/parcours", "Nouveau contrat", "identity",
                         [&](const ui::RecordHeader& h, json&) {
                           ContractInput in{"cer",
                                            "",
                                            "en_preparation",
                                            "",
                                            dates::iso(svc.pathways.today(access::session_of(req))),
                                            ""};
                           return contract_form(svc, req, h, nullptr, in, nullptr, 200);
                         });
}

Response create_contract(const Services& svc, Request& req) {
  return ui::record_page(
      svc.records, req, "/parcours", "Nouveau contrat", "identity",
      [&](const ui::RecordHeader& h, json&) {
        ui::Form form(req);
        ContractInput in = read_contract(form);
        auto r = svc.pathways.add_contract(access::session_of(req), h.id, in);
        return saved_or_again(
            r, form, [&] { return Response::redirect("/contrats/" + *r + "?enregistre=1"); },
            [&] { return contract_form(svc, req, h, nullptr, in, &form, 422); });
      });
}

// The contract's page, printable for signature: the parties, the dates and its objectives. It
// names the person's référent, so it reads the whole record.
Response contract_page(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto c = svc.pathways.contract(s, req.param("id"));
  if (!c) return Response::not_found();
  auto b = svc.beneficiaries.get(s, c->beneficiary_id, "identity,pathway");
  if (!b) return Response::not_found();
  std::string person = b->summary.first_name + " " + b->summary.last_name;
  json ctx = ui::record_context({b->summary.id, person}, "/parcours", contract_title(*c));
  ctx["c"] = view::contract_json(*c);
  json objectives = json::array();
  for (const auto& o : svc.pathways.objectives_of_contract(s, *c)) {
    objectives.push_back(view::item_json(o, ItemKind::kObjective));
  }
  ctx["objectives"] = objectives;
  ctx["has_objectives"] = !objectives.empty();
  ctx["person"] = person;
  // The person's référent signs the contract, whoever prints it (blank when there is none).
  ctx["counselor"] = b->referents.empty() ? std::string() : b->referents.front().second;
  ctx["saved"] = req.query.has("enregistre");
  return svc.page(req, "pathways/contract", ctx);
}

Response edit_contract(const Services& svc, Request& req) {
  auto c = svc.pathways.contract(access::session_of(req), req.param("id"));
  auto h = c ? owner(svc, req, c->beneficiary_id) : std::nullopt;
  if (!h) return Response::not_found();
  return contract_form(svc, req, *h, &*c, input_of(*c), nullptr, 200);
}

Response update_contract(const Services& svc, Request& req) {
  auto c = svc.pathways.contract(access::session_of(req), req.param("id"));
  auto h = c ? owner(svc, req, c->beneficiary_id) : std::nullopt;
  if (!h) return Response::not_found();
  ui::Form form(req);
  ContractInput in = read_contract(form);
  auto st = svc.pathways.update_contract(access::session_of(req), c->id, in);
  return saved_or_again(
      st, form, [&] { return Response::redirect("/contrats/" + c->id + "?enregistre=1"); },
      [&] { return contract_form(svc, req, *h, &*c, in, &form, 422); });
}

}  // namespace

void register_routes(http::Router& router, const Services& s) {
  register_pathway_pages(router, s);
  register_item_pages(router, s);
  register_referral_pages(router, s);
  register_timeline(router, s);
  register_api(router, s);
  register_documents(router, s);
  register_bilan(router, s);
}

void register_pathway_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/parcours", kPathwayRead, http::on(s, pathway_tab)},
      {kGet, "/beneficiaires/{id}/contrats/nouveau", kPathwayWrite, http::on(s, new_contract)},
      {kPost, "/beneficiaires/{id}/contrats/nouveau", kPathwayWrite, http::on(s, create_contract)},
      {kGet, "/contrats/{id}", kPathwayRead, http::on(s, contract_page)},
      {kGet, "/contrats/{id}/modifier", kPathwayWrite, http::on(s, edit_contract)},
      {kPost, "/contrats/{id}/modifier", kPathwayWrite, http::on(s, update_contract)},
  });
}

}  // namespace jalon::pathways
