#include "demo/caseload_desk.h"

#include <vector>

#include "access/policy.h"
#include "beneficiaries/followup.h"

namespace jalon::demo {
namespace {

constexpr int kForgottenPerCounselor = 2;
constexpr Millis kDay = 24LL * 3600 * 1000;

// The two latest honoured appointments of the last ten days without a report, per counselor,
// back to "non déterminé": the counselor has not recorded how they went yet.
void forget_outcomes(store::Tx& tx, Millis now, const std::string& structure_id) {
  std::vector<std::string> counselors;
  for (const auto& r : tx.query("SELECT DISTINCT counselor_id FROM appointments WHERE "
                                "structure_id = ? ORDER BY counselor_id",
                                {structure_id})) {
    counselors.push_back(r.text(0));
  }
  for (const auto& c : counselors) {
    for (const auto& r : tx.query(
             "SELECT a.id FROM appointments a WHERE a.counselor_id = ? AND a.status = 'honore' "
             "AND a.starts_at >= ? AND a.starts_at < ? AND NOT EXISTS (SELECT 1 FROM "
             "interview_reports ir WHERE ir.appointment_id = a.id) ORDER BY a.starts_at DESC "
             "LIMIT ?",
             {c, now - 10 * kDay, now - kDay / 2, kForgottenPerCounselor})) {
      tx.exec(
          "UPDATE appointments SET status = 'non_determine', status_at = NULL, status_by = NULL "
          "WHERE id = ?",
          {r.text(0)});
    }
  }
}

}  // namespace

void write_caseload_desk(store::Database& db, Millis now, const std::string& structure_id) {
  auto tx = db.write();
  forget_outcomes(tx, now, structure_id);
  std::vector<std::string> people;
  for (const auto& r :
       tx.query("SELECT id FROM beneficiaries WHERE structure_id = ?", {structure_id})) {
    people.push_back(r.text(0));
  }
  for (const auto& id : people) beneficiaries::refresh_followup(tx, id, now);
  access::bump_caseload_generation(tx, structure_id);
  tx.commit();
}

}  // namespace jalon::demo
