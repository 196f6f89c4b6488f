// ReportService: the pathway objectives and actions a report discusses, the draft saved while
// typing, and the copy of a finalised report given to the person.
#include <algorithm>

#include "access/policy.h"
#include "meetings/referentials.h"
#include "meetings/reports.h"
#include "store/row_reader.h"

namespace jalon::meetings {

using access::audit_entry;
using access::Session;

Status ReportService::link_items(store::Tx& tx, const Session& s, const Report& r,
                                 const std::vector<LinkedItem>& items) {
  if (items.size() > 50) return Error::invalid("Liez 50 objectifs ou actions au plus.", "items");
  for (const auto& it : items) {
    const char* table = it.kind == "objective" ? "pathway_objectives"
                        : it.kind == "action"  ? "pathway_actions"
                                               : nullptr;
    // Only the objectives and actions of the report's person (so of the caller's scope).
    if (!table || !looks_like_id(it.id) ||
        !tx.query_one(
            std::string("SELECT 1 FROM ") + table + " WHERE id = ? AND beneficiary_id = ?",
            {it.id, r.beneficiary_id})) {
      return Error::invalid(
          "Cet objectif ou cette action n'est pas dans le parcours de la personne.", "items");
    }
  }
  if (items == r.items) return ok_status();
  Millis now = clock_.now_ms();
  tx.exec("DELETE FROM report_items WHERE report_id = ?", {r.id});
  std::vector<std::string> seen;
  for (const auto& it : items) {
    if (std::find(seen.begin(), seen.end(), it.id) != seen.end()) continue;
    seen.push_back(it.id);
    tx.exec(
        "INSERT INTO report_items (report_id, item_kind, item_id, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?)",
        {r.id, it.kind, it.id, now, s.user_id});
  }
  return ok_status();
}

Status ReportService::set_items(const Session& s, const std::string& id,
                                const std::vector<LinkedItem>& items) {
  auto tx = db_.write();
  auto r = load(tx, s, id);
  if (!r) return Error::not_found();
  if (auto st = link_items(tx, s, *r, items); !st.ok()) return st;
  audit_.record(tx, audit_entry(s, "update", "interview_report", id, "pathway",
                                "items=" + std::to_string(items.size())));
  tx.commit();
  return ok_status();
}

Result<int> ReportService::autosave(
    const Session& s, const std::string& id,
    const std::vector<std::pair<std::string, std::string>>& sections, int version) {
  ReportInput in;
  in.version = version;
  in.sections = sections;
  in.autosave = true;
  if (auto st = save(s, id, in); !st.ok()) return st.error();
  auto tx = db_.read();
  auto row = tx.query_one("SELECT version FROM interview_reports WHERE id = ?", {id});
  tx.commit();
  if (!row) return Error::not_found();
  return static_cast<int>(row->i64(0));
}

Result<Report> ReportService::copy_for_person(const Session& s, const std::string& id) {
  auto tx = db_.read();
  auto r = load(tx, s, id);
  tx.commit();
  if (!r) return Error::not_found();
  if (!r->final()) {
    return Error::conflict(
        "Ce compte rendu est un brouillon : finalisez-le avant de le remettre à la personne.");
  }
  auto tmpl = report_template(r->kind);
  std::vector<std::pair<std::string, std::string>> kept;
  for (const auto& sec : r->sections) {
    auto t = std::find_if(tmpl.begin(), tmpl.end(),
                          [&](const ReportSection& x) { return x.code == sec.first; });
    if (t != tmpl.end() && !t->internal) kept.push_back(sec);
  }
  r->sections = std::move(kept);
  audit_.record_async(audit_entry(s, "export", "interview_report", id, "pathway", "copy=person"));
  return std::move(*r);
}

std::vector<ItemReport> ReportService::item_reports(const Session& s,
                                                    const std::string& beneficiary_id) {
  store::Params p{beneficiary_id};
  std::string scope = access::Scope::of(s).beneficiaries("b", p);
  auto tx = db_.read();
  std::vector<ItemReport> out;
  for (const auto& row :
       tx.query("SELECT ri.item_id, r.id, r.kind, r.status, a.starts_at FROM report_items ri JOIN "
                "interview_reports r ON r.id = ri.report_id JOIN appointments a ON a.id = "
                "r.appointment_id JOIN beneficiaries b ON b.id = r.beneficiary_id WHERE "
                "r.beneficiary_id = ? AND " +
                    scope + " ORDER BY a.starts_at DESC, r.id",
                p)) {
    store::RowReader c(row);
    ItemReport x;
    x.item_id = c.text();
    x.report_id = c.text();
    x.kind = c.text();
    x.status = c.text();
    x.appointment_at = c.i64();
    out.push_back(std::move(x));
  }
  tx.commit();
  return out;
}

}  // namespace jalon::meetings
