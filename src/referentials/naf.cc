#include "referentials/naf.h"

#include <cctype>

#include "referentials/json_array.h"
#include "referentials/table.h"

namespace jalon::referentials {
namespace {

bool digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Level (2 division, 3 group, 4 class, 5 sub-class) and parent of a dotted NAF code.
std::optional<std::pair<int, std::string>> naf_level(std::string_view c) {
  if (c.size() == 2 && digits(c)) return std::pair{2, std::string()};
  if (c.size() < 4 || c[2] != '.' || !digits(c.substr(0, 2))) return std::nullopt;
  if (c.size() == 4 && digits(c.substr(3))) return std::pair{3, std::string(c.substr(0, 2))};
  if (c.size() == 5 && digits(c.substr(3))) return std::pair{4, std::string(c.substr(0, 4))};
  if (c.size() == 6 && digits(c.substr(3, 2)) && std::isupper(static_cast<unsigned char>(c[5]))) {
    return std::pair{5, std::string(c.substr(0, 5))};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> dotted_naf_code(std::string_view c) {
  if (c.size() == 5 && digits(c.substr(0, 4)) && std::isupper(static_cast<unsigned char>(c[4]))) {
    return std::string(c.substr(0, 2)) + "." + std::string(c.substr(2));
  }
  if (auto level = naf_level(c); level && level->first == 5) return std::string(c);
  return std::nullopt;
}

Result<ImportSummary> import_naf(store::Database& db, const std::string& path,
                                 const ImportOptions& options) {
  return run_import(db, options, "naf", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    std::string file = find_dataset_file(path, "naf_index", {".json", ".json.gz"}, true);
    s.edition = "rev2";
    TableLoader out(tx, {"naf_codes", {"code", "level", "label", "parent_code"}});
    int64_t n = for_each_json_object(file, p, [&](const JsonElement& e) {
      std::string code = e.required("id");
      auto level = naf_level(code);
      if (!level) e.fail("id", "code NAF invalide « " + code + " »");
      out.add({code, level->first, e.required("label"),
               level->second.empty() ? store::Value() : store::Value(level->second)},
              e.where("id"));
    });
    record_file(s, base_name(file), n, {&out});
  });
}

Result<ImportSummary> import_rome_naf(store::Database& db, const std::string& path,
                                      const ImportOptions& options) {
  return run_import(db, options, "rome-naf", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    std::string file = find_dataset_file(path, "rome_naf", {".csv", ".csv.gz"}, true);
    auto in = open_table(file, {.separator = ',', .progress = &p});
    Column rome = in->column({"rome_id", "code_rome"}), naf = in->column({"naf_id", "code_naf"});
    Column hirings = in->column({"hirings", "embauches"});
    TableLoader out(tx, {"rome_naf_hirings", {"rome_code", "naf_code", "hirings"}, 2});
    while (in->next()) {
      std::string r = in->required(rome);
      if (r.size() != 5) in->fail(rome, "code ROME invalide « " + r + " »");
      auto code = dotted_naf_code(in->required(naf));
      if (!code) in->fail(naf, "code NAF invalide « " + in->text(naf) + " »");
      int64_t h = in->integer(hirings);
      if (h < 0) in->fail(hirings, "nombre d'embauches négatif");
      out.add({r, *code, h}, in->where(&naf));
    }
    record_file(s, *in, {&out});
  });
}

}  // namespace jalon::referentials
