#include "beneficiaries/service.h"

#include <sodium.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "core/text.h"
#include "eligibility/criteria.h"
#include "referentials/communes.h"

namespace jalon::beneficiaries {
namespace {

using access::audit_entry;
using access::Session;
using nlohmann::json;

std::string join(const std::vector<std::string>& v, char sep = ',') {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? std::string(1, sep) : "") + v[i];
  return out;
}

std::vector<std::string> split(const std::string& s, char sep = ',') {
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

Status check_date(const std::string& v, const char* field, bool required,
                  std::optional<dates::Date>* out = nullptr) {
  if (v.empty()) {
    if (required) return Error::invalid("Cette date est obligatoire.", field);
    return ok_status();
  }
  auto d = dates::parse_iso_date(v, field);
  if (!d.ok()) return d.error();
  if (out) *out = *d;
  return ok_status();
}

Status check_text(const std::string& v, const char* field, const char* what, size_t max,
                  bool required) {
  if (v.empty() && required) return Error::invalid(std::string("Indiquez ") + what + ".", field);
  if (!text::valid_utf8(v) || text::length(v) > max) {
    return Error::invalid(std::string(what) + " : " + std::to_string(max) + " caractères au plus.",
                          field);
  }
  return ok_status();
}

Summary summary_from(const store::Row& r, const std::string& today) {
  Summary s;
  s.id = r.text(0);
  s.first_name = r.text(1);
  s.last_name = r.text(2);
  s.civility = r.text(3);
  s.birth_date = r.text(4);
  s.birth_year = static_cast<int>(r.i64(5));
  s.commune_name = r.text(6);
  s.status = r.text(7);
  s.scheme = r.text(8);
  s.contract_kind = r.text(9);
  s.referent_name = r.text(10);
  s.entry_date = r.text(11);
  s.next_followup_on = r.text(12);
  s.barrier_themes = r.text(13);
  s.overdue = !s.next_followup_on.empty() && s.next_followup_on < today;
  return s;
}

// f(tx) in a read transaction of its own, for the readers that also run in a caller's one.
template <typename F>
auto in_read_tx(store::Database& db, F f) {
  auto tx = db.read();
  auto out = f(tx);
  tx.commit();
  return out;
}

// A section reader's query and its parameter, limited to the `latest` records when > 0.
std::pair<std::string, store::Params> newest(const char* sql, const std::string& id, int latest) {
  if (latest <= 0) return {sql, {id}};
  return {std::string(sql) + " LIMIT ?", {id, latest}};
}

constexpr const char* kSummaryColumns =
    "b.id, b.first_name, b.last_name, b.civility, b.birth_date, b.birth_year, "
    "COALESCE(b.commune_name, ''), b.status, b.scheme, b.contract_kind, "
    "COALESCE((SELECT u.display_name FROM caseload_members r JOIN users u ON u.id = r.user_id "
    "WHERE r.beneficiary_id = b.id AND r.kind = 'referent'), ''), b.entry_date, "
    "COALESCE(b.next_followup_on, ''), b.barrier_themes";

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
  return in_read_tx(db_, [&](store::Tx& tx) { return counselors(tx, s.structure_id); });
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

Result<BeneficiaryService::Created> BeneficiaryService::create(const Session& s,
                                                               const NewBeneficiary& input) {
  NewBeneficiary in = input;
  if (in.notice_version.empty()) {
    return Error::invalid(
        "Indiquez la version de la notice d'information remise à la personne "
        "(obligatoire avant toute création de dossier).",
        "notice_version");
  }
  if (!has_code(civilities(), in.civility)) {
    return Error::invalid("Choisissez une civilité.", "civility");
  }
  if (auto st = check_text(in.last_name, "last_name", "le nom", 100, true); !st.ok())
    return st.error();
  if (auto st = check_text(in.first_name, "first_name", "le prénom", 100, true); !st.ok())
    return st.error();
  std::optional<dates::Date> birth, entry;
  if (auto st = check_date(in.birth_date, "birth_date", true, &birth); !st.ok()) return st.error();
  dates::Date today = dates::local_date(clock_.now_ms());
  if (birth->days > today.days - 14 * 365 || birth->days < today.days - 100 * 366) {
    return Error::invalid("La date de naissance doit correspondre à un âge entre 14 et 100 ans.",
                          "birth_date");
  }
  if (!in.email.empty() && access::normalize_email(in.email).empty()) {
    return Error::invalid("Adresse e-mail invalide, par exemple prenom.nom@exemple.fr.", "email");
  }
  if (!in.phone.empty()) {
    std::string digits;
    for (char c : in.phone) {
      if (c >= '0' && c <= '9')
        digits += c;
      else if (c != ' ' && c != '.' && c != '+' && c != '-')
        digits = "x";
    }
    if (digits.size() < 10 || digits.size() > 15) {
      return Error::invalid("Numéro de téléphone invalide, par exemple 06 12 34 56 78.", "phone");
    }
  }
  if (auto st = check_text(in.commune_name, "commune_name", "la commune", 100, false); !st.ok())
    return st.error();
  if (!in.commune_code.empty() || !in.commune_name.empty()) {
    // The address commune is one of the COG: the picker sends its code, a typed name is resolved.
    auto c = referentials::resolve_commune(
        db_, in.commune_code.empty() ? in.commune_name : in.commune_code);
    if (!c.ok()) return Error::invalid(c.error().message, "commune_name");
    in.commune_code = c->code;
    in.commune_name = c->name;
  }
  if (!has_code(prescriber_kinds(), in.prescriber_kind)) {
    return Error::invalid("Choisissez le type de prescripteur dans la liste.", "prescriber_kind");
  }
  if (auto st = check_text(in.prescriber_name, "prescriber_name", "le prescripteur", 150, false);
      !st.ok())
    return st.error();
  if (auto st = check_date(in.entry_date, "entry_date", true, &entry); !st.ok()) return st.error();
  if (!has_code(schemes(), in.scheme)) {
    return Error::invalid("Choisissez le dispositif dans la liste.", "scheme");
  }
  if (auto st =
          check_text(in.notice_version, "notice_version", "la version de la notice", 40, true);
      !st.ok())
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
    // Only the existence and whom to ask leave this function; each match is audited, since it
    // tells the caller that a person is accompanied here.
    for (const auto& r : tx.query(
             "SELECT b.id, COALESCE((SELECT u.display_name FROM caseload_members m JOIN users u "
             "ON u.id = m.user_id WHERE m.beneficiary_id = b.id AND m.kind = 'referent' AND "
             "u.disabled_at IS NULL), '') FROM beneficiaries b WHERE b.structure_id = ? AND "
             "b.name_key = ? AND b.birth_date = ? ORDER BY b.id",
             {s.structure_id, key, in.birth_date})) {
      out.duplicates.push_back({r.text(1).empty() ? "la coordination" : r.text(1)});
      audit_.record_async(audit_entry(s, "duplicate_check", "beneficiary", r.text(0), "identity",
                                      "match=name+birth_date"));
    }
    if (!out.duplicates.empty()) return out;
  }
  out.id = new_id(rng_);
  Millis now = clock_.now_ms();
  std::string search = text::fold(key + " " + in.commune_name);
  tx.exec(
      "INSERT INTO beneficiaries (id, structure_id, civility, first_name, last_name, birth_date, "
      "birth_year, email, phone, commune_code, commune_name, prescriber_kind, prescriber_name, "
      "entry_date, scheme, status, notice_version, notice_given_on, name_key, search_key, "
      "created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "'en_cours', ?, ?, ?, ?, ?, ?, ?)",
      {out.id,
       s.structure_id,
       in.civility,
       text::trim(in.first_name),
       text::trim(in.last_name),
       in.birth_date,
       std::stoi(in.birth_date.substr(0, 4)),
       in.email.empty() ? store::Value() : store::Value(access::normalize_email(in.email)),
       in.phone.empty() ? store::Value() : store::Value(in.phone),
       in.commune_code.empty() ? store::Value() : store::Value(in.commune_code),
       in.commune_name.empty() ? store::Value() : store::Value(in.commune_name),
       in.prescriber_kind,
       in.prescriber_name.empty() ? store::Value() : store::Value(in.prescriber_name),
       in.entry_date,
       in.scheme,
       in.notice_version,
       dates::iso(today),
       key,
       search,
       now,
       s.user_id,
       now});
  tx.exec(
      "INSERT INTO caseload_members (beneficiary_id, user_id, kind, since) VALUES (?, ?, "
      "'referent', ?)",
      {out.id, in.referent_id, now});
  bump_generation(tx, s.structure_id);
  audit_.record(tx, audit_entry(s, "create", "beneficiary", out.id, "identity",
                                "notice=" + in.notice_version));
  tx.commit();
  return out;
}

