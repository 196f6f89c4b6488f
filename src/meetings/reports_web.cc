// Interview report pages: the record's "Comptes rendus" tab, the report (printable), the draft
// form with the diagnosis update and the SR 5 notice, finalisation and addenda.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "core/text.h"
#include "http/json_api.h"
#include "meetings/referentials.h"
#include "meetings/view.h"
#include "meetings/web.h"
#include "ui/page.h"

namespace jalon::meetings {
namespace {

using beneficiaries::Beneficiary;
using http::Request;
using http::Response;
using nlohmann::json;

// The heading of a report: "Entretien de suivi du mardi 24 novembre 2026".
std::string report_title(const Report& r, const std::string& zone) {
  std::string kind(label_of(appointment_kinds(), r.kind));
  if (r.kind == "tripartite") kind = "Tripartite";
  return "Entretien « " + kind + " » du " +
         dates::french_long(dates::local_date(r.appointment_at, zone));
}

// The diagnosis update part of the form: the barriers of the latest diagnosis, each with
// "unchanged / lifted / severity", and a new barrier to add.
json diagnosis_fields(const std::vector<beneficiaries::Diagnosis>& diags, const Request& req) {
  using beneficiaries::find_situation;
  using beneficiaries::find_theme;
  json out = {{"has_latest", !diags.empty()}};
  json barriers = json::array();
  if (!diags.empty()) {
    out["latest_date"] = dates::french_date(diags.front().made_on);
    for (const auto& it : diags.front().items) {
      if (it.kind != "barrier") continue;
      const auto* sit = find_situation(it.item);
      std::string chosen = req.form.get("barrier_" + it.item);
      json choices = json::array();
      choices.push_back({{"code", ""}, {"label", "Inchangé"}, {"selected", chosen.empty()}});
      choices.push_back({{"code", "0"}, {"label", "Levé"}, {"selected", chosen == "0"}});
      for (const auto& sev : beneficiaries::severities()) {
        choices.push_back(
            {{"code", sev.code}, {"label", sev.label}, {"selected", chosen == sev.code}});
      }
      barriers.push_back({{"item", it.item},
                          {"label", sit ? sit->label : it.item},
                          {"theme", sit ? find_theme(sit->group)->label : ""},
                          {"current", beneficiaries::label_of(beneficiaries::severities(),
                                                              std::to_string(it.severity))},
                          {"choices", choices}});
    }
  }
  out["barriers"] = barriers;
  json groups = json::array();
  std::string chosen = req.form.get("new_barrier");
  for (const auto& t : beneficiaries::themes()) {
    if (beneficiaries::professional(t)) continue;
    json items = json::array();
    for (const auto& sit : beneficiaries::situations()) {
      if (sit.group == t.code) {
        items.push_back(
            {{"code", sit.code}, {"label", sit.label}, {"selected", sit.code == chosen}});
      }
    }
    groups.push_back({{"label", t.label}, {"items", items}});
  }
  out["new_groups"] = groups;
  out["new_severities"] =
      ui::options(beneficiaries::severities(),
                  req.form.get("new_severity").empty() ? "2" : req.form.get("new_severity"));
  return out;
}

// The objectives and actions ticked on the form ("objective:ID", "action:ID").
std::vector<LinkedItem> checked_items(const Request& req) {
  std::vector<LinkedItem> out;
  for (const auto& v : req.form.all("items")) {
    auto colon = v.find(':');
    if (colon == std::string::npos) continue;
    out.push_back({v.substr(0, colon), v.substr(colon + 1)});
  }
  return out;
}

ReportInput read_report(const Request& req, ui::Form& form, const Report& r,
                        const std::vector<beneficiaries::Diagnosis>& diags) {
  ReportInput in;
  in.version = text::to_int(form.text("version"), -1);
  for (const auto& sec : report_template(r.kind)) {
    std::string code(sec.code);
    in.sections.emplace_back(code, form.text(code));
  }
  if (!diags.empty()) {
    for (const auto& it : diags.front().items) {
      if (it.kind != "barrier") continue;
      std::string v = req.form.get("barrier_" + it.item);
      if (!v.empty()) in.barrier_changes.push_back({it.item, text::to_int(v, -1)});
    }
  }
  std::string added = form.text("new_barrier");
  if (!added.empty()) {
    in.barrier_changes.push_back({added, text::to_int(form.text("new_severity"), -1)});
  }
  in.finalise = req.form.get("action") == "finalise";
  if (req.form.has("items_shown")) in.items = checked_items(req);
  return in;
}

constexpr std::string_view kTab = "/comptes-rendus";

// ---- the record's tab ---------------------------------------------------------------------

json report_list(const std::vector<Report>& reports, const std::string& zone) {
  json list = json::array();
  for (const auto& r : reports) {
    list.push_back({{"id", r.id},
                    {"title", report_title(r, zone)},
                    {"final", r.final()},
                    {"author", r.author_name},
                    {"finalised",
                     r.finalised_at ? dates::french_datetime(r.finalised_at, zone) : std::string()},
                    {"addenda", r.addenda.size()}});
  }
  return list;
}

Response reports_tab(const Services& s, Request& req) {
  return ui::record_page(s.records, req, kTab, "Comptes rendus", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           const auto& se = access::session_of(req);
                           std::string zone = s.meetings.zone(se);
                           json list = report_list(s.reports.of_beneficiary(se, h.id), zone);
                           json waiting = json::array();
                           for (const auto& a : s.meetings.of_beneficiary(se, h.id)) {
                             if (a.report_id.empty() && check_report_start(a.state()).ok()) {
                               waiting.push_back(view::appointment_json(a, zone));
                             }
                           }
                           ctx["reports"] = list;
                           ctx["none"] = list.empty();
                           ctx["waiting"] = waiting;
                           ctx["has_waiting"] = !waiting.empty();
                           return s.page(req, "meetings/reports", ctx);
                         });
}

using Opened = ui::OnRecord<Report>;

// The report of the route's {id} and its person's record header.
std::optional<Opened> open(const Services& s, const Request& req) {
  return ui::on_record(s.records, req, s.reports.get(access::session_of(req), req.param("id")),
                       "identity");
}

// The person's objectives and actions as the form's checkboxes, those in `chosen` ticked.
json item_choices(const Services& s, const Request& req, const Report& r,
                  const std::vector<LinkedItem>& chosen) {
  json out = json::array();
  if (!s.pathway_items) return out;
  for (const auto& c : s.pathway_items(access::session_of(req), r.beneficiary_id)) {
    bool checked =
        std::find(chosen.begin(), chosen.end(), LinkedItem{c.kind, c.id}) != chosen.end();
    out.push_back(
        {{"value", c.kind + ":" + c.id},
         {"id", "item-" + c.id},
         {"label", c.label},
         {"objective", c.objective},
         {"is_action", c.kind == "action"},
         {"href", (c.kind == "action" ? "/actions/" : "/objectifs/") + c.id + "/modifier"},
         {"checked", checked}});
  }
  return out;
}

// ---- the report ---------------------------------------------------------------------------

Response report_page(const Services& s, const Request& req, const Opened& o, ui::Form* form,
                     int status) {
  const Report& r = o.object;
  std::string zone = s.meetings.zone(access::session_of(req));
  json ctx = ui::record_context(o.h, kTab, "Compte rendu");
  json addenda = json::array();
  for (const auto& a : r.addenda) {
    addenda.push_back({{"body", a.body},
                       {"author", a.author_name},
                       {"at", dates::french_datetime(a.created_at, zone)}});
  }
  json diagnoses = json::array();
  for (const auto& d : r.diagnoses) diagnoses.push_back(dates::french_date(d));
  ctx["r"] = {
      {"id", r.id},
      {"title", report_title(r, zone)},
      {"final", r.final()},
      {"author", r.author_name},
      {"created", dates::french_datetime(r.created_at, zone)},
      {"updated", dates::french_datetime(r.updated_at, zone)},
      {"finalised", r.finalised_at ? dates::french_datetime(r.finalised_at, zone) : std::string()},
      {"finalised_by", r.finalised_by_name},
      {"appointment_id", r.appointment_id},
      {"sections", view::sections_json(r)},
      {"addenda", addenda},
      {"has_addenda", !addenda.empty()},
      {"diagnoses", diagnoses},
      {"has_diagnoses", !diagnoses.empty()}};
  json linked = item_choices(s, req, r, r.items);
  json shown = json::array();
  for (const auto& c : linked) {
    if (c["checked"].get<bool>()) shown.push_back(c);
  }
  ctx["r"]["items"] = shown;
  ctx["r"]["has_items"] = !shown.empty();
  if (form) form->fill(ctx);
  if (req.query.has("finalise")) ctx["notice"] = "Le compte rendu a été finalisé.";
  if (req.query.has("addendum")) ctx["notice"] = "L'addendum a été ajouté au compte rendu.";
  return s.page(req, "meetings/report", ctx, status);
}

Response report(const Services& s, Request& req) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  return report_page(s, req, *o, nullptr, 200);
}

