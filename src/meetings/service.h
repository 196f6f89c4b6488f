// Appointments of beneficiaries with their counselors: scheduling in the structure's local time
// (stored in UTC), participation status, the counselor agenda, the convocation (printable
// letter, or an e-mail queued in the outbox) and the secret ICS feeds of counselors.
//
// Every appointment belongs to a beneficiary; every query reaches it through access::Scope on
// that beneficiary, so an appointment the caller may not see is "not found". Writes are audited
// in their transaction, reads asynchronously. Thread-safe (no state besides its references).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "meetings/convocation.h"
#include "meetings/ics.h"
#include "meetings/rules.h"
#include "store/database.h"

namespace jalon::meetings {

// What a counselor enters to schedule or move an appointment.
struct AppointmentInput {
  std::string date;       // "YYYY-MM-DD", local to the structure
  std::string time;       // "HH:MM", local to the structure
  int duration_min = -1;  // -1 when the field was not a number
  std::string kind, partner_kind, partner_name, mode, place;
  std::string counselor_id;  // empty: the caller
  // An appointment that overlaps another of the same counselor or person is refused (a
  // conflict naming the other slots) unless the counselor confirmed it.
  bool confirm_overlap = false;
};

// Another appointment in the same time slot as one being scheduled or moved. Its person is not
// named: it may be outside the caller's scope (the counselor's time is still taken).
struct Overlap {
  std::string id, reference;
  Millis starts_at = 0;
  int duration_min = 0;
  bool same_counselor = false, same_person = false;
};

struct Appointment {
  std::string id, structure_id, reference;
  std::string beneficiary_id, civility, first_name, last_name, email;
  std::string counselor_id, counselor_name;
  Millis starts_at = 0;
  int duration_min = 0;
  std::string kind, partner_kind, partner_name, mode, place, status;
  Millis status_at = 0, convocation_sent_at = 0, created_at = 0, updated_at = 0;
  int sequence = 0;                      // bumped on each change (ICS SEQUENCE)
  std::string report_id, report_status;  // empty when no report was started
  bool overlaps = false;  // another appointment of the same counselor or person at that time
  Millis ends_at() const { return starts_at + static_cast<Millis>(duration_min) * 60'000; }
  AppointmentState state() const { return {status, starts_at, !report_id.empty()}; }
};

struct Feed {
  std::string id, label;
  Millis created_at = 0, last_used_at = 0;
};

class MeetingService {
 public:
  MeetingService(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit);

  // The structure's time zone (Europe/Paris unless the structure says otherwise).
  std::string zone(const access::Session& s);

  Result<std::string> schedule(const access::Session& s, const std::string& beneficiary_id,
                               const AppointmentInput& in);
  Status reschedule(const access::Session& s, const std::string& id, const AppointmentInput& in);
  // The appointments (not cancelled) of the same counselor or the same person that the slot of
  // `in` would overlap, `exclude_id` left out (the one being moved); at most 5, earliest first.
  // Empty when the input is invalid (scheduling then answers the input error).
  std::vector<Overlap> overlaps(const access::Session& s, const std::string& beneficiary_id,
                                const AppointmentInput& in, const std::string& exclude_id = {});
  // "Le jeudi 26 novembre 2026 de 10:00 à 10:45 (RDV-…), même conseiller·ère" lines, French.
  std::string describe(const std::vector<Overlap>& found, const std::string& zone) const;
  Status set_participation(const access::Session& s, const std::string& id,
                           const std::string& status);
  std::optional<Appointment> get(const access::Session& s, const std::string& id);
  // The same inside the caller's transaction, not audited (the caller audits what it does).
  std::optional<Appointment> get(store::Tx& tx, const access::Session& s, const std::string& id);
  // The caller must have checked the beneficiary is visible (BeneficiaryService::get).
  std::vector<Appointment> of_beneficiary(const access::Session& s,
                                          const std::string& beneficiary_id);
  // Appointments of a counselor of the caller's structure in [from, to), within the caller's
  // scope. Empty for a counselor id outside the structure.
  std::vector<Appointment> agenda(const access::Session& s, const std::string& counselor_id,
                                  Millis from, Millis to);
  // Counselors and coordinators of the structure who may hold appointments: id, name.
  std::vector<std::pair<std::string, std::string>> counselors(const access::Session& s);

  // The convocation of a visible appointment, dated today.
  std::optional<Convocation> convocation(const access::Session& s, const Appointment& a);
  // Queues the convocation e-mail in the outbox; returns the outbox message id.
  Result<std::string> send_convocation(const access::Session& s, const std::string& id);

  // The iCalendar event of an appointment. No personal name: calendars leave Jalon's perimeter.
  // `with_place` adds the place (the single download); feeds leave it out, since a place may be
  // a person's home. `base_url` makes the event's link back to Jalon.
  ics::Event event_of(const Appointment& a, const std::string& base_url, bool with_place) const;

  // --- secret ICS feeds of the signed-in counselor -------------------------------------------
  struct NewFeed {
    std::string id, token;  // the token is shown once; only its hash is stored
  };
  static constexpr int kMaxFeeds = 5;
  Result<NewFeed> create_feed(const access::Session& s, const std::string& label);
  Status revoke_feed(const access::Session& s, const std::string& feed_id);
  std::vector<Feed> feeds(const access::Session& s);
  // The appointments a valid feed token publishes (90 days back, 400 days ahead), within its
  // owner's current scope; nullopt for an unknown or revoked token or a disabled owner.
  // `owner`, when given, receives the feed owner's session (for the workshop sessions beside).
  std::optional<std::vector<Appointment>> feed_appointments(const std::string& token,
                                                            access::Session* owner = nullptr);

 private:
  std::vector<Appointment> select(store::Tx& tx, const access::Session& s, const std::string& where,
                                  store::Params params);
  Status check_counselor(store::Tx& tx, const access::Session& s, const std::string& counselor_id,
                         const std::string& beneficiary_id);
  std::string zone(store::Tx& tx, const std::string& structure_id);
  std::vector<Overlap> overlaps(store::Tx& tx, const std::string& structure_id,
                                const std::string& beneficiary_id, const std::string& counselor_id,
                                Millis starts_at, int duration_min, const std::string& exclude_id);
  // The conflict answered when `in` overlaps and was not confirmed, else ok.
  Status check_overlap(store::Tx& tx, const access::Session& s, const std::string& beneficiary_id,
                       const std::string& counselor_id, Millis starts_at, int duration_min,
                       const std::string& exclude_id, bool confirmed);
  // The access session of an enabled counselor or coordinator of the structure (an
  // appointment's counselor, a feed's owner), so their own scope can be applied.
  static std::optional<access::Session> colleague(store::Tx& tx, const std::string& user_id,
                                                  const std::string& structure_id);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
};

}  // namespace jalon::meetings
