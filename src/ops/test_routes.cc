#include "ops/test_routes.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "ops/backup.h"

namespace jalon::ops {

void register_test_routes(http::Router& router, store::FaultyDatabase& db) {
  using enum http::Method;
  using http::Request;
  using http::Response;
  using nlohmann::json;
  const auto hook = http::Permission::public_access("test hook");
  auto state = [&db] {
    return Response::json(json{{"injected", db.injected()}, {"counted", db.counted()}}.dump());
  };
  router.add_all({
      {kPost, "/__test/faults", hook,
       [&db, state](Request& req) {
         std::string kind = req.form.get("kind");
         if (kind == "off") {
           db.disarm();
           return state();
         }
         auto k = store::fault_kind_from(kind);
         if (!k) return Response::error(422);
         store::Fault f;
         f.kind = *k;
         f.nth = std::max(1, std::atoi(req.form.get("nth").c_str()));
         f.repeat = req.form.get("repeat").empty() ? 1 : std::atoi(req.form.get("repeat").c_str());
         db.arm(f);
         return state();
       }},
      {kGet, "/__test/faults", hook, [state](Request&) { return state(); }},
      {kGet, "/__test/table-hashes", hook,
       [&db](Request&) {
         json out = json::object();
         for (const auto& [table, value] : table_hashes(db)) out[table] = value;
         return Response::json(out.dump());
       }},
  });
}

}  // namespace jalon::ops
