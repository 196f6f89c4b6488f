// The outbox: every e-mail is first a row (recipient, subject, rendered text, status) written in
// the transaction that decided to send it, with an "outbox.send" job (key outbox:<id>) in the
// same transaction. The job runner delivers it over SMTP (libcurl) when `--smtp-url` is set:
// one job per message, claimed under a lease, so N servers on one PostgreSQL send it once; a
// failed attempt (SMTP down) is retried with back-off and loses nothing. Tests read the table
// and, for the wire format, a real SMTP server on loopback.
#pragma once
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::jobs {
class Runner;
}

namespace jalon::outbox {

struct Message {
  std::string structure_id;  // may be empty (platform mail)
  std::string recipient;
  std::string subject;
  std::string body;  // plain text, French
};

// Adds a pending message and its sending job in the caller's transaction; returns its id.
std::string enqueue(store::Tx& tx, Random& rng, const Clock& clock, const Message& m);

struct SmtpSettings {
  std::string url;   // smtp://host:port or smtps://host:port; empty disables sending
  std::string from;  // envelope and header sender
  std::string username, password;
};

// The RFC 5322 text of a message: From, To, Date, Message-ID <id@sender's domain>, a UTF-8
// subject as an RFC 2047 encoded word, plain UTF-8 body.
std::string build_message(const SmtpSettings& s, const std::string& id, const std::string& to,
                          const std::string& subject, const std::string& body, Millis now);

// Registers the "outbox.send" handler on the runner (nothing when SMTP is not configured: the
// messages then wait, visible in the admin page).
void register_sender(jobs::Runner& runner, store::Database& db, const Clock& clock,
                     SmtpSettings settings);

// Sends one message now (the job's work); throws on an SMTP failure after recording it on the
// row. last_attempt: the row becomes "failed" instead of staying pending.
std::string send_one(store::Database& db, const Clock& clock, const SmtpSettings& settings,
                     const std::string& id, bool last_attempt);

}  // namespace jalon::outbox
