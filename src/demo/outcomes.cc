// See outcomes.h.
#include "demo/outcomes.h"

#include <algorithm>
#include <vector>

#include "core/dates.h"
#include "jobs/jobs.h"
#include "outcomes/rules.h"
#include "outcomes/service.h"
#include "store/row_reader.h"

namespace jalon::demo {
namespace {

struct Outcome {
  const char* situation;
  int months;  // 0: none
  const char* employer;
  const char* job;
};

// A believable spread for an ACI: about half in a job, a fifth in training or another SIAE.
constexpr Outcome kOutcomes[] = {
    {"cdi", 0, "Menuiserie Allard", "Menuisier / Menuisière"},
    {"cdd", 8, "Mairie de Voiron", "Agent / Agente d'entretien des espaces verts"},
    {"cdd", 3, "Carrefour Market Voiron", "Employé / Employée de libre-service"},
    {"interim", 2, "Adecco Voiron", "Préparateur / Préparatrice de commandes"},
    {"interim", 7, "Manpower Moirans", "Cariste"},
    {"autre_siae", 0, "Régie de quartier du Pays voironnais", "Agent / Agente de propreté"},
    {"formation_qualifiante", 0, "", ""},
    {"contrat_aide", 0, "EHPAD Les Tilleuls", "Agent / Agente de service hospitalier"},
    {"recherche_emploi", 0, "", ""},
    {"recherche_emploi", 0, "", ""},
    {"inactivite", 0, "", ""},
    {"cdi", 0, "Transports Perraud", "Conducteur / Conductrice de bus"},
    {"creation", 0, "", "Paysagiste"},
    {"cdd", 12, "Clinique des Chartreux", "Agent / Agente de service hospitalier"},
};
constexpr const char* kReasons[] = {"fin_parcours",     "embauche", "fin_parcours",
                                    "rupture_personne", "embauche", "abandon"};
constexpr const char* kLater[] = {
    "cdi",     "cdd", "recherche_emploi", "cdi",        "formation_qualifiante",
    "interim", "cdi", "inactivite",       "alternance", "cdd"};

// A period of one person, as the exit needs it.
struct Period {
  std::string id, entry, exit, scheme, commune, commune_name, referent, team, reentered;
};

int write_followups(store::Tx& tx, const Clock& clock, Random& rng, const std::string& structure_id,
                    const std::string& exit_id, const Period& pd, const Outcome& o, int n, bool fse,
                    Millis now, const std::string& today);

// The exit of a period and its follow-ups (answered, unreachable or still to do by their date;
// future ones as jobs). Returns the rows written.
int write_exit(store::Tx& tx, const Clock& clock, Random& rng, const std::string& structure_id,
               const std::string& kind, const Period& pd, int n, Millis now,
               const std::string& today) {
  using namespace jalon::outcomes;
  const std::string &id = pd.id, &entry = pd.entry, &exit = pd.exit, &scheme = pd.scheme,
                    &referent = pd.referent, &team = pd.team;
  const Outcome& o = kOutcomes[(n * 5) % std::size(kOutcomes)];
  std::optional<int> months = o.months ? std::optional<int>(o.months) : std::nullopt;
  int hours = 200 + (n * 37) % 900;
  std::string category(category_of(o.situation, months));
  bool ex = examined(kind, entry, exit, hours, false);
  // One person in three took part in an operation cofinanced by the FSE+ (ESF+ follow-ups).
  bool fse = n % 3 == 0 || scheme == "fse";
  auto e = dates::parse_iso_date(entry), x = dates::parse_iso_date(exit);
  std::string exit_id = new_id(rng);
  tx.exec(
      "INSERT INTO exits (id, structure_id, beneficiary_id, entry_on, exit_on, reason, situation,"
      " contract_months, hours_worked, employer, job_code, job_label, category, examined, fse,"
      " scheme, referent_id, team_id, commune_code, commune_name, days, reentered_on, created_at,"
      " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?)",
      {exit_id,
       structure_id,
       id,
       entry,
       exit,
       kReasons[n % std::size(kReasons)],
       o.situation,
       months ? store::Value(*months) : store::Value(),
       hours,
       o.employer,
       o.job,
       category,
       ex ? 1 : 0,
       fse ? 1 : 0,
       scheme,
       referent.empty() ? store::Value() : store::Value(referent),
       team.empty() ? store::Value() : store::Value(team),
       pd.commune,
       pd.commune_name,
       e.ok() && x.ok() ? x->days - e->days : 0,
       pd.reentered.empty() ? store::Value() : store::Value(pd.reentered),
       now,
       referent});
  if (pd.reentered.empty()) {
    tx.exec("UPDATE beneficiaries SET exit_reason = ?, exit_on = ? WHERE id = ?",
            {kReasons[n % std::size(kReasons)], exit, id});
  }
  return 1 + write_followups(tx, clock, rng, structure_id, exit_id, pd, o, n, fse, now, today);
}

// The follow-ups of an exit: answered, unreachable or still to do by their date (an earlier
// period's are all done); future ones as jobs.
int write_followups(store::Tx& tx, const Clock& clock, Random& rng, const std::string& structure_id,
                    const std::string& exit_id, const Period& pd, const Outcome& o, int n, bool fse,
                    Millis now, const std::string& today) {
  using namespace jalon::outcomes;
  const std::string &exit = pd.exit, &id = pd.id, &referent = pd.referent;
  int rows = 0;
  auto x4 = dates::parse_iso_date(exit);
  std::vector<std::pair<const char*, std::string>> moments = {{"m6", add_months(exit, 6)},
                                                              {"m24", add_months(exit, 24)}};
  if (fse) {
    moments.push_back({"fse_4s", dates::iso({x4.ok() ? x4->days + 28 : 0})});
    moments.push_back({"fse_m6", add_months(exit, 6)});
  }
  for (auto [moment, due] : moments) {
    std::string fid = new_id(rng);
    bool past = due <= today;
    int roll = (n * 7 + (moment[1] == '6' ? 0 : moment[0] == 'f' ? 5 : 3)) % 20;
    std::string status = !past                              ? "a_faire"
                         : roll < 3                         ? "injoignable"
                         : roll < 5 && pd.reentered.empty() ? "a_faire"
                                                            : "renseigne";
    const char* later = kLater[(n + roll) % std::size(kLater)];
    bool answered = status == "renseigne";
    tx.exec(
        "INSERT INTO exit_followups (id, exit_id, structure_id, beneficiary_id, moment, due_on,"
        " status, opened_at, situation, contract_months, in_target_job, employer, job_label,"
        " answered_on, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?)",
        {fid, exit_id, structure_id, id, moment, due, status,
         past ? store::Value(now) : store::Value(), answered ? store::Value(later) : store::Value(),
         answered && (std::string(later) == "cdd" || std::string(later) == "interim")
             ? store::Value(4 + roll % 9)
             : store::Value(),
         answered ? store::Value(roll % 3 != 0 ? 1 : 0) : store::Value(),
         answered ? o.employer : "", answered ? o.job : "",
         status == "a_faire" ? store::Value() : store::Value(due),
         status == "a_faire" ? store::Value() : store::Value(now),
         status == "a_faire" ? store::Value() : store::Value(referent)});
    ++rows;
    if (!past) {
      auto d = dates::parse_iso_date(due);
      jobs::schedule(tx, rng, clock,
                     {std::string(kFollowupJob), fid, "followup:" + fid,
                      d.ok() ? dates::day_start(*d) : now, structure_id, 5});
    }
  }
  return rows;
}

}  // namespace

int add_outcomes(store::Database& db, const Clock& clock, Random& rng,
                 const std::string& structure_id, Millis now) {
  auto tx = db.write();
  std::string today = dates::iso(dates::local_date(now));
  auto k = tx.query_one("SELECT kind FROM structures WHERE id = ?", {structure_id});
  std::string kind = k ? k->text(0) : "aci";
  int rows = 0, n = 0;
  const char* person_sql =
      "SELECT b.id, b.entry_date, COALESCE((SELECT MAX(c.ends_on) FROM contracts c"
      " WHERE c.beneficiary_id = b.id), b.exit_on, ''), b.scheme, COALESCE(b.commune_code, ''),"
      " COALESCE(b.commune_name, ''), COALESCE(u.id, ''), COALESCE(u.team_id, '')"
      " FROM beneficiaries b LEFT JOIN caseload_members cm ON cm.beneficiary_id = b.id AND"
      " cm.kind = 'referent' LEFT JOIN users u ON u.id = cm.user_id"
      " WHERE b.structure_id = ? AND b.status = ?"
      " AND NOT EXISTS (SELECT 1 FROM exits e WHERE e.beneficiary_id = b.id) ORDER BY b.id";
  auto read = [](const store::Row& row) {
    store::RowReader r(row);
    Period p;
    for (auto* f :
         {&p.id, &p.entry, &p.exit, &p.scheme, &p.commune, &p.commune_name, &p.referent, &p.team}) {
      *f = r.text();
    }
    return p;
  };
  for (const auto& row : tx.query(person_sql, {structure_id, std::string("sorti")})) {
    Period p = read(row);
    ++n;
    // The exit is the end of the person's last contract (the history ends them at the exit
    // it drew, over two years); without one, a date within the period, never after today.
    auto e0 = dates::parse_iso_date(p.entry);
    if (!e0.ok()) continue;
    if (p.exit.empty() || p.exit > today || p.exit < p.entry) {
      p.exit = std::min(today, dates::iso({e0->days + 260 + (n * 13) % 120}));
    }
    rows += write_exit(tx, clock, rng, structure_id, kind, p, n, now, today);
  }
  // Two people in three now accompanied came back: an earlier period ended 26 to 40 months
  // before their return, so its 6- and 24-month follow-ups are done (the 2-year rates).
  for (const auto& row : tx.query(person_sql, {structure_id, std::string("en_cours")})) {
    Period p = read(row);
    if (++n % 3 == 2) continue;
    auto back = dates::parse_iso_date(p.entry);
    if (!back.ok()) continue;
    p.reentered = p.entry;
    p.exit = dates::iso({back->days - 790 - (n * 17) % 420});
    auto x = dates::parse_iso_date(p.exit);
    p.entry = dates::iso({x->days - 240 - (n * 11) % 180});
    rows += write_exit(tx, clock, rng, structure_id, kind, p, n, now, today);
  }
  outcomes::refresh_profiles(tx, structure_id);
  tx.commit();
  return rows;
}

}  // namespace jalon::demo
