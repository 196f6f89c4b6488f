// PartnerDirectory: organisations and services of the structure's directory, and the search.
#include <algorithm>
#include <map>

#include "access/policy.h"
#include "core/text.h"
#include "core/validation.h"
#include "partners/codes.h"
#include "partners/referentials.h"
#include "partners/service.h"
#include "referentials/communes.h"
#include "store/row_reader.h"

namespace jalon::partners {

using access::audit_entry;
using access::Session;

namespace {

constexpr const char* kOrganisationColumns =
    "o.id, o.source, o.siret, o.name, o.kind, o.address, o.commune_code, "
    "COALESCE(c.name, ''), o.email, o.phone, o.website, o.opening_hours "
    "FROM partner_organisations o LEFT JOIN communes c ON c.code = o.commune_code ";

Organisation organisation_from(const store::Row& row) {
  store::RowReader r(row);
  Organisation o;
  o.id = r.text();
  o.source = r.text();
  o.siret = r.text();
  o.name = r.text();
  o.kind = r.text();
  o.kind_label = std::string(referential::label_of(organisation_kinds(), o.kind));
  o.address = r.text();
  o.commune_code = r.text();
  o.commune_name = r.text();
  o.email = r.text();
  o.phone = r.text();
  o.website = r.text();
  o.opening_hours = r.text();
  return o;
}

constexpr const char* kServiceColumns =
    "v.id, v.organisation_id, o.name, o.kind, o.commune_code, COALESCE(c.name, ''), v.name, "
    "v.description, v.themes, v.kinds, v.publics, v.fees, v.how_to_apply, v.documents, "
    "v.zone_kind, v.zone_code, v.contact_email, v.capacity, v.places, o.email "
    "FROM partner_services v JOIN partner_organisations o ON o.id = v.organisation_id "
    "LEFT JOIN communes c ON c.code = o.commune_code ";

PartnerService service_from(const store::Row& row) {
  store::RowReader r(row);
  PartnerService v;
  v.id = r.text();
  v.organisation_id = r.text();
  v.organisation_name = r.text();
  v.organisation_kind = r.text();
  v.commune_code = r.text();
  v.commune_name = r.text();
  v.name = r.text();
  v.description = r.text();
  v.themes = split_codes(r.text());
  v.kinds = split_codes(r.text());
  v.publics = split_codes(r.text());
  v.fees = r.text();
  v.how_to_apply = r.text();
  v.documents = r.text();
  v.zone_kind = r.text();
  v.zone_code = r.text();
  v.contact_email = r.text();
  if (!row.is_null(17)) v.capacity = row.i64(17);
  if (!row.is_null(18)) v.places = row.i64(18);
  v.organisation_email = row.text(19);
  return v;
}

void check_codes(const std::vector<std::string>& codes, const referential::List& list,
                 const std::string& field, const std::string& what, bool required,
                 std::vector<Error>& out) {
  if (required && codes.empty()) {
    out.push_back(Error::invalid("Choisissez au moins " + what + ".", field));
    return;
  }
  for (const auto& c : codes) {
    if (!referential::has_code(list, c)) {
      out.push_back(Error::invalid(what + " : choisissez dans la liste.", field));
      return;
    }
  }
}

void keep(std::vector<Error>& out, const Status& st) {
  if (!st.ok()) out.push_back(st.error());
}

std::string ascii_lower(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool looks_like_email(const std::string& e) {
  auto at = e.find('@');
  return at != std::string::npos && at > 0 && e.find('.', at) != std::string::npos &&
         e.find(' ') == std::string::npos;
}

}  // namespace

PartnerDirectory::PartnerDirectory(store::Database& db, const Clock& clock, Random& rng,
                                   access::AuditLog& audit, std::string base_url)
    : db_(db), clock_(clock), rng_(rng), audit_(audit), base_url_(std::move(base_url)) {}

std::vector<Error> PartnerDirectory::organisation_mistakes(const OrganisationInput& in) {
  std::vector<Error> out;
  keep(out, validation::text(in.name, "name", "le nom de la structure", 150, true));
  keep(out, validation::one_of(in.kind, organisation_kinds(), "kind", "le type de structure"));
  if (!in.siret.empty() &&
      (in.siret.size() != 14 || !std::all_of(in.siret.begin(), in.siret.end(), ::isdigit))) {
    out.push_back(Error::invalid("Le SIRET compte 14 chiffres.", "siret"));
  }
  keep(out, validation::text(in.address, "address", "L'adresse", 250));
  if (!in.email.empty() && !looks_like_email(in.email)) {
    out.push_back(
        Error::invalid("L'adresse e-mail n'est pas valide (exemple : nom@domaine.fr).", "email"));
  }
  keep(out, validation::text(in.phone, "phone", "Le téléphone", 30));
  keep(out, validation::text(in.website, "website", "Le site", 250));
  keep(out, validation::text(in.opening_hours, "opening_hours", "Les horaires", 500));
  return out;
}

std::vector<Error> PartnerDirectory::service_mistakes(const ServiceInput& in) {
  std::vector<Error> out;
  keep(out, validation::text(in.name, "name", "le nom du service", 150, true));
  keep(out, validation::text(in.description, "description", "La description", 2000));
  check_codes(in.themes, themes(), "themes", "une thématique", true, out);
  check_codes(in.kinds, service_kinds(), "kinds", "Le type de service", false, out);
  check_codes(in.publics, publics(), "publics", "un public", true, out);
  keep(out, validation::one_of(in.fees, partners::fees(), "fees", "les frais", false));
  keep(out, validation::text(in.how_to_apply, "how_to_apply", "Comment mobiliser", 1000));
  keep(out, validation::text(in.documents, "documents", "Les justificatifs", 1000));
  keep(out, validation::one_of(in.zone_kind, zone_kinds(), "zone_kind", "la zone", false));
  if (!in.zone_kind.empty() && in.zone_code.empty()) {
    out.push_back(Error::invalid("Indiquez le code de la zone desservie.", "zone_code"));
  }
  keep(out, validation::text(in.zone_code, "zone_code", "Le code de la zone", 12));
  if (!in.capacity.empty()) {
    if (auto n = validation::integer(in.capacity, "capacity", "La capacité", 0, 100000); !n.ok())
      out.push_back(n.error());
  }
  if (!in.places.empty()) {
    if (auto n = validation::integer(in.places, "places", "Les places", 0, 100000); !n.ok())
      out.push_back(n.error());
  }
  if (!in.contact_email.empty() && !looks_like_email(in.contact_email)) {
    out.push_back(Error::invalid("L'adresse e-mail n'est pas valide (exemple : nom@domaine.fr).",
                                 "contact_email"));
  }
  return out;
}

Result<std::string> PartnerDirectory::add_organisation(const Session& s,
                                                       const OrganisationInput& raw,
                                                       const std::string& source,
                                                       const std::string& source_id) {
  OrganisationInput in = raw;
  for (auto* f : {&in.name, &in.siret, &in.address, &in.commune, &in.email, &in.phone, &in.website,
                  &in.opening_hours}) {
    *f = text::trim(*f);
  }
  if (auto m = organisation_mistakes(in); !m.empty()) return m.front();
  std::string commune_code;
  if (!in.commune.empty()) {
    auto c = referentials::resolve_commune(db_, in.commune);
    if (!c.ok()) return Error::invalid(c.error().message, "commune");
    commune_code = c->code;
  }
  auto tx = db_.write();
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO partner_organisations (id, structure_id, source, source_id, siret, name, kind, "
      "address, commune_code, email, phone, website, opening_hours, created_at, created_by, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, source, source_id.empty() ? id : source_id, in.siret, in.name, in.kind,
       in.address, commune_code, in.email, in.phone, in.website, in.opening_hours, now, s.user_id,
       now});
  audit_.record(tx, audit_entry(s, "create", "partner_organisation", id, "partners"));
  tx.commit();
  return id;
}

Result<std::string> PartnerDirectory::add_service(const Session& s,
                                                  const std::string& organisation_id,
                                                  const ServiceInput& raw,
                                                  const std::string& source_id) {
  ServiceInput in = raw;
  for (auto* f : {&in.name, &in.description, &in.how_to_apply, &in.documents, &in.zone_code,
                  &in.capacity, &in.places, &in.contact_email}) {
    *f = text::trim(*f);
  }
  if (auto m = service_mistakes(in); !m.empty()) return m.front();
  auto tx = db_.write();
  if (!tx.query_one("SELECT 1 FROM partner_organisations WHERE id = ? AND structure_id = ?",
                    {organisation_id, s.structure_id})) {
    return Error::not_found();
  }
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  auto number = [](const std::string& v) {
    return v.empty() ? store::Value() : store::Value(static_cast<int64_t>(std::stoll(v)));
  };
  tx.exec(
      "INSERT INTO partner_services (id, structure_id, organisation_id, source_id, name, "
      "description, themes, kinds, publics, fees, how_to_apply, documents, zone_kind, zone_code, "
      "capacity, places, contact_email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, organisation_id, source_id, in.name, in.description,
       join_codes(in.themes), join_codes(in.kinds), join_codes(in.publics), in.fees,
       in.how_to_apply, in.documents, in.zone_kind, in.zone_code, number(in.capacity),
       number(in.places), in.contact_email, now, now});
  audit_.record(tx, audit_entry(s, "create", "partner_service", id, "partners"));
  tx.commit();
  return id;
}

