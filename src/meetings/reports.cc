#include "meetings/reports.h"

#include <algorithm>
#include <map>

#include "access/policy.h"
#include "beneficiaries/followup.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"
#include "meetings/referentials.h"
#include "store/row_reader.h"

namespace jalon::meetings {
namespace {

using access::audit_entry;
using access::Session;
using beneficiaries::DiagnosisItem;

constexpr size_t kMaxSection = 20'000;
constexpr size_t kMaxAddendum = 10'000;
// A person's reports as the list shows them (no sections, the number of addenda).
constexpr std::string_view kListed =
    "SELECT r.id, r.appointment_id, r.kind, r.status, a.starts_at, r.updated_at, "
    "COALESCE(r.finalised_at, 0), COALESCE(u.display_name, ''), (SELECT COUNT(*) FROM "
    "report_addenda ad WHERE ad.report_id = r.id) FROM interview_reports r JOIN beneficiaries b "
    "ON b.id = r.beneficiary_id JOIN appointments a ON a.id = r.appointment_id LEFT JOIN users u "
    "ON u.id = r.created_by ";
constexpr std::string_view kTooLong = "Ce texte est trop long";

bool in_template(std::string_view kind, std::string_view code) {
  auto t = report_template(kind);
  return std::any_of(t.begin(), t.end(), [&](const ReportSection& s) { return s.code == code; });
}

// Each section of the input belongs to the report's template and is not too long.
Status check_sections(const Report& before, const ReportInput& in) {
  std::vector<Error> out;
  validation::Mistakes errs{out};
  for (const auto& [code, body] : in.sections) {
    if (!in_template(before.kind, code)) {
      errs.add(Error::invalid("Section inconnue pour ce type d'entretien.", code));
    } else {
      errs.add(validation::text(body, code, kTooLong, kMaxSection));
    }
  }
  return errs.status();
}

// The diagnosis a report's barrier changes make: dated on the day of the interview, from the
// latest diagnosis (read before the write), which must not be more recent than the interview.
struct DiagnosisUpdate {
  std::string made_on;
  std::vector<DiagnosisItem> items;
};

Result<DiagnosisUpdate> diagnosis_update(MeetingService& meetings,
                                         beneficiaries::BeneficiaryService& people,
                                         const Session& s, const Report& before,
                                         const std::vector<BarrierChange>& changes) {
  for (const auto& c : changes) {
    if (!beneficiaries::find_situation(c.item) || c.severity < 0 || c.severity > 3) {
      return Error::invalid("Frein inconnu ou sévérité invalide.", "barrier_" + c.item);
    }
  }
  DiagnosisUpdate u;
  u.made_on = dates::iso(dates::local_date(before.appointment_at, meetings.zone(s)));
  auto b = people.get(s, before.beneficiary_id, "social");
  if (!b) return Error::not_found();
  auto diags = people.diagnoses(*b);
  if (!diags.empty() && diags.front().made_on > u.made_on) {
    return Error::invalid("Un diagnostic plus récent que cet entretien existe (du " +
                              dates::french(*dates::parse_iso_date(diags.front().made_on)) +
                              ") : mettez-le à jour depuis l'onglet Diagnostic.",
                          "barrier_changes");
  }
  u.items = apply_barrier_changes(
      diags.empty() ? std::vector<DiagnosisItem>{} : diags.front().items, changes);
  return u;
}

// Records the update in the report's transaction and links it to the report: the new
// diagnosis's id, or its error (on the barrier_changes field).
Result<std::string> record_update(store::Tx& tx, beneficiaries::BeneficiaryService& people,
                                  const Session& s, const Report& r, const DiagnosisUpdate& u,
                                  Millis now) {
  std::string summary = "Mis à jour depuis le compte rendu de l'entretien du " +
                        dates::french(*dates::parse_iso_date(u.made_on)) + ".";
  auto did = people.record_diagnosis(tx, s, r.beneficiary_id, u.made_on, summary, u.items);
  if (!did.ok()) {
    Error e = did.error();
    if (e.field.empty() || e.field == "made_on") e.field = "barrier_changes";
    return e;
  }
  tx.exec("INSERT INTO report_diagnoses (report_id, diagnosis_id, created_at) VALUES (?, ?, ?)",
          {r.id, *did, now});
  return did;
}

}  // namespace

Status check_finalisable(const std::string& topics) {
  if (!text::trim(topics).empty()) return ok_status();
  return Error::invalid("Pour finaliser le compte rendu, renseignez au moins les points abordés.",
                        std::string(kRequiredSection));
}

std::vector<DiagnosisItem> apply_barrier_changes(const std::vector<DiagnosisItem>& latest,
                                                 const std::vector<BarrierChange>& changes) {
  std::map<std::string, int> wanted;
  for (const auto& c : changes) wanted[c.item] = c.severity;
  std::vector<DiagnosisItem> out;
  for (const auto& it : latest) {
    if (it.kind != "barrier") {
      out.push_back(it);
      continue;
    }
    auto w = wanted.find(it.item);
    if (w == wanted.end()) {
      out.push_back(it);
    } else {
      if (w->second > 0) {
        DiagnosisItem changed = it;
        changed.severity = w->second;
        out.push_back(changed);
      }
      wanted.erase(w);
    }
  }
  for (const auto& [item, severity] : wanted) {
    if (severity <= 0) continue;  // lifting a barrier that is not there changes nothing
    const auto* sit = beneficiaries::find_situation(item);
    out.push_back(
        {sit ? std::string(sit->group) : std::string(), item, "barrier", severity, "", ""});
  }
  return out;
}

ReportService::ReportService(store::Database& db, const Clock& clock, Random& rng,
                             access::AuditLog& audit, MeetingService& meetings,
                             beneficiaries::BeneficiaryService& beneficiaries)
    : db_(db),
      clock_(clock),
      rng_(rng),
      audit_(audit),
      meetings_(meetings),
      beneficiaries_(beneficiaries) {}

std::optional<Report> ReportService::load(store::Tx& tx, const Session& s, const std::string& id) {
  if (!looks_like_id(id)) return std::nullopt;
  store::Params p{id};
  std::string scope = access::Scope::of(s).beneficiaries("b", p);
  auto r = tx.query_one(
      "SELECT r.id, r.beneficiary_id, r.appointment_id, r.kind, r.status, r.version, "
      "a.starts_at, r.created_at, r.updated_at, COALESCE(r.finalised_at, 0), "
      "COALESCE(u.display_name, ''), COALESCE(f.display_name, '') FROM interview_reports r "
      "JOIN beneficiaries b ON b.id = r.beneficiary_id JOIN appointments a ON a.id = "
      "r.appointment_id LEFT JOIN users u ON u.id = r.created_by LEFT JOIN users f ON f.id = "
      "r.finalised_by WHERE r.id = ? AND " +
          scope,
      p);
  if (!r) return std::nullopt;
  // A braced list reads its cells left to right, in the order of the SELECT and of Report.
  store::RowReader c(*r);
  Report out{c.text(), c.text(), c.text(), c.text(), c.text(), c.i32(),
             c.i64(),  c.i64(),  c.i64(),  c.i64(),  c.text(), c.text()};
  std::map<std::string, std::string> bodies;
  for (const auto& row :
       tx.query("SELECT section, body FROM interview_report_sections WHERE report_id = ?", {id})) {
    bodies[row.text(0)] = row.text(1);
  }
  for (const auto& sec : report_template(out.kind)) {
    out.sections.emplace_back(std::string(sec.code), bodies[std::string(sec.code)]);
  }
  for (const auto& row : tx.query("SELECT ad.id, ad.body, COALESCE(u.display_name, ''), "
                                  "ad.created_at FROM report_addenda ad LEFT JOIN users u ON "
                                  "u.id = ad.created_by WHERE ad.report_id = ? ORDER BY "
                                  "ad.created_at, ad.id",
                                  {id})) {
    store::RowReader c(row);
    Addendum ad;
    ad.id = c.text();
    ad.body = c.text();
    ad.author_name = c.text();
    ad.created_at = c.i64();
    out.addenda.push_back(std::move(ad));
  }
  for (const auto& row : tx.query("SELECT d.made_on FROM report_diagnoses rd JOIN diagnoses d ON "
                                  "d.id = rd.diagnosis_id WHERE rd.report_id = ? ORDER BY "
                                  "rd.created_at, d.id",
                                  {id})) {
    out.diagnoses.push_back(row.text(0));
  }
  for (const auto& row : tx.query("SELECT item_kind, item_id FROM report_items WHERE report_id = "
                                  "? ORDER BY item_kind DESC, created_at, item_id",
                                  {id})) {
    out.items.push_back({row.text(0), row.text(1)});
  }
  return out;
}

Result<std::string> ReportService::start(const Session& s, const std::string& appointment_id) {
  try {
    auto tx = db_.write();
    auto a = meetings_.get(tx, s, appointment_id);
    if (!a) return Error::not_found();
    if (!a->report_id.empty()) return a->report_id;
    if (auto st = check_report_start(a->state()); !st.ok()) return st.error();
    std::string id = new_id(rng_);
    Millis now = clock_.now_ms();
    tx.exec(
        "INSERT INTO interview_reports (id, structure_id, beneficiary_id, appointment_id, "
        "kind, status, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)",
        {id, a->structure_id, a->beneficiary_id, a->id, a->kind, std::string(kDraft), now,
         s.user_id, now, s.user_id});
    audit_.record(
        tx, audit_entry(s, "create", "interview_report", id, "pathway", "appointment=" + a->id));
    beneficiaries::refresh_followup(tx, a->beneficiary_id, now);
    tx.commit();
    return id;
  } catch (const store::StoreError& e) {
    // Two counselors started the report of the same appointment at once: keep the first.
    if (e.kind() != store::StoreError::Kind::kConstraint) throw;
    auto tx = db_.read();
    auto a = meetings_.get(tx, s, appointment_id);
    tx.commit();
    if (!a || a->report_id.empty()) throw;
    return a->report_id;
  }
}

std::optional<Report> ReportService::get(const Session& s, const std::string& id) {
  auto tx = db_.read();
  auto r = load(tx, s, id);
  tx.commit();
  if (r) audit_.record_async(audit_entry(s, "read", "interview_report", id, "pathway"));
  return r;
}

std::vector<Report> ReportService::of_beneficiary(const Session& s,
                                                  const std::string& beneficiary_id) {
  store::Params p{beneficiary_id};
  std::string scope = access::Scope::of(s).beneficiaries("b", p);
  std::string sql = std::string(kListed) + "WHERE r.beneficiary_id = ? AND " + scope +
                    " ORDER BY a.starts_at DESC, r.id";
  auto tx = db_.read();
  std::vector<Report> out;
  for (const auto& r : tx.query(sql, p)) {
    store::RowReader c(r);
    Report x;
    x.id = c.text();
    x.beneficiary_id = beneficiary_id;
    x.appointment_id = c.text();
    x.kind = c.text();
    x.status = c.text();
    x.appointment_at = c.i64();
    x.updated_at = c.i64();
    x.finalised_at = c.i64();
    x.author_name = c.text();
    x.addenda.resize(static_cast<size_t>(c.i64()));
    out.push_back(std::move(x));
  }
  tx.commit();
  audit_.record_async(
      audit_entry(s, "read", "beneficiary", beneficiary_id, "pathway", "section=reports"));
  return out;
}

Status ReportService::save(const Session& s, const std::string& id, const ReportInput& in) {
  std::optional<Report> before;
  {
    auto tx = db_.read();
    before = load(tx, s, id);
    tx.commit();
  }
  if (!before) return Error::not_found();
  if (before->final()) {
    return Error::conflict(
        "Ce compte rendu est finalisé : il ne peut plus être modifié. "
        "Ajoutez un addendum pour le compléter ou le corriger.");
  }
  if (auto st = check_sections(*before, in); !st.ok()) return st;
  DiagnosisUpdate update;
  if (!in.barrier_changes.empty()) {
    auto u = diagnosis_update(meetings_, beneficiaries_, s, *before, in.barrier_changes);
    if (!u.ok()) return u.error();
    update = std::move(*u);
  }
  auto tx = db_.write();
  Millis now = clock_.now_ms();
  std::string sql =
      "UPDATE interview_reports SET version = version + 1, updated_at = ?, updated_by = ? WHERE "
      "id = ? AND status = ?";
  store::Params p{now, s.user_id, id, std::string(kDraft)};
  if (in.version > 0) {
    sql += " AND version = ?";
    p.emplace_back(in.version);
  }
  if (!load(tx, s, id) || tx.exec(sql, p) != 1) {
    return Error::conflict(
        "Ce compte rendu vient d'être enregistré ou finalisé par ailleurs : "
        "rechargez la page pour voir sa dernière version.");
  }
  for (const auto& [code, body] : in.sections) {
    tx.exec("DELETE FROM interview_report_sections WHERE report_id = ? AND section = ?",
            {id, code});
    tx.exec("INSERT INTO interview_report_sections (report_id, section, body) VALUES (?, ?, ?)",
            {id, code, text::trim(body)});
  }
  std::string details = "sections=" + std::to_string(in.sections.size());
  if (in.autosave) details += ",autosave";
  if (in.items) {
    if (auto st = link_items(tx, s, *before, *in.items); !st.ok()) return st;
    details += ",items=" + std::to_string(in.items->size());
  }
  if (!in.barrier_changes.empty()) {
    auto did = record_update(tx, beneficiaries_, s, *before, update, now);
    if (!did.ok()) return did.error();
    details += ",diagnosis=" + *did;
  }
  audit_.record(tx, audit_entry(s, "update", "interview_report", id, "pathway", details));
  if (in.finalise) {
    if (auto st = finalise_in(tx, s, id); !st.ok()) return st;
  }
  tx.commit();
  return ok_status();
}

Status ReportService::finalise_in(store::Tx& tx, const Session& s, const std::string& id) {
  auto topics = tx.query_one(
      "SELECT body FROM interview_report_sections WHERE report_id = ? AND "
      "section = ?",
      {id, std::string(kRequiredSection)});
  if (auto st = check_finalisable(topics ? topics->text(0) : std::string()); !st.ok()) return st;
  Millis now = clock_.now_ms();
  if (tx.exec("UPDATE interview_reports SET status = ?, finalised_at = ?, finalised_by = ?, "
              "updated_at = ?, updated_by = ? WHERE id = ? AND status = ?",
              {std::string(kFinal), now, s.user_id, now, s.user_id, id, std::string(kDraft)}) !=
      1) {
    return Error::conflict("Ce compte rendu est déjà finalisé.");
  }
  audit_.record(tx, audit_entry(s, "finalise", "interview_report", id, "pathway"));
  return ok_status();
}

Status ReportService::finalise(const Session& s, const std::string& id) {
  auto tx = db_.write();
  auto r = load(tx, s, id);
  if (!r) return Error::not_found();
  if (r->final()) return Error::conflict("Ce compte rendu est déjà finalisé.");
  if (auto st = finalise_in(tx, s, id); !st.ok()) return st;
  tx.commit();
  return ok_status();
}

Result<std::string> ReportService::add_addendum(const Session& s, const std::string& id,
                                                const std::string& body) {
  std::string b = text::trim(body);
  if (b.empty()) return Error::invalid("Écrivez le texte de l'addendum.", "body");
  if (auto st = validation::text(b, "body", kTooLong, kMaxAddendum); !st.ok()) return st.error();
  auto tx = db_.write();
  auto r = load(tx, s, id);
  if (!r) return Error::not_found();
  if (!r->final()) {
    return Error::conflict(
        "Ce compte rendu est un brouillon : modifiez-le directement. "
        "L'addendum complète un compte rendu finalisé.");
  }
  std::string aid = new_id(rng_);
  tx.exec(
      "INSERT INTO report_addenda (id, report_id, body, created_at, created_by) VALUES (?, ?, "
      "?, ?, ?)",
      {aid, id, b, clock_.now_ms(), s.user_id});
  audit_.record(tx, audit_entry(s, "create", "report_addendum", aid, "pathway", "report=" + id));
  tx.commit();
  return aid;
}

}  // namespace jalon::meetings
