#include "eligibility/criteria.h"

#include <doctest/doctest.h>

using namespace jalon;
using namespace jalon::eligibility;

TEST_CASE("the IAE rule: one level-1, or 2 level-2 for AI/ETTI and 3 for ACI/EI/EITI") {
  CHECK(criteria().size() == 18);
  auto rsa = evaluate("aci", {"RSA"});
  CHECK(rsa.eligible);
  CHECK(rsa.explanation == "Éligible ACI : critère de niveau 1 « Bénéficiaire du RSA ».");
  CHECK_FALSE(evaluate("aci", {"SENIOR", "DELD"}).eligible);
  CHECK(evaluate("ai", {"SENIOR", "DELD"}).eligible);
  CHECK(evaluate("etti", {"SENIOR", "DELD"}).eligible);
  auto three = evaluate("ei", {"SENIOR", "DELD", "PM"});
  CHECK(three.eligible);
  CHECK(three.explanation ==
        "Éligible EI : 3 critères de niveau 2 (3 requis) : « Senior (+50 ans) », « DELD (12-24 "
        "mois) » et « Problème de mobilité ».");
  auto no = evaluate("eiti", {"QPV"});
  CHECK_FALSE(no.eligible);
  CHECK(no.explanation ==
        "Non éligible EITI : aucun critère de niveau 1 et 1 critère de niveau 2 sur les 3 requis "
        "(« Résident QPV »).");
  CHECK_FALSE(evaluate("aci", {"UNKNOWN", "X"}).eligible);
}

TEST_CASE("validity: 6 months for a prescriber, 92 days for an employer") {
  auto d = *dates::parse_iso_date("2026-08-31");
  CHECK(dates::iso(valid_until(Author::kPrescriber, d)) == "2027-02-27");  // 28 Feb - 1 day
  CHECK(dates::iso(valid_until(Author::kEmployer, d)) == "2026-11-30");
  auto j = *dates::parse_iso_date("2026-01-15");
  CHECK(dates::iso(valid_until(Author::kPrescriber, j)) == "2026-07-14");
}
