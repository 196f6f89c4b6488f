// EmployerService: applications (candidatures) of the people the caller accompanies, with the
// states of les emplois de l'inclusion, and the placements (hires) of accepted ones. Each change
// is written on the person's timeline (pathway_events, kind "candidature").
#include "access/policy.h"
#include "core/text.h"
#include "core/validation.h"
#include "employers/referentials.h"
#include "employers/service.h"
#include "store/row_reader.h"

namespace jalon::employers {

using access::audit_entry;
using access::Session;
using referential::label_of;

namespace {

constexpr const char* kApplicationSelect =
    "SELECT a.id, a.beneficiary_id, b.first_name || ' ' || b.last_name, a.establishment_id,"
    " e.name, a.job, a.state, COALESCE(a.refusal_reason, ''), a.message, a.created_at,"
    " a.updated_at, COALESCE((SELECT p.id FROM placements p WHERE p.application_id = a.id), ''),"
    " COALESCE(a.offer_id, ''), COALESCE(o.title, '')"
    " FROM applications a JOIN beneficiaries b ON b.id = a.beneficiary_id"
    " JOIN establishments e ON e.id = a.establishment_id"
    " LEFT JOIN offers o ON o.id = a.offer_id ";

Application application_from(const store::Row& row) {
  store::RowReader r(row);
  Application a;
  a.id = r.text();
  a.beneficiary_id = r.text();
  a.person = r.text();
  a.establishment_id = r.text();
  a.employer = r.text();
  a.job = r.text();
  a.state = r.text();
  a.refusal_reason = r.text();
  a.message = r.text();
  a.created_at = r.i64();
  a.updated_at = r.i64();
  a.placement_id = r.text();
  a.offer_id = r.text();
  a.offer_title = r.text();
  return a;
}

bool person_visible(store::Tx& tx, const Session& s, const std::string& beneficiary_id) {
  if (!looks_like_id(beneficiary_id)) return false;
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  return tx.query_one("SELECT 1 FROM beneficiaries b WHERE b.id = ? AND " + cond, p).has_value();
}

}  // namespace

void EmployerService::person_event(store::Tx& tx, const Session& s,
                                   const std::string& beneficiary_id, const std::string& object_id,
                                   const std::string& summary) {
  tx.exec(
      "INSERT INTO pathway_events (id, structure_id, beneficiary_id, kind, object_id, summary,"
      " occurred_at, actor_id) VALUES (?, ?, ?, 'candidature', ?, ?, ?, ?)",
      {new_id(rng_), s.structure_id, beneficiary_id, object_id, summary, clock_.now_ms(),
       s.user_id});
}

Result<std::string> EmployerService::propose(const Session& s, const std::string& beneficiary_id,
                                             const ApplicationInput& raw) {
  ApplicationInput in{raw.establishment_id, text::trim(raw.job), text::trim(raw.message),
                      raw.offer_id};
  std::optional<Offer> target;
  if (!in.offer_id.empty()) {
    auto o = offer(s, in.offer_id);
    if (!o.ok()) return Error::invalid("Cette offre n'existe pas.", "offer_id");
    if (o->establishment_id.empty() && in.establishment_id.empty()) {
      return Error::invalid(
          "Cette offre n'est rattachée à aucun employeur de l'annuaire : choisissez l'employeur.",
          "establishment_id");
    }
    if (!o->establishment_id.empty() && !in.establishment_id.empty() &&
        o->establishment_id != in.establishment_id) {
      return Error::invalid("Cette offre est celle d'un autre employeur.", "offer_id");
    }
    if (in.establishment_id.empty()) in.establishment_id = o->establishment_id;
    if (in.job.empty()) in.job = o->title.substr(0, 200);
    target = *o;
  }
  if (auto st = validation::text(in.job, "job", "le poste proposé", 200, true); !st.ok()) {
    return st.error();
  }
  if (auto st = validation::text(in.message, "message", "Le message", 2000); !st.ok()) {
    return st.error();
  }
  auto tx = db_.write();
  if (!person_visible(tx, s, beneficiary_id)) return Error::not_found();
  auto e = looks_like_id(in.establishment_id)
               ? tx.query_one("SELECT name FROM establishments WHERE id = ?", {in.establishment_id})
               : std::nullopt;
  if (!e) return Error::invalid("Choisissez l'employeur dans l'annuaire.", "establishment_id");
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO applications (id, structure_id, beneficiary_id, establishment_id, offer_id,"
      " job, state, message, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?,"
      " ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, beneficiary_id, in.establishment_id,
       target ? store::Value(target->id) : store::Value(), in.job, std::string(kNewApplication),
       in.message, now, s.user_id, now, s.user_id});
  person_event(tx, s, beneficiary_id, id,
               "Candidature chez " + e->text(0) + " (" + in.job + ")" +
                   (target ? " sur l'offre " + target->source_id : std::string()));
  audit_.record(tx, audit_entry(s, "create", "application", id, "employers",
                                "beneficiary=" + beneficiary_id));
  tx.commit();
  return id;
}