// ---- the draft form -----------------------------------------------------------------------

// The draft and its person: the form updates the person's diagnosis, so it reads the record
// itself (one audited read, as the header would be).
struct Draft {
  Report r;
  Beneficiary b;
  std::vector<beneficiaries::Diagnosis> diags;
};

std::optional<Draft> open_draft(const Services& s, const Request& req) {
  const auto& se = access::session_of(req);
  auto r = s.reports.get(se, req.param("id"));
  if (!r) return std::nullopt;
  auto b = s.beneficiaries.get(se, r->beneficiary_id);
  if (!b) return std::nullopt;
  Draft d{std::move(*r), std::move(*b), {}};
  if (!d.r.final()) d.diags = s.beneficiaries.diagnoses(d.b);
  return d;
}

Response form_page(const Services& s, const Request& req, const Draft& d, ui::Form* form,
                   int status) {
  const Report& r = d.r;
  std::string zone = s.meetings.zone(access::session_of(req));
  ui::RecordHeader h{d.b.summary.id, d.b.summary.first_name + " " + d.b.summary.last_name};
  json ctx = ui::record_context(h, kTab, "Compte rendu (brouillon)");
  json sections = view::sections_json(r);
  if (form) {
    for (auto& sec : sections) sec["body"] = req.form.get(sec["code"].get<std::string>());
  }
  ctx["r"] = {{"id", r.id},
              {"title", report_title(r, zone)},
              {"version", r.version},
              {"updated", dates::french_datetime(r.updated_at, zone)},
              {"sections", sections}};
  ctx["diagnosis"] = diagnosis_fields(d.diags, req);
  json items = item_choices(s, req, r, form ? checked_items(req) : r.items);
  ctx["items"] = items;
  ctx["has_items"] = !items.empty();
  ctx["autosave_url"] = "/comptes-rendus/" + r.id + "/brouillon";
  if (form) {
    form->fill(ctx);
    for (auto& sec : ctx["r"]["sections"]) {
      std::string code = sec["code"];
      if (ctx.contains("errors") && ctx["errors"].contains(code))
        sec["error"] = ctx["errors"][code];
    }
  }
  if (req.query.has("enregistre")) ctx["notice"] = "Le brouillon a été enregistré.";
  return s.page(req, "meetings/report_form", ctx, status);
}

