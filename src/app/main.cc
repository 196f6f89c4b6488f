// The jalon command: serve, migrate, check, admin, demo, audit, import. Configuration is documented
// in docs/CONFIGURATION.md; each command has its own --help.
#include <CLI/CLI.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include <sys/stat.h>

#include "access/audit.h"
#include "access/keys.h"
#include "access/passwords.h"
#include "access/service.h"
#include "app/config.h"
#include "app/import_command.h"
#include "app/web_app.h"
#include "core/dates.h"
#include "core/log.h"
#include "demo/demo.h"
#include "http/router.h"
#include "http/server.h"
#include "jobs/handlers.h"
#include "jobs/jobs.h"
#include "jobs/runner.h"
#include "ops/commands.h"
#include "outbox/outbox.h"
#include "privacy/commands.h"
#include "privacy/web.h"
#include "store/faults.h"
#include "store/migrations.h"
#include "ui/pdf.h"

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
  auto report =
      store::migrate(db, assets, (std::filesystem::path(c.data_dir) / "backups").string(), clock);
  if (!report.ok()) {
    std::fprintf(stderr, "jalon: migration failed: %s %s\n", report.error().message.c_str(),
                 report.error().field.c_str());
    return 1;
  }
  if (!report->backup_path.empty()) {
    std::fprintf(stderr, "jalon: backup before migration: %s\n", report->backup_path.c_str());
  }
  for (const auto& m : report->applied)
    std::fprintf(stderr, "jalon: applied migration %s\n", m.c_str());
  if (verbose) std::printf("schema version %d\n", report->to);
  return 0;
}

jobs::Runner::Options runner_options(const app::Config& c) {
  return {.lease_ms = c.jobs_lease_ms, .poll_ms = c.jobs_poll_ms};
}

int cmd_serve(app::Config& c) {
  app::Listen listen;
  if (!app::parse_listen(c.listen, listen)) {
    std::fprintf(stderr, "jalon: --listen must look like 127.0.0.1:8080 (got \"%s\")\n",
                 c.listen.c_str());
    return 2;
  }
  std::string proxies_error;
  if (!http::TrustedProxies::parse(c.trusted_proxies, proxies_error)) {
    std::fprintf(stderr, "jalon: --trusted-proxies: %s\n", proxies_error.c_str());
    return 2;
  }
  // Signals are taken synchronously by this thread; every other thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  log::set_quiet(false);
  OffsetClock test_clock;
  SystemClock system_clock;
  const Clock& clock = c.test_routes ? static_cast<const Clock&>(test_clock) : system_clock;
  SystemRandom rng;
  assets::AssetSource assets(c.dev_assets);
  auto db = open_store(c);
  // Test servers can have store faults injected (POST /__test/faults).
  if (c.test_routes) db = std::make_unique<store::FaultyDatabase>(std::move(db));
  if (int rc = run_migrate(*db, c, assets, clock, false); rc != 0) return rc;
  app::WebApp web(c, *db, assets, clock, rng, c.test_routes ? &test_clock : nullptr);
  jobs::Runner runner(*db, clock, rng, runner_options(c));
  outbox::register_sender(runner, *db, clock, {.url = c.smtp_url, .from = c.smtp_from});
  jobs::register_handlers(runner, *db, clock, rng, app::base_url(c), c.test_routes);
  ops::register_backup_job(runner, *db, clock,
                           {.data_dir = c.data_dir, .database_url = c.database_url});
  privacy::register_jobs(runner, *db, web.privacy(), web.audit(), clock);
  if (c.jobs) runner.start();
  ui::limit_exports_to(c.threads);  // exports hold request threads: leave two free
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
  runner.stop();  // the running job finishes or gives its lease back
  web.audit().stop();
  db.reset();
  log::info("stopped");
  return 0;
}

void print_job(const jobs::Job& j) {
  std::printf("%s  %-8s %-22s attempts %lld/%lld  run at %s%s%s\n", j.id.c_str(), j.status.c_str(),
              j.kind.c_str(), static_cast<long long>(j.attempts),
              static_cast<long long>(j.max_attempts), dates::rfc3339_utc(j.run_at).c_str(),
              j.last_error.empty() ? "" : "  error: ", j.last_error.c_str());
}

