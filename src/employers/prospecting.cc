// EmployerService: the structure's contacts at an employer (personal data: audited) and its
// prospecting actions, whose next step lands on the author's to-do list (jobs/todo.cc).
#include "access/policy.h"
#include "core/text.h"
#include "core/validation.h"
#include "employers/referentials.h"
#include "employers/service.h"
#include "store/row_reader.h"

namespace jalon::employers {

using access::audit_entry;
using access::Session;

std::vector<Error> EmployerService::contact_mistakes(const Contact& in) {
  std::vector<Error> out;
  auto add = [&](const Status& st) {
    if (!st.ok()) out.push_back(st.error());
  };
  add(validation::text(in.name, "name", "le nom du contact", 150, true));
  add(validation::text(in.role, "role", "La fonction", 150));
  add(validation::text(in.phone, "phone", "Le téléphone", 30));
  add(validation::text(in.email, "email", "L'adresse e-mail", 200));
  if (!in.email.empty() && in.email.find('@') == std::string::npos) {
    out.push_back(Error::invalid("L'adresse e-mail doit contenir « @ ».", "email"));
  }
  return out;
}

std::vector<Contact> EmployerService::contacts(const Session& s, const std::string& id) {
  auto tx = db_.read();
  std::vector<Contact> out;
  for (const auto& row : tx.query(
           "SELECT id, name, role, phone, email FROM employer_contacts WHERE structure_id = ? AND"
           " establishment_id = ? ORDER BY name, id",
           {s.structure_id, id})) {
    store::RowReader r(row);
    out.push_back({r.text(), r.text(), r.text(), r.text(), r.text()});
  }
  tx.commit();
  if (!out.empty()) {
    audit_.record_async(audit_entry(s, "read", "employer", id, "employers", "section=contacts"));
  }
  return out;
}

Result<std::string> EmployerService::add_contact(const Session& s, const std::string& id,
                                                 const Contact& raw) {
  Contact in{"", text::trim(raw.name), text::trim(raw.role), text::trim(raw.phone),
             text::trim(raw.email)};
  if (auto m = contact_mistakes(in); !m.empty()) return m.front();
  auto tx = db_.write();
  if (!employer_visible(tx, id)) return Error::not_found();
  std::string cid = new_id(rng_);
  tx.exec(
      "INSERT INTO employer_contacts (id, structure_id, establishment_id, name, role, phone,"
      " email, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {cid, s.structure_id, id, in.name, in.role, in.phone, in.email, clock_.now_ms(), s.user_id});
  audit_.record(tx,
                audit_entry(s, "create", "employer_contact", cid, "employers", "employer=" + id));
  tx.commit();
  return cid;
}

Status EmployerService::update_contact(const Session& s, const std::string& id,
                                       const Contact& raw) {
  Contact in{raw.id, text::trim(raw.name), text::trim(raw.role), text::trim(raw.phone),
             text::trim(raw.email)};
  if (auto m = contact_mistakes(in); !m.empty()) return validation::Mistakes{m}.status();
  if (!looks_like_id(in.id)) return Error::not_found();
  auto tx = db_.write();
  if (tx.exec("UPDATE employer_contacts SET name = ?, role = ?, phone = ?, email = ? WHERE id = ?"
              " AND structure_id = ? AND establishment_id = ?",
              {in.name, in.role, in.phone, in.email, in.id, s.structure_id, id}) != 1) {
    return Error::not_found();
  }
  audit_.record(tx,
                audit_entry(s, "update", "employer_contact", in.id, "employers", "employer=" + id));
  tx.commit();
  return ok_status();
}

Status EmployerService::remove_contact(const Session& s, const std::string& id,
                                       const std::string& contact_id) {
  if (!looks_like_id(contact_id)) return Error::not_found();
  auto tx = db_.write();
  if (tx.exec("DELETE FROM employer_contacts WHERE id = ? AND structure_id = ? AND"
              " establishment_id = ?",
              {contact_id, s.structure_id, id}) != 1) {
    return Error::not_found();
  }
  audit_.record(
      tx, audit_entry(s, "delete", "employer_contact", contact_id, "employers", "employer=" + id));
  tx.commit();
  return ok_status();
}

std::vector<Error> EmployerService::action_mistakes(const ActionInput& in, dates::Date today) {
  std::vector<Error> out;
  auto add = [&](const Status& st) {
    if (!st.ok()) out.push_back(st.error());
  };
  add(validation::one_of(in.kind, action_kinds(), "kind", "le type d'action"));
  std::optional<dates::Date> done, due;
  add(validation::date(in.done_on, "done_on", true, &done));
  if (done && done->days > today.days) {
    out.push_back(Error::invalid("La date de l'action ne peut pas être dans le futur.", "done_on"));
  }
  add(validation::text(in.outcome, "outcome", "Le résultat", 2000));
  add(validation::text(in.next_step, "next_step", "La prochaine étape", 500));
  add(validation::date(in.next_due_on, "next_due_on", false, &due));
  if (!in.next_step.empty() && in.next_due_on.empty()) {
    out.push_back(Error::invalid("Indiquez pour quand est la prochaine étape.", "next_due_on"));
  }
  if (in.next_step.empty() && !in.next_due_on.empty()) {
    out.push_back(Error::invalid("Indiquez la prochaine étape prévue à cette date.", "next_step"));
  }
  if (done && due && due->days < done->days) {
    out.push_back(
        Error::invalid("La prochaine étape ne peut pas précéder l'action.", "next_due_on"));
  }
  return out;
}

std::vector<Action> EmployerService::actions(const Session& s, const std::string& id) {
  auto tx = db_.read();
  std::vector<Action> out;
  for (const auto& row : tx.query(
           "SELECT a.id, a.kind, a.done_on, COALESCE(u.display_name, ''), a.outcome, a.next_step,"
           " COALESCE(a.next_due_on, ''), CASE WHEN a.next_done_at IS NULL THEN 0 ELSE 1 END"
           " FROM prospecting_actions a LEFT JOIN users u ON u.id = a.author_id"
           " WHERE a.structure_id = ? AND a.establishment_id = ? ORDER BY a.done_on DESC,"
           " a.created_at DESC",
           {s.structure_id, id})) {
    store::RowReader r(row);
    Action a;
    a.id = r.text();
    a.kind = r.text();
    a.done_on = r.text();
    a.author = r.text();
    a.outcome = r.text();
    a.next_step = r.text();
    a.next_due_on = r.text();
    a.next_done = r.i64() != 0;
    out.push_back(std::move(a));
  }
  tx.commit();
  return out;
}

Result<std::string> EmployerService::add_action(const Session& s, const std::string& id,
                                                const ActionInput& raw) {
  ActionInput in{raw.kind, raw.done_on, text::trim(raw.outcome), text::trim(raw.next_step),
                 raw.next_due_on};
  if (auto m = action_mistakes(in, today(s)); !m.empty()) return m.front();
  auto tx = db_.write();
  if (!employer_visible(tx, id)) return Error::not_found();
  std::string aid = new_id(rng_);
  Millis now = clock_.now_ms();
  // An earlier next step on this employer is done: this action is what followed it.
  tx.exec(
      "UPDATE prospecting_actions SET next_done_at = ? WHERE structure_id = ? AND"
      " establishment_id = ? AND next_due_on IS NOT NULL AND next_done_at IS NULL",
      {now, s.structure_id, id});
  tx.exec(
      "INSERT INTO prospecting_actions (id, structure_id, establishment_id, kind, done_on,"
      " author_id, outcome, next_step, next_due_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
      " ?, ?)",
      {aid, s.structure_id, id, in.kind, in.done_on, s.user_id, in.outcome, in.next_step,
       in.next_due_on.empty() ? store::Value() : store::Value(in.next_due_on), now});
  // The first action moves a never-contacted employer to "contacté" (or "rencontré": a visit).
  std::string status = in.kind == "visite" ? "rencontre" : "contacte";
  tx.exec(
      "INSERT INTO employer_relations (structure_id, establishment_id, status, updated_at,"
      " updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (structure_id, establishment_id) DO UPDATE"
      " SET status = excluded.status, updated_at = excluded.updated_at, updated_by ="
      " excluded.updated_by WHERE employer_relations.status = 'jamais_contacte'",
      {s.structure_id, id, status, now, s.user_id});
  audit_.record(tx,
                audit_entry(s, "create", "prospecting_action", aid, "employers", "employer=" + id));
  tx.commit();
  return aid;
}

}  // namespace jalon::employers
