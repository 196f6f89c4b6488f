// `jalon import all data/` fills a new store with every shipped data set, and with
// --only-missing (what `make run` uses) leaves a store that has them as it is.
#include "app/import_command.h"

#include <doctest/doctest.h>

#include "referentials/datasets.h"
#include "support/referential_data.h"
#include "support/test_stores.h"

using namespace jalon;

TEST_CASE("import all loads every shipped data set once, and --only-missing then does nothing") {
  std::string dir = jalon::testing::make_temp_dir();
  app::Config config;
  config.data_dir = dir;
  app::ImportCommand all{"all", (jalon::testing::source_root() / "data").string(), true};
  REQUIRE(app::run_import_command(config, all) == 0);
  auto db = store::open_database({.data_dir = dir});
  for (const auto& d : referentials::datasets()) {
    CAPTURE(std::string(d.name));
    CHECK(referentials::dataset_imported(*db, d.name));
  }
  auto stamps = [&] {
    auto tx = db->read();
    std::vector<std::string> out;
    for (const auto& r : tx.query("SELECT dataset, edition, imported_at FROM referential_datasets "
                                  "ORDER BY dataset, edition")) {
      out.push_back(r.text(0) + " " + r.text(1) + " " + r[2].to_string());
    }
    return out;
  };
  auto before = stamps();
  CHECK(before.size() == referentials::datasets().size());
  REQUIRE(app::run_import_command(config, all) == 0);
  CHECK(stamps() == before);
  // A data set named on the command line from a bad path fails and says so.
  app::ImportCommand missing{"bmo", dir + "/absent.xlsx", false};
  CHECK(app::run_import_command(config, missing) == 1);
  db.reset();
  std::filesystem::remove_all(dir);
}