CaseloadPage BeneficiaryService::caseload(const Session& s, const CaseloadQuery& q) {
  store::Params p;
  std::string where = access::Scope::of(s).beneficiaries("b", p);
  std::string today = dates::iso(dates::local_date(clock_.now_ms()));
  std::string t = text::fold(text::trim(q.text));
  if (!t.empty()) {
    bool year = t.size() == 4 && std::all_of(t.begin(), t.end(), ::isdigit);
    if (year) {
      where += " AND b.birth_year = ?";
      p.emplace_back(std::stoi(t));
    } else {
      for (const auto& w : split(t, ' ')) {
        where += " AND b.search_key LIKE ?";
        p.emplace_back("%" + w + "%");
      }
    }
  }
  if (has_code(statuses(), q.status)) {
    where += " AND b.status = ?";
    p.emplace_back(q.status);
  }
  if (has_code(contract_kinds(), q.contract)) {
    where += " AND b.contract_kind = ?";
    p.emplace_back(q.contract);
  }
  if (!q.referent_id.empty()) {
    where +=
        " AND EXISTS (SELECT 1 FROM caseload_members rf WHERE rf.beneficiary_id = b.id AND "
        "rf.kind = 'referent' AND rf.user_id = ?)";
    p.emplace_back(q.referent_id);
  }
  if (find_theme(q.theme)) {
    where += " AND b.barrier_themes LIKE ?";
    p.emplace_back("%," + q.theme + ",%");
  }
  if (q.overdue) {
    where += " AND b.next_followup_on IS NOT NULL AND b.next_followup_on < ?";
    p.emplace_back(today);
  }
  std::string order = "b.name_key, b.birth_date";
  if (q.sort == "entry")
    order = "b.entry_date DESC, b.name_key";
  else if (q.sort == "birth")
    order = "b.birth_date, b.name_key";
  else if (q.sort == "updated")
    order = "b.updated_at DESC, b.name_key";
  CaseloadPage page;
  auto tx = db_.read();
  // The total is cached per scope and filters, and the page per scope, filters, sort, page and
  // day (the overdue flags), while the structure's generation is unchanged.
  int64_t generation = access::caseload_generation(tx, s.structure_id);
  std::string key = access::Scope::of(s).key() + "|" + t + "|" + q.status + "|" + q.contract + "|" +
                    q.referent_id + "|" + q.theme + "|" + (q.overdue ? today : "");
  std::string page_key = key + "|" + order + "|" + std::to_string(q.page) + "|" +
                         std::to_string(q.page_size) + "|" + today;
  std::optional<int64_t> cached;
  bool page_cached = false;
  {
    std::lock_guard lock(count_mutex_);
    if (auto p = pages_.find(page_key); p != pages_.end() && p->second.first == generation) {
      page = p->second.second;
      page_cached = true;
    } else if (auto c = counts_.find(key); c != counts_.end() && c->second.first == generation) {
      cached = c->second.second;
    }
  }
  if (!page_cached) {
    if (cached) {
      page.total = *cached;
    } else {
      page.total = tx.query_one("SELECT COUNT(*) FROM beneficiaries b WHERE " + where, p)->i64(0);
      std::lock_guard lock(count_mutex_);
      if (counts_.size() > 50000) counts_.clear();
      counts_[key] = {generation, page.total};
    }
    int size = std::clamp(q.page_size, 5, 100);
    page.pages = std::max<int>(1, static_cast<int>((page.total + size - 1) / size));
    page.page = std::clamp(q.page, 1, page.pages);
    store::Params pp = p;
    pp.emplace_back(size);
    pp.emplace_back((page.page - 1) * size);
    for (const auto& r :
         tx.query(std::string("SELECT ") + kSummaryColumns + " FROM beneficiaries b WHERE " +
                      where + " ORDER BY " + order + " LIMIT ? OFFSET ?",
                  pp)) {
      page.rows.push_back(summary_from(r, today));
    }
    page.counselors = counselors(tx, s.structure_id);
  }
  tx.commit();
  if (!page_cached) {
    std::lock_guard lock(count_mutex_);
    if (pages_.size() > kCachedPages) pages_.clear();
    pages_[page_key] = {generation, page};
  }
  audit_.record_async(audit_entry(s, "read", "caseload", s.structure_id, "identity",
                                  "rows=" + std::to_string(page.rows.size())));
  return page;
}

