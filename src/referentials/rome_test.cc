// ROME on both engines: every row of the published files lands, re-importing changes nothing, a
// malformed file changes nothing, and the fiche reads back as the files describe it.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "referentials/rome_fiche.h"
#include "referentials/rome_import.h"
#include "referentials/source.h"
#include "support/referential_data.h"
#include "support/referential_stores.h"
#include "support/scalar.h"

using namespace jalon;
using namespace jalon::referentials;
using jalon::testing::rome_store;
using jalon::testing::scalar;
using jalon::testing::scalar_int;
using jalon::testing::shipped_data;

namespace {

// The shipped v347 files in a scratch directory, with `file` (its name without .gz) replaced by
// the result of `edit` applied to its text.
std::string rome_copy_with(const std::string& file,
                           const std::function<std::string(std::string)>& edit) {
  namespace fs = std::filesystem;
  std::string dir = jalon::testing::scratch_dir() + "/v347";
  fs::copy(shipped_data("rome/v347"), dir, fs::copy_options::recursive);
  std::string gz = dir + "/" + file + ".gz";
  TextSource source(gz, Encoding::kUtf8);
  std::string text;
  char buf[65536];
  while (std::size_t n = source.read(buf, sizeof buf)) text.append(buf, n);
  fs::remove(gz);
  std::ofstream(dir + "/" + file, std::ios::binary) << edit(text);
  return dir;
}

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

std::vector<std::string> fiche_tables() {
  return {"rome_grand_domains", "rome_domains",    "rome_codes",      "rome_riasec",
          "rome_appellations",  "rome_knowledge",  "rome_activities", "rome_work_environments",
          "rome_fiche_items",   "rome_mobilities", "rome_texts",      "fts_rome"};
}

std::vector<int64_t> table_counts(store::Database& db) {
  std::vector<int64_t> out;
  for (const auto& t : fiche_tables()) out.push_back(count_rows(db, t));
  return out;
}

}  // namespace

