#include "demo/privacy.h"

#include <filesystem>

#include "access/audit.h"
#include "access/keys.h"
#include "core/assets.h"
#include "core/dates.h"
#include "privacy/service.h"

namespace jalon::demo {

int add_privacy(store::Database& db, const Clock& clock, Random& rng, const std::string& data_dir,
                const std::string& structure_id) {
  access::Keys keys = access::Keys::load_or_create(data_dir);
  access::AuditLog audit(db, clock, keys);
  assets::AssetSource assets;
  privacy::PrivacyService privacy(db, audit, clock, rng, privacy::inventory(assets),
                                  (std::filesystem::path(data_dir) / "uploads").string());
  // A coordinator holds the file of the exited person whose clock is the oldest: a dispute with
  // an employer about an immersion is under way (a legal reason, dated).
  access::Session coord;
  std::string oldest;
  {
    auto tx = db.read();
    auto c = tx.query_one(
        "SELECT id, team_id FROM users WHERE structure_id = ? AND role ="
        " 'coordinator' ORDER BY email LIMIT 1",
        {structure_id});
    auto b = tx.query_one(
        "SELECT id FROM beneficiaries WHERE structure_id = ? AND status = 'sorti' ORDER BY"
        " COALESCE(last_contact_on, entry_date), id LIMIT 1",
        {structure_id});
    tx.commit();
    if (c) {
      coord.user_id = c->text(0);
      coord.structure_id = structure_id;
      coord.role = access::Role::kCoordinator;
    }
    if (b) oldest = b->text(0);
  }
  if (!coord.user_id.empty() && !oldest.empty()) {
    std::string until = dates::iso(dates::Date{dates::local_date(clock.now_ms()).days + 180});
    (void)privacy.set_hold(coord, oldest,
                           "Litige prud'homal en cours avec un employeur (conservation des "
                           "pièces jusqu'au jugement)",
                           until);
  }
  auto r = privacy.run_retention(structure_id, false, false);
  audit.flush();
  return r.notified;
}

}  // namespace jalon::demo
