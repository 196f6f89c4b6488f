// The secret ICS feeds of counselors (part of MeetingService): a random token in the URL,
// only its SHA-256 stored, several per counselor (one per calendar app), each revocable. A feed
// publishes what its owner may see now: a disabled owner, a revoked token or an appointment
// that left the owner's caseload is gone at the next refresh.
#include "access/keys.h"
#include "access/policy.h"
#include "core/text.h"
#include "core/validation.h"
#include "meetings/service.h"
#include "store/row_reader.h"

namespace jalon::meetings {
namespace {

using access::audit_entry;
using access::Session;

constexpr Millis kDay = 86'400'000;

}  // namespace

Result<MeetingService::NewFeed> MeetingService::create_feed(const Session& s,
                                                            const std::string& label) {
  std::string l = text::trim(label);
  if (l.empty()) l = "Agenda";
  if (auto st = validation::text(l, "label", "Le nom du lien", 60); !st.ok()) return st.error();
  auto tx = db_.write();
  if (!colleague(tx, s.user_id, s.structure_id)) {
    return Error::invalid(
        "Seuls les conseillers et coordinateurs, qui ont des rendez-vous, ont "
        "un agenda à publier.",
        "label");
  }
  auto n = tx.query_one(
      "SELECT COUNT(*) FROM agenda_feeds WHERE user_id = ? AND revoked_at IS "
      "NULL",
      {s.user_id});
  if (n->i64(0) >= kMaxFeeds) {
    return Error::invalid("Vous avez déjà " + std::to_string(kMaxFeeds) +
                              " liens d'abonnement actifs : révoquez-en un d'abord.",
                          "label");
  }
  NewFeed f{new_id(rng_), new_token(rng_, 32)};
  tx.exec(
      "INSERT INTO agenda_feeds (id, user_id, structure_id, label, token_hash, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {f.id, s.user_id, s.structure_id, l, access::sha256_hex(f.token), clock_.now_ms()});
  audit_.record(tx, audit_entry(s, "create", "agenda_feed", f.id, "security"));
  tx.commit();
  return f;
}

Status MeetingService::revoke_feed(const Session& s, const std::string& feed_id) {
  auto tx = db_.write();
  auto f = tx.query_one("SELECT revoked_at FROM agenda_feeds WHERE id = ? AND user_id = ?",
                        {feed_id, s.user_id});
  if (!f) return Error::not_found();
  if (f->is_null(0)) {
    tx.exec("UPDATE agenda_feeds SET revoked_at = ? WHERE id = ?", {clock_.now_ms(), feed_id});
    audit_.record(tx, audit_entry(s, "revoke", "agenda_feed", feed_id, "security"));
  }
  tx.commit();
  return ok_status();
}

std::vector<Feed> MeetingService::feeds(const Session& s) {
  auto tx = db_.read();
  std::vector<Feed> out;
  for (const auto& r : tx.query("SELECT id, label, created_at, COALESCE(last_used_at, 0) FROM "
                                "agenda_feeds WHERE user_id = ? AND revoked_at IS NULL ORDER BY "
                                "created_at, id",
                                {s.user_id})) {
    store::RowReader c(r);
    Feed f;
    f.id = c.text();
    f.label = c.text();
    f.created_at = c.i64();
    f.last_used_at = c.i64();
    out.push_back(std::move(f));
  }
  tx.commit();
  return out;
}

std::optional<std::vector<Appointment>> MeetingService::feed_appointments(const std::string& token,
                                                                          Session* owner_out) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  auto tx = db_.read();
  auto f = tx.query_one(
      "SELECT f.id, f.user_id, f.structure_id FROM agenda_feeds f WHERE "
      "f.token_hash = ? AND f.revoked_at IS NULL",
      {access::sha256_hex(token)});
  if (!f) return std::nullopt;
  std::string feed_id = f->text(0);
  auto owner = colleague(tx, f->text(1), f->text(2));
  if (!owner) return std::nullopt;
  owner->public_id = "feed:" + feed_id;  // the audit's session reference
  if (owner_out) *owner_out = *owner;
  Millis now = clock_.now_ms();
  auto out = select(tx, *owner, "a.counselor_id = ? AND a.starts_at >= ? AND a.starts_at < ?",
                    {owner->user_id, now - 90 * kDay, now + 400 * kDay});
  tx.commit();
  {
    auto w = db_.write();
    w.exec("UPDATE agenda_feeds SET last_used_at = ? WHERE id = ?", {now, feed_id});
    w.commit();
  }
  audit_.record_async(audit_entry(*owner, "read", "agenda_feed", feed_id, "pathway",
                                  "appointments=" + std::to_string(out.size())));
  return out;
}

}  // namespace jalon::meetings