TEST_CASE("ROME: import, re-import, malformed files and the fiche (shared store)") {
  SUBCASE("ROME v347 and 2024: every row of the files is in the store") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = rome_store(e);
      // The v347 code file lists 531 fiches (L1510 is missing from it); 2024 adds L1510.
      CHECK(scalar_int(db, "SELECT COUNT(*) FROM rome_codes WHERE source = 'rome'") == 531);
      CHECK(count_rows(db, "rome_codes") == 532);
      CHECK(count_rows(db, "rome_grand_domains") == 14);
      CHECK(count_rows(db, "rome_domains") == 110);
      CHECK(count_rows(db, "rome_riasec") == 532);
      CHECK(scalar_int(db, "SELECT COUNT(*) FROM rome_appellations WHERE source = 'rome'") ==
            10990);
      CHECK(count_rows(db, "rome_appellations") == 11061);
      CHECK(count_rows(db, "rome_knowledge") == 4947);
      CHECK(count_rows(db, "rome_work_environments") == 763);
      CHECK(count_rows(db, "rome_activities") == 7462);
      // 42 228 links less the 532 fiche and 10 990 appellation ones.
      CHECK(count_rows(db, "rome_fiche_items") == 30706);
      CHECK(count_rows(db, "rome_mobilities") == 4218);
      CHECK(scalar_int(db, "SELECT COUNT(*) FROM rome_mobilities WHERE kind = 1") == 1917);
      CHECK(scalar_int(db, "SELECT COUNT(*) FROM rome_mobilities WHERE kind = 2") == 2301);
      CHECK(count_rows(db, "rome_texts") == 5037);
      CHECK(count_rows(db, "fts_rome") == 532 + 11061);
      // The Oracle export's doubled apostrophes are gone.
      CHECK(scalar_int(db, "SELECT COUNT(*) FROM rome_texts WHERE body LIKE ?", {"%''%"}) == 0);
      CHECK(scalar_int(db, "SELECT COUNT(*) FROM rome_appellations WHERE label LIKE ?", {"%''%"}) ==
            0);
      auto tx = db.read();
      CHECK(tx.query_one("SELECT edition FROM referential_datasets WHERE dataset = 'rome'")
                ->text(0) == "v347");
      CHECK(tx.query_one("SELECT edition FROM referential_datasets WHERE dataset = 'rome-2024'")
                ->text(0) == "2024-09-17");
    }
  }

  SUBCASE("re-importing the same ROME files changes nothing") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = rome_store(e);
      auto before = table_counts(db);
      auto again = import_rome(db, shipped_data("rome/v347"));
      REQUIRE(again.ok());
      CHECK_FALSE(again->changed());
      CHECK(again->unchanged() == 65310);
      CHECK(again->rows_read == 83448);
      auto again_2024 = import_rome_2024(db, shipped_data("rome/2024"));
      REQUIRE(again_2024.ok());
      CHECK_FALSE(again_2024->changed());
      CHECK(table_counts(db) == before);
    }
  }

  SUBCASE("a malformed ROME file is refused with its place and reason, the store unchanged") {
    struct Case {
      std::string file;
      std::function<std::string(std::string)> edit;
      std::string error;
    };
    const std::string app = "unix_referentiel_appellation_v347_utf8.csv";
    // (A wrong encoding and text in a number column are refused the same way: see the zones and
    // BMO tests.) The texte file is read last: its failure rolls back all the others.
    std::vector<Case> cases = {
        {app,
         [](std::string t) {
           return t + "\"10200\",\"Autre\",\"Autre\",\"F1402\",\"1\",\"PRINCIPALE\",\"1\"\n";
         },
         app + ", ligne 10992, colonne « code_ogr » : clé en double (code = 10200) : déjà vue "
               "ligne 2"},
        {"unix_texte_v347_utf8.csv",
         [](std::string t) { return replace_once(t, "\"libelle_texte\"", "\"texte\""); },
         "unix_texte_v347_utf8.csv, ligne 1 : colonne manquante : « libelle_texte »"},
        {app, [](std::string t) { return replace_once(t, "\"F1402\"", "\"F14\""); },
         app +
             ", ligne 2, colonne « code_rome » : code ROME invalide « F14 » (attendu : une lettre "
             "et quatre chiffres, ex. K1302)"},
    };
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto& db = rome_store(e);
      auto before = table_counts(db);
      for (const auto& c : cases) {
        CAPTURE(c.error);
        auto r = import_rome(db, rome_copy_with(c.file, c.edit));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message == c.error);
        CHECK(table_counts(db) == before);
      }
    }
  }

  SUBCASE("a ROME fiche: label, tree, appellations, items, texts, RIASEC, mobilities both ways") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto f = rome_fiche(rome_store(e), "k1302");
      REQUIRE(f.ok());
      CHECK(f->code == "K1302");
      CHECK(f->label == "Assistance auprès d'adultes");
      CHECK(f->grand_domain.code == "K");
      CHECK(f->grand_domain.label == "Services à la personne et à la collectivité");
      CHECK(f->domain.code == "K13");
      CHECK(f->domain.label == "Aide à la vie quotidienne");
      CHECK(f->riasec_major == "S");
      CHECK(f->riasec_minor == "C");
      CHECK(f->appellations.size() >= 18);
      CHECK(std::any_of(f->appellations.begin(), f->appellations.end(),
                        [](const RomeAppellation& a) { return a.label == "Auxiliaire de vie"; }));
      CHECK(f->knowledge.size() == 16);
      CHECK(f->knowledge.front().core);
      CHECK_FALSE(f->knowledge.back().core);
      CHECK(f->activities.size() == 23);
      CHECK(f->work_environments.size() == 13);
      CHECK(f->definition.size() == 1);
      CHECK(f->definition[0].starts_with("Assiste les personnes dans l'accomplissement"));
      CHECK(f->access.size() == 4);
      CHECK(f->conditions.size() == 4);
      // Out: 3 close then 9 evolution links; two of them to appellations of K1301.
      REQUIRE(f->mobilities_out.size() == 12);
      CHECK(f->mobilities_out[0].kind == MobilityKind::kClose);
      CHECK(f->mobilities_out[0].other.code == "J1301");
      CHECK(f->mobilities_out[0].other.label == "Personnel polyvalent des services hospitaliers");
      CHECK(f->mobilities_out.back().kind == MobilityKind::kEvolution);
      CHECK(std::count_if(f->mobilities_out.begin(), f->mobilities_out.end(),
                          [](const RomeMobility& m) {
                            return m.other.code == "K1301" && !m.other_appellation.empty();
                          }) == 2);
      // In: five close links and one evolution, each the out link of the other fiche.
      REQUIRE(f->mobilities_in.size() == 6);
      CHECK(f->mobilities_in.back().kind == MobilityKind::kEvolution);
      CHECK(f->mobilities_in.back().other.code == "K1304");
      auto k1304 = rome_fiche(rome_store(e), "K1304");
      REQUIRE(k1304.ok());
      CHECK(std::any_of(k1304->mobilities_out.begin(), k1304->mobilities_out.end(),
                        [](const RomeMobility& m) {
                          return m.other.code == "K1302" && m.kind == MobilityKind::kEvolution;
                        }));
      CHECK(mobility_label(MobilityKind::kEvolution) == "Mobilité d'évolution");
    }
  }

  SUBCASE("a fiche only the 2024 list knows, and a code nobody knows") {
    for (auto e : jalon::testing::engines()) {
      CAPTURE(store::engine_name(e));
      auto l1510 = rome_fiche(rome_store(e), "L1510");
      REQUIRE(l1510.ok());
      CHECK(l1510->label == "Films d'animation et effets spéciaux");
      CHECK(l1510->domain.code == "L15");
      CHECK_FALSE(l1510->appellations.empty());
      auto none = rome_fiche(rome_store(e), "Z9999");
      REQUIRE_FALSE(none.ok());
      CHECK(none.error().kind == ErrorKind::kNotFound);
    }
  }
}
