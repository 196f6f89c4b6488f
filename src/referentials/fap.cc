#include "referentials/fap.h"

#include "referentials/sas_format.h"
#include "referentials/table.h"

namespace jalon::referentials {
namespace {

const TableSpec kFapSpec{"fap_codes",
                         {"nomenclature", "level", "code", "label", "parent_code"},
                         3,
                         "nomenclature",
                         true};

store::Value parent(const std::string& code) {
  return code.empty() ? store::Value() : store::Value(code);
}

// "A0Z40 : Agriculteurs salariés" -> "Agriculteurs salariés".
std::string without_code(const std::string& label, const std::string& code) {
  std::string head = code + " :";
  if (!label.starts_with(head)) return label;
  std::size_t i = head.size();
  while (i < label.size() && label[i] == ' ') ++i;
  return label.substr(i);
}

void load_fap2009_labels(store::Tx& tx, const std::string& file, ImportSummary& s) {
  // $FAP9_1L: 22 domains ("A"), $FAP9_3L: 87 families ("A0Z"), $FAP9_5L: 225 families ("A0Z40").
  const std::pair<std::string, int> levels[] = {
      {"$FAP9_1L", 22}, {"$FAP9_3L", 87}, {"$FAP9_5L", 225}};
  TableLoader out(tx, kFapSpec, "FAP2009");
  int64_t rows = 0, skipped = 0;
  std::string name = base_name(file);
  for (const auto& format : read_sas_formats(file, Encoding::kWindows1252)) {
    int level = 0;
    for (const auto& [fname, l] : levels) {
      if (format.name == fname) level = l;
    }
    for (const auto& m : format.mappings) {
      ++rows;
      if (level == 0 || m.keys.empty()) {  // other formats, `Other` clauses
        ++skipped;
        continue;
      }
      for (const auto& code : m.keys) {
        std::string up = level == 225 ? code.substr(0, 3) : level == 87 ? code.substr(0, 1) : "";
        out.add({"FAP2009", level, code, without_code(m.label, code), parent(up)},
                {name, Location::line(m.line), {}});
      }
    }
  }
  record_file(s, name, rows, {&out}, skipped);
}

void load_rome_fap2009(store::Tx& tx, const std::string& file, ImportSummary& s) {
  TableLoader out(tx, {"rome_fap2009", {"rome_code", "qualification", "fap_code"}, 2});
  int64_t rows = 0, skipped = 0;
  std::string name = base_name(file);
  for (const auto& format : read_sas_formats(file, Encoding::kWindows1252)) {
    bool by_rome = format.name == "$FAP9RSQ", by_qualification = format.name == "$FAP9RAQ";
    for (const auto& m : format.mappings) {
      ++rows;
      if ((!by_rome && !by_qualification) || m.keys.empty()) {
        ++skipped;
        continue;
      }
      for (const auto& key : m.keys) {
        std::size_t want = by_rome ? 5 : 6;
        if (key.size() != want) {
          throw ImportError(
              {name, Location::line(m.line), format.name},
              "clé « " + key + " » : " + std::to_string(want) + " caractères attendus");
        }
        out.add({key.substr(0, 5), by_rome ? std::string() : key.substr(5), m.label},
                {name, Location::line(m.line), format.name});
      }
    }
  }
  record_file(s, name, rows, {&out}, skipped);
}

}  // namespace

Result<ImportSummary> import_fap2021(store::Database& db, const std::string& path,
                                     const ImportOptions& options) {
  return run_import(db, options, "fap2021", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    std::string file = find_dataset_file(path, "Intitules_FAP2021", {".csv", ".csv.gz"}, true);
    s.edition = "2021";
    auto in = open_table(file, {.separator = ';', .progress = &p});
    struct Level {
      int level;
      Column code, label;
    };
    std::vector<Level> levels;
    for (int l : {341, 228, 86, 22}) {
      std::string n = std::to_string(l);
      levels.push_back({l, in->column({"Code_FAP" + n}), in->column({"Intitulé_FAP" + n})});
    }
    TableLoader out(tx, kFapSpec, "FAP2021");
    while (in->next()) {
      // Each row names a family at every level, finest first: the next one is its parent.
      for (std::size_t i = 0; i < levels.size(); ++i) {
        std::string up = i + 1 < levels.size() ? in->required(levels[i + 1].code) : "";
        out.add({"FAP2021", levels[i].level, in->required(levels[i].code),
                 in->required(levels[i].label), parent(up)},
                in->where(&levels[i].code));
      }
    }
    record_file(s, *in, {&out});
  });
}

Result<ImportSummary> import_fap2009(store::Database& db, const std::string& path,
                                     const ImportOptions& options) {
  return run_import(db, options, "fap2009", [&](store::Tx& tx, ImportSummary& s, Progress&) {
    require_directory(path);
    s.edition = "2009";
    const std::vector<std::string> txt = {".txt", ".txt.gz"};
    load_fap2009_labels(tx, find_dataset_file(path, "intitule_fap2009", txt, true), s);
    load_rome_fap2009(tx, find_dataset_file(path, "passage_fap2009_romev3", txt, true), s);
  });
}

}  // namespace jalon::referentials
