#include "demo/demo.h"

#include <filesystem>
#include <random>
#include <tuple>

#include "access/audit.h"
#include "access/keys.h"
#include "access/passwords.h"
#include "access/policy.h"
#include "beneficiaries/service.h"
#include "core/dates.h"
#include "core/text.h"
#include "demo/batch.h"
#include "demo/caseload_desk.h"
#include "demo/catalogue.h"
#include "demo/employers.h"
#include "demo/history.h"
#include "demo/jobs.h"
#include "demo/meetings_desk.h"
#include "demo/outcomes.h"
#include "demo/partners.h"
#include "demo/privacy.h"
#include "demo/record_life.h"
#include "demo/workshops.h"
#include "meetings/reports.h"
#include "meetings/service.h"
#include "pathways/documents.h"
#include "pathways/service.h"
#include "referentials/territory.h"

namespace jalon::demo {

namespace {

constexpr const char* kZone = "Europe/Paris";  // the structure's (the default)
constexpr int kAppointmentsToday = 4;          // per counselor
constexpr int kFullHistories = 600;            // then records only (bench stores of 50 000)

struct StaffMember {
  const char* email;
  const char* name;
  const char* role;
  const char* label;
};

const StaffMember kStaff[] = {
    {"admin@demo-voiron.jalon.test", "Direction Démo", "structure_admin", "Administrateur·rice"},
    {"coordination@demo-voiron.jalon.test", "Claire Coordination", "coordinator", "Coordinatrice"},
    {"conseiller1@demo-voiron.jalon.test", "Karim Conseil", "counselor", "Conseiller"},
    {"conseiller2@demo-voiron.jalon.test", "Élise Accompagne", "counselor", "Conseillère"},
    {"conseiller3@demo-voiron.jalon.test", "Paul Parcours", "counselor", "Conseiller"},
    {"conseiller4@demo-voiron.jalon.test", "Inès Insertion", "counselor", "Conseillère"},
    // A partner user of the mission locale (issue 19): its inbox of referrals, nothing else.
    {"partenaire@demo-voiron.jalon.test", "Sacha Mission locale", "partner",
     "Partenaire (mission locale)"},
    // Left the structure: her account is disabled and her people wait for a new référent.
    {"ancienne.conseillere@demo-voiron.jalon.test", "Lucie Départ", "counselor", ""}};

access::Session session_of(const std::string& user, access::Role role, const std::string& structure,
                           const std::string& team, const std::string& name) {
  access::Session s;
  s.user_id = user;
  s.structure_id = structure;
  s.team_id = team;
  s.role = role;
  s.display_name = name;
  s.public_id = "jalon-demo";  // the audit trail names the generator's writes
  s.mfa_verified = true;
  return s;
}

// The seeded draws: one generator for the whole demo, so a seed gives the same people.
class Draw {
 public:
  explicit Draw(std::mt19937& gen) : gen_(gen) {}
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(gen_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(gen_) < p; }

