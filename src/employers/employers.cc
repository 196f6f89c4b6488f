// EmployerService: the directory of establishments, the structure's relation with each, and the
// hiring potential of an employer (La Bonne Boîte's ROME × NAF hires, and its size).
#include <cmath>

#include "access/policy.h"
#include "core/text.h"
#include "core/validation.h"
#include "employers/referentials.h"
#include "employers/service.h"
#include "store/row_reader.h"

namespace jalon::employers {

using access::audit_entry;
using access::Session;

namespace {

// The establishment's columns, then the caller's relation (params: the structure id first).
constexpr const char* kSelect =
    "SELECT e.id, e.siret, e.name, COALESCE(e.naf_code, ''), COALESCE(n.label, ''),"
    " COALESCE(e.size_band, 'NN'), e.address, e.postcode, COALESCE(e.commune_code, ''),"
    " COALESCE(c.name, ''), e.active, COALESCE(r.status, 'jamais_contacte'),"
    " COALESCE(r.tags, ''), COALESCE(r.notes, '') FROM establishments e"
    " LEFT JOIN naf_codes n ON n.code = e.naf_code"
    " LEFT JOIN communes c ON c.code = e.commune_code"
    " LEFT JOIN employer_relations r ON r.establishment_id = e.id AND r.structure_id = ? ";

Establishment establishment_from(const store::Row& row) {
  store::RowReader r(row);
  Establishment e;
  e.id = r.text();
  e.siret = r.text();
  e.name = r.text();
  e.naf_code = r.text();
  e.naf_label = r.text();
  e.size_band = r.text();
  e.address = r.text();
  e.postcode = r.text();
  e.commune_code = r.text();
  e.commune_name = r.text();
  e.active = r.i64() != 0;
  e.status = r.text();
  e.tags = r.text();
  e.notes = r.text();
  return e;
}

}  // namespace

EmployerService::EmployerService(store::Database& db, const Clock& clock, Random& rng,
                                 access::AuditLog& audit)
    : db_(db), clock_(clock), rng_(rng), audit_(audit) {}

dates::Date EmployerService::today(const Session& s) {
  auto tx = db_.read();
  auto r = tx.query_one("SELECT time_zone FROM structures WHERE id = ?", {s.structure_id});
  tx.commit();
  return dates::local_date(clock_.now_ms(), r ? r->text(0) : "Europe/Paris");
}

bool EmployerService::employer_visible(store::Tx& tx, const std::string& id) {
  return looks_like_id(id) &&
         tx.query_one("SELECT 1 FROM establishments WHERE id = ?", {id}).has_value();
}

std::vector<Establishment> EmployerService::list(const Session& s, const EmployerFilter& f) {
  std::string sql = kSelect + std::string("WHERE 1 = 1");
  store::Params p{s.structure_id};
  if (!f.query.empty()) {
    sql += " AND (LOWER(e.name) LIKE ? OR e.siret = ?)";
    p.push_back("%" + text::fold(f.query) + "%");
    p.push_back(f.query);
  }
  if (!f.status.empty()) {
    sql += " AND COALESCE(r.status, 'jamais_contacte') = ?";
    p.push_back(f.status);
  }
  if (!f.commune.empty()) {
    sql += " AND e.commune_code = ?";
    p.push_back(f.commune);
  }
  std::string order = " ORDER BY e.name, e.siret";
  if (!f.rome.empty()) {
    // Employers to prospect for a job: their sector hires for it; most hires × size first.
    sql +=
        " AND e.active = 1 AND EXISTS (SELECT 1 FROM rome_naf_hirings h WHERE h.naf_code ="
        " e.naf_code AND h.rome_code = ?)";
    p.push_back(f.rome);
    order =
        " ORDER BY (SELECT h.hirings FROM rome_naf_hirings h WHERE h.naf_code = e.naf_code AND"
        " h.rome_code = ?) * (CASE WHEN e.size_band IN ('NN', '00') THEN 1 ELSE 2 END) DESC,"
        " e.name";
    p.push_back(f.rome);
  }
  sql += order + " LIMIT ?";
  p.push_back(std::clamp(f.limit, 1, 500));
  auto tx = db_.read();
  std::vector<Establishment> out;
  for (const auto& row : tx.query(sql, p)) out.push_back(establishment_from(row));
  tx.commit();
  return out;
}

std::vector<std::pair<std::string, int64_t>> EmployerService::pipeline(const Session& s) {
  std::vector<std::pair<std::string, int64_t>> out;
  auto tx = db_.read();
  for (const auto& st : relation_statuses()) {
    int64_t n = 0;
    if (st.code == kNeverContacted) {
      n = tx.query_one(
                "SELECT COUNT(*) FROM establishments e WHERE NOT EXISTS (SELECT 1 FROM"
                " employer_relations r WHERE r.establishment_id = e.id AND r.structure_id"
                " = ? AND r.status <> 'jamais_contacte')",
                {s.structure_id})
              ->i64(0);
    } else {
      n = tx.query_one(
                "SELECT COUNT(*) FROM employer_relations WHERE structure_id = ? AND status = ?",
                {s.structure_id, std::string(st.code)})
              ->i64(0);
    }
    out.emplace_back(std::string(st.code), n);
  }
  tx.commit();
  return out;
}

Result<Establishment> EmployerService::get(const Session& s, const std::string& id) {
  if (!looks_like_id(id)) return Error::not_found();
  auto tx = db_.read();
  auto row = tx.query_one(kSelect + std::string("WHERE e.id = ?"), {s.structure_id, id});
  tx.commit();
  if (!row) return Error::not_found();
  return establishment_from(*row);
}

std::vector<Error> EmployerService::creation_mistakes(const EstablishmentInput& in) {
  std::vector<Error> out;
  auto add = [&](const Status& st) {
    if (!st.ok()) out.push_back(st.error());
  };
  if (!valid_siret(in.siret)) {
    out.push_back(
        Error::invalid("Le SIRET doit comporter 14 chiffres valides (clé de Luhn).", "siret"));
  }
  add(validation::text(in.name, "name", "le nom de l'établissement", 200, true));
  if (!in.naf_code.empty()) {
    auto tx = db_.read();
    bool known = tx.query_one("SELECT 1 FROM naf_codes WHERE code = ?", {in.naf_code}).has_value();
    tx.commit();
    if (!known) out.push_back(Error::invalid("Code NAF inconnu (ex. 47.11F).", "naf_code"));
  }
  add(validation::one_of(in.size_band, size_bands(), "size_band", "la tranche d'effectif", false));
  add(validation::text(in.address, "address", "L'adresse", 300));
  if (!in.commune_code.empty() && in.commune_code.size() != 5) {
    out.push_back(Error::invalid("Code commune : 5 caractères (code INSEE).", "commune_code"));
  }
  return out;
}

Result<std::string> EmployerService::create(const Session& s, const EstablishmentInput& raw) {
  EstablishmentInput in = raw;
  in.siret.erase(std::remove(in.siret.begin(), in.siret.end(), ' '), in.siret.end());
  in.name = text::trim(in.name);
  if (auto m = creation_mistakes(in); !m.empty()) return m.front();
  auto tx = db_.write();
  if (tx.query_one("SELECT 1 FROM establishments WHERE siret = ?", {in.siret})) {
    return Error::invalid("Cet établissement (même SIRET) est déjà dans l'annuaire.", "siret");
  }
  std::string id = new_id(rng_);
  auto opt = [](const std::string& v) { return v.empty() ? store::Value() : store::Value(v); };
  tx.exec(
      "INSERT INTO establishments (siret, id, name, naf_code, size_band, address, postcode,"
      " commune_code, active, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'saisie')",
      {in.siret, id, in.name, opt(in.naf_code), in.size_band.empty() ? "NN" : in.size_band,
       in.address, in.postcode, opt(in.commune_code)});
  audit_.record(tx, audit_entry(s, "create", "employer", id, "employers"));
  tx.commit();
  return id;
}

Status EmployerService::set_relation(const Session& s, const std::string& id,
                                     const std::string& status, const std::string& tags,
                                     const std::string& notes) {
  if (auto st =
          validation::one_of(status, relation_statuses(), "status", "le statut de la relation");
      !st.ok()) {
    return st;
  }
  if (auto st = validation::text(tags, "tags", "Les étiquettes", 200); !st.ok()) return st;
  if (auto st = validation::text(notes, "notes", "Les notes", 4000); !st.ok()) return st;
  auto tx = db_.write();
  if (!employer_visible(tx, id)) return Error::not_found();
  tx.exec(
      "INSERT INTO employer_relations (structure_id, establishment_id, status, tags, notes,"
      " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (structure_id,"
      " establishment_id) DO UPDATE SET status = excluded.status, tags = excluded.tags, notes ="
      " excluded.notes, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
      {s.structure_id, id, status, text::trim(tags), text::trim(notes), clock_.now_ms(),
       s.user_id});
  audit_.record(tx, audit_entry(s, "update", "employer", id, "employers", "status=" + status));
  tx.commit();
  return ok_status();
}

std::vector<HiringJob> EmployerService::hiring_jobs(const Session& s, const std::string& id,
                                                    int limit) {
  auto e = get(s, id);
  if (!e.ok() || e->naf_code.empty()) return {};
  auto tx = db_.read();
  auto total = tx.query_one(
                     "SELECT COALESCE(SUM(hirings), 0) FROM rome_naf_hirings WHERE"
                     " naf_code = ?",
                     {e->naf_code})
                   ->i64(0);
  std::vector<HiringJob> out;
  int headcount = size_headcount(e->size_band);
  // log2(1 + headcount): a bigger establishment hires more, with diminishing weight.
  double size_factor = std::log2(2.0 + headcount);
  for (const auto& row : tx.query(
           "SELECT h.rome_code, COALESCE(c.label, h.rome_code), h.hirings FROM rome_naf_hirings h"
           " LEFT JOIN rome_codes c ON c.code = h.rome_code WHERE h.naf_code = ?"
           " ORDER BY h.hirings DESC, h.rome_code LIMIT ?",
           {e->naf_code, limit})) {
    store::RowReader r(row);
    HiringJob j;
    j.rome_code = r.text();
    j.rome_label = r.text();
    j.hirings = r.i64();
    j.sector_hirings = total;
    j.share = total > 0 ? static_cast<double>(j.hirings) / static_cast<double>(total) : 0;
    j.score = std::round(j.share * size_factor * 100.0) / 10.0;
    int pct = static_cast<int>(std::lround(j.share * 100));
    j.why = std::to_string(pct) + " % des embauches de son secteur (" + e->naf_label +
            ") sont des " + j.rome_label + " (" + std::to_string(j.hirings) + " sur " +
            std::to_string(total) + ")" +
            (headcount > 0 ? std::string(" ; effectif : ") +
                                 std::string(referential::label_of(size_bands(), e->size_band))
                           : std::string(" ; effectif inconnu"));
    out.push_back(std::move(j));
  }
  tx.commit();
  return out;
}

}  // namespace jalon::employers
