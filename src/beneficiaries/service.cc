// BeneficiaryService: the record itself (creation with the information notice and duplicate
// detection, the scoped and audited lookup) and what the other files of the service share. The
// caseload is in caseload.cc, the sections in record_sections.cc, the health module in health.cc.
#include "beneficiaries/service.h"

#include <sodium.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "access/policy.h"
#include "beneficiaries/checks.h"
#include "beneficiaries/followup.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/service_internal.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"
#include "referentials/communes.h"

namespace jalon::beneficiaries {

namespace detail {

std::string join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? std::string(1, sep) : "") + v[i];
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string b64(const std::string& raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();
  return out;
}

std::string unb64(const std::string& text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return {};
  }
  out.resize(len);
  return out;
}

nlohmann::json item_json(const DiagnosisItem& it) {
  return {{"theme", it.theme},       {"item", it.item},     {"kind", it.kind},
          {"severity", it.severity}, {"status", it.status}, {"note", it.note}};
}

DiagnosisItem item_from_json(const nlohmann::json& j) {
  return {j.value("theme", ""),   j.value("item", ""),   j.value("kind", ""),
          j.value("severity", 0), j.value("status", ""), j.value("note", "")};
}

// A braced list reads its cells left to right: theme, item, kind, severity, status, note.
DiagnosisItem item_from_row(store::RowReader& r) {
  return DiagnosisItem{r.text(), r.text(), r.text(), r.i32(), r.text(), r.text()};
}

Summary summary_from(store::RowReader& r, const std::string& today) {
  Summary s;
  s.id = r.text();
  s.first_name = r.text();
  s.last_name = r.text();
  s.civility = r.text();
  s.birth_date = r.text();
  s.birth_year = r.i32();
  s.commune_name = r.text();
  s.status = r.text();
  s.scheme = r.text();
  s.contract_kind = r.text();
  s.referent_name = r.text();
  s.entry_date = r.text();
  s.next_followup_on = r.text();
  s.barrier_themes = r.text();
  s.last_contact_on = r.text();
  s.overdue = !s.next_followup_on.empty() && s.next_followup_on < today;
  return s;
}

std::string phone_rev(const std::string& phone) {
  std::string out;
  for (auto it = phone.rbegin(); it != phone.rend(); ++it) {
    if (*it >= '0' && *it <= '9') out += *it;
  }
  return out;
}

std::string email_key(const std::string& email) {
  return text::fold(text::trim(email));
}

// A phone number: 10 to 15 digits, with spaces, dots, dashes or a leading + between them.
bool valid_phone(const std::string& phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c != ' ' && c != '.' && c != '+' && c != '-')
      return false;
  }
  return digits.size() >= 10 && digits.size() <= 15;
}

void check_names(const std::string& civility, const std::string& first, const std::string& last,
                 const std::string& birth_date, dates::Date today, Mistakes& errs) {
  if (!has_code(civilities(), civility)) {
    errs.add(Error::invalid("Choisissez une civilité.", "civility"));
  }
  errs.add(validation::text(last, "last_name", "le nom", 100, true));
  errs.add(validation::text(first, "first_name", "le prénom", 100, true));
  std::optional<dates::Date> birth;
  if (errs.add(validation::date(birth_date, "birth_date", true, &birth)) &&
      (birth->days > today.days - 14 * 365 || birth->days < today.days - 100 * 366)) {
    errs.add(Error::invalid("La date de naissance doit correspondre à un âge entre 14 et 100 ans.",
                            "birth_date"));
  }
}

void check_contact(const std::string& email, const std::string& phone,
                   const std::string& commune_name, Mistakes& errs) {
  if (!email.empty() && access::normalize_email(email).empty()) {
    errs.add(
        Error::invalid("Adresse e-mail invalide, par exemple prenom.nom@exemple.fr.", "email"));
  }
  if (!phone.empty() && !valid_phone(phone)) {
    errs.add(Error::invalid("Numéro de téléphone invalide, par exemple 06 12 34 56 78.", "phone"));
  }
  errs.add(validation::text(commune_name, "commune_name", "la commune", 100));
}

Status resolve_commune(store::Database& db, std::string& commune_code, std::string& commune_name) {
  if (commune_code.empty() && commune_name.empty()) return ok_status();
  // The address commune is one of the COG: the picker sends its code, a typed name is resolved.
  auto c = referentials::resolve_commune(db, commune_code.empty() ? commune_name : commune_code);
  if (!c.ok()) return Error::invalid(c.error().message, "commune_name");
  commune_code = c->code;
  commune_name = c->name;
  return ok_status();
}

}  // namespace detail

