// BeneficiaryService's dated sections of the record: situation records, diagnoses (their health
// items go to the sealed health module, health.cc), professional projects, IAE eligibility, and
// the synthesis that reads the newest of each in one transaction.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/service.h"
#include "beneficiaries/service_internal.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"
#include "eligibility/criteria.h"

namespace jalon::beneficiaries {
namespace {

using access::audit_entry;
using access::Session;
using detail::in_read_tx;
using detail::join;
using detail::newest;
using detail::split;
using nlohmann::json;

store::Value or_null(const std::string& v) {
  return v.empty() ? store::Value() : store::Value(v);
}

Status check_situation(const SituationRecord& in) {
  std::vector<Error> out;
  detail::Mistakes errs{out};
  if (!in.education_level.empty() && !has_code(education_levels(), in.education_level)) {
    errs.add(Error::invalid("Choisissez un niveau de formation dans la liste.", "education_level"));
  }
  if (!in.work_situation.empty() && !has_code(work_situations(), in.work_situation)) {
    errs.add(Error::invalid("Choisissez une situation dans la liste.", "work_situation"));
  }
  if (!has_code(contract_kinds(), in.contract_kind)) {
    errs.add(Error::invalid("Choisissez un type de contrat d'engagement.", "contract_kind"));
  }
  for (const auto& r : in.rights) {
    if (!has_code(rights(), r.code)) {
      errs.add(Error::invalid("Droit inconnu.", "rights"));
    } else if (!validation::date(r.since, "since_" + r.code, true).ok()) {
      errs.add(Error::invalid("Indiquez depuis quand la personne perçoit " +
                                  std::string(label_of(rights(), r.code)) +
                                  " (date au format AAAA-MM-JJ).",
                              "since_" + r.code));
    }
  }
  for (const auto& l : in.licences) {
    if (!has_code(driving_licences(), l)) errs.add(Error::invalid("Permis inconnu.", "licences"));
  }
  errs.add(validation::text(in.languages, "languages", "les langues", 200));
  return errs.status();
}

// One diagnosis item: a barrier of a situation of its theme with a severity, the levers of a
// theme, or the status of a professional theme.
Status check_item(const DiagnosisItem& it) {
  const Theme* t = find_theme(it.theme);
  if (!t) return Error::invalid("Thème inconnu : " + it.theme, "theme");
  if (it.kind == "barrier") {
    const Situation* sit = find_situation(it.item);
    if (!sit || sit->group != it.theme) {
      return Error::invalid("Situation inconnue pour le thème " + std::string(t->label) + ".",
                            "item_" + it.item);
    }
    if (it.severity < 1 || it.severity > 3) {
      return Error::invalid("Indiquez la sévérité du frein « " + std::string(sit->label) +
                                " » (léger, important ou bloquant).",
                            "severity_" + it.item);
    }
    return ok_status();
  }
  if (it.kind == "lever") {
    return validation::text(it.note, "lever_" + it.theme, "les points d'appui", 1000);
  }
  if (it.kind == "pro_status") {
    if (!professional(*t) || !has_code(pro_statuses(), it.status)) {
      return Error::invalid("Statut inconnu pour " + std::string(t->label) + ".",
                            "status_" + it.theme);
    }
    return ok_status();
  }
  return Error::invalid("Élément de diagnostic inconnu.", "kind");
}

// Every mistake of the diagnosis: its date, its synthesis and each item.
Status check_diagnosis(const std::string& made_on, const std::string& summary,
                       const std::vector<DiagnosisItem>& items, dates::Date today) {
  std::vector<Error> out;
  detail::Mistakes errs{out};
  std::optional<dates::Date> d;
  if (errs.add(validation::date(made_on, "made_on", true, &d)) && d->days > today.days) {
    errs.add(Error::invalid("La date du diagnostic ne peut pas être dans le futur.", "made_on"));
  }
  errs.add(validation::text(summary, "summary", "la synthèse", 4000));
  for (const auto& it : items) errs.add(check_item(it));
  return errs.status();
}

// The caseload's barrier filter follows the latest diagnosis: its themes with barriers.
void follow_latest(store::Tx& tx, const std::string& id, const std::string& did,
                   const std::vector<DiagnosisItem>& plain) {
  auto latest = tx.query_one(
      "SELECT id FROM diagnoses WHERE beneficiary_id = ? ORDER BY made_on "
      "DESC, created_at DESC LIMIT 1",
      {id});
  if (!latest || latest->text(0) != did) return;
  std::set<std::string> with_barriers;
  for (const auto& it : plain) {
    if (it.kind == "barrier") with_barriers.insert(it.theme);
  }
  std::string themes = ",";
  for (const auto& t : with_barriers) themes += t + ",";
  tx.exec("UPDATE beneficiaries SET barrier_themes = ? WHERE id = ?",
          {themes == "," ? std::string() : themes, id});
}

Status check_project(const Project& in) {
  std::vector<Error> out;
  detail::Mistakes errs{out};
  for (const auto& a : in.appellations) {
    if (a.empty() || a.size() > 8 || !std::all_of(a.begin(), a.end(), ::isdigit)) {
      errs.add(Error::invalid("Choisissez les métiers dans la liste des appellations ROME.",
                              "appellations"));
    }
  }
  if (in.appellations.size() > 10) errs.add(Error::invalid("Dix métiers au plus.", "appellations"));
  if (in.mobility_km < 0 || in.mobility_km > 300) {
    errs.add(Error::invalid("Le rayon de mobilité est compris entre 0 et 300 km.", "mobility_km"));
  }
  for (const auto& t : in.transport) {
    if (!has_code(transport_means(), t))
      errs.add(Error::invalid("Moyen de transport inconnu.", "transport"));
  }
  for (const auto& c : in.contracts) {
    if (!has_code(wanted_contracts(), c))
      errs.add(Error::invalid("Type de contrat inconnu.", "contracts"));
  }
  if (!has_code(working_times(), in.working_time)) {
    errs.add(Error::invalid("Choisissez le temps de travail souhaité.", "working_time"));
  }
  errs.add(validation::date(in.available_on, "available_on", false));
  return errs.status();
}

Status check_eligibility(const std::string& siae_kind, const std::string& author_kind,
                         const std::string& made_on, std::optional<dates::Date>& d,
                         const std::vector<std::pair<std::string, std::string>>& criteria) {
  std::vector<Error> out;
  detail::Mistakes errs{out};
  if (!has_code(eligibility::siae_kinds(), siae_kind)) {
    errs.add(Error::invalid("Choisissez le type de SIAE (ACI, EI, EITI, AI, ETTI).", "siae_kind"));
  }
  if (!has_code(eligibility::author_kinds(), author_kind)) {
    errs.add(Error::invalid("Indiquez qui réalise le diagnostic.", "author_kind"));
  }
  errs.add(validation::date(made_on, "made_on", true, &d));
  for (const auto& [code, proof] : criteria) {
    if (!eligibility::find_criterion(code)) {
      errs.add(Error::invalid("Critère inconnu.", "criteria"));
    } else if (!has_code(eligibility::proof_statuses(), proof)) {
      errs.add(Error::invalid("Statut de justificatif inconnu.", "proof_" + code));
    }
  }
  return errs.status();
}

}  // namespace

// ---- situation ------------------------------------------------------------------------------

Result<std::string> BeneficiaryService::record_situation(const Session& s, const std::string& id,
                                                         const SituationRecord& in) {
  if (auto st = check_situation(in); !st.ok()) return st.error();
  json rights = json::array();
  for (const auto& r : in.rights) rights.push_back({{"code", r.code}, {"since", r.since}});
  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  std::string rid = new_id(rng_);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO situation_records (id, beneficiary_id, recorded_on, recorded_at, recorded_by, "
      "education_level, work_situation, contract_kind, rights, licences, vehicle, languages) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {rid, id, dates::iso(dates::local_date(now)), now, s.user_id, or_null(in.education_level),
       or_null(in.work_situation), in.contract_kind, rights.dump(), join(in.licences),
       in.vehicle ? 1 : 0, text::trim(in.languages)});
  tx.exec("UPDATE beneficiaries SET contract_kind = ? WHERE id = ?", {in.contract_kind, id});
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "update", "beneficiary", id, "social", "section=situation"));
  tx.commit();
  return rid;
}

