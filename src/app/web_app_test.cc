// The assembled route table: every route's capability is one a role grants (a route naming a
// capability no role has would be unreachable, or a typo that denies everyone).
#include "app/web_app.h"

#include <doctest/doctest.h>

#include <set>

#include "access/capabilities.h"
#include "access/roles.h"
#include "support/test_stores.h"

using namespace jalon;

TEST_CASE("every capability a route requires is granted by some role") {
  jalon::testing::TestStore store(store::Engine::kSqlite);
  app::Config config;
  config.data_dir = store.data_dir();
  assets::AssetSource assets("");
  SystemClock clock;
  SystemRandom rng;
  app::WebApp web(config, store.db(), assets, clock, rng);
  std::set<std::string> required;
  size_t capability_routes = 0;
  for (const auto& route : web.router().routes()) {
    if (route.permission.kind() != http::Permission::Kind::kCapability) continue;
    ++capability_routes;
    required.insert(route.permission.name());
    bool granted = access::has_own_rule(route.permission.name());
    for (auto role : access::all_roles())
      granted = granted || access::role_has(role, route.permission.name());
    CAPTURE(route.pattern);
    CHECK_MESSAGE(granted, "no role grants " << route.permission.name());
  }
  // The table has the domains' routes, and every capability the roles grant is used by one.
  CHECK(capability_routes > 100);
  for (const auto& c : access::known_capabilities()) {
    CAPTURE(c);
    CHECK(required.count(c) == 1);
  }
}
