// Overlapping appointments: a counselor cannot be in two interviews at once, nor a person. A
// slot that overlaps another (not cancelled) appointment of the same counselor or person is
// refused with a conflict naming the other slots, unless the counselor confirmed it (a
// deliberate double booking: a short call during a workshop, a tripartite meeting...).
#include <algorithm>

#include "core/dates.h"
#include "meetings/referentials.h"
#include "meetings/service.h"
#include "store/row_reader.h"

namespace jalon::meetings {

// The longest appointment (check_input): another one starting earlier than this before a slot
// cannot reach it, which bounds the index range.
constexpr Millis kLongest = 480 * 60'000;

std::vector<Overlap> MeetingService::overlaps(store::Tx& tx, const std::string& structure_id,
                                              const std::string& beneficiary_id,
                                              const std::string& counselor_id, Millis starts_at,
                                              int duration_min, const std::string& exclude_id) {
  Millis ends_at = starts_at + static_cast<Millis>(duration_min) * 60'000;
  std::vector<Overlap> out;
  for (const auto& row : tx.query(
           "SELECT o.id, o.reference, o.starts_at, o.duration_min, CASE WHEN o.counselor_id = ? "
           "THEN 1 ELSE 0 END, CASE WHEN o.beneficiary_id = ? THEN 1 ELSE 0 END FROM "
           "appointments o WHERE o.structure_id = ? AND o.status NOT IN (?, ?) AND "
           "(o.counselor_id = ? OR o.beneficiary_id = ?) AND o.starts_at < ? AND o.starts_at > ? "
           "AND o.starts_at + o.duration_min * 60000 > ? AND o.id <> ? ORDER BY o.starts_at, "
           "o.id LIMIT 5",
           {counselor_id, beneficiary_id, structure_id, std::string(kCancelledByPerson),
            std::string(kCancelledByService), counselor_id, beneficiary_id, ends_at,
            starts_at - kLongest, starts_at, exclude_id})) {
    store::RowReader r(row);
    Overlap o;
    o.id = r.text();
    o.reference = r.text();
    o.starts_at = r.i64();
    o.duration_min = r.i32();
    o.same_counselor = r.boolean();
    o.same_person = r.boolean();
    out.push_back(std::move(o));
  }
  return out;
}

std::string MeetingService::describe(const std::vector<Overlap>& found,
                                     const std::string& zone) const {
  std::string out;
  for (const auto& o : found) {
    if (!out.empty()) out += " ; ";
    out += dates::french_long(dates::local_date(o.starts_at, zone)) + " de " +
           dates::local_hhmm(o.starts_at, zone) + " à " +
           dates::local_hhmm(o.starts_at + static_cast<Millis>(o.duration_min) * 60'000, zone) +
           " (" + o.reference + ", ";
    if (o.same_counselor && o.same_person) {
      out += "même conseiller·ère et même personne)";
    } else if (o.same_counselor) {
      out += "même conseiller·ère)";
    } else {
      out += "même personne)";
    }
  }
  return out;
}

Status MeetingService::check_overlap(store::Tx& tx, const access::Session& s,
                                     const std::string& beneficiary_id,
                                     const std::string& counselor_id, Millis starts_at,
                                     int duration_min, const std::string& exclude_id,
                                     bool confirmed) {
  if (confirmed) return ok_status();
  auto found = overlaps(tx, s.structure_id, beneficiary_id, counselor_id, starts_at, duration_min,
                        exclude_id);
  if (found.empty()) return ok_status();
  Error e = Error::conflict(
      std::string(found.size() == 1 ? "Ce créneau chevauche un autre rendez-vous : "
                                    : "Ce créneau chevauche d'autres rendez-vous : ") +
      describe(found, zone(tx, s.structure_id)) +
      ". Cochez « Planifier quand même » pour confirmer, ou choisissez un autre horaire.");
  e.field = "confirm_overlap";
  return e;
}

std::vector<Overlap> MeetingService::overlaps(const access::Session& s,
                                              const std::string& beneficiary_id,
                                              const AppointmentInput& in,
                                              const std::string& exclude_id) {
  auto tx = db_.read();
  std::string z = zone(tx, s.structure_id);
  auto when = dates::parse_iso_date(in.date, "date");
  std::vector<Overlap> out;
  if (when.ok() && in.duration_min > 0) {
    auto t = dates::from_local(*when, in.time, z, "time");
    std::string counselor = in.counselor_id.empty() ? s.user_id : in.counselor_id;
    if (t.ok()) {
      out =
          overlaps(tx, s.structure_id, beneficiary_id, counselor, *t, in.duration_min, exclude_id);
    }
  }
  tx.commit();
  return out;
}

}  // namespace jalon::meetings