// `jalon jobs list|run-due|retry ID`: the operator's view of the job table.
int cmd_jobs(app::Config& c, const std::string& action, const std::string& arg) {
  SystemClock clock;
  SystemRandom rng;
  assets::AssetSource assets(c.dev_assets);
  auto db = open_store(c);
  if (int rc = run_migrate(*db, c, assets, clock, false); rc != 0) return rc;
  if (action == "list") {
    auto tx = db->read();
    auto list = jobs::list(tx, arg.empty() ? "all" : arg, "", 200);
    tx.commit();
    for (const auto& j : list) print_job(j);
    if (list.empty()) std::printf("no jobs\n");
    return 0;
  }
  if (action == "retry") {
    auto tx = db->write();
    bool ok = jobs::retry(tx, clock, arg);
    tx.commit();
    if (!ok) {
      std::fprintf(stderr, "jalon: no failed or pending job %s\n", arg.c_str());
      return 1;
    }
    std::printf("job %s will run again now\n", arg.c_str());
    return 0;
  }
  jobs::Runner runner(*db, clock, rng, runner_options(c));
  outbox::register_sender(runner, *db, clock, {.url = c.smtp_url, .from = c.smtp_from});
  jobs::register_handlers(runner, *db, clock, rng, app::base_url(c), false);
  int ran = runner.run_due();
  std::printf("%d job(s) run, %lld completed, %lld failed attempt(s)\n", ran,
              static_cast<long long>(runner.completed()),
              static_cast<long long>(runner.failed_attempts()));
  return 0;
}

int cmd_admin_create(app::Config& c, const std::string& email, const std::string& structure,
                     const std::string& kind) {
  SystemClock clock;
  SystemRandom rng;
  assets::AssetSource assets(c.dev_assets);
  auto db = open_store(c);
  if (int rc = run_migrate(*db, c, assets, clock, false); rc != 0) return rc;
  auto keys = access::Keys::load_or_create(c.data_dir);
  access::AuditLog audit(*db, clock, keys, app::audit_checkpoint_file(c));
  access::PasswordPolicy policy(assets);
  access::AccessService service(*db, clock, rng, keys, audit, policy);
  auto r = service.create_admin(email, structure, kind);
  if (!r.ok()) {
    std::fprintf(stderr, "jalon: %s\n", r.error().message.c_str());
    return 1;
  }
  std::printf("Compte créé : %s (%s)\n", email.c_str(),
              structure.empty() ? "administrateur·rice de la plateforme"
                                : ("administrateur·rice de « " + structure + " »").c_str());
  std::printf("Mot de passe à usage unique : %s\n", r->one_time_password.c_str());
  std::printf(
      "Il devra être changé à la première connexion, après l'activation de la double "
      "authentification.\n");
  return 0;
}

