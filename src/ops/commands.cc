#include "ops/commands.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/assets.h"
#include "ops/backup.h"
#include "store/migrations.h"

namespace jalon::ops {

void add_commands(CLI::App& cli, OpsArgs& args) {
  args.backup = cli.add_subcommand(
      "backup",
      "Back up the store, uploads, keys and audit checkpoints into one archive with checksums");
  args.backup->add_option("--out", args.out_dir,
                          "Directory of the archive (default <data-dir>/backups)");
  args.backup
      ->add_option("--keep-daily", args.retention.keep_daily,
                   "Then keep this many newest archives in that directory")
      ->capture_default_str();
  args.backup
      ->add_option("--keep-monthly", args.retention.keep_monthly,
                   "…and the newest archive of this many months")
      ->capture_default_str();
  args.restore = cli.add_subcommand(
      "restore",
      "Restore an archive of `jalon backup` into an empty data directory (and database)");
  args.restore->add_option("archive", args.archive, "The .tar archive")->required();
}

std::optional<int> run_command(const std::string& data_dir, const std::string& database_url,
                               const OpsArgs& args) {
  auto started = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  if (args.backup && args.backup->parsed()) {
    SystemClock clock;
    auto db = store::open_database({.data_dir = data_dir, .database_url = database_url});
    auto r = backup(
        *db, {.data_dir = data_dir, .database_url = database_url, .out_dir = args.out_dir}, clock);
    std::string dir = std::filesystem::path(r.archive).parent_path().string();
    auto pruned = prune_backups(dir, args.retention.keep_daily, args.retention.keep_monthly);
    std::printf("Sauvegarde : %s\n%d fichiers, %d tables, %lld lignes, %lld octets, en %.2f s.\n",
                r.archive.c_str(), r.files, r.tables, static_cast<long long>(r.rows),
                static_cast<long long>(r.bytes), seconds());
    if (!pruned.empty())
      std::printf("%zu ancienne(s) sauvegarde(s) supprimée(s).\n", pruned.size());
    return 0;
  }
  if (args.restore && args.restore->parsed()) {
    auto r = restore({.archive = args.archive, .data_dir = data_dir, .database_url = database_url});
    std::printf(
        "Restauration (%s) : %d fichiers vérifiés, %d tables, %lld lignes identiques à la "
        "sauvegarde, en %.2f s.\n",
        r.engine.c_str(), r.files, r.tables, static_cast<long long>(r.rows), seconds());
    return 0;
  }
  return std::nullopt;
}

void register_backup_job(jobs::Runner& runner, store::Database& db, const Clock& clock,
                         BackupJob job) {
  runner.add_recurring(
      {.kind = "ops.backup",
       .every_minutes = 1440,
       .at_minute = 2 * 60 + 30,
       .per_structure = false},
      [&db, &clock, job](const jobs::Context&) {
        auto r = backup(
            db,
            {.data_dir = job.data_dir, .database_url = job.database_url, .out_dir = job.out_dir},
            clock);
        auto pruned = prune_backups(std::filesystem::path(r.archive).parent_path().string(),
                                    job.retention.keep_daily, job.retention.keep_monthly);
        return std::filesystem::path(r.archive).filename().string() + ", " +
               std::to_string(r.rows) + " rows, " + std::to_string(pruned.size()) + " pruned";
      });
}

}  // namespace jalon::ops
