// The rates of the statistics page, the API and the exports: one aggregation over `exits`
// joined to their 6- and 24-month follow-ups, grouped by the chosen breakdown, so the page,
// the XLSX totals and the API read the same figures.
#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "outcomes/service.h"
#include "store/row_reader.h"

namespace jalon::outcomes {
namespace {

using access::Session;

std::string dimension(const std::string& by) {
  if (by == "annee") return "SUBSTR(e.exit_on, 1, 4)";
  if (by == "dispositif") return "e.scheme";
  if (by == "referent") return "COALESCE(e.referent_id, '')";
  if (by == "equipe") return "COALESCE(e.team_id, '')";
  if (by == "commune") return "e.commune_code";
  return "''";
}

// The exits of the query (structure, dates, filters) as a WHERE clause on `e`.
std::string where(const Session& s, const StatsQuery& q, store::Params& p) {
  std::string w = " WHERE e.structure_id = ?";
  p.emplace_back(s.structure_id);
  if (!q.from.empty()) {
    w += " AND e.exit_on >= ?";
    p.emplace_back(q.from);
  }
  if (!q.to.empty()) {
    w += " AND e.exit_on <= ?";
    p.emplace_back(q.to);
  }
  for (auto [v, col] :
       {std::pair{&q.scheme, "e.scheme"}, std::pair{&q.referent_id, "e.referent_id"},
        std::pair{&q.team_id, "e.team_id"}}) {
    if (v->empty()) continue;
    w += std::string(" AND ") + col + " = ?";
    p.emplace_back(*v);
  }
  return w;
}

// Per follow-up alias f: respondents, neutralised, employed, in the target job, unreachable,
// still to do.
std::string followup_sums(const std::string& f) {
  std::string answered = f + ".status = 'renseigne'";
  std::string neutral =
      f + ".situation IN (" + referential::sql_list(situations(), kNeutralised) + ")";
  std::string employed =
      f + ".situation IN (" + referential::sql_list(situations(), kEmployed) + ")";
  auto sum = [](const std::string& c) { return "SUM(CASE WHEN " + c + " THEN 1 ELSE 0 END)"; };
  return ", " + sum(answered) + ", " + sum(answered + " AND " + neutral) + ", " +
         sum(answered + " AND " + employed + " AND NOT " + neutral) + ", " +
         sum(answered + " AND " + employed + " AND NOT " + neutral + " AND " + f +
             ".in_target_job = 1") +
         ", " + sum(f + ".status = 'injoignable'") + ", " + sum(f + ".status = 'a_faire'");
}

// DARES-style (O10) over the 6-month respondents: in a job of one month or more at exit or at
// 6 months (access), and in a CDI, a CDD/intérim of the durable threshold or more, the civil
// service or one's own business at 6 months (durable).
std::string dares_sums(int durable_months) {
  std::string employed = referential::sql_list(situations(), kEmployed);
  std::string access = "f6.status = 'renseigne' AND ((f6.situation IN (" + employed +
                       ") AND COALESCE(f6.contract_months, 1) >= 1) OR (e.situation IN (" +
                       employed + ") AND COALESCE(e.contract_months, 1) >= 1))";
  std::string durable =
      "f6.status = 'renseigne' AND (f6.situation IN ('cdi', "
      "'fonction_publique', 'creation') OR (f6.situation IN ('cdd', 'interim') "
      "AND f6.contract_months >= " +
      std::to_string(durable_months) + "))";
  return ", SUM(CASE WHEN " + access + " THEN 1 ELSE 0 END), SUM(CASE WHEN " + durable +
         " THEN 1 ELSE 0 END)";
}

void add_rates(StatsRow& r, int small) {
  r.dynamic = rate(r.durable + r.transition + r.positive, r.examined, small);
  r.rncp6.global = rate(r.rncp6.global.numerator, r.rncp6.respondents - r.rncp6.neutralised, small);
  r.rncp6.target_job =
      rate(r.rncp6.target_job.numerator, r.rncp6.respondents - r.rncp6.neutralised, small);
  r.rncp24.global =
      rate(r.rncp24.global.numerator, r.rncp24.respondents - r.rncp24.neutralised, small);
  r.rncp24.target_job =
      rate(r.rncp24.target_job.numerator, r.rncp24.respondents - r.rncp24.neutralised, small);
  r.access6 = rate(r.access6.numerator, r.rncp6.respondents, small);
  r.durable6 = rate(r.durable6.numerator, r.rncp6.respondents, small);
}

void accumulate(StatsRow& t, const StatsRow& r) {
  t.exits += r.exits;
  t.examined += r.examined;
  t.durable += r.durable;
  t.transition += r.transition;
  t.positive += r.positive;
  t.other += r.other;
  t.unknown += r.unknown;
  t.days_total += r.days_total;
  for (auto [a, b] : {std::pair{&t.rncp6, &r.rncp6}, std::pair{&t.rncp24, &r.rncp24}}) {
    a->respondents += b->respondents;
    a->neutralised += b->neutralised;
    a->global.numerator += b->global.numerator;
    a->target_job.numerator += b->target_job.numerator;
  }
  t.unreachable6 += r.unreachable6;
  t.unreachable24 += r.unreachable24;
  t.to_do6 += r.to_do6;
  t.to_do24 += r.to_do24;
  t.access6.numerator += r.access6.numerator;
  t.durable6.numerator += r.durable6.numerator;
}

std::string row_label(store::Tx& tx, const std::string& by, const std::string& key) {
  if (key.empty()) return by.empty() ? "Ensemble" : "Non renseigné";
  if (by == "dispositif") {
    return std::string(referential::label_of(beneficiaries::schemes(), key));
  }
  if (by == "referent") {
    auto r = tx.query_one("SELECT display_name FROM users WHERE id = ?", {key});
    return r ? r->text(0) : key;
  }
  if (by == "equipe") {
    auto r = tx.query_one("SELECT name FROM teams WHERE id = ?", {key});
    return r ? r->text(0) : key;
  }
  if (by == "commune") {
    auto r = tx.query_one("SELECT commune_name FROM exits WHERE commune_code = ? LIMIT 1", {key});
    return r && !r->text(0).empty() ? r->text(0) + " (" + key + ")" : key;
  }
  return key;
}

}  // namespace

const referential::List& breakdowns() {
  static const referential::List l = {{"annee", "Année de sortie"},
                                      {"dispositif", "Dispositif"},
                                      {"referent", "Conseiller·ère référent·e"},
                                      {"equipe", "Équipe"},
                                      {"commune", "Territoire (commune de résidence)"}};
  return l;
}

Stats OutcomeService::statistics(const Session& s, const StatsQuery& q) {
  Stats out;
  out.small_cell = params_.small_cell;
  auto tx = db_.read();
  store::Params p;
  std::string w = where(s, q, p);
  std::string sql =
      "SELECT " + dimension(q.by) +
      ", COUNT(*), SUM(e.examined), SUM(CASE WHEN e.examined = 1 AND e.category = 'durable' THEN"
      " 1 ELSE 0 END), SUM(CASE WHEN e.examined = 1 AND e.category = 'transition' THEN 1 ELSE 0"
      " END), SUM(CASE WHEN e.examined = 1 AND e.category = 'positive' THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN e.examined = 1 AND e.category = 'autres' THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN e.category = 'inconnue' THEN 1 ELSE 0 END), SUM(e.days)" +
      followup_sums("f6") + followup_sums("f24") + dares_sums(params_.durable_months) +
      " FROM exits e LEFT JOIN exit_followups f6 ON f6.exit_id = e.id AND f6.moment = 'm6'"
      " LEFT JOIN exit_followups f24 ON f24.exit_id = e.id AND f24.moment = 'm24'" +
      w + (q.by.empty() ? std::string() : " GROUP BY " + dimension(q.by) + " ORDER BY 1");
  for (const auto& row : tx.query(sql, p)) {
    store::RowReader r(row);
    StatsRow x;
    x.key = r.text_or_empty();
    for (auto* v : {&x.exits, &x.examined, &x.durable, &x.transition, &x.positive, &x.other,
                    &x.unknown, &x.days_total}) {
      *v = r.i64_or(0);
    }
    for (auto [rn, unreachable, todo] : {std::tuple{&x.rncp6, &x.unreachable6, &x.to_do6},
                                         std::tuple{&x.rncp24, &x.unreachable24, &x.to_do24}}) {
      rn->respondents = r.i64_or(0);
      rn->neutralised = r.i64_or(0);
      rn->global.numerator = r.i64_or(0);
      rn->target_job.numerator = r.i64_or(0);
      *unreachable = r.i64_or(0);
      *todo = r.i64_or(0);
    }
    x.access6.numerator = r.i64_or(0);
    x.durable6.numerator = r.i64_or(0);
    x.label = row_label(tx, q.by, x.key);
    accumulate(out.total, x);
    add_rates(x, params_.small_cell);
    out.rows.push_back(std::move(x));
  }
  out.total.label = "Ensemble";
  add_rates(out.total, params_.small_cell);
  // Periods starting in the range: current ones, and earlier ones of people who came back.
  store::Params ep{s.structure_id};
  std::string range;
  for (auto [v, op] : {std::pair{&q.from, ">="}, std::pair{&q.to, "<="}}) {
    if (v->empty()) continue;
    range += std::string(" AND %s ") + op + " ?";
  }
  auto entries_sql = [&](const std::string& col) {
    std::string r = range;
    for (auto pos = r.find("%s"); pos != std::string::npos; pos = r.find("%s")) {
      r.replace(pos, 2, col);
    }
    return r;
  };
  store::Params ep2 = ep;
  for (auto* v : {&q.from, &q.to}) {
    if (!v->empty()) ep.emplace_back(*v);
  }
  for (auto* v : {&q.from, &q.to}) {
    if (!v->empty()) ep2.emplace_back(*v);
  }
  auto a = tx.query_one(
      "SELECT COUNT(*) FROM beneficiaries WHERE structure_id = ?" + entries_sql("entry_date"), ep);
  auto b = tx.query_one(
      "SELECT COUNT(*) FROM exits WHERE structure_id = ? AND reentered_on IS"
      " NOT NULL" +
          entries_sql("entry_on"),
      ep2);
  out.entries = (a ? a->i64(0) : 0) + (b ? b->i64(0) : 0);
  return out;
}

std::vector<PersonRow> OutcomeService::people_behind(const Session& s, const StatsQuery& q,
                                                     const std::string& figure,
                                                     const std::string& key) {
  std::vector<PersonRow> out;
  std::string cond;
  if (figure == "examined") {
    cond = " AND e.examined = 1";
  } else if (figure == "dynamic") {
    cond = " AND e.examined = 1 AND e.category IN ('durable', 'transition', 'positive')";
  } else if (figure == "durable" || figure == "transition" || figure == "positive") {
    cond = " AND e.examined = 1 AND e.category = '" + figure + "'";  // one of three literals
  } else if (figure != "exits") {
    return out;
  }
  auto tx = db_.read();
  store::Params p;
  std::string w = where(s, q, p);
  if (!q.by.empty()) {
    w += " AND " + dimension(q.by) + " = ?";
    p.emplace_back(key);
  }
  std::string scope = access::Scope::of(s).beneficiaries("b", p);
  for (const auto& row : tx.query(
           "SELECT b.id, b.last_name || ' ' || b.first_name, e.exit_on, e.category, e.situation"
           " FROM exits e JOIN beneficiaries b ON b.id = e.beneficiary_id" +
               w + cond + " AND " + scope +
               " ORDER BY b.last_name, b.first_name, e.exit_on LIMIT 500",
           p)) {
    store::RowReader r(row);
    PersonRow x;
    x.beneficiary_id = r.text();
    x.name = r.text();
    x.exit_on = r.text();
    x.category = r.text();
    x.situation = r.text();
    out.push_back(std::move(x));
  }
  audit_.record_async(access::audit_entry(s, "list", "exits", figure, "identity,outcomes",
                                          "n=" + std::to_string(out.size())));
  return out;
}

}  // namespace jalon::outcomes