std::optional<Beneficiary> BeneficiaryService::get(const Session& s, const std::string& id,
                                                   std::string_view sections) {
  auto tx = db_.read();
  if (!visible(tx, s, id)) return std::nullopt;
  auto r = tx.query_one(std::string("SELECT ") + kSummaryColumns +
                            ", b.structure_id, COALESCE(b.email, ''), COALESCE(b.phone, ''), "
                            "COALESCE(b.commune_code, ''), b.prescriber_kind, "
                            "COALESCE(b.prescriber_name, ''), b.notice_version, "
                            "b.notice_given_on, b.version FROM beneficiaries b WHERE b.id = ?",
                        {id});
  Beneficiary b;
  b.summary = summary_from(*r, dates::iso(dates::local_date(clock_.now_ms())));
  b.structure_id = r->text(14);
  b.email = r->text(15);
  b.phone = r->text(16);
  b.commune_code = r->text(17);
  b.prescriber_kind = r->text(18);
  b.prescriber_name = r->text(19);
  b.notice_version = r->text(20);
  b.notice_given_on = r->text(21);
  b.version = static_cast<int>(r->i64(22));
  for (const auto& m : tx.query("SELECT u.id, u.display_name, cm.kind FROM caseload_members cm "
                                "JOIN users u ON u.id = cm.user_id WHERE cm.beneficiary_id = ? "
                                "ORDER BY CASE cm.kind WHEN 'referent' THEN 0 ELSE 1 END, "
                                "u.display_name",
                                {id})) {
    b.referents.emplace_back(m.text(0), m.text(1));
    if (m.text(0) == s.user_id && m.text(2) == "referent") b.caller_is_referent = true;
  }
  tx.commit();
  audit_read(s, id, sections);
  return b;
}

