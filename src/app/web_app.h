// Assembles the web application: the store, the renderer, the access layer (sessions, policy,
// audit), the route table of every domain and the pipeline hooks. `jalon serve` builds one.
#pragma once
#include <memory>
#include <string>

#include "app/config.h"
#include "core/assets.h"
#include "core/clock.h"
#include "core/random.h"
#include "http/router.h"
#include "store/database.h"
#include "ui/render.h"

namespace jalon::beneficiaries {
class BeneficiaryService;
class RecordLookup;
}  // namespace jalon::beneficiaries
namespace jalon::meetings {
class MeetingService;
class ReportService;
}  // namespace jalon::meetings
namespace jalon::referentials {
class TerritoryService;
}
namespace jalon::territorial {
class NoteService;
}
namespace jalon::outcomes {
class OutcomeService;
}  // namespace jalon::outcomes
namespace jalon::pathways {
class PathwayService;
class DocumentService;
struct Services;
}  // namespace jalon::pathways
namespace jalon::workshops {
class WorkshopService;
}
namespace jalon::partners {
class PartnerDirectory;
}
namespace jalon::privacy {
class PrivacyService;
}
namespace jalon::access {
class AccessService;
class AccessWeb;
class AuditLog;
class Keys;
class PasswordPolicy;
}  // namespace jalon::access

namespace jalon::app {

class WebApp {
 public:
  // test_clock: the clock the test-only routes may move (only with --test-routes).
  WebApp(const Config& config, store::Database& db, const assets::AssetSource& assets,
         const Clock& clock, Random& rng, OffsetClock* test_clock = nullptr);
  ~WebApp();
  http::Pipeline& pipeline() { return *pipeline_; }
  const http::Router& router() const { return router_; }
  access::AuditLog& audit() { return *audit_; }
  privacy::PrivacyService& privacy() { return *privacy_; }

 private:
  void register_routes();
  void register_test_routes();
  // A route handler calling a member function of this app.
  http::Handler member(http::Response (WebApp::*fn)(http::Request&));
  http::Response home(http::Request& req);
  http::Response healthz(http::Request& req);
  http::Response metrics(http::Request& req);
  http::Response openapi(http::Request& req);
  http::Response static_file(http::Request& req);
  std::string appellation_label(const std::string& code);
  http::Response test_routes_list(http::Request& req);
  http::Response test_clock(http::Request& req);
  http::Response test_outbox(http::Request& req);
  http::Response test_audit_flush(http::Request& req);
  pathways::Services pathway_services();

  const Config& config_;
  store::Database& db_;
  const assets::AssetSource& assets_;
  const Clock& clock_;
  Random& rng_;
  OffsetClock* test_clock_;
  ui::Renderer renderer_;
  std::unique_ptr<access::Keys> keys_;
  std::unique_ptr<access::AuditLog> audit_;
  std::unique_ptr<access::PasswordPolicy> password_policy_;
  std::unique_ptr<access::AccessService> access_;
  std::unique_ptr<access::AccessWeb> access_web_;
  std::unique_ptr<beneficiaries::BeneficiaryService> beneficiaries_;
  std::unique_ptr<beneficiaries::RecordLookup> records_;  // ui::Records for every record page
  std::unique_ptr<meetings::MeetingService> meetings_;
  std::unique_ptr<meetings::ReportService> reports_;
  std::unique_ptr<referentials::TerritoryService> territories_;
  std::unique_ptr<territorial::NoteService> notes_;
  std::unique_ptr<pathways::PathwayService> pathways_;
  std::unique_ptr<pathways::DocumentService> documents_;
  std::unique_ptr<workshops::WorkshopService> workshops_;
  std::unique_ptr<outcomes::OutcomeService> outcomes_;
  std::unique_ptr<partners::PartnerDirectory> partners_;
  std::unique_ptr<privacy::PrivacyService> privacy_;
  http::Router router_;
  std::unique_ptr<http::Pipeline> pipeline_;
};

// Origins allowed for state-changing requests, from --listen and --public-url.
std::vector<std::string> allowed_origins(const Config& config);
// The URL put in e-mails (--public-url, else the listen address).
std::string base_url(const Config& config);

}  // namespace jalon::app