// Editing a finalised report is a conflict: it changes nothing and says what to do instead.
Response finalised(const Services& s, const Request& req, const Report& r) {
  std::string zone = s.meetings.zone(access::session_of(req));
  return Response::error(409, "Ce compte rendu a été finalisé le " +
                                  dates::french_datetime(r.finalised_at, zone) +
                                  " : il ne peut plus être modifié. Ajoutez un addendum depuis "
                                  "la page du compte rendu.");
}

Response edit_form(const Services& s, Request& req) {
  auto d = open_draft(s, req);
  if (!d) return Response::not_found();
  if (d->r.final()) return finalised(s, req, d->r);
  return form_page(s, req, *d, nullptr, 200);
}

Response save(const Services& s, Request& req) {
  auto d = open_draft(s, req);
  if (!d) return Response::not_found();
  const Report& r = d->r;
  if (r.final()) return finalised(s, req, r);
  ui::Form form(req);
  ReportInput in = read_report(req, form, r, d->diags);
  // Finalising is asked for on its own page: the draft is saved, then confirmed there.
  bool finalise = std::exchange(in.finalise, false);
  auto st = finalise ? check_finalisable(form.text(std::string(kRequiredSection))) : ok_status();
  if (st.ok()) st = s.reports.save(access::session_of(req), r.id, in);
  if (!st.ok()) {
    if (st.error().kind == ErrorKind::kConflict) return Response::error(409, st.error().message);
    form.fail(st.error());
    return form_page(s, req, *d, &form, 422);
  }
  if (finalise) return Response::redirect("/comptes-rendus/" + r.id + "/finaliser");
  return Response::redirect("/comptes-rendus/" + r.id + "/modifier?enregistre=1");
}