Result<std::string> BeneficiaryService::record_situation(const Session& s, const std::string& id,
                                                         const SituationRecord& in) {
  if (!in.education_level.empty() && !has_code(education_levels(), in.education_level)) {
    return Error::invalid("Choisissez un niveau de formation dans la liste.", "education_level");
  }
  if (!in.work_situation.empty() && !has_code(work_situations(), in.work_situation)) {
    return Error::invalid("Choisissez une situation dans la liste.", "work_situation");
  }
  if (!has_code(contract_kinds(), in.contract_kind)) {
    return Error::invalid("Choisissez un type de contrat d'engagement.", "contract_kind");
  }
  json rights = json::array();
  for (const auto& r : in.rights) {
    if (!has_code(beneficiaries::rights(), r.code))
      return Error::invalid("Droit inconnu.", "rights");
    if (auto st = check_date(r.since, ("since_" + r.code).c_str(), true); !st.ok()) {
      return Error::invalid("Indiquez depuis quand la personne perçoit " +
                                std::string(label_of(beneficiaries::rights(), r.code)) +
                                " (date au format AAAA-MM-JJ).",
                            "since_" + r.code);
    }
    rights.push_back({{"code", r.code}, {"since", r.since}});
  }
  for (const auto& l : in.licences) {
    if (!has_code(driving_licences(), l)) return Error::invalid("Permis inconnu.", "licences");
  }
  if (auto st = check_text(in.languages, "languages", "les langues", 200, false); !st.ok())
    return st.error();
  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  std::string rid = new_id(rng_);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO situation_records (id, beneficiary_id, recorded_on, recorded_at, recorded_by, "
      "education_level, work_situation, contract_kind, rights, licences, vehicle, languages) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {rid, id, dates::iso(dates::local_date(now)), now, s.user_id,
       in.education_level.empty() ? store::Value() : store::Value(in.education_level),
       in.work_situation.empty() ? store::Value() : store::Value(in.work_situation),
       in.contract_kind, rights.dump(), join(in.licences), in.vehicle ? 1 : 0,
       text::trim(in.languages)});
  tx.exec("UPDATE beneficiaries SET contract_kind = ? WHERE id = ?", {in.contract_kind, id});
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "update", "beneficiary", id, "social", "section=situation"));
  tx.commit();
  return rid;
}

std::vector<SituationRecord> BeneficiaryService::situations(const Beneficiary& b, int latest) {
  return in_read_tx(db_, [&](store::Tx& tx) { return situations(tx, b, latest); });
}

std::vector<SituationRecord> BeneficiaryService::situations(store::Tx& tx, const Beneficiary& b,
                                                            int latest) {
  const std::string& id = b.summary.id;
  std::vector<SituationRecord> out;
  auto [sql, params] = newest(
      "SELECT sr.id, sr.recorded_on, COALESCE(u.display_name, ''), "
      "COALESCE(sr.education_level, ''), COALESCE(sr.work_situation, ''), sr.contract_kind, "
      "sr.languages, sr.rights, sr.licences, sr.vehicle, sr.recorded_at FROM "
      "situation_records sr LEFT JOIN users u ON u.id = sr.recorded_by WHERE "
      "sr.beneficiary_id = ? ORDER BY sr.recorded_at DESC, sr.id",
      id, latest);
  for (const auto& r : tx.query(sql, params)) {
    SituationRecord x;
    x.id = r.text(0);
    x.recorded_on = r.text(1);
    x.recorded_by_name = r.text(2);
    x.education_level = r.text(3);
    x.work_situation = r.text(4);
    x.contract_kind = r.text(5);
    x.languages = r.text(6);
    for (const auto& j : json::parse(r.text(7))) {
      x.rights.push_back({j.at("code").get<std::string>(), j.at("since").get<std::string>()});
    }
    x.licences = split(r.text(8));
    x.vehicle = r.i64(9) != 0;
    x.recorded_at = r.i64(10);
    out.push_back(std::move(x));
  }
  return out;
}

Result<std::string> BeneficiaryService::record_diagnosis(const Session& s, const std::string& id,
                                                         const std::string& made_on,
                                                         const std::string& summary,
                                                         const std::vector<DiagnosisItem>& items) {
  auto tx = db_.write();
  auto r = record_diagnosis(tx, s, id, made_on, summary, items);
  if (r.ok()) tx.commit();
  return r;
}

