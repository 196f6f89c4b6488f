// The header search (issue 14, "find anyone from any page"): one box that finds a person within
// the caller's scope by part of the surname or first name (accents and case ignored, 3 letters
// are enough), part of the e-mail, the last digits of a phone number, the birth date
// (jj/mm/aaaa or aaaa-mm-jj), or a France Travail / CAF identifier. Every search is audited
// (category identity) with the kind and length of the term, never the term itself.
// Indexes: migration 0027 (trigram index on names and e-mails, phone_rev prefix, identifiers).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "beneficiaries/service.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::beneficiaries {

// What a term was read as.
enum class SearchKind { kText, kPhone, kBirthDate, kIdentifier };
std::string_view search_kind_code(SearchKind k);  // "text", "phone", "birth_date", "identifier"

struct SearchResults {
  SearchKind kind = SearchKind::kText;
  std::vector<Summary> people;  // sorted by name, at most PeopleSearch::kLimit
  bool more = false;            // there were more than kLimit: the caller should narrow the term
};

class PeopleSearch {
 public:
  static constexpr int kLimit = 50;

  PeopleSearch(store::Database& db, const Clock& clock, access::AuditLog& audit);
  // The people of the caller's scope the term finds. A term too short or malformed is an
  // invalid Error on field "q" that says what to type; nothing is read then.
  Result<SearchResults> find(const access::Session& s, std::string_view term);

 private:
  store::Database& db_;
  const Clock& clock_;
  access::AuditLog& audit_;
};

}  // namespace jalon::beneficiaries
