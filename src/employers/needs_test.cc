// EmployerService on both engines: recorded hiring needs (the structure's own), contacts edited
// and removed, the territory's employers per commune and the employers to prospect for the
// caseload's jobs, ranked by hiring potential.
#include <doctest/doctest.h>

#include "core/text.h"
#include "employers/service.h"
#include "support/case_fixture.h"

using namespace jalon;
using namespace jalon::employers;

namespace {

std::vector<std::string> fields(const std::vector<Error>& errs) {
  std::vector<std::string> out;
  for (const auto& e : errs) out.push_back(e.field);
  return out;
}

struct Fixture : jalon::testing::CaseFixture {
  EmployerService employers{store.db(), clock, rng, audit};
  std::string bakery, big_bakery, garage;

  explicit Fixture(store::Engine e) : CaseFixture(e) {
    auto tx = store.db().write();
    for (auto [code, name, lat, lon] :
         std::vector<std::tuple<std::string, std::string, double, double>>{
             {"38563", "Voiron", 45.364, 5.589}, {"38239", "Moirans", 45.325, 5.566}}) {
      tx.exec(
          "INSERT INTO communes (code, name, search_name, kind, departement_code, region_code)"
          " VALUES (?, ?, ?, 'commune-actuelle', '38', '84')",
          {code, name, text::fold(name)});
      tx.exec("INSERT INTO commune_centroids (commune_code, latitude, longitude) VALUES (?, ?, ?)",
              {code, lat, lon});
    }
    tx.exec(
        "INSERT INTO naf_codes (code, level, label, parent_code) VALUES ('10.71C', 5,"
        " 'Boulangerie et boulangerie-pâtisserie', NULL), ('45.20A', 5, 'Entretien automobile',"
        " NULL)");
    tx.exec(
        "INSERT INTO rome_naf_hirings (rome_code, naf_code, hirings) VALUES ('D1102', '10.71C',"
        " 300), ('I1604', '45.20A', 500)");
    tx.exec(
        "INSERT INTO rome_codes (code, label, source) VALUES ('D1102', 'Boulangerie -"
        " viennoiserie', 'rome'), ('I1604', 'Mécanique automobile', 'rome')");
    tx.exec(
        "INSERT INTO rome_appellations (code, rome_code, label, source) VALUES ('11573', 'D1102',"
        " 'Boulanger / Boulangère', 'rome'), ('12345', 'I1604', 'Mécanicien automobile', 'rome')");
    tx.commit();
    bakery = *employers.create(c1, {"41221879000019", "Fournil", "10.71C", "02", "", "", "38563"});
    big_bakery =
        *employers.create(c1, {"41221879000027", "Grand Fournil", "10.71C", "21", "", "", "38239"});
    garage = *employers.create(c1, {"73282932000074", "Garage", "45.20A", "02", "", "", "38563"});
  }
};

}  // namespace

TEST_CASE("needs: every mistake at once; the structure's own; closed when filled") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    CHECK(fields(f.employers.need_mistakes({"", "stage", "60", "385", "", "0", ""})) ==
          std::vector<std::string>{"appellation", "contract", "hours_per_week", "commune",
                                   "start_on", "positions"});
    CHECK(f.employers.need_mistakes({"99999", "cdi", "35", "", "2026-12-01", "1", ""})[0].message ==
          "Ce métier n'est pas dans le ROME.");
    auto n = f.employers.add_need(f.c1, f.bakery,
                                  {"11573", "cdd", "30", "38563", "2027-01-04", "2", "Saison"});
    REQUIRE_MESSAGE(n.ok(), n.error().message);
    auto list = f.employers.needs(f.c2, f.bakery);  // same structure
    REQUIRE(list.size() == 1);
    CHECK(list[0].job_label == "Boulanger / Boulangère");
    CHECK(list[0].rome_code == "D1102");
    CHECK(list[0].commune_name == "Voiron");
    CHECK(list[0].positions == 2);
    CHECK(f.employers.needs(f.cb, f.bakery).empty());
    CHECK(f.employers.close_need(f.cb, *n).error().kind == ErrorKind::kNotFound);
    REQUIRE(f.employers.close_need(f.c1, *n).ok());
    CHECK_FALSE(f.employers.needs(f.c1, f.bakery)[0].open);
  }
}

