// What the files of BeneficiaryService share (service.cc: creation and the record; caseload.cc;
// record_sections.cc: situation, diagnosis, project, eligibility; health.cc): lists stored as
// text, sealed values as base64, the caseload row's columns and mapper, and the section readers'
// transaction and LIMIT. Not for other domains.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "beneficiaries/service.h"
#include "core/dates.h"
#include "core/result.h"
#include "core/validation.h"
#include "store/row_reader.h"

namespace jalon::beneficiaries::detail {

// "a,b,c" <-> {"a", "b", "c"} (empty parts dropped).
std::string join(const std::vector<std::string>& v, char sep = ',');
std::vector<std::string> split(const std::string& s, char sep = ',');

// Sealed bytes as stored (base64, original variant); unb64 answers "" on bad input.
std::string b64(const std::string& raw);
std::string unb64(const std::string& text);

// A diagnosis item as the sealed health storage holds it, and back.
nlohmann::json item_json(const DiagnosisItem& it);
DiagnosisItem item_from_json(const nlohmann::json& j);
// A diagnosis item from the columns theme, item, kind, severity, status, note.
DiagnosisItem item_from_row(store::RowReader& r);

// The caseload row's columns (kSummaryColumns, 15 of them) as a Summary; `today` sets overdue.
inline constexpr const char* kSummaryColumns =
    "b.id, b.first_name, b.last_name, b.civility, b.birth_date, b.birth_year, "
    "COALESCE(b.commune_name, ''), b.status, b.scheme, b.contract_kind, "
    "COALESCE((SELECT u.display_name FROM caseload_members r JOIN users u ON u.id = r.user_id "
    "WHERE r.beneficiary_id = b.id AND r.kind = 'referent'), ''), b.entry_date, "
    "COALESCE(b.next_followup_on, ''), b.barrier_themes, COALESCE(b.last_contact_on, '')";
Summary summary_from(store::RowReader& r, const std::string& today);

// The header search's keys of a contact: the phone's digits reversed ("06 12 34 56 78" ->
// "8765432160", so the last digits typed are an index prefix) and the folded e-mail. Written by
// every write of the phone or e-mail (creation, edit).
std::string phone_rev(const std::string& phone);
std::string email_key(const std::string& email);

// A form's mistakes, one per field, in the form's order (issue 14: a form lists them all).
using validation::Mistakes;

// The checks creation and edit share: civility, names and birth date (14 to 100 years old
// `today`); e-mail, phone and the commune's length. The address commune is resolved in the COG
// afterwards (resolve_commune fills its code and name).
void check_names(const std::string& civility, const std::string& first, const std::string& last,
                 const std::string& birth_date, dates::Date today, Mistakes& errs);
void check_contact(const std::string& email, const std::string& phone,
                   const std::string& commune_name, Mistakes& errs);
Status resolve_commune(store::Database& db, std::string& commune_code, std::string& commune_name);

// f(tx) in a read transaction of its own, for the readers that also run in a caller's one.
template <typename F>
auto in_read_tx(store::Database& db, F f) {
  auto tx = db.read();
  auto out = f(tx);
  tx.commit();
  return out;
}

// A section reader: the rows of `sql` (one parameter, the person's id), limited to the `latest`
// ones when > 0, each mapped by map(RowReader&).
template <class T, class Map>
std::vector<T> newest(store::Tx& tx, const char* sql, const std::string& id, int latest, Map map) {
  std::string q = sql;
  store::Params p{id};
  if (latest > 0) {
    q += " LIMIT ?";
    p.emplace_back(latest);
  }
  std::vector<T> out;
  for (const auto& row : tx.query(q, p)) {
    store::RowReader r(row);
    out.push_back(map(r));
  }
  return out;
}

}  // namespace jalon::beneficiaries::detail
