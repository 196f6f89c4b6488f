// Test-only routes (`jalon serve --test-routes`) for the reliability drills: arm a store fault,
// read how many were injected, read the per-table row hashes.
#pragma once
#include "http/router.h"
#include "store/faults.h"

namespace jalon::ops {

// POST /__test/faults (kind=full|busy|io, nth, repeat; kind=off disarms), GET /__test/faults,
// POST /__test/disk-limit (SQLite: pages=N more pages may be written, pages=off), GET
// /__test/table-hashes.
void register_test_routes(http::Router& router, store::FaultyDatabase& db);

}  // namespace jalon::ops
