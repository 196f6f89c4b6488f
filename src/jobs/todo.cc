#include "jobs/todo.h"

#include <set>
#include <tuple>

#include "access/policy.h"
#include "core/dates.h"
#include "core/validation.h"
#include "meetings/referentials.h"
#include "pathways/referentials.h"
#include "store/row_reader.h"

namespace jalon::jobs {
namespace {

constexpr int kAheadDays = 30;        // contracts and proofs: warned 30 days ahead
constexpr int kAppointmentDays = 30;  // past appointments still to complete, looked back
constexpr Millis kDayMs = 86'400'000;

struct Wanted {
  std::string user_id, beneficiary_id, kind, ref_id, due_on, link;
};

// The référents (active users) of a person, joined as `cm`/`u`; optionally one of them.
std::string referents(const std::string& alias, bool one_user) {
  return " JOIN caseload_members cm ON cm.beneficiary_id = " + alias +
         ".beneficiary_id JOIN users u ON u.id = cm.user_id AND u.disabled_at IS NULL"
         " JOIN beneficiaries b ON b.id = " +
         alias + ".beneficiary_id AND b.status <> 'sorti'" +
         (one_user ? " AND cm.user_id = ?" : "");
}

void collect(store::Tx& tx, std::vector<Wanted>& out, const std::string& kind,
             const std::string& sql, const store::Params& params, const std::string& link_prefix,
             const std::string& link_suffix, bool link_to_person) {
  for (const auto& row : tx.query(sql, params)) {
    store::RowReader r(row);
    Wanted w;
    w.user_id = r.text();
    w.beneficiary_id = r.text();
    w.ref_id = r.text();
    w.due_on = r.text_or_empty();
    w.kind = kind;
    w.link = link_prefix + (link_to_person ? w.beneficiary_id : w.ref_id) + link_suffix;
    out.push_back(std::move(w));
  }
}

// Items about an object rather than a person (an employer, a partner organisation), owned by
// the user of `owner_column`: `sql` selects owner, item id, due date and the linked object's id;
// one user's only when user_id is given.
void collect_owned(store::Tx& tx, std::vector<Wanted>& out, const std::string& kind,
                   std::string sql, const std::string& owner_column, store::Params p,
                   const std::string& user_id, const std::string& link_prefix,
                   const std::string& link_suffix) {
  if (!user_id.empty()) {
    sql += " AND " + owner_column + " = ?";
    p.push_back(user_id);
  }
  for (const auto& row : tx.query(sql, p)) {
    store::RowReader r(row);
    Wanted w;
    w.user_id = r.text();
    w.ref_id = r.text();
    w.due_on = r.text();
    w.kind = kind;
    w.link = link_prefix + r.text() + link_suffix;
    out.push_back(std::move(w));
  }
}

// Next steps of prospecting actions (issue 17) due within 30 days and not yet followed by
// another action: the author's, about an employer rather than a person.
void collect_prospecting(store::Tx& tx, std::vector<Wanted>& out, const std::string& sid,
                         const std::string& user_id, const std::string& ahead) {
  collect_owned(
      tx, out, "prospection_a_relancer",
      "SELECT a.author_id, a.id, a.next_due_on, a.establishment_id FROM prospecting_actions a"
      " JOIN users u ON u.id = a.author_id AND u.disabled_at IS NULL WHERE a.structure_id = ?"
      " AND a.next_due_on IS NOT NULL AND a.next_due_on <= ? AND a.next_done_at IS NULL",
      "a.author_id", {sid, ahead}, user_id, "/employeurs/", "");
}

// Follow-ups of rencontres with partners (issue 19) due within 30 days and not done: their
// owner's, about an organisation of the directory.
void collect_partner_followups(store::Tx& tx, std::vector<Wanted>& out, const std::string& sid,
                               const std::string& user_id, const std::string& ahead) {
  collect_owned(
      tx, out, "suite_rencontre",
      "SELECT f.owner_id, f.id, f.due_on, m.organisation_id FROM partner_meeting_followups f"
      " JOIN partner_meetings m ON m.id = f.meeting_id JOIN users u ON u.id = f.owner_id AND"
      " u.disabled_at IS NULL WHERE f.structure_id = ? AND f.due_on IS NOT NULL AND"
      " f.due_on <= ? AND f.done_at IS NULL",
      "f.owner_id", {sid, ahead}, user_id, "/partenaires/", "#rencontres");
}

// Workshop sessions (issue 16) ended in the last 30 days, not cancelled, with a participant
// whose attendance is still "non déterminé": the facilitator's, about the session (no person).
void collect_workshop_sessions(store::Tx& tx, std::vector<Wanted>& out, const std::string& sid,
                               const std::string& user_id, Millis now, const std::string& zone) {
  store::Params p{sid, now, now - kAppointmentDays * kDayMs};
  std::string sql =
      "SELECT ws.facilitator_id, ws.id, ws.starts_at FROM workshop_sessions ws JOIN users u ON"
      " u.id = ws.facilitator_id AND u.disabled_at IS NULL WHERE ws.structure_id = ? AND"
      " ws.starts_at + ws.duration_min * 60000 < ? AND ws.starts_at >= ? AND ws.cancelled_at IS"
      " NULL AND EXISTS (SELECT 1 FROM workshop_participations p WHERE p.session_id = ws.id AND"
      " p.waiting = 0 AND p.status = 'non_determine')";
  if (!user_id.empty()) {
    sql += " AND ws.facilitator_id = ?";
    p.push_back(user_id);
  }
  for (const auto& row : tx.query(sql, p)) {
    Wanted w;
    w.user_id = row.text(0);
    w.ref_id = row.text(1);
    w.due_on = dates::iso(dates::local_date(row.i64(2), zone));
    w.kind = "seance_a_completer";
    w.link = "/seances-atelier/" + w.ref_id;
    out.push_back(std::move(w));
  }
}

std::vector<Wanted> wanted_items(store::Tx& tx, const Clock& clock, const std::string& sid,
                                 const std::string& user_id) {
  auto st =
      tx.query_one("SELECT time_zone, referral_answer_days FROM structures WHERE id = ?", {sid});
  if (!st) return {};
  Millis now = clock.now_ms();
  dates::Date today = dates::local_date(now, st->text(0));
  std::string ahead = dates::iso({today.days + kAheadDays});
  std::string today_iso = dates::iso(today);
  std::string answer_by = dates::iso({today.days - static_cast<int>(st->i64(1))});
  bool one = !user_id.empty();
  auto params = [&](store::Params p) {
    if (one) p.insert(p.begin(), user_id);
    return p;
  };
  std::vector<Wanted> out;
  // Appointments past their end whose outcome is not recorded, or attended without a report.
  collect(tx, out, "rdv_a_completer",
          "SELECT a.counselor_id, a.beneficiary_id, a.id, NULL FROM appointments a"
          " JOIN users u ON u.id = a.counselor_id AND u.disabled_at IS NULL"
          " JOIN beneficiaries b ON b.id = a.beneficiary_id AND b.status <> 'sorti'"
          " WHERE a.structure_id = ?" +
              std::string(one ? " AND a.counselor_id = ?" : "") +
              " AND a.starts_at + a.duration_min * 60000 < ? AND a.starts_at >= ?"
              " AND (a.status = ? OR (a.status = ? AND NOT EXISTS (SELECT 1 FROM"
              " interview_reports r WHERE r.appointment_id = a.id AND r.status = 'final')))",
          one ? store::Params{sid, user_id, now, now - kAppointmentDays * kDayMs,
                              meetings::kUndetermined, meetings::kAttended}
              : store::Params{sid, now, now - kAppointmentDays * kDayMs, meetings::kUndetermined,
                              meetings::kAttended},
          "/rendez-vous/", "", false);
  // Contracts in progress ending within 30 days (or past) with no later contract.
  collect(tx, out, "contrat_a_renouveler",
          "SELECT cm.user_id, c.beneficiary_id, c.id, c.ends_on FROM contracts c" +
              referents("c", one) +
              " WHERE c.structure_id = ? AND c.status = 'en_cours' AND c.ends_on <= ?"
              " AND NOT EXISTS (SELECT 1 FROM contracts n WHERE n.beneficiary_id ="
              " c.beneficiary_id AND n.starts_on > c.starts_on AND n.status IN"
              " ('en_preparation', 'en_cours'))",
          params({sid, ahead}), "/contrats/", "", false);
  // Proofs expired or expiring within 30 days, not replaced by a later one of the same kind.
  collect(tx, out, "justificatif_expire",
          "SELECT cm.user_id, d.beneficiary_id, d.id, d.expires_on FROM beneficiary_documents d" +
              referents("d", one) +
              " WHERE d.structure_id = ? AND d.deleted_at IS NULL AND d.expires_on <= ?"
              " AND NOT EXISTS (SELECT 1 FROM beneficiary_documents n WHERE n.beneficiary_id ="
              " d.beneficiary_id AND n.kind = d.kind AND n.deleted_at IS NULL AND"
              " (n.expires_on IS NULL OR n.expires_on > ?) AND n.uploaded_at > d.uploaded_at)",
          params({sid, ahead, ahead}), "/beneficiaires/", "/documents", true);
  // Open actions past their due date.
  collect(tx, out, "action_en_retard",
          "SELECT cm.user_id, x.beneficiary_id, x.id, x.due_on FROM pathway_actions x" +
              referents("x", one) + " WHERE x.structure_id = ? AND x.due_on < ? AND x.status IN (" +
              referential::sql_list(pathways::action_statuses(), pathways::kOpenStatus) + ")",
          params({sid, today_iso}), "/actions/", "/modifier", false);
  // Referrals without an answer after the structure's delay.
  collect(tx, out, "orientation_sans_reponse",
          "SELECT cm.user_id, f.beneficiary_id, f.id, f.sent_on FROM referrals f" +
              referents("f", one) +
              " WHERE f.structure_id = ? AND f.status = ? AND f.answered_on IS NULL"
              " AND f.sent_on <= ?",
          params({sid, pathways::kReferralPending, answer_by}), "/orientations/", "/modifier",
          false);
  collect_prospecting(tx, out, sid, user_id, ahead);
  collect_partner_followups(tx, out, sid, user_id, ahead);
  collect_workshop_sessions(tx, out, sid, user_id, now, st->text(0));
  // Exit follow-ups (issue 18) whose job opened them and not yet answered: the référent's,
  // the person having left the caseload list.
  collect(tx, out, "suivi_sortie",
          "SELECT cm.user_id, f.beneficiary_id, f.id, f.due_on FROM exit_followups f"
          " JOIN caseload_members cm ON cm.beneficiary_id = f.beneficiary_id AND cm.kind ="
          " 'referent' JOIN users u ON u.id = cm.user_id AND u.disabled_at IS NULL"
          " WHERE f.structure_id = ? AND f.status = 'a_faire' AND f.opened_at IS NOT NULL" +
              std::string(one ? " AND cm.user_id = ?" : ""),
          one ? store::Params{sid, user_id} : store::Params{sid}, "/suivis-sortie/", "", false);
  // A partner answered on their link (issue 19) and the counselor has not opened it yet.
  collect(tx, out, "reponse_partenaire",
          "SELECT cm.user_id, f.beneficiary_id, f.id, f.answered_on FROM referrals f" +
              referents("f", one) +
              " WHERE f.structure_id = ? AND f.answered_by = 'partenaire' AND"
              " f.answer_seen_at IS NULL",
          params({sid}), "/orientations/", "/modifier", false);
  // Files whose retention ends within 30 days (issue 23, SR 9): the référent's, exited or not.
  collect(tx, out, "conservation_echeance",
          "SELECT cm.user_id, n.beneficiary_id, n.beneficiary_id, n.purge_on FROM"
          " retention_notices n JOIN caseload_members cm ON cm.beneficiary_id = n.beneficiary_id"
          " AND cm.kind = 'referent' JOIN users u ON u.id = cm.user_id AND u.disabled_at IS NULL"
          " WHERE n.structure_id = ? AND NOT EXISTS (SELECT 1 FROM retention_holds h WHERE"
          " h.beneficiary_id = n.beneficiary_id)" +
              std::string(one ? " AND cm.user_id = ?" : ""),
          one ? store::Params{sid, user_id} : store::Params{sid}, "/beneficiaires/", "/donnees",
          true);
  return out;
}

}  // namespace

const referential::List& todo_kinds() {
  static const referential::List l = {
      {"rdv_a_completer", "Rendez-vous passé à compléter"},
      {"contrat_a_renouveler", "Contrat à renouveler"},
      {"justificatif_expire", "Justificatif expiré ou bientôt expiré"},
      {"action_en_retard", "Action en retard"},
      {"orientation_sans_reponse", "Orientation sans réponse"},
      {"prospection_a_relancer", "Prochaine étape de prospection"},
      {"suivi_sortie", "Suivi après la sortie à renseigner"},
      {"reponse_partenaire", "Réponse d'un partenaire à lire"},
      {"conservation_echeance", "Dossier bientôt supprimé (fin de la durée de conservation)"},
      {"suite_rencontre", "Suite d'une rencontre avec un partenaire"},
      {"seance_a_completer", "Séance d'atelier : présences à compléter"}};
  return l;
}

const referential::List& notification_modes() {
  static const referential::List l = {{"immediate", "Immédiatement, par e-mail"},
                                      {"digest", "Dans le récapitulatif quotidien"},
                                      {"never", "Jamais"}};
  return l;
}

RefreshCounts refresh_todo(store::Tx& tx, Random& rng, const Clock& clock,
                           const std::string& structure_id, const std::string& user_id) {
  RefreshCounts counts;
  Millis now = clock.now_ms();
  auto wanted = wanted_items(tx, clock, structure_id, user_id);
  std::set<std::tuple<std::string, std::string, std::string>> keys;
  for (const auto& w : wanted) {
    keys.insert({w.user_id, w.kind, w.ref_id});
    int64_t n = tx.exec(
        "INSERT INTO todo_items (id, structure_id, user_id, beneficiary_id, kind, ref_id, due_on,"
        " link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (user_id, kind, ref_id) DO NOTHING",
        {new_id(rng), structure_id, w.user_id,
         w.beneficiary_id.empty() ? store::Value() : store::Value(w.beneficiary_id), w.kind,
         w.ref_id, w.due_on.empty() ? store::Value() : store::Value(w.due_on), w.link, now});
    if (n == 1) {
      ++counts.created;
    } else {
      // The thing is back to do (a done item whose condition holds again): open it again.
      tx.exec(
          "UPDATE todo_items SET done_at = NULL, due_on = ? WHERE user_id = ? AND kind = ? AND"
          " ref_id = ? AND done_at IS NOT NULL AND dismissed_at IS NULL",
          {w.due_on.empty() ? store::Value() : store::Value(w.due_on), w.user_id, w.kind,
           w.ref_id});
    }
  }
  std::string sql =
      "SELECT id, user_id, kind, ref_id FROM todo_items WHERE structure_id = ? AND done_at IS NULL"
      " AND dismissed_at IS NULL";
  store::Params params{structure_id};
  if (!user_id.empty()) {
    sql += " AND user_id = ?";
    params.push_back(user_id);
  }
  for (const auto& row : tx.query(sql, params)) {
    if (keys.count({row.text(1), row.text(2), row.text(3)})) continue;
    tx.exec("UPDATE todo_items SET done_at = ? WHERE id = ?", {now, row.text(0)});
    ++counts.resolved;
  }
  return counts;
}

std::vector<TodoItem> open_items(store::Tx& tx, const access::Session& s, int limit) {
  std::vector<TodoItem> out;
  for (const auto& row : tx.query(
           "SELECT t.id, t.kind, COALESCE(t.beneficiary_id, ''), COALESCE(b.first_name || ' ' ||"
           " b.last_name, e.name || ' : ' || pa.next_step, ''), t.due_on, t.link, t.created_at"
           " FROM todo_items t"
           " LEFT JOIN beneficiaries b ON b.id = t.beneficiary_id AND b.structure_id ="
           " t.structure_id"
           " LEFT JOIN prospecting_actions pa ON t.beneficiary_id IS NULL AND pa.id = t.ref_id"
           " LEFT JOIN establishments e ON e.id = pa.establishment_id"
           " WHERE t.user_id = ? AND t.structure_id = ? AND t.done_at IS NULL AND"
           " t.dismissed_at IS NULL AND " +
               std::string(kInCaseload) +
               " ORDER BY CASE WHEN t.due_on IS NULL THEN 1 ELSE 0 END, t.due_on, t.created_at, "
               "t.id"
               " LIMIT ?",
           {s.user_id, s.structure_id, limit})) {
    store::RowReader r(row);
    TodoItem t;
    t.id = r.text();
    t.kind = r.text();
    t.kind_label = std::string(referential::label_of(todo_kinds(), t.kind));
    t.beneficiary_id = r.text();
    t.person = r.text();
    t.due_on = r.text_or_empty();
    t.link = r.text();
    t.created_at = r.i64();
    out.push_back(std::move(t));
  }
  return out;
}

int64_t count_open(store::Tx& tx, const access::Session& s) {
  auto r = tx.query_one(
      "SELECT COUNT(*) FROM todo_items t WHERE t.user_id = ? AND t.structure_id = ?"
      " AND t.done_at IS NULL AND t.dismissed_at IS NULL AND " +
          std::string(kInCaseload),
      {s.user_id, s.structure_id});
  return r ? r->i64(0) : 0;
}

bool dismiss(store::Tx& tx, const Clock& clock, const access::Session& s, const std::string& id) {
  return tx.exec(
             "UPDATE todo_items SET dismissed_at = ? WHERE id = ? AND user_id = ? AND"
             " structure_id = ? AND done_at IS NULL AND dismissed_at IS NULL",
             {clock.now_ms(), id, s.user_id, s.structure_id}) == 1;
}

Preferences preferences(store::Tx& tx, const std::string& user_id) {
  Preferences p;
  for (const auto& k : todo_kinds()) p.modes[std::string(k.code)] = std::string(kDefaultMode);
  for (const auto& row :
       tx.query("SELECT kind, mode FROM notification_prefs WHERE user_id = ?", {user_id})) {
    if (p.modes.count(row.text(0))) p.modes[row.text(0)] = row.text(1);
  }
  if (auto r = tx.query_one("SELECT digest_hour FROM notification_settings WHERE user_id = ?",
                            {user_id})) {
    p.digest_hour = static_cast<int>(r->i64(0));
  }
  return p;
}

Status save_preferences(store::Tx& tx, const std::string& user_id, const Preferences& p) {
  for (const auto& k : todo_kinds()) {
    auto it = p.modes.find(std::string(k.code));
    std::string mode = it == p.modes.end() ? std::string(kDefaultMode) : it->second;
    if (auto st = validation::one_of(mode, notification_modes(), "mode_" + std::string(k.code),
                                     "la façon d'être prévenu·e (" + std::string(k.label) + ")");
        !st) {
      return st;
    }
  }
  if (p.digest_hour < 0 || p.digest_hour > 23) {
    return Error::invalid("Heure du récapitulatif : un nombre entier de 0 à 23.", "digest_hour");
  }
  for (const auto& [kind, mode] : p.modes) {
    tx.exec(
        "INSERT INTO notification_prefs (user_id, kind, mode) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode",
        {user_id, kind, mode});
  }
  tx.exec(
      "INSERT INTO notification_settings (user_id, digest_hour) VALUES (?, ?)"
      " ON CONFLICT (user_id) DO UPDATE SET digest_hour = excluded.digest_hour",
      {user_id, p.digest_hour});
  return ok_status();
}

}  // namespace jalon::jobs
