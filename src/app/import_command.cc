#include "app/import_command.h"

#include <cstdio>
#include <filesystem>

#include "core/assets.h"
#include "core/clock.h"
#include "employers/import.h"
#include "employers/offers_import.h"
#include "partners/import.h"
#include "referentials/datasets.h"
#include "referentials/progress.h"
#include "referentials/rome_search.h"
#include "store/migrations.h"

namespace jalon::app {
namespace {

constexpr const char* kAll = "all";
// Not shipped in data/ (a structure imports its own territory's SIRENE extract): not in `all`.
constexpr referentials::Dataset kEmployers{
    "employers", "établissements d'un fichier SIRENE (StockEtablissement, CSV)", "",
    &employers::import_employers};
// A structure's partners directory from data·inclusion's files: not in `all` either.
constexpr referentials::Dataset kServices{
    "services", "structures et services de data·inclusion (structures/services .json ou .csv)", "",
    [](store::Database& db, const std::string& path, const referentials::ImportOptions& o) {
      return partners::import_services(db, path, o);
    }};
// France Travail's "Offres d'emploi" API answers (JSON), fetched by the structure: not in `all`.
constexpr referentials::Dataset kOffers{
    "offers", "offres d'emploi de l'API « Offres d'emploi » de France Travail (JSON)", "",
    &employers::import_offers};

int report(std::string_view name, const Result<referentials::ImportSummary>& r) {
  if (!r.ok()) {
    std::fprintf(stderr, "jalon: import %s impossible, la base n'a pas changé.\n  %s\n",
                 std::string(name).c_str(), r.error().message.c_str());
    return 1;
  }
  std::printf("%s", referentials::format_summary(*r).c_str());
  std::fflush(stdout);
  return 0;
}

int import_one(store::Database& db, const referentials::Dataset& d, const std::string& path,
               referentials::Progress& progress) {
  referentials::ImportOptions options{.progress = &progress};
  return report(d.name, d.import(db, path, options));
}

}  // namespace

CLI::App* add_import_command(CLI::App& cli, ImportCommand& command) {
  std::string help = "Data sets:\n  all  every data set shipped in DIR (the repository's data/)\n";
  std::vector<std::string> names{kAll};
  for (const auto& d : referentials::datasets()) {
    help += "  " + std::string(d.name) + "  " + std::string(d.description) + "\n";
    names.emplace_back(d.name);
  }
  help += "  " + std::string(kEmployers.name) + "  " + std::string(kEmployers.description) + "\n";
  names.emplace_back(kEmployers.name);
  help += "  " + std::string(kServices.name) + "  " + std::string(kServices.description) + "\n";
  names.emplace_back(kServices.name);
  help += "  " + std::string(kOffers.name) + "  " + std::string(kOffers.description) + "\n";
  names.emplace_back(kOffers.name);
  auto* cmd = cli.add_subcommand(
      "import", "Import referential data (ROME, communes, BMO …) from the producers' files");
  cmd->add_option("dataset", command.dataset, "Data set to import")
      ->required()
      ->check(CLI::IsMember(names));
  cmd->add_option("path", command.path, "File or directory to read")->required();
  cmd->add_flag("--only-missing", command.only_missing,
                "With `all`: skip the data sets the store already holds");
  cmd->add_option("--structure", command.structure,
                  "With `services`: only this structure's directory (its id; default: every one)");
  cmd->footer(help);
  return cmd;
}

int run_import_command(const Config& config, const ImportCommand& command) {
  auto db =
      store::open_database({.data_dir = config.data_dir, .database_url = config.database_url});
  SystemClock clock;
  auto migrated =
      store::migrate(*db, assets::AssetSource(config.dev_assets),
                     (std::filesystem::path(config.data_dir) / "backups").string(), clock);
  if (!migrated.ok()) {
    std::fprintf(stderr, "jalon: migration failed: %s\n", migrated.error().message.c_str());
    return 1;
  }
  auto progress = referentials::progress_for_stderr();
  if (command.dataset == kEmployers.name)
    return import_one(*db, kEmployers, command.path, *progress);
  if (command.dataset == kServices.name) {
    referentials::ImportOptions options{.progress = progress.get()};
    return report(kServices.name,
                  partners::import_services(*db, command.path, options, command.structure));
  }
  if (command.dataset == kOffers.name) return import_one(*db, kOffers, command.path, *progress);
  if (command.dataset != kAll) {
    return import_one(*db, *referentials::find_dataset(command.dataset), command.path, *progress);
  }
  for (const auto& d : referentials::datasets()) {
    if (command.only_missing && referentials::dataset_imported(*db, d.name)) continue;
    std::string path = (std::filesystem::path(command.path) / d.shipped).string();
    if (int rc = import_one(*db, d, path, *progress); rc != 0) return rc;
  }
  // A store whose ROME was imported before the search vocabulary had stems (migration 0017)
  // gets them now, without re-reading the ROME files.
  if (referentials::complete_rome_search_index(*db)) {
    std::fprintf(stderr, "jalon: index de recherche ROME complété (formes des mots)\n");
  }
  return 0;
}

}  // namespace jalon::app
