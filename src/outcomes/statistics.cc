// The rates of the statistics page, the API and the exports: one aggregation over `exits`
// joined to their 6- and 24-month follow-ups, grouped by the chosen breakdown, so the page,
// the XLSX totals and the API read the same figures.
#include <map>
#include <tuple>

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

// One distinct profile of `n` exits into a row: the IAE categories (O2/O3), each follow-up's
// respondents, neutralised, employed and in the target job (O8), unreachable, still to do, and
// the DARES-style access and durable employment at 6 months (O10).
void add_profile(StatsRow& x, const ExitProfile& p, int64_t n, int64_t days, int durable_months) {
  x.exits += n;
  x.days_total += days;
  if (p.examined) {
    x.examined += n;
    if (p.category == kDurable) x.durable += n;
    if (p.category == kTransition) x.transition += n;
    if (p.category == kPositive) x.positive += n;
    if (p.category == kOther) x.other += n;
  }
  if (p.category == kUnknownCategory) x.unknown += n;
  auto flags = [](std::string_view situation) {
    const auto* c = referential::find(situations(), situation);
    return c ? c->flags : 0;
  };
  for (auto [c, rn, unreachable, todo] :
       {std::tuple{&p.m6, &x.rncp6, &x.unreachable6, &x.to_do6},
        std::tuple{&p.m24, &x.rncp24, &x.unreachable24, &x.to_do24}}) {
    if (c->status == kUnreachable) *unreachable += n;
    if (c->status == kToDo) *todo += n;
    if (c->status != kAnswered) continue;
    std::uint32_t f = flags(c->situation);
    rn->respondents += n;
    if (f & kNeutralised) {
      rn->neutralised += n;
    } else if (f & kEmployed) {
      rn->global.numerator += n;
      if (c->target_job) rn->target_job.numerator += n;
    }
  }
  if (p.m6.status != kAnswered) return;
  bool employed6 = (flags(p.m6.situation) & kEmployed) && p.m6.months.value_or(1) >= 1;
  bool employed_at_exit = (flags(p.situation) & kEmployed) && p.months.value_or(1) >= 1;
  if (employed6 || employed_at_exit) x.access6.numerator += n;
  std::string_view s6 = p.m6.situation;
  if (s6 == "cdi" || s6 == "fonction_publique" || s6 == "creation" ||
      ((s6 == "cdd" || s6 == "interim") && p.m6.months && *p.m6.months >= durable_months)) {
    x.durable6.numerator += n;
  }
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

// The referents' and teams' names, read at each call (a renamed team shows at once, while the
// figures come from the cache).
void label_rows(store::Tx& tx, const Session& s, const std::string& by, Stats& st) {
  std::map<std::string, std::string> names;
  if (by == "referent" || by == "equipe") {
    for (const auto& row :
         tx.query(by == "referent" ? "SELECT id, display_name FROM users WHERE structure_id = ?"
                                   : "SELECT id, name FROM teams WHERE structure_id = ?",
                  {s.structure_id})) {
      names[row.text(0)] = row.text(1);
    }
  }
  for (auto& r : st.rows) {
    if (r.key.empty()) {
      r.label = by.empty() ? "Ensemble" : "Non renseigné";
    } else if (by == "dispositif") {
      r.label = std::string(referential::label_of(beneficiaries::schemes(), r.key));
    } else if (by == "referent" || by == "equipe") {
      auto it = names.find(r.key);
      r.label = it == names.end() ? r.key : it->second;
    } else if (by != "commune") {
      r.label = r.key;
    }
  }
  st.total.label = "Ensemble";
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

Stats OutcomeService::compute_statistics(store::Tx& tx, const Session& s, const StatsQuery& q) {
  Stats out;
  out.small_cell = params_.small_cell;
  store::Params p;
  std::string w = where(s, q, p);
  bool commune = q.by == "commune";
  // One scan of the covering index exits_rates: the exits grouped by (breakdown, profile).
  std::string sql = "SELECT " + dimension(q.by) + ", e.profile, COUNT(*), SUM(e.days)" +
                    (commune ? ", MIN(e.commune_name)" : "") + " FROM exits e" + w + " GROUP BY " +
                    (q.by.empty() ? "" : dimension(q.by) + ", ") + "e.profile ORDER BY 1";
  for (const auto& row : tx.query(sql, p)) {
    store::RowReader r(row);
    std::string key = r.text_or_empty();
    if (out.rows.empty() || out.rows.back().key != key) {
      out.rows.emplace_back();
      out.rows.back().key = key;
    }
    StatsRow& x = out.rows.back();
    int64_t profile = r.i64_or(0), n = r.i64(), days = r.i64_or(0);
    if (commune) {
      std::string name = r.text_or_empty();
      x.label = name.empty() || key.empty() ? key : name + " (" + key + ")";
    }
    add_profile(x, unpack(profile), n, days, params_.durable_months);
  }
  for (auto& x : out.rows) {
    accumulate(out.total, x);
    add_rates(x, params_.small_cell);
  }
  add_rates(out.total, params_.small_cell);
  // Periods starting in the range: current ones, and earlier ones of people who came back.
  for (auto [table, col, extra] :
       {std::tuple{"beneficiaries", "entry_date", ""},
        std::tuple{"exits", "entry_on", " AND reentered_on IS NOT NULL"}}) {
    store::Params ep{s.structure_id};
    std::string cond = std::string(" WHERE structure_id = ?") + extra;
    for (auto [v, op] : {std::pair{&q.from, " >= ?"}, std::pair{&q.to, " <= ?"}}) {
      if (v->empty()) continue;
      cond += std::string(" AND ") + col + op;
      ep.emplace_back(*v);
    }
    auto c = tx.query_one(std::string("SELECT COUNT(*) FROM ") + table + cond, ep);
    out.entries += c ? c->i64(0) : 0;
  }
  return out;
}

Stats OutcomeService::statistics(const Session& s, const StatsQuery& q) {
  // Valid while neither the exits (outcome generation) nor the people (caseload generation,
  // bumped by every new person: the entries) change.
  auto key_of = [&](store::Tx& tx) {
    return s.structure_id + '|' + q.from + '|' + q.to + '|' + q.scheme + '|' + q.referent_id + '|' +
           q.team_id + '|' + q.by + '|' +
           std::to_string(access::caseload_generation(tx, s.structure_id));
  };
  {
    auto tx = db_.read();
    if (auto hit = stats_cache_.find(key_of(tx), outcome_generation(tx, s.structure_id))) {
      label_rows(tx, s, q.by, *hit);
      return *hit;
    }
    // On a miss only: rows written without their profile (the demo, a bench) get it first.
    if (has_stale_profiles(tx, s.structure_id)) {
      tx.commit();
      auto w = db_.write();
      refresh_profiles(w, s.structure_id);
      w.commit();
    }
  }
  auto tx = db_.read();
  Stats out = compute_statistics(tx, s, q);
  stats_cache_.store(key_of(tx), outcome_generation(tx, s.structure_id), out);
  label_rows(tx, s, q.by, out);
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
  } else if (figure == "respondents6" || figure == "unreachable6" || figure == "employed6") {
    cond =
        " AND EXISTS (SELECT 1 FROM exit_followups f WHERE f.exit_id = e.id AND f.moment ="
        " 'm6' AND f.status = '" +
        std::string(figure == "unreachable6" ? kUnreachable : kAnswered) + "'" +
        (figure == "employed6"
             ? " AND f.situation IN (" + referential::sql_list(situations(), kEmployed) + ")"
             : std::string()) +
        ")";
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
