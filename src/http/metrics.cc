#include "http/metrics.h"

#include <cstdio>

#include "http/message.h"

namespace jalon::http {

bool metrics_request_allowed(const Request& req, const std::string& token) {
  if (!token.empty()) {
    std::string_view auth = req.header("authorization");
    std::string expected = "Bearer " + token;
    if (auth.size() == expected.size()) {
      unsigned char diff = 0;  // constant time over the token
      for (size_t i = 0; i < auth.size(); ++i) diff |= auth[i] ^ expected[i];
      if (diff == 0) return true;
    }
  }
  for (const char* relayed : {"x-forwarded-for", "forwarded", "x-real-ip"}) {
    if (!req.header(relayed).empty()) return false;
  }
  const std::string& ip = req.remote_ip;
  return ip == "::1" || ip.starts_with("127.") || ip.starts_with("::ffff:127.");
}

void RouteMetrics::record(int status, double seconds) {
  int cls = status / 100 - 1;
  if (cls >= 0 && cls < 5) by_class_[cls].fetch_add(1, std::memory_order_relaxed);
  size_t i = 0;
  while (i < kBucketsSeconds.size() && seconds > kBucketsSeconds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

RouteMetrics* Metrics::slot(std::string method, std::string pattern) {
  for (auto& e : entries_) {
    if (e.method == method && e.pattern == pattern) return e.metrics.get();
  }
  entries_.push_back({std::move(method), std::move(pattern), std::make_unique<RouteMetrics>()});
  return entries_.back().metrics.get();
}

std::string Metrics::render_prometheus() const {
  std::string out;
  char buf[512];
  out += "# HELP jalon_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE jalon_http_requests_total counter\n";
  for (const auto& e : entries_) {
    for (int c = 0; c < 5; ++c) {
      uint64_t n = e.metrics->by_class_[c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::snprintf(buf, sizeof buf,
                    "jalon_http_requests_total{method=\"%s\",route=\"%s\",status=\"%dxx\"} %llu\n",
                    e.method.c_str(), e.pattern.c_str(), c + 1, static_cast<unsigned long long>(n));
      out += buf;
    }
  }
  out += "# HELP jalon_http_request_duration_seconds Time from request to response, by route.\n";
  out += "# TYPE jalon_http_request_duration_seconds histogram\n";
  for (const auto& e : entries_) {
    uint64_t count = e.metrics->count_.load(std::memory_order_relaxed);
    if (count == 0) continue;
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= RouteMetrics::kBucketsSeconds.size(); ++i) {
      cumulative += e.metrics->buckets_[i].load(std::memory_order_relaxed);
      std::string le = i < RouteMetrics::kBucketsSeconds.size()
                           ? std::to_string(RouteMetrics::kBucketsSeconds[i])
                           : std::string("+Inf");
      if (le != "+Inf") {
        while (le.back() == '0') le.pop_back();
      }
      std::snprintf(buf, sizeof buf,
                    "jalon_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
                    "le=\"%s\"} %llu\n",
                    e.method.c_str(), e.pattern.c_str(), le.c_str(),
                    static_cast<unsigned long long>(cumulative));
      out += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "jalon_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n"
                  "jalon_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n",
                  e.method.c_str(), e.pattern.c_str(),
                  e.metrics->sum_micros_.load(std::memory_order_relaxed) / 1e6, e.method.c_str(),
                  e.pattern.c_str(), static_cast<unsigned long long>(count));
    out += buf;
  }
  return out;
}

}  // namespace jalon::http
