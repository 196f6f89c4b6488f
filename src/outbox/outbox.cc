#include "outbox/outbox.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>

#include "core/dates.h"
#include "core/log.h"

namespace jalon::outbox {
namespace {

struct Upload {
  std::string data;
  size_t offset = 0;
};

size_t read_cb(char* buf, size_t size, size_t n, void* userp) {
  auto* u = static_cast<Upload*>(userp);
  size_t left = u->data.size() - u->offset;
  size_t len = std::min(left, size * n);
  std::memcpy(buf, u->data.data() + u->offset, len);
  u->offset += len;
  return len;
}

// RFC 5322 message with a UTF-8 subject (RFC 2047 base64 encoded-word).
std::string build_message(const SmtpSettings& s, const std::string& to, const std::string& subject,
                          const std::string& body, Millis now) {
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string enc;
  for (size_t i = 0; i < subject.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(subject[i]) << 16;
    if (i + 1 < subject.size()) v |= static_cast<unsigned char>(subject[i + 1]) << 8;
    if (i + 2 < subject.size()) v |= static_cast<unsigned char>(subject[i + 2]);
    enc += b64[(v >> 18) & 63];
    enc += b64[(v >> 12) & 63];
    enc += i + 1 < subject.size() ? b64[(v >> 6) & 63] : '=';
    enc += i + 2 < subject.size() ? b64[v & 63] : '=';
  }
  std::string date = dates::rfc3339_utc(now);
  return "From: " + s.from + "\r\nTo: " + to + "\r\nSubject: =?UTF-8?B?" + enc +
         "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: 8bit\r\nX-Jalon-Date: " +
         date + "\r\n\r\n" + body + "\r\n";
}

}  // namespace

std::string enqueue(store::Tx& tx, Random& rng, const Clock& clock, const Message& m) {
  std::string id = new_id(rng);
  tx.exec(
      "INSERT INTO outbox (id, structure_id, recipient, subject, body, status, created_at) "
      "VALUES (?, ?, ?, ?, ?, 'pending', ?)",
      {id, m.structure_id.empty() ? store::Value() : store::Value(m.structure_id), m.recipient,
       m.subject, m.body, clock.now_ms()});
  return id;
}

Sender::Sender(store::Database& db, const Clock& clock, SmtpSettings settings)
    : db_(db), clock_(clock), settings_(std::move(settings)) {}

Sender::~Sender() { stop(); }

void Sender::start() {
  if (settings_.url.empty() || thread_.joinable()) return;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        send_pending();
      } catch (const std::exception& e) {
        log::error("outbox_failed", {{"what", e.what()}});
      }
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(5));
    }
  });
}

void Sender::stop() {
  stopping_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int Sender::send_pending() {
  if (settings_.url.empty()) return 0;
  std::vector<store::Row> rows;
  {
    auto tx = db_.read();
    // Back-off: a message that failed n times waits n minutes before the next attempt.
    rows = tx.query(
        "SELECT id, recipient, subject, body, attempts FROM outbox WHERE status = 'pending' "
        "ORDER BY created_at LIMIT 50");
    tx.commit();
  }
  int sent = 0;
  for (const auto& r : rows) {
    CURL* curl = curl_easy_init();
    if (!curl) break;
    Upload up{build_message(settings_, r.text(1), r.text(2), r.text(3), clock_.now_ms())};
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + r.text(1) + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + settings_.from + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    if (!settings_.username.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    auto tx = db_.write();
    if (rc == CURLE_OK) {
      tx.exec("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?",
              {clock_.now_ms(), r.text(0)});
      ++sent;
    } else {
      int64_t attempts = r.i64(4) + 1;
      tx.exec("UPDATE outbox SET attempts = ?, last_error = ?, status = ? WHERE id = ?",
              {attempts, curl_easy_strerror(rc), attempts >= 10 ? "failed" : "pending", r.text(0)});
      log::warn("smtp_failed", {{"outbox_id", r.text(0)}, {"error", curl_easy_strerror(rc)}});
    }
    tx.commit();
  }
  return sent;
}

}  // namespace jalon::outbox
