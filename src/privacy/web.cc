#include "privacy/web.h"

#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "core/dates.h"
#include "http/json_api.h"
#include "ui/page.h"
#include "ui/pdf.h"

namespace jalon::privacy {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string text_of(const json& v) {
  if (v.is_null()) return "—";
  if (v.is_string()) return v.get<std::string>().empty() ? "—" : v.get<std::string>();
  return v.dump();
}

// The export as the document template reads it: one section per table, one list per row.
json document_context(const json& e, const std::string& person) {
  json sections = json::array();
  for (const auto& [table, t] : e["donnees"].items()) {
    json rows = json::array();
    for (const auto& row : t["lignes"]) {
      json fields = json::array();
      for (const auto& [k, v] : row.items()) fields.push_back({{"name", k}, {"value", text_of(v)}});
      rows.push_back({{"fields", fields}});
    }
    sections.push_back({{"table", table}, {"purpose", t["finalite"]}, {"rows", rows}});
  }
  return {{"person", person},
          {"generated", e["genere_le"]},
          {"controller", e["responsable_de_traitement"]},
          {"retention", e["conservation"]},
          {"sections", sections},
          {"accesses", e["acces_au_dossier"]},
          {"has_accesses", !e["acces_au_dossier"].empty()}};
}

Response data_page(const Services& s, const Request& req, const ui::RecordHeader& h, json& ctx,
                   ui::Form* form, int status) {
  const auto& session = access::session_of(req);
  auto clock = s.privacy.file_clock(session, h.id);
  if (!clock.ok()) return Response::not_found();
  ctx["last_contact"] = dates::french_date(clock->last_contact_on);
  ctx["purge_on"] = dates::french_date(clock->purge_on);
  ctx["held"] = !clock->hold_until.empty();
  ctx["hold_until"] = dates::french_date(clock->hold_until);
  ctx["hold_reason"] = clock->hold_reason;
  ctx["can_manage"] = session.role == access::Role::kCoordinator;
  ctx["notice"] = ui::notice_for(req, {{"suspendu", "La suspension de la purge est enregistrée."},
                                       {"repris", "La suspension est levée."}});
  if (form) form->fill(ctx);
  return ui::page_response(s.renderer, req, "privacy/record_data", ctx, status);
}

Response record_data(const Services& s, Request& req) {
  return ui::record_page(s.records, req, "/donnees", "Données personnelles", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           return data_page(s, req, h, ctx, nullptr, 200);
                         });
}

Response post_hold(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, "/donnees", "Données personnelles", "identity",
      [&](const ui::RecordHeader& h, json& ctx) {
        ui::Form form(req);
        auto st = s.privacy.set_hold(access::session_of(req), h.id, form.text("reason"),
                                     form.text("until"));
        if (!st.ok()) {
          form.fail(st.error());
          return data_page(s, req, h, ctx, &form, http::status_of(st.error().kind));
        }
        return Response::redirect("/beneficiaires/" + h.id + "/donnees?suspendu=1");
      });
}

Response post_release(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, "/donnees", "Données personnelles", "identity",
      [&](const ui::RecordHeader& h, json&) {
        auto st = s.privacy.clear_hold(access::session_of(req), h.id);
        if (!st.ok()) return Response::error(http::status_of(st.error().kind));
        return Response::redirect("/beneficiaires/" + h.id + "/donnees?repris=1");
      });
}

Response post_erase(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, "/donnees", "Données personnelles", "identity",
      [&](const ui::RecordHeader& h, json& ctx) {
        ui::Form form(req);
        std::string reason = form.text("reason");
        if (!form.checked("confirm")) {
          form.error("confirm", "Cochez la case pour confirmer l'effacement définitif.");
        }
        if (reason.empty()) {
          form.error("reason", "Indiquez l'origine de la demande.");
        }
        if (!form.ok()) return data_page(s, req, h, ctx, &form, 422);
        auto r = s.privacy.erase(access::session_of(req), h.id, reason);
        if (!r.ok()) {
          form.fail(r.error());
          return data_page(s, req, h, ctx, &form, http::status_of(r.error().kind));
        }
        return Response::redirect("/beneficiaires?efface=1");
      });
}

Response export_json(const Services& s, Request& req) {
  auto e = s.privacy.export_person(access::session_of(req), req.param("id"));
  if (!e.ok()) return Response::error(http::status_of(e.error().kind));
  Response r = Response::json(e->dump(2));
  r.set_header("Content-Disposition", "attachment; filename=\"donnees-personnelles.json\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response export_pdf(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, "/donnees", "Données personnelles", "identity",
      [&](const ui::RecordHeader& h, json&) {
        auto e = s.privacy.export_person(access::session_of(req), h.id);
        if (!e.ok()) return Response::error(http::status_of(e.error().kind));
        auto pdf = ui::html_to_pdf(
            s.renderer.render("privacy/export_document", document_context(*e, h.name)));
        if (!pdf) return ui::export_unavailable(pdf.error());
        Response r;
        r.body = std::move(*pdf);
        r.set_header("Content-Type", "application/pdf");
        r.set_header("Content-Disposition", "attachment; filename=\"donnees-personnelles.pdf\"");
        r.set_header("Cache-Control", "no-store");
        return r;
      });
}

