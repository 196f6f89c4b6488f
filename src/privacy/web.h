// Pages and JSON of privacy operations (issue 23): the record's "Données personnelles" tab (the
// retention clock, the legal hold, the subject-access export as JSON and PDF, erasure), the list
// of files whose purge is noticed, the structure's retention settings; and the daily jobs.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include "access/audit.h"
#include "http/router.h"
#include "jobs/runner.h"
#include "privacy/service.h"
#include "ui/record.h"
#include "ui/render.h"

namespace jalon::privacy {

struct Services {
  PrivacyService& privacy;
  store::Database& db;
  const ui::Renderer& renderer;
  const ui::Records& records;
};

void register_routes(http::Router& router, const Services& s);

// "privacy.retention" (daily 03:15, per structure) and "privacy.audit" (daily 03:45, platform):
// the retention pass, then the audit records older than the longest audit retention of the
// structures.
void register_jobs(jobs::Runner& runner, store::Database& db, PrivacyService& privacy,
                   access::AuditLog& audit, const Clock& clock);

}  // namespace jalon::privacy
