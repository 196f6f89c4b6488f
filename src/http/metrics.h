// Prometheus metrics for /metrics: per route, request counts by status class and a latency
// histogram. Route slots are fixed when the route table is frozen, so recording is lock-free.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace jalon::http {

struct Request;

// Who may scrape /metrics (issue 12 §15): a request carrying `Authorization: Bearer <token>`
// when a token is configured, or a direct request from the loopback interface. A request
// relayed by a proxy (X-Forwarded-For, Forwarded, X-Real-IP) is not direct, even when the
// proxy runs on the same host.
bool metrics_request_allowed(const Request& req, const std::string& token);

class RouteMetrics {
 public:
  static constexpr std::array<double, 12> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};
  void record(int status, double seconds);

 private:
  friend class Metrics;
  std::array<std::atomic<uint64_t>, 5> by_class_{};  // 1xx..5xx
  std::array<std::atomic<uint64_t>, kBucketsSeconds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micros_{0};
};

class Metrics {
 public:
  // Returns a stable slot for a (method, pattern) label pair.
  RouteMetrics* slot(std::string method, std::string pattern);
  std::string render_prometheus() const;

 private:
  struct Entry {
    std::string method, pattern;
    std::unique_ptr<RouteMetrics> metrics;
  };
  std::vector<Entry> entries_;
};

}  // namespace jalon::http
