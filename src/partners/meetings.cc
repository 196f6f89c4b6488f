// PartnerDirectory: rencontres with the partners of the territory — date, organisation, who was
// there, notes, and follow-ups with due dates that land on their owner's to-do list (kind
// `suite_rencontre`) until done. Listed on the organisation's page, so that a counselor can show
// who they met on the territory.
#include "access/policy.h"
#include "core/text.h"
#include "core/validation.h"
#include "partners/service.h"
#include "store/row_reader.h"

namespace jalon::partners {

using access::audit_entry;
using access::Session;

std::vector<Error> PartnerDirectory::meeting_mistakes(const MeetingInput& in) {
  std::vector<Error> out;
  validation::Mistakes m{out};
  m.add(validation::date(in.held_on, "held_on", true));
  m.add(validation::text(in.people, "people", "les personnes rencontrées", 500, true));
  m.add(validation::text(in.notes, "notes", "Les notes", 5000));
  for (std::size_t i = 0; i < in.followups.size(); ++i) {
    const auto& [label, due] = in.followups[i];
    std::string n = std::to_string(i + 1);
    if (label.empty() && !due.empty()) {
      m.add(Error::invalid("Décrivez la suite n° " + n + " ou effacez sa date.",
                           "followup_label_" + n));
    }
    m.add(validation::text(label, "followup_label_" + n, "La suite", 300));
    m.add(validation::date(due, "followup_due_" + n, false));
  }
  return out;
}

Result<std::string> PartnerDirectory::add_meeting(const Session& s,
                                                  const std::string& organisation_id,
                                                  const MeetingInput& raw) {
  MeetingInput in = raw;
  in.held_on = text::trim(in.held_on);
  in.people = text::trim(in.people);
  in.notes = text::trim(in.notes);
  for (auto& [label, due] : in.followups) {
    label = text::trim(label);
    due = text::trim(due);
  }
  if (auto m = meeting_mistakes(in); !m.empty()) {
    Error e = m.front();
    e.more.assign(m.begin() + 1, m.end());
    return e;
  }
  if (!looks_like_id(organisation_id)) return Error::not_found();
  auto tx = db_.write();
  if (!tx.query_one("SELECT 1 FROM partner_organisations WHERE id = ? AND structure_id = ?",
                    {organisation_id, s.structure_id})) {
    return Error::not_found();
  }
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO partner_meetings (id, structure_id, organisation_id, held_on, people, notes, "
      "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, organisation_id, in.held_on, in.people, in.notes, now, s.user_id});
  for (const auto& [label, due] : in.followups) {
    if (label.empty()) continue;
    tx.exec(
        "INSERT INTO partner_meeting_followups (id, structure_id, meeting_id, label, due_on, "
        "owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {new_id(rng_), s.structure_id, id, label, due.empty() ? store::Value() : store::Value(due),
         s.user_id, now});
  }
  audit_.record(tx, audit_entry(s, "create", "partner_meeting", id, "partners"));
  tx.commit();
  return id;
}

std::vector<Meeting> PartnerDirectory::meetings(const Session& s,
                                                const std::string& organisation_id) {
  auto tx = db_.read();
  std::vector<Meeting> out;
  store::Params p{s.structure_id};
  std::string sql =
      "SELECT m.id, m.organisation_id, o.name, m.held_on, m.people, m.notes, "
      "COALESCE(u.display_name, '') FROM partner_meetings m JOIN partner_organisations o ON o.id "
      "= m.organisation_id LEFT JOIN users u ON u.id = m.created_by WHERE m.structure_id = ?";
  if (!organisation_id.empty()) {
    sql += " AND m.organisation_id = ?";
    p.push_back(organisation_id);
  }
  for (const auto& row :
       tx.query(sql + " ORDER BY m.held_on DESC, m.created_at DESC LIMIT 200", p)) {
    store::RowReader r(row);
    Meeting m;
    m.id = r.text();
    m.organisation_id = r.text();
    m.organisation_name = r.text();
    m.held_on = r.text();
    m.people = r.text();
    m.notes = r.text();
    m.author_name = r.text();
    for (const auto& f : tx.query(
             "SELECT f.id, f.label, COALESCE(f.due_on, ''), COALESCE(u.display_name, ''), "
             "f.done_at IS NOT NULL FROM partner_meeting_followups f LEFT JOIN users u ON u.id = "
             "f.owner_id WHERE f.meeting_id = ? ORDER BY f.due_on, f.created_at",
             {m.id})) {
      store::RowReader c(f);
      MeetingFollowup x;
      x.id = c.text();
      x.label = c.text();
      x.due_on = c.text();
      x.owner_name = c.text();
      x.done = c.i64() != 0;
      m.followups.push_back(std::move(x));
    }
    out.push_back(std::move(m));
  }
  tx.commit();
  return out;
}

Status PartnerDirectory::finish_followup(const Session& s, const std::string& followup_id) {
  if (!looks_like_id(followup_id)) return Error::not_found();
  auto tx = db_.write();
  Millis now = clock_.now_ms();
  if (tx.exec("UPDATE partner_meeting_followups SET done_at = ? WHERE id = ? AND structure_id = ? "
              "AND done_at IS NULL",
              {now, followup_id, s.structure_id}) != 1) {
    return Error::not_found();
  }
  tx.exec(
      "UPDATE todo_items SET done_at = ? WHERE kind = 'suite_rencontre' AND ref_id = ? AND "
      "done_at IS NULL",
      {now, followup_id});
  audit_.record(tx, audit_entry(s, "update", "partner_meeting_followup", followup_id, "partners"));
  tx.commit();
  return ok_status();
}

}  // namespace jalon::partners