Result<std::string> BeneficiaryService::record_diagnosis(store::Tx& tx, const Session& s,
                                                         const std::string& id,
                                                         const std::string& made_on,
                                                         const std::string& summary,
                                                         const std::vector<DiagnosisItem>& items) {
  std::optional<dates::Date> d;
  if (auto st = check_date(made_on, "made_on", true, &d); !st.ok()) return st.error();
  if (d->days > dates::local_date(clock_.now_ms()).days) {
    return Error::invalid("La date du diagnostic ne peut pas être dans le futur.", "made_on");
  }
  if (auto st = check_text(summary, "summary", "la synthèse", 4000, false); !st.ok())
    return st.error();
  std::set<std::string> themes_with_barriers;
  for (const auto& it : items) {
    const Theme* t = find_theme(it.theme);
    if (!t) return Error::invalid("Thème inconnu : " + it.theme, "theme");
    if (it.kind == "barrier") {
      const Situation* sit = find_situation(it.item);
      if (!sit || sit->theme != it.theme) {
        return Error::invalid("Situation inconnue pour le thème " + std::string(t->label) + ".",
                              "item_" + it.item);
      }
      if (it.severity < 1 || it.severity > 3) {
        return Error::invalid("Indiquez la sévérité du frein « " + std::string(sit->label) +
                                  " » (léger, important ou bloquant).",
                              "severity_" + it.item);
      }
    } else if (it.kind == "lever") {
      if (auto st =
              check_text(it.note, ("lever_" + it.theme).c_str(), "les points d'appui", 1000, false);
          !st.ok())
        return st.error();
    } else if (it.kind == "pro_status") {
      if (!t->professional || !has_code(pro_statuses(), it.status)) {
        return Error::invalid("Statut inconnu pour " + std::string(t->label) + ".",
                              "status_" + it.theme);
      }
    } else {
      return Error::invalid("Élément de diagnostic inconnu.", "kind");
    }
  }
  if (!visible(tx, s, id)) return Error::not_found();
  // Health items go to the health module, whatever theme they were recorded under (SR 2).
  std::vector<DiagnosisItem> plain, health;
  for (const auto& it : items) {
    (is_health_item(it.theme, it.item) ? health : plain).push_back(it);
  }
  if (!health.empty() && !health_allowed(tx, s, id)) {
    return Error::invalid(
        "Les informations de santé ne s'enregistrent que dans le module santé, par le ou la "
        "référent·e de la personne, quand la structure l'a activé.",
        "theme_sante");
  }
  std::string did = new_id(rng_);
  tx.exec(
      "INSERT INTO diagnoses (id, beneficiary_id, made_on, summary, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {did, id, made_on, text::trim(summary), clock_.now_ms(), s.user_id});
  for (const auto& it : plain) {
    tx.exec(
        "INSERT INTO diagnosis_items (diagnosis_id, theme, item, kind, severity, status, "
        "note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {did, it.theme, it.kind == "barrier" ? it.item : std::string(), it.kind, it.severity,
         it.status, text::trim(it.note)});
    if (it.kind == "barrier") themes_with_barriers.insert(it.theme);
  }
  if (!health.empty()) {
    json sealed = json::array();
    for (const auto& it : health) {
      sealed.push_back({{"theme", it.theme},
                        {"item", it.kind == "barrier" ? it.item : std::string()},
                        {"kind", it.kind},
                        {"severity", it.severity},
                        {"status", it.status},
                        {"note", text::trim(it.note)}});
    }
    tx.exec(
        "INSERT INTO diagnosis_health (diagnosis_id, beneficiary_id, sealed_items, created_at) "
        "VALUES (?, ?, ?, ?)",
        {did, id, b64(keys_.seal(sealed.dump(), "health:" + id)), clock_.now_ms()});
    audit_.record(tx,
                  audit_entry(s, "create", "diagnosis_health", did, "health", "beneficiary=" + id));
  }
  // The caseload's barrier filter follows the latest diagnosis.
  auto latest = tx.query_one(
      "SELECT id FROM diagnoses WHERE beneficiary_id = ? ORDER BY made_on "
      "DESC, created_at DESC LIMIT 1",
      {id});
  if (latest && latest->text(0) == did) {
    std::string themes = ",";
    for (const auto& t : themes_with_barriers) themes += t + ",";
    tx.exec("UPDATE beneficiaries SET barrier_themes = ? WHERE id = ?",
            {themes == "," ? std::string() : themes, id});
  }
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "create", "diagnosis", did, "social", "beneficiary=" + id));
  audit_.record(tx, audit_entry(s, "update", "beneficiary", id, "social", "section=diagnosis"));
  return did;
}

std::vector<Diagnosis> BeneficiaryService::diagnoses(const Beneficiary& b, int latest) {
  return in_read_tx(db_, [&](store::Tx& tx) { return diagnoses(tx, b, latest); });
}

