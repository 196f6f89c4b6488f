// Runtime configuration of `jalon serve` and the other commands. Values come from command-line
// flags, then the config file (--config FILE or JALON_CONFIG, `key = value` lines), then
// environment variables (JALON_*), then the defaults below. docs/CONFIGURATION.md lists them.
#pragma once
#include <string>

namespace jalon::app {

struct Config {
  std::string data_dir = "var";               // --data-dir / JALON_DATA_DIR / data-dir
  std::string listen = "127.0.0.1:8080";      // --listen / JALON_LISTEN / listen
  std::string database_url;                   // --database / JALON_DATABASE_URL / database
  std::string public_url;                     // --public-url / JALON_PUBLIC_URL / public-url
  std::string dev_assets;                     // --dev-assets / JALON_DEV_ASSETS / dev-assets
  unsigned threads = 8;                       // --threads / JALON_THREADS / threads
  bool test_routes = false;                   // --test-routes / JALON_TEST_ROUTES (tests only)
  bool access_log = true;                     // --no-access-log
  std::string smtp_url;                       // --smtp-url / JALON_SMTP_URL / smtp-url
  std::string smtp_from = "jalon@localhost";  // --smtp-from / JALON_SMTP_FROM / smtp-from
  // Reverse proxies whose X-Forwarded-For gives the client address (comma-separated addresses
  // or CIDR blocks); empty: the header is ignored.
  std::string trusted_proxies;  // --trusted-proxies / JALON_TRUSTED_PROXIES / trusted-proxies
  // Bearer token that opens /metrics to remote scrapers; without it, loopback only.
  std::string metrics_token;  // --metrics-token / JALON_METRICS_TOKEN / metrics-token
  // Signed checkpoints of the audit chain's head (SR 47); empty: <data-dir>/audit/checkpoints.
  std::string audit_checkpoints;  // --audit-checkpoints / JALON_AUDIT_CHECKPOINTS
  // The job runner (issue 15): lease of a claimed job and the idle poll interval.
  long long jobs_lease_ms = 300000;  // --jobs-lease-ms / JALON_JOBS_LEASE_MS
  long long jobs_poll_ms = 200;      // --jobs-poll-ms / JALON_JOBS_POLL_MS
  bool jobs = true;                  // --no-jobs: this server runs no jobs
};

struct Listen {
  std::string host;
  unsigned short port = 0;
};
// "127.0.0.1:8080" -> host and port; false on a malformed value.
bool parse_listen(const std::string& s, Listen& out);
// The audit checkpoint file: --audit-checkpoints, else <data-dir>/audit/checkpoints.
std::string audit_checkpoint_file(const Config& c);

}  // namespace jalon::app
