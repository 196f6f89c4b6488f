#include "meetings/rules.h"

#include "core/dates.h"
#include "meetings/referentials.h"

namespace jalon::meetings {

bool is_cancelled(std::string_view status) {
  return status == kCancelledByPerson || status == kCancelledByService;
}

Status check_participation(const AppointmentState& a, std::string_view to, Millis now,
                           std::string_view zone) {
  if (!has_code(participation_statuses(), to)) {
    return Error::invalid("Choisissez le statut de participation dans la liste.", "status");
  }
  if (to == a.status) return ok_status();
  if (a.has_report) {
    return Error::conflict(
        "Un compte rendu existe pour ce rendez-vous : il reste « honoré ». "
        "Corrigez le compte rendu par un addendum si besoin.");
  }
  if ((to == kAttended || to == kNoShow) && now < a.starts_at) {
    return Error::invalid("Le rendez-vous n'a pas encore eu lieu : le statut « " +
                              std::string(label_of(participation_statuses(), to)) +
                              " » pourra être indiqué à partir du " +
                              dates::french_datetime(a.starts_at, zone) + ".",
                          "status");
  }
  return ok_status();
}

Status check_reschedule(const AppointmentState& a) {
  if (a.status == kUndetermined) return ok_status();
  return Error::conflict("Ce rendez-vous est « " +
                         std::string(label_of(participation_statuses(), a.status)) +
                         " » : il ne peut plus être modifié. Planifiez un nouveau rendez-vous.");
}

Status check_report_start(const AppointmentState& a) {
  if (a.status == kAttended) return ok_status();
  return Error::conflict(
      "Indiquez d'abord que le rendez-vous a été honoré pour en rédiger le "
      "compte rendu.");
}

}  // namespace jalon::meetings
