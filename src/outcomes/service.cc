#include "outcomes/service.h"

#include "access/policy.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"
#include "jobs/jobs.h"
#include "pathways/referentials.h"
#include "store/row_reader.h"

namespace jalon::outcomes {
namespace {

using access::audit_entry;
using access::Session;

// A number typed on a form: nullopt when empty, else its value (checked by exit_mistakes).
std::optional<int> number(const std::string& v) {
  if (v.empty()) return std::nullopt;
  auto n = validation::integer(v, "", "", 0, 1'000'000);
  if (!n.ok()) return std::nullopt;
  return static_cast<int>(*n);
}

store::Value opt(std::optional<int> v) {
  return v ? store::Value(*v) : store::Value();
}

// The person as the exit needs them, in the caller's scope.
struct Person {
  std::string entry_on, status, scheme, commune_code, commune_name, structure_kind, zone,
      referent_id, team_id;
};

std::optional<Person> person(store::Tx& tx, const Session& s, const std::string& id) {
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto row = tx.query_one(
      "SELECT b.entry_date, b.status, b.scheme, COALESCE(b.commune_code, ''),"
      " COALESCE(b.commune_name, ''), st.kind, st.time_zone,"
      " COALESCE(ru.id, ''), COALESCE(ru.team_id, '') FROM beneficiaries b"
      " JOIN structures st ON st.id = b.structure_id"
      " LEFT JOIN caseload_members rm ON rm.beneficiary_id = b.id AND rm.kind = 'referent'"
      " LEFT JOIN users ru ON ru.id = rm.user_id WHERE b.id = ? AND " +
          cond,
      p);
  if (!row) return std::nullopt;
  store::RowReader r(*row);
  Person out;
  for (auto* f : {&out.entry_on, &out.status, &out.scheme, &out.commune_code, &out.commune_name,
                  &out.structure_kind, &out.zone, &out.referent_id, &out.team_id}) {
    *f = r.text();
  }
  return out;
}

// What an exit closes, as sentences for the confirmation, and the follow-ups it plans.
std::vector<std::string> closing(store::Tx& tx, const std::string& id, const std::string& on) {
  std::vector<std::string> out;
  for (const auto& row : tx.query(
           "SELECT kind, starts_on, ends_on FROM contracts WHERE beneficiary_id = ? AND status = ?"
           " ORDER BY starts_on",
           {id, std::string(pathways::kContractActive)})) {
    out.push_back("Le contrat « " +
                  std::string(referential::label_of(pathways::contract_kinds(), row.text(0))) +
                  " » commencé le " + dates::french_date(row.text(1)) + " sera terminé au " +
                  dates::french_date(std::min(row.text(2), on)) + ".");
  }
  auto actions = tx.query_one(
      "SELECT COUNT(*) FROM pathway_actions WHERE beneficiary_id = ? AND status IN (" +
          referential::sql_list(pathways::action_statuses(), pathways::kOpenStatus) + ")",
      {id});
  if (actions && actions->i64(0) > 0) {
    out.push_back(std::to_string(actions->i64(0)) + (actions->i64(0) == 1
                                                         ? " action ouverte sera annulée."
                                                         : " actions ouvertes seront annulées."));
  }
  for (const auto& row :
       tx.query("SELECT u.display_name FROM caseload_members cm JOIN users u ON u.id = cm.user_id"
                " WHERE cm.beneficiary_id = ? AND cm.kind <> 'referent' ORDER BY u.display_name",
                {id})) {
    out.push_back(row.text(0) + " ne sera plus co-référent·e.");
  }
  out.push_back(
      "La personne quittera la liste des personnes accompagnées ; son ou sa référent·e garde "
      "l'accès au dossier pour les suivis.");
  return out;
}

std::vector<std::pair<std::string, std::string>> planned(const std::string& on, bool fse) {
  std::vector<std::pair<std::string, std::string>> out = {{"m6", add_months(on, 6)},
                                                          {"m24", add_months(on, 24)}};
  if (fse) {
    auto d = dates::parse_iso_date(on);
    out.push_back({"fse_4s", dates::iso({d.ok() ? d->days + 28 : 0})});
    out.push_back({"fse_m6", add_months(on, 6)});
  }
  return out;
}

Followup read_followup(const store::Row& row, const std::string& today) {
  store::RowReader r(row);
  Followup f;
  f.id = r.text();
  f.exit_id = r.text();
  f.beneficiary_id = r.text();
  f.person = r.text();
  f.moment = r.text();
  f.due_on = r.text();
  f.status = r.text();
  f.opened = !r.next_is_null();
  r.skip();
  f.situation = r.text_or_empty();
  auto months = r.i64_or(-1);
  if (months >= 0) f.contract_months = static_cast<int>(months);
  f.in_target_job = r.i64_or(0) != 0;
  f.employer = r.text();
  f.job_label = r.text();
  f.answered_on = r.text_or_empty();
  f.overdue = f.status == kToDo && add_months(f.due_on, 1) < today;
  return f;
}

constexpr const char* kExitColumns =
    "SELECT e.id, e.beneficiary_id, b.last_name || ' ' || b.first_name, e.entry_on, e.exit_on,"
    " e.reason, e.situation, e.employer, e.job_code, e.job_label, e.category,"
    " COALESCE(e.reentered_on, ''), e.contract_months, e.hours_worked, e.examined, e.fse"
    " FROM exits e JOIN beneficiaries b ON b.id = e.beneficiary_id";

Exit read_exit(const store::Row& row) {
  store::RowReader r(row);
  Exit e;
  for (auto* f :
       {&e.id, &e.beneficiary_id, &e.person, &e.entry_on, &e.exit_on, &e.reason, &e.situation,
        &e.employer, &e.job_code, &e.job_label, &e.category, &e.reentered_on}) {
    *f = r.text();
  }
  if (auto m = r.i64_or(-1); m >= 0) e.contract_months = static_cast<int>(m);
  if (auto h = r.i64_or(-1); h >= 0) e.hours_worked = static_cast<int>(h);
  e.examined = r.boolean();
  e.fse = r.boolean();
  return e;
}

constexpr const char* kFollowupColumns =
    "SELECT f.id, f.exit_id, f.beneficiary_id, b.first_name || ' ' || b.last_name, f.moment,"
    " f.due_on, f.status, f.opened_at, f.situation, f.contract_months, f.in_target_job,"
    " f.employer, f.job_label, f.answered_on FROM exit_followups f"
    " JOIN beneficiaries b ON b.id = f.beneficiary_id";

}  // namespace

std::vector<Error> OutcomeService::exit_mistakes(const ExitInput& in) const {
  std::vector<Error> out;
  auto add = [&](const Status& st) {
    if (!st.ok()) out.push_back(st.error());
  };
  dates::Date today = dates::local_date(clock_.now_ms());
  std::optional<dates::Date> on;
  if (in.on.empty()) {
    out.push_back(Error::invalid("Indiquez la date de sortie.", "on"));
  } else if (auto st = validation::date(in.on, "on", true, &on); !st.ok()) {
    add(st);
  } else if (*on > today) {
    out.push_back(Error::invalid("La date de sortie ne peut pas être dans le futur.", "on"));
  }
  const auto* reason = referential::find(beneficiaries::exit_reasons(), in.reason);
  if (in.reason.empty() || (reason && (reason->flags & beneficiaries::kLegacyReason))) {
    out.push_back(Error::invalid("Choisissez le motif de sortie.", "reason"));
  } else {
    add(validation::one_of(in.reason, beneficiaries::exit_reasons(), "reason",
                           "le motif de sortie"));
  }
  add(validation::one_of(in.situation, situations(), "situation", "la situation à la sortie"));
  const auto* sit = referential::find(situations(), in.situation);
  if (!in.contract_months.empty()) {
    auto n = validation::integer(in.contract_months, "contract_months", "Durée du contrat (mois)",
                                 1, 120);
    if (!n.ok()) out.push_back(n.error());
  }
  if (!in.hours_worked.empty()) {
    auto n = validation::integer(in.hours_worked, "hours_worked", "Heures travaillées", 0, 20000);
    if (!n.ok()) out.push_back(n.error());
  }
  bool employed = sit && (sit->flags & kEmployed) && in.situation != "creation";
  if (employed && text::trim(in.employer).empty()) {
    out.push_back(Error::invalid("Indiquez l'employeur (la personne sort en emploi).", "employer"));
  } else {
    add(validation::text(in.employer, "employer", "l'employeur", 200));
  }
  add(validation::text(in.job_code, "job_code", "le code de l'appellation ROME", 20));
  add(validation::text(in.job_label, "job_label", "le métier", 200));
  add(validation::text(in.note, "note", "la note", 1000));
  return out;
}

Result<ExitPreview> OutcomeService::preview_exit(const Session& s, const std::string& id,
                                                 const ExitInput& in) {
  if (auto m = exit_mistakes(in); !m.empty()) return m.front();
  auto tx = db_.read();
  auto p = person(tx, s, id);
  if (!p) return Error::not_found();
  if (p->status == "sorti")
    return Error::conflict("La sortie de cette personne est déjà enregistrée.");
  if (in.on < p->entry_on) {
    return Error::invalid("La date de sortie ne peut pas précéder la date d'entrée (" +
                              dates::french_date(p->entry_on) + ").",
                          "on");
  }
  ExitPreview out;
  out.category = std::string(category_of(in.situation, number(in.contract_months), params_));
  out.category_label = std::string(referential::label_of(categories(), out.category));
  const auto* reason = referential::find(beneficiaries::exit_reasons(), in.reason);
  out.examined = examined(p->structure_kind, p->entry_on, in.on, number(in.hours_worked),
                          reason && (reason->flags & beneficiaries::kWithdrawnReason), params_);
  out.closes = closing(tx, id, in.on);
  for (const auto& [moment, due] : planned(in.on, in.fse)) {
    out.planned.push_back(std::string(referential::label_of(moments(), moment)) + " : " +
                          dates::french_date(due));
  }
  return out;
}

Result<std::string> OutcomeService::record_exit(const Session& s, const std::string& id,
                                                const ExitInput& in) {
  auto preview = preview_exit(s, id, in);
  if (!preview.ok()) return preview.error();
  auto tx = db_.write();
  auto p = person(tx, s, id);
  if (!p) return Error::not_found();
  if (auto st = people_.set_status(tx, s, id, {"sorti", in.reason, "", in.on, in.note}); !st.ok())
    return st.error();
  auto entry = dates::parse_iso_date(p->entry_on), exit = dates::parse_iso_date(in.on);
  int days = entry.ok() && exit.ok() ? exit->days - entry->days : 0;
  std::string exit_id = new_id(rng_);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO exits (id, structure_id, beneficiary_id, entry_on, exit_on, reason, situation,"
      " contract_months, hours_worked, employer, job_code, job_label, category, examined, fse,"
      " scheme, referent_id, team_id, commune_code, commune_name, days, created_at, created_by)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {exit_id,
       s.structure_id,
       id,
       p->entry_on,
       in.on,
       in.reason,
       in.situation,
       opt(number(in.contract_months)),
       opt(number(in.hours_worked)),
       text::trim(in.employer),
       text::trim(in.job_code),
       text::trim(in.job_label),
       preview->category,
       preview->examined ? 1 : 0,
       in.fse ? 1 : 0,
       p->scheme,
       p->referent_id.empty() ? store::Value() : store::Value(p->referent_id),
       p->team_id.empty() ? store::Value() : store::Value(p->team_id),
       p->commune_code,
       p->commune_name,
       days,
       now,
       s.user_id});
  // What the exit closes: contracts in progress end at the exit, open actions are cancelled,
  // co-référents leave (the référent keeps the record for the follow-ups).
  tx.exec(
      "UPDATE contracts SET status = 'termine', ends_on = CASE WHEN ends_on > ? THEN ? ELSE"
      " ends_on END, updated_at = ?, updated_by = ? WHERE beneficiary_id = ? AND status = ?",
      {in.on, in.on, now, s.user_id, id, std::string(pathways::kContractActive)});
  tx.exec("UPDATE pathway_actions SET status = 'annule' WHERE beneficiary_id = ? AND status IN (" +
              referential::sql_list(pathways::action_statuses(), pathways::kOpenStatus) + ")",
          {id});
  tx.exec("DELETE FROM caseload_members WHERE beneficiary_id = ? AND kind <> 'referent'", {id});
  for (const auto& [moment, due] : planned(in.on, in.fse)) {
    std::string fid = new_id(rng_);
    tx.exec(
        "INSERT INTO exit_followups (id, exit_id, structure_id, beneficiary_id, moment, due_on,"
        " status) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {fid, exit_id, s.structure_id, id, moment, due, std::string(kToDo)});
    auto d = dates::parse_iso_date(due);
    jobs::schedule(tx, rng_, clock_,
                   {std::string(kFollowupJob), fid, "followup:" + fid,
                    d.ok() ? dates::day_start(*d, p->zone) : now, s.structure_id, 5});
  }
  exits_changed(tx, s.structure_id, {exit_id});
  access::bump_caseload_generation(tx, s.structure_id);
  audit_.record(tx, audit_entry(s, "exit", "beneficiary", id, "identity,pathway",
                                "category=" + preview->category));
  tx.commit();
  return exit_id;
}

Status OutcomeService::reenter(const Session& s, const std::string& id, const std::string& on,
                               const std::string& note) {
  if (on.empty()) return Error::invalid("Indiquez la date de retour.", "on");
  auto tx = db_.write();
  if (!person(tx, s, id)) return Error::not_found();
  if (auto st = people_.set_status(tx, s, id, {"en_cours", "", "", on, note}); !st.ok()) return st;
  tx.exec("UPDATE exits SET reentered_on = ? WHERE beneficiary_id = ? AND reentered_on IS NULL",
          {on, id});
  tx.exec(
      "UPDATE exit_followups SET status = ? WHERE beneficiary_id = ? AND status = ? AND due_on > ?",
      {std::string(kVoid), id, std::string(kToDo), on});
  std::vector<std::string> exit_ids;
  for (const auto& row : tx.query("SELECT id FROM exits WHERE beneficiary_id = ?", {id})) {
    exit_ids.push_back(row.text(0));
  }
  exits_changed(tx, s.structure_id, exit_ids);
  access::bump_caseload_generation(tx, s.structure_id);
  audit_.record(tx, audit_entry(s, "reentry", "beneficiary", id, "identity", ""));
  tx.commit();
  return ok_status();
}

std::vector<Exit> OutcomeService::exits_of(const Session& s, const std::string& id) {
  auto tx = db_.read();
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  std::vector<Exit> out;
  for (const auto& row : tx.query(std::string(kExitColumns) + " WHERE e.beneficiary_id = ? AND " +
                                      cond + " ORDER BY e.exit_on DESC, e.created_at DESC",
                                  p)) {
    out.push_back(read_exit(row));
  }
  audit_.record_async(audit_entry(s, "read", "beneficiary", id, "outcomes"));
  return out;
}

ExportRows OutcomeService::export_rows(const Session& s, const StatsQuery& q) {
  ExportRows out;
  auto tx = db_.read();
  store::Params p{s.structure_id};
  std::string w = " WHERE e.structure_id = ?";
  if (!q.from.empty()) {
    w += " AND e.exit_on >= ?";
    p.emplace_back(q.from);
  }
  if (!q.to.empty()) {
    w += " AND e.exit_on <= ?";
    p.emplace_back(q.to);
  }
  for (auto [v, col] :
       {std::pair{&q.scheme, "e.scheme"}, std::pair{&q.referent_id, "e.referent_id"},
        std::pair{&q.team_id, "e.team_id"}}) {
    if (v->empty()) continue;
    w += std::string(" AND ") + col + " = ?";
    p.emplace_back(*v);
  }
  std::string cond = " AND " + access::Scope::of(s).beneficiaries("b", p);
  for (const auto& row :
       tx.query(std::string(kExitColumns) + w + cond + " ORDER BY e.exit_on, e.id", p)) {
    out.exits.push_back(read_exit(row));
  }
  std::string today = dates::iso(dates::local_date(clock_.now_ms()));
  for (const auto& row :
       tx.query(std::string(kFollowupColumns) + " JOIN exits e ON e.id = f.exit_id" + w + cond +
                    " ORDER BY e.exit_on, e.id, f.due_on, f.moment",
                p)) {
    out.followups.push_back(read_followup(row, today));
  }
  audit_.record_async(audit_entry(s, "export", "exits", s.structure_id, "identity,outcomes",
                                  "n=" + std::to_string(out.exits.size())));
  return out;
}

std::vector<Followup> OutcomeService::followups_of(const Session& s, const std::string& id) {
  auto tx = db_.read();
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  std::string today = dates::iso(dates::local_date(clock_.now_ms()));
  std::vector<Followup> out;
  for (const auto& row :
       tx.query(std::string(kFollowupColumns) + " WHERE f.beneficiary_id = ? AND " + cond +
                    " ORDER BY f.due_on, f.moment",
                p)) {
    out.push_back(read_followup(row, today));
  }
  return out;
}

std::optional<Followup> OutcomeService::followup(const Session& s, const std::string& id) {
  auto tx = db_.read();
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto row = tx.query_one(std::string(kFollowupColumns) + " WHERE f.id = ? AND " + cond, p);
  if (!row) return std::nullopt;
  auto f = read_followup(*row, dates::iso(dates::local_date(clock_.now_ms())));
  audit_.record_async(audit_entry(s, "read", "exit_followup", f.beneficiary_id, "outcomes"));
  return f;
}

Status OutcomeService::record_followup(const Session& s, const std::string& id,
                                       const FollowupAnswer& in) {
  if (in.status != kAnswered && in.status != kUnreachable) {
    return Error::invalid("Choisissez : situation renseignée ou personne injoignable.", "status");
  }
  bool answered = in.status == kAnswered;
  if (answered) {
    if (auto st = validation::one_of(in.situation, situations(), "situation",
                                     "la situation de la personne");
        !st.ok())
      return st;
  }
  std::optional<int> months;
  if (answered && !in.contract_months.empty()) {
    auto n = validation::integer(in.contract_months, "contract_months", "Durée du contrat (mois)",
                                 1, 120);
    if (!n.ok()) return n.error();
    months = static_cast<int>(*n);
  }
  for (auto [v, f, w] : {std::tuple{&in.employer, "employer", "l'employeur"},
                         std::tuple{&in.job_label, "job_label", "le métier"}}) {
    if (auto st = validation::text(*v, f, w, 200); !st.ok()) return st;
  }
  std::string today = dates::iso(dates::local_date(clock_.now_ms()));
  std::string on = in.answered_on.empty() ? today : in.answered_on;
  if (auto st = validation::date(on, "answered_on", true); !st.ok()) return st;
  if (on > today) {
    return Error::invalid("La date du suivi ne peut pas être dans le futur.", "answered_on");
  }
  auto tx = db_.write();
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto cur = tx.query_one(
      "SELECT f.beneficiary_id, f.status, f.exit_id FROM exit_followups f JOIN beneficiaries b"
      " ON b.id ="
      " f.beneficiary_id WHERE f.id = ? AND " +
          cond,
      p);
  if (!cur) return Error::not_found();
  if (cur->text(1) == kVoid) {
    return Error::conflict("Ce suivi est sans objet : la personne est revenue en accompagnement.");
  }
  tx.exec(
      "UPDATE exit_followups SET status = ?, situation = ?, contract_months = ?, in_target_job = ?,"
      " employer = ?, job_label = ?, answered_on = ?, recorded_at = ?, recorded_by = ?,"
      " opened_at = COALESCE(opened_at, ?) WHERE id = ?",
      {in.status, answered ? store::Value(in.situation) : store::Value(), opt(months),
       answered ? store::Value(in.in_target_job ? 1 : 0) : store::Value(),
       answered ? text::trim(in.employer) : std::string(),
       answered ? text::trim(in.job_label) : std::string(), on, clock_.now_ms(), s.user_id,
       clock_.now_ms(), id});
  exits_changed(tx, s.structure_id, {cur->text(2)});
  audit_.record(tx, audit_entry(s, "followup", "beneficiary", cur->text(0), "outcomes",
                                "status=" + in.status));
  tx.commit();
  return ok_status();
}

}  // namespace jalon::outcomes
