#include "beneficiaries/followup.h"

#include "access/policy.h"
#include "core/dates.h"
#include "store/row_reader.h"

namespace jalon::beneficiaries {
namespace {

// The appointments' participation codes (meetings/referentials.h; not included: meetings depends
// on beneficiaries, not the reverse).
constexpr const char* kPlanned = "non_determine";
constexpr const char* kAttended = "honore";

std::string plus_days(const std::string& iso, int days) {
  auto d = dates::parse_iso_date(iso);
  return d.ok() ? dates::iso(dates::Date{d->days + days}) : std::string();
}

}  // namespace

Followup refresh_followup(store::Tx& tx, const std::string& beneficiary_id, Millis now) {
  auto row = tx.query_one(
      "SELECT b.structure_id, b.entry_date, COALESCE(b.last_contact_on, ''), "
      "COALESCE(b.next_followup_on, ''), s.time_zone, s.followup_interval_days FROM "
      "beneficiaries b JOIN structures s ON s.id = b.structure_id WHERE b.id = ?",
      {beneficiary_id});
  if (!row) return {};
  store::RowReader r(*row);
  std::string structure_id = r.text(), entry = r.text(), old_last = r.text(), old_next = r.text(),
              zone = r.text();
  int interval = r.i32();
  if (!dates::valid_zone(zone)) zone = std::string(dates::kDefaultZone);
  auto last = tx.query_one(
      "SELECT MAX(a.starts_at) FROM appointments a WHERE a.beneficiary_id = ? AND "
      "a.starts_at <= ? AND (a.status = ? OR EXISTS (SELECT 1 FROM interview_reports ir WHERE "
      "ir.appointment_id = a.id))",
      {beneficiary_id, now, std::string(kAttended)});
  auto next = tx.query_one(
      "SELECT MIN(a.starts_at) FROM appointments a WHERE a.beneficiary_id = ? AND "
      "a.starts_at > ? AND a.status = ?",
      {beneficiary_id, now, std::string(kPlanned)});
  Followup f;
  if (last && !last->is_null(0))
    f.last_contact_on = dates::iso(dates::local_date(last->i64(0), zone));
  if (next && !next->is_null(0)) {
    f.next_followup_on = dates::iso(dates::local_date(next->i64(0), zone));
  } else {
    f.next_followup_on = plus_days(f.last_contact_on.empty() ? entry : f.last_contact_on, interval);
  }
  if (f.last_contact_on != old_last || f.next_followup_on != old_next) {
    tx.exec("UPDATE beneficiaries SET last_contact_on = ?, next_followup_on = ? WHERE id = ?",
            {f.last_contact_on.empty() ? store::Value() : store::Value(f.last_contact_on),
             f.next_followup_on.empty() ? store::Value() : store::Value(f.next_followup_on),
             beneficiary_id});
    access::bump_caseload_generation(tx, structure_id);
  }
  return f;
}

int refresh_missing_followups(store::Database& db, Millis now) {
  auto tx = db.write();
  int n = 0;
  for (const auto& row : tx.query("SELECT id FROM beneficiaries WHERE next_followup_on IS NULL")) {
    refresh_followup(tx, row.text(0), now);
    ++n;
  }
  tx.commit();
  return n;
}

}  // namespace jalon::beneficiaries
