// `jalon privacy …` (issue 23): register (print the processing register generated from the
// inventory), check (inventory against the live schema), export PERSON (the subject-access
// JSON), retention [--dry-run] (every structure's retention pass and the audit retention).
#pragma once
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace jalon::privacy {

struct CommandArgs {
  CLI::App* register_ = nullptr;
  CLI::App* check = nullptr;
  CLI::App* export_ = nullptr;
  CLI::App* retention = nullptr;
  std::string person, out_dir;
  bool dry_run = false;
};

struct StoreArgs {
  std::string data_dir, database_url, dev_assets, audit_checkpoints;
};

// Declares the subcommands; the caller adds the store options to check, export_ and retention.
void add_commands(CLI::App& cli, CommandArgs& args);
// Runs the command that was parsed; nullopt when none was.
std::optional<int> run_command(const StoreArgs& store, const CommandArgs& args);

}  // namespace jalon::privacy
