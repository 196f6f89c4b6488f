// Interview report pages: the record's "Comptes rendus" tab, the report (printable), the draft
// form with the diagnosis update and the SR 5 notice, finalisation and addenda.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/view.h"
#include "core/dates.h"
#include "core/text.h"
#include "meetings/referentials.h"
#include "meetings/view.h"
#include "meetings/web.h"
#include "ui/page.h"

namespace jalon::meetings {
namespace {

using beneficiaries::Beneficiary;
using beneficiaries::view::section_header;
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
    out["latest_date"] = beneficiaries::view::french_date(diags.front().made_on);
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
                          {"theme", sit ? find_theme(sit->theme)->label : ""},
                          {"current", beneficiaries::label_of(beneficiaries::severities(),
                                                              std::to_string(it.severity))},
                          {"choices", choices}});
    }
  }
  out["barriers"] = barriers;
  json groups = json::array();
  std::string chosen = req.form.get("new_barrier");
  for (const auto& t : beneficiaries::themes()) {
    if (t.professional) continue;
    json items = json::array();
    for (const auto& sit : beneficiaries::situations()) {
      if (sit.theme == t.code) {
        items.push_back(
            {{"code", sit.code}, {"label", sit.label}, {"selected", sit.code == chosen}});
      }
    }
    groups.push_back({{"label", t.label}, {"items", items}});
  }
  out["new_groups"] = groups;
  out["new_severities"] = beneficiaries::view::options(
      beneficiaries::severities(),
      req.form.get("new_severity").empty() ? "2" : req.form.get("new_severity"));
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
  return in;
}

}  // namespace

