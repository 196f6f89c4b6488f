// FSE+ participants (O5–O7): the common indicators of Reg. (EU) 2021/1057 Annex I by gender,
// from the record through the versioned mapping src/outcomes/data/fse_indicators.csv (the codes
// are marked "to verify" by the research: a new version of the file changes the mapping, not the
// code). The sensitive items Jalon does not collect (nationality, foreign background, minority)
// are listed as "non collecté", never guessed; a participant without them is still counted.
#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "access/policy.h"
#include "core/assets.h"
#include "core/dates.h"
#include "outcomes/service.h"
#include "store/row_reader.h"

namespace jalon::outcomes {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

bool has(const std::vector<std::string>& l, const std::string& v) {
  return std::find(l.begin(), l.end(), v) != l.end();
}

bool matches(const FseRule& r, const FseFacts& f) {
  auto any_of = [&](const std::vector<std::string>& got) {
    return std::any_of(got.begin(), got.end(), [&](const auto& g) { return has(r.values, g); });
  };
  if (r.field == "work_situation") return has(r.values, f.work_situation);
  if (r.field == "education_level") return has(r.values, f.education_level);
  if (r.field == "health") return any_of(f.health);
  if (r.field == "barrier") return any_of(f.barriers);
  if (r.field == "situation") {
    return has(r.values, r.moment == "6_mois" ? f.m6_situation : f.exit_situation);
  }
  if (r.field == "age" && f.age && !r.values.empty()) {
    auto range = split(r.values[0], '-');
    return range.size() == 2 && *f.age >= std::stoi(range[0]) && *f.age <= std::stoi(range[1]);
  }
  return false;  // not_collected, total (computed after), unknown fields
}

// The (entry) situation record's column: the first recorded during the period, else the last
// before it.
std::string at_entry(const char* column) {
  std::string c(column);
  return "COALESCE((SELECT sr." + c +
         " FROM situation_records sr WHERE sr.beneficiary_id = e.beneficiary_id"
         " AND sr.recorded_on >= e.entry_on AND sr.recorded_on <= e.exit_on"
         " ORDER BY sr.recorded_on, sr.recorded_at LIMIT 1), (SELECT sr." +
         c +
         " FROM situation_records sr WHERE sr.beneficiary_id = e.beneficiary_id"
         " AND sr.recorded_on < e.entry_on ORDER BY sr.recorded_on DESC, sr.recorded_at DESC"
         " LIMIT 1), '')";
}

std::string answered(const char* moment) {
  return std::string(
             "COALESCE((SELECT f.situation FROM exit_followups f WHERE f.exit_id = e.id"
             " AND f.moment = '") +
         moment + "' AND f.status = 'renseigne'), '')";
}

int age_on(const std::string& birth, const std::string& on) {
  if (birth.size() < 10 || on.size() < 10) return -1;
  int age = std::stoi(on.substr(0, 4)) - std::stoi(birth.substr(0, 4));
  if (on.substr(5, 5) < birth.substr(5, 5)) --age;
  return age;
}

}  // namespace

const std::vector<FseRule>& fse_rules() {
  static const std::vector<FseRule> rules = [] {
    auto text = assets::AssetSource("").get("outcomes/fse_indicators.csv");
    if (!text) throw std::logic_error("outcomes/fse_indicators.csv is not embedded");
    std::vector<FseRule> out;
    std::istringstream in(*text);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto f = split(line, ';');
      if (f.size() != 7) throw std::logic_error("fse_indicators.csv: 7 fields expected: " + line);
      out.push_back({f[0], f[1], f[2], f[3], f[4],
                     f[5].empty() ? std::vector<std::string>{} : split(f[5], '|'), f[6]});
    }
    return out;
  }();
  return rules;
}

std::vector<std::string> fse_codes(const FseFacts& f, const std::vector<FseRule>& rules,
                                   int* statuses) {
  std::vector<std::string> out;
  for (const auto& r : rules) {
    if (r.field == "total" || !matches(r, f)) continue;
    if (!r.requires_code.empty() && !has(out, r.requires_code)) continue;
    out.push_back(r.code);
  }
  // EECO01: the sum of the employment statuses; a participant has exactly one (O5).
  for (const auto& r : rules) {
    if (r.field != "total") continue;
    int n = 0;
    for (const auto& c : r.values) n += has(out, c) ? 1 : 0;
    if (statuses) *statuses = n;
    if (n == 1) out.push_back(r.code);
  }
  return out;
}

