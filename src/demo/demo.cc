#include "demo/demo.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <set>
#include <tuple>

#include "access/passwords.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/service.h"
#include "core/dates.h"
#include "core/text.h"
#include "eligibility/criteria.h"
#include "referentials/territory.h"

namespace jalon::demo {
namespace {

const char* kFirstF[] = {"Camille",  "Léa",      "Manon",  "Chloé",   "Inès",    "Sarah",
                         "Emma",     "Julie",    "Nadia",  "Fatou",   "Amina",   "Sophie",
                         "Aurélie",  "Céline",   "Laura",  "Mélanie", "Yasmine", "Aïcha",
                         "Sandrine", "Nathalie", "Élodie", "Karima"};
const char* kFirstM[] = {"Lucas",  "Hugo",   "Thomas",  "Nicolas", "Mehdi",   "Karim",
                         "Julien", "Kevin",  "Mamadou", "Yanis",   "Antoine", "Sébastien",
                         "David",  "Rachid", "Olivier", "Loïc",    "Moussa",  "Jérôme",
                         "Benoît", "Samir",  "Théo",    "Dylan"};
const char* kLast[] = {
    "Martin",   "Bernard", "Dubois",  "Thomas",   "Robert",   "Richard", "Petit",    "Durand",
    "Leroy",    "Moreau",  "Simon",   "Laurent",  "Lefebvre", "Michel",  "Garcia",   "David",
    "Bertrand", "Roux",    "Vincent", "Fournier", "Morel",    "Girard",  "André",    "Mercier",
    "Dupont",   "Lambert", "Bonnet",  "François", "Martinez", "Legrand", "Garnier",  "Faure",
    "Rousseau", "Blanc",   "Guerin",  "Muller",   "Henry",    "Roussel", "Nicolas",  "Perrin",
    "Morin",    "Mathieu", "Clément", "Gauthier", "Dumont",   "Lopez",   "Fontaine", "Chevalier",
    "Robin",    "Masson",  "Sanchez", "Diallo",   "Benali",   "Traoré",  "Nguyen",   "Haddad",
    "Boyer",    "Giraud",  "Rey",     "Brun",     "Gaillard", "Barbier"};
struct Commune {
  const char* code;
  const char* name;
  int weight;
};
const Commune kCommunes[] = {{"38563", "Voiron", 30},
                             {"38239", "Moirans", 10},
                             {"38565", "Voreppe", 10},
                             {"38133", "Coublevie", 6},
                             {"38337", "Rives", 8},
                             {"38517", "Tullins", 8},
                             {"38061", "La Buisse", 4},
                             {"38400", "Saint-Jean-de-Moirans", 4},
                             {"38332", "Renage", 4},
                             {"38559", "Vinay", 5},
                             {"38105", "Chirens", 3},
                             {"38013", "Apprieu", 3},
                             {"38383", "Saint-Étienne-de-Crossey", 3},
                             {"38331", "Réaumont", 2}};
// ROME appellation codes (OGR) of jobs commonly targeted in an ACI around Voiron.
const char* kAppellations[] = {"11573", "19364", "12693", "10320", "16080", "38500",
                               "14316", "15022", "20515", "17506", "12825", "10707"};

}  // namespace

Result<DemoResult> generate(store::Database& db, const Clock& clock, Random& rng, int count,
                            unsigned seed) {
  using beneficiaries::Situation;
  std::mt19937 gen(seed);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(gen); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(gen) < p; };
  DemoResult out;
  Millis now = clock.now_ms();
  int today = dates::local_date(now).days;
  auto iso = [](int days) { return dates::iso(dates::Date{days}); };

