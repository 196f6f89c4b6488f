// Runtime configuration of `jalon serve` and the other commands. Values come from command-line
// flags, then the config file (--config FILE or JALON_CONFIG, `key = value` lines), then
// environment variables (JALON_*), then the defaults below. docs/CONFIGURATION.md lists them.
#pragma once
#include <string>

namespace jalon::app {

struct Config {
  std::string data_dir = "var";            // --data-dir / JALON_DATA_DIR / data-dir
  std::string listen = "127.0.0.1:8080";   // --listen / JALON_LISTEN / listen
  std::string database_url;                // --database / JALON_DATABASE_URL / database
  std::string public_url;                  // --public-url / JALON_PUBLIC_URL / public-url
  std::string dev_assets;                  // --dev-assets / JALON_DEV_ASSETS / dev-assets
  unsigned threads = 8;                    // --threads / JALON_THREADS / threads
  bool test_routes = false;                // --test-routes / JALON_TEST_ROUTES (tests only)
  bool access_log = true;                  // --no-access-log
  std::string smtp_url;                    // --smtp-url / JALON_SMTP_URL / smtp-url
  std::string smtp_from = "jalon@localhost";  // --smtp-from / JALON_SMTP_FROM / smtp-from
};

struct Listen {
  std::string host;
  unsigned short port = 0;
};
// "127.0.0.1:8080" -> host and port; false on a malformed value.
bool parse_listen(const std::string& s, Listen& out);

}  // namespace jalon::app
