#include "ops/test_routes.h"

#include <nlohmann/json.hpp>

#include <algorithm>
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
      // The real disk-full drill on SQLite (SR 54): the writer connection may grow the file by
      // `pages` more pages only (max_page_count); pages=off lifts the limit ("space freed").
      {kPost, "/__test/disk-limit", hook,
       [&db](Request& req) {
         if (db.engine() != store::Engine::kSqlite) return Response::error(404);
         auto tx = db.inner().write();
         int64_t used = tx.query_one("PRAGMA page_count")->i64(0);
         std::string pages = req.form.get("pages");
         int64_t limit = pages == "off" ? 1073741823 : used + std::max(1, std::atoi(pages.c_str()));
         tx.query("PRAGMA max_page_count = " + std::to_string(limit));
         tx.commit();
         return Response::json(json{{"page_count", used}, {"max_page_count", limit}}.dump());
       }},
      {kGet, "/__test/table-hashes", hook,
       [&db](Request&) {
         json out = json::object();
         for (const auto& [table, value] : table_hashes(db)) out[table] = value;
         return Response::json(out.dump());
       }},
  });
}

}  // namespace jalon::ops