std::optional<Organisation> PartnerDirectory::organisation(const Session& s,
                                                           const std::string& id) {
  if (!looks_like_id(id)) return std::nullopt;
  auto tx = db_.read();
  auto row = tx.query_one(
      std::string("SELECT ") + kOrganisationColumns + "WHERE o.id = ? AND o.structure_id = ?",
      {id, s.structure_id});
  tx.commit();
  if (!row) return std::nullopt;
  return organisation_from(*row);
}

std::vector<Organisation> PartnerDirectory::organisations(const Session& s,
                                                          const std::string& text) {
  auto tx = db_.read();
  store::Params p{s.structure_id};
  std::string sql = std::string("SELECT ") + kOrganisationColumns + "WHERE o.structure_id = ?";
  if (!text.empty()) {
    sql += " AND (LOWER(o.name) LIKE ? OR o.siret LIKE ?)";
    p.push_back("%" + ascii_lower(text) + "%");
    p.push_back(text + "%");
  }
  std::vector<Organisation> out;
  for (const auto& r : tx.query(sql + " ORDER BY o.name LIMIT 500", p)) {
    out.push_back(organisation_from(r));
  }
  tx.commit();
  return out;
}

std::vector<PartnerService> PartnerDirectory::services_of(const Session& s,
                                                          const std::string& organisation_id) {
  auto tx = db_.read();
  std::vector<PartnerService> out;
  for (const auto& r :
       tx.query(std::string("SELECT ") + kServiceColumns +
                    "WHERE v.organisation_id = ? AND v.structure_id = ? ORDER BY v.name",
                {organisation_id, s.structure_id})) {
    out.push_back(service_from(r));
  }
  tx.commit();
  return out;
}

