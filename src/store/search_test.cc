// The search index's typo tolerance on both engines: edit distance, the vocabulary, and the
// correction of unknown words.
#include "store/search.h"

#include <doctest/doctest.h>

#include "support/test_stores.h"

using namespace jalon::store;
using jalon::testing::TestStore;

TEST_CASE("edit distance counts code points, transpositions as one, and stops at the limit") {
  CHECK(edit_distance("auxilliaire", "auxiliaire", 2) == 1);
  CHECK(edit_distance("developeur", "developpeur", 2) == 1);
  CHECK(edit_distance("boulnager", "boulanger", 2) == 1);  // a transposition
  CHECK(edit_distance("été", "ete", 3) == 2);
  CHECK(edit_distance("cariste", "cariste", 1) == 0);
  CHECK(edit_distance("a", "abcdef", 2) == 3);  // beyond the limit: limit + 1
  CHECK(edit_distance("", "", 0) == 0);
}

TEST_CASE("unknown words are corrected to the closest indexed word, known ones and prefixes kept") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(engine_name(e));
    TestStore s(e);
    SearchIndex index("typo_test");
    auto tx = s.db().write();
    tx.exec_script(search_index_ddl(e, "typo_test") + search_vocabulary_ddl(e, "typo_test"));
    index.replace_all(tx, {{"1", "Auxiliaire de vie sociale"},
                           {"2", "Boulanger / Boulangère"},
                           {"3", "Développeur / Développeuse informatique"},
                           {"4", "Auxiliaire de puériculture"}});
    index.rebuild_vocabulary(tx);
    CHECK(index.corrected_terms(tx, "Auxilliaire de VIE") ==
          std::vector<std::string>{"auxiliaire", "de", "vie"});
    CHECK(index.corrected_terms(tx, "boulenger") == std::vector<std::string>{"boulanger"});
    CHECK(index.corrected_terms(tx, "develop") == std::vector<std::string>{"develop"});  // a prefix
    CHECK(index.corrected_terms(tx, "devlopeuse") == std::vector<std::string>{"developpeuse"});
    CHECK(index.corrected_terms(tx, "zzzzzzzz") == std::vector<std::string>{"zzzzzzzz"});
    CHECK(index.corrected_terms(tx, "vei") == std::vector<std::string>{"vei"});  // too short
    auto hits = index.search_tolerant(tx, "auxilliaire puericulture", 10);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].doc_id == "4");
    CHECK(index.search(tx, "auxilliaire", 10).empty());
    // A rebuilt index forgets the documents it no longer has.
    index.replace_all(tx, {{"9", "Cariste"}});
    index.rebuild_vocabulary(tx);
    CHECK(index.search(tx, "boulanger", 10).empty());
    CHECK(index.corrected_terms(tx, "boulenger") == std::vector<std::string>{"boulenger"});
    tx.commit();
  }
}

TEST_CASE("coverage: how much of a label the query's words begin") {
  CHECK(coverage("Développeur / Développeuse informatique", {"developpeu"}) ==
        doctest::Approx(2.0 / 3));
  CHECK(coverage("Développeur-vendeur / Développeuse-vendeuse en photographies", {"developpeur"}) ==
        doctest::Approx(1.0 / 5));
  CHECK(coverage("Cuisinier / Cuisinière industriel", {"cuisinier"}) == doctest::Approx(2.0 / 3));
  CHECK(coverage("Aide à domicile", {"aide", "a", "domicile"}) == 1.0);
  CHECK(coverage("", {"x"}) == 0.0);
  CHECK(coverage("Développement local", {"developpeuse"}) == 0.0);  // no word begins so
  CHECK(coverage("Vendeur / Vendeuse en boulangerie", {"vendeuse", "en", "boulangerie"}) ==
        doctest::Approx(2.0 / 3));
}
