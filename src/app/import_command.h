// `jalon import DATASET PATH` loads one referential data set from the files its producer
// publishes; `jalon import all DIR` loads every data set shipped in DIR (the repository's data/),
// and with --only-missing skips those the store already holds (what `make run` uses, so an
// existing store is left as it is). Progress goes to stderr when it is a terminal; the summary
// of each import to stdout.
#pragma once
#include <CLI/CLI.hpp>

#include <string>

#include "app/config.h"

namespace jalon::app {

struct ImportCommand {
  std::string dataset;
  std::string path;
  bool only_missing = false;
  std::string structure;  // `services`: one structure's directory (default: every structure)
};

// Declares the subcommand; the caller adds the store options and runs it when it was chosen.
CLI::App* add_import_command(CLI::App& cli, ImportCommand& command);
int run_import_command(const Config& config, const ImportCommand& command);

}  // namespace jalon::app
