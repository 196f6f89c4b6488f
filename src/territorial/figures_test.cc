// The territory figures without a store: French number formats, the rules of the first draft,
// and the SVG charts' structure (titles, escaping, one mark per datum).
#include "territorial/figures.h"

#include <doctest/doctest.h>

#include "ui/charts.h"

using namespace jalon;
using namespace jalon::territorial;

namespace {

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

BmoTotals totals(int64_t projects, int64_t difficult, int64_t seasonal) {
  BmoTotals t;
  t.rows = 1;
  t.projects = projects;
  t.difficult = difficult;
  t.seasonal = seasonal;
  BmoTotals out;
  out += t;  // shares computed by the sum
  return out;
}

}  // namespace

TEST_CASE("territorial figures: French formats") {
  CHECK(fr_int(0) == "0");
  CHECK(fr_int(999) == "999");
  CHECK(fr_int(4863) == "4 863");
  CHECK(fr_int(2751069) == "2 751 069");
  CHECK(fr_int(-1200) == "-1 200");
  CHECK(fr_percent(0.5304) == "53,0 %");
  CHECK(fr_percent(0.0) == "0,0 %");
  // A share with unpublished cells of its kind is a lower bound, and says how many.
  CHECK(fr_share(0.305, 0) == "30,5 %");
  CHECK(fr_share(0.305, 110) == "au moins 30,5 % ; 110 cellules non publiées");
  CHECK(fr_share(0.305, 1) == "au moins 30,5 % ; 1 cellule non publiée");
  CHECK(fr_share_short(0.305, 3) == "au moins 30,5 %");
  // Chart labels: decimal comma, grouped thousands, no trailing ".0", no exponent.
  CHECK(ui::fr_number(75.1) == "75,1");
  CHECK(ui::fr_number(21847) == "21 847");
  CHECK(ui::fr_number(1.0) == "1");
  CHECK(ui::fr_number(2751069) == "2 751 069");
  CHECK(ui::fr_number(-0.5) == "-0,5");
  CHECK(ui::fr_number(1234.56) == "1 234,6");
}

TEST_CASE("territorial figures: a share counts unpublished cells as 0 over all the projects") {
  // Two rows: 100 projects, 60 difficult; 50 projects, difficult unpublished. The share is
  // 60 / 150 (at least), not 60 / 100 as the first method had it.
  BmoTotals a = totals(100, 60, 10), b = totals(50, 0, 0);
  b.difficult_unpublished = 1;
  a += b;
  CHECK(a.difficult_share == doctest::Approx(0.4));
  CHECK(a.difficult_unpublished == 1);
  CHECK(a.seasonal_share == doctest::Approx(10.0 / 150));
  Indicators in;
  in.vintage = 2024;
  in.departement_name = "Isère";
  in.region_name = "Auvergne-Rhône-Alpes";
  in.territory = a;
  in.france = totals(1000, 570, 300);
  auto figs = figures(in);
  const Figure* synth = nullptr;
  for (const auto& f : figs) {
    if (f.key == "bmo_synthese") synth = &f;
  }
  REQUIRE(synth);
  CHECK(synth->rows[0][2] == "au moins 40,0 % ; 1 cellule non publiée");
  CHECK(synth->rows[3][2] == "57,0 %");
  // The chart prints the same numbers the French way.
  CHECK(synth->svg.find(">40</text>") != std::string::npos);
  CHECK(synth->svg.find(">6,7</text>") != std::string::npos);
  CHECK(synth->svg.find("6.7") == std::string::npos);
  bool prose = false;
  for (const auto& f : findings(in)) {
    if (f.text.find("moins difficiles qu'en France (au moins 40,0 % contre 57,0 %)") !=
        std::string::npos) {
      prose = true;
    }
  }
  CHECK(prose);
}

TEST_CASE("territorial figures: sums recompute shares, the rules write sentences with numbers") {
  BmoTotals a = totals(100, 60, 50), b = totals(300, 120, 30);
  a += b;
  CHECK(a.projects == 400);
  CHECK(a.difficult_share == doctest::Approx(0.45));
  CHECK(a.seasonal_share == doctest::Approx(0.2));

  Indicators in;
  in.vintage = 2024;
  in.territory = totals(4863, 3600, 2580);
  in.france = totals(2751069, 1700000, 1225000);
  FamilyFigure hotel;
  hotel.code = "S";
  hotel.label = "Hôtellerie-restauration";
  hotel.territory = totals(1500, 1000, 1200);
  in.families = {hotel};
  in.caseload = 10;
  in.barriers = {{"mobilite", "Mobilité", 4}};
  auto found = findings(in);
  REQUIRE(found.size() >= 3);
  CHECK_FALSE(found[0].strength);
  CHECK(found[0].text.find("53,1 % des projets contre 44,5 % en France, porté par la famille « "
                           "Hôtellerie-restauration »") != std::string::npos);
  bool barrier = false;
  for (const auto& f : found) {
    if (f.text.find(
            "40,0 % des personnes accompagnées sur le territoire ont un frein « Mobilité »") !=
        std::string::npos) {
      barrier = !f.strength;
    }
  }
  CHECK(barrier);
  // Without BMO there is no labour-market sentence, and no figure beyond the context.
  Indicators empty;
  CHECK(findings(empty).empty());
  auto figs = figures(empty);
  REQUIRE(figs.size() == 2);
  CHECK(figs[0].key == "population");
}

TEST_CASE("charts: titles, escaped labels, one mark per datum") {
  std::string donut = ui::donut_chart("Freins <par> thème", "Jalon & co",
                                      {{"Mobilité", 4}, {"Logement", 2}, {"Zéro", 0}});
  CHECK(donut.find("<title>Freins &lt;par&gt; thème</title>") != std::string::npos);
  CHECK(donut.find("Source : Jalon &amp; co") != std::string::npos);
  CHECK(count(donut, "<path ") == 2);  // the empty slice draws nothing
  CHECK(donut.find("role=\"img\"") != std::string::npos);

  std::string stacked = ui::stacked_bar_chart("Familles", "BMO 2024", {"Territoire", "France"},
                                              {{"A", {1, 2}}, {"B", {3, 2}}});
  CHECK(count(stacked, "<rect x=") >= 4 + 2);  // 2 bars × 2 segments, 2 legend keys
  CHECK(stacked.find("75 %") != std::string::npos);

  std::string map = ui::symbol_map("Carte", "COG",
                                   {{"Voiron", 45.36, 5.59, 10, false},
                                    {"Moirans", 45.33, 5.56, 2, false},
                                    {"Pôle", 45.36, 5.59, 0, true}},
                                   "Personnes", "Pôle de recrutement");
  CHECK(count(map, "<circle cx") == 2 + 1);  // two communes and the legend's circle
  CHECK(map.find("<title>Pôle</title>") != std::string::npos);
  CHECK(ui::symbol_map("Vide", "COG", {}, "a", "b").find("</svg>") != std::string::npos);
}