std::vector<Diagnosis> BeneficiaryService::diagnoses(store::Tx& tx, const Beneficiary& b,
                                                     int latest) {
  const std::string& id = b.summary.id;
  std::vector<Diagnosis> out;
  auto [sql, params] = newest(
      "SELECT d.id, d.made_on, d.summary, COALESCE(u.display_name, "
      "'') FROM diagnoses d LEFT JOIN users u ON u.id = d.created_by "
      "WHERE d.beneficiary_id = ? ORDER BY d.made_on DESC, "
      "d.created_at DESC",
      id, latest);
  for (const auto& r : tx.query(sql, params)) {
    Diagnosis d{r.text(0), r.text(1), r.text(2), r.text(3), {}};
    for (const auto& i : tx.query("SELECT theme, item, kind, severity, status, note FROM "
                                  "diagnosis_items WHERE diagnosis_id = ? ORDER BY theme, item",
                                  {d.id})) {
      d.items.push_back(
          {i.text(0), i.text(1), i.text(2), static_cast<int>(i.i64(3)), i.text(4), i.text(5)});
    }
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::string> BeneficiaryService::record_project(const Session& s, const std::string& id,
                                                       const Project& in) {
  for (const auto& a : in.appellations) {
    if (a.empty() || a.size() > 8 || !std::all_of(a.begin(), a.end(), ::isdigit)) {
      return Error::invalid("Choisissez les métiers dans la liste des appellations ROME.",
                            "appellations");
    }
  }
  if (in.appellations.size() > 10) {
    return Error::invalid("Dix métiers au plus.", "appellations");
  }
  if (in.mobility_km < 0 || in.mobility_km > 300) {
    return Error::invalid("Le rayon de mobilité est compris entre 0 et 300 km.", "mobility_km");
  }
  for (const auto& t : in.transport) {
    if (!has_code(transport_means(), t))
      return Error::invalid("Moyen de transport inconnu.", "transport");
  }
  for (const auto& c : in.contracts) {
    if (!has_code(wanted_contracts(), c))
      return Error::invalid("Type de contrat inconnu.", "contracts");
  }
  if (!has_code(working_times(), in.working_time)) {
    return Error::invalid("Choisissez le temps de travail souhaité.", "working_time");
  }
  if (auto st = check_date(in.available_on, "available_on", false); !st.ok()) return st.error();
  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  std::string pid = new_id(rng_);
  tx.exec(
      "INSERT INTO project_records (id, beneficiary_id, recorded_at, recorded_by, "
      "appellations, mobility_km, transport, contracts, working_time, available_on) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {pid, id, clock_.now_ms(), s.user_id, join(in.appellations), in.mobility_km,
       join(in.transport), join(in.contracts), in.working_time,
       in.available_on.empty() ? store::Value() : store::Value(in.available_on)});
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "update", "beneficiary", id, "professional", "section=project"));
  tx.commit();
  return pid;
}

std::vector<Project> BeneficiaryService::projects(const Beneficiary& b, int latest) {
  return in_read_tx(db_, [&](store::Tx& tx) { return projects(tx, b, latest); });
}

std::vector<Project> BeneficiaryService::projects(store::Tx& tx, const Beneficiary& b, int latest) {
  const std::string& id = b.summary.id;
  std::vector<Project> out;
  auto [sql, params] = newest(
      "SELECT appellations, mobility_km, transport, contracts, "
      "working_time, COALESCE(available_on, ''), recorded_at FROM "
      "project_records WHERE beneficiary_id = ? ORDER BY recorded_at "
      "DESC, id",
      id, latest);
  for (const auto& r : tx.query(sql, params)) {
    out.push_back({split(r.text(0)), static_cast<int>(r.i64(1)), split(r.text(2)), split(r.text(3)),
                   r.text(4), r.text(5), r.i64(6)});
  }
  return out;
}

Result<std::string> BeneficiaryService::record_eligibility(
    const Session& s, const std::string& id, const std::string& siae_kind,
    const std::string& author_kind, const std::string& made_on,
    const std::vector<std::pair<std::string, std::string>>& criteria) {
  if (!eligibility::known_siae_kind(siae_kind)) {
    return Error::invalid("Choisissez le type de SIAE (ACI, EI, EITI, AI, ETTI).", "siae_kind");
  }
  if (author_kind != "prescriber" && author_kind != "employer") {
    return Error::invalid("Indiquez qui réalise le diagnostic.", "author_kind");
  }
  std::optional<dates::Date> d;
  if (auto st = check_date(made_on, "made_on", true, &d); !st.ok()) return st.error();
  std::vector<std::string> codes;
  for (const auto& [code, proof] : criteria) {
    if (!eligibility::find_criterion(code)) return Error::invalid("Critère inconnu.", "criteria");
    if (proof != "a_fournir" && proof != "fourni" && proof != "verifie") {
      return Error::invalid("Statut de justificatif inconnu.", "proof_" + code);
    }
    codes.push_back(code);
  }
  auto verdict = eligibility::evaluate(siae_kind, codes);
  auto until = eligibility::valid_until(
      author_kind == "employer" ? eligibility::Author::kEmployer : eligibility::Author::kPrescriber,
      *d);
  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  std::string eid = new_id(rng_);
  tx.exec(
      "INSERT INTO eligibility_diagnoses (id, beneficiary_id, siae_kind, author_kind, "
      "made_on, valid_until, eligible, explanation, created_at, created_by) VALUES (?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?)",
      {eid, id, siae_kind, author_kind, made_on, dates::iso(until), verdict.eligible ? 1 : 0,
       verdict.explanation, clock_.now_ms(), s.user_id});
  for (const auto& [code, proof] : criteria) {
    tx.exec(
        "INSERT INTO eligibility_criteria (eligibility_id, code, proof_status) VALUES (?, ?, "
        "?)",
        {eid, code, proof});
  }
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "update", "beneficiary", id, "social", "section=eligibility"));
  tx.commit();
  return eid;
}

