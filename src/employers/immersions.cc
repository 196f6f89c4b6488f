// ImmersionService: PMSMP conventions of the people in the caller's scope, their signatures,
// cancellation and the tutor's assessment; each step on the person's timeline.
#include <sstream>

#include "access/policy.h"
#include "core/text.h"
#include "core/validation.h"
#include "employers/immersions.h"
#include "employers/referentials.h"
#include "store/row_reader.h"

namespace jalon::employers {

using access::audit_entry;
using access::Session;
using referential::label_of;

namespace {

constexpr const char* kSelect =
    "SELECT x.id, x.beneficiary_id, b.first_name || ' ' || b.last_name, b.birth_date,"
    " x.establishment_id, e.name, e.siret, TRIM(e.address || ' ' || e.postcode || ' ' ||"
    " COALESCE(c.name, '')), COALESCE(u.display_name, ''), COALESCE(st.name, ''), x.objective,"
    " x.job_label, x.tutor_name, x.tutor_role, x.tutor_phone, x.tutor_email, x.starts_on,"
    " x.ends_on, x.tasks, x.risks, x.equipment, x.status, COALESCE(x.signed_person_on, ''),"
    " COALESCE(x.signed_employer_on, ''), COALESCE(x.signed_prescriber_on, ''),"
    " x.cancel_reason, COALESCE(x.assessment_attendance, ''), x.assessment_text,"
    " COALESCE(x.assessment_contract, ''), COALESCE(x.assessed_on, ''), x.schedule,"
    " x.weekly_hours, x.assessment_hiring FROM immersions x"
    " JOIN beneficiaries b ON b.id = x.beneficiary_id"
    " JOIN establishments e ON e.id = x.establishment_id"
    " LEFT JOIN communes c ON c.code = e.commune_code"
    " LEFT JOIN users u ON u.id = x.counselor_id"
    " LEFT JOIN structures st ON st.id = x.structure_id ";

Immersion immersion_from(const store::Row& row) {
  store::RowReader r(row);
  Immersion x;
  for (std::string* f : {&x.id,
                         &x.beneficiary_id,
                         &x.person,
                         &x.birth_date,
                         &x.establishment_id,
                         &x.employer,
                         &x.employer_siret,
                         &x.employer_address,
                         &x.counselor,
                         &x.structure,
                         &x.objective,
                         &x.job_label,
                         &x.tutor_name,
                         &x.tutor_role,
                         &x.tutor_phone,
                         &x.tutor_email,
                         &x.starts_on,
                         &x.ends_on,
                         &x.tasks,
                         &x.risks,
                         &x.equipment,
                         &x.status,
                         &x.signed_person_on,
                         &x.signed_employer_on,
                         &x.signed_prescriber_on,
                         &x.cancel_reason,
                         &x.attendance,
                         &x.assessment,
                         &x.contract,
                         &x.assessed_on}) {
    *f = r.text();
  }
  std::stringstream days(r.text());
  for (auto& d : x.days) std::getline(days, d, '|');
  x.weekly_hours = r.f64();
  if (auto h = r.opt_text()) x.hiring = *h == "1";
  return x;
}

bool person_in_scope(store::Tx& tx, const Session& s, const std::string& id,
                     std::string* birth_date) {
  if (!looks_like_id(id)) return false;
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto r = tx.query_one("SELECT b.birth_date FROM beneficiaries b WHERE b.id = ? AND " + cond, p);
  if (r && birth_date) *birth_date = r->text(0);
  return r.has_value();
}

// Whole years of age on `day` for a birth date "YYYY-MM-DD".
int age_on(const std::string& birth, const std::string& day) {
  if (birth.size() < 10 || day.size() < 10) return 99;
  int years = std::stoi(day.substr(0, 4)) - std::stoi(birth.substr(0, 4));
  if (day.substr(5, 5) < birth.substr(5, 5)) --years;
  return years;
}

std::string join_days(const std::array<std::string, 7>& days) {
  std::string out;
  for (std::size_t i = 0; i < days.size(); ++i) out += (i ? "|" : "") + text::trim(days[i]);
  return out;
}

}  // namespace

dates::Date ImmersionService::today(const Session& s) {
  auto tx = db_.read();
  auto r = tx.query_one("SELECT time_zone FROM structures WHERE id = ?", {s.structure_id});
  tx.commit();
  return dates::local_date(clock_.now_ms(), r ? r->text(0) : "Europe/Paris");
}

std::vector<Error> ImmersionService::mistakes(const Session& s, const std::string& beneficiary_id,
                                              const ImmersionInput& in) {
  std::vector<Error> out;
  validation::Mistakes m{out};
  auto tx = db_.read();
  std::string birth;
  bool visible = person_in_scope(tx, s, beneficiary_id, &birth);
  if (!looks_like_id(in.establishment_id) ||
      !tx.query_one("SELECT 1 FROM establishments WHERE id = ?", {in.establishment_id})) {
    m.add(Error::invalid("Choisissez l'employeur dans l'annuaire.", "establishment_id"));
  }
  m.add(validation::one_of(in.objective, immersion_objectives(), "objective",
                           "l'objectif de l'immersion"));
  m.add(validation::text(in.job_label, "job_label", "le métier observé", 200, true));
  m.add(validation::text(in.tutor_name, "tutor_name", "le nom du tuteur ou de la tutrice", 150,
                         true));
  m.add(validation::text(in.tutor_role, "tutor_role", "La fonction du tuteur", 150));
  m.add(validation::text(in.tutor_phone, "tutor_phone", "Le téléphone du tuteur", 30));
  m.add(validation::text(in.tutor_email, "tutor_email", "L'adresse e-mail du tuteur", 200));
  std::optional<dates::Date> start, end;
  m.add(validation::date(in.starts_on, "starts_on", true, &start));
  m.add(validation::date(in.ends_on, "ends_on", true, &end));
  if (start && end && end->days < start->days) {
    m.add(Error::invalid("La fin de l'immersion ne peut pas précéder son début.", "ends_on"));
  } else if (start && end && end->days > last_allowed_end(*start).days) {
    m.add(Error::invalid("Une immersion dure au plus un mois : commencée le " +
                             dates::french(*start) + ", elle finit au plus tard le " +
                             dates::french(last_allowed_end(*start)) + ".",
                         "ends_on"));
  }
  int age = start ? age_on(birth, dates::iso(*start)) : 99;
  if (visible && age < 16) {
    m.add(Error::invalid("La personne doit avoir au moins 16 ans au début de l'immersion.",
                         "starts_on"));
  }
  for (auto& e : schedule_mistakes(in.days, age < 18, nullptr)) m.add(std::move(e));
  m.add(validation::text(in.tasks, "tasks", "les tâches confiées", 4000, true));
  m.add(validation::text(in.risks, "risks", "Les risques", 2000));
  m.add(validation::text(in.equipment, "equipment", "Les équipements de protection", 2000));
  if (visible && start && end && end->days >= start->days) {
    if (auto r = tx.query_one(
            "SELECT x.starts_on, x.ends_on, e.name FROM immersions x JOIN establishments e ON"
            " e.id = x.establishment_id WHERE x.beneficiary_id = ? AND x.status <> 'annulee'"
            " AND x.starts_on <= ? AND x.ends_on >= ? ORDER BY x.starts_on LIMIT 1",
            {beneficiary_id, in.ends_on, in.starts_on})) {
      m.add(Error::invalid("Cette personne a déjà une immersion du " +
                               dates::french_date(r->text(0)) + " au " +
                               dates::french_date(r->text(1)) + " chez " + r->text(2) +
                               " : les dates se chevauchent.",
                           "starts_on"));
    }
  }
  tx.commit();
  return out;
}

Result<std::string> ImmersionService::create(const Session& s, const std::string& beneficiary_id,
                                             const ImmersionInput& in) {
  {
    auto tx = db_.read();
    bool visible = person_in_scope(tx, s, beneficiary_id, nullptr);
    tx.commit();
    if (!visible) return Error::not_found();
  }
  if (auto m = mistakes(s, beneficiary_id, in); !m.empty()) {
    return validation::Mistakes{m}.status().error();
  }
  double hours = 0;
  schedule_mistakes(in.days, false, &hours);
  auto tx = db_.write();
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  auto appellation =
      in.appellation_code.empty() ? store::Value() : store::Value(in.appellation_code);
  tx.exec(
      "INSERT INTO immersions (id, structure_id, beneficiary_id, establishment_id, counselor_id,"
      " objective, appellation_code, job_label, tutor_name, tutor_role, tutor_phone, tutor_email,"
      " starts_on, ends_on, schedule, weekly_hours, tasks, risks, equipment, status, created_at,"
      " created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      " 'a_signer', ?, ?, ?)",
      {id,
       s.structure_id,
       beneficiary_id,
       in.establishment_id,
       s.user_id,
       in.objective,
       appellation,
       text::trim(in.job_label),
       text::trim(in.tutor_name),
       text::trim(in.tutor_role),
       text::trim(in.tutor_phone),
       text::trim(in.tutor_email),
       in.starts_on,
       in.ends_on,
       join_days(in.days),
       hours,
       text::trim(in.tasks),
       text::trim(in.risks),
       text::trim(in.equipment),
       now,
       s.user_id,
       now});
  Immersion x;
  x.id = id;
  x.beneficiary_id = beneficiary_id;
  auto employer =
      tx.query_one("SELECT name FROM establishments WHERE id = ?", {in.establishment_id});
  event(tx, s, x,
        "Immersion (PMSMP) chez " + employer->text(0) + " du " + dates::french_date(in.starts_on) +
            " au " + dates::french_date(in.ends_on) + " : convention à signer");
  audit_.record(
      tx, audit_entry(s, "create", "immersion", id, "employers", "beneficiary=" + beneficiary_id));
  tx.commit();
  return id;
}