std::vector<SituationRecord> BeneficiaryService::situations(const Beneficiary& b, int latest) {
  return in_read_tx(db_, [&](store::Tx& tx) { return situations(tx, b, latest); });
}

std::vector<SituationRecord> BeneficiaryService::situations(store::Tx& tx, const Beneficiary& b,
                                                            int latest) {
  return newest<SituationRecord>(
      tx,
      "SELECT sr.id, sr.recorded_on, COALESCE(u.display_name, ''), "
      "COALESCE(sr.education_level, ''), COALESCE(sr.work_situation, ''), sr.contract_kind, "
      "sr.languages, sr.rights, sr.licences, sr.vehicle, sr.recorded_at FROM "
      "situation_records sr LEFT JOIN users u ON u.id = sr.recorded_by WHERE "
      "sr.beneficiary_id = ? ORDER BY sr.recorded_at DESC, sr.id",
      b.summary.id, latest, [](store::RowReader& r) {
        // A braced list reads its cells left to right, in SELECT order up to languages.
        SituationRecord x{r.text(), r.text(), r.text(), r.text(), r.text(), r.text(), r.text()};
        for (const auto& j : json::parse(r.text())) {
          x.rights.push_back({j.at("code").get<std::string>(), j.at("since").get<std::string>()});
        }
        x.licences = split(r.text());
        x.vehicle = r.boolean();
        x.recorded_at = r.i64();
        return x;
      });
}

