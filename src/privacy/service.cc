#include "privacy/service.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "core/validation.h"
#include "store/row_reader.h"

namespace jalon::privacy {
namespace {

using nlohmann::json;

// ISO date plus `months` calendar months, the day kept within the month (31 Jan + 1 → 28/29
// Feb).
std::string plus_months(const std::string& iso, int months) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return {};
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int last = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, std::min(d, last));
  return buf;
}

std::string plus_days(const std::string& iso, int days) {
  auto d = dates::parse_iso_date(iso);
  return d.ok() ? dates::iso(dates::Date{d->days + days}) : std::string();
}

// One file's retention facts, read by run_retention and file_clock.
struct FileFacts {
  std::string id, structure_id, last_contact, hold_until, hold_reason, notice_purge_on;
  int months = 24;
};

// The latest contact coming from the person (ISO date): attended appointment, workshop
// attendance, an answered exit follow-up, an update of the file, the entry.
constexpr const char* kFactsSql =
    "SELECT b.id, b.structure_id, b.entry_date, COALESCE(b.last_contact_on, ''), b.updated_at,"
    " (SELECT MAX(ws.starts_at) FROM workshop_participations wp JOIN workshop_sessions ws ON"
    "  ws.id = wp.session_id WHERE wp.beneficiary_id = b.id AND wp.status = 'present'),"
    " (SELECT MAX(f.recorded_at) FROM exit_followups f WHERE f.beneficiary_id = b.id AND"
    "  f.recorded_at IS NOT NULL AND f.status <> 'injoignable'),"
    " COALESCE(h.until_on, ''), COALESCE(h.reason, ''), COALESCE(n.purge_on, ''),"
    " s.retention_months, s.time_zone"
    " FROM beneficiaries b JOIN structures s ON s.id = b.structure_id"
    " LEFT JOIN retention_holds h ON h.beneficiary_id = b.id"
    " LEFT JOIN retention_notices n ON n.beneficiary_id = b.id";

FileFacts facts_of(const store::Row& row) {
  store::RowReader r(row);
  FileFacts f;
  f.id = r.text();
  f.structure_id = r.text();
  std::string entry = r.text(), attended = r.text();
  Millis updated = r.i64();
  std::optional<Millis> workshop, followup;
  if (!row.is_null(5)) workshop = row.i64(5);
  r.skip();
  if (!row.is_null(6)) followup = row.i64(6);
  r.skip();
  f.hold_until = r.text();
  f.hold_reason = r.text();
  f.notice_purge_on = r.text();
  f.months = r.i32();
  std::string zone = r.text();
  if (!dates::valid_zone(zone)) zone = std::string(dates::kDefaultZone);
  f.last_contact = std::max(entry, attended);
  for (auto ms : {std::optional<Millis>(updated), workshop, followup}) {
    if (ms) f.last_contact = std::max(f.last_contact, dates::iso(dates::local_date(*ms, zone)));
  }
  return f;
}

access::AuditEntry entry(const access::Session& s, std::string action, std::string id,
                         std::string details = {}) {
  auto a = access::Actor::of(s);
  return {a.user_id,     a.role,     a.structure_id, std::move(action), "beneficiary",
          std::move(id), "identity", "success",      a.session_ref,     std::move(details)};
}

// The person's id when it is within the caller's scope, else not found.
Result<std::string> scoped(store::Tx& tx, const access::Session& s, const std::string& id) {
  store::Params p{id};
  std::string where = access::Scope::of(s).beneficiaries("b", p);
  auto row = tx.query_one("SELECT b.id FROM beneficiaries b WHERE b.id = ? AND " + where, p);
  if (!row) return Error::not_found("Personne introuvable");
  return row->text(0);
}

}  // namespace

PrivacyService::PrivacyService(store::Database& db, access::AuditLog& audit, const Clock& clock,
                               Random& rng, const Inventory& inventory, std::string uploads_dir)
    : db_(db),
      audit_(audit),
      clock_(clock),
      rng_(rng),
      inv_(inventory),
      uploads_dir_(std::move(uploads_dir)) {}

RetentionReport PrivacyService::run_retention(const std::string& structure_id, bool dry_run,
                                              bool purge) {
  RetentionReport rep;
  auto tx = db_.write();
  auto st = tx.query_one("SELECT time_zone FROM structures WHERE id = ?", {structure_id});
  if (!st) return rep;
  std::string today = dates::iso(dates::local_date(clock_.now_ms(), st->text(0)));
  for (const auto& row :
       tx.query(std::string(kFactsSql) + " WHERE b.structure_id = ?", {structure_id})) {
    FileFacts f = facts_of(row);
    ++rep.candidates;
    std::string purge_on = plus_months(f.last_contact, f.months);
    std::string notice_from = plus_days(purge_on, -kNoticeDays);
    bool held = !f.hold_until.empty() && f.hold_until >= today;
    if (today < notice_from) {
      if (!f.notice_purge_on.empty()) {
        ++rep.withdrawn;
        if (!dry_run) tx.exec("DELETE FROM retention_notices WHERE beneficiary_id = ?", {f.id});
      }
      continue;
    }
    if (today < purge_on || held || !purge) {
      if (held && today >= purge_on) ++rep.held;
      if (f.notice_purge_on != purge_on) {
        ++rep.notified;
        if (!dry_run) {
          tx.exec("DELETE FROM retention_notices WHERE beneficiary_id = ?", {f.id});
          tx.exec(
              "INSERT INTO retention_notices (beneficiary_id, structure_id, purge_on, "
              "notified_at) VALUES (?, ?, ?, ?)",
              {f.id, structure_id, purge_on, clock_.now_ms()});
        }
      }
      continue;
    }
    ++rep.purged;
    rep.purged_ids.push_back(f.id);
  }
  if (!dry_run) {
    for (const auto& id : rep.purged_ids) purge_in(tx, id, "conservation", "system");
    if (!rep.purged_ids.empty()) compact_search(tx);
    tx.commit();
  }
  return rep;
}