void ImmersionService::event(store::Tx& tx, const Session& s, const Immersion& x,
                             const std::string& summary) {
  tx.exec(
      "INSERT INTO pathway_events (id, structure_id, beneficiary_id, kind, object_id, summary,"
      " occurred_at, actor_id) VALUES (?, ?, ?, 'immersion', ?, ?, ?, ?)",
      {new_id(rng_), s.structure_id, x.beneficiary_id, x.id, summary, clock_.now_ms(), s.user_id});
}

std::vector<Immersion> ImmersionService::select(const Session& s, const std::string& where,
                                                const std::string& value) {
  store::Params p{value, s.structure_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto tx = db_.read();
  std::vector<Immersion> out;
  for (const auto& row : tx.query(kSelect + where + " AND x.structure_id = ? AND " + cond +
                                      " ORDER BY x.starts_on DESC, x.id",
                                  p)) {
    out.push_back(immersion_from(row));
  }
  tx.commit();
  return out;
}

Result<Immersion> ImmersionService::get(const Session& s, const std::string& id) {
  if (!looks_like_id(id)) return Error::not_found();
  auto list = select(s, "WHERE x.id = ?", id);
  if (list.empty()) return Error::not_found();
  audit_.record_async(audit_entry(s, "read", "immersion", id, "employers"));
  return list.front();
}

std::vector<Immersion> ImmersionService::of_person(const Session& s,
                                                   const std::string& beneficiary_id) {
  return select(s, "WHERE x.beneficiary_id = ?", beneficiary_id);
}

std::vector<Immersion> ImmersionService::of_employer(const Session& s,
                                                     const std::string& employer_id) {
  auto out = select(s, "WHERE x.establishment_id = ?", employer_id);
  if (!out.empty()) {
    audit_.record_async(
        audit_entry(s, "read", "employer", employer_id, "employers", "section=immersions"));
  }
  return out;
}

Status ImmersionService::sign(const Session& s, const std::string& id, const std::string& person_on,
                              const std::string& employer_on, const std::string& prescriber_on) {
  auto x = get(s, id);
  if (!x.ok()) return x.error();
  if (x->status != "a_signer" && x->status != "partiellement_signee") {
    return Error::invalid("Une convention « " +
                              std::string(label_of(immersion_statuses(), x->status)) +
                              " » ne se signe plus.",
                          "status");
  }
  std::vector<Error> out;
  validation::Mistakes m{out};
  dates::Date now = today(s);
  std::array<std::pair<const std::string*, const char*>, 3> fields = {
      {{&person_on, "signed_person_on"},
       {&employer_on, "signed_employer_on"},
       {&prescriber_on, "signed_prescriber_on"}}};
  int signed_count = 0;
  for (auto [value, field] : fields) {
    std::optional<dates::Date> d;
    if (!m.add(validation::date(*value, field, false, &d))) continue;
    if (d && d->days > now.days) {
      m.add(Error::invalid("Une signature ne peut pas être datée du futur.", field));
    }
    if (d) ++signed_count;
  }
  if (!out.empty()) return m.status();
  std::string status = signed_count == 3  ? "signee"
                       : signed_count > 0 ? "partiellement_signee"
                                          : "a_signer";
  auto opt = [](const std::string& v) { return v.empty() ? store::Value() : store::Value(v); };
  auto tx = db_.write();
  tx.exec(
      "UPDATE immersions SET signed_person_on = ?, signed_employer_on = ?, signed_prescriber_on"
      " = ?, status = ?, updated_at = ? WHERE id = ?",
      {opt(person_on), opt(employer_on), opt(prescriber_on), status, clock_.now_ms(), id});
  if (status != x->status) {
    event(tx, s, *x,
          "Immersion chez " + x->employer + " : convention " +
              text::fold(std::string(label_of(immersion_statuses(), status))));
  }
  audit_.record(tx, audit_entry(s, "update", "immersion", id, "employers", "status=" + status));
  tx.commit();
  return ok_status();
}

Status ImmersionService::cancel(const Session& s, const std::string& id,
                                const std::string& reason) {
  auto x = get(s, id);
  if (!x.ok()) return x.error();
  if (x->status == "bilan" || x->status == "annulee") {
    return Error::invalid("Cette immersion ne peut plus être annulée.", "status");
  }
  if (auto st = validation::text(text::trim(reason), "cancel_reason", "le motif de l'annulation",
                                 500, true);
      !st.ok()) {
    return st;
  }
  auto tx = db_.write();
  tx.exec(
      "UPDATE immersions SET status = 'annulee', cancel_reason = ?, updated_at = ? WHERE id = ?",
      {text::trim(reason), clock_.now_ms(), id});
  event(tx, s, *x, "Immersion chez " + x->employer + " annulée : " + text::trim(reason));
  audit_.record(tx, audit_entry(s, "update", "immersion", id, "employers", "status=annulee"));
  tx.commit();
  return ok_status();
}

std::vector<Error> ImmersionService::assessment_mistakes(const AssessmentInput& in) {
  std::vector<Error> out;
  validation::Mistakes m{out};
  m.add(validation::one_of(in.attendance, immersion_attendance(), "attendance",
                           "le déroulement de l'immersion"));
  m.add(validation::text(in.text, "assessment", "l'appréciation du tuteur", 4000,
                         in.attendance != "absent"));
  if (in.hiring != "oui" && in.hiring != "non") {
    m.add(Error::invalid("Indiquez si l'immersion débouche sur une embauche.", "hiring"));
  } else if (in.hiring == "oui") {
    m.add(validation::one_of(in.contract, contract_kinds(), "contract", "le type de contrat"));
  }
  return out;
}

Status ImmersionService::assess(const Session& s, const std::string& id,
                                const AssessmentInput& in) {
  auto x = get(s, id);
  if (!x.ok()) return x.error();
  if (x->status != "signee") {
    return Error::invalid("Le bilan se fait sur une convention signée par les trois parties.",
                          "status");
  }
  dates::Date now = today(s);
  if (dates::iso(now) < x->starts_on) {
    return Error::invalid("Le bilan se fait une fois l'immersion commencée (le " +
                              dates::french_date(x->starts_on) + ").",
                          "attendance");
  }
  if (auto m = assessment_mistakes(in); !m.empty()) return validation::Mistakes{m}.status();
  auto tx = db_.write();
  tx.exec(
      "UPDATE immersions SET status = 'bilan', assessment_attendance = ?, assessment_text = ?,"
      " assessment_hiring = ?, assessment_contract = ?, assessed_on = ?, updated_at = ? WHERE id"
      " = ?",
      {in.attendance, text::trim(in.text), in.hiring == "oui" ? 1 : 0,
       in.hiring == "oui" ? store::Value(in.contract) : store::Value(), dates::iso(now),
       clock_.now_ms(), id});
  event(tx, s, *x,
        "Bilan de l'immersion chez " + x->employer + " : " +
            std::string(label_of(immersion_attendance(), in.attendance)) +
            (in.hiring == "oui" ? ", débouche sur une embauche" : ""));
  audit_.record(tx, audit_entry(s, "update", "immersion", id, "employers", "status=bilan"));
  tx.commit();
  return ok_status();
}

}  // namespace jalon::employers