int cmd_demo(app::Config& c, int count, unsigned seed) {
  SystemClock clock;
  SystemRandom rng;
  assets::AssetSource assets(c.dev_assets);
  auto db = open_store(c);
  if (int rc = run_migrate(*db, c, assets, clock, false); rc != 0) return rc;
  access::Keys::load_or_create(c.data_dir);  // the key the server will use
  auto started = std::chrono::steady_clock::now();
  auto r = demo::generate(*db, clock, rng, c.data_dir, count, seed);
  if (!r.ok()) {
    std::fprintf(stderr, "jalon: %s\n", r.error().message.c_str());
    return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("Structure de démonstration créée : ACI Les Jardins du Voironnais (Voiron, Isère)\n");
  std::printf("%d personnes accompagnées fictives, %lld lignes, en %.1f s.\n\n", r->beneficiaries,
              static_cast<long long>(r->rows), secs);
  for (const auto& t : r->territories) std::printf("Territoire : %s\n", t.c_str());
  if (!r->territories.empty()) std::printf("\n");
  std::printf("Comptes de démonstration (mots de passe aléatoires, affichés une seule fois) :\n");
  for (const auto& a : r->accounts) {
    std::printf("  %-40s %-22s %s\n", a.email.c_str(), a.role_label.c_str(), a.password.c_str());
  }
  std::printf(
      "\nÀ la première connexion, Jalon demande d'activer la double authentification "
      "(application TOTP).\n");
  return 0;
}

// The server's key, without creating one: verifying under a new key would only say "broken".
std::optional<access::Keys> existing_keys(const app::Config& c) {
  const char* env = std::getenv("JALON_SECRET_KEY");
  if ((!env || !*env) &&
      !std::filesystem::exists(std::filesystem::path(c.data_dir) / "keys" / "secret.key")) {
    return std::nullopt;
  }
  return access::Keys::load_or_create(c.data_dir);
}

int cmd_audit_verify(app::Config& c) {
  auto keys = existing_keys(c);
  if (!keys) {
    std::printf("audit log NOT VERIFIED: no secret key (JALON_SECRET_KEY or %s/keys/secret.key)\n",
                c.data_dir.c_str());
    return 1;
  }
  auto db = open_store(c);
  std::string file = app::audit_checkpoint_file(c);
  auto v = access::AuditLog::verify(*db, *keys, file);
  if (v.ok) {
    bool pinned = std::filesystem::exists(file);
    std::printf("audit log OK: %lld records, chain intact, %lld signed checkpoints matched%s\n",
                static_cast<long long>(v.records), static_cast<long long>(v.checkpoints),
                pinned ? "" : " (no checkpoint file yet)");
    // Records chained before the HMAC (migration 0004) rest on plain SHA-256 until a signed
    // checkpoint pins where they end: without one, whoever can write the store can move that
    // boundary and rebuild them.
    if (!pinned) {
      auto tx = db->read();
      auto head = tx.query_one("SELECT legacy_until FROM audit_head WHERE id = 1");
      tx.commit();
      if (head && head->i64(0) > 0) {
        std::fprintf(stderr,
                     "jalon: WARNING: the first %lld records use plain SHA-256 links and no signed "
                     "checkpoint pins them yet: run `jalon audit checkpoint` and keep %s outside "
                     "this server\n",
                     static_cast<long long>(head->i64(0)), file.c_str());
        return 3;
      }
    }
    return 0;
  }
  std::printf("audit log BROKEN at record %lld: %s (%lld records verified before it)\n",
              static_cast<long long>(v.first_broken_seq), v.problem.c_str(),
              static_cast<long long>(v.records));
  return 1;
}

int cmd_audit_checkpoint(app::Config& c) {
  auto keys = existing_keys(c);
  if (!keys) {
    std::fprintf(stderr, "jalon: no secret key (JALON_SECRET_KEY or %s/keys/secret.key)\n",
                 c.data_dir.c_str());
    return 1;
  }
  SystemClock clock;
  auto db = open_store(c);
  std::string file = app::audit_checkpoint_file(c);
  access::AuditLog audit(*db, clock, *keys, file);
  audit.checkpoint();
  std::printf("checkpoint written to %s\n", file.c_str());
  return 0;
}

// The data directory holds the SQLite store, keys, uploads and backups: its owner only.
int check_permissions(const app::Config& c) {
  namespace fs = std::filesystem;
  int status = 0;
  auto group_or_other = [](fs::perms p) {
    return (p & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none;
  };
  auto mode = [](fs::perms p) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(p) & 07777);
    return std::string(buf);
  };
  std::error_code ec;
  fs::path dir = c.data_dir;
  if (auto st = fs::status(dir, ec); !ec && fs::is_directory(st)) {
    if (group_or_other(st.permissions())) {
      std::printf("FAIL permissions: %s is %s, must be 0700 (chmod 700 %s)\n", dir.c_str(),
                  mode(st.permissions()).c_str(), dir.c_str());
      status = 1;
    } else {
      std::printf("permissions: %s %s\n", dir.c_str(), mode(st.permissions()).c_str());
    }
  }
  for (const char* name : {"jalon.db", "jalon.db-wal", "jalon.db-shm", "keys/secret.key"}) {
    fs::path f = dir / name;
    auto st = fs::status(f, ec);
    if (ec || !fs::exists(st)) continue;
    if (group_or_other(st.permissions())) {
      std::printf("FAIL permissions: %s is %s, must be 0600 (chmod 600 %s)\n", f.c_str(),
                  mode(st.permissions()).c_str(), f.c_str());
      status = 1;
    } else {
      std::printf("permissions: %s %s\n", f.c_str(), mode(st.permissions()).c_str());
    }
  }
  return status;
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
  int status = check_permissions(c);
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
    for (const auto& m : *pending)
      std::printf("FAIL schema: migration %s not applied\n", m.c_str());
    std::printf("FAIL schema: run `jalon migrate`\n");
    status = 1;
  }
  std::printf(status == 0 ? "OK\n" : "FAILED\n");
  return status;
}

// --audit-checkpoints, for the commands that write or read the checkpoint file.
void add_checkpoints_option(CLI::App* cmd, app::Config& config) {
  cmd->add_option("--audit-checkpoints", config.audit_checkpoints,
                  "File of signed audit checkpoints (default: <data-dir>/audit/checkpoints)")
      ->envname("JALON_AUDIT_CHECKPOINTS");
}