namespace {

using access::audit_entry;
using access::Session;
using detail::kSummaryColumns;
using detail::Mistakes;

// Who the person is: notice, civility, names, birth date (14 to 100 years old today).
void check_identity(const NewBeneficiary& in, dates::Date today, Mistakes& errs) {
  if (in.notice_version.empty()) {
    errs.add(
        Error::invalid("Indiquez la version de la notice d'information remise à la personne "
                       "(obligatoire avant toute création de dossier).",
                       "notice_version"));
  }
  detail::check_names(in.civility, in.first_name, in.last_name, in.birth_date, today, errs);
}

// How to reach the person and where they come from (the commune is resolved afterwards).
void check_contact_and_entry(const NewBeneficiary& in, Mistakes& errs) {
  detail::check_contact(in.email, in.phone, in.commune_name, errs);
  if (!has_code(prescriber_kinds(), in.prescriber_kind)) {
    errs.add(
        Error::invalid("Choisissez le type de prescripteur dans la liste.", "prescriber_kind"));
  }
  errs.add(validation::text(in.prescriber_name, "prescriber_name", "le prescripteur", 150));
  errs.add(validation::date(in.entry_date, "entry_date", true));
  if (!has_code(schemes(), in.scheme)) {
    errs.add(Error::invalid("Choisissez le dispositif dans la liste.", "scheme"));
  }
  errs.add(
      validation::text(in.notice_version, "notice_version", "la version de la notice", 40, true));
}

store::Value or_null(const std::string& v) {
  return v.empty() ? store::Value() : store::Value(v);
}

}  // namespace

std::string name_key(const std::string& last, const std::string& first) {
  std::string k = text::fold(last + " " + first);
  for (auto& c : k) {
    if (c == '-' || c == '\'' || c == '.') c = ' ';
  }
  std::string out;
  for (char c : k) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

BeneficiaryService::BeneficiaryService(store::Database& db, const Clock& clock, Random& rng,
                                       const access::Keys& keys, access::AuditLog& audit)
    : db_(db), clock_(clock), rng_(rng), keys_(keys), audit_(audit) {}

bool BeneficiaryService::visible(store::Tx& tx, const Session& s, const std::string& id) {
  store::Params p;
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  p.insert(p.begin(), id);
  return tx.query_one("SELECT 1 FROM beneficiaries b WHERE b.id = ? AND " + cond, p).has_value();
}

void BeneficiaryService::audit_read(const Session& s, const std::string& id,
                                    std::string_view category) {
  audit_.record_async(audit_entry(s, "read", "beneficiary", id, std::string(category)));
}

void BeneficiaryService::bump_generation(store::Tx& tx, const std::string& structure_id) {
  access::bump_caseload_generation(tx, structure_id);
}

void BeneficiaryService::touch(store::Tx& tx, const std::string& id) {
  tx.exec("UPDATE beneficiaries SET updated_at = ?, version = version + 1 WHERE id = ?",
          {clock_.now_ms(), id});
  auto r = tx.query_one("SELECT structure_id FROM beneficiaries WHERE id = ?", {id});
  if (r) bump_generation(tx, r->text(0));
}

std::vector<std::pair<std::string, std::string>> BeneficiaryService::counselors(const Session& s) {
  return detail::in_read_tx(db_, [&](store::Tx& tx) { return counselors(tx, s.structure_id); });
}

std::vector<std::pair<std::string, std::string>> BeneficiaryService::counselors(
    store::Tx& tx, const std::string& structure_id) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : tx.query("SELECT id, display_name FROM users WHERE structure_id = ? AND "
                                "role IN ('counselor', 'coordinator') AND disabled_at IS NULL "
                                "ORDER BY display_name",
                                {structure_id})) {
    out.emplace_back(r.text(0), r.text(1));
  }
  return out;
}

std::vector<BeneficiaryService::ExistingRecord> BeneficiaryService::duplicates(
    store::Tx& tx, const Session& s, const std::string& key, const std::string& birth_date) {
  // Only the existence and whom to ask leave this function; each match is audited, since it
  // tells the caller that a person is accompanied here.
  std::vector<ExistingRecord> out;
  for (const auto& r :
       tx.query("SELECT b.id, COALESCE((SELECT u.display_name FROM caseload_members m JOIN users u "
                "ON u.id = m.user_id WHERE m.beneficiary_id = b.id AND m.kind = 'referent' AND "
                "u.disabled_at IS NULL), '') FROM beneficiaries b WHERE b.structure_id = ? AND "
                "b.name_key = ? AND b.birth_date = ? ORDER BY b.id",
                {s.structure_id, key, birth_date})) {
    out.push_back({r.text(1).empty() ? "la coordination" : r.text(1)});
    audit_.record_async(audit_entry(s, "duplicate_check", "beneficiary", r.text(0), "identity",
                                    "match=name+birth_date"));
  }
  return out;
}

std::vector<Error> creation_mistakes(const NewBeneficiary& in, dates::Date today) {
  std::vector<Error> out;
  Mistakes errs{out};
  check_identity(in, today, errs);
  check_contact_and_entry(in, errs);
  return out;
}

