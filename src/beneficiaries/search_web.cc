// The header search's page and API: GET /recherche?q=… (the box in every signed-in page's
// header submits there; the term stays in the box and the state in the URL, issue 14) and
// GET /api/v1/search?q=…. The access log keeps the route pattern only, never the query string.
#include "beneficiaries/search_web.h"

#include <nlohmann/json.hpp>

#include <memory>

#include "access/capabilities.h"
#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "core/text.h"
#include "http/json_api.h"
#include "ui/page.h"

namespace jalon::beneficiaries {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

struct Search {
  std::shared_ptr<PeopleSearch> people;
  const ui::Renderer& renderer;
};

// "Aucun résultat", "1 résultat", "12 résultats", "Plus de 50 résultats".
std::string count_text(const SearchResults& r) {
  std::size_t n = r.people.size();
  if (n == 0) return "Aucun résultat";
  if (r.more) return "Plus de " + std::to_string(n) + " résultats";
  return std::to_string(n) + (n > 1 ? " résultats" : " résultat");
}

json row(const Summary& s) {
  return {{"id", s.id},
          {"name", s.last_name + " " + s.first_name},
          {"birth_date", dates::french_date(s.birth_date)},
          {"commune", s.commune_name},
          {"status", label_of(statuses(), s.status)},
          {"referent", s.referent_name.empty() ? "—" : s.referent_name}};
}

Response page(const Search& s, Request& req) {
  std::string q = text::trim(req.query.get("q"));
  json ctx = {{"title", "Rechercher une personne"}, {"search_q", q}, {"asked", !q.empty()}};
  int status = 200;
  if (!q.empty()) {
    auto r = s.people->find(access::session_of(req), q);
    if (!r.ok()) {
      ctx["search_error"] = r.error().message;
      status = http::status_of(r.error().kind);
    } else {
      json rows = json::array();
      for (const auto& p : r->people) rows.push_back(row(p));
      std::string count = count_text(*r) + " pour « " + q + " »";
      ctx["count"] = count;
      ctx["title"] = count;  // the page title is what a screen reader announces first
      ctx["more"] = r->more;
      ctx["rows"] = std::move(rows);
      ctx["found"] = !r->people.empty();
    }
  }
  return ui::page_response(s.renderer, req, "search", ctx, status);
}

Response api(const Search& s, Request& req) {
  auto r = s.people->find(access::session_of(req), req.query.get("q"));
  if (!r.ok()) return http::problem(r.error(), req);
  json items = json::array();
  for (const auto& p : r->people) {
    items.push_back({{"id", p.id},
                     {"first_name", p.first_name},
                     {"last_name", p.last_name},
                     {"birth_date", p.birth_date},
                     {"commune", p.commune_name},
                     {"status", p.status},
                     {"referent", p.referent_name}});
  }
  return Response::json(
      json{{"items", items}, {"kind", search_kind_code(r->kind)}, {"more", r->more}}.dump());
}

}  // namespace

void register_search_pages(http::Router& router, store::Database& db, const Clock& clock,
                           access::AuditLog& audit, const ui::Renderer& renderer) {
  using enum http::Method;
  using access::kBeneficiariesRead;
  const Search s{std::make_shared<PeopleSearch>(db, clock, audit), renderer};
  router.add_all({
      {kGet, "/recherche", kBeneficiariesRead, http::on(s, page)},
      {kGet, "/api/v1/search", kBeneficiariesRead, http::on(s, api)},
  });
}

}  // namespace jalon::beneficiaries
