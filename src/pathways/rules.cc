#include "pathways/rules.h"

#include "pathways/referentials.h"

namespace jalon::pathways {

Renewal renewal(std::string_view status, dates::Date ends_on, dates::Date today) {
  if (status != kContractActive) return Renewal::kNone;
  if (ends_on < today) return Renewal::kPassed;
  if (ends_on.days - today.days <= kRenewalWindowDays) return Renewal::kSoon;
  return Renewal::kNone;
}

bool open_status(std::string_view status) {
  // The open statuses of actions include the objectives' one (en cours).
  const auto* code = referential::find(action_statuses(), status);
  return code && (code->flags & kOpenStatus);
}

bool overdue(std::string_view status, std::string_view due_on_iso, dates::Date today) {
  if (due_on_iso.empty() || !open_status(status)) return false;
  auto d = dates::parse_iso_date(due_on_iso);
  return d.ok() && *d < today;
}

bool follow_up_due(std::string_view status, std::string_view follow_up_iso, dates::Date today) {
  if (follow_up_iso.empty() || status != kReferralPending) return false;
  auto d = dates::parse_iso_date(follow_up_iso);
  return d.ok() && *d <= today;
}

Status check_contract_dates(std::string_view status, std::string_view signed_on,
                            dates::Date starts_on, dates::Date ends_on, dates::Date today) {
  if (ends_on <= starts_on) {
    return Error::invalid("La date de fin doit être postérieure à la date de début.", "ends_on");
  }
  if (ends_on.days - starts_on.days > 5 * 366) {
    return Error::invalid("Un contrat dure au plus 5 ans : vérifiez la date de fin.", "ends_on");
  }
  if (signed_on.empty()) {
    if (status != "en_preparation") {
      return Error::invalid(
          "Indiquez la date de signature : un contrat en cours, terminé ou rompu a été signé.",
          "signed_on");
    }
    return ok_status();
  }
  auto sig = dates::parse_iso_date(signed_on, "signed_on");
  if (!sig.ok()) return sig.error();
  if (*sig > today) {
    return Error::invalid("La date de signature ne peut pas être dans le futur.", "signed_on");
  }
  if (*sig > ends_on) {
    return Error::invalid("La date de signature doit précéder la fin du contrat.", "signed_on");
  }
  return ok_status();
}

}  // namespace jalon::pathways
