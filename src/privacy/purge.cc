// The purge of one file (retention or erasure) and the erasure request.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "privacy/service.h"
#include "store/row_reader.h"

namespace jalon::privacy {
namespace {

std::string departement_of(const std::string& commune) {
  if (commune.size() < 2) return {};
  return commune.starts_with("97") && commune.size() >= 3 ? commune.substr(0, 3)
                                                          : commune.substr(0, 2);
}

store::Value month_or_null(const std::string& iso) {
  return iso.size() >= 7 ? store::Value(iso.substr(0, 7)) : store::Value();
}

int64_t count(store::Tx& tx, const std::string& sql, const std::string& id) {
  store::Params p(std::count(sql.begin(), sql.end(), '?'), store::Value(id));
  auto r = tx.query_one(sql, p);
  return r && !r->is_null(0) ? r->i64(0) : 0;
}

}  // namespace

PurgeCounts PrivacyService::purge_in(store::Tx& tx, const std::string& id, const std::string& cause,
                                     const std::string& actor_role) {
  PurgeCounts counts;
  auto b = tx.query_one(
      "SELECT structure_id, birth_year, COALESCE(commune_code, ''), scheme, entry_date,"
      " COALESCE(exit_on, '') FROM beneficiaries WHERE id = ?",
      {id});
  if (!b) return counts;
  store::RowReader r(*b);
  std::string structure_id = r.text();
  int64_t birth_year = r.i64();
  std::string commune = r.text(), scheme = r.text(), entry = r.text(), exit_on = r.text();
  auto category = tx.query_one(
      "SELECT category FROM exits WHERE beneficiary_id = ? ORDER BY exit_on DESC LIMIT 1", {id});
  std::string now_month = dates::iso(dates::local_date(clock_.now_ms())).substr(0, 7);
  // The statistical trace (SR 10): months, birth year, département, counts — nothing else.
  tx.exec(
      "INSERT INTO anonymised_people (id, structure_id, cause, purged_month, birth_year,"
      " departement, scheme, entry_month, exit_month, exit_category, appointments, workshops,"
      " had_health) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {new_id(rng_), structure_id, cause, now_month, birth_year,
       commune.empty() ? store::Value() : store::Value(departement_of(commune)), scheme,
       month_or_null(entry), month_or_null(exit_on),
       category ? store::Value(category->text(0)) : store::Value(),
       count(tx, "SELECT COUNT(*) FROM appointments WHERE beneficiary_id = ? AND status = 'honore'",
             id),
       count(tx,
             "SELECT COUNT(*) FROM workshop_participations WHERE beneficiary_id = ? AND status ="
             " 'present'",
             id),
       count(tx,
             "SELECT (SELECT COUNT(*) FROM health_items WHERE beneficiary_id = ?) + (SELECT"
             " COUNT(*) FROM diagnosis_health WHERE beneficiary_id = ?)",
             id) > 0
           ? 1
           : 0});
  std::vector<std::string> files;
  for (const auto& f :
       tx.query("SELECT storage_name FROM beneficiary_documents WHERE beneficiary_id = ?", {id})) {
    files.push_back(f.text(0));
  }
  // Children first: the inventory lists parents before children.
  for (auto t = inv_.tables.rbegin(); t != inv_.tables.rend(); ++t) {
    if (t->subject != "beneficiaire") continue;
    store::Params p(std::count(t->link.begin(), t->link.end(), '?'), store::Value(id));
    counts.rows += tx.exec("DELETE FROM " + t->table + " WHERE " + t->link, p);
  }
  tx.exec(
      "INSERT INTO erasure_journal (id, structure_id, beneficiary_ref, kind, basis, at, "
      "actor_role) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {new_id(rng_), structure_id, id, cause,
       cause == "effacement" ? "RGPD art. 17" : "durée de conservation (CNIL, 2 ans)",
       clock_.now_ms(), actor_role});
  access::bump_caseload_generation(tx, structure_id);
  // The files go once the rows are gone; a failed unlink leaves a file no row names, which the
  // next purge of the uploads directory catches — never a row naming a missing file.
  for (const auto& name : files) {
    std::error_code ec;
    if (std::filesystem::remove(std::filesystem::path(uploads_dir_) / name, ec)) ++counts.files;
  }
  return counts;
}

void PrivacyService::compact_search(store::Tx& tx) {
  // SQLite's FTS5 keeps a deleted row's terms in old index segments until they merge: merge
  // them once after a run of purges (secure_delete then zeroes the freed pages). PostgreSQL's
  // indexes are on the rows themselves.
  if (db_.engine() == store::Engine::kSqlite) {
    tx.exec("INSERT INTO people_search (people_search) VALUES ('optimize')");
  }
}

Result<PurgeCounts> PrivacyService::erase(const access::Session& s, const std::string& id,
                                          const std::string& reason) {
  auto tx = db_.write();
  store::Params p{id};
  std::string where = access::Scope::of(s).beneficiaries("b", p);
  if (!tx.query_one("SELECT b.id FROM beneficiaries b WHERE b.id = ? AND " + where, p)) {
    return Error::not_found("Personne introuvable");
  }
  auto a = access::Actor::of(s);
  // FSE+ audits keep participants' files 5 years after 31 December of the exit year
  // (Regulation (EU) 2021/1060 art. 82): art. 17(3)(b) applies.
  int year = std::stoi(dates::iso(dates::local_date(clock_.now_ms())).substr(0, 4));
  auto fse =
      tx.query_one("SELECT MAX(exit_on) FROM exits WHERE beneficiary_id = ? AND fse = 1", {id});
  if (fse && !fse->is_null(0) && std::stoi(fse->text(0).substr(0, 4)) + 5 >= year) {
    tx.exec(
        "INSERT INTO erasure_journal (id, structure_id, beneficiary_ref, kind, basis, at, "
        "actor_role) VALUES (?, ?, ?, 'refus', ?, ?, ?)",
        {new_id(rng_), s.structure_id, id,
         "RGPD art. 17(3)(b) : obligation légale (audit FSE+, 5 ans après le 31 décembre de "
         "l'année de sortie)",
         clock_.now_ms(), a.role});
    audit_.record(tx, {a.user_id, a.role, a.structure_id, "delete", "beneficiary", id, "identity",
                       "denied", a.session_ref, "erasure refused: FSE+ obligation"});
    tx.commit();
    return Error::conflict(
        "L'effacement est refusé : la personne est sortie d'une action financée par le FSE+ "
        "dont le dossier doit être conservé 5 ans après le 31 décembre de l'année de sortie "
        "(RGPD art. 17(3)(b)). Le refus est inscrit au journal des effacements.");
  }
  if (reason.empty()) {
    return Error::invalid("Indiquez l'origine de la demande d'effacement.", "reason");
  }
  auto counts = purge_in(tx, id, "effacement", a.role);
  compact_search(tx);
  audit_.record(tx, {a.user_id, a.role, a.structure_id, "delete", "beneficiary", id, "identity",
                     "success", a.session_ref, "erasure"});
  tx.commit();
  return counts;
}

}  // namespace jalon::privacy