std::vector<Application> EmployerService::applications_of_person(
    const Session& s, const std::string& beneficiary_id) {
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto tx = db_.read();
  std::vector<Application> out;
  for (const auto& row :
       tx.query(kApplicationSelect + std::string("WHERE a.beneficiary_id = ? AND ") + cond +
                    " ORDER BY a.created_at DESC",
                p)) {
    out.push_back(application_from(row));
  }
  tx.commit();
  return out;
}

std::vector<Application> EmployerService::applications_of_employer(const Session& s,
                                                                   const std::string& id) {
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto tx = db_.read();
  std::vector<Application> out;
  for (const auto& row :
       tx.query(kApplicationSelect + std::string("WHERE a.establishment_id = ? AND ") + cond +
                    " ORDER BY a.created_at DESC",
                p)) {
    out.push_back(application_from(row));
  }
  tx.commit();
  if (!out.empty()) {
    audit_.record_async(
        audit_entry(s, "read", "employer", id, "employers", "section=applications"));
  }
  return out;
}

Result<Application> EmployerService::application(const Session& s, const std::string& id) {
  if (!looks_like_id(id)) return Error::not_found();
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto tx = db_.read();
  auto row = tx.query_one(kApplicationSelect + std::string("WHERE a.id = ? AND ") + cond, p);
  tx.commit();
  if (!row) return Error::not_found();
  audit_.record_async(audit_entry(s, "read", "application", id, "employers"));
  return application_from(*row);
}

Status EmployerService::move(const Session& s, const std::string& id, const std::string& state,
                             const std::string& reason) {
  auto a = application(s, id);
  if (!a.ok()) return a.error();
  if (auto st = validation::one_of(state, application_states(), "state", "le nouvel état");
      !st.ok()) {
    return st;
  }
  if (!may_move(a->state, state)) {
    return Error::invalid("Une candidature « " +
                              std::string(label_of(application_states(), a->state)) +
                              " » ne peut pas passer à « " +
                              std::string(label_of(application_states(), state)) + " ».",
                          "state");
  }
  if (state == kRefused) {
    if (auto st =
            validation::one_of(reason, refusal_reasons(), "refusal_reason", "le motif du refus");
        !st.ok()) {
      return st;
    }
  }
  auto tx = db_.write();
  int64_t n = tx.exec(
      "UPDATE applications SET state = ?, refusal_reason = ?, updated_at = ?, updated_by = ?"
      " WHERE id = ? AND state = ?",
      {state, state == kRefused ? store::Value(reason) : store::Value(), clock_.now_ms(), s.user_id,
       id, a->state});
  if (n != 1) return Error::conflict("La candidature a changé entre-temps : rechargez la page.");
  std::string summary = "Candidature chez " + a->employer + " : " +
                        std::string(label_of(application_states(), state));
  if (state == kRefused) summary += " (" + std::string(label_of(refusal_reasons(), reason)) + ")";
  person_event(tx, s, a->beneficiary_id, id, summary);
  audit_.record(tx, audit_entry(s, "update", "application", id, "employers", "state=" + state));
  tx.commit();
  return ok_status();
}

