// The header search finds a person by every key the issue names, within the caller's scope only,
// and audits each search without the term.
#include "beneficiaries/search.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "support/case_fixture.h"

using namespace jalon;
using access::Session;
using beneficiaries::SearchKind;

namespace {

struct Fixture : testing::CaseFixture {
  beneficiaries::PeopleSearch search{store.db(), clock, audit};
  using CaseFixture::CaseFixture;

  // A person with a name, first name, phone and e-mail in `s`'s caseload.
  std::string someone(const Session& s, const std::string& last, const std::string& first,
                      const std::string& phone, const std::string& email,
                      const std::string& birth = "1990-04-12") {
    beneficiaries::NewBeneficiary in;
    in.civility = "mme";
    in.first_name = first;
    in.last_name = last;
    in.birth_date = birth;
    in.email = email;
    in.phone = phone;
    in.prescriber_kind = "caf";
    in.entry_date = "2026-01-05";
    in.scheme = "iae";
    in.referent_id = s.user_id;
    in.notice_version = "2026-01";
    in.confirm_duplicate = true;
    auto r = people.create(s, in);
    REQUIRE(r.ok());
    return r->id;
  }

  // The last names found, in order; "!" + the message when the term is refused.
  std::vector<std::string> found(const Session& s, const std::string& term) {
    auto r = search.find(s, term);
    if (!r.ok()) return {"!" + r.error().field};
    std::vector<std::string> out;
    for (const auto& p : r->people) out.push_back(p.last_name);
    return out;
  }

  void set(const std::string& id, const std::string& column, const std::string& value) {
    auto tx = store.db().write();
    tx.exec("UPDATE beneficiaries SET " + column + " = ? WHERE id = ?", {value, id});
    tx.commit();
  }
};

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("the header search finds a person by name part, accents and case ignored") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    f.someone(f.c1, "Lefèvre-Dubois", "Héloïse", "06 12 34 56 78", "heloise.ld@exemple.fr");
    f.someone(f.c1, "Martin", "Zoé", "07 98 76 54 32", "");
    f.someone(f.c1, "Martineau", "Paul", "", "p.martineau@exemple.org");

    CHECK(f.found(f.c1, "lef") == Names{"Lefèvre-Dubois"});
    CHECK(f.found(f.c1, "LEFEVRE") == Names{"Lefèvre-Dubois"});
    CHECK(f.found(f.c1, "dubo") == Names{"Lefèvre-Dubois"});  // the second part of the name
    CHECK(f.found(f.c1, "eloi") == Names{"Lefèvre-Dubois"});  // the middle of the first name
    CHECK(f.found(f.c1, "  Héloïse Lefèvre ") == Names{"Lefèvre-Dubois"});  // both, any order
    CHECK(f.found(f.c1, "mart") == Names{"Martin", "Martineau"});           // sorted by name
    CHECK(f.found(f.c1, "zoe martin") == Names{"Martin"});
    CHECK(f.found(f.c1, "xyz").empty());
    // Part of an e-mail, with or without its "@".
    CHECK(f.found(f.c1, "p.martineau@") == Names{"Martineau"});
    CHECK(f.found(f.c1, "exemple.org") == Names{"Martineau"});
    // Too short: refused with the hint, on the box's field.
    CHECK(f.found(f.c1, "ma") == Names{"!q"});
    CHECK(f.found(f.c1, "") == Names{"!q"});
    CHECK(f.found(f.c1, std::string(101, 'a')) == Names{"!q"});
  }
}

TEST_CASE("the header search finds a person by phone digits, birth date and identifiers") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto a = f.someone(f.c1, "Aubert", "Lina", "06 12 34 56 78", "", "1985-02-28");
    auto b = f.someone(f.c1, "Benoit", "Sami", "+33 7 11 22 56 78", "");
    f.someone(f.c1, "Carre", "Ines", "", "");

    CHECK(f.found(f.c1, "5678") == Names{"Aubert", "Benoit"});  // the last digits
    CHECK(f.found(f.c1, "56 78") == Names{"Aubert", "Benoit"});
    CHECK(f.found(f.c1, "345678") == Names{"Aubert"});
    CHECK(f.found(f.c1, "0711225678") == Names{"Benoit"});  // national form of a +33 number
    CHECK(f.found(f.c1, "06 12 34 56 78") == Names{"Aubert"});
    CHECK(f.found(f.c1, "1234").empty());        // not the last digits
    CHECK(f.found(f.c1, "678") == Names{"!q"});  // 4 digits at least

    CHECK(f.found(f.c1, "28/02/1985") == Names{"Aubert"});
    CHECK(f.found(f.c1, "1985-02-28") == Names{"Aubert"});
    CHECK(f.found(f.c1, "12/04/1990") == Names{"Benoit", "Carre"});
    CHECK(f.found(f.c1, "31/02/1985") == Names{"!q"});  // no such date

    // France Travail and CAF identifiers (the edit form writes them; here SQL does).
    f.set(a, "ft_id", "4567890K");
    f.set(b, "caf_id", "1234567");
    CHECK(f.found(f.c1, "4567890K") == Names{"Aubert"});
    CHECK(f.found(f.c1, "4567890k") == Names{"Aubert"});
    CHECK(f.found(f.c1, "1234567") == Names{"Benoit"});
    CHECK(f.found(f.c1, "4567890X").empty());
    // Letters and digits may also be part of an e-mail.
    auto c = f.someone(f.c1, "Dumas", "Leo", "", "leo1987@exemple.fr");
    CHECK(f.found(f.c1, "leo1987") == Names{"Dumas"});
    f.set(c, "ft_id", "LEO1987");
    CHECK(f.found(f.c1, "leo1987") == Names{"Dumas"});  // found once

    auto r = f.search.find(f.c1, "5678");
    REQUIRE(r.ok());
    CHECK(r->kind == SearchKind::kPhone);
    CHECK_FALSE(r->more);
  }
}