std::vector<Eligibility> BeneficiaryService::eligibilities(const Beneficiary& b, int latest) {
  return in_read_tx(db_, [&](store::Tx& tx) { return eligibilities(tx, b, latest); });
}

std::vector<Eligibility> BeneficiaryService::eligibilities(store::Tx& tx, const Beneficiary& b,
                                                           int latest) {
  const std::string& id = b.summary.id;
  std::vector<Eligibility> out;
  int today = dates::local_date(clock_.now_ms()).days;
  auto [sql, params] = newest(
      "SELECT id, siae_kind, author_kind, made_on, valid_until, "
      "eligible, explanation FROM eligibility_diagnoses WHERE "
      "beneficiary_id = ? ORDER BY made_on DESC, created_at DESC",
      id, latest);
  for (const auto& r : tx.query(sql, params)) {
    Eligibility e;
    e.id = r.text(0);
    e.siae_kind = r.text(1);
    e.author_kind = r.text(2);
    e.made_on = r.text(3);
    e.valid_until = r.text(4);
    e.eligible = r.i64(5) != 0;
    e.explanation = r.text(6);
    e.days_left = dates::parse_iso_date(e.valid_until)->days - today;
    for (const auto& c : tx.query("SELECT code, proof_status FROM eligibility_criteria WHERE "
                                  "eligibility_id = ? ORDER BY code",
                                  {e.id})) {
      e.criteria.emplace_back(c.text(0), c.text(1));
    }
    out.push_back(std::move(e));
  }
  return out;
}

bool BeneficiaryService::health_allowed(const Session& s, const Beneficiary& b) {
  if (!b.caller_is_referent) return false;
  return in_read_tx(db_, [&](store::Tx& tx) { return health_allowed(tx, s, b); });
}

bool BeneficiaryService::health_allowed(store::Tx& tx, const Session& s, const std::string& id) {
  return tx
      .query_one(
          "SELECT 1 FROM caseload_members m JOIN beneficiaries b ON b.id = m.beneficiary_id JOIN "
          "structures st ON st.id = b.structure_id WHERE m.beneficiary_id = ? AND m.user_id = ? "
          "AND m.kind = 'referent' AND b.structure_id = ? AND st.health_module <> 0",
          {id, s.user_id, s.structure_id})
      .has_value();
}

bool BeneficiaryService::health_allowed(store::Tx& tx, const Session&, const Beneficiary& b) {
  if (!b.caller_is_referent) return false;
  auto r = tx.query_one("SELECT health_module FROM structures WHERE id = ?", {b.structure_id});
  return r && r->i64(0) != 0;
}

Synthesis BeneficiaryService::synthesis(const Session& s, const Beneficiary& b) {
  auto tx = db_.read();
  Synthesis out;
  out.situations = situations(tx, b, 1);
  out.diagnoses = diagnoses(tx, b, 1);
  out.projects = projects(tx, b, 1);
  out.eligibilities = eligibilities(tx, b, 1);
  out.health_allowed = health_allowed(tx, s, b);
  tx.commit();
  return out;
}

Result<std::string> BeneficiaryService::add_health_item(const Session& s, const std::string& id,
                                                        const HealthItem& in) {
  if (in.kind != "rqth" && in.kind != "mdph" && in.kind != "situation") {
    return Error::invalid("Choisissez le type d'information de santé.", "kind");
  }
  if (auto st = check_text(in.detail, "detail", "le détail", 2000, in.kind == "situation");
      !st.ok())
    return st.error();
  if (auto st = check_date(in.since, "since", false); !st.ok()) return st.error();
  auto b = get(s, id, "health");
  if (!b || !health_allowed(s, *b)) return Error::not_found();
  auto tx = db_.write();
  std::string hid = new_id(rng_);
  tx.exec(
      "INSERT INTO health_items (id, beneficiary_id, kind, sealed_detail, since, created_at, "
      "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {hid, id, in.kind, b64(keys_.seal(text::trim(in.detail), "health:" + id)),
       in.since.empty() ? store::Value() : store::Value(in.since), clock_.now_ms(), s.user_id});
  audit_.record(tx, audit_entry(s, "create", "health_item", hid, "health", "beneficiary=" + id));
  tx.commit();
  return hid;
}

