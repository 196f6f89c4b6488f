// The jalon command: serve, migrate, check. Configuration is documented in
// docs/CONFIGURATION.md; each command has its own --help.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/config.h"
#include "app/import_command.h"
#include "app/web_app.h"
#include "core/log.h"
#include "http/server.h"
#include "store/migrations.h"

namespace {

using namespace jalon;

void add_store_options(CLI::App* cmd, app::Config& c) {
  cmd->add_option("--data-dir", c.data_dir, "Data directory (SQLite store, backups, uploads)")
      ->envname("JALON_DATA_DIR")
      ->capture_default_str();
  cmd->add_option("--database", c.database_url,
                  "PostgreSQL URL (postgresql://user@host:port/db); SQLite when empty")
      ->envname("JALON_DATABASE_URL");
  cmd->add_option("--dev-assets", c.dev_assets,
                  "Read templates, static files and migrations from this source tree (development)")
      ->envname("JALON_DEV_ASSETS");
}

std::unique_ptr<store::Database> open_store(const app::Config& c) {
  return store::open_database({.data_dir = c.data_dir, .database_url = c.database_url});
}

int run_migrate(store::Database& db, const app::Config& c, const assets::AssetSource& assets,
                const Clock& clock, bool verbose) {
  auto report = store::migrate(db, assets, (std::filesystem::path(c.data_dir) / "backups").string(),
                               clock);
  if (!report.ok()) {
    std::fprintf(stderr, "jalon: migration failed: %s %s\n", report.error().message.c_str(),
                 report.error().field.c_str());
    return 1;
  }
  if (!report->backup_path.empty()) {
    std::fprintf(stderr, "jalon: backup before migration: %s\n", report->backup_path.c_str());
  }
  for (const auto& m : report->applied) std::fprintf(stderr, "jalon: applied migration %s\n", m.c_str());
  if (verbose) std::printf("schema version %d\n", report->to);
  return 0;
}

int cmd_serve(app::Config& c) {
  app::Listen listen;
  if (!app::parse_listen(c.listen, listen)) {
    std::fprintf(stderr, "jalon: --listen must look like 127.0.0.1:8080 (got \"%s\")\n",
                 c.listen.c_str());
    return 2;
  }
  // Signals are taken synchronously by this thread; every other thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  log::set_quiet(false);
  SystemClock clock;
  SystemRandom rng;
  assets::AssetSource assets(c.dev_assets);
  auto db = open_store(c);
  if (int rc = run_migrate(*db, c, assets, clock, false); rc != 0) return rc;
  app::WebApp web(c, *db, assets, clock, rng);
  http::Server server({.host = listen.host, .port = listen.port, .threads = c.threads},
                      [&web](http::Request& req) { return web.pipeline().handle(req); });
  server.start();
  log::info("listening", {{"url", "http://" + listen.host + ":" + std::to_string(server.port())},
                          {"engine", std::string(store::engine_name(db->engine()))}});
  std::printf("Jalon écoute sur http://%s:%u/\n", listen.host.c_str(), server.port());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  log::info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  server.stop();
  db.reset();
  log::info("stopped");
  return 0;
}

int cmd_migrate(app::Config& c) {
  SystemClock clock;
  assets::AssetSource assets(c.dev_assets);
  auto db = open_store(c);
  return run_migrate(*db, c, assets, clock, true);
}

int cmd_check(app::Config& c) {
  assets::AssetSource assets(c.dev_assets);
  std::unique_ptr<store::Database> db;
  try {
    db = open_store(c);
  } catch (const store::StoreError& e) {
    std::printf("FAIL open: %s\n", e.what());
    return 1;
  }
  int status = 0;
  for (const auto& line : db->describe()) std::printf("%s\n", line.c_str());
  auto problems = db->check_integrity();
  for (const auto& p : problems) std::printf("FAIL %s\n", p.c_str());
  if (!problems.empty()) status = 1;
  std::printf("schema_version=%d\n", store::schema_version(*db));
  auto pending = store::pending_migrations(*db, assets);
  if (!pending.ok()) {
    std::printf("FAIL migrations: %s\n", pending.error().message.c_str());
    status = 1;
  } else if (!pending->empty()) {
    for (const auto& m : *pending) std::printf("FAIL schema: migration %s not applied\n", m.c_str());
    std::printf("FAIL schema: run `jalon migrate`\n");
    status = 1;
  }
  std::printf(status == 0 ? "OK\n" : "FAILED\n");
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Jalon — plateforme des chargés d'insertion professionnelle"};
  cli.set_version_flag("--version", std::string(JALON_VERSION));
  cli.set_config("--config", "", "Configuration file (key = value lines)")->envname("JALON_CONFIG");
  cli.require_subcommand(1);
  app::Config config;

  auto* serve = cli.add_subcommand("serve", "Serve the web application");
  add_store_options(serve, config);
  serve->add_option("--listen", config.listen, "Address and port to listen on (loopback by default)")
      ->envname("JALON_LISTEN")
      ->capture_default_str();
  serve->add_option("--public-url", config.public_url,
                    "The URL users reach (https://… behind a reverse proxy); allowed as Origin")
      ->envname("JALON_PUBLIC_URL");
  serve->add_option("--threads", config.threads, "Request handler threads")
      ->envname("JALON_THREADS")
      ->capture_default_str();
  serve->add_flag("--test-routes", config.test_routes, "Enable test-only routes (never in production)")
      ->envname("JALON_TEST_ROUTES")
      ->group("");
  serve->add_flag("!--no-access-log", config.access_log, "Do not write the access log");

  auto* migrate = cli.add_subcommand("migrate", "Apply pending schema migrations and exit");
  add_store_options(migrate, config);
  auto* check = cli.add_subcommand(
      "check", "Check the store: integrity, required settings, schema version (exit 1 on a problem)");
  add_store_options(check, config);
  app::ImportCommand import_command;
  auto* import = app::add_import_command(cli, import_command);
  add_store_options(import, config);

  CLI11_PARSE(cli, argc, argv);
  log::set_quiet(true);
  try {
    if (cli.got_subcommand(serve)) return cmd_serve(config);
    if (cli.got_subcommand(migrate)) return cmd_migrate(config);
    if (cli.got_subcommand(check)) return cmd_check(config);
    if (cli.got_subcommand(import)) return app::run_import_command(config, import_command);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jalon: %s\n", e.what());
    return 1;
  }
  return 0;
}