  auto tx = db.write();
  if (tx.query_one("SELECT 1 FROM users WHERE email = ?",
                   {"coordination@demo-voiron.jalon.test"})) {
    return Error::conflict("La structure de démonstration existe déjà dans ce stockage.");
  }
  out.structure_id = new_id(rng);
  tx.exec(
      "INSERT INTO structures (id, name, kind, siret, commune_code, created_at) VALUES (?, "
      "?, 'aci', ?, '38563', ?)",
      {out.structure_id, "ACI Les Jardins du Voironnais (démo)", "12345678900015", now});
  std::string team = new_id(rng);
  tx.exec("INSERT INTO teams (id, structure_id, name, created_at) VALUES (?, ?, ?, ?)",
          {team, out.structure_id, "Équipe Pays Voironnais", now});
  struct Person {
    const char* email;
    const char* name;
    const char* role;
    const char* label;
  };
  const Person staff[] = {
      {"admin@demo-voiron.jalon.test", "Direction Démo", "structure_admin", "Administrateur·rice"},
      {"coordination@demo-voiron.jalon.test", "Claire Coordination", "coordinator",
       "Coordinatrice"},
      {"conseiller1@demo-voiron.jalon.test", "Karim Conseil", "counselor", "Conseiller"},
      {"conseiller2@demo-voiron.jalon.test", "Élise Accompagne", "counselor", "Conseillère"},
      {"conseiller3@demo-voiron.jalon.test", "Paul Parcours", "counselor", "Conseiller"},
      {"conseiller4@demo-voiron.jalon.test", "Inès Insertion", "counselor", "Conseillère"}};
  std::vector<std::string> counselors;
  std::string coordinator;
  for (const auto& p : staff) {
    std::string id = new_id(rng);
    std::string password = new_token(rng, 15);  // 20 characters, random
    tx.exec(
        "INSERT INTO users (id, structure_id, team_id, email, display_name, role, "
        "password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {id, out.structure_id,
         std::string(p.role) == "structure_admin" ? store::Value() : store::Value(team), p.email,
         p.name, p.role, access::hash_password(password), now});
    out.accounts.push_back({p.email, p.label, password});
    if (std::string(p.role) == "counselor") counselors.push_back(id);
    if (std::string(p.role) == "coordinator") coordinator = id;
  }
  int weight_total = 0;
  for (const auto& c : kCommunes) weight_total += c.weight;
  const auto& sits = beneficiaries::situations();
  const auto& crit = eligibility::criteria();

  for (int i = 0; i < count; ++i) {
    bool woman = chance(0.48);
    std::string first =
        woman ? kFirstF[pick(std::size(kFirstF))] : kFirstM[pick(std::size(kFirstM))];
    std::string last = kLast[pick(std::size(kLast))];
    int age_days = (18 + pick(47)) * 365 + pick(365);
    std::string birth = iso(today - age_days);
    int w = pick(weight_total);
    const Commune* commune = &kCommunes[0];
    for (const auto& c : kCommunes) {
      if ((w -= c.weight) < 0) {
        commune = &c;
        break;
      }
    }
    int entry = today - 20 - pick(710);
    std::string status = today - entry > 540 && chance(0.6) ? "sorti"
                         : chance(0.05)                     ? "suspendu"
                                                            : "en_cours";
    std::string id = new_id(rng);
    std::string referent = counselors[i % counselors.size()];
    std::string key = beneficiaries::name_key(last, first);
    const char* prescribers[] = {
        "france_travail", "france_travail",       "mission_locale", "service_social_cd",
        "ccas",           "cap_emploi",           "plie",           "chrs",
        "spip",           "candidature_spontanee"};
    const char* contracts[] = {"siae", "siae", "siae", "cer", "ppae", "aucun"};
    std::string contract = contracts[pick(std::size(contracts))];
    std::optional<std::string> followup;
    if (status == "en_cours")
      followup = iso(today + (chance(0.15) ? -(1 + pick(40)) : 1 + pick(45)));
    tx.exec(
        "INSERT INTO beneficiaries (id, structure_id, civility, first_name, last_name, "
        "birth_date, birth_year, email, phone, commune_code, commune_name, prescriber_kind, "
        "entry_date, scheme, status, notice_version, notice_given_on, name_key, search_key, "
        "contract_kind, next_followup_on, created_at, created_by, updated_at) VALUES (?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'iae', ?, '2024-09', ?, ?, ?, ?, ?, ?, ?, ?)",
        {id,
         out.structure_id,
         woman ? "mme" : "m",
         first,
         last,
         birth,
         std::stoi(birth.substr(0, 4)),
         chance(0.7) ? store::Value(text::fold(first) + "." + text::fold(last) + std::to_string(i) +
                                    "@exemple.invalid")
                     : store::Value(),
         chance(0.85)
             ? store::Value("06 00 " + std::to_string(10 + pick(89)) + " " +
                            std::to_string(10 + pick(89)) + " " + std::to_string(10 + pick(89)))
             : store::Value(),
         commune->code,
         commune->name,
         prescribers[pick(std::size(prescribers))],
         iso(entry),
         status,
         iso(entry),
         key,
         text::fold(key + " " + commune->name),
         contract,
         followup,
         now - static_cast<Millis>(today - entry) * 86400000,
         coordinator,
         now - static_cast<Millis>(pick(60)) * 86400000});
    tx.exec(
        "INSERT INTO caseload_members (beneficiary_id, user_id, kind, since) VALUES (?, ?, "
        "'referent', ?)",
        {id, referent, now});
    if (chance(0.1)) {
      tx.exec(
          "INSERT INTO caseload_members (beneficiary_id, user_id, kind, since) VALUES (?, ?, "
          "'co_referent', ?)",
          {id, counselors[(i + 1) % counselors.size()], now});
    }
    out.rows += 2;
    // Situations: one at entry, sometimes an update later.
    const auto& edu = beneficiaries::education_levels();
    std::string level(edu[std::min<int>(pick(8), pick(10))].code);
    bool rsa = chance(0.35), ass = !rsa && chance(0.12), aah = chance(0.06);
    int n_sit = 1 + (chance(0.5) ? 1 : 0);
    for (int k = 0; k < n_sit; ++k) {
      int on = k == 0 ? entry : entry + (today - entry) / 2;
      nlohmann::json rights = nlohmann::json::array();
      if (rsa) rights.push_back({{"code", "rsa"}, {"since", iso(entry - 200 - pick(900))}});
      if (ass) rights.push_back({{"code", "ass"}, {"since", iso(entry - 100 - pick(400))}});
      if (aah) rights.push_back({{"code", "aah"}, {"since", iso(entry - 300 - pick(2000))}});
      if (k == 1 && chance(0.3)) rights.push_back({{"code", "prime_activite"}, {"since", iso(on)}});
      tx.exec(
          "INSERT INTO situation_records (id, beneficiary_id, recorded_on, recorded_at, "
          "recorded_by, education_level, work_situation, contract_kind, rights, licences, "
          "vehicle, languages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {new_id(rng), id, iso(on), now - static_cast<Millis>(today - on) * 86400000, referent,
           level, k == 0 ? "recherche_emploi" : "iae", contract, rights.dump(),
           chance(0.45) ? "b" : "", chance(0.35) ? 1 : 0,
           chance(0.2) ? "français (courant), arabe" : "français"});
      ++out.rows;
    }
    // Diagnoses: barriers evolve, some are lifted.
    std::vector<std::pair<int, int>> barriers;  // situation index, severity
    int n_bar = 1 + pick(6);
    for (int k = 0; k < n_bar; ++k)
      barriers.emplace_back(pick(static_cast<int>(sits.size())), 1 + pick(3));
    int n_diag = 1 + (today - entry > 180 ? 1 : 0) + (today - entry > 450 && chance(0.5) ? 1 : 0);
    for (int k = 0; k < n_diag; ++k) {
      int on = entry + k * (today - entry) / (n_diag + 1) + 3;
      std::string did = new_id(rng);
      tx.exec(
          "INSERT INTO diagnoses (id, beneficiary_id, made_on, summary, created_at, "
          "created_by) VALUES (?, ?, ?, ?, ?, ?)",
          {did, id, iso(on), k == 0 ? "Diagnostic d'entrée." : "Point d'étape.",
           now - static_cast<Millis>(today - on) * 86400000, referent});
      std::set<std::string> seen, themes_with;
      for (auto [idx, sev] : barriers) {
        const Situation& s = sits[idx];
        if (!seen.insert(std::string(s.code)).second) continue;
        tx.exec(
            "INSERT INTO diagnosis_items (diagnosis_id, theme, item, kind, severity) VALUES "
            "(?, ?, ?, 'barrier', ?)",
            {did, s.theme, s.code, sev});
        themes_with.insert(std::string(s.theme));
        ++out.rows;
      }
      if (chance(0.6)) {
        tx.exec(
            "INSERT INTO diagnosis_items (diagnosis_id, theme, item, kind, note) VALUES (?, "
            "'emploi', '', 'lever', ?)",
            {did, "Motivée, expérience en espaces verts et en entretien."});
      }
      for (const char* pro : {"choisir_un_metier", "trouver_un_emploi"}) {
        const char* st[] = {"point_appui", "besoin", "non_explore"};
        tx.exec(
            "INSERT INTO diagnosis_items (diagnosis_id, theme, item, kind, status) VALUES "
            "(?, ?, '', 'pro_status', ?)",
            {did, pro, st[pick(3)]});
      }
      out.rows += 4;
      if (k + 1 == n_diag) {
        std::string t = ",";
        for (const auto& th : themes_with) t += th + ",";
        tx.exec("UPDATE beneficiaries SET barrier_themes = ? WHERE id = ?",
                {t == "," ? std::string() : t, id});
      }
      // Between diagnoses some barriers are lifted and severities change.
      std::vector<std::pair<int, int>> next;
      for (auto [idx, sev] : barriers) {
        if (chance(0.35)) continue;
        next.emplace_back(idx, std::clamp(sev + (chance(0.5) ? -1 : 0), 1, 3));
      }
      if (chance(0.3)) next.emplace_back(pick(static_cast<int>(sits.size())), 1 + pick(3));
      barriers = next;
    }
    // Project and eligibility.
    std::string jobs = kAppellations[pick(std::size(kAppellations))];
    if (chance(0.4)) jobs += std::string(",") + kAppellations[pick(std::size(kAppellations))];
    tx.exec(
        "INSERT INTO project_records (id, beneficiary_id, recorded_at, recorded_by, "
        "appellations, mobility_km, transport, contracts, working_time, available_on) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {new_id(rng), id, now - static_cast<Millis>(today - entry - 10) * 86400000, referent, jobs,
         5 + pick(40), chance(0.5) ? "voiture" : "transports_commun", "cdi,cdd",
         chance(0.7) ? "temps_plein" : "temps_partiel", iso(entry + 30)});
    std::vector<std::string> codes;
    if (rsa) codes.push_back("RSA");
    if (ass) codes.push_back("ASS");
    if (aah) codes.push_back("AAH");
    for (int k = 0; k < 3; ++k) {
      const auto& c = crit[4 + pick(static_cast<int>(crit.size()) - 4)];
      if (std::find(codes.begin(), codes.end(), c.code) == codes.end()) codes.emplace_back(c.code);
    }
    auto verdict = eligibility::evaluate("aci", codes);
    int made = std::min(today - 5, entry - pick(20));
    auto until = eligibility::valid_until(eligibility::Author::kPrescriber, dates::Date{made});
    std::string eid = new_id(rng);
    tx.exec(
        "INSERT INTO eligibility_diagnoses (id, beneficiary_id, siae_kind, author_kind, "
        "made_on, valid_until, eligible, explanation, created_at, created_by) VALUES (?, ?, "
        "'aci', 'prescriber', ?, ?, ?, ?, ?, ?)",
        {eid, id, iso(made), dates::iso(until), verdict.eligible ? 1 : 0, verdict.explanation, now,
         referent});
    for (const auto& c : codes) {
      tx.exec(
          "INSERT INTO eligibility_criteria (eligibility_id, code, proof_status) VALUES (?, "
          "?, ?)",
          {eid, c, chance(0.7) ? "verifie" : "fourni"});
    }
    out.rows += 3 + static_cast<int64_t>(codes.size());
    ++out.beneficiaries;
  }
  tx.exec(
      "INSERT INTO caseload_generations (structure_id, generation) VALUES (?, 1) ON "
      "CONFLICT (structure_id) DO UPDATE SET generation = caseload_generations.generation + 1",
      {out.structure_id});
  tx.commit();
  // The structure's territories, when the communes are loaded (make run imports them first).
  referentials::TerritoryService territories(db, clock, rng);
  for (const auto& [name, kind, code] :
       {std::tuple{"Bassin d'emploi de Voiron", referentials::TerritoryKind::kEmploymentBasin,
                   "8413"},
        std::tuple{"CA du Pays Voironnais", referentials::TerritoryKind::kEpci, "243800984"}}) {
    auto t = territories.create(out.structure_id, {name, kind, code, {}});
    if (t.ok()) out.territories.push_back(name);
  }
  return out;
}

}  // namespace jalon::demo
