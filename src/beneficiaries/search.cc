// PeopleSearch: the header search. The term is read as one kind (date, digits, identifier,
// text), each answered from its index of migration 0027 within the structure, then the caller's
// scope (access::Scope) keeps only the people they may see, so another structure's or another
// caseload's people are never found.
#include "beneficiaries/search.h"

#include <algorithm>
#include <cctype>

#include "access/policy.h"
#include "beneficiaries/service_internal.h"
#include "core/dates.h"
#include "core/text.h"

namespace jalon::beneficiaries {
namespace {

using access::Session;

constexpr std::size_t kMaxTerm = 100;    // code points
constexpr std::size_t kMinDigits = 4;    // "the last digits of a phone"
constexpr std::size_t kPhoneDigits = 9;  // a national number without its 0 or +33

const char* const kHint =
    "Saisissez au moins 3 lettres du nom ou du prénom, 4 chiffres du téléphone, une date de "
    "naissance (jj/mm/aaaa), une partie de l'e-mail ou un identifiant France Travail ou CAF.";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// "12/04/1990", "12-04-1990", "12.04.1990" or "1990-04-12" as "1990-04-12"; "" otherwise.
std::string date_of(std::string_view t) {
  auto digits = [&](std::size_t from, std::size_t n) {
    return std::all_of(t.begin() + from, t.begin() + from + n, is_digit);
  };
  if (t.size() != 10) return {};
  if (digits(0, 4) && t[4] == '-' && digits(5, 2) && t[7] == '-' && digits(8, 2))
    return std::string(t);
  char sep = t[2];
  if ((sep == '/' || sep == '-' || sep == '.') && t[5] == sep && digits(0, 2) && digits(3, 2) &&
      digits(6, 4)) {
    return std::string(t.substr(6, 4)) + "-" + std::string(t.substr(3, 2)) + "-" +
           std::string(t.substr(0, 2));
  }
  return {};
}

// The digits of a phone number as typed ("06 12 34 56 78", "+33 6…"), or "" when the term has
// anything else.
std::string phone_digits(std::string_view t) {
  std::string out;
  for (char c : t) {
    if (is_digit(c))
      out += c;
    else if (c != ' ' && c != '.' && c != '-' && c != '+')
      return {};
  }
  return out;
}

// An identifier: letters and digits, at least one digit and one letter ("1234567A").
bool identifier_like(std::string_view t) {
  return t.size() >= 5 && t.size() <= 20 && std::all_of(t.begin(), t.end(), is_alnum) &&
         std::any_of(t.begin(), t.end(), is_digit);
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The first string after every string that starts with `prefix` (digits only): "1234" -> "1235",
// "129" -> "13"; "" when there is none ("99").
std::string after_prefix(std::string prefix) {
  while (!prefix.empty() && prefix.back() == '9') prefix.pop_back();
  if (!prefix.empty()) ++prefix.back();
  return prefix;
}

// The words of a text term, folded, without LIKE's escape characters ("%" and "\"; "_" stays a
// one-character wildcard, which only ever finds more). An e-mail part is one word.
std::vector<std::string> words_of(const std::string& folded) {
  std::string t;
  for (char c : folded) {
    if (c == '%' || c == '\\') continue;
    bool sep = c == ' ' || (folded.find('@') == std::string::npos &&
                            (c == '-' || c == '\'' || c == '.' || c == ','));
    t += sep ? ' ' : c;
  }
  std::vector<std::string> out;
  for (auto& w : detail::split(t, ' ')) out.push_back(std::move(w));
  return out;
}

// Each kind answers the ids of its candidates within the structure from its index (a derived
// table the main query reads first, then the person's row, then the scope), its parameters
// appended to `p` in order. Reading the candidates first matters: otherwise both engines may
// walk the whole structure in name order (to skip the sort) and test each person.
std::string phone_candidates(const Session& s, const std::string& digits, store::Params& p) {
  std::string rev = detail::phone_rev(
      digits.size() > kPhoneDigits ? digits.substr(digits.size() - kPhoneDigits) : digits);
  std::string end = after_prefix(rev);
  std::string phone = "SELECT id FROM beneficiaries WHERE structure_id = ? AND phone_rev >= ?";
  p.insert(p.end(), {s.structure_id, rev});
  if (!end.empty()) {
    phone += " AND phone_rev < ?";
    p.emplace_back(end);
  }
  // Some France Travail and CAF identifiers are digits only.
  p.insert(p.end(), {s.structure_id, digits, s.structure_id, digits});
  return phone +
         " UNION SELECT id FROM beneficiaries WHERE structure_id = ? AND ft_id = ?"
         " UNION SELECT id FROM beneficiaries WHERE structure_id = ? AND caf_id = ?";
}

std::string identifier_candidates(const Session& s, const std::string& id, store::Params& p) {
  p.insert(p.end(), {s.structure_id, id, upper(id), s.structure_id, id, upper(id)});
  return "SELECT id FROM beneficiaries WHERE structure_id = ? AND ft_id IN (?, ?)"
         " UNION SELECT id FROM beneficiaries WHERE structure_id = ? AND caf_id IN (?, ?)";
}

// SQLite: the trigram phrases of the words of 3 characters or more ("ambe" is the trigrams
// "amb" "mbe" in a row, so the index alone answers a substring, without reading each row), at
// most `cap` rowids of people_search.
std::string fts_candidates(const std::vector<std::string>& words, long cap, store::Params& p) {
  std::string match;
  for (const auto& w : words) {
    if (w.size() < 3) continue;
    std::string phrase;
    for (char c : w) {
      if (c != '"') phrase += c;
    }
    match += (match.empty() ? "\"" : " \"") + phrase + "\"";
  }
  p.emplace_back(match);
  p.emplace_back(static_cast<int64_t>(cap));
  return "SELECT rowid AS r FROM people_search WHERE people_search MATCH ? LIMIT ?";
}

// Every word (of 3 characters or more: trigrams) is part of the name or of the e-mail, at most
// `cap` people of the structure. SQLite reads the trigram FTS5 table, PostgreSQL the pg_trgm
// indexes of the same LIKE conditions (the LIMIT keeps its planner from merging it into the
// name-ordered main query).
std::string text_candidates(store::Engine engine, const Session& s,
                            const std::vector<std::string>& words, long cap, store::Params& p) {
  if (engine == store::Engine::kSqlite) {
    std::string fts = fts_candidates(words, cap, p);
    p.emplace_back(s.structure_id);
    return "SELECT c.id FROM (" + fts +
           ") f CROSS JOIN beneficiaries c WHERE c.rowid = f.r AND c.structure_id = ?";
  }
  std::string where;
  p.emplace_back(s.structure_id);
  for (const auto& w : words) {
    if (w.size() < 3) continue;
    where += " AND (name_key LIKE ? OR email_key LIKE ?)";
    p.insert(p.end(), {"%" + w + "%", "%" + w + "%"});
  }
  p.emplace_back(static_cast<int64_t>(cap));
  return "SELECT id FROM beneficiaries WHERE structure_id = ?" + where + " LIMIT ?";
}

// The exact test of every word on the person's row (short words included).
std::string text_check(const std::vector<std::string>& words, store::Params& p) {
  std::string where;
  for (const auto& w : words) {
    where += " AND (b.name_key LIKE ? OR COALESCE(b.email_key, '') LIKE ?)";
    p.insert(p.end(), {"%" + w + "%", "%" + w + "%"});
  }
  return where;
}

struct Parsed {
  SearchKind kind = SearchKind::kText;
  std::string value;               // ISO date, digits or identifier
  std::vector<std::string> words;  // text
};

Result<Parsed> parse(std::string_view raw) {
  std::string t = text::trim(raw);
  if (text::length(t) > kMaxTerm || !text::valid_utf8(t)) {
    return Error::invalid("La recherche est limitée à 100 caractères.", "q");
  }
  if (std::string d = date_of(t); !d.empty()) {
    if (!dates::parse_iso_date(d).ok()) {
      return Error::invalid("Cette date de naissance n'existe pas : saisissez jj/mm/aaaa.", "q");
    }
    return Parsed{SearchKind::kBirthDate, d, {}};
  }
  if (std::string digits = phone_digits(t); !digits.empty()) {
    if (digits.size() < kMinDigits) return Error::invalid(kHint, "q");
    return Parsed{SearchKind::kPhone, digits, {}};
  }
  auto words = words_of(text::fold(t));
  // Letters and digits: an identifier, or a part of a name or e-mail that has digits.
  if (identifier_like(t)) return Parsed{SearchKind::kIdentifier, t, std::move(words)};
  bool long_enough = std::any_of(words.begin(), words.end(),
                                 [](const std::string& w) { return text::length(w) >= 3; });
  if (!long_enough) return Error::invalid(kHint, "q");
  return Parsed{SearchKind::kText, {}, std::move(words)};
}

constexpr long kCandidates = 500;               // enough for a page in any scope, usually
constexpr long kAllCandidates = 1'000'000'000;  // every one

// The people of `s`'s scope the term finds, sorted by name, at most kLimit + 1, from at most
// `cap` name/e-mail candidates.
std::vector<Summary> run(store::Database& db, const std::string& today, const Session& s,
                         const Parsed& q, long cap) {
  store::Params p;
  std::string from, where, tables = "beneficiaries b";
  switch (q.kind) {
    case SearchKind::kBirthDate:
      where = "b.birth_date = ?";  // the scope's structure and this: beneficiaries_scope_birth
      p.emplace_back(q.value);
      break;
    case SearchKind::kPhone:
      from = phone_candidates(s, q.value, p);
      break;
    case SearchKind::kIdentifier:
      from = identifier_candidates(s, q.value, p);  // its parameters come first
      from += " UNION SELECT id FROM (" + text_candidates(db.engine(), s, q.words, cap, p) + ") x";
      break;
    case SearchKind::kText:
      if (db.engine() == store::Engine::kSqlite) {
        // The trigram table's rows are the people's rows: join them directly.
        tables = "(" + fts_candidates(q.words, cap, p) + ") ps CROSS JOIN beneficiaries b";
        where = "b.rowid = ps.r";
      } else {
        from = text_candidates(db.engine(), s, q.words, cap, p);
        where = "1 = 1";
      }
      where += text_check(q.words, p);
      break;
  }
  // CROSS JOIN: SQLite keeps this order (candidates, then their row); PostgreSQL plans it.
  // The page's columns (the référent's name is a subquery) are read for the page's rows only,
  // after the candidates are sorted and cut.
  std::string top = "SELECT b.id FROM " + (from.empty() ? "" : "(" + from + ") m CROSS JOIN ") +
                    tables + " WHERE " + (from.empty() ? "" : "b.id = m.id AND ") +
                    (where.empty() ? "1 = 1" : where);
  top += " AND " + access::Scope::of(s).beneficiaries("b", p);
  top += " ORDER BY b.name_key, b.birth_date, b.id LIMIT ?";
  p.emplace_back(PeopleSearch::kLimit + 1);
  std::string sql = std::string("SELECT ") + detail::kSummaryColumns + " FROM (" + top +
                    ") t CROSS JOIN beneficiaries b WHERE b.id = t.id"
                    " ORDER BY b.name_key, b.birth_date, b.id";
  std::vector<Summary> people;
  auto tx = db.read();
  for (const auto& row : tx.query(sql, p)) {
    store::RowReader r(row);
    people.push_back(detail::summary_from(r, today));
  }
  tx.commit();
  return people;
}

}  // namespace

std::string_view search_kind_code(SearchKind k) {
  switch (k) {
    case SearchKind::kPhone:
      return "phone";
    case SearchKind::kBirthDate:
      return "birth_date";
    case SearchKind::kIdentifier:
      return "identifier";
    default:
      return "text";
  }
}

PeopleSearch::PeopleSearch(store::Database& db, const Clock& clock, access::AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit) {}

Result<SearchResults> PeopleSearch::find(const Session& s, std::string_view term) {
  auto parsed = parse(term);
  if (!parsed.ok()) return parsed.error();
  SearchResults out;
  out.kind = parsed->kind;
  std::string today = dates::iso(dates::local_date(clock_.now_ms()));
  // A common part of a name ("mart") has thousands of candidates in a structure: the first
  // kCandidates are enough when they give more than a page in the caller's scope (the page then
  // asks to narrow the term); otherwise every candidate is read.
  out.people = run(db_, today, s, *parsed, kCandidates);
  if (out.people.size() <= static_cast<std::size_t>(kLimit) && !parsed->words.empty()) {
    out.people = run(db_, today, s, *parsed, kAllCandidates);
  }
  if (out.people.size() > static_cast<std::size_t>(kLimit)) {
    out.people.pop_back();
    out.more = true;
  }
  // The term is personal data: the audit keeps what kind of term it was and its length.
  audit_.record_async(access::audit_entry(
      s, "search", "beneficiary", s.structure_id, "identity",
      "kind=" + std::string(search_kind_code(out.kind)) +
          ";length=" + std::to_string(text::length(text::trim(term))) +
          ";results=" + std::to_string(out.people.size()) + (out.more ? "+" : "")));
  return out;
}

}  // namespace jalon::beneficiaries
