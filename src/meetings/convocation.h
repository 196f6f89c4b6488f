// The convocation to an appointment, generated from one template per appointment kind and
// mode: the same paragraphs make the printable letter and the e-mail queued in the outbox.
// Pure: everything it says comes from ConvocationFacts.
#pragma once
#include <string>
#include <vector>

#include "core/clock.h"

namespace jalon::meetings {

struct ConvocationFacts {
  std::string civility;  // beneficiaries::civilities() code
  std::string first_name, last_name;
  Millis starts_at = 0;
  int duration_min = 0;
  std::string kind, partner_kind, partner_name, mode, place;
  std::string counselor_name, structure_name;
  std::string zone;  // the structure's time zone
  Millis today = 0;  // the letter's date
};

struct Convocation {
  std::string subject;
  std::string recipient;   // "Madame Alix Morel"
  std::string salutation;  // "Madame," — "Madame, Monsieur," when the civility is unknown
  std::string dated;       // "Le vendredi 27 novembre 2026"
  std::vector<std::string> paragraphs;
  std::string letter_closing;
  std::string signature_name, signature_structure;
  // The e-mail version: a greeting, the same paragraphs, a shorter closing, the signature.
  std::string email_body() const;
};

Convocation make_convocation(const ConvocationFacts& f);

// "45 minutes", "1 heure", "1 h 30".
std::string duration_text(int minutes);

}  // namespace jalon::meetings