 private:
  std::mt19937& gen_;
};

// The structure's staff: the counselors who take people, and the one who left.
struct Staff {
  std::vector<access::Session> counselors;
  access::Session departed;
  bool communes_loaded = false;
};

// The structure, its team and its accounts (no service creates accounts with a known
// password); a conflict when the demo structure is already there.
Result<Staff> write_structure(Batch& batch, Random& rng, Millis now, DemoResult& out) {
  Staff staff;
  auto tx = batch.write();
  if (tx.query_one("SELECT 1 FROM users WHERE email = ?",
                   {"coordination@demo-voiron.jalon.test"})) {
    return Error::conflict("La structure de démonstration existe déjà dans ce stockage.");
  }
  staff.communes_loaded = tx.query_one("SELECT 1 FROM communes WHERE code = '38563'").has_value();
  out.structure_id = new_id(rng);
  tx.exec(
      "INSERT INTO structures (id, name, kind, siret, commune_code, created_at) VALUES (?, "
      "?, 'aci', ?, '38563', ?)",
      {out.structure_id, "ACI Les Jardins du Voironnais (démo)", "12345678900015", now});
  std::string team = new_id(rng);
  tx.exec("INSERT INTO teams (id, structure_id, name, created_at) VALUES (?, ?, ?, ?)",
          {team, out.structure_id, "Équipe Pays Voironnais", now});
  for (const auto& p : kStaff) {
    std::string id = new_id(rng);
    std::string role = p.role;
    std::string password = new_token(rng, 15);  // 20 characters, random
    // The coordinator oversees the whole structure, people without a référent included.
    bool in_team = role == "counselor";
    tx.exec(
        "INSERT INTO users (id, structure_id, team_id, email, display_name, role, "
        "password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {id, out.structure_id, in_team ? store::Value(team) : store::Value(), p.email, p.name, role,
         access::hash_password(password), now - 800 * 86'400'000LL});
    if (*p.label) out.accounts.push_back({p.email, p.label, password});
    if (role != "counselor") continue;
    auto s = session_of(id, access::Role::kCounselor, out.structure_id, team, p.name);
    if (*p.label) {
      staff.counselors.push_back(s);
    } else {
      staff.departed = s;
    }
  }
  tx.commit();
  return staff;
}

// Name, birth date, home commune and contact details of the i-th person.
void draw_identity(PersonSpec& p, Draw& d, int i, int today, bool communes_loaded) {
  bool woman = d.chance(0.48);
  p.civility = woman ? "mme" : "m";
  p.first_name = woman ? kWomenFirstNames[d.pick(static_cast<int>(kWomenFirstNames.size()))]
                       : kMenFirstNames[d.pick(static_cast<int>(kMenFirstNames.size()))];
  p.last_name = kSurnames[d.pick(static_cast<int>(kSurnames.size()))];
  // One draw per statement: the order of operands' evaluation is unspecified in C++, and a
  // seed must give the same people whatever the compiler.
  int years = 18 + d.pick(47);
  p.birth_date = dates::iso(dates::Date{today - years * 365 - d.pick(365)});
  if (i == 3 || i == 4) {
    // Two namesakes, told apart by their birth dates.
    p.civility = "mme";
    p.first_name = "Nadia";
    p.last_name = "Benali";
    p.birth_date = i == 3 ? "1984-06-12" : "1997-02-03";
  }
  int weight_total = 0;
  for (const auto& c : communes()) weight_total += c.weight;
  int w = d.pick(weight_total);
  const Commune* commune = &communes().front();
  for (const auto& c : communes()) {
    if ((w -= c.weight) < 0) {
      commune = &c;
      break;
    }
  }
  if (communes_loaded) {
    p.commune_code = commune->code;
    p.commune_name = commune->name;
  }
  if (d.chance(0.7)) {
    p.email = text::fold(p.first_name) + "." + text::fold(p.last_name) + std::to_string(i) +
              "@exemple.invalid";
    for (auto& ch : p.email) {
      if (ch == ' ') ch = '-';
    }
  }
  if (d.chance(0.85)) {
    std::string phone = "06 00";
    for (int k = 0; k < 3; ++k) phone += " " + std::to_string(10 + d.pick(89));
    p.phone = phone;
  }
}

// Prescriber, entry, status and exit of a person.
void draw_accompaniment(PersonSpec& p, Draw& d, int today) {
  const char* prescribers[] = {
      "france_travail", "france_travail",       "mission_locale", "service_social_cd",
      "ccas",           "cap_emploi",           "plie",           "chrs",
      "spip",           "candidature_spontanee"};
  p.prescriber = prescribers[d.pick(static_cast<int>(std::size(prescribers)))];
  // Entries over two years, a few of them this fortnight (their diagnosis is still ahead).
  p.entry = d.chance(0.06) ? today - d.pick(14) : today - 15 - d.pick(700);
  while (dates::weekday(dates::Date{p.entry}) >= 5) --p.entry;
  p.status = "en_cours";
  if (today - p.entry > 400 && d.chance(0.55)) {
    p.status = "sorti";
    p.exit = p.entry + 250 + d.pick(today - p.entry - 260);
    while (dates::weekday(dates::Date{p.exit}) >= 5) --p.exit;
  } else if (today - p.entry > 60 && d.chance(0.04)) {
    p.status = "suspendu";
  }
}

// What no service writes yet, for one person.
struct Written {
  std::string id, status, next_followup;
};

// The people of the caseload, written through the services.
class People {
 public:
  People(HistoryWriter& writer, Draw& draw, Staff& staff, int today)
      : writer_(writer),
        draw_(draw),
        staff_(staff),
        today_(today),
        today_count_(staff.counselors.size(), 0) {}

  // The i-th person: drawn, given a référent and written with their history.
  void write(int i, DemoResult& out) {
    PersonSpec p;
    draw_identity(p, draw_, i, today_, staff_.communes_loaded);
    draw_accompaniment(p, draw_, today_);
    size_t c = static_cast<size_t>(i) % staff_.counselors.size();
    bool orphan = i % 40 == 17;
    if (i < 2 * static_cast<int>(staff_.counselors.size())) {
      // The first two of each counselor: each CDDI ends within the month (see PersonSpec).
      p.showcase = true;
      p.status = "en_cours";
      int periods = draw_.pick(2);
      p.entry = today_ - (183 * periods + 160 + draw_.pick(15));
    }
    p.referent = orphan ? &staff_.departed : &staff_.counselors[c];
    p.nothing_planned = orphan;
    if (!orphan && p.status == "en_cours" && p.entry < today_ - 14 &&
        today_count_[c] < kAppointmentsToday) {
      p.appointment_today = true;
      ++today_count_[c];
    }
    p.full_history = i < kFullHistories;
    auto r = writer_.write(p);
    std::string next = r.next_followup_on;
    if (orphan && p.status == "en_cours") {
      next = dates::iso(dates::Date{today_ - 3 - draw_.pick(20)});
    }
    written.push_back({r.id, p.status, next});
    out.rows += r.writes;
    ++out.beneficiaries;
  }

