#include "outbox/outbox.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <mutex>

#include "core/log.h"
#include "jobs/jobs.h"
#include "jobs/runner.h"

namespace jalon::outbox {
namespace {

constexpr int kMailAttempts = 12;  // 30 s, 1 min … 1 h between attempts: about eight hours

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

std::string base64(const std::string& in) {
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string enc;
  for (size_t i = 0; i < in.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
    enc += b64[(v >> 18) & 63];
    enc += b64[(v >> 12) & 63];
    enc += i + 1 < in.size() ? b64[(v >> 6) & 63] : '=';
    enc += i + 2 < in.size() ? b64[v & 63] : '=';
  }
  return enc;
}

// RFC 5322 date in UTC: "Thu, 03 Dec 2026 15:45:09 +0000".
std::string rfc5322_date(Millis now) {
  std::time_t t = static_cast<std::time_t>(now / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
                tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

// An encoded word may hold 75 characters: a long subject is split into several (RFC 2047 §2),
// each on whole UTF-8 characters.
std::string encode_subject(const std::string& subject) {
  std::string out;
  size_t i = 0;
  while (i < subject.size() || out.empty()) {
    size_t end = std::min(subject.size(), i + 45);
    while (end < subject.size() && (static_cast<unsigned char>(subject[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(subject.substr(i, end - i)) + "?=";
    i = end;
    if (i >= subject.size()) break;
  }
  return out;
}

// The SMTP exchange; CURLE_OK or the failure.
CURLcode smtp_send(const SmtpSettings& s, const std::string& to, std::string message) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* curl = curl_easy_init();
  if (!curl) return CURLE_FAILED_INIT;
  Upload up{std::move(message)};
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, s.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + s.from + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  if (!s.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, s.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  return rc;
}

}  // namespace

std::string build_message(const SmtpSettings& s, const std::string& id, const std::string& to,
                          const std::string& subject, const std::string& body, Millis now) {
  auto at = s.from.find('@');
  std::string domain = at == std::string::npos ? "localhost" : s.from.substr(at + 1);
  return "From: " + s.from + "\r\nTo: " + to + "\r\nDate: " + rfc5322_date(now) +
         "\r\nMessage-ID: <" + id + "@" + domain + ">\r\nSubject: " + encode_subject(subject) +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: 8bit\r\n\r\n" +
         body + "\r\n";
}

std::string enqueue(store::Tx& tx, Random& rng, const Clock& clock, const Message& m) {
  std::string id = new_id(rng);
  tx.exec(
      "INSERT INTO outbox (id, structure_id, recipient, subject, body, status, created_at) "
      "VALUES (?, ?, ?, ?, ?, 'pending', ?)",
      {id, m.structure_id.empty() ? store::Value() : store::Value(m.structure_id), m.recipient,
       m.subject, m.body, clock.now_ms()});
  jobs::schedule(tx, rng, clock,
                 {.kind = "outbox.send",
                  .payload = id,
                  .key = "outbox:" + id,
                  .structure_id = m.structure_id,
                  .max_attempts = kMailAttempts});
  return id;
}

std::string send_one(store::Database& db, const Clock& clock, const SmtpSettings& settings,
                     const std::string& id, bool last_attempt) {
  std::optional<store::Row> row;
  {
    auto tx = db.read();
    row = tx.query_one("SELECT recipient, subject, body, status FROM outbox WHERE id = ?", {id});
    tx.commit();
  }
  if (!row) return "message gone";
  if (row->text(3) == "sent") return "already sent";
  CURLcode rc = smtp_send(
      settings, row->text(0),
      build_message(settings, id, row->text(0), row->text(1), row->text(2), clock.now_ms()));
  auto tx = db.write();
  if (rc == CURLE_OK) {
    tx.exec("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?",
            {clock.now_ms(), id});
    tx.commit();
    return "sent";
  }
  tx.exec("UPDATE outbox SET attempts = attempts + 1, last_error = ?, status = ? WHERE id = ?",
          {curl_easy_strerror(rc), last_attempt ? "failed" : "pending", id});
  tx.commit();
  log::warn("smtp_failed", {{"outbox_id", id}, {"error", curl_easy_strerror(rc)}});
  throw std::runtime_error(std::string("SMTP: ") + curl_easy_strerror(rc));
}

void register_sender(jobs::Runner& runner, store::Database& db, const Clock& clock,
                     SmtpSettings settings) {
  if (settings.url.empty()) return;
  runner.add("outbox.send", [&db, &clock, settings](const jobs::Context& c) {
    return send_one(db, clock, settings, c.job.payload, c.job.attempts >= c.job.max_attempts);
  });
}

}  // namespace jalon::outbox
