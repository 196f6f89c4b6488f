#include "privacy/commands.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "access/audit.h"
#include "access/keys.h"
#include "core/assets.h"
#include "core/clock.h"
#include "core/random.h"
#include "privacy/service.h"

namespace jalon::privacy {
namespace {

int run_check(store::Database& db, const Inventory& inv) {
  auto problems = schema_problems(db, inv);
  for (const auto& p : problems) std::printf("%s\n", p.c_str());
  if (problems.empty()) {
    std::printf("Inventaire à jour : %zu tables, %zu colonnes classées.\n", inv.tables.size(),
                inv.columns.size());
  }
  return problems.empty() ? 0 : 1;
}

int run_retention(store::Database& db, PrivacyService& privacy, access::AuditLog& audit,
                  bool dry_run) {
  std::vector<std::pair<std::string, std::string>> structures;
  int audit_months = 6;
  {
    auto tx = db.read();
    for (const auto& r : tx.query("SELECT id, name, audit_retention_months FROM structures")) {
      structures.emplace_back(r.text(0), r.text(1));
      audit_months = std::max<int>(audit_months, static_cast<int>(r.i64(2)));
    }
    tx.commit();
  }
  for (const auto& [id, name] : structures) {
    auto r = privacy.run_retention(id, dry_run);
    std::printf(
        "%s : %d dossiers, %d avis de suppression, %d avis retirés, %d conservés par "
        "une suspension, %d %s.\n",
        name.c_str(), r.candidates, r.notified, r.withdrawn, r.held, r.purged,
        dry_run ? "seraient purgés (simulation)" : "purgés");
  }
  if (dry_run) return 0;
  SystemClock clock;
  auto p = audit.purge_before(clock.now_ms() - int64_t{audit_months} * 31 * 86'400'000);
  if (!p.ok()) {
    std::fprintf(stderr, "jalon: %s\n", p.error().message.c_str());
    return 1;
  }
  std::printf("Journal d'audit : %lld enregistrements de plus de %d mois supprimés.\n",
              static_cast<long long>(p->deleted), audit_months);
  return 0;
}

}  // namespace

void add_commands(CLI::App& cli, CommandArgs& args) {
  auto* privacy = cli.add_subcommand("privacy",
                                     "Data protection: inventory, register, export, "
                                     "retention (issue 23)");
  privacy->require_subcommand(1);
  args.register_ = privacy->add_subcommand(
      "register", "Print the processing register (art. 30) generated from the data inventory");
  args.check = privacy->add_subcommand(
      "check", "Compare the data inventory with the store's schema (exit 1 on a difference)");
  args.export_ = privacy->add_subcommand(
      "export", "Write everything Jalon holds on one person as JSON (subject access, art. 15)");
  args.export_->add_option("person", args.person, "The person's id")->required();
  args.export_->add_option("--out", args.out_dir, "Directory of the file (default .)");
  args.retention = privacy->add_subcommand(
      "retention", "Run every structure's retention pass and the audit retention now");
  args.retention->add_flag("--dry-run", args.dry_run,
                           "Report what would be purged, change nothing");
}

std::optional<int> run_command(const StoreArgs& s, const CommandArgs& args) {
  if (!args.register_ || (!args.register_->parsed() && !args.check->parsed() &&
                          !args.export_->parsed() && !args.retention->parsed())) {
    return std::nullopt;
  }
  assets::AssetSource assets(s.dev_assets);
  const auto& inv = inventory(assets);
  if (args.register_->parsed()) {
    std::fputs(processing_register(inv).c_str(), stdout);
    return 0;
  }
  auto db = store::open_database({.data_dir = s.data_dir, .database_url = s.database_url});
  if (args.check->parsed()) return run_check(*db, inv);
  SystemClock clock;
  SystemRandom rng;
  auto keys = access::Keys::load_or_create(s.data_dir);
  access::AuditLog audit(*db, clock, keys, s.audit_checkpoints);
  PrivacyService privacy(*db, audit, clock, rng, inv,
                         (std::filesystem::path(s.data_dir) / "uploads").string());
  if (args.retention->parsed()) return run_retention(*db, privacy, audit, args.dry_run);
  auto out = privacy.export_person_system(args.person);
  if (!out.ok()) {
    std::fprintf(stderr, "jalon: %s\n", out.error().message.c_str());
    return 1;
  }
  auto path = std::filesystem::path(args.out_dir.empty() ? "." : args.out_dir) /
              ("jalon-export-" + args.person + ".json");
  std::ofstream(path) << out->dump(2) << "\n";
  audit.flush();
  std::printf("Export écrit : %s\n", path.string().c_str());
  return 0;
}

}  // namespace jalon::privacy
