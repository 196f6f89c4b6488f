#include "demo/meetings_desk.h"

#include <string>
#include <vector>

#include "core/dates.h"
#include "store/row_reader.h"

namespace jalon::demo {
namespace {

constexpr int kOverlaps = 3;        // double bookings in the coming days
constexpr int kLinkedReports = 60;  // finalised reports tied to objectives and actions
constexpr const char* kZone = "Europe/Paris";

// The session of an enabled counselor (their own caseload scope).
access::Session counselor(store::Tx& tx, const std::string& user_id,
                          const std::string& structure_id) {
  access::Session s;
  s.user_id = user_id;
  s.structure_id = structure_id;
  s.role = access::Role::kCounselor;
  auto u = tx.query_one("SELECT COALESCE(team_id, '') FROM users WHERE id = ?", {user_id});
  if (u) s.team_id = u->text(0);
  s.public_id = "jalon-demo";
  s.mfa_verified = true;
  return s;
}

// For a few upcoming appointments, a short phone call with another person of the same
// counselor, booked a quarter of an hour into it and confirmed.
int add_overlaps(store::Database& db, meetings::MeetingService& meetings,
                 const std::string& structure_id, Millis now) {
  struct Slot {
    std::string counselor, person, other;
    Millis starts_at;
  };
  std::vector<Slot> slots;
  {
    auto tx = db.read();
    for (const auto& row : tx.query(
             // Ordered by names, never by the random ids: the same seed gives the same demo.
             "SELECT a.counselor_id, a.beneficiary_id, a.starts_at, (SELECT b2.id FROM "
             "caseload_members cm JOIN beneficiaries b2 ON b2.id = cm.beneficiary_id WHERE "
             "cm.user_id = a.counselor_id AND cm.beneficiary_id <> a.beneficiary_id ORDER BY "
             "b2.last_name, b2.first_name, b2.birth_date LIMIT 1) FROM appointments a JOIN users u "
             "ON u.id = a.counselor_id JOIN beneficiaries b ON b.id = a.beneficiary_id WHERE "
             "a.structure_id = ? AND a.starts_at > ? AND a.status = 'non_determine' AND "
             "u.role = 'counselor' AND u.disabled_at IS NULL ORDER BY a.starts_at, u.email, "
             "b.last_name, b.first_name LIMIT 12",
             {structure_id, now})) {
      store::RowReader r(row);
      Slot s;
      s.counselor = r.text();
      s.person = r.text();
      s.starts_at = r.i64();
      s.other = r.text_or_empty();
      bool taken = false;
      for (const auto& x : slots) taken = taken || x.counselor == s.counselor;
      if (!s.other.empty() && !taken) slots.push_back(s);
      if (static_cast<int>(slots.size()) == kOverlaps) break;
    }
    tx.commit();
  }
  int written = 0;
  for (const auto& slot : slots) {
    access::Session s;
    {
      auto tx = db.read();
      s = counselor(tx, slot.counselor, structure_id);
      tx.commit();
    }
    meetings::AppointmentInput in;
    Millis at = slot.starts_at + 15 * 60'000;
    in.date = dates::iso(dates::local_date(at, kZone));
    in.time = dates::local_hhmm(at, kZone);
    in.duration_min = 20;
    in.kind = "suivi";
    in.mode = "telephone";
    in.counselor_id = slot.counselor;
    in.confirm_overlap = true;
    if (meetings.schedule(s, slot.other, in).ok()) ++written;
  }
  return written;
}

// Finalised reports of people with objectives: each tied to the person's first objective and
// that objective's first action, as the counselor would tick them.
int link_reports(store::Database& db, meetings::ReportService& reports,
                 const std::string& structure_id) {
  struct Link {
    std::string report, author, objective, action;
  };
  std::vector<Link> links;
  {
    auto tx = db.read();
    for (const auto& row : tx.query(
             "SELECT r.id, r.created_by, (SELECT MIN(o.id) FROM pathway_objectives o WHERE "
             "o.beneficiary_id = r.beneficiary_id) FROM interview_reports r JOIN users u ON u.id = "
             "r.created_by WHERE r.structure_id = ? AND r.status = 'final' AND u.role = "
             "'counselor' ORDER BY r.created_at DESC, r.id LIMIT ?",
             {structure_id, kLinkedReports})) {
      store::RowReader r(row);
      Link l;
      l.report = r.text();
      l.author = r.text();
      l.objective = r.text_or_empty();
      if (l.objective.empty()) continue;
      auto a =
          tx.query_one("SELECT MIN(id) FROM pathway_actions WHERE objective_id = ?", {l.objective});
      if (a && !a->is_null(0)) l.action = a->text(0);
      links.push_back(l);
    }
    tx.commit();
  }
  int written = 0;
  for (const auto& l : links) {
    access::Session s;
    {
      auto tx = db.read();
      s = counselor(tx, l.author, structure_id);
      tx.commit();
    }
    std::vector<meetings::LinkedItem> items{{"objective", l.objective}};
    if (!l.action.empty()) items.push_back({"action", l.action});
    if (reports.set_items(s, l.report, items).ok()) ++written;
  }
  return written;
}

}  // namespace

int add_meetings_desk(store::Database& db, meetings::MeetingService& meetings,
                      meetings::ReportService& reports, const std::string& structure_id,
                      Millis now) {
  return add_overlaps(db, meetings, structure_id, now) + link_reports(db, reports, structure_id);
}

}  // namespace jalon::demo
