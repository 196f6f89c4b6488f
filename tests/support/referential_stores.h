// Stores holding the shipped referentials, imported once per engine and shared by the read-only
// tests (search, fiche, communes): the full imports take seconds under the sanitizers, and the
// queries never write. Tests that write make their own TestStore.
#pragma once
#include <doctest/doctest.h>

#include <map>
#include <memory>

#include "referentials/geography.h"
#include "referentials/rome_import.h"
#include "support/referential_data.h"
#include "support/test_stores.h"

namespace jalon::testing {

// ROME v347 and the 2024 appellations.
inline store::Database& rome_store(store::Engine e) {
  static std::map<store::Engine, std::unique_ptr<TestStore>> stores;
  auto& s = stores[e];
  if (!s) {
    s = std::make_unique<TestStore>(e);
    auto v347 = referentials::import_rome(s->db(), shipped_data("rome/v347"));
    REQUIRE_MESSAGE(v347.ok(), (v347.ok() ? "" : v347.error().message));
    auto y2024 = referentials::import_rome_2024(s->db(), shipped_data("rome/2024"));
    REQUIRE_MESSAGE(y2024.ok(), (y2024.ok() ? "" : y2024.error().message));
  }
  return s->db();
}

// COG 2026 communes, EPCI, départements, régions, centroids, employment zones and basins.
inline store::Database& geography_store(store::Engine e) {
  static std::map<store::Engine, std::unique_ptr<TestStore>> stores;
  auto& s = stores[e];
  if (!s) {
    s = std::make_unique<TestStore>(e);
    auto check = [](const Result<referentials::ImportSummary>& r) {
      REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    };
    check(referentials::import_communes(s->db(), shipped_data("geo/cog-2026")));
    check(referentials::import_centroids(s->db(), shipped_data("geo")));
    check(referentials::import_employment_zones(s->db(), shipped_data("geo")));
    check(referentials::import_employment_basins(s->db(), shipped_data("geo")));
  }
  return s->db();
}

}  // namespace jalon::testing
