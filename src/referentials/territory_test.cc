// Territories on both engines: built from each kind of area or by hand, kept per structure,
// validated with messages a counselor can act on. The tests write territories only, each under
// its own structure ids, into the shared geography store.
#include "referentials/territory.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "core/clock.h"
#include "core/random.h"
#include "referentials/communes.h"
#include "support/referential_stores.h"
#include "support/scalar.h"

using namespace jalon;
using namespace jalon::referentials;
using jalon::testing::geography_store;
using jalon::testing::scalar;
using jalon::testing::scalar_int;

namespace {

struct Fixture {
  explicit Fixture(store::Engine e)
      : db(geography_store(e)), clock(1'780'000'000'000), territories(db, clock, rng) {}
  // A structure id no other test uses.
  std::string structure() { return "structure-" + new_id(rng); }

  store::Database& db;
  FakeClock clock;
  SystemRandom rng;
  TerritoryService territories;
};

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}
}  // namespace

TEST_CASE("territories (shared geography store)") {
  SUBCASE("a territory from an EPCI, a zone, a basin, a département or a région") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      Fixture f(e);
      std::string s = f.structure();
      auto epci =
          f.territories.create(s, {"Pays Voironnais", TerritoryKind::kEpci, "243800984", {}});
      REQUIRE(epci.ok());
      CHECK(epci->commune_codes.size() == 31);
      CHECK(contains(epci->commune_codes, "38239"));
      CHECK(epci->kind == TerritoryKind::kEpci);
      CHECK(epci->area_code == "243800984");
      CHECK(epci->created_at == 1'780'000'000'000);

      auto zone =
          f.territories.create(s, {"ZE Voiron", TerritoryKind::kEmploymentZone, "8435", {}});
      REQUIRE(zone.ok());
      CHECK(zone->commune_codes.size() >= 120);
      for (const auto& code : zone->commune_codes) {
        auto d = commune_detail(f.db, code);
        REQUIRE(d.ok());
        CHECK(d->employment_zone.code == "8435");
      }
      auto basin = f.territories.create(
          s, {"Bassin de Voiron", TerritoryKind::kEmploymentBasin, "8413", {}});
      REQUIRE(basin.ok());
      CHECK(contains(basin->commune_codes, "38239"));
      auto isere = f.territories.create(s, {"Isère", TerritoryKind::kDepartement, "38", {}});
      REQUIRE(isere.ok());
      CHECK(isere->commune_codes.size() == 512);
      auto aura = f.territories.create(s, {"AURA", TerritoryKind::kRegion, "84", {}});
      REQUIRE(aura.ok());
      CHECK(static_cast<int64_t>(aura->commune_codes.size()) ==
            scalar_int(f.db, "SELECT COUNT(*) FROM communes WHERE region_code = ? AND kind = ?",
                       {"84", "commune-actuelle"}));

      auto list = f.territories.list(s);
      REQUIRE(list.size() == 5);
      CHECK(list[0].name == "AURA");  // by folded name
      CHECK(list[2].name == "Isère");
      CHECK(list[2].communes == 512);
      CHECK(territory_kind_label(list[2].kind) == "Département");
    }
  }

  SUBCASE("a territory of communes picked by hand, changed, renamed, removed") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      Fixture f(e);
      std::string s = f.structure();
      auto t = f.territories.create(
          s, {"Secteur Moirans", TerritoryKind::kCustom, {}, {"38563", "38239", "38239"}});
      REQUIRE(t.ok());
      CHECK(t->commune_codes == std::vector<std::string>{"38239", "38563"});
      f.clock.advance(60'000);
      auto more = f.territories.set_communes(s, t->id, {"38239", "38185"});
      REQUIRE(more.ok());
      CHECK(more->commune_codes == std::vector<std::string>{"38185", "38239"});
      CHECK(more->updated_at == 1'780'000'060'000);
      auto renamed = f.territories.rename(s, t->id, "  Secteur de Moirans ");
      REQUIRE(renamed.ok());
      CHECK(renamed->name == "Secteur de Moirans");
      // From an area, then edited by hand: it becomes a hand-picked set.
      auto from_epci =
          f.territories.create(s, {"Voironnais", TerritoryKind::kEpci, "243800984", {}});
      REQUIRE(from_epci.ok());
      auto edited = f.territories.set_communes(s, from_epci->id, {"38239"});
      REQUIRE(edited.ok());
      CHECK(edited->kind == TerritoryKind::kCustom);
      CHECK(edited->area_code.empty());
      REQUIRE(f.territories.remove(s, t->id).ok());
      CHECK(f.territories.get(s, t->id).error().kind == ErrorKind::kNotFound);
      CHECK(scalar_int(f.db, "SELECT COUNT(*) FROM territory_communes WHERE territory_id = ?",
                       {t->id}) == 0);
      CHECK(scalar_int(f.db, "SELECT COUNT(*) FROM territory_communes WHERE territory_id = ?",
                       {from_epci->id}) == 1);
    }
  }

  SUBCASE("territories belong to their structure") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      Fixture f(e);
      std::string mine = f.structure(), theirs = f.structure();
      auto t = f.territories.create(mine, {"Isère", TerritoryKind::kDepartement, "38", {}});
      REQUIRE(t.ok());
      CHECK(f.territories.get(theirs, t->id).error().kind == ErrorKind::kNotFound);
      CHECK(f.territories.rename(theirs, t->id, "Pris").error().kind == ErrorKind::kNotFound);
      CHECK(f.territories.set_communes(theirs, t->id, {"38239"}).error().kind ==
            ErrorKind::kNotFound);
      CHECK(f.territories.remove(theirs, t->id).error().kind == ErrorKind::kNotFound);
      CHECK(f.territories.list(theirs).empty());
      // The same name in another structure is fine.
      CHECK(f.territories.create(theirs, {"Isère", TerritoryKind::kDepartement, "38", {}}).ok());
      CHECK(f.territories.get(mine, t->id)->commune_codes.size() == 512);
      CHECK(f.territories.get(mine, "not-an-id").error().kind == ErrorKind::kNotFound);
    }
  }

  SUBCASE("bad territories are refused with a message and change nothing") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      Fixture f(e);
      std::string s = f.structure();
      REQUIRE(f.territories.create(s, {"Voironnais", TerritoryKind::kEpci, "243800984", {}}).ok());
      auto dup = f.territories.create(s, {"VOIRONNAIS", TerritoryKind::kDepartement, "38", {}});
      CHECK(dup.error().kind == ErrorKind::kConflict);
      CHECK(dup.error().message == "Un territoire porte déjà ce nom.");
      auto unnamed = f.territories.create(s, {"  ", TerritoryKind::kDepartement, "38", {}});
      CHECK(unnamed.error().message == "Donnez un nom au territoire.");
      CHECK(unnamed.error().field == "nom");
      auto epci = f.territories.create(s, {"X", TerritoryKind::kEpci, "123", {}});
      CHECK(epci.error().message == "EPCI inconnu : 123");
      auto basin = f.territories.create(s, {"X", TerritoryKind::kEmploymentBasin, "0000", {}});
      CHECK(basin.error().message == "Bassin d'emploi inconnu : 0000");
      auto empty = f.territories.create(s, {"X", TerritoryKind::kCustom, {}, {}});
      CHECK(empty.error().message == "Choisissez au moins une commune.");
      auto unknown = f.territories.create(s, {"X", TerritoryKind::kCustom, {}, {"38239", "99999"}});
      CHECK(unknown.error().message == "Commune inconnue : 99999");
      auto too_long =
          f.territories.create(s, {std::string(121, 'a'), TerritoryKind::kCustom, {}, {"38239"}});
      CHECK(too_long.error().field == "nom");
      // A name and communes in one update: an unknown commune, or a name already taken, changes
      // neither the name nor the communes.
      auto hand = f.territories.create(s, {"Secteur", TerritoryKind::kCustom, {}, {"38563"}});
      REQUIRE(hand.ok());
      auto both = f.territories.update(s, hand->id, std::string("Secteur élargi"),
                                       std::vector<std::string>{"38239", "99999"});
      CHECK(both.error().message == "Commune inconnue : 99999");
      auto taken = f.territories.update(s, hand->id, std::string("voironnais"),
                                        std::vector<std::string>{"38239"});
      CHECK(taken.error().kind == ErrorKind::kConflict);
      auto kept = f.territories.get(s, hand->id);
      CHECK(kept->name == "Secteur");
      CHECK(kept->commune_codes == std::vector<std::string>{"38563"});
      auto done = f.territories.update(s, hand->id, std::string("Secteur élargi"),
                                       std::vector<std::string>{"38239", "38563"});
      REQUIRE(done.ok());
      CHECK(done->name == "Secteur élargi");
      CHECK(done->commune_codes == std::vector<std::string>{"38239", "38563"});
      REQUIRE(f.territories.remove(s, hand->id).ok());
      CHECK(f.territories.list(s).size() == 1);
      CHECK(parse_territory_kind("zone-emploi") == TerritoryKind::kEmploymentZone);
      CHECK_FALSE(parse_territory_kind("pays").has_value());
    }
  }
}
