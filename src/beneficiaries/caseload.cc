// BeneficiaryService::caseload: the caller's caseload list (search, filters, sort, pagination).
// The total and the page are cached (GenerationCache) while the structure's caseload generation
// is unchanged: every write that changes what a scope sees bumps it.
#include <algorithm>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/service.h"
#include "beneficiaries/service_internal.h"
#include "core/dates.h"
#include "core/text.h"

namespace jalon::beneficiaries {
namespace {

using access::audit_entry;
using access::Session;

// The WHERE clause of the caseload's filters (in the caller's scope), its parameters in `p`.
// `t` is the folded search text, `today` the date the overdue filter compares with.
std::string filters(const Session& s, const CaseloadQuery& q, const std::string& t,
                    const std::string& today, store::Params& p) {
  std::string where = access::Scope::of(s).beneficiaries("b", p);
  if (!t.empty()) {
    bool year = t.size() == 4 && std::all_of(t.begin(), t.end(), ::isdigit);
    if (year) {
      where += " AND b.birth_year = ?";
      p.emplace_back(text::to_int(t, 0));
    } else {
      for (const auto& w : detail::split(t, ' ')) {
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
  return where;
}

std::string order_by(const std::string& sort) {
  if (sort == "entry") return "b.entry_date DESC, b.name_key";
  if (sort == "birth") return "b.birth_date, b.name_key";
  if (sort == "updated") return "b.updated_at DESC, b.name_key";
  return "b.name_key, b.birth_date";
}

}  // namespace

CaseloadPage BeneficiaryService::caseload(const Session& s, const CaseloadQuery& q) {
  store::Params p;
  std::string today = dates::iso(dates::local_date(clock_.now_ms()));
  std::string t = text::fold(text::trim(q.text));
  std::string where = filters(s, q, t, today, p);
  std::string order = order_by(q.sort);
  auto tx = db_.read();
  // The total is cached per scope and filters, and the page per scope, filters, sort, page and
  // day (the overdue flags), while the structure's generation is unchanged.
  int64_t generation = access::caseload_generation(tx, s.structure_id);
  std::string key = access::Scope::of(s).key() + "|" + t + "|" + q.status + "|" + q.contract + "|" +
                    q.referent_id + "|" + q.theme + "|" + (q.overdue ? today : "");
  std::string page_key = key + "|" + order + "|" + std::to_string(q.page) + "|" +
                         std::to_string(q.page_size) + "|" + today;
  auto cached = pages_.find(page_key, generation);
  CaseloadPage page;
  if (cached) {
    page = std::move(*cached);
  } else {
    page.total = counts_.get_or(key, generation, [&] {
      return tx.query_one("SELECT COUNT(*) FROM beneficiaries b WHERE " + where, p)->i64(0);
    });
    int size = std::clamp(q.page_size, 5, 100);
    page.pages = std::max<int>(1, static_cast<int>((page.total + size - 1) / size));
    page.page = std::clamp(q.page, 1, page.pages);
    store::Params pp = p;
    pp.emplace_back(size);
    pp.emplace_back((page.page - 1) * size);
    for (const auto& row : tx.query(std::string("SELECT ") + detail::kSummaryColumns +
                                        " FROM beneficiaries b WHERE " + where + " ORDER BY " +
                                        order + " LIMIT ? OFFSET ?",
                                    pp)) {
      store::RowReader r(row);
      page.rows.push_back(detail::summary_from(r, today));
    }
    page.counselors = counselors(tx, s.structure_id);
  }
  tx.commit();
  if (!cached) pages_.store(page_key, generation, page);
  audit_.record_async(audit_entry(s, "read", "caseload", s.structure_id, "identity",
                                  "rows=" + std::to_string(page.rows.size())));
  return page;
}

std::size_t BeneficiaryService::caseload_cache_hits() const {
  return pages_.hits();
}

}  // namespace jalon::beneficiaries