std::vector<Error> EmployerService::placement_mistakes(const PlacementInput& in) {
  std::vector<Error> out;
  auto add = [&](const Status& st) {
    if (!st.ok()) out.push_back(st.error());
  };
  add(validation::one_of(in.contract, contract_kinds(), "contract", "le type de contrat"));
  if (auto h =
          validation::integer(in.hours_per_week, "hours_per_week", "Heures par semaine", 1, 48);
      !h.ok()) {
    out.push_back(h.error());
  }
  std::optional<dates::Date> start, end;
  add(validation::date(in.start_on, "start_on", true, &start));
  add(validation::date(in.end_on, "end_on", false, &end));
  if (start && end && end->days < start->days) {
    out.push_back(Error::invalid("La fin du contrat ne peut pas précéder son début.", "end_on"));
  }
  if (in.contract == "cdi" && !in.end_on.empty()) {
    out.push_back(Error::invalid("Un CDI n'a pas de date de fin.", "end_on"));
  }
  return out;
}

Result<std::string> EmployerService::hire(const Session& s, const std::string& application_id,
                                          const PlacementInput& in) {
  auto a = application(s, application_id);
  if (!a.ok()) return a.error();
  if (a->state != kAccepted) {
    return Error::invalid("Seule une candidature acceptée peut donner une embauche.", "state");
  }
  if (!a->placement_id.empty()) {
    return Error::conflict("Cette candidature a déjà donné une embauche.");
  }
  if (auto m = placement_mistakes(in); !m.empty()) return m.front();
  auto tx = db_.write();
  std::string id = new_id(rng_);
  tx.exec(
      "INSERT INTO placements (id, structure_id, beneficiary_id, employer_id, offer_id,"
      " application_id, contract, hours_per_week, start_on, end_on, created_at, created_by)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, a->beneficiary_id, a->establishment_id,
       a->offer_id.empty() ? store::Value() : store::Value(a->offer_id), application_id,
       in.contract, std::stoi(in.hours_per_week), in.start_on,
       in.end_on.empty() ? store::Value() : store::Value(in.end_on), clock_.now_ms(), s.user_id});
  person_event(tx, s, a->beneficiary_id, application_id,
               "Embauche chez " + a->employer + " : " +
                   std::string(label_of(contract_kinds(), in.contract)) + ", " + in.hours_per_week +
                   " h/semaine, à partir du " + dates::french_date(in.start_on));
  audit_.record(tx, audit_entry(s, "create", "placement", id, "employers",
                                "beneficiary=" + a->beneficiary_id));
  tx.commit();
  return id;
}

std::optional<LatestPlacement> EmployerService::latest_placement(
    const Session& s, const std::string& beneficiary_id) {
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto tx = db_.read();
  auto row = tx.query_one(
      "SELECT e.name, COALESCE(a.job, ''), pl.contract, pl.start_on, COALESCE(pl.end_on, '')"
      " FROM placements pl JOIN establishments e ON e.id = pl.employer_id"
      " JOIN beneficiaries b ON b.id = pl.beneficiary_id"
      " LEFT JOIN applications a ON a.id = pl.application_id WHERE pl.beneficiary_id = ? AND " +
          cond + " ORDER BY pl.start_on DESC, pl.created_at DESC LIMIT 1",
      p);
  tx.commit();
  if (!row) return std::nullopt;
  return LatestPlacement{row->text(0), row->text(1), row->text(2), row->text(3), row->text(4)};
}

}  // namespace jalon::employers