// ---- diagnosis ------------------------------------------------------------------------------

Result<std::string> BeneficiaryService::record_diagnosis(const Session& s, const std::string& id,
                                                         const std::string& made_on,
                                                         const std::string& summary,
                                                         const std::vector<DiagnosisItem>& items) {
  auto tx = db_.write();
  auto r = record_diagnosis(tx, s, id, made_on, summary, items);
  if (r.ok()) tx.commit();
  return r;
}

Result<std::string> BeneficiaryService::record_diagnosis(store::Tx& tx, const Session& s,
                                                         const std::string& id,
                                                         const std::string& made_on,
                                                         const std::string& summary,
                                                         const std::vector<DiagnosisItem>& items) {
  if (auto st = check_diagnosis(made_on, summary, items, dates::local_date(clock_.now_ms()));
      !st.ok())
    return st.error();
  if (!visible(tx, s, id)) return Error::not_found();
  // Health items go to the health module, whatever theme they were recorded under (SR 2).
  std::vector<DiagnosisItem> plain, health;
  for (const auto& it : items) {
    (is_health_item(it.theme, it.item) ? health : plain).push_back(it);
  }
  if (!health.empty() && !health_allowed(tx, s, id)) {
    return Error::invalid(
        "Les informations de santé ne s'enregistrent que dans le module santé, par le ou la "
        "référent·e de la personne, quand la structure l'a activé.",
        "theme_sante");
  }
  std::string did = new_id(rng_);
  tx.exec(
      "INSERT INTO diagnoses (id, beneficiary_id, made_on, summary, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {did, id, made_on, text::trim(summary), clock_.now_ms(), s.user_id});
  for (const auto& it : plain) {
    tx.exec(
        "INSERT INTO diagnosis_items (diagnosis_id, theme, item, kind, severity, status, "
        "note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {did, it.theme, it.kind == "barrier" ? it.item : std::string(), it.kind, it.severity,
         it.status, text::trim(it.note)});
  }
  if (!health.empty()) seal_health_items(tx, s, id, did, health);
  follow_latest(tx, id, did, plain);
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "create", "diagnosis", did, "social", "beneficiary=" + id));
  audit_.record(tx, audit_entry(s, "update", "beneficiary", id, "social", "section=diagnosis"));
  return did;
}

std::vector<Diagnosis> BeneficiaryService::diagnoses(const Beneficiary& b, int latest) {
  return in_read_tx(db_, [&](store::Tx& tx) { return diagnoses(tx, b, latest); });
}

std::vector<Diagnosis> BeneficiaryService::diagnoses(store::Tx& tx, const Beneficiary& b,
                                                     int latest) {
  return newest<Diagnosis>(
      tx,
      "SELECT d.id, d.made_on, d.summary, COALESCE(u.display_name, "
      "'') FROM diagnoses d LEFT JOIN users u ON u.id = d.created_by "
      "WHERE d.beneficiary_id = ? ORDER BY d.made_on DESC, "
      "d.created_at DESC",
      b.summary.id, latest, [&](store::RowReader& r) {
        Diagnosis d;
        d.id = r.text();
        d.made_on = r.text();
        d.summary = r.text();
        d.created_by_name = r.text();
        d.items = newest<DiagnosisItem>(
            tx,
            "SELECT theme, item, kind, severity, status, note FROM diagnosis_items WHERE "
            "diagnosis_id = ? ORDER BY theme, item",
            d.id, 0, detail::item_from_row);
        return d;
      });
}

// ---- professional project -------------------------------------------------------------------

Result<std::string> BeneficiaryService::record_project(const Session& s, const std::string& id,
                                                       const Project& in) {
  if (auto st = check_project(in); !st.ok()) return st.error();
  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  std::string pid = new_id(rng_);
  tx.exec(
      "INSERT INTO project_records (id, beneficiary_id, recorded_at, recorded_by, "
      "appellations, mobility_km, transport, contracts, working_time, available_on) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {pid, id, clock_.now_ms(), s.user_id, join(in.appellations), in.mobility_km,
       join(in.transport), join(in.contracts), in.working_time, or_null(in.available_on)});
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "update", "beneficiary", id, "professional", "section=project"));
  tx.commit();
  return pid;
}

