// The follow-up job (kFollowupJob, scheduled at exit for each follow-up's due date): the
// follow-up opens and the structure's to-do items are refreshed, so the référent finds it on
// "À faire" (jobs/todo.cc lists open follow-ups not yet answered).
#include "jobs/todo.h"
#include "outcomes/service.h"
#include "outcomes/web.h"

namespace jalon::outcomes {

bool open_followup(store::Tx& tx, Random& rng, const Clock& clock, const std::string& id) {
  auto row = tx.query_one("SELECT structure_id FROM exit_followups WHERE id = ? AND status = ?",
                          {id, std::string(kToDo)});
  if (!row) return false;
  std::string sid = row->text(0);
  tx.exec("UPDATE exit_followups SET opened_at = ? WHERE id = ? AND opened_at IS NULL",
          {clock.now_ms(), id});
  jobs::refresh_todo(tx, rng, clock, sid);
  return true;
}

void register_jobs(jobs::Runner& runner, store::Database& db, const Clock& clock, Random& rng) {
  runner.add(std::string(kFollowupJob), [&db, &clock, &rng](const jobs::Context& c) {
    auto tx = db.write();
    bool opened = open_followup(tx, rng, clock, c.job.payload);
    tx.commit();
    return std::string(opened ? "ouvert" : "sans objet");
  });
}

}  // namespace jalon::outcomes