std::vector<HealthItem> BeneficiaryService::health_items(const Session& s, const Beneficiary& b) {
  std::vector<HealthItem> out;
  if (!health_allowed(s, b)) return out;
  const std::string& id = b.summary.id;
  auto tx = db_.read();
  for (const auto& r : tx.query("SELECT id, kind, sealed_detail, COALESCE(since, '') FROM "
                                "health_items WHERE beneficiary_id = ? ORDER BY created_at DESC",
                                {id})) {
    auto plain = keys_.open(unb64(r.text(2)), "health:" + id);
    out.push_back({r.text(0), r.text(1), plain.value_or("(illisible)"), r.text(3)});
  }
  tx.commit();
  audit_read(s, id, "health");
  return out;
}

std::vector<HealthDiagnosis> BeneficiaryService::health_diagnoses(const Session& s,
                                                                  const Beneficiary& b) {
  std::vector<HealthDiagnosis> out;
  if (!health_allowed(s, b)) return out;
  const std::string& id = b.summary.id;
  auto tx = db_.read();
  for (const auto& r : tx.query(
           "SELECT h.diagnosis_id, d.made_on, h.sealed_items FROM diagnosis_health h JOIN "
           "diagnoses d ON d.id = h.diagnosis_id WHERE h.beneficiary_id = ? ORDER BY d.made_on "
           "DESC, d.created_at DESC",
           {id})) {
    HealthDiagnosis d{r.text(0), r.text(1), {}};
    auto plain = keys_.open(unb64(r.text(2)), "health:" + id);
    if (plain) {
      for (const auto& it : json::parse(*plain, nullptr, false)) {
        if (!it.is_object()) continue;
        d.items.push_back({it.value("theme", ""), it.value("item", ""), it.value("kind", ""),
                           it.value("severity", 0), it.value("status", ""), it.value("note", "")});
      }
    }
    out.push_back(std::move(d));
  }
  tx.commit();
  audit_read(s, id, "health");
  return out;
}

int BeneficiaryService::seal_plain_health_items() {
  auto tx = db_.write();
  // Diagnoses holding plain health items, with their person.
  std::map<std::string, std::pair<std::string, std::vector<DiagnosisItem>>> found;
  for (const auto& r :
       tx.query("SELECT i.diagnosis_id, d.beneficiary_id, i.theme, i.item, i.kind, i.severity, "
                "i.status, i.note FROM diagnosis_items i JOIN diagnoses d ON d.id = i.diagnosis_id "
                "WHERE i.theme = 'sante' OR i.item IN ('mo_sante', 'cf_sante_enfant') "
                "ORDER BY i.diagnosis_id, i.theme, i.item")) {
    auto& f = found[r.text(0)];
    f.first = r.text(1);
    f.second.push_back(
        {r.text(2), r.text(3), r.text(4), static_cast<int>(r.i64(5)), r.text(6), r.text(7)});
  }
  for (const auto& [did, entry] : found) {
    const auto& [bid, items] = entry;
    json sealed = json::array();
    // A diagnosis already sealed keeps its items, and the plain ones join them.
    if (auto prev = tx.query_one("SELECT sealed_items FROM diagnosis_health WHERE diagnosis_id = ?",
                                 {did})) {
      if (auto plain = keys_.open(unb64(prev->text(0)), "health:" + bid)) {
        sealed = json::parse(*plain, nullptr, false);
        if (!sealed.is_array()) sealed = json::array();
      }
      tx.exec("DELETE FROM diagnosis_health WHERE diagnosis_id = ?", {did});
    }
    for (const auto& it : items) {
      sealed.push_back({{"theme", it.theme},
                        {"item", it.item},
                        {"kind", it.kind},
                        {"severity", it.severity},
                        {"status", it.status},
                        {"note", it.note}});
    }
    tx.exec(
        "INSERT INTO diagnosis_health (diagnosis_id, beneficiary_id, sealed_items, created_at) "
        "VALUES (?, ?, ?, ?)",
        {did, bid, b64(keys_.seal(sealed.dump(), "health:" + bid)), clock_.now_ms()});
    tx.exec(
        "DELETE FROM diagnosis_items WHERE diagnosis_id = ? AND (theme = 'sante' OR item IN "
        "('mo_sante', 'cf_sante_enfant'))",
        {did});
  }
  // The caseload filter never shows a health theme.
  tx.exec(
      "UPDATE beneficiaries SET barrier_themes = REPLACE(barrier_themes, ',sante,', ',') WHERE "
      "barrier_themes LIKE '%,sante,%'");
  tx.exec("UPDATE beneficiaries SET barrier_themes = '' WHERE barrier_themes = ','");
  tx.commit();
  return static_cast<int>(found.size());
}

}  // namespace jalon::beneficiaries
