// `jalon backup` and `jalon restore` (SR 55), and the nightly backup job with its retention
// (SR 57): 35 daily archives and one per month for 12 months by default.
#pragma once
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "core/clock.h"
#include "jobs/runner.h"
#include "store/database.h"

namespace jalon::ops {

struct Retention {
  int keep_daily = 35;
  int keep_monthly = 12;
};

struct OpsArgs {
  std::string out_dir;  // backup: where the archive goes (default <data-dir>/backups)
  std::string archive;  // restore: the archive to read
  Retention retention;
  CLI::App* backup = nullptr;
  CLI::App* restore = nullptr;
};

// Declares `backup` and `restore`; the caller adds the store options to args.backup and
// args.restore.
void add_commands(CLI::App& cli, OpsArgs& args);
// Runs the command that was parsed; nullopt when neither was.
std::optional<int> run_command(const std::string& data_dir, const std::string& database_url,
                               const OpsArgs& args);

struct BackupJob {
  std::string data_dir, database_url, out_dir;
  Retention retention;
};
// The daily platform job "ops.backup" (02:30, Europe/Paris): one archive, then the pruning.
void register_backup_job(jobs::Runner& runner, store::Database& db, const Clock& clock,
                         BackupJob job);

}  // namespace jalon::ops