// The SMTP and job runner options, shared by `serve` and `jobs run-due`.
void add_runner_options(CLI::App* cmd, app::Config& config) {
  cmd->add_option("--smtp-url", config.smtp_url,
                  "Send queued e-mails through this server (smtp://host:25, smtps://host:465)")
      ->envname("JALON_SMTP_URL");
  cmd->add_option("--smtp-from", config.smtp_from, "Sender address of e-mails")
      ->envname("JALON_SMTP_FROM")
      ->capture_default_str();
  cmd->add_option("--jobs-lease-ms", config.jobs_lease_ms,
                  "Lease of a claimed job: past it, another server may take the job over")
      ->envname("JALON_JOBS_LEASE_MS")
      ->capture_default_str();
  cmd->add_option("--jobs-poll-ms", config.jobs_poll_ms, "How often an idle runner looks for jobs")
      ->envname("JALON_JOBS_POLL_MS")
      ->capture_default_str();
}

struct JobsArgs {
  std::string view, id;
};

// `jobs list [VIEW]`, `jobs run-due`, `jobs retry ID`.
std::vector<CLI::App*> add_jobs_command(CLI::App& cli, app::Config& config, JobsArgs& args) {
  auto* jobs_cmd = cli.add_subcommand("jobs", "Durable jobs: list, run what is due, retry");
  jobs_cmd->require_subcommand(1);
  auto* list = jobs_cmd->add_subcommand("list", "List jobs (all, upcoming, recent, failed)");
  list->add_option("view", args.view, "all, upcoming, recent or failed")
      ->check(CLI::IsMember({"all", "upcoming", "recent", "failed"}));
  auto* run_due = jobs_cmd->add_subcommand("run-due", "Run every job due now, then exit");
  add_runner_options(run_due, config);
  auto* retry = jobs_cmd->add_subcommand("retry", "Run a failed job again now");
  retry->add_option("id", args.id, "The job's id")->required();
  for (auto* c : {list, run_due, retry}) add_store_options(c, config);
  return {list, run_due, retry};
}

CLI::App* add_serve_command(CLI::App& cli, app::Config& config) {
  auto* serve = cli.add_subcommand("serve", "Serve the web application");
  add_store_options(serve, config);
  serve
      ->add_option("--listen", config.listen, "Address and port to listen on (loopback by default)")
      ->envname("JALON_LISTEN")
      ->capture_default_str();
  serve
      ->add_option("--public-url", config.public_url,
                   "The URL users reach (https://… behind a reverse proxy); allowed as Origin")
      ->envname("JALON_PUBLIC_URL");
  serve->add_option("--threads", config.threads, "Request handler threads")
      ->envname("JALON_THREADS")
      ->capture_default_str();
  serve
      ->add_flag("--test-routes", config.test_routes,
                 "Enable test-only routes (never in production)")
      ->envname("JALON_TEST_ROUTES")
      ->group("");
  serve->add_flag("!--no-access-log", config.access_log, "Do not write the access log");
  add_runner_options(serve, config);
  serve->add_flag("!--no-jobs", config.jobs, "Run no jobs in this server")->envname("JALON_JOBS");
  serve
      ->add_option("--trusted-proxies", config.trusted_proxies,
                   "Reverse proxies (addresses or CIDR blocks, comma-separated) whose "
                   "X-Forwarded-For gives the client address; otherwise the header is ignored")
      ->envname("JALON_TRUSTED_PROXIES");
  serve
      ->add_option("--metrics-token", config.metrics_token,
                   "Bearer token that opens /metrics to remote scrapers (loopback only without it)")
      ->envname("JALON_METRICS_TOKEN");

  add_checkpoints_option(serve, config);
  return serve;
}

struct AdminArgs {
  std::string email, structure, kind = "aci";
};

// `admin create`: the subcommand that was parsed when it runs.
CLI::App* add_admin_command(CLI::App& cli, app::Config& config, AdminArgs& args) {
  auto* admin = cli.add_subcommand("admin", "Accounts administration");
  admin->require_subcommand(1);
  auto* admin_create = admin->add_subcommand(
      "create", "Create an administrator and print a one-time password (no default accounts)");
  add_store_options(admin_create, config);
  admin_create->add_option("--email", args.email, "E-mail of the administrator")->required();
  admin_create->add_option("--structure", args.structure,
                           "Create this structure and make the account its administrator "
                           "(without it: a platform administrator)");
  admin_create
      ->add_option("--kind", args.kind,
                   "Structure kind: aci, ei, ai, etti, eiti, mission_locale, plie, "
                   "association, ccas, departement, organisme_formation, autre")
      ->capture_default_str();

  return admin_create;
}

struct DemoArgs {
  int count = 300;
  unsigned seed = 38500;
};