std::optional<PartnerService> PartnerDirectory::service(const Session& s, const std::string& id) {
  if (!looks_like_id(id)) return std::nullopt;
  auto tx = db_.read();
  auto row = tx.query_one(
      std::string("SELECT ") + kServiceColumns + "WHERE v.id = ? AND v.structure_id = ?",
      {id, s.structure_id});
  tx.commit();
  if (!row) return std::nullopt;
  return service_from(*row);
}

Result<std::vector<PartnerService>> PartnerDirectory::search(const Session& s,
                                                             const SearchQuery& q) {
  if (auto st = validation::one_of(q.theme, themes(), "theme", "la thématique", false); !st.ok())
    return st.error();
  if (auto st = validation::one_of(q.public_code, publics(), "public", "le public", false);
      !st.ok())
    return st.error();
  std::optional<referentials::CommuneDetail> from;
  if (!q.commune.empty()) {
    auto d = referentials::commune_detail(db_, q.commune);
    if (!d.ok()) return Error::invalid("Choisissez une commune de la liste.", "commune");
    from = *d;
  }
  store::Params p{s.structure_id};
  std::string sql = std::string("SELECT ") + kServiceColumns + "WHERE v.structure_id = ?";
  if (!q.theme.empty()) {
    sql += " AND v.themes LIKE ?";
    p.push_back("%;" + q.theme + ";%");
  }
  if (!q.public_code.empty()) {
    sql += " AND (v.publics LIKE ? OR v.publics LIKE '%;tous-publics;%')";
    p.push_back("%;" + q.public_code + ";%");
  }
  if (!q.text.empty()) {
    sql += " AND (LOWER(v.name) LIKE ? OR LOWER(o.name) LIKE ?)";
    std::string like = "%" + ascii_lower(q.text) + "%";
    p.push_back(like);
    p.push_back(like);
  }
  if (from) {
    sql +=
        " AND (v.zone_kind = '' OR (v.zone_kind = 'commune' AND v.zone_code = ?) OR "
        "(v.zone_kind = 'epci' AND v.zone_code = ?) OR (v.zone_kind = 'departement' AND "
        "v.zone_code = ?))";
    p.push_back(from->commune.code);
    p.push_back(from->epci.code);
    p.push_back(from->departement.code);
  }
  auto tx = db_.read();
  std::vector<PartnerService> out;
  for (const auto& r : tx.query(sql + " ORDER BY o.name, v.name LIMIT 500", p)) {
    out.push_back(service_from(r));
  }
  tx.commit();
  if (from && from->centroid) {
    std::map<std::string, std::optional<double>> km;
    for (auto& v : out) {
      if (v.commune_code.empty()) continue;
      if (!km.count(v.commune_code)) {
        auto d = referentials::distance_km(db_, from->commune.code, v.commune_code);
        km[v.commune_code] = d.ok() ? std::optional<double>(*d) : std::nullopt;
      }
      v.distance_km = km[v.commune_code];
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      double da = a.distance_km.value_or(1e9), db = b.distance_km.value_or(1e9);
      return da < db;
    });
  }
  return out;
}

