// EmployerService: job offers (public, imported from France Travail's API: listed by job,
// commune, words or employer) and the hiring needs the structure's counselors record (the
// structure's own, another structure's are "not found").
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

constexpr const char* kOfferSelect =
    "SELECT o.id, o.source, o.source_id, COALESCE(o.establishment_id, ''), o.company_name,"
    " o.title, o.description, o.rome_code, o.rome_label, COALESCE(o.appellation_code, ''),"
    " o.appellation_label, COALESCE(o.commune_code, ''), COALESCE(c.name, ''), o.postcode,"
    " o.place_label, o.contract_type, o.contract_label, o.contract_nature, o.working_time,"
    " o.hours_label, o.experience_label, o.salary_label, o.url, o.created_on, o.updated_on,"
    " o.latitude, o.longitude, o.positions, o.open FROM offers o"
    " LEFT JOIN communes c ON c.code = o.commune_code ";

Offer offer_from(const store::Row& row) {
  store::RowReader r(row);
  Offer o;
  for (std::string* f : {&o.id,
                         &o.source,
                         &o.source_id,
                         &o.establishment_id,
                         &o.company_name,
                         &o.title,
                         &o.description,
                         &o.rome_code,
                         &o.rome_label,
                         &o.appellation_code,
                         &o.appellation_label,
                         &o.commune_code,
                         &o.commune_name,
                         &o.postcode,
                         &o.place_label,
                         &o.contract_type,
                         &o.contract_label,
                         &o.contract_nature,
                         &o.working_time,
                         &o.hours_label,
                         &o.experience_label,
                         &o.salary_label,
                         &o.url,
                         &o.created_on,
                         &o.updated_on}) {
    *f = r.text();
  }
  std::size_t i = 25;
  if (!row.is_null(i)) o.latitude = row.f64(i);
  if (!row.is_null(i + 1)) o.longitude = row.f64(i + 1);
  o.positions = row.i64(i + 2);
  o.open = row.i64(i + 3) != 0;
  return o;
}

constexpr const char* kNeedSelect =
    "SELECT n.id, n.establishment_id, e.name, n.appellation_code, n.rome_code, n.job_label,"
    " n.contract, n.hours_per_week, COALESCE(n.commune_code, ''), COALESCE(c.name, ''),"
    " n.start_on, n.notes, n.positions, n.open FROM hiring_needs n"
    " JOIN establishments e ON e.id = n.establishment_id"
    " LEFT JOIN communes c ON c.code = n.commune_code ";

Need need_from(const store::Row& row) {
  store::RowReader r(row);
  Need n;
  n.id = r.text();
  n.establishment_id = r.text();
  n.employer = r.text();
  n.appellation_code = r.text();
  n.rome_code = r.text();
  n.job_label = r.text();
  n.contract = r.text();
  n.hours_per_week = std::to_string(r.i64());
  n.commune_code = r.text();
  n.commune_name = r.text();
  n.start_on = r.text();
  n.notes = r.text();
  n.positions = r.i64();
  n.open = r.i64() != 0;
  return n;
}

}  // namespace

std::vector<Offer> EmployerService::offers(const Session&, const OfferFilter& f) {
  std::string sql = kOfferSelect + std::string("WHERE 1 = 1");
  store::Params p;
  if (f.open_only) sql += " AND o.open = 1";
  if (!f.rome.empty()) {
    sql += " AND o.rome_code = ?";
    p.push_back(text::trim(f.rome));
  }
  if (!f.commune.empty()) {
    sql += " AND o.commune_code = ?";
    p.push_back(f.commune);
  }
  if (!f.establishment_id.empty()) {
    sql += " AND o.establishment_id = ?";
    p.push_back(f.establishment_id);
  }
  if (!text::trim(f.query).empty()) {
    sql += " AND (LOWER(o.title) LIKE ? OR LOWER(o.company_name) LIKE ?)";
    p.push_back("%" + text::fold(text::trim(f.query)) + "%");
    p.push_back("%" + text::fold(text::trim(f.query)) + "%");
  }
  sql += " ORDER BY o.updated_on DESC, o.id LIMIT ?";
  p.push_back(std::clamp(f.limit, 1, 500));
  auto tx = db_.read();
  std::vector<Offer> out;
  for (const auto& row : tx.query(sql, p)) out.push_back(offer_from(row));
  tx.commit();
  return out;
}