  std::vector<Written> written;

 private:
  HistoryWriter& writer_;
  Draw& draw_;
  Staff& staff_;
  int today_;
  std::vector<int> today_count_;
};

// The accompaniment status (exits, suspensions) and the next follow-up date the caseload
// shows; the departed counselor's account and caseload.
void write_statuses(Batch& batch, const std::vector<Written>& written, const Staff& staff,
                    Millis now, const std::string& structure_id) {
  auto tx = batch.write();
  for (const auto& w : written) {
    tx.exec(
        "UPDATE beneficiaries SET status = ?, next_followup_on = ? WHERE id = ?",
        {w.status, w.next_followup.empty() ? store::Value() : store::Value(w.next_followup), w.id});
  }
  tx.exec("DELETE FROM caseload_members WHERE user_id = ?", {staff.departed.user_id});
  tx.exec("UPDATE users SET disabled_at = ? WHERE id = ?", {now, staff.departed.user_id});
  access::bump_caseload_generation(tx, structure_id);
  tx.commit();
}

// The structure's territories, when the communes are loaded (make run imports them first).
void write_territories(store::Database& db, const Clock& clock, Random& rng, DemoResult& out) {
  referentials::TerritoryService territories(db, clock, rng);
  for (const auto& [name, kind, code] :
       {std::tuple{"Bassin d'emploi de Voiron", referentials::TerritoryKind::kEmploymentBasin,
                   "8413"},
        std::tuple{"CA du Pays Voironnais", referentials::TerritoryKind::kEpci, "243800984"}}) {
    auto t = territories.create(out.structure_id, {name, kind, code, {}});
    if (t.ok()) out.territories.push_back(name);
  }
}

}  // namespace

Result<DemoResult> generate(store::Database& db, const Clock& clock, Random& rng,
                            const std::string& data_dir, int count, unsigned seed) {
  std::mt19937 gen(seed);
  Draw draw(gen);
  DemoResult out;
  Millis now = clock.now_ms();
  int today = dates::local_date(now, kZone).days;

  // Everything below is one transaction (see batch.h): all or nothing, one commit.
  Batch batch(db);
  auto staff = write_structure(batch, rng, now, out);
  if (!staff) return staff.error();

  // The services, on a clock the history moves; the audit keeps the real time of each write.
  // No flusher thread: the batch has one connection, used by this thread only.
  FakeClock history_clock(now);
  access::Keys keys = access::Keys::load_or_create(data_dir);
  // The structure's own audit key: `jalon audit verify` checks the demo's records too.
  access::AuditLog audit(batch, clock, keys);
  beneficiaries::BeneficiaryService people(batch, history_clock, rng, keys, audit);
  meetings::MeetingService meetings(batch, history_clock, rng, audit);
  meetings::ReportService reports(batch, history_clock, rng, audit, meetings, people);
  pathways::PathwayService pathways(batch, history_clock, rng, audit, meetings);
  pathways::DocumentService documents(batch, history_clock, rng, audit,
                                      (std::filesystem::path(data_dir) / "uploads").string());
  HistoryWriter writer({people, meetings, reports, pathways, documents, history_clock}, gen, now,
                       kZone);
  People caseload(writer, draw, *staff, today);
  try {
    for (int i = 0; i < count; ++i) {
      caseload.write(i, out);
      if (db.engine() == store::Engine::kPostgres) batch.checkpoint();
    }
  } catch (const DemoError& e) {
    return Error::internal(std::string("démonstration interrompue") +
                           (db.engine() == store::Engine::kSqlite
                                ? ", rien n'a été enregistré : "
                                : " (les personnes déjà créées restent) : ") +
                           e.what());
  }
  write_statuses(batch, caseload.written, *staff, now, out.structure_id);
  try {
    write_record_life(people, history_clock, now, staff->counselors);
  } catch (const DemoError& e) {
    return Error::internal(std::string("démonstration interrompue : ") + e.what());
  }
  out.rows += add_meetings_desk(batch, meetings, reports, out.structure_id, now);
  try {
    out.rows += add_workshops(batch, history_clock, rng, audit, staff->counselors, now);
  } catch (const DemoError& e) {
    return Error::internal(std::string("démonstration interrompue : ") + e.what());
  }
  write_caseload_desk(batch, now, out.structure_id);
  out.rows += add_outcomes(batch, history_clock, rng, out.structure_id, now);
  audit.flush();
  batch.commit();
  write_territories(db, clock, rng, out);
  add_partners(db, clock, rng, data_dir, out.structure_id);
  add_privacy(db, clock, rng, data_dir, out.structure_id);
  add_jobs(db, clock, rng, data_dir, out.structure_id);
  add_employers(db, clock, rng, data_dir, out.structure_id);
  return out;
}

}  // namespace jalon::demo
