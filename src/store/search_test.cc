// The search index's typo tolerance on both engines: edit distance, the vocabulary, and the
// correction of unknown words.
#include "store/search.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "core/stem.h"
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

TEST_CASE("French stems: plurals and feminines share a stem; the derived-forms list parses") {
  using jalon::text::french_stem;
  CHECK(french_stem("livreurs") == french_stem("livreur"));
  CHECK(french_stem("soins") == french_stem("soin"));
  CHECK(french_stem("vendeurs") == french_stem("vendeur"));
  CHECK(french_stem("vente") != french_stem("vendeur"));  // why the derived forms exist
  auto forms =
      parse_derived_forms("# comment\nvente vendeur vendeuse\n\nseul\nLivraison Livreur # x");
  REQUIRE(forms.size() == 2);  // a single word is no group
  CHECK(forms[0] == std::vector<std::string>{"vente", "vendeur", "vendeuse"});
  CHECK(forms[1] == std::vector<std::string>{"livraison", "livreur"});
  CHECK_FALSE(french_derived_forms().empty());
}

TEST_CASE(
    "a word matches its other forms through stems and derived forms; typed words rank first") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(engine_name(e));
    TestStore s(e);
    SearchIndex index("stem_test");
    auto tx = s.db().write();
    tx.exec_script(search_index_ddl(e, "stem_test") + search_vocabulary_ddl(e, "stem_test"));
    index.replace_all(tx, {{"1", "livreur / livreuse"},
                           {"2", "vendeur / vendeuse en boulangerie"},
                           {"3", "vente a distance"},
                           {"4", "conducteur de bus"}});
    index.rebuild_vocabulary(tx, parse_derived_forms("livraison livreur livreuse\nvente vendeur "
                                                     "vendeuse\n"));
    auto ids = [&](std::string_view q) {
      std::vector<std::string> out;
      auto terms = index.expanded_terms(tx, q);
      for (const auto& h : index.search(tx, terms, 10)) {
        if (coverage(h.body, terms) > 0) out.push_back(h.doc_id);
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    CHECK(ids("livreurs") == std::vector<std::string>{"1"});    // plural, by stem
    CHECK(ids("livraison") == std::vector<std::string>{"1"});   // derived form
    CHECK(ids("vente") == std::vector<std::string>{"2", "3"});  // the word and its derived
    CHECK(ids("vendeurs") == std::vector<std::string>{"2", "3"});
    CHECK(ids("jardinage").empty());  // no form of it is indexed: no match
    // The words as typed cover more than another form does.
    auto vente = index.expanded_terms(tx, "vente");
    REQUIRE(vente.size() == 1);
    CHECK(vente[0].word == "vente");
    CHECK(matched_as_typed("vente a distance", vente));
    CHECK_FALSE(matched_as_typed("vendeur / vendeuse", vente));
    CHECK(coverage("vente a distance", vente) == doctest::Approx(0.5));
    CHECK(coverage("vendeur / vendeuse", vente) == doctest::Approx(kOtherFormWeight));
    tx.commit();
  }
}
