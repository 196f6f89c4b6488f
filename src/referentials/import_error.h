// The one error every referential reader and importer raises: it names the file, the place in it
// (a line, a spreadsheet row, a JSON element) and the column, and says why in French, because the
// person running `jalon import` reads it. It is an exception only inside src/referentials/: the
// importers' public functions catch it and return a Result.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace jalon::referentials {

struct Location {
  std::string file;    // base name of the file, e.g. "communes.json"
  std::string where;   // "ligne 12", "élément 37" … (empty: the whole file)
  std::string column;  // column or field name (may be empty)

  static std::string line(int64_t n) { return "ligne " + std::to_string(n); }
};

class ImportError : public std::runtime_error {
 public:
  ImportError(Location where, const std::string& reason)
      : std::runtime_error(format(where, reason)), where_(std::move(where)), reason_(reason) {}

  const Location& where() const { return where_; }
  const std::string& reason() const { return reason_; }

  // "communes.json, élément 37, champ « code » : valeur vide"
  static std::string format(const Location& w, const std::string& reason) {
    std::string s = w.file.empty() ? std::string("import") : w.file;
    if (!w.where.empty()) s += ", " + w.where;
    if (!w.column.empty()) s += ", colonne « " + w.column + " »";
    return s + " : " + reason;
  }

 private:
  Location where_;
  std::string reason_;
};

}  // namespace jalon::referentials