Result<std::string> PartnerDirectory::resolve_commune(const std::string& text) {
  auto c = referentials::resolve_commune(db_, text);
  if (!c.ok()) return Error::invalid(c.error().message, "commune");
  return c->code;
}

bool PartnerDirectory::visible(const Session& s, const std::string& id) {
  if (!looks_like_id(id)) return false;
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto tx = db_.read();
  bool found =
      tx.query_one("SELECT 1 FROM beneficiaries b WHERE b.id = ? AND " + cond, p).has_value();
  tx.commit();
  return found;
}

std::string PartnerDirectory::person_commune(const Session& s, const std::string& id) {
  if (!looks_like_id(id)) return "";
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto tx = db_.read();
  auto r = tx.query_one(
      "SELECT COALESCE(b.commune_code, '') FROM beneficiaries b WHERE b.id = ? AND " + cond, p);
  tx.commit();
  return r ? r->text(0) : "";
}

std::vector<PartnerDirectory::Siae> PartnerDirectory::siae_to_complete(
    const Session& s, const std::string& siret_prefix, int limit) {
  auto tx = db_.read();
  std::vector<Siae> out;
  for (const auto& r : tx.query(
           "SELECT DISTINCT sc.siret, sc.kind FROM siae_conventions sc WHERE sc.active = 1 AND "
           "sc.siret LIKE ? AND NOT EXISTS (SELECT 1 FROM partner_organisations o WHERE "
           "o.structure_id = ? AND o.siret = sc.siret) ORDER BY sc.siret LIMIT ?",
           {siret_prefix + "%", s.structure_id, static_cast<int64_t>(limit)})) {
    out.push_back({r.text(0), r.text(1)});
  }
  tx.commit();
  return out;
}

}  // namespace jalon::partners