// "Finaliser ce compte rendu ?": what finalising means, what the report holds, confirm or go
// back to the draft. A finalised report answers its page.
Response confirm_finalise_page(const Services& s, const Request& req, const ui::RecordHeader& h,
                               const Report& r) {
  if (r.final()) return Response::redirect("/comptes-rendus/" + r.id);
  std::string zone = s.meetings.zone(access::session_of(req));
  json ctx = ui::record_context(h, kTab, "Finaliser le compte rendu");
  int filled = 0;
  for (const auto& [code, body] : r.sections) filled += body.empty() ? 0 : 1;
  ctx["r"] = {{"id", r.id},
              {"title", report_title(r, zone)},
              {"updated", dates::french_datetime(r.updated_at, zone)},
              {"filled", filled},
              {"plural", filled > 1},
              {"total", r.sections.size()}};
  return s.page(req, "meetings/report_finalise", ctx);
}

Response finalise(const Services& s, Request& req) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  if (req.form.get("confirme") != "1") return confirm_finalise_page(s, req, o->h, o->object);
  auto st = s.reports.finalise(access::session_of(req), o->object.id);
  if (!st.ok()) {
    ui::Form form(req);
    form.fail(st.error());
    return report_page(s, req, *o, &form, http::status_of(st.error().kind));
  }
  return Response::redirect("/comptes-rendus/" + o->object.id + "?finalise=1");
}

Response confirm_finalise(const Services& s, Request& req) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  return confirm_finalise_page(s, req, o->h, o->object);
}

Response add_addendum(const Services& s, Request& req) {
  auto o = open(s, req);
  if (!o) return Response::not_found();
  ui::Form form(req);
  auto r = s.reports.add_addendum(access::session_of(req), o->object.id, form.text("body"));
  if (!r.ok()) {
    form.fail(r.error());
    return report_page(s, req, *o, &form, http::status_of(r.error().kind));
  }
  return Response::redirect("/comptes-rendus/" + o->object.id + "?addendum=1#addenda");
}

}  // namespace

void register_report_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  using http::on;
  router.add_all({
      {kGet, "/beneficiaires/{id}/comptes-rendus", kPathwayRead, on(s, reports_tab)},
      {kGet, "/comptes-rendus/{id}", kPathwayRead, on(s, report)},
      {kGet, "/comptes-rendus/{id}/modifier", kPathwayWrite, on(s, edit_form)},
      {kPost, "/comptes-rendus/{id}/modifier", kPathwayWrite, on(s, save)},
      {kGet, "/comptes-rendus/{id}/finaliser", kPathwayWrite, on(s, confirm_finalise)},
      {kPost, "/comptes-rendus/{id}/finaliser", kPathwayWrite, on(s, finalise)},
      {kPost, "/comptes-rendus/{id}/addenda", kPathwayWrite, on(s, add_addendum)},
  });
}

}  // namespace jalon::meetings