TEST_CASE("the header search keeps to the caller's scope and audits without the term") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    f.someone(f.c1, "Garnier", "Ana", "06 00 00 11 11", "ana.garnier@exemple.fr");
    f.someone(f.c2, "Garnier", "Bob", "06 00 00 22 11", "bob.garnier@exemple.fr");
    f.someone(f.cb, "Garnier", "Cyd", "06 00 00 33 11", "cyd.garnier@exemple.fr");

    // Each counselor finds their own people only; another structure's are never found.
    CHECK(f.found(f.c1, "garnier") == Names{"Garnier"});
    CHECK(f.search.find(f.c1, "garnier")->people.front().first_name == "Ana");
    CHECK(f.search.find(f.c2, "garnier")->people.front().first_name == "Bob");
    CHECK(f.search.find(f.cb, "garnier")->people.front().first_name == "Cyd");
    CHECK(f.found(f.c1, "bob.garnier").empty());
    CHECK(f.found(f.c1, "2211").empty());
    CHECK(f.found(f.c1, "3311").empty());
    CHECK(f.found(f.c2, "0011 1").empty());  // "1 1100": c1's phone
    CHECK(f.found(f.c1, "12/04/1990").size() == 1);
    // The team coordinator sees the team's caseload (c1), not c2's; the admin sees no one.
    CHECK(f.search.find(f.coord, "garnier")->people.size() == 1);
    CHECK(f.found(f.admin, "garnier").empty());

    // Each search is audited as an identity read: kind and length, never the term.
    f.audit.flush();
    auto tx = f.store.db().read();
    auto row = tx.query_one(
        "SELECT category, details FROM audit_log WHERE action = 'search' AND actor_user_id = 'c2' "
        "ORDER BY seq DESC LIMIT 1");
    REQUIRE(row);
    CHECK(row->text(0) == "identity");
    CHECK(row->text(1) == "kind=phone;length=6;results=0");
    auto leaks = tx.query_one(
        "SELECT COUNT(*) FROM audit_log WHERE details LIKE '%garnier%' OR details LIKE '%2211%'");
    CHECK(leaks->i64(0) == 0);
    tx.commit();
  }
}

TEST_CASE("the header search follows edits of the name and e-mail, and caps its results") {
  for (auto e : jalon::testing::engines()) {
    CAPTURE(store::engine_name(e));
    Fixture f(e);
    auto id = f.someone(f.c1, "Roux", "Eva", "", "eva.roux@exemple.fr");
    // What the edit form writes (area A): the names with their keys, the e-mail with its key.
    f.set(id, "last_name", "Blanchard");
    f.set(id, "name_key", "blanchard eva");
    f.set(id, "email_key", "eva.blanchard@exemple.fr");
    CHECK(f.found(f.c1, "roux").empty());
    CHECK(f.found(f.c1, "blanch") == Names{"Blanchard"});
    CHECK(f.found(f.c1, "eva.blanchard@") == Names{"Blanchard"});

    for (int i = 0; i < beneficiaries::PeopleSearch::kLimit + 5; ++i) {
      f.someone(f.c1,
                "Durand" + std::string(1, static_cast<char>('a' + i % 26)) +
                    std::string(1, static_cast<char>('a' + i / 26)),
                "Noa", "", "");
    }
    auto r = f.search.find(f.c1, "durand");
    REQUIRE(r.ok());
    CHECK(r->people.size() == beneficiaries::PeopleSearch::kLimit);
    CHECK(r->more);
    CHECK(r->people.front().last_name == "Durandaa");
  }
}