Result<Offer> EmployerService::offer(const Session&, const std::string& id) {
  if (!looks_like_id(id)) return Error::not_found();
  auto tx = db_.read();
  auto row = tx.query_one(kOfferSelect + std::string("WHERE o.id = ?"), {id});
  tx.commit();
  if (!row) return Error::not_found();
  return offer_from(*row);
}

Status EmployerService::set_offer_open(const Session& s, const std::string& id, bool open) {
  if (!looks_like_id(id)) return Error::not_found();
  auto tx = db_.write();
  if (tx.exec("UPDATE offers SET open = ? WHERE id = ?", {open ? 1 : 0, id}) != 1) {
    return Error::not_found();
  }
  audit_.record(tx, audit_entry(s, "update", "offer", id, "employers", open ? "open=1" : "open=0"));
  tx.commit();
  return ok_status();
}

std::vector<Error> EmployerService::need_mistakes(const NeedInput& in) {
  std::vector<Error> out;
  validation::Mistakes m{out};
  if (in.appellation_code.empty()) {
    m.add(Error::invalid("Choisissez le métier dans le ROME.", "appellation"));
  } else {
    auto tx = db_.read();
    bool known =
        tx.query_one("SELECT 1 FROM rome_appellations WHERE code = ?", {in.appellation_code})
            .has_value();
    tx.commit();
    if (!known) m.add(Error::invalid("Ce métier n'est pas dans le ROME.", "appellation"));
  }
  m.add(validation::one_of(in.contract, contract_kinds(), "contract", "le type de contrat"));
  if (auto h =
          validation::integer(in.hours_per_week, "hours_per_week", "Heures par semaine", 1, 48);
      !h.ok()) {
    m.add(h.error());
  }
  if (!in.commune_code.empty() && in.commune_code.size() != 5) {
    m.add(Error::invalid("Choisissez la commune dans la liste.", "commune"));
  }
  m.add(validation::date(in.start_on, "start_on", true));
  if (auto n = validation::integer(in.positions, "positions", "Nombre de postes", 1, 500);
      !n.ok()) {
    m.add(n.error());
  }
  m.add(validation::text(in.notes, "notes", "Les précisions", 2000));
  return out;
}

std::vector<Need> EmployerService::needs(const Session& s, const std::string& establishment_id) {
  auto tx = db_.read();
  std::vector<Need> out;
  for (const auto& row : tx.query(kNeedSelect + std::string("WHERE n.structure_id = ? AND"
                                                            " n.establishment_id = ? ORDER BY"
                                                            " n.open DESC, n.start_on, n.id"),
                                  {s.structure_id, establishment_id})) {
    out.push_back(need_from(row));
  }
  tx.commit();
  return out;
}

Result<std::string> EmployerService::add_need(const Session& s, const std::string& establishment_id,
                                              const NeedInput& raw) {
  NeedInput in = raw;
  in.notes = text::trim(in.notes);
  if (auto m = need_mistakes(in); !m.empty()) return validation::Mistakes{m}.status().error();
  auto tx = db_.write();
  if (!employer_visible(tx, establishment_id)) return Error::not_found();
  auto job = tx.query_one("SELECT rome_code, label FROM rome_appellations WHERE code = ?",
                          {in.appellation_code});
  std::string id = new_id(rng_);
  tx.exec(
      "INSERT INTO hiring_needs (id, structure_id, establishment_id, appellation_code, rome_code,"
      " job_label, contract, hours_per_week, commune_code, start_on, positions, notes, open,"
      " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
      {id, s.structure_id, establishment_id, in.appellation_code, job->text(0), job->text(1),
       in.contract, std::stoi(in.hours_per_week),
       in.commune_code.empty() ? store::Value() : store::Value(in.commune_code), in.start_on,
       std::stoi(in.positions), in.notes, clock_.now_ms(), s.user_id});
  audit_.record(
      tx, audit_entry(s, "create", "hiring_need", id, "employers", "employer=" + establishment_id));
  tx.commit();
  return id;
}

Status EmployerService::close_need(const Session& s, const std::string& id) {
  if (!looks_like_id(id)) return Error::not_found();
  auto tx = db_.write();
  if (tx.exec("UPDATE hiring_needs SET open = 0 WHERE id = ? AND structure_id = ?",
              {id, s.structure_id}) != 1) {
    return Error::not_found();
  }
  audit_.record(tx, audit_entry(s, "update", "hiring_need", id, "employers", "open=0"));
  tx.commit();
  return ok_status();
}

}  // namespace jalon::employers