json upcoming_json(const std::vector<Upcoming>& list) {
  json out = json::array();
  for (const auto& u : list) {
    out.push_back({{"id", u.beneficiary_id},
                   {"person", u.person},
                   {"purge_on", u.purge_on},
                   {"purge_on_label", dates::french_date(u.purge_on)},
                   {"held", !u.hold_until.empty()},
                   {"hold_until", dates::french_date(u.hold_until)}});
  }
  return out;
}

Response upcoming_page(const Services& s, Request& req) {
  auto list = upcoming_json(s.privacy.upcoming(access::session_of(req)));
  json ctx = {{"title", "Dossiers bientôt supprimés"},
              {"people", list},
              {"count", list.size()},
              {"empty", list.empty()}};
  return ui::page_response(s.renderer, req, "privacy/upcoming", ctx);
}

Response upcoming_api(const Services& s, Request& req) {
  return Response::json(upcoming_json(s.privacy.upcoming(access::session_of(req))).dump());
}

std::pair<int, int> retention_of(const Services& s, const std::string& structure_id) {
  auto tx = s.db.read();
  auto row =
      tx.query_one("SELECT retention_months, audit_retention_months FROM structures WHERE id = ?",
                   {structure_id});
  tx.commit();
  return row ? std::pair<int, int>{static_cast<int>(row->i64(0)), static_cast<int>(row->i64(1))}
             : std::pair<int, int>{24, 12};
}

Response settings_page(const Services& s, Request& req, ui::Form* form, int status) {
  auto [months, audit] = retention_of(s, access::session_of(req).structure_id);
  json ctx = {{"title", "Durées de conservation"},
              {"values",
               {{"retention_months", std::to_string(months)},
                {"audit_retention_months", std::to_string(audit)}}},
              {"saved", req.query.has("enregistre")},
              {"nav", "admin"}};
  if (form) form->fill(ctx);
  return ui::page_response(s.renderer, req, "privacy/settings", ctx, status);
}

Response settings(const Services& s, Request& req) {
  return settings_page(s, req, nullptr, 200);
}

Response post_settings(const Services& s, Request& req) {
  ui::Form form(req);
  auto number = [&](const std::string& field) {
    std::string v = form.text(field);
    return v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos
               ? -1
               : std::stoi(v);
  };
  auto st = s.privacy.set_retention(access::session_of(req), number("retention_months"),
                                    number("audit_retention_months"));
  if (!st.ok()) {
    form.fail(st.error());
    return settings_page(s, req, &form, 422);
  }
  return Response::redirect("/admin/conservation?enregistre=1");
}

}  // namespace

void register_routes(http::Router& router, const Services& s) {
  using enum http::Method;
  using access::kPrivacyExport, access::kPrivacyManage, access::kPrivacySettings;
  using http::on;
  router.add_all({
      {kGet, "/beneficiaires/{id}/donnees", kPrivacyExport, on(s, record_data)},
      {kGet, "/beneficiaires/{id}/donnees/export.json", kPrivacyExport, on(s, export_json)},
      {kGet, "/beneficiaires/{id}/donnees/export.pdf", kPrivacyExport, on(s, export_pdf)},
      {kPost, "/beneficiaires/{id}/donnees/suspension", kPrivacyManage, on(s, post_hold)},
      {kPost, "/beneficiaires/{id}/donnees/suspension/levee", kPrivacyManage, on(s, post_release)},
      {kPost, "/beneficiaires/{id}/donnees/effacement", kPrivacyManage, on(s, post_erase)},
      {kGet, "/conservation", kPrivacyExport, on(s, upcoming_page)},
      {kGet, "/admin/conservation", kPrivacySettings, on(s, settings)},
      {kPost, "/admin/conservation", kPrivacySettings, on(s, post_settings)},
      {kGet, "/api/v1/beneficiaries/{id}/export", kPrivacyExport, on(s, export_json)},
      {kGet, "/api/v1/retention/upcoming", kPrivacyExport, on(s, upcoming_api)},
  });
}

void register_jobs(jobs::Runner& runner, store::Database& db, PrivacyService& privacy,
                   access::AuditLog& audit, const Clock& clock) {
  runner.add_recurring(
      {.kind = "privacy.retention", .every_minutes = 1440, .at_minute = 3 * 60 + 15},
      [&privacy](const jobs::Context& c) {
        auto r = privacy.run_retention(c.job.payload, false);
        return std::to_string(r.notified) + " noticed, " + std::to_string(r.purged) + " purged, " +
               std::to_string(r.held) + " held";
      });
  runner.add_recurring(
      {.kind = "privacy.audit",
       .every_minutes = 1440,
       .at_minute = 3 * 60 + 45,
       .per_structure = false},
      [&db, &audit, &clock](const jobs::Context&) {
        int months = kMinAuditMonths;
        auto tx = db.read();
        auto row = tx.query_one("SELECT MAX(audit_retention_months) FROM structures");
        tx.commit();
        if (row && !row->is_null(0)) months = static_cast<int>(row->i64(0));
        auto p = audit.purge_before(clock.now_ms() - int64_t{months} * 31 * 86'400'000);
        if (!p.ok()) return p.error().message;
        return std::to_string(p->deleted) + " audit records purged";
      });
}

}  // namespace jalon::privacy
