// Job offers (/offres): the list by job, commune and words, an offer's page (close or reopen
// it), the upload of France Travail's "Offres d'emploi" JSON (/offres/import).
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "employers/offers_import.h"
#include "employers/referentials.h"
#include "employers/web.h"
#include "http/json_api.h"

namespace jalon::employers {
namespace {

std::string person_param(const Request& req) {
  std::string p = req.query.get("pour");
  return looks_like_id(p) ? p : std::string();
}

Response list(const Services& svc, Request& req) {
  OfferFilter f{req.query.get("rome"), req.query.get("commune"), req.query.get("q")};
  f.open_only = req.query.get("fermees") != "1";
  std::string person = person_param(req);
  json rows = json::array();
  for (const auto& o : svc.employers.offers(access::session_of(req), f)) {
    json j = offer_json(o);
    if (!person.empty() && !o.establishment_id.empty()) {
      j["propose_href"] = "/beneficiaires/" + person +
                          "/candidatures/nouvelle?employeur=" + o.establishment_id +
                          "&offre=" + o.id;
    }
    rows.push_back(std::move(j));
  }
  json ctx = {{"title", "Offres d'emploi"},
              {"nav", "employers"},
              {"offers", rows},
              {"none", rows.empty()},
              {"rome", f.rome},
              {"commune", f.commune},
              {"q", f.query},
              {"pour", person},
              {"count", rows.size()}};
  return svc.page(req, "employers/offers", ctx);
}

Response show(const Services& svc, Request& req) {
  auto o = svc.employers.offer(access::session_of(req), req.param("id"));
  if (!o.ok()) return Response::not_found();
  json ctx = {{"title", o->title}, {"nav", "employers"}, {"o", offer_json(*o)}};
  ctx["notice"] = ui::notice_for(req, {{"enregistre", "C'est enregistré."}});
  return svc.page(req, "employers/offer", ctx);
}

Response set_open(const Services& svc, Request& req) {
  auto st = svc.employers.set_offer_open(access::session_of(req), req.param("id"),
                                         req.form.get("open") == "1");
  if (!st.ok()) return Response::not_found();
  return Response::redirect("/offres/" + req.param("id") + "?enregistre=1");
}

Response import_page(const Services& svc, const Request& req, json extra, int status) {
  json ctx = {{"title", "Importer des offres d'emploi"}, {"nav", "employers"}};
  ctx.update(extra);
  return svc.page(req, "employers/offers_import", ctx, status);
}

Response import_form(const Services& svc, Request& req) {
  return import_page(svc, req, json::object(), 200);
}

Response import_upload(const Services& svc, Request& req) {
  const http::UploadedFile* file = nullptr;
  for (const auto& f : req.files) {
    if (f.field == "file") file = &f;
  }
  if (!file || file->data.empty()) {
    return import_page(
        svc, req, {{"error", "Choisissez le fichier JSON des offres (réponse de l'API)."}}, 422);
  }
  std::string name = file->filename.empty() ? "offres.json" : file->filename;
  if (name.size() > 100) name = name.substr(0, 100);
  auto r = import_offers_text(svc.db, name, file->data, {});
  if (!r.ok()) {
    return import_page(svc, req, {{"error", "Rien n'a été importé : " + r.error().message}}, 422);
  }
  int64_t offers_added = 0, offers_updated = 0, offers_same = 0;
  for (const auto& t : r->tables) {
    if (t.table != "offers") continue;
    offers_added = t.added;
    offers_updated = t.updated;
    offers_same = t.unchanged;
  }
  return import_page(svc, req,
                     {{"done", true},
                      {"read", r->rows_read},
                      {"added", offers_added},
                      {"updated", offers_updated},
                      {"unchanged", offers_same}},
                     200);
}

}  // namespace

void register_offer_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/offres", kEmployersRead, http::on(s, list)},
      {kGet, "/offres/import", kEmployersWrite, http::on(s, import_form)},
      {kPost, "/offres/import", kEmployersWrite, http::on(s, import_upload)},
      {kGet, "/offres/{id}", kEmployersRead, http::on(s, show)},
      {kPost, "/offres/{id}/etat", kEmployersWrite, http::on(s, set_open)},
  });
}

}  // namespace jalon::employers
