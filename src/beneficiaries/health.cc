// BeneficiaryService's health module (SR 2): health items and the health items of diagnoses,
// sealed with the record's key, shown only to the person's référent when the structure enabled
// the module, every read audited under the "health" category.
#include <nlohmann/json.hpp>

#include <map>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/service.h"
#include "beneficiaries/service_internal.h"
#include "core/text.h"
#include "core/validation.h"

namespace jalon::beneficiaries {
namespace {

using access::audit_entry;
using access::Session;
using detail::b64;
using detail::unb64;
using nlohmann::json;

std::string seal_context(const std::string& id) {
  return "health:" + id;
}

}  // namespace

bool BeneficiaryService::health_allowed(const Session& s, const Beneficiary& b) {
  if (!b.caller_is_referent) return false;
  return detail::in_read_tx(db_, [&](store::Tx& tx) { return health_allowed(tx, s, b); });
}

bool BeneficiaryService::health_allowed(store::Tx& tx, const Session& s, const std::string& id) {
  return tx
      .query_one(
          "SELECT 1 FROM caseload_members m JOIN beneficiaries b ON b.id = m.beneficiary_id JOIN "
          "structures st ON st.id = b.structure_id WHERE m.beneficiary_id = ? AND m.user_id = ? "
          "AND m.kind = 'referent' AND b.structure_id = ? AND st.health_module <> 0",
          {id, s.user_id, s.structure_id})
      .has_value();
}

bool BeneficiaryService::health_allowed(store::Tx& tx, const Session&, const Beneficiary& b) {
  if (!b.caller_is_referent) return false;
  auto r = tx.query_one("SELECT health_module FROM structures WHERE id = ?", {b.structure_id});
  return r && r->i64(0) != 0;
}

void BeneficiaryService::seal_health_items(store::Tx& tx, const Session& s, const std::string& id,
                                           const std::string& did,
                                           const std::vector<DiagnosisItem>& items) {
  json sealed = json::array();
  for (auto it : items) {
    if (it.kind != "barrier") it.item.clear();
    it.note = text::trim(it.note);
    sealed.push_back(detail::item_json(it));
  }
  tx.exec(
      "INSERT INTO diagnosis_health (diagnosis_id, beneficiary_id, sealed_items, created_at) "
      "VALUES (?, ?, ?, ?)",
      {did, id, b64(keys_.seal(sealed.dump(), seal_context(id))), clock_.now_ms()});
  audit_.record(tx,
                audit_entry(s, "create", "diagnosis_health", did, "health", "beneficiary=" + id));
}

Result<std::string> BeneficiaryService::add_health_item(const Session& s, const std::string& id,
                                                        const HealthItem& in) {
  if (!has_code(health_kinds(), in.kind)) {
    return Error::invalid("Choisissez le type d'information de santé.", "kind");
  }
  if (auto st = validation::text(in.detail, "detail", "le détail", 2000, in.kind == "situation");
      !st.ok())
    return st.error();
  if (auto st = validation::date(in.since, "since", false); !st.ok()) return st.error();
  auto b = get(s, id, "health");
  if (!b || !health_allowed(s, *b)) return Error::not_found();
  auto tx = db_.write();
  std::string hid = new_id(rng_);
  tx.exec(
      "INSERT INTO health_items (id, beneficiary_id, kind, sealed_detail, since, created_at, "
      "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {hid, id, in.kind, b64(keys_.seal(text::trim(in.detail), seal_context(id))),
       in.since.empty() ? store::Value() : store::Value(in.since), clock_.now_ms(), s.user_id});
  audit_.record(tx, audit_entry(s, "create", "health_item", hid, "health", "beneficiary=" + id));
  tx.commit();
  return hid;
}

