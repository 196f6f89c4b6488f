// The forms of the record's objectives and of the actions under each ("Parcours" tab).
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "core/dates.h"
#include "meetings/referentials.h"
#include "pathways/referentials.h"
#include "pathways/view.h"
#include "pathways/web.h"
#include "ui/page.h"

namespace jalon::pathways {

json reports_of(const std::vector<meetings::ItemReport>& all, const std::string& item_id,
                const std::string& zone);

namespace {

ItemInput read_item(ui::Form& form, ItemKind kind) {
  ItemInput in{form.text("code"),   form.text("label"),   form.text("theme"),   form.text("status"),
               form.text("due_on"), form.text("barrier"), form.text("partner"), {}};
  if (kind == ItemKind::kObjective) in.parent_id = form.text("contract_id");
  return in;
}

ItemInput input_of(const Item& i) {
  return {i.code,     i.free() ? i.label : "", i.theme, i.status, i.due_on, i.barrier, i.partner,
          i.parent_id};
}

// An objective or action and the header of its person (audited as "identity,pathway"), or
// nullopt (404).
std::optional<ui::OnRecord<Item>> open_item(const Services& svc, const Request& req,
                                            ItemKind kind) {
  return ui::on_record(svc.records, req,
                       svc.pathways.item(access::session_of(req), kind, req.param("id")),
                       "identity,pathway");
}

// The person's barriers as options, an empty first choice for none.
json barrier_options(const Services& svc, const access::Session& s, const std::string& person_id,
                     const std::string& selected) {
  json barriers = json::array();
  barriers.push_back(
      {{"code", ""}, {"label", "— Aucun frein précisé —"}, {"selected", selected.empty()}});
  for (const auto& [code, label] : svc.pathways.barriers(s, person_id)) {
    barriers.push_back({{"code", code}, {"label", label}, {"selected", code == selected}});
  }
  return barriers;
}

// The person's contracts as the options of an objective's contract.
json contract_options(const Services& svc, const access::Session& s, const std::string& person_id,
                      const std::string& selected) {
  json contracts = json::array();
  contracts.push_back({{"code", ""}, {"label", "— Aucun —"}, {"selected", selected.empty()}});
  for (const auto& c : svc.pathways.contracts(s, person_id)) {
    contracts.push_back({{"code", c.id},
                         {"label", contract_title(c) + " du " + dates::french_date(c.starts_on)},
                         {"selected", c.id == selected}});
  }
  return contracts;
}

// Where the form of an objective or action posts: `item` is set when editing, `objective` when
// adding an action (its parent).
std::string form_action(const std::string& person_id, ItemKind kind, const Item* item,
                        const Item* objective) {
  bool is_objective = kind == ItemKind::kObjective;
  if (item) return std::string(is_objective ? "/objectifs/" : "/actions/") + item->id + "/modifier";
  if (is_objective) return "/beneficiaires/" + person_id + "/objectifs/nouveau";
  return "/objectifs/" + objective->id + "/actions/nouvelle";
}

Response item_form(const Services& svc, const Request& req, const ui::RecordHeader& h,
                   ItemKind kind, const Item* item, const Item* objective, const ItemInput& in,
                   ui::Form* form, int status) {
  const auto& s = access::session_of(req);
  bool is_objective = kind == ItemKind::kObjective;
  std::string heading = item ? (is_objective ? "Modifier l'objectif" : "Modifier l'action")
                             : (is_objective ? "Nouvel objectif" : "Nouvelle action");
  json ctx = ui::record_context(h, "/parcours", heading);
  ctx["heading"] = heading;
  ctx["is_objective"] = is_objective;
  ctx["action"] = form_action(h.id, kind, item, objective);
  if (objective) ctx["objective_label"] = objective->label;
  ctx["catalogue"] =
      view::catalogue_groups(is_objective ? objective_catalogue() : action_catalogue(), in.code);
  ctx["themes"] = view::theme_options(in.theme);
  ctx["statuses"] = ui::options(is_objective ? objective_statuses() : action_statuses(), in.status);
  json barriers = barrier_options(svc, s, h.id, in.barrier);
  ctx["no_barrier"] = barriers.size() == 1;
  ctx["barriers"] = std::move(barriers);
  if (is_objective) ctx["contracts"] = contract_options(svc, s, h.id, in.parent_id);
  ctx["values"] = {{"label", in.label}, {"due_on", in.due_on}, {"partner", in.partner}};
  if (item) {
    json reports = reports_of(svc.reports.item_reports(s, h.id), item->id, svc.meetings.zone(s));
    ctx["has_reports"] = !reports.empty();
    ctx["reports"] = std::move(reports);
    ctx["editing"] = true;
  }
  if (form) form->fill(ctx);
  return svc.page(req, "pathways/item_form", ctx, status);
}

// Where the pathway tab shows a saved objective or action.
Response saved(const std::string& person_id, ItemKind kind, const std::string& id) {
  return Response::redirect("/beneficiaires/" + person_id + "/parcours?enregistre=1#" +
                            (kind == ItemKind::kObjective ? "objectif-" : "action-") + id);
}

Response new_objective(const Services& svc, Request& req) {
  return ui::record_page(
      svc.records, req, "/parcours", "Nouvel objectif", "identity",
      [&](const ui::RecordHeader& h, json&) {
        ItemInput in;
        in.status = "en_cours";
        // The contract in progress, when there is one, is the usual home of a new objective.
        for (const auto& c : svc.pathways.contracts(access::session_of(req), h.id)) {
          if (c.status == kContractActive) {
            in.parent_id = c.id;
            break;
          }
        }
        return item_form(svc, req, h, ItemKind::kObjective, nullptr, nullptr, in, nullptr, 200);
      });
}

Response create_objective(const Services& svc, Request& req) {
  return ui::record_page(
      svc.records, req, "/parcours", "Nouvel objectif", "identity",
      [&](const ui::RecordHeader& h, json&) {
        ui::Form form(req);
        ItemInput in = read_item(form, ItemKind::kObjective);
        auto r = svc.pathways.add_item(access::session_of(req), ItemKind::kObjective, h.id, in);
        return saved_or_again(
            r, form, [&] { return saved(h.id, ItemKind::kObjective, *r); },
            [&] {
              return item_form(svc, req, h, ItemKind::kObjective, nullptr, nullptr, in, &form, 422);
            });
      });
}

Response new_action(const Services& svc, Request& req) {
  auto oh = open_item(svc, req, ItemKind::kObjective);
  if (!oh) return Response::not_found();
  auto& [o, h] = *oh;
  ItemInput in;
  in.status = "prevu";
  in.barrier = o.barrier;
  return item_form(svc, req, h, ItemKind::kAction, nullptr, &o, in, nullptr, 200);
}

Response create_action(const Services& svc, Request& req) {
  auto oh = open_item(svc, req, ItemKind::kObjective);
  if (!oh) return Response::not_found();
  auto& [o, h] = *oh;
  ui::Form form(req);
  ItemInput in = read_item(form, ItemKind::kAction);
  in.parent_id = o.id;
  auto r = svc.pathways.add_item(access::session_of(req), ItemKind::kAction, h.id, in);
  return saved_or_again(
      r, form, [&] { return saved(h.id, ItemKind::kAction, *r); },
      [&] { return item_form(svc, req, h, ItemKind::kAction, nullptr, &o, in, &form, 422); });
}

// Editing an objective or an action.
template <ItemKind kind>
Response edit_item(const Services& svc, Request& req) {
  auto ih = open_item(svc, req, kind);
  if (!ih) return Response::not_found();
  auto& [i, h] = *ih;
  return item_form(svc, req, h, kind, &i, nullptr, input_of(i), nullptr, 200);
}

template <ItemKind kind>
Response update_item(const Services& svc, Request& req) {
  auto ih = open_item(svc, req, kind);
  if (!ih) return Response::not_found();
  auto& [i, h] = *ih;
  ui::Form form(req);
  ItemInput in = read_item(form, kind);
  auto st = svc.pathways.update_item(access::session_of(req), kind, i.id, in);
  return saved_or_again(
      st, form, [&] { return saved(h.id, kind, i.id); },
      [&] { return item_form(svc, req, h, kind, &i, nullptr, in, &form, 422); });
}

}  // namespace

std::vector<meetings::ItemChoice> report_choices(PathwayService& pathways, const access::Session& s,
                                                 const std::string& person_id) {
  auto actions = pathways.items(s, ItemKind::kAction, person_id);
  std::vector<meetings::ItemChoice> out;
  for (const auto& o : pathways.items(s, ItemKind::kObjective, person_id)) {
    out.push_back({"objective", o.id, o.label, ""});
    for (const auto& a : actions) {
      if (a.parent_id == o.id) out.push_back({"action", a.id, a.label, o.label});
    }
  }
  return out;
}

// The reports tied to an item, as its lines: [{href, title, final}].
json reports_of(const std::vector<meetings::ItemReport>& all, const std::string& item_id,
                const std::string& zone) {
  json out = json::array();
  for (const auto& r : all) {
    if (r.item_id != item_id) continue;
    std::string kind(meetings::label_of(meetings::appointment_kinds(), r.kind));
    out.push_back({{"href", "/comptes-rendus/" + r.report_id},
                   {"title", "Entretien « " + kind + " » du " +
                                 dates::french(dates::local_date(r.appointment_at, zone))},
                   {"final", r.status == meetings::kFinal}});
  }
  return out;
}

void add_item_reports(const Services& svc, const access::Session& s, const std::string& person_id,
                      json& objectives) {
  auto all = svc.reports.item_reports(s, person_id);
  std::string zone = svc.meetings.zone(s);
  auto add = [&](json& item) {
    item["reports"] = reports_of(all, item["id"].get<std::string>(), zone);
    item["has_reports"] = !item["reports"].empty();
  };
  for (auto& o : objectives) {
    add(o);
    for (auto& a : o["actions"]) add(a);
  }
}

void register_item_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/objectifs/nouveau", kPathwayWrite, http::on(s, new_objective)},
      {kPost, "/beneficiaires/{id}/objectifs/nouveau", kPathwayWrite,
       http::on(s, create_objective)},
      {kGet, "/objectifs/{id}/actions/nouvelle", kPathwayWrite, http::on(s, new_action)},
      {kPost, "/objectifs/{id}/actions/nouvelle", kPathwayWrite, http::on(s, create_action)},
      {kGet, "/objectifs/{id}/modifier", kPathwayWrite,
       http::on(s, edit_item<ItemKind::kObjective>)},
      {kPost, "/objectifs/{id}/modifier", kPathwayWrite,
       http::on(s, update_item<ItemKind::kObjective>)},
      {kGet, "/actions/{id}/modifier", kPathwayWrite, http::on(s, edit_item<ItemKind::kAction>)},
      {kPost, "/actions/{id}/modifier", kPathwayWrite, http::on(s, update_item<ItemKind::kAction>)},
  });
}

}  // namespace jalon::pathways
