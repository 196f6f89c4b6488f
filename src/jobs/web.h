// Pages of the jobs domain: the admin page of jobs (/admin/taches: upcoming, failed with a
// retry button, recent, and the mail health), the counselor's to-do list (/a-faire, with the
// appointment reminders of the coming week), the notification preferences
// (/compte/notifications), the dashboard section, the JSON API and the test hooks.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include "access/audit.h"
#include "core/clock.h"
#include "core/random.h"
#include "http/router.h"
#include "store/database.h"
#include "ui/render.h"

namespace jalon::jobs {

struct Services {
  store::Database& db;
  const Clock& clock;
  Random& rng;
  access::AuditLog& audit;
  const ui::Renderer& renderer;
};

void register_routes(http::Router& router, const Services& s);
// The dashboard's "À faire" section (counselors and coordinators): ctx["todo"].
void add_todo_dashboard(const Services& s, const http::Request& req, nlohmann::json& ctx);
// Test hooks (--test-routes only): schedule jobs, queue mail, read the job table.
void register_test_routes(http::Router& router, const Services& s);

}  // namespace jalon::jobs
