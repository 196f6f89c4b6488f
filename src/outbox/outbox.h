// The outbox: every e-mail is first a row (recipient, subject, rendered text, status) written in
// the transaction that decided to send it; a sender thread delivers pending rows over SMTP
// (libcurl) when `--smtp-url` is configured, with retries and back-off. Tests read the table.
#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/random.h"
#include "store/database.h"

namespace jalon::outbox {

struct Message {
  std::string structure_id;  // may be empty (platform mail)
  std::string recipient;
  std::string subject;
  std::string body;  // plain text, French
};

// Adds a pending message in the caller's transaction; returns its id.
std::string enqueue(store::Tx& tx, Random& rng, const Clock& clock, const Message& m);

struct SmtpSettings {
  std::string url;   // smtp://host:port or smtps://host:port; empty disables sending
  std::string from;  // envelope and header sender
  std::string username, password;
};

class Sender {
 public:
  Sender(store::Database& db, const Clock& clock, SmtpSettings settings);
  ~Sender();
  void start();
  void stop();
  // Sends what is pending now; returns the number sent.
  int send_pending();

 private:
  store::Database& db_;
  const Clock& clock_;
  SmtpSettings settings_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<bool> stopping_{false};
};

}  // namespace jalon::outbox