Result<BeneficiaryService::Created> BeneficiaryService::create(const Session& s,
                                                               const NewBeneficiary& input) {
  NewBeneficiary in = input;
  dates::Date today = dates::local_date(clock_.now_ms());
  if (auto mistakes = creation_mistakes(in, today); !mistakes.empty())
    return detail::Mistakes{mistakes}.status().error();
  if (auto st = detail::resolve_commune(db_, in.commune_code, in.commune_name); !st.ok())
    return st.error();
  std::string key = name_key(in.last_name, in.first_name);
  auto tx = db_.write();
  if (!tx.query_one("SELECT 1 FROM users WHERE id = ? AND structure_id = ? AND role IN "
                    "('counselor', 'coordinator') AND disabled_at IS NULL",
                    {in.referent_id, s.structure_id})) {
    return Error::invalid("Choisissez le ou la référent·e parmi les conseillers de la structure.",
                          "referent_id");
  }
  Created out;
  if (!in.confirm_duplicate) {
    out.duplicates = duplicates(tx, s, key, in.birth_date);
    if (!out.duplicates.empty()) return out;
  }
  out.id = new_id(rng_);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO beneficiaries (id, structure_id, civility, first_name, last_name, birth_date, "
      "birth_year, email, phone, commune_code, commune_name, prescriber_kind, prescriber_name, "
      "entry_date, scheme, status, notice_version, notice_given_on, name_key, search_key, "
      "phone_rev, email_key, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, 'en_cours', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {out.id,
       s.structure_id,
       in.civility,
       text::trim(in.first_name),
       text::trim(in.last_name),
       in.birth_date,
       text::to_int(in.birth_date.substr(0, 4), 0),
       in.email.empty() ? store::Value() : store::Value(access::normalize_email(in.email)),
       or_null(in.phone),
       or_null(in.commune_code),
       or_null(in.commune_name),
       in.prescriber_kind,
       or_null(in.prescriber_name),
       in.entry_date,
       in.scheme,
       in.notice_version,
       dates::iso(today),
       key,
       text::fold(key + " " + in.commune_name),
       or_null(detail::phone_rev(in.phone)),
       or_null(detail::email_key(in.email)),
       now,
       s.user_id,
       now});
  tx.exec(
      "INSERT INTO caseload_members (beneficiary_id, user_id, kind, since) VALUES (?, ?, "
      "'referent', ?)",
      {out.id, in.referent_id, now});
  refresh_followup(tx, out.id, now);
  bump_generation(tx, s.structure_id);
  audit_.record(tx, audit_entry(s, "create", "beneficiary", out.id, "identity",
                                "notice=" + in.notice_version));
  tx.commit();
  return out;
}

std::optional<Beneficiary> BeneficiaryService::get(const Session& s, const std::string& id,
                                                   std::string_view sections) {
  auto tx = db_.read();
  if (!visible(tx, s, id)) return std::nullopt;
  auto row = tx.query_one(std::string("SELECT ") + kSummaryColumns +
                              ", b.structure_id, COALESCE(b.email, ''), COALESCE(b.phone, ''), "
                              "COALESCE(b.commune_code, ''), b.prescriber_kind, "
                              "COALESCE(b.prescriber_name, ''), b.notice_version, "
                              "b.notice_given_on, b.version, COALESCE(b.address_line, ''), "
                              "COALESCE(b.postal_code, ''), COALESCE(b.ft_id, ''), "
                              "COALESCE(b.caf_id, ''), COALESCE(b.pause_reason, ''), "
                              "COALESCE(b.pause_until, ''), COALESCE(b.exit_on, ''), "
                              "COALESCE(b.exit_reason, ''), COALESCE(b.last_contact_on, ''), "
                              "b.consent_email, b.consent_sms FROM beneficiaries b WHERE b.id = ?",
                          {id});
  store::RowReader r(*row);
  Beneficiary b;
  b.summary = detail::summary_from(r, dates::iso(dates::local_date(clock_.now_ms())));
  b.structure_id = r.text();
  b.email = r.text();
  b.phone = r.text();
  b.commune_code = r.text();
  b.prescriber_kind = r.text();
  b.prescriber_name = r.text();
  b.notice_version = r.text();
  b.notice_given_on = r.text();
  b.version = r.i32();
  for (auto* f : {&b.address_line, &b.postal_code, &b.ft_id, &b.caf_id, &b.pause_reason,
                  &b.pause_until, &b.exit_on, &b.exit_reason, &b.last_contact_on})
    *f = r.text();
  b.consent_email = r.i32() != 0;
  b.consent_sms = r.i32() != 0;
  for (const auto& m : tx.query("SELECT u.id, u.display_name, cm.kind FROM caseload_members cm "
                                "JOIN users u ON u.id = cm.user_id WHERE cm.beneficiary_id = ? "
                                "ORDER BY CASE cm.kind WHEN 'referent' THEN 0 ELSE 1 END, "
                                "u.display_name",
                                {id})) {
    b.referents.emplace_back(m.text(0), m.text(1));
    if (m.text(2) == "referent") {
      b.has_referent = true;
      if (m.text(0) == s.user_id) b.caller_is_referent = true;
    }
  }
  tx.commit();
  audit_read(s, id, sections);
  return b;
}

}  // namespace jalon::beneficiaries