CLI::App* add_demo_command(CLI::App& cli, app::Config& config, DemoArgs& args) {
  auto* demo_cmd = cli.add_subcommand(
      "demo", "Create a synthetic demo structure (ACI in Voiron) with accounts and beneficiaries");
  add_store_options(demo_cmd, config);
  demo_cmd->add_option("--beneficiaries", args.count, "Number of synthetic beneficiaries")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  demo_cmd->add_option("--seed", args.seed, "Random seed (same seed, same people)")
      ->capture_default_str();

  return demo_cmd;
}

struct AuditCommands {
  CLI::App* verify = nullptr;
  CLI::App* checkpoint = nullptr;
};

AuditCommands add_audit_command(CLI::App& cli, app::Config& config) {
  auto* audit = cli.add_subcommand("audit", "Audit trail tools");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify",
      "Check the audit log's HMAC chain and signed checkpoints; report the first broken link "
      "(exit 1)");
  add_store_options(audit_verify, config);
  auto* audit_checkpoint = audit->add_subcommand(
      "checkpoint", "Append a signed checkpoint of the audit log's head to the checkpoint file");
  add_store_options(audit_checkpoint, config);
  add_checkpoints_option(audit_verify, config);
  add_checkpoints_option(audit_checkpoint, config);

  return {audit_verify, audit_checkpoint};
}

}  // namespace

int main(int argc, char** argv) {
  // Whatever jalon creates (the SQLite store and its journal, keys, uploads, backups, audit
  // checkpoints, the data directory itself) is its owner's only: 0600 files, 0700 directories.
  ::umask(077);
  CLI::App cli{"Jalon — plateforme des chargés d'insertion professionnelle"};
  cli.set_version_flag("--version", std::string(JALON_VERSION));
  cli.set_config("--config", "", "Configuration file (key = value lines)")->envname("JALON_CONFIG");
  cli.require_subcommand(1);
  app::Config config;

  auto* serve = add_serve_command(cli, config);
  auto* migrate = cli.add_subcommand("migrate", "Apply pending schema migrations and exit");
  add_store_options(migrate, config);
  auto* check = cli.add_subcommand(
      "check",
      "Check the store: integrity, required settings, schema version (exit 1 on a problem)");
  add_store_options(check, config);
  app::ImportCommand import_command;
  auto* import = app::add_import_command(cli, import_command);
  add_store_options(import, config);
  AdminArgs admin_args;
  auto* admin_create = add_admin_command(cli, config, admin_args);
  DemoArgs demo_args;
  auto* demo_cmd = add_demo_command(cli, config, demo_args);
  AuditCommands audit = add_audit_command(cli, config);
  JobsArgs jobs_args;
  auto jobs_cmds = add_jobs_command(cli, config, jobs_args);
  ops::OpsArgs ops_args;
  ops::add_commands(cli, ops_args);
  for (auto* cmd : {ops_args.backup, ops_args.restore}) add_store_options(cmd, config);
  privacy::CommandArgs privacy_args;
  privacy::add_commands(cli, privacy_args);
  for (auto* cmd :
       {privacy_args.register_, privacy_args.check, privacy_args.export_, privacy_args.retention}) {
    add_store_options(cmd, config);
  }
  add_checkpoints_option(privacy_args.retention, config);
  add_checkpoints_option(privacy_args.export_, config);

  CLI11_PARSE(cli, argc, argv);
  log::set_quiet(true);
  try {
    if (cli.got_subcommand(serve)) return cmd_serve(config);
    if (cli.got_subcommand(migrate)) return cmd_migrate(config);
    if (cli.got_subcommand(check)) return cmd_check(config);
    if (admin_create->parsed()) {
      return cmd_admin_create(config, admin_args.email, admin_args.structure, admin_args.kind);
    }
    if (audit.verify->parsed()) return cmd_audit_verify(config);
    if (audit.checkpoint->parsed()) return cmd_audit_checkpoint(config);
    if (demo_cmd->parsed()) return cmd_demo(config, demo_args.count, demo_args.seed);
    if (jobs_cmds[0]->parsed()) return cmd_jobs(config, "list", jobs_args.view);
    if (jobs_cmds[1]->parsed()) return cmd_jobs(config, "run-due", "");
    if (jobs_cmds[2]->parsed()) return cmd_jobs(config, "retry", jobs_args.id);
    if (cli.got_subcommand(import)) return app::run_import_command(config, import_command);
    if (auto rc = ops::run_command(config.data_dir, config.database_url, ops_args)) return *rc;
    if (auto rc = privacy::run_command({config.data_dir, config.database_url, config.dev_assets,
                                        app::audit_checkpoint_file(config)},
                                       privacy_args)) {
      return *rc;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jalon: %s\n", e.what());
    return 1;
  }
  return 0;
}
