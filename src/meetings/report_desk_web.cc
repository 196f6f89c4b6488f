// The interview report at the counselor's desk: the draft saved while typing (autosave.js posts
// the form here; the answer is JSON, nothing is kept in the browser, SR 44) and the copy of a
// finalised report given to the person, printable and as a PDF, without the internal notes.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "core/text.h"
#include "http/json_api.h"
#include "meetings/referentials.h"
#include "meetings/view.h"
#include "meetings/web.h"
#include "ui/pdf.h"

namespace jalon::meetings {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// POST /comptes-rendus/{id}/brouillon: the form's sections (and its version) saved as the draft.
// Answers {version, saved_at, message} or a problem document (409: saved elsewhere or final).
Response autosave(const Services& s, Request& req) {
  const auto& se = access::session_of(req);
  auto r = s.reports.get(se, req.param("id"));
  if (!r) return Response::not_found();
  std::vector<std::pair<std::string, std::string>> sections;
  for (const auto& sec : report_template(r->kind)) {
    std::string code(sec.code);
    if (req.form.has(code)) sections.emplace_back(code, req.form.get(code));
  }
  auto v = s.reports.autosave(se, r->id, sections, text::to_int(req.form.get("version"), -1));
  if (!v.ok()) return http::problem(v.error(), req);
  std::string at = dates::local_hhmm(req.received_at, s.meetings.zone(se));
  return Response::json(
      json{{"version", *v}, {"saved_at", at}, {"message", "Brouillon enregistré à " + at}}.dump());
}

// The copy's context: the report without internal notes, its person, the interview.
std::optional<json> copy_context(const Services& s, const Request& req, Response& error) {
  const auto& se = access::session_of(req);
  auto c = s.reports.copy_for_person(se, req.param("id"));
  if (!c.ok()) {
    error = c.error().kind == ErrorKind::kNotFound ? Response::not_found()
                                                   : Response::error(409, c.error().message);
    return std::nullopt;
  }
  auto h = s.records.open(req, c->beneficiary_id, "identity");
  if (!h) {
    error = Response::not_found();
    return std::nullopt;
  }
  std::string zone = s.meetings.zone(se);
  std::string kind(label_of(appointment_kinds(), c->kind));
  json addenda = json::array();
  for (const auto& a : c->addenda) {
    addenda.push_back({{"body", a.body},
                       {"author", a.author_name},
                       {"at", dates::french_datetime(a.created_at, zone)}});
  }
  return json{{"person", h->name},
              {"title", "Compte rendu de l'entretien du " +
                            dates::french_long(dates::local_date(c->appointment_at, zone))},
              {"kind", kind},
              {"author", c->author_name},
              {"finalised", dates::french_datetime(c->finalised_at, zone)},
              {"sections", view::sections_json(*c)},
              {"addenda", addenda},
              {"has_addenda", !addenda.empty()}};
}

Response copy_page(const Services& s, Request& req) {
  Response error;
  auto ctx = copy_context(s, req, error);
  if (!ctx) return error;
  Response r = Response::html(s.renderer.render("meetings/report_copy", *ctx));
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response copy_pdf(const Services& s, Request& req) {
  Response error;
  auto ctx = copy_context(s, req, error);
  if (!ctx) return error;
  auto pdf = ui::html_to_pdf(s.renderer.render("meetings/report_copy", *ctx));
  if (!pdf) return ui::export_unavailable(pdf.error());
  Response r;
  r.body = std::move(*pdf);
  r.set_header("Content-Type", "application/pdf");
  r.set_header("Content-Disposition", "attachment; filename=\"compte-rendu-entretien.pdf\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void register_report_desk(http::Router& router, const Services& s) {
  using enum http::Method;
  using http::on;
  router.add_all({
      {kPost, "/comptes-rendus/{id}/brouillon", kPathwayWrite, on(s, autosave)},
      {kGet, "/comptes-rendus/{id}/exemplaire", kPathwayRead, on(s, copy_page)},
      {kGet, "/comptes-rendus/{id}/exemplaire/pdf", kPathwayRead, on(s, copy_pdf)},
  });
}

}  // namespace jalon::meetings
