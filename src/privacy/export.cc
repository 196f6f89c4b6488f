// The subject-access export (art. 15 and 20; SR 13, 14): one JSON document of everything the
// inventory marks as exported for the person, with who read or changed the record.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "privacy/service.h"

namespace jalon::privacy {
namespace {

using nlohmann::json;

json cell(const store::Value& v) {
  switch (v.type()) {
    case store::Value::Type::kNull:
      return nullptr;
    case store::Value::Type::kInt:
      return v.as_int();
    case store::Value::Type::kReal:
      return v.as_real();
    default:
      return v.as_text();
  }
}

}  // namespace

json PrivacyService::collect(store::Tx& tx, const std::string& id) {
  json tables = json::object();
  for (const auto& t : inv_.tables) {
    if (t.subject != "beneficiaire") continue;
    std::vector<std::string> cols;
    for (const auto* c : inv_.columns_of(t.table)) {
      if (c->exported && c->engines == "both") cols.push_back(c->column);
    }
    if (cols.empty()) continue;
    std::string list;
    for (const auto& c : cols) list += (list.empty() ? "" : ", ") + c;
    store::Params p(std::count(t.link.begin(), t.link.end(), '?'), store::Value(id));
    json rows = json::array();
    for (const auto& row :
         tx.query("SELECT " + list + " FROM " + t.table + " WHERE " + t.link, p)) {
      json o = json::object();
      for (std::size_t i = 0; i < cols.size(); ++i) o[cols[i]] = cell(row[i]);
      rows.push_back(std::move(o));
    }
    if (!rows.empty()) tables[t.table] = {{"finalite", t.purpose}, {"lignes", rows}};
  }
  // Who read or changed the record (art. 15(1)(c) and the CNIL's logging référentiel).
  json accesses = json::array();
  for (const auto& row :
       tx.query("SELECT a.at, a.action, a.actor_role, COALESCE(u.display_name, ''), a.details FROM"
                " audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.object_type ="
                " 'beneficiary' AND a.object_id = ? ORDER BY a.seq",
                {id})) {
    accesses.push_back({{"le", dates::french_datetime(row.i64(0))},
                        {"action", row.text(1)},
                        {"role", row.text(2)},
                        {"par", row.text(3)},
                        {"details", row.text(4)}});
  }
  auto rule = tx.query_one(
      "SELECT s.retention_months, s.name FROM beneficiaries b JOIN structures s ON s.id ="
      " b.structure_id WHERE b.id = ?",
      {id});
  return {{"format", "jalon-export-personne v1"},
          {"genere_le", dates::french_datetime(clock_.now_ms())},
          {"responsable_de_traitement", rule ? rule->text(1) : ""},
          {"conservation",
           "Le dossier est conservé " + std::to_string(rule ? rule->i64(0) : 24) +
               " mois après le dernier contact émanant de la personne, puis anonymisé."},
          {"donnees", tables},
          {"acces_au_dossier", accesses}};
}

Result<json> PrivacyService::export_person(const access::Session& s, const std::string& id) {
  auto tx = db_.read();
  store::Params p{id};
  std::string where = access::Scope::of(s).beneficiaries("b", p);
  if (!tx.query_one("SELECT b.id FROM beneficiaries b WHERE b.id = ? AND " + where, p)) {
    return Error::not_found("Personne introuvable");
  }
  json out = collect(tx, id);
  tx.commit();
  auto a = access::Actor::of(s);
  audit_.record_async({a.user_id, a.role, a.structure_id, "export", "beneficiary", id, "identity",
                       "success", a.session_ref, "subject access export"});
  return out;
}

Result<json> PrivacyService::export_person_system(const std::string& id) {
  auto tx = db_.read();
  if (!tx.query_one("SELECT id FROM beneficiaries WHERE id = ?", {id})) {
    return Error::not_found("Personne introuvable");
  }
  json out = collect(tx, id);
  tx.commit();
  audit_.record_async({"", "system", "", "export", "beneficiary", id, "identity", "success", "",
                       "subject access export (command line)"});
  return out;
}

}  // namespace jalon::privacy
