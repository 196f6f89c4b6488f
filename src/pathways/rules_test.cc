#include "pathways/rules.h"

#include <doctest/doctest.h>

#include "pathways/referentials.h"

using namespace jalon;
using namespace jalon::pathways;

namespace {
dates::Date d(const char* iso) {
  return *dates::parse_iso_date(iso);
}
}  // namespace

TEST_CASE("pathway catalogues: 58 objectives and 120 actions with known themes and unique codes") {
  CHECK(objective_catalogue().size() == 58);
  CHECK(action_catalogue().size() == 120);
  // The employment actions are the 32 the Carnet de bord referential names, no fill-ins.
  int employment = 0;
  for (const auto& a : action_catalogue()) employment += a.theme == "emploi" ? 1 : 0;
  CHECK(employment == 32);
  CHECK(find_entry(action_catalogue(), "em_simulation") == nullptr);
  for (const auto* list : {&objective_catalogue(), &action_catalogue()}) {
    for (size_t i = 0; i < list->size(); ++i) {
      CAPTURE((*list)[i].code);
      CHECK(!theme_label((*list)[i].theme).empty());
      for (size_t j = i + 1; j < list->size(); ++j) CHECK((*list)[i].code != (*list)[j].code);
    }
  }
  CHECK(action_statuses().size() == 6);
  CHECK(label_of(action_statuses(), "en_attente") == "En attente");
  CHECK(label_of(referral_statuses(), "refusee") == "Refusée");
  CHECK(!has_code(contract_kinds(), "aucun"));
}

TEST_CASE("renewal: a contract in progress is flagged 30 days before its end and once passed") {
  auto today = d("2026-11-24");
  CHECK(renewal("en_cours", d("2027-01-10"), today) == Renewal::kNone);
  CHECK(renewal("en_cours", d("2026-12-24"), today) == Renewal::kSoon);
  CHECK(renewal("en_cours", d("2026-12-25"), today) == Renewal::kNone);
  CHECK(renewal("en_cours", d("2026-11-24"), today) == Renewal::kSoon);
  CHECK(renewal("en_cours", d("2026-11-23"), today) == Renewal::kPassed);
  CHECK(renewal("termine", d("2026-11-23"), today) == Renewal::kNone);
  CHECK(renewal("en_preparation", d("2026-12-01"), today) == Renewal::kNone);
}

TEST_CASE("overdue: an open action past its due date; follow-ups of pending referrals") {
  auto today = d("2026-11-24");
  CHECK(overdue("en_cours", "2026-11-23", today));
  CHECK(overdue("prevu", "2026-01-01", today));
  CHECK(overdue("en_attente", "2026-11-23", today));
  CHECK_FALSE(overdue("en_cours", "2026-11-24", today));
  CHECK_FALSE(overdue("realise", "2026-11-01", today));
  CHECK_FALSE(overdue("annule", "2026-11-01", today));
  CHECK_FALSE(overdue("abandonne", "2026-11-01", today));
  CHECK_FALSE(overdue("en_cours", "", today));
  CHECK(follow_up_due("en_cours", "2026-11-24", today));
  CHECK_FALSE(follow_up_due("en_cours", "2026-11-25", today));
  CHECK_FALSE(follow_up_due("validee", "2026-11-01", today));
}

TEST_CASE("contract dates: order, length and signature, each error naming its field") {
  auto today = d("2026-11-24");
  CHECK(
      check_contract_dates("en_cours", "2026-11-20", d("2026-12-01"), d("2027-06-01"), today).ok());
  CHECK(check_contract_dates("en_preparation", "", d("2026-12-01"), d("2027-06-01"), today).ok());
  auto field = [&](std::string_view status, std::string_view sig, const char* start,
                   const char* end) {
    auto st = check_contract_dates(status, sig, d(start), d(end), today);
    return st.ok() ? std::string() : st.error().field;
  };
  CHECK(field("en_cours", "2026-11-20", "2026-12-01", "2026-12-01") == "ends_on");
  CHECK(field("en_cours", "2026-11-20", "2026-12-01", "2032-12-01") == "ends_on");
  CHECK(field("en_cours", "", "2026-12-01", "2027-06-01") == "signed_on");
  CHECK(field("en_cours", "2026-11-25", "2026-12-01", "2027-06-01") == "signed_on");
  CHECK(field("termine", "2026-13-01", "2026-01-01", "2026-06-01") == "signed_on");
}
