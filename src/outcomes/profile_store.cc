// exits.profile kept current (see migration 0081): every write to an exit or to its 6- or
// 24-month follow-up recomputes the exit's profile and bumps the structure's outcome generation
// in the same transaction, so the cached statistics are never served stale.
#include "outcomes/service.h"
#include "store/row_reader.h"

namespace jalon::outcomes {
namespace {

constexpr const char* kProfileSql =
    "SELECT e.id, e.examined, e.category, e.situation, e.contract_months, f6.status,"
    " f6.situation, f6.contract_months, f6.in_target_job, f24.status, f24.situation,"
    " f24.contract_months, f24.in_target_job FROM exits e"
    " LEFT JOIN exit_followups f6 ON f6.exit_id = e.id AND f6.moment = 'm6'"
    " LEFT JOIN exit_followups f24 ON f24.exit_id = e.id AND f24.moment = 'm24'";

std::optional<int> months(store::RowReader& r) {
  auto m = r.i64_or(-1);
  return m >= 0 ? std::optional<int>(static_cast<int>(m)) : std::nullopt;
}

int write_profiles(store::Tx& tx, const std::string& where, const store::Params& p) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& row : tx.query(std::string(kProfileSql) + where, p)) {
    store::RowReader r(row);
    std::string id = r.text();
    ExitProfile x;
    x.examined = r.boolean();
    std::string category = r.text(), situation = r.text();
    x.category = category;
    x.situation = situation;
    x.months = months(r);
    std::string texts[4];
    int t = 0;
    for (auto* c : {&x.m6, &x.m24}) {
      texts[t] = r.text_or_empty();
      texts[t + 1] = r.text_or_empty();
      c->status = texts[t];
      c->situation = texts[t + 1];
      c->months = months(r);
      c->target_job = r.i64_or(0) != 0;
      t += 2;
    }
    out.emplace_back(id, pack(x));
  }
  for (const auto& [id, v] : out) tx.exec("UPDATE exits SET profile = ? WHERE id = ?", {v, id});
  return static_cast<int>(out.size());
}

void bump(store::Tx& tx, const std::string& structure_id) {
  tx.exec(
      "INSERT INTO outcome_generations (structure_id, generation) VALUES (?, 1) ON CONFLICT"
      " (structure_id) DO UPDATE SET generation = outcome_generations.generation + 1",
      {structure_id});
}

}  // namespace

int64_t outcome_generation(store::Tx& tx, const std::string& structure_id) {
  auto g = tx.query_one("SELECT generation FROM outcome_generations WHERE structure_id = ?",
                        {structure_id});
  return g ? g->i64(0) : 0;
}

bool has_stale_profiles(store::Tx& tx, const std::string& structure_id) {
  return tx
      .query_one("SELECT 1 FROM exits WHERE structure_id = ? AND profile IS NULL LIMIT 1",
                 {structure_id})
      .has_value();
}

int refresh_profiles(store::Tx& tx, const std::string& structure_id) {
  int n = write_profiles(tx, " WHERE e.structure_id = ? AND e.profile IS NULL", {structure_id});
  if (n > 0) bump(tx, structure_id);
  return n;
}

void exits_changed(store::Tx& tx, const std::string& structure_id,
                   const std::vector<std::string>& exit_ids) {
  for (const auto& id : exit_ids) write_profiles(tx, " WHERE e.id = ?", {id});
  bump(tx, structure_id);
}

}  // namespace jalon::outcomes
