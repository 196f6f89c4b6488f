#include "demo/workshops.h"

#include <algorithm>

#include "core/dates.h"
#include "demo/history.h"
#include "workshops/service.h"

namespace jalon::demo {
namespace {

using workshops::Objective;
using workshops::Step;
using workshops::TemplateInput;

constexpr Millis kDay = 86'400'000;

std::vector<TemplateInput> catalogue() {
  auto make = [](std::string title, std::string theme, int minutes, int capacity,
                 std::vector<Objective> objectives, std::vector<Step> steps,
                 std::string materials) {
    TemplateInput t;
    t.title = std::move(title);
    t.themes = {std::move(theme)};
    t.audience = "Personnes accompagnées en recherche d'emploi";
    t.duration_min = minutes;
    t.capacity_min = 4;
    t.capacity_max = capacity;
    t.objectives = std::move(objectives);
    t.steps = std::move(steps);
    t.materials = std::move(materials);
    t.room_setup = "Tables en U, vidéoprojecteur";
    return t;
  };
  return {
      make("Réaliser son CV", "preparer-sa-candidature", 120, 8,
           {{"Rédiger un CV d'une page", "Présenter son parcours par écrit"},
            {"Adapter son CV à une offre", "Valoriser ses compétences"}},
           {{"Accueil et objectifs", 15},
            {"Exemples commentés", 25},
            {"Rédaction", 65},
            {"Conclusion et évaluation", 15}},
           "Ordinateurs, modèles de CV, offres d'emploi imprimées"),
      make("Réussir son entretien d'embauche", "trouver-un-emploi", 180, 6,
           {{"Se présenter en deux minutes", "Présenter son parcours à l'oral"},
            {"Répondre aux questions difficiles", "Argumenter sa candidature"},
            {"Poser ses questions au recruteur", "S'informer sur un poste"}},
           {{"Accueil", 10},
            {"Les étapes d'un entretien", 30},
            {"Simulations filmées", 110},
            {"Retours et évaluation", 30}},
           "Caméra, grille d'observation"),
      make("Se déplacer pour travailler", "mobilite", 120, 10,
           {{"Connaître les aides à la mobilité", "Mobiliser une aide"},
            {"Préparer un trajet domicile-travail", "Organiser ses déplacements"}},
           {{"Accueil", 10},
            {"Les aides du territoire", 40},
            {"Préparer son trajet", 55},
            {"Évaluation", 15}},
           "Plans du réseau de bus, simulateur d'itinéraire"),
      make("Premiers pas numériques", "numerique", 150, 8,
           {{"Créer et utiliser une adresse e-mail", "Utiliser une messagerie"},
            {"Accéder à son espace France Travail", "Accéder à un service en ligne"}},
           {{"Accueil", 10},
            {"Prise en main", 50},
            {"Messagerie", 40},
            {"Services en ligne", 40},
            {"Évaluation", 10}},
           "Ordinateurs portables, clés de connexion"),
      make("Confiance en soi", "remobilisation", 120, 12,
           {{"Identifier ses réussites", "Nommer ses points forts"}},
           {{"Accueil", 15}, {"Photolangage", 45}, {"Mes réussites", 45}, {"Évaluation", 15}},
           "Cartes photolangage"),
  };
}

// The people the facilitator follows (their scope), at most `n`.
std::vector<std::string> caseload_of(store::Database& db, const access::Session& c, int n) {
  auto tx = db.read();
  std::vector<std::string> out;
  for (const auto& r :
       tx.query("SELECT cm.beneficiary_id FROM caseload_members cm JOIN beneficiaries b ON b.id "
                "= cm.beneficiary_id WHERE cm.user_id = ? AND b.status = 'en_cours' ORDER BY "
                "b.last_name, b.id LIMIT ?",
                {c.user_id, n})) {
    out.push_back(r.text(0));
  }
  tx.commit();
  return out;
}

// A status for the i-th participant of a past session: mostly present, some excused or absent.
std::string past_status(int i) {
  if (i % 7 == 3) return "excuse";
  if (i % 5 == 4) return "absent";
  return "present";
}

// Answers of the i-th present participant of a past session, typed in from paper: most answer
// everything, some skip the end questionnaire (response rates under 100 %), and every pre/post
// pair improves by 0 to 2 points. `low` gives the workshop a weak satisfaction (its template
// shows "à retravailler").
std::vector<workshops::Questionnaire> answers(int i, std::size_t objectives, bool low) {
  using workshops::Questionnaire;
  Questionnaire pre{std::string(workshops::kPre), {}, ""},
      post{std::string(workshops::kPost), {}, ""},
      sat{std::string(workshops::kSatisfaction), {}, ""};
  for (std::size_t o = 0; o < objectives; ++o) {
    int item = static_cast<int>(o);
    int before = 1 + (i + item) % 3;
    pre.scores[item] = before;
    post.scores[item] = std::min(4, before + (i + 2 * item) % 3);
    sat.scores[item] = low ? 2 + (i + item) % 3 : 3 + (i + item + 1) % 3;
  }
  sat.scores[workshops::kOverallItem] = low ? 3 : 4 + i % 2;
  const char* comments[] = {"Très concret, merci.", "",
                            "J'aurais aimé plus de temps pour pratiquer.", "",
                            "Bon groupe, animation claire."};
  sat.comment = comments[i % 5];
  if (i % 4 == 3) return {pre};  // left before the end: excluded from the deltas
  return {pre, post, sat};
}

// Evaluations typed in from paper for the present people of a past session, and the
// facilitator's notes. Returns the rows written.
int evaluate(workshops::WorkshopService& service, const access::Session& c, const std::string& sid,
             const std::vector<std::pair<std::string, std::string>>& statuses,
             const TemplateInput& t, int n, bool low) {
  int writes = 0, j = n;
  for (const auto& [pid, status] : statuses) {
    if (status != "present") continue;
    auto r = service.record_answers(c, pid, answers(j++, t.objectives.size(), low));
    if (!r.ok() || !r->empty()) throw DemoError("évaluation " + t.title);
    ++writes;
  }
  if (!statuses.empty()) {
    auto st = service.save_notes(
        c, sid,
        n % 2 ? "Groupe participatif. Prévoir plus de temps pour la mise en pratique."
              : "Bonne dynamique ; deux personnes ont demandé un atelier de suite.");
    if (!st.ok()) throw DemoError("notes " + t.title);
  }
  return writes;
}

}  // namespace

int add_workshops(store::Database& db, FakeClock& clock, Random& rng, access::AuditLog& audit,
                  const std::vector<access::Session>& counselors, Millis now) {
  if (counselors.empty()) return 0;
  clock.set(now);
  workshops::WorkshopService service(db, clock, rng, audit);
  // Past sessions (days from now) with attendance, then upcoming ones.
  const int kPast[] = {-75, -40, -12}, kUpcoming[] = {6, 20};
  int writes = 0, k = 0;
  for (const auto& t : catalogue()) {
    const auto& c = counselors[k++ % counselors.size()];
    auto id = service.create_template(c, t);
    if (!id.ok()) throw DemoError("atelier " + t.title + " : " + id.error().message);
    ++writes;
    auto people = caseload_of(db, c, t.capacity_max + 2);
    int n = 0;
    for (int offset : kPast) {
      workshops::SessionInput in{dates::iso(dates::local_date(now + offset * kDay)),
                                 "09:30",
                                 t.duration_min,
                                 "sur_place",
                                 "Salle Belledonne, 12 rue du Lac, Voiron",
                                 t.capacity_max,
                                 c.user_id};
      auto sid = service.create_session(c, *id, in);
      if (!sid.ok()) throw DemoError("séance " + t.title + " : " + sid.error().message);
      std::vector<std::string> some(
          people.begin(), people.begin() + std::min<std::size_t>(people.size(), 6 + n % 3));
      if (!service.enrol(c, *sid, some, true).ok()) throw DemoError("inscriptions " + t.title);
      auto session = service.get_session(c, *sid);
      clock.set(session->ends_at());
      std::vector<std::pair<std::string, std::string>> statuses;
      int i = n;
      for (const auto& p : service.roster(c, *session).people) {
        // The most recent session of the first workshop is left to complete (the to-do).
        if (!(k == 1 && offset == -12) && !p.waiting) statuses.emplace_back(p.id, past_status(i++));
      }
      auto saved = service.set_attendance(c, *sid, statuses);
      if (!saved.ok() || !saved->empty()) throw DemoError("présences " + t.title);
      writes += evaluate(service, c, *sid, statuses, t, n,
                         t.title == "Confiance en soi" && offset == kPast[2]);
      clock.set(now);
      writes += 2 + static_cast<int>(some.size());
      ++n;
    }
    for (int offset : kUpcoming) {
      workshops::SessionInput in{dates::iso(dates::local_date(now + offset * kDay)),
                                 "14:00",
                                 t.duration_min,
                                 "sur_place",
                                 "Salle Chartreuse, 12 rue du Lac, Voiron",
                                 t.capacity_max,
                                 c.user_id};
      auto sid = service.create_session(c, *id, in);
      if (!sid.ok()) throw DemoError("séance " + t.title + " : " + sid.error().message);
      // The first upcoming session of the interview workshop is full, two people waiting.
      std::size_t count = (k == 2 && offset == kUpcoming[0]) ? people.size() : people.size() / 2;
      std::vector<std::string> some(people.begin(), people.begin() + count);
      if (!service.enrol(c, *sid, some, true).ok()) throw DemoError("inscriptions " + t.title);
      writes += 1 + static_cast<int>(some.size());
      // The mobility workshop's last session is cancelled (its people were told).
      if (t.title == "Se déplacer pour travailler" && offset == kUpcoming[1]) {
        if (!service.cancel_session(c, *sid).ok()) throw DemoError("annulation " + t.title);
      }
    }
  }
  return writes;
}

}  // namespace jalon::demo
