// The record's "Parcours" tab: contracts (with the renewal alert and the printable contract),
// objectives and the actions under each, and their forms.
#include "pathways/web.h"

#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "beneficiaries/view.h"
#include "meetings/web.h"
#include "pathways/referentials.h"
#include "pathways/view.h"
#include "ui/page.h"

namespace jalon::pathways {
namespace {

using beneficiaries::Beneficiary;
using beneficiaries::view::options;
using beneficiaries::view::section_header;
using http::Request;
using http::Response;
using meetings::kPathwayRead;
using meetings::kPathwayWrite;
using nlohmann::json;

ContractInput read_contract(ui::Form& form) {
  return {form.text("kind"),      form.text("kind_detail"), form.text("status"),
          form.text("signed_on"), form.text("starts_on"),   form.text("ends_on")};
}

ItemInput read_item(ui::Form& form, ItemKind kind) {
  ItemInput in{form.text("code"),   form.text("label"),   form.text("theme"),   form.text("status"),
               form.text("due_on"), form.text("barrier"), form.text("partner"), {}};
  if (kind == ItemKind::kObjective) in.parent_id = form.text("contract_id");
  return in;
}

// A form's answer to a service error: 404 for a hidden object, else the form again (422).
bool hidden(const Error& e) {
  return e.kind == ErrorKind::kNotFound;
}

}  // namespace

http::Response Services::page(const http::Request& req, std::string_view tmpl, const json& ctx,
                              int status) const {
  return ui::page_response(renderer, req, tmpl, ctx, status);
}

void register_routes(http::Router& router, const Services& s) {
  register_pathway_pages(router, s);
  register_referral_pages(router, s);
  register_timeline(router, s);
  register_api(router, s);
  register_documents(router, s);
  register_bilan(router, s);
}

void register_pathway_pages(http::Router& router, const Services& svc) {
  // ---- the record's tab -------------------------------------------------------------------
  router.get("/beneficiaires/{id}/parcours", kPathwayRead, [svc](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.beneficiaries.get(s, req.param("id"));
    if (!b) return Response::not_found();
    json ctx = section_header(*b, "/parcours", "Parcours");
    json contracts = json::array();
    for (const auto& c : svc.pathways.contracts(s, b->summary.id)) {
      contracts.push_back(view::contract_json(c));
    }
    ctx["contracts"] = contracts;
    ctx["no_contract"] = contracts.empty();
    auto actions = svc.pathways.items(s, ItemKind::kAction, b->summary.id);
    json objectives = json::array();
    int overdue = 0;
    for (const auto& o : svc.pathways.items(s, ItemKind::kObjective, b->summary.id)) {
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
    ctx["objectives"] = objectives;
    ctx["no_objective"] = objectives.empty();
    ctx["overdue_count"] = overdue;
    ctx["has_overdue"] = overdue > 0;
    ctx["saved"] = req.query.has("enregistre");
    return svc.page(req, "pathways/pathway", ctx);
  });

  // ---- contracts --------------------------------------------------------------------------
  auto contract_form = [svc](const Request& req, const Beneficiary& b, const Contract* c,
                             const ContractInput& in, ui::Form* form, int status) {
    json ctx = section_header(b, "/parcours", c ? "Modifier le contrat" : "Nouveau contrat");
    ctx["heading"] = c ? "Modifier le contrat" : "Nouveau contrat";
    ctx["action"] = c ? "/contrats/" + c->id + "/modifier"
                      : "/beneficiaires/" + b.summary.id + "/contrats/nouveau";
    ctx["kinds"] = options(contract_kinds(), in.kind);
    ctx["statuses"] = options(contract_statuses(), in.status);
    ctx["values"] = {{"kind_detail", in.kind_detail},
                     {"signed_on", in.signed_on},
                     {"starts_on", in.starts_on},
                     {"ends_on", in.ends_on}};
    if (form) form->fill(ctx);
    return svc.page(req, "pathways/contract_form", ctx, status);
  };

  router.get(
      "/beneficiaires/{id}/contrats/nouveau", kPathwayWrite, [svc, contract_form](Request& req) {
        const auto& s = access::session_of(req);
        auto b = svc.beneficiaries.get(s, req.param("id"));
        if (!b) return Response::not_found();
        ContractInput in{"cer", "", "en_preparation", "", dates::iso(svc.pathways.today(s)), ""};
        return contract_form(req, *b, nullptr, in, nullptr, 200);
      });

  router.post("/beneficiaires/{id}/contrats/nouveau", kPathwayWrite,
              [svc, contract_form](Request& req) {
                const auto& s = access::session_of(req);
                auto b = svc.beneficiaries.get(s, req.param("id"));
                if (!b) return Response::not_found();
                ui::Form form(req);
                ContractInput in = read_contract(form);
                auto r = svc.pathways.add_contract(s, b->summary.id, in);
                if (!r.ok()) {
                  if (hidden(r.error())) return Response::not_found();
                  form.fail(r.error());
                  return contract_form(req, *b, nullptr, in, &form, 422);
                }
                return Response::redirect("/contrats/" + *r + "?enregistre=1");
              });

  // The contract and its record, or nullopt (404).
  auto open_contract =
      [svc](const Request& req) -> std::optional<std::pair<Contract, Beneficiary>> {
    const auto& s = access::session_of(req);
    auto c = svc.pathways.contract(s, req.param("id"));
    if (!c) return std::nullopt;
    auto b = svc.beneficiaries.get(s, c->beneficiary_id, "identity,pathway");
    if (!b) return std::nullopt;
    return std::make_pair(std::move(*c), std::move(*b));
  };

  // The contract's page, printable for signature: the parties, the dates and its objectives.
  router.get("/contrats/{id}", kPathwayRead, [svc, open_contract](Request& req) {
    auto cb = open_contract(req);
    if (!cb) return Response::not_found();
    auto& [c, b] = *cb;
    const auto& s = access::session_of(req);
    json ctx = section_header(b, "/parcours", contract_title(c));
    ctx["c"] = view::contract_json(c);
    json objectives = json::array();
    for (const auto& o : svc.pathways.objectives_of_contract(s, c)) {
      objectives.push_back(view::item_json(o, ItemKind::kObjective));
    }
    ctx["objectives"] = objectives;
    ctx["has_objectives"] = !objectives.empty();
    ctx["person"] = b.summary.first_name + " " + b.summary.last_name;
    // The person's référent signs the contract, whoever prints it (blank when there is none).
    ctx["counselor"] = b.referents.empty() ? std::string() : b.referents.front().second;
    ctx["saved"] = req.query.has("enregistre");
    return svc.page(req, "pathways/contract", ctx);
  });

  router.get(
      "/contrats/{id}/modifier", kPathwayWrite, [open_contract, contract_form](Request& req) {
        auto cb = open_contract(req);
        if (!cb) return Response::not_found();
        auto& [c, b] = *cb;
        ContractInput in{c.kind, c.kind_detail, c.status, c.signed_on, c.starts_on, c.ends_on};
        return contract_form(req, b, &c, in, nullptr, 200);
      });

  router.post("/contrats/{id}/modifier", kPathwayWrite,
              [svc, open_contract, contract_form](Request& req) {
                auto cb = open_contract(req);
                if (!cb) return Response::not_found();
                auto& [c, b] = *cb;
                ui::Form form(req);
                ContractInput in = read_contract(form);
                auto st = svc.pathways.update_contract(access::session_of(req), c.id, in);
                if (!st.ok()) {
                  if (hidden(st.error())) return Response::not_found();
                  form.fail(st.error());
                  return contract_form(req, b, &c, in, &form, 422);
                }
                return Response::redirect("/contrats/" + c.id + "?enregistre=1");
              });

  // ---- objectives and actions ---------------------------------------------------------------
  // The form of an objective or action; `item` is set when editing, `objective` when adding
  // an action (its parent).
  auto item_form = [svc](const Request& req, const Beneficiary& b, ItemKind kind, const Item* item,
                         const Item* objective, const ItemInput& in, ui::Form* form, int status) {
    const auto& s = access::session_of(req);
    bool is_objective = kind == ItemKind::kObjective;
    std::string heading = item ? (is_objective ? "Modifier l'objectif" : "Modifier l'action")
                               : (is_objective ? "Nouvel objectif" : "Nouvelle action");
    json ctx = section_header(b, "/parcours", heading);
    ctx["heading"] = heading;
    ctx["is_objective"] = is_objective;
    if (item) {
      ctx["action"] =
          std::string(is_objective ? "/objectifs/" : "/actions/") + item->id + "/modifier";
    } else if (is_objective) {
      ctx["action"] = "/beneficiaires/" + b.summary.id + "/objectifs/nouveau";
    } else {
      ctx["action"] = "/objectifs/" + objective->id + "/actions/nouvelle";
    }
    if (objective) ctx["objective_label"] = objective->label;
    ctx["catalogue"] =
        view::catalogue_groups(is_objective ? objective_catalogue() : action_catalogue(), in.code);
    ctx["themes"] = view::theme_options(in.theme);
    ctx["statuses"] = options(is_objective ? objective_statuses() : action_statuses(), in.status);
    json barriers = json::array();
    barriers.push_back(
        {{"code", ""}, {"label", "— Aucun frein précisé —"}, {"selected", in.barrier.empty()}});
    for (const auto& [code, label] : svc.pathways.barriers(s, b.summary.id)) {
      barriers.push_back({{"code", code}, {"label", label}, {"selected", code == in.barrier}});
    }
    ctx["barriers"] = barriers;
    ctx["no_barrier"] = barriers.size() == 1;
    if (is_objective) {
      json contracts = json::array();
      contracts.push_back(
          {{"code", ""}, {"label", "— Aucun —"}, {"selected", in.parent_id.empty()}});
      for (const auto& c : svc.pathways.contracts(s, b.summary.id)) {
        contracts.push_back(
            {{"code", c.id},
             {"label", contract_title(c) + " du " + beneficiaries::view::french_date(c.starts_on)},
             {"selected", c.id == in.parent_id}});
      }
      ctx["contracts"] = contracts;
    }
    ctx["values"] = {{"label", in.label}, {"due_on", in.due_on}, {"partner", in.partner}};
    if (form) form->fill(ctx);
    return svc.page(req, "pathways/item_form", ctx, status);
  };

  router.get("/beneficiaires/{id}/objectifs/nouveau", kPathwayWrite,
             [svc, item_form](Request& req) {
               const auto& s = access::session_of(req);
               auto b = svc.beneficiaries.get(s, req.param("id"));
               if (!b) return Response::not_found();
               ItemInput in;
               in.status = "en_cours";
               // The contract in progress, when there is one, is the usual home of a new
               // objective.
               for (const auto& c : svc.pathways.contracts(s, b->summary.id)) {
                 if (c.status == kContractActive) {
                   in.parent_id = c.id;
                   break;
                 }
               }
               return item_form(req, *b, ItemKind::kObjective, nullptr, nullptr, in, nullptr, 200);
             });

  router.post("/beneficiaires/{id}/objectifs/nouveau", kPathwayWrite,
              [svc, item_form](Request& req) {
                const auto& s = access::session_of(req);
                auto b = svc.beneficiaries.get(s, req.param("id"));
                if (!b) return Response::not_found();
                ui::Form form(req);
                ItemInput in = read_item(form, ItemKind::kObjective);
                auto r = svc.pathways.add_item(s, ItemKind::kObjective, b->summary.id, in);
                if (!r.ok()) {
                  if (hidden(r.error())) return Response::not_found();
                  form.fail(r.error());
                  return item_form(req, *b, ItemKind::kObjective, nullptr, nullptr, in, &form, 422);
                }
                return Response::redirect("/beneficiaires/" + b->summary.id +
                                          "/parcours?enregistre=1#objectif-" + *r);
              });

  // An objective or action and its record, or nullopt (404).
  auto open_item = [svc](const Request& req,
                         ItemKind kind) -> std::optional<std::pair<Item, Beneficiary>> {
    const auto& s = access::session_of(req);
    auto i = svc.pathways.item(s, kind, req.param("id"));
    if (!i) return std::nullopt;
    auto b = svc.beneficiaries.get(s, i->beneficiary_id, "identity,pathway");
    if (!b) return std::nullopt;
    return std::make_pair(std::move(*i), std::move(*b));
  };

  router.get("/objectifs/{id}/actions/nouvelle", kPathwayWrite,
             [open_item, item_form](Request& req) {
               auto ob = open_item(req, ItemKind::kObjective);
               if (!ob) return Response::not_found();
               auto& [o, b] = *ob;
               ItemInput in;
               in.status = "prevu";
               in.barrier = o.barrier;
               return item_form(req, b, ItemKind::kAction, nullptr, &o, in, nullptr, 200);
             });

  router.post(
      "/objectifs/{id}/actions/nouvelle", kPathwayWrite, [svc, open_item, item_form](Request& req) {
        auto ob = open_item(req, ItemKind::kObjective);
        if (!ob) return Response::not_found();
        auto& [o, b] = *ob;
        ui::Form form(req);
        ItemInput in = read_item(form, ItemKind::kAction);
        in.parent_id = o.id;
        auto r =
            svc.pathways.add_item(access::session_of(req), ItemKind::kAction, b.summary.id, in);
        if (!r.ok()) {
          if (hidden(r.error())) return Response::not_found();
          form.fail(r.error());
          return item_form(req, b, ItemKind::kAction, nullptr, &o, in, &form, 422);
        }
        return Response::redirect("/beneficiaires/" + b.summary.id +
                                  "/parcours?enregistre=1#action-" + *r);
      });

  for (ItemKind kind : {ItemKind::kObjective, ItemKind::kAction}) {
    std::string base = kind == ItemKind::kObjective ? "/objectifs/{id}" : "/actions/{id}";
    router.get(base + "/modifier", kPathwayWrite, [open_item, item_form, kind](Request& req) {
      auto ib = open_item(req, kind);
      if (!ib) return Response::not_found();
      auto& [i, b] = *ib;
      ItemInput in{
          i.code,     i.free() ? i.label : "", i.theme, i.status, i.due_on, i.barrier, i.partner,
          i.parent_id};
      return item_form(req, b, kind, &i, nullptr, in, nullptr, 200);
    });
    router.post(base + "/modifier", kPathwayWrite, [svc, open_item, item_form, kind](Request& req) {
      auto ib = open_item(req, kind);
      if (!ib) return Response::not_found();
      auto& [i, b] = *ib;
      ui::Form form(req);
      ItemInput in = read_item(form, kind);
      auto st = svc.pathways.update_item(access::session_of(req), kind, i.id, in);
      if (!st.ok()) {
        if (hidden(st.error())) return Response::not_found();
        form.fail(st.error());
        return item_form(req, b, kind, &i, nullptr, in, &form, 422);
      }
      return Response::redirect("/beneficiaires/" + b.summary.id + "/parcours?enregistre=1#" +
                                (kind == ItemKind::kObjective ? "objectif-" : "action-") + i.id);
    });
  }
}

}  // namespace jalon::pathways
