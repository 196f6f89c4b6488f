// The header search's routes: the results page GET /recherche and GET /api/v1/search (search.h).
#pragma once
#include "access/audit.h"
#include "beneficiaries/search.h"
#include "http/router.h"
#include "ui/render.h"

namespace jalon::beneficiaries {

void register_search_pages(http::Router& router, store::Database& db, const Clock& clock,
                           access::AuditLog& audit, const ui::Renderer& renderer);

}  // namespace jalon::beneficiaries