TEST_CASE("contacts: edited and removed by their structure only") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto c = f.employers.add_contact(f.c1, f.bakery, {"", "Camille Rivet", "Gérante", "", ""});
    REQUIRE(c.ok());
    CHECK(f.employers.update_contact(f.cb, f.bakery, {*c, "X", "", "", ""}).error().kind ==
          ErrorKind::kNotFound);
    CHECK(f.employers.update_contact(f.c1, f.bakery, {*c, "", "", "", "pas-une-adresse"})
              .error()
              .more.size() == 1);  // name and email at once
    REQUIRE(
        f.employers.update_contact(f.c2, f.bakery, {*c, "Camille Rivet", "Directrice", "0476", ""})
            .ok());
    CHECK(f.employers.contacts(f.c1, f.bakery)[0].role == "Directrice");
    CHECK(f.employers.remove_contact(f.cb, f.bakery, *c).error().kind == ErrorKind::kNotFound);
    REQUIRE(f.employers.remove_contact(f.c1, f.bakery, *c).ok());
    CHECK(f.employers.contacts(f.c1, f.bakery).empty());
  }
}

TEST_CASE("territory: employers per commune; to prospect for the caseload's jobs, ranked") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    REQUIRE(f.employers.set_relation(f.c1, f.garage, "partenaire_actif", "", "").ok());
    auto counts = f.employers.commune_counts(f.c1, {});
    REQUIRE(counts.size() == 2);
    CHECK(counts[0].commune_name == "Voiron");
    CHECK(counts[0].employers == 2);
    CHECK(counts[0].partners == 1);
    CHECK(f.employers.commune_counts(f.cb, {})[0].partners == 0);  // another structure's view
    CHECK(f.employers.commune_counts(f.c1, {"38239"}).size() == 1);

    // The caseload's projects: two people want a bakery job, one a garage job.
    std::string a = f.person(f.c1, "Morel"), b = f.person(f.c1, "Durand"),
                c = f.person(f.c1, "Petit");
    auto tx = f.store.db().write();
    for (auto [person, codes] : std::vector<std::pair<std::string, std::string>>{
             {a, "11573"}, {b, "11573,12345"}, {c, "12345"}}) {
      tx.exec(
          "INSERT INTO project_records (id, beneficiary_id, recorded_at, recorded_by,"
          " appellations, mobility_km, transport, contracts, working_time) VALUES (?, ?, 1, 'c1',"
          " ?, 10, '', '', 'temps_plein')",
          {new_id(f.rng), person, codes});
    }
    tx.commit();
    auto jobs = f.employers.caseload_jobs(f.c1);
    CHECK(jobs == std::vector<std::pair<std::string, int64_t>>{{"D1102", 2}, {"I1604", 2}});
    CHECK(f.employers.caseload_jobs(f.cb).empty());

    // Hires of the sector for the job × log2(2 + headcount): the big bakery (300 × 6.3 = 1 880),
    // the small garage (500 × 2.6 = 1 292), the small bakery (300 × 2.6 = 775).
    auto ranked = f.employers.prospects(f.c1, {"D1102", "I1604"}, {});
    REQUIRE(ranked.size() == 3);
    CHECK(ranked[0].e.name == "Grand Fournil");
    CHECK(ranked[1].e.name == "Garage");
    CHECK(ranked[1].rome_code == "I1604");
    CHECK(ranked[2].e.name == "Fournil");
    CHECK(f.employers.prospects(f.c1, {"D1102"}, {"38563"}).size() == 1);
  }
}
