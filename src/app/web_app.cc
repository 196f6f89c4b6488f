#include "app/web_app.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "access/audit.h"
#include "access/keys.h"
#include "access/passwords.h"
#include "access/policy.h"
#include "access/service.h"
#include "access/web.h"
#include "beneficiaries/followup.h"
#include "beneficiaries/records.h"
#include "beneficiaries/search_web.h"
#include "beneficiaries/service.h"
#include "beneficiaries/web.h"
#include "employers/web.h"
#include "http/json_api.h"
#include "jobs/jobs.h"
#include "jobs/web.h"
#include "meetings/reports.h"
#include "meetings/service.h"
#include "meetings/web.h"
#include "ops/test_routes.h"
#include "outcomes/service.h"
#include "outcomes/web.h"
#include "partners/service.h"
#include "partners/web.h"
#include "pathways/service.h"
#include "pathways/web.h"
#include "privacy/web.h"
#include "referentials/web.h"
#include "store/row_reader.h"
#include "territorial/notes.h"
#include "territorial/web.h"
#include "ui/page.h"
#include "workshops/service.h"
#include "workshops/web.h"

namespace jalon::app {
namespace {

using http::Permission;
using http::Request;
using http::Response;
using nlohmann::json;

std::string content_type_for(std::string_view path) {
  auto ends = [&](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

struct ErrorText {
  const char* title;
  const char* explanation;
};

ErrorText error_text(int status) {
  switch (status) {
    case 400:
      return {"Requête invalide", "La requête envoyée n'a pas pu être comprise."};
    case 401:
      return {"Connexion requise", "Connectez-vous pour accéder à cette page."};
    case 403:
      return {"Accès refusé", "Vous n'avez pas les droits nécessaires pour cette action."};
    case 404:
      return {"Page introuvable", "Cette page n'existe pas ou vous n'y avez pas accès."};
    case 405:
      return {"Action non permise", "Cette action n'est pas possible sur cette page."};
    case 409:
      return {"Action impossible", "Cette action n'est plus possible à ce stade."};
    case 413:
      return {"Envoi trop volumineux", "Le contenu envoyé dépasse la taille autorisée."};
    case 429:
      return {"Trop de tentatives", "Patientez quelques minutes avant de réessayer."};
    case 503:
      return {"Service momentanément indisponible", "Réessayez dans quelques instants."};
    default:
      return {"Erreur interne",
              "Un problème est survenu de notre côté. L'équipe peut le "
              "retrouver grâce à la référence ci-dessous."};
  }
}

}  // namespace

std::vector<std::string> allowed_origins(const Config& config) {
  std::vector<std::string> out;
  Listen l;
  if (parse_listen(config.listen, l)) {
    out.push_back("http://" + l.host + ":" + std::to_string(l.port));
    if (l.host == "127.0.0.1") out.push_back("http://localhost:" + std::to_string(l.port));
  }
  if (!config.public_url.empty()) {
    std::string u = config.public_url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    out.push_back(u);
  }
  return out;
}

std::string base_url(const Config& config) {
  if (!config.public_url.empty()) {
    std::string u = config.public_url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    return u;
  }
  return "http://" + config.listen;
}

WebApp::WebApp(const Config& config, store::Database& db, const assets::AssetSource& assets,
               const Clock& clock, Random& rng, OffsetClock* test_clock)
    : config_(config),
      db_(db),
      assets_(assets),
      clock_(clock),
      rng_(rng),
      test_clock_(test_clock),
      renderer_(assets) {
  keys_ = std::make_unique<access::Keys>(access::Keys::load_or_create(config_.data_dir));
  audit_ = std::make_unique<access::AuditLog>(db_, clock_, *keys_, audit_checkpoint_file(config_));
  audit_->start();
  password_policy_ = std::make_unique<access::PasswordPolicy>(assets_);
  access_ = std::make_unique<access::AccessService>(db_, clock_, rng_, *keys_, *audit_,
                                                    *password_policy_);
  access_web_ = std::make_unique<access::AccessWeb>(*access_, renderer_, base_url(config_),
                                                    access::SessionClock(db_, clock_));
  beneficiaries_ =
      std::make_unique<beneficiaries::BeneficiaryService>(db_, clock_, rng_, *keys_, *audit_);
  // Health items stored in plain text by an older version move to the sealed health module.
  beneficiaries_->seal_plain_health_items();
  beneficiaries::refresh_missing_followups(db_, clock_.now_ms());
  records_ = std::make_unique<beneficiaries::RecordLookup>(*beneficiaries_);
  territories_ = std::make_unique<referentials::TerritoryService>(db_, clock_, rng_);
  notes_ = std::make_unique<territorial::NoteService>(db_, clock_, rng_);
  meetings_ = std::make_unique<meetings::MeetingService>(db_, clock_, rng_, *audit_);
  reports_ = std::make_unique<meetings::ReportService>(db_, clock_, rng_, *audit_, *meetings_,
                                                       *beneficiaries_);
  pathways_ = std::make_unique<pathways::PathwayService>(db_, clock_, rng_, *audit_, *meetings_);
  outcomes_ =
      std::make_unique<outcomes::OutcomeService>(db_, clock_, rng_, *audit_, *beneficiaries_);
  documents_ = std::make_unique<pathways::DocumentService>(
      db_, clock_, rng_, *audit_, (std::filesystem::path(config_.data_dir) / "uploads").string());
  workshops_ =
      std::make_unique<workshops::WorkshopService>(db_, clock_, rng_, *audit_, base_url(config_));
  partners_ =
      std::make_unique<partners::PartnerDirectory>(db_, clock_, rng_, *audit_, base_url(config_));
  privacy_ = std::make_unique<privacy::PrivacyService>(
      db_, *audit_, clock_, rng_, privacy::inventory(assets_),
      (std::filesystem::path(config_.data_dir) / "uploads").string());
  register_routes();
  http::PipelineHooks hooks;
  access_web_->install(hooks);
  hooks.render_error = [this](const Request& req, int status, const std::string& message) {
    ErrorText t = error_text(status);
    if (req.wants_json()) {
      return http::problem_document(status, message.empty() ? t.explanation : message, {},
                                    req.correlation_id)
          .dump();
    }
    return renderer_.page("error", {{"title", t.title},
                                    {"nonce", req.csp_nonce},
                                    {"status", status},
                                    {"explanation", message.empty() ? t.explanation : message},
                                    {"correlation_id", req.correlation_id}});
  };
  http::PipelineOptions options;
  options.allowed_origins = allowed_origins(config_);
  options.access_log = config_.access_log;
  std::string proxies_error;
  auto proxies = http::TrustedProxies::parse(config_.trusted_proxies, proxies_error);
  if (!proxies) throw std::runtime_error("--trusted-proxies: " + proxies_error);
  options.trusted_proxies = std::move(*proxies);
  pipeline_ =
      std::make_unique<http::Pipeline>(router_, std::move(hooks), std::move(options), clock_, rng_);
}

WebApp::~WebApp() {
  audit_->stop();
}

pathways::Services WebApp::pathway_services() {
  return {*pathways_, *beneficiaries_, *meetings_, *reports_, *documents_, renderer_, *records_};
}

Response WebApp::home(Request& req) {
  auto tx = db_.read();
  auto row = tx.query_one("SELECT value FROM instance_settings WHERE key = ?", {"instance_name"});
  tx.commit();
  json ctx = ui::page_context(req, "Accueil", "home");
  ctx["instance_name"] = row ? row->text(0) : "Jalon";
  // Counselors, coordinators and structure admins land on their dashboard.
  pathways::add_dashboard(pathway_services(), req, ctx);
  jobs::add_todo_dashboard({db_, clock_, rng_, *audit_, renderer_}, req, ctx);
  return Response::html(renderer_.page("home", ctx));
}

std::string WebApp::appellation_label(const std::string& code) {
  auto tx = db_.read();
  auto r = tx.query_one("SELECT label, rome_code FROM rome_appellations WHERE code = ?", {code});
  tx.commit();
  return r ? r->text(0) + " (" + r->text(1) + ")" : "Appellation ROME " + code;
}

Response WebApp::healthz(Request&) {
  auto tx = db_.read();
  tx.query_one("SELECT 1");
  tx.commit();
  return Response::text("ok\n");
}

Response WebApp::metrics(Request& req) {
  if (!http::metrics_request_allowed(req, config_.metrics_token)) return Response::error(403);
  auto tx = db_.read();
  auto jobs_health = jobs::health(tx, clock_.now_ms());
  tx.commit();
  Response r =
      Response::text(pipeline_->metrics().render_prometheus() + jobs::prometheus(jobs_health));
  r.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  return r;
}

Response WebApp::openapi(Request&) {
  auto body = assets_.get("static/openapi.json");
  if (!body) return Response::not_found();
  return Response::json(std::move(*body));
}

Response WebApp::static_file(Request& req) {
  auto body = assets_.get("static/" + req.param("path"));
  if (!body) return Response::not_found();
  Response r;
  r.body = std::move(*body);
  r.set_header("Content-Type", content_type_for(req.param("path")));
  r.set_header("Cache-Control", "public, max-age=3600");
  return r;
}

http::Handler WebApp::member(Response (WebApp::*fn)(Request&)) {
  return [this, fn](Request& req) { return (this->*fn)(req); };
}

void WebApp::register_routes() {
  using enum http::Method;
  using P = Permission;
  router_.add_all({{kGet, "/", P::public_access("home page"), member(&WebApp::home)}});
  access_web_->register_routes(router_);
  beneficiaries::register_routes(
      router_, *beneficiaries_, renderer_,
      [this](const std::string& code) { return appellation_label(code); });
  beneficiaries::register_search_pages(router_, db_, clock_, *audit_, renderer_);
  referentials::register_routes(router_, {db_, *territories_, renderer_});
  territorial::register_routes(router_, {db_, *notes_, renderer_, *audit_, clock_});
  meetings::register_routes(
      router_, {*meetings_, *reports_, *beneficiaries_, renderer_, base_url(config_), *records_,
                [this](const access::Session& s, const std::string& person) {
                  return pathways::report_choices(*pathways_, s, person);
                },
                [this](const access::Session& s, const std::string& who, Millis from, Millis to) {
                  return workshops::agenda_events(*workshops_, s, who, from, to);
                }});
  pathways::register_routes(router_, pathway_services());
  workshops::register_routes(router_, {*workshops_, renderer_, base_url(config_)});
  outcomes::register_routes(
      router_,
      {*outcomes_, renderer_, *records_, base_url(config_),
       [this](const access::Session& s,
              const std::string& person) -> std::optional<outcomes::PlacementPrefill> {
         auto p =
             employers::EmployerService(db_, clock_, rng_, *audit_).latest_placement(s, person);
         if (!p) return std::nullopt;
         return outcomes::PlacementPrefill{p->employer, p->job, p->contract, p->start_on,
                                           p->end_on};
       }});
  partners::register_routes(router_, {*partners_, renderer_, *records_});
  jobs::register_routes(router_, {db_, clock_, rng_, *audit_, renderer_});
  employers::register_routes(router_, {db_, clock_, rng_, *audit_, renderer_, *records_});
  privacy::register_routes(router_, {*privacy_, db_, renderer_, *records_});
  router_.add_all({
      {kGet, "/healthz", P::public_access("liveness probe, no data"), member(&WebApp::healthz)},
      {kGet, "/metrics", P::public_access("Prometheus scrape: loopback or --metrics-token only"),
       member(&WebApp::metrics)},
      {kGet, "/api/v1/openapi.json", P::public_access("API description, no data"),
       member(&WebApp::openapi)},
      {kGet, "/static/{path...}", P::public_access("CSS, scripts and images"),
       member(&WebApp::static_file)},
  });
  if (config_.test_routes) register_test_routes();
}

// Hooks for the integration tests only (SR 45 and graceful shutdown); never in production.
namespace {

Response boom(Request&) {
  throw std::runtime_error("SELECT secret FROM /src/app/web_app.cc");
}

Response slow(Request& req) {
  int ms = std::atoi(req.query.get("ms").c_str());
  std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp(ms, 0, 10000)));
  return Response::text("slow done\n");
}

Response echo(Request& req) {
  json j;
  for (const auto& [k, v] : req.form.items()) j["form"][k] = v;
  for (const auto& f : req.files) {
    j["files"].push_back({{"field", f.field}, {"filename", f.filename}, {"size", f.data.size()}});
  }
  return Response::json(j.dump());
}

}  // namespace

Response WebApp::test_routes_list(Request&) {
  json routes = json::array();
  for (const auto& r : router_.routes()) {
    routes.push_back({{"method", http::method_name(r.method)},
                      {"pattern", r.pattern},
                      {"permission", r.permission.describe()},
                      {"public", r.permission.kind() == Permission::Kind::kPublic}});
  }
  return Response::json(routes.dump());
}

Response WebApp::test_clock(Request& req) {
  if (!test_clock_) return Response::not_found();
  test_clock_->advance(std::atoll(req.form.get("advance_ms").c_str()));
  return Response::json(json{{"offset_ms", test_clock_->offset()}}.dump());
}

Response WebApp::test_outbox(Request& req) {
  auto tx = db_.read();
  json out = json::array();
  for (const auto& r : tx.query("SELECT recipient, subject, body, status FROM outbox WHERE "
                                "recipient = ? ORDER BY created_at",
                                {req.query.get("to")})) {
    store::RowReader c(r);
    out.push_back(
        {{"to", c.text()}, {"subject", c.text()}, {"body", c.text()}, {"status", c.text()}});
  }
  tx.commit();
  return Response::json(out.dump());
}

Response WebApp::test_audit_flush(Request&) {
  audit_->flush();
  return Response::json("{}");
}

void WebApp::register_test_routes() {
  using enum http::Method;
  const Permission hook = Permission::public_access("test hook");
  router_.add_all({
      {kGet, "/__test/boom", hook, boom},
      {kGet, "/__test/slow", hook, slow},
      {kGet, "/__test/routes", hook, member(&WebApp::test_routes_list)},
      {kPost, "/__test/echo", hook, echo},
      {kPost, "/__test/clock", hook, member(&WebApp::test_clock)},
      {kGet, "/__test/outbox", hook, member(&WebApp::test_outbox)},
      {kPost, "/__test/audit/flush", hook, member(&WebApp::test_audit_flush)},
  });
  jobs::register_test_routes(router_, {db_, clock_, rng_, *audit_, renderer_});
  if (auto* faulty = dynamic_cast<store::FaultyDatabase*>(&db_)) {
    ops::register_test_routes(router_, *faulty);
  }
}

}  // namespace jalon::app
