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
#include "eligibility/criteria.h"

namespace jalon::beneficiaries {
namespace {

using access::audit_entry;
using access::Session;

// Codes of other lists the filters read (beneficiaries do not include meetings or pathways,
// which depend on them): the exited status, an active contract, a planned appointment.
constexpr std::string_view kExited = "sorti";
constexpr std::string_view kActiveContract = "en_cours";
constexpr std::string_view kPlannedAppointment = "non_determine";

// The dates the filters compare with, computed once per request.
struct Days {
  std::string today, month_start, month_end, warn_by;
  dates::Date day;
};

Days days_of(Millis now) {
  Days d;
  d.day = dates::local_date(now);
  d.today = dates::iso(d.day);
  d.month_start = d.today.substr(0, 8) + "01";
  d.month_end = d.today.substr(0, 8) + "31";  // ISO text: every day of the month sorts before
  d.warn_by = dates::iso(dates::Date{d.day.days + eligibility::kExpiryWarningDays});
  return d;
}

void text_filter(const std::string& t, std::string& where, store::Params& p) {
  if (t.empty()) return;
  bool year = t.size() == 4 && std::all_of(t.begin(), t.end(), ::isdigit);
  if (year) {
    where += " AND b.birth_year = ?";
    p.emplace_back(text::to_int(t, 0));
    return;
  }
  for (const auto& w : detail::split(t, ' ')) {
    where += " AND b.search_key LIKE ?";
    p.emplace_back("%" + w + "%");
  }
}

// The filters of the person's follow-up, contract, eligibility and appointments.
void desk_filters(const CaseloadQuery& q, const Days& d, Millis now, std::string& where,
                  store::Params& p) {
  if (q.overdue) {
    where += " AND b.next_followup_on IS NOT NULL AND b.next_followup_on < ?";
    p.emplace_back(d.today);
  }
  if (q.no_contact_days > 0) {
    where += " AND COALESCE(b.last_contact_on, b.entry_date) <= ?";
    p.emplace_back(dates::iso(dates::Date{d.day.days - q.no_contact_days}));
  }
  if (q.no_referent) {
    where +=
        " AND NOT EXISTS (SELECT 1 FROM caseload_members nr WHERE nr.beneficiary_id = b.id AND "
        "nr.kind = 'referent')";
  }
  if (q.contract_ending) {
    where +=
        " AND EXISTS (SELECT 1 FROM contracts ce WHERE ce.beneficiary_id = b.id AND ce.status = "
        "? AND ce.ends_on >= ? AND ce.ends_on <= ?)";
    p.emplace_back(std::string(kActiveContract));
    p.emplace_back(d.month_start);
    p.emplace_back(d.month_end);
  }
  if (q.eligibility == "expiree" || q.eligibility == "a_renouveler") {
    where +=
        " AND (SELECT MAX(el.valid_until) FROM eligibility_diagnoses el WHERE el.beneficiary_id "
        "= b.id AND el.eligible = 1) < ?";
    p.emplace_back(q.eligibility == "expiree" ? d.today : d.warn_by);
  }
  if (q.missing_outcome) {
    where +=
        " AND EXISTS (SELECT 1 FROM appointments mo WHERE mo.beneficiary_id = b.id AND "
        "mo.starts_at < ? AND mo.status = ?)";
    p.emplace_back(now);
    p.emplace_back(std::string(kPlannedAppointment));
  }
}

// The WHERE clause of the caseload's filters (in the caller's scope), its parameters in `p`.
// `t` is the folded search text.
std::string filters(const Session& s, const CaseloadQuery& q, const std::string& t, const Days& d,
                    Millis now, store::Params& p) {
  std::string where = access::Scope::of(s).beneficiaries("b", p);
  text_filter(t, where, p);
  if (has_code(statuses(), q.status)) {
    where += " AND b.status = ?";
    p.emplace_back(q.status);
  } else if (q.status != "tous") {
    where += " AND b.status <> ?";  // exited people leave the default list
    p.emplace_back(std::string(kExited));
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
  desk_filters(q, d, now, where, p);
  return where;
}

std::string order_by(const std::string& sort) {
  if (sort == "entry") return "b.entry_date DESC, b.name_key";
  if (sort == "birth") return "b.birth_date, b.name_key";
  if (sort == "updated") return "b.updated_at DESC, b.name_key";
  if (sort == "followup") return "b.next_followup_on IS NULL, b.next_followup_on, b.name_key";
  return "b.name_key, b.birth_date";
}

// The cache key of a query's rows (without sort and page): the scope, every filter, and the
// day or the minute when a filter depends on it.
std::string filter_key(const Session& s, const CaseloadQuery& q, const std::string& t,
                       const Days& d, Millis now) {
  bool dated = q.overdue || q.no_contact_days > 0 || q.contract_ending || !q.eligibility.empty();
  return access::Scope::of(s).key() + "|" + t + "|" + q.status + "|" + q.contract + "|" +
         q.referent_id + "|" + q.theme + "|" + (q.overdue ? "r" : "") + "|" +
         std::to_string(q.no_contact_days) + "|" + (q.no_referent ? "n" : "") + "|" +
         (q.contract_ending ? "c" : "") + "|" + q.eligibility + "|" +
         (q.missing_outcome ? std::to_string(now / 60000) : "") + "|" + (dated ? d.today : "");
}

}  // namespace

const referential::List& caseload_sorts() {
  static const referential::List l = {{"name", "Nom"},
                                      {"entry", "Date d'entrée (récentes d'abord)"},
                                      {"birth", "Date de naissance"},
                                      {"followup", "Prochain suivi"},
                                      {"updated", "Dernière mise à jour"}};
  return l;
}

int64_t BeneficiaryService::caseload_count(const Session& s, const CaseloadQuery& q) {
  Millis now = clock_.now_ms();
  Days d = days_of(now);
  std::string t = text::fold(text::trim(q.text));
  store::Params p;
  std::string where = filters(s, q, t, d, now, p);
  auto tx = db_.read();
  int64_t generation = access::caseload_generation(tx, s.structure_id);
  int64_t n = counts_.get_or(filter_key(s, q, t, d, now), generation, [&] {
    return tx.query_one("SELECT COUNT(*) FROM beneficiaries b WHERE " + where, p)->i64(0);
  });
  tx.commit();
  return n;
}

CaseloadPage BeneficiaryService::caseload(const Session& s, const CaseloadQuery& q) {
  store::Params p;
  Millis now = clock_.now_ms();
  Days d = days_of(now);
  const std::string& today = d.today;
  std::string t = text::fold(text::trim(q.text));
  std::string where = filters(s, q, t, d, now, p);
  std::string order = order_by(q.sort);
  auto tx = db_.read();
  // The total is cached per scope and filters, and the page per scope, filters, sort, page and
  // day (the overdue flags), while the structure's generation is unchanged.
  int64_t generation = access::caseload_generation(tx, s.structure_id);
  std::string key = filter_key(s, q, t, d, now);
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