FseReport OutcomeService::fse_report(const access::Session& s, const StatsQuery& q,
                                     bool with_people) {
  const auto& rules = fse_rules();
  FseReport out;
  out.version = rules.empty() ? "" : rules.front().version;
  for (const auto& r : rules) {
    out.indicators.push_back({r.code, r.label, r.moment, r.field != "not_collected"});
  }
  auto tx = db_.read();
  store::Params p{s.structure_id};
  std::string w = " WHERE e.structure_id = ? AND (e.fse = 1 OR e.scheme = 'fse')";
  for (auto [v, cond] :
       {std::pair{&q.from, " AND e.exit_on >= ?"}, std::pair{&q.to, " AND e.exit_on <= ?"},
        std::pair{&q.scheme, " AND e.scheme = ?"},
        std::pair{&q.referent_id, " AND e.referent_id = ?"},
        std::pair{&q.team_id, " AND e.team_id = ?"}}) {
    if (v->empty()) continue;
    w += cond;
    p.emplace_back(*v);
  }
  store::Params sp = p;
  std::string scope = access::Scope::of(s).beneficiaries("b", sp);
  // Which participants the caller may see by name (the scope), among all counted.
  std::vector<std::string> visible;
  if (with_people) {
    for (const auto& row :
         tx.query("SELECT e.id FROM exits e JOIN beneficiaries b ON b.id = e.beneficiary_id" + w +
                      " AND " + scope,
                  sp)) {
      visible.push_back(row.text(0));
    }
  }
  for (const auto& row :
       tx.query("SELECT e.id, e.beneficiary_id, b.last_name || ' ' || b.first_name, b.civility,"
                " b.birth_date, e.entry_on, e.exit_on, e.situation, " +
                    answered("fse_4s") + ", " + answered("fse_m6") + ", " +
                    at_entry("work_situation") + ", " + at_entry("education_level") +
                    " FROM exits e JOIN beneficiaries b ON b.id = e.beneficiary_id" + w +
                    " ORDER BY b.last_name, b.first_name, e.exit_on",
                p)) {
    store::RowReader r(row);
    FseParticipant x;
    std::string exit_id = r.text();
    x.beneficiary_id = r.text();
    x.person = r.text();
    FseFacts f;
    f.civility = r.text();
    std::string birth = r.text();
    x.entry_on = r.text();
    x.exit_on = r.text();
    std::string at_exit = r.text(), four_weeks = r.text();
    f.exit_situation = four_weeks.empty() ? at_exit : four_weeks;
    f.m6_situation = r.text();
    f.work_situation = r.text();
    f.education_level = r.text();
    if (int a = age_on(birth, x.entry_on); a >= 0) f.age = a;
    for (const auto& h :
         tx.query("SELECT kind FROM health_items WHERE beneficiary_id = ?", {x.beneficiary_id})) {
      f.health.push_back(h.text(0));
    }
    for (const auto& d : tx.query(
             "SELECT di.item FROM diagnosis_items di JOIN diagnoses d ON d.id = di.diagnosis_id"
             " WHERE d.beneficiary_id = ? AND di.kind = 'barrier' AND d.made_on <= ?",
             {x.beneficiary_id, x.exit_on})) {
      f.barriers.push_back(d.text(0));
    }
    int statuses = 0;
    x.codes = fse_codes(f, rules, &statuses);
    x.status_ok = statuses == 1;
    if (!x.status_ok) ++out.status_mistakes;
    x.gender = f.civility == "mme" ? "femme" : f.civility == "m" ? "homme" : "autre";
    for (auto& ind : out.indicators) {
      if (!has(x.codes, ind.code)) continue;
      (x.gender == "femme" ? ind.women : x.gender == "homme" ? ind.men : ind.other) += 1;
    }
    // Completeness: gender, age, employment status, education, the situation at exit and, once
    // due, at 6 months.
    int expected = 5, filled = (f.civility != "nd") + (f.age ? 1 : 0) + (statuses == 1) +
                               !f.education_level.empty() + (f.exit_situation != "inconnue");
    if (add_months(x.exit_on, 6) <= dates::iso(dates::local_date(clock_.now_ms()))) {
      ++expected;
      filled += !f.m6_situation.empty();
    }
    x.completeness = 100 * filled / expected;
    if (with_people && has(visible, exit_id)) out.participants.push_back(std::move(x));
  }
  audit_.record_async(access::audit_entry(s, with_people ? "export" : "list", "exits", "fse",
                                          with_people ? "identity,outcomes,health" : "outcomes",
                                          "n=" + std::to_string(out.participants.size())));
  return out;
}

}  // namespace jalon::outcomes