std::vector<HealthItem> BeneficiaryService::health_items(const Session& s, const Beneficiary& b) {
  if (!health_allowed(s, b)) return {};
  const std::string& id = b.summary.id;
  auto out = detail::in_read_tx(db_, [&](store::Tx& tx) {
    return detail::newest<HealthItem>(
        tx,
        "SELECT id, kind, sealed_detail, COALESCE(since, '') FROM health_items WHERE "
        "beneficiary_id = ? ORDER BY created_at DESC",
        id, 0, [&](store::RowReader& r) {
          HealthItem h;
          h.id = r.text();
          h.kind = r.text();
          h.detail = keys_.open(unb64(r.text()), seal_context(id)).value_or("(illisible)");
          h.since = r.text();
          return h;
        });
  });
  audit_read(s, id, "health");
  return out;
}

std::vector<HealthDiagnosis> BeneficiaryService::health_diagnoses(const Session& s,
                                                                  const Beneficiary& b) {
  if (!health_allowed(s, b)) return {};
  const std::string& id = b.summary.id;
  auto out = detail::in_read_tx(db_, [&](store::Tx& tx) {
    return detail::newest<HealthDiagnosis>(
        tx,
        "SELECT h.diagnosis_id, d.made_on, h.sealed_items FROM diagnosis_health h JOIN "
        "diagnoses d ON d.id = h.diagnosis_id WHERE h.beneficiary_id = ? ORDER BY d.made_on "
        "DESC, d.created_at DESC",
        id, 0, [&](store::RowReader& r) {
          HealthDiagnosis d;
          d.diagnosis_id = r.text();
          d.made_on = r.text();
          if (auto plain = keys_.open(unb64(r.text()), seal_context(id))) {
            for (const auto& it : json::parse(*plain, nullptr, false)) {
              if (it.is_object()) d.items.push_back(detail::item_from_json(it));
            }
          }
          return d;
        });
  });
  audit_read(s, id, "health");
  return out;
}

int BeneficiaryService::seal_plain_health_items() {
  auto tx = db_.write();
  // Diagnoses holding plain health items, with their person.
  std::map<std::string, std::pair<std::string, std::vector<DiagnosisItem>>> found;
  for (const auto& row :
       tx.query("SELECT i.diagnosis_id, d.beneficiary_id, i.theme, i.item, i.kind, i.severity, "
                "i.status, i.note FROM diagnosis_items i JOIN diagnoses d ON d.id = i.diagnosis_id "
                "WHERE i.theme = 'sante' OR i.item IN ('mo_sante', 'cf_sante_enfant') "
                "ORDER BY i.diagnosis_id, i.theme, i.item")) {
    store::RowReader r(row);
    auto& f = found[r.text()];
    f.first = r.text();
    f.second.push_back(detail::item_from_row(r));
  }
  for (const auto& [did, entry] : found) {
    const auto& [bid, items] = entry;
    json sealed = json::array();
    // A diagnosis already sealed keeps its items, and the plain ones join them.
    if (auto prev = tx.query_one("SELECT sealed_items FROM diagnosis_health WHERE diagnosis_id = ?",
                                 {did})) {
      if (auto plain = keys_.open(unb64(prev->text(0)), seal_context(bid))) {
        sealed = json::parse(*plain, nullptr, false);
        if (!sealed.is_array()) sealed = json::array();
      }
      tx.exec("DELETE FROM diagnosis_health WHERE diagnosis_id = ?", {did});
    }
    for (const auto& it : items) sealed.push_back(detail::item_json(it));
    tx.exec(
        "INSERT INTO diagnosis_health (diagnosis_id, beneficiary_id, sealed_items, created_at) "
        "VALUES (?, ?, ?, ?)",
        {did, bid, b64(keys_.seal(sealed.dump(), seal_context(bid))), clock_.now_ms()});
    tx.exec(
        "DELETE FROM diagnosis_items WHERE diagnosis_id = ? AND (theme = 'sante' OR item IN "
        "('mo_sante', 'cf_sante_enfant'))",
        {did});
  }
  // The caseload filter never shows a health theme.
  tx.exec(
      "UPDATE beneficiaries SET barrier_themes = REPLACE(barrier_themes, ',sante,', ',') WHERE "
      "barrier_themes LIKE '%,sante,%'");
  tx.exec("UPDATE beneficiaries SET barrier_themes = '' WHERE barrier_themes = ','");
  tx.commit();
  return static_cast<int>(found.size());
}

}  // namespace jalon::beneficiaries