std::vector<Project> BeneficiaryService::projects(const Beneficiary& b, int latest) {
  return in_read_tx(db_, [&](store::Tx& tx) { return projects(tx, b, latest); });
}

std::vector<Project> BeneficiaryService::projects(store::Tx& tx, const Beneficiary& b, int latest) {
  return newest<Project>(tx,
                         "SELECT appellations, mobility_km, transport, contracts, "
                         "working_time, COALESCE(available_on, ''), recorded_at FROM "
                         "project_records WHERE beneficiary_id = ? ORDER BY recorded_at "
                         "DESC, id",
                         b.summary.id, latest, [](store::RowReader& r) {
                           Project p;
                           p.appellations = split(r.text());
                           p.mobility_km = r.i32();
                           p.transport = split(r.text());
                           p.contracts = split(r.text());
                           p.working_time = r.text();
                           p.available_on = r.text();
                           p.recorded_at = r.i64();
                           return p;
                         });
}

// ---- IAE eligibility ------------------------------------------------------------------------

Result<std::string> BeneficiaryService::record_eligibility(
    const Session& s, const std::string& id, const std::string& siae_kind,
    const std::string& author_kind, const std::string& made_on,
    const std::vector<std::pair<std::string, std::string>>& criteria) {
  std::optional<dates::Date> d;
  if (auto st = check_eligibility(siae_kind, author_kind, made_on, d, criteria); !st.ok())
    return st.error();
  std::vector<std::string> codes;
  for (const auto& [code, proof] : criteria) codes.push_back(code);
  auto verdict = eligibility::evaluate(siae_kind, codes);
  auto until = eligibility::valid_until(
      author_kind == "employer" ? eligibility::Author::kEmployer : eligibility::Author::kPrescriber,
      *d);
  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  std::string eid = new_id(rng_);
  tx.exec(
      "INSERT INTO eligibility_diagnoses (id, beneficiary_id, siae_kind, author_kind, "
      "made_on, valid_until, eligible, explanation, created_at, created_by) VALUES (?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?)",
      {eid, id, siae_kind, author_kind, made_on, dates::iso(until), verdict.eligible ? 1 : 0,
       verdict.explanation, clock_.now_ms(), s.user_id});
  for (const auto& [code, proof] : criteria) {
    tx.exec(
        "INSERT INTO eligibility_criteria (eligibility_id, code, proof_status) VALUES (?, ?, "
        "?)",
        {eid, code, proof});
  }
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "update", "beneficiary", id, "social", "section=eligibility"));
  tx.commit();
  return eid;
}

std::vector<Eligibility> BeneficiaryService::eligibilities(const Beneficiary& b, int latest) {
  return in_read_tx(db_, [&](store::Tx& tx) { return eligibilities(tx, b, latest); });
}

std::vector<Eligibility> BeneficiaryService::eligibilities(store::Tx& tx, const Beneficiary& b,
                                                           int latest) {
  int today = dates::local_date(clock_.now_ms()).days;
  return newest<Eligibility>(
      tx,
      "SELECT id, siae_kind, author_kind, made_on, valid_until, "
      "eligible, explanation FROM eligibility_diagnoses WHERE "
      "beneficiary_id = ? ORDER BY made_on DESC, created_at DESC",
      b.summary.id, latest, [&](store::RowReader& r) {
        Eligibility e;
        e.id = r.text();
        e.siae_kind = r.text();
        e.author_kind = r.text();
        e.made_on = r.text();
        e.valid_until = r.text();
        e.eligible = r.boolean();
        e.explanation = r.text();
        e.days_left = dates::parse_iso_date(e.valid_until)->days - today;
        e.criteria = newest<std::pair<std::string, std::string>>(
            tx,
            "SELECT code, proof_status FROM eligibility_criteria WHERE eligibility_id = ? "
            "ORDER BY code",
            e.id, 0, [](store::RowReader& c) {
              std::string code = c.text();
              return std::pair(code, c.text());
            });
        return e;
      });
}

Synthesis BeneficiaryService::synthesis(const Session& s, const Beneficiary& b) {
  auto tx = db_.read();
  Synthesis out;
  out.situations = situations(tx, b, 1);
  out.diagnoses = diagnoses(tx, b, 1);
  out.projects = projects(tx, b, 1);
  out.eligibilities = eligibilities(tx, b, 1);
  out.health_allowed = health_allowed(tx, s, b);
  tx.commit();
  return out;
}

}  // namespace jalon::beneficiaries