std::vector<Upcoming> PrivacyService::upcoming(const access::Session& s) {
  auto tx = db_.read();
  store::Params p;
  std::string where = access::Scope::of(s).beneficiaries("b", p);
  std::vector<Upcoming> out;
  for (const auto& row :
       tx.query("SELECT b.id, b.first_name || ' ' || b.last_name, n.purge_on,"
                " COALESCE(h.until_on, ''), COALESCE(h.reason, '') FROM retention_notices n"
                " JOIN beneficiaries b ON b.id = n.beneficiary_id"
                " LEFT JOIN retention_holds h ON h.beneficiary_id = b.id WHERE " +
                    where + " ORDER BY n.purge_on, b.last_name",
                p)) {
    store::RowReader r(row);
    Upcoming u;
    u.beneficiary_id = r.text();
    u.person = r.text();
    u.purge_on = r.text();
    u.hold_until = r.text();
    u.hold_reason = r.text();
    audit_.record_async(entry(s, "read", u.beneficiary_id, "retention"));
    out.push_back(std::move(u));
  }
  tx.commit();
  return out;
}

Result<PrivacyService::Clock_> PrivacyService::file_clock(const access::Session& s,
                                                          const std::string& id) {
  auto tx = db_.read();
  auto ok = scoped(tx, s, id);
  if (!ok.ok()) return ok.error();
  auto row = tx.query_one(std::string(kFactsSql) + " WHERE b.id = ?", {id});
  tx.commit();
  if (!row) return Error::not_found("Personne introuvable");
  FileFacts f = facts_of(*row);
  return Clock_{f.last_contact, plus_months(f.last_contact, f.months), f.hold_until, f.hold_reason};
}

Status PrivacyService::set_hold(const access::Session& s, const std::string& id,
                                const std::string& reason, const std::string& until) {
  std::vector<Error> errors;
  validation::Mistakes m{errors};
  m.add(validation::text(reason, "reason", "le motif légal", 500, true));
  std::optional<dates::Date> d;
  if (m.add(validation::date(until, "until", true, &d)) &&
      dates::iso(*d) <= dates::iso(dates::local_date(clock_.now_ms()))) {
    m.add(Error::invalid("La date de fin de conservation doit être dans le futur.", "until"));
  }
  if (auto st = m.status(); !st.ok()) return st;
  auto tx = db_.write();
  auto ok = scoped(tx, s, id);
  if (!ok.ok()) return ok.error();
  tx.exec("DELETE FROM retention_holds WHERE beneficiary_id = ?", {id});
  tx.exec(
      "INSERT INTO retention_holds (beneficiary_id, structure_id, reason, until_on, set_by, "
      "set_at) VALUES (?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, reason, dates::iso(*d), s.user_id, clock_.now_ms()});
  audit_.record(tx, entry(s, "update", id, "legal_hold until " + dates::iso(*d)));
  tx.commit();
  return ok_status();
}

Status PrivacyService::clear_hold(const access::Session& s, const std::string& id) {
  auto tx = db_.write();
  auto ok = scoped(tx, s, id);
  if (!ok.ok()) return ok.error();
  tx.exec("DELETE FROM retention_holds WHERE beneficiary_id = ?", {id});
  audit_.record(tx, entry(s, "update", id, "legal_hold cleared"));
  tx.commit();
  return ok_status();
}

Status PrivacyService::set_retention(const access::Session& s, int months, int audit_months) {
  std::vector<Error> errors;
  validation::Mistakes m{errors};
  if (months < kMinRetentionMonths || months > kMaxRetentionMonths) {
    m.add(
        Error::invalid("La durée de conservation des dossiers doit être comprise entre 1 et "
                       "36 mois.",
                       "retention_months"));
  }
  if (audit_months < kMinAuditMonths || audit_months > kMaxAuditMonths) {
    m.add(
        Error::invalid("La durée de conservation du journal d'audit doit être comprise entre "
                       "6 et 12 mois.",
                       "audit_retention_months"));
  }
  if (auto st = m.status(); !st.ok()) return st;
  auto tx = db_.write();
  tx.exec("UPDATE structures SET retention_months = ?, audit_retention_months = ? WHERE id = ?",
          {months, audit_months, s.structure_id});
  auto a = access::Actor::of(s);
  audit_.record(
      tx, {a.user_id, a.role, a.structure_id, "update", "structure", s.structure_id, "security",
           "success", a.session_ref, "retention_months audit_retention_months"});
  tx.commit();
  return ok_status();
}

}  // namespace jalon::privacy
