#include "demo/history.h"

#include "demo/history_plan.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <vector>

#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "demo/catalogue.h"
#include "demo/documents.h"
#include "eligibility/criteria.h"
#include "meetings/referentials.h"

namespace jalon::demo {

using detail::iso;
using detail::must;

namespace {

constexpr const char* kHours[] = {"09:00", "10:00", "11:00", "14:00", "15:00", "16:00"};
constexpr int kHourCount = 6;

}  // namespace

HistoryWriter::HistoryWriter(Services svc, std::mt19937& gen, Millis now, std::string zone)
    : svc_(svc),
      gen_(gen),
      now_(now),
      today_(dates::local_date(now, zone).days),
      zone_(std::move(zone)) {}

Millis HistoryWriter::at(int day, const char* hhmm) const {
  auto t = dates::from_local(dates::Date{day}, hhmm, zone_);
  return t.ok() ? *t : dates::day_start(dates::Date{day}, zone_) + 9 * 3'600'000;
}

std::pair<int, const char*> HistoryWriter::slot(const std::string& counselor, int day,
                                                int direction) {
  int first = static_cast<int>(gen_() % kHourCount);
  for (int tries = 0; tries < 90; ++tries, day += direction) {
    // Today is a working day in the demo, whatever the calendar says.
    if (day != today_ && dates::weekday(dates::Date{day}) >= 5) continue;
    unsigned& taken = busy_[counselor][day];
    for (int k = 0; k < kHourCount; ++k) {
      int h = (first + k) % kHourCount;
      if (!(taken & (1u << h))) {
        taken |= 1u << h;
        return {day, kHours[h]};
      }
    }
  }
  return {day, kHours[first]};
}

PersonResult HistoryWriter::write(const PersonSpec& spec) {
  Plan p{spec, *spec.referent};
  std::uniform_real_distribution<double> u(0, 1);
  p.end = spec.status == "sorti" ? spec.exit : today_;
  const auto& families = job_families();
  p.licence = u(gen_) < 0.45;
  p.vehicle = p.licence && u(gen_) < 0.6;
  do {
    p.family = &families[gen_() % families.size()];
  } while (p.family->needs_licence && !p.licence);
  p.rsa = u(gen_) < 0.4;
  auto birth = dates::parse_iso_date(spec.birth_date);
  p.young = birth.ok() && today_ - birth->days < 26 * 365;
  // One to three barriers, never two answers to the same situation; no mobility barrier for
  // someone who drives.
  int n_needs = 1 + static_cast<int>(gen_() % 3);
  std::set<std::string> themes;
  for (int tries = 0; static_cast<int>(p.needs.size()) < n_needs && tries < 20; ++tries) {
    const Need& n = needs()[gen_() % needs().size()];
    if (p.licence && std::string(n.theme) == "mobilite") continue;
    if (!themes.insert(n.theme).second) continue;
    p.needs.push_back(&n);
  }
  p.pro = &professional_steps()[gen_() % professional_steps().size()];
  const char* unemployed[] = {"em_plus_1a", "em_plus_2a", "em_plus_6m", "em_jamais"};
  p.employment_barrier = p.young ? "em_jamais" : unemployed[gen_() % 3];
  int diag = spec.entry + 7 + static_cast<int>(gen_() % 5);
  while (dates::weekday(dates::Date{diag}) >= 5) ++diag;
  p.diag_day = diag <= p.end && diag < today_ ? diag : 0;

  plan_record(p);
  plan_contracts(p);
  if (spec.full_history) {
    plan_appointments(p);
    plan_pathway(p);
    plan_documents(p);
  } else {
    plan_appointment(p, spec.entry, "accueil", false);
  }

  std::stable_sort(p.steps.begin(), p.steps.end(), [](const auto& a, const auto& b) {
    return a.at != b.at ? a.at < b.at : a.seq < b.seq;
  });
  for (auto& st : p.steps) {
    if (st.at > now_) continue;  // not happened yet
    svc_.clock.set(st.at);
    st.run();
    ++p.writes;
  }
  svc_.clock.set(now_);
  return {p.id, p.next_appointment, p.writes};
}

// Identity, situation, eligibility on entry; diagnosis and project at the diagnostic interview.
void HistoryWriter::plan_record(Plan& p) {
  int e = p.spec.entry;
  p.add(at(e, "08:30"), [this, &p] {
    const PersonSpec& x = p.spec;
    beneficiaries::NewBeneficiary in{x.civility,   x.first_name, x.last_name,    x.birth_date,
                                     x.email,      x.phone,      x.commune_code, x.commune_name,
                                     x.prescriber, "",           iso(x.entry),   "iae",
                                     p.s.user_id,  "2024-09"};
    auto created = must(svc_.people.create(p.s, in), "dossier de " + x.first_name);
    if (created.id.empty()) throw DemoError("homonyme inattendu : " + x.last_name);
    p.id = created.id;
  });
  plan_situations(p);
  plan_eligibility(p);
  if (!p.diag_day) return;
  plan_diagnosis(p);
  plan_project(p);
}

void HistoryWriter::plan_situations(Plan& p) {
  std::uniform_real_distribution<double> u(0, 1);
  int e = p.spec.entry;
  // Situation on entry, and again half-way for those accompanied long enough.
  const auto& edu = beneficiaries::education_levels();
  int low = static_cast<int>(gen_() % 8);  // one draw per statement: a seed, the same people
  std::string level(edu[std::min<int>(low, static_cast<int>(gen_() % 10))].code);
  std::vector<beneficiaries::Right> rights;
  if (p.rsa) rights.push_back({"rsa", iso(e - 200 - static_cast<int>(gen_() % 900))});
  if (!p.rsa && u(gen_) < 0.15)
    rights.push_back({"ass", iso(e - 100 - static_cast<int>(gen_() % 400))});
  if (u(gen_) < 0.06) rights.push_back({"aah", iso(e - 300 - static_cast<int>(gen_() % 2000))});
  std::string languages = u(gen_) < 0.2 ? "français (courant), arabe" : "français";
  for (int k = 0; k < (p.end - e > 200 ? 2 : 1); ++k) {
    int on = k == 0 ? e : e + (p.end - e) / 2;
    beneficiaries::SituationRecord r;
    r.education_level = level;
    r.work_situation = k == 0 ? "recherche_emploi" : "iae";
    r.contract_kind = k == 0 ? "aucun" : "siae";
    r.rights = rights;
    if (k == 1 && u(gen_) < 0.3) r.rights.push_back({"prime_activite", iso(on - 20)});
    if (p.licence) r.licences = {"b"};
    r.vehicle = p.vehicle;
    r.languages = languages;
    p.add(at(on, "17:30"),
          [this, &p, r] { must(svc_.people.record_situation(p.s, p.id, r), "situation"); });
  }
}

void HistoryWriter::plan_eligibility(Plan& p) {
  std::uniform_real_distribution<double> u(0, 1);
  int e = p.spec.entry;
  // The prescriber's IAE eligibility diagnosis, made just before entry.
  std::vector<std::pair<std::string, std::string>> criteria;
  if (p.rsa) criteria.push_back({"RSA", "verifie"});
  const auto& crit = eligibility::criteria();
  for (int k = 0; k < 2; ++k) {
    std::string code(crit[4 + gen_() % (crit.size() - 4)].code);
    if (std::none_of(criteria.begin(), criteria.end(),
                     [&](const auto& c) { return c.first == code; }))
      criteria.push_back({code, u(gen_) < 0.7 ? "verifie" : "fourni"});
  }
  std::string made = iso(e - static_cast<int>(gen_() % 20));
  p.add(at(e, "17:35"), [this, &p, criteria, made] {
    must(svc_.people.record_eligibility(p.s, p.id, "aci", "prescriber", made, criteria),
         "éligibilité");
  });
}

void HistoryWriter::plan_diagnosis(Plan& p) {
  std::uniform_real_distribution<double> u(0, 1);
  // The diagnosis: the barriers of the needs, the time out of work, the experience as a lever.
  std::vector<beneficiaries::DiagnosisItem> items;
  for (const Need* n : p.needs) {
    items.push_back({n->theme, n->situation, "barrier", 1 + static_cast<int>(gen_() % 3), "", ""});
  }
  items.push_back(
      {"emploi", p.employment_barrier, "barrier", 1 + static_cast<int>(gen_() % 2), "", ""});
  items.push_back({"emploi", "", "lever", 0, "", p.family->experience});
  if (p.vehicle)
    items.push_back({"mobilite", "", "lever", 0, "", "Permis B et voiture personnelle."});
  const char* pro_status[] = {"point_appui", "besoin", "non_explore"};
  items.push_back(
      {"choisir_un_metier", "", "pro_status", 0, u(gen_) < 0.6 ? "point_appui" : "besoin", ""});
  items.push_back({"trouver_un_emploi", "", "pro_status", 0, pro_status[gen_() % 3], ""});
  std::string summary = "Diagnostic d'entrée. " + std::string(p.family->experience);
  p.add(at(p.diag_day, "17:30"), [this, &p, items, summary] {
    must(svc_.people.record_diagnosis(p.s, p.id, iso(p.diag_day), summary, items), "diagnostic");
  });
}

void HistoryWriter::plan_project(Plan& p) {
  std::uniform_real_distribution<double> u(0, 1);
  const PersonSpec& sp = p.spec;
  // Target jobs follow from the experience: the family's first jobs, sometimes a third.
  beneficiaries::Project project;
  const auto& jobs = p.family->appellations;
  project.appellations = {jobs[0]};
  if (jobs.size() > 1 && u(gen_) < 0.7) project.appellations.push_back(jobs[1]);
  if (jobs.size() > 2 && u(gen_) < 0.3) project.appellations.push_back(jobs[2]);
  project.mobility_km =
      p.vehicle ? 20 + static_cast<int>(gen_() % 21) : 5 + static_cast<int>(gen_() % 11);
  project.transport = p.vehicle ? std::vector<std::string>{"voiture"}
                                : std::vector<std::string>{"transports_commun", "velo"};
  project.contracts = {"cdd", "cdi"};
  if (u(gen_) < 0.3) project.contracts.push_back("interim");
  project.working_time = u(gen_) < 0.7 ? "temps_plein" : "temps_partiel";
  project.available_on = iso(sp.entry + 183);
  p.add(at(p.diag_day, "17:45"),
        [this, &p, project] { must(svc_.people.record_project(p.s, p.id, project), "projet"); });
}

// A chain of contracts: each runs `days`, renewed while the accompaniment lasts, closed on its
// end date or, at exit, broken off early or ended.
void HistoryWriter::plan_contracts(Plan& p) {
  std::uniform_real_distribution<double> u(0, 1);
  auto chain = [&](const char* kind, const char* detail, int first, int days, bool keep_id,
                   int max_count) {
    int start = first;
    for (int n = 0; n < max_count && start <= p.end && start <= today_; ++n) {
      int finish = start + days;
      bool covers_end = finish >= p.end || n + 1 == max_count;
      pathways::ContractInput in{kind, detail, "en_cours", iso(start), iso(start), iso(finish)};
      auto id = std::make_shared<std::string>();
      p.add(at(start, "08:45"), [this, &p, in, id, keep_id] {
        *id = must(svc_.pathways.add_contract(p.s, p.id, in), "contrat");
        if (keep_id) p.cddi = *id;
      });
      pathways::ContractInput closed = in;
      if (!covers_end) {
        closed.status = "termine";
        p.add(at(finish, "17:00"), [this, &p, closed, id] {
          must(svc_.pathways.update_contract(p.s, *id, closed), "fin de contrat");
        });
      } else if (p.spec.status == "sorti" || finish < today_) {
        int stop = std::min(finish, p.end);
        closed.status = stop < finish - 10 ? "rompu" : "termine";
        closed.ends_on = iso(std::max(stop, start + 1));
        p.add(at(std::max(stop, start + 1), "17:05"), [this, &p, closed, id] {
          must(svc_.pathways.update_contract(p.s, *id, closed), "clôture de contrat");
        });
      }
      start = finish + 1;
    }
  };
  // The CDDI of the ACI, six months at a time (24 months at most).
  chain("siae", "", p.spec.entry, 182, true, 4);
  if (!p.spec.full_history) return;
  // The person's other contract, from their prescriber or their rights.
  int other = p.spec.entry + 10 + static_cast<int>(gen_() % 20);
  if (p.rsa) {
    chain("cer", "", other, 365, false, 3);
  } else if (p.young) {
    chain(p.spec.prescriber == "mission_locale" ? "pacea" : "cej", "", other, 365, false, 1);
  } else if (p.spec.prescriber == "plie") {
    chain("autre", "Contrat de parcours PLIE", other, 365, false, 2);
  } else if (u(gen_) < 0.35) {
    chain("ppae", "", other, 365, false, 2);
  } else if (p.spec.status == "en_cours" && u(gen_) < 0.2) {
    // A CER being prepared with the Département, not signed yet.
    pathways::ContractInput in{
        "cer", "", "en_preparation", "", iso(today_ + 10), iso(today_ + 375)};
    int on = std::max(p.spec.entry, today_ - 1 - static_cast<int>(gen_() % 5));
    p.add(at(on, "16:30"), [this, &p, in] {
      must(svc_.pathways.add_contract(p.s, p.id, in), "contrat en préparation");
    });
  }
}

}  // namespace jalon::demo
