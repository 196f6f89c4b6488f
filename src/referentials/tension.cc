#include "referentials/tension.h"

#include <map>

#include "core/text.h"
#include "referentials/table.h"

namespace jalon::referentials {
namespace {

constexpr const char* kNational = "france entiere";

}  // namespace

std::string edition_from_file_name(const std::string& file) {
  std::string year = year_in_name(file);
  if (year.empty()) return {};
  static const char* const kMonths[] = {"janvier",   "fevrier", "mars",     "avril",
                                        "mai",       "juin",    "juillet",  "aout",
                                        "septembre", "octobre", "novembre", "decembre"};
  std::string folded = text::fold(base_name(file));
  for (int m = 0; m < 12; ++m) {
    std::string month = kMonths[m];
    if (folded.find("_" + month + "_") != std::string::npos ||
        folded.find("-" + month + "-") != std::string::npos) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "-%02d", m + 1);
      return year + buf;
    }
  }
  return year;
}

Result<ImportSummary> import_shortage_occupations(store::Database& db, const std::string& path,
                                                  const ImportOptions& options) {
  return run_import(db, options, "tension", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    std::string file = find_dataset_file(path, "metiers_en_tension", {".csv", ".csv.gz"}, true);
    s.edition = edition_from_file_name(file);
    if (s.edition.empty()) {
      throw ImportError({base_name(file), {}, {}},
                        "l'année de la liste doit figurer dans le nom du fichier "
                        "(ex. metiers_en_tension_mars_2024.csv)");
    }
    std::map<std::string, std::string> regions;  // folded name -> code
    for (const auto& r : tx.query("SELECT code, name FROM regions"))
      regions[text::fold(r.text(1))] = r.text(0);
    auto in = open_table(file, {.separator = ',', .progress = &p});
    Column region = in->column({"Region", "Région"}),
           label = in->column({"Famille Professionnelle"});
    Column fap = in->column({"Code FAP"});
    TableLoader out(tx,
                    {"shortage_occupations",
                     {"edition", "region_name", "fap_code", "region_code", "fap_label"},
                     3,
                     "edition"},
                    s.edition);
    while (in->next()) {
      std::string name = in->required(region), key = text::fold(name);
      store::Value code;
      if (key != kNational && !regions.empty()) {
        auto it = regions.find(key);
        if (it == regions.end()) in->fail(region, "région inconnue « " + name + " »");
        code = it->second;
      }
      std::string f = in->required(fap);
      if (f.size() != 5) in->fail(fap, "code FAP invalide « " + f + " » (5 caractères attendus)");
      out.add({s.edition, name, f, code, in->required(label)}, in->where(&fap));
    }
    record_file(s, *in, {&out});
  });
}

}  // namespace jalon::referentials