void register_report_pages(http::Router& router, const Services& svc) {
  // ---- the record's tab -------------------------------------------------------------------
  router.get("/beneficiaires/{id}/comptes-rendus", kPathwayRead, [svc](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.beneficiaries.get(s, req.param("id"));
    if (!b) return Response::not_found();
    std::string zone = svc.meetings.zone(s);
    json ctx = section_header(*b, "/comptes-rendus", "Comptes rendus");
    json list = json::array();
    for (const auto& r : svc.reports.of_beneficiary(s, b->summary.id)) {
      list.push_back({{"id", r.id},
                      {"title", report_title(r, zone)},
                      {"final", r.final()},
                      {"author", r.author_name},
                      {"finalised", r.finalised_at ? dates::french_datetime(r.finalised_at, zone)
                                                   : std::string()},
                      {"addenda", r.addenda.size()}});
    }
    json waiting = json::array();
    for (const auto& a : svc.meetings.of_beneficiary(s, b->summary.id)) {
      if (a.report_id.empty() && check_report_start(a.state()).ok()) {
        waiting.push_back(view::appointment_json(a, zone));
      }
    }
    ctx["reports"] = list;
    ctx["none"] = list.empty();
    ctx["waiting"] = waiting;
    ctx["has_waiting"] = !waiting.empty();
    return svc.page(req, "meetings/reports", ctx);
  });

  // The report and its record, or nullopt (404).
  auto open = [svc](const Request& req) -> std::optional<std::pair<Report, Beneficiary>> {
    const auto& s = access::session_of(req);
    auto r = svc.reports.get(s, req.param("id"));
    if (!r) return std::nullopt;
    auto b = svc.beneficiaries.get(s, r->beneficiary_id);
    if (!b) return std::nullopt;
    return std::make_pair(std::move(*r), std::move(*b));
  };

  // ---- the report ---------------------------------------------------------------------------
  auto report_page = [svc](const Request& req, const Report& r, const Beneficiary& b,
                           ui::Form* form, int status) {
    const auto& s = access::session_of(req);
    std::string zone = svc.meetings.zone(s);
    json ctx = section_header(b, "/comptes-rendus", "Compte rendu");
    json addenda = json::array();
    for (const auto& a : r.addenda) {
      addenda.push_back({{"body", a.body},
                         {"author", a.author_name},
                         {"at", dates::french_datetime(a.created_at, zone)}});
    }
    json diagnoses = json::array();
    for (const auto& d : r.diagnoses) diagnoses.push_back(beneficiaries::view::french_date(d));
    ctx["r"] = {{"id", r.id},
                {"title", report_title(r, zone)},
                {"final", r.final()},
                {"author", r.author_name},
                {"created", dates::french_datetime(r.created_at, zone)},
                {"updated", dates::french_datetime(r.updated_at, zone)},
                {"finalised",
                 r.finalised_at ? dates::french_datetime(r.finalised_at, zone) : std::string()},
                {"finalised_by", r.finalised_by_name},
                {"appointment_id", r.appointment_id},
                {"sections", view::sections_json(r)},
                {"addenda", addenda},
                {"has_addenda", !addenda.empty()},
                {"diagnoses", diagnoses},
                {"has_diagnoses", !diagnoses.empty()}};
    if (form) form->fill(ctx);
    if (req.query.has("finalise")) ctx["notice"] = "Le compte rendu a été finalisé.";
    if (req.query.has("addendum")) ctx["notice"] = "L'addendum a été ajouté au compte rendu.";
    return svc.page(req, "meetings/report", ctx, status);
  };

  router.get("/comptes-rendus/{id}", kPathwayRead, [open, report_page](Request& req) {
    auto rb = open(req);
    if (!rb) return Response::not_found();
    return report_page(req, rb->first, rb->second, nullptr, 200);
  });

  // ---- the draft form -------------------------------------------------------------------
  auto form_page = [svc](const Request& req, const Report& r, const Beneficiary& b,
                         const std::vector<beneficiaries::Diagnosis>& diags, ui::Form* form,
                         int status) {
    const auto& s = access::session_of(req);
    std::string zone = svc.meetings.zone(s);
    json ctx = section_header(b, "/comptes-rendus", "Compte rendu (brouillon)");
    json sections = view::sections_json(r);
    if (form) {
      for (auto& sec : sections) sec["body"] = req.form.get(sec["code"].get<std::string>());
    }
    ctx["r"] = {{"id", r.id},
                {"title", report_title(r, zone)},
                {"version", r.version},
                {"updated", dates::french_datetime(r.updated_at, zone)},
                {"sections", sections}};
    ctx["diagnosis"] = diagnosis_fields(diags, req);
    if (form) {
      form->fill(ctx);
      for (auto& sec : ctx["r"]["sections"]) {
        std::string code = sec["code"];
        if (ctx.contains("errors") && ctx["errors"].contains(code))
          sec["error"] = ctx["errors"][code];
      }
    }
    if (req.query.has("enregistre")) ctx["notice"] = "Le brouillon a été enregistré.";
    return svc.page(req, "meetings/report_form", ctx, status);
  };

  // Editing a finalised report is a conflict: it changes nothing and says what to do instead.
  auto finalised = [svc](const Request& req, const Report& r) {
    std::string zone = svc.meetings.zone(access::session_of(req));
    return Response::error(409, "Ce compte rendu a été finalisé le " +
                                    dates::french_datetime(r.finalised_at, zone) +
                                    " : il ne peut plus être modifié. Ajoutez un addendum depuis "
                                    "la page du compte rendu.");
  };

  router.get("/comptes-rendus/{id}/modifier", kPathwayWrite,
             [svc, open, form_page, finalised](Request& req) {
               auto rb = open(req);
               if (!rb) return Response::not_found();
               if (rb->first.final()) return finalised(req, rb->first);
               auto diags = svc.beneficiaries.diagnoses(rb->second);
               return form_page(req, rb->first, rb->second, diags, nullptr, 200);
             });

  router.post("/comptes-rendus/{id}/modifier", kPathwayWrite,
              [svc, open, form_page, finalised](Request& req) {
                auto rb = open(req);
                if (!rb) return Response::not_found();
                const Report& r = rb->first;
                if (r.final()) return finalised(req, r);
                const auto& s = access::session_of(req);
                auto diags = svc.beneficiaries.diagnoses(rb->second);
                ui::Form form(req);
                ReportInput in = read_report(req, form, r, diags);
                auto st = svc.reports.save(s, r.id, in);
                if (!st.ok()) {
                  if (st.error().kind == ErrorKind::kConflict) {
                    return Response::error(409, st.error().message);
                  }
                  form.fail(st.error());
                  return form_page(req, r, rb->second, diags, &form, 422);
                }
                if (in.finalise)
                  return Response::redirect("/comptes-rendus/" + r.id + "?finalise=1");
                return Response::redirect("/comptes-rendus/" + r.id + "/modifier?enregistre=1");
              });

  router.post("/comptes-rendus/{id}/finaliser", kPathwayWrite,
              [svc, open, report_page](Request& req) {
                auto rb = open(req);
                if (!rb) return Response::not_found();
                auto st = svc.reports.finalise(access::session_of(req), rb->first.id);
                if (!st.ok()) {
                  ui::Form form(req);
                  form.fail(st.error());
                  return report_page(req, rb->first, rb->second, &form,
                                     st.error().kind == ErrorKind::kConflict ? 409 : 422);
                }
                return Response::redirect("/comptes-rendus/" + rb->first.id + "?finalise=1");
              });

  router.post(
      "/comptes-rendus/{id}/addenda", kPathwayWrite, [svc, open, report_page](Request& req) {
        auto rb = open(req);
        if (!rb) return Response::not_found();
        ui::Form form(req);
        auto r = svc.reports.add_addendum(access::session_of(req), rb->first.id, form.text("body"));
        if (!r.ok()) {
          form.fail(r.error());
          return report_page(req, rb->first, rb->second, &form,
                             r.error().kind == ErrorKind::kConflict ? 409 : 422);
        }
        return Response::redirect("/comptes-rendus/" + rb->first.id + "?addendum=1#addenda");
      });
}

}  // namespace jalon::meetings
