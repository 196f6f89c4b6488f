// See record_life.h.
#include "demo/record_life.h"

#include <algorithm>
#include <string>

#include "core/dates.h"
#include "demo/history.h"

namespace jalon::demo {
namespace {

using beneficiaries::CaseloadQuery;
using beneficiaries::Summary;
using detail::must;

constexpr Millis kDay = 86'400'000;
constexpr const char* kStreets[] = {"rue des Tilleuls", "avenue Jules Ravat", "chemin du Bief",
                                    "place du Marché",  "rue de la Gare",     "allée des Chênes"};
constexpr const char* kPauseReasons[] = {"sante", "famille", "formation"};
constexpr const char* kExitReasons[] = {"emploi_durable", "emploi_transition", "formation",
                                        "demenagement"};

std::vector<Summary> with_status(beneficiaries::BeneficiaryService& people,
                                 const access::Session& s, const char* status) {
  CaseloadQuery q;
  q.status = status;
  q.page_size = 10;
  return people.caseload(s, q).rows;
}

// Contact details and identifiers typed in after the welcome interview, two weeks ago.
void correct_contact(beneficiaries::BeneficiaryService& people, const access::Session& s,
                     const Summary& row, int n) {
  auto b = people.get(s, row.id);
  if (!b) return;
  beneficiaries::RecordEdit e{
      b->summary.civility,
      b->summary.first_name,
      b->summary.last_name,
      b->summary.birth_date,
      b->email,
      "06 " + std::to_string(10 + n % 89) + " 42 17 " + std::to_string(10 + (n * 7) % 89),
      std::to_string(3 + n * 5 % 90) + " " + kStreets[n % 6],
      b->summary.commune_name == "Voiron" ? "38500" : "",
      b->commune_code,
      b->summary.commune_name,
      std::to_string(4100000 + n * 137) + "K",
      n % 2 ? std::to_string(2300000 + n * 71) : "",
      true,
      n % 3 != 0,
      0};
  must(people.edit(s, row.id, e), "coordonnées de " + row.last_name);
}

}  // namespace

void write_record_life(beneficiaries::BeneficiaryService& people, FakeClock& clock, Millis now,
                       const std::vector<access::Session>& counselors) {
  int today = dates::local_date(now).days;
  int n = 0;
  for (size_t c = 0; c < counselors.size(); ++c) {
    const auto& s = counselors[c];
    clock.set(now - 14 * kDay);
    auto active = with_status(people, s, "en_cours");
    for (size_t i = 0; i < std::min<size_t>(3, active.size()); ++i)
      correct_contact(people, s, active[i], ++n);
    clock.set(now - 6 * kDay);
    for (const auto& row : with_status(people, s, "suspendu")) {
      beneficiaries::StatusChange st{"suspendu", kPauseReasons[++n % 3],
                                     detail::iso(today + 20 + n % 40), "",
                                     "Point téléphonique prévu avant la reprise."};
      must(people.set_status(s, row.id, st), "pause de " + row.last_name);
    }
    for (const auto& row : with_status(people, s, "sorti")) {
      auto entry = dates::parse_iso_date(row.entry_date);
      if (!entry.ok() || entry->days > today - 6) continue;  // entered this week: no exit date yet
      int exit_day =
          std::min(today - 6, std::max(entry.ok() ? entry->days : today - 30, today - 45 + n % 30));
      beneficiaries::StatusChange st{"sorti", kExitReasons[++n % 4], "", detail::iso(exit_day), ""};
      must(people.set_status(s, row.id, st), "sortie de " + row.last_name);
    }
    // One person handed over to the next counselor, with the reason, three days ago.
    if (counselors.size() > 1 && active.size() > 3) {
      clock.set(now - 3 * kDay);
      const auto& next = counselors[(c + 1) % counselors.size()];
      beneficiaries::Transfer t{
          next.user_id,
          "Déménagement sur le secteur de " + next.display_name + " : reprise du suivi.",
          detail::iso(today - 3), c % 2 == 0};
      must(people.transfer(s, active[3].id, t),
           "changement de référent·e de " + active[3].last_name);
    }
  }
  clock.set(now);
}

}  // namespace jalon::demo
