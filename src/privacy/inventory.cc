#include "privacy/inventory.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

namespace jalon::privacy {
namespace {

// The inventory files are ';'-separated, one entry per line, a header first and '#' comments;
// no field holds a ';' (checked: a line with the wrong number of fields is refused).
std::vector<std::vector<std::string>> rows_of(const std::string& text, const std::string& file,
                                              std::size_t fields) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::string cell;
    std::istringstream ls(line);
    while (std::getline(ls, cell, ';')) f.push_back(cell);
    if (line.back() == ';') f.emplace_back();
    if (f.size() != fields) {
      throw std::runtime_error(file + " ligne " + std::to_string(n) + " : " +
                               std::to_string(f.size()) + " champs au lieu de " +
                               std::to_string(fields));
    }
    if (header) {
      header = false;
      continue;
    }
    out.push_back(std::move(f));
  }
  return out;
}

const std::set<std::string> kCategories = {"identite",
                                           "vie_personnelle",
                                           "vie_professionnelle",
                                           "conditions_materielles",
                                           "couverture_sociale",
                                           "evaluation_sociale",
                                           "accompagnement",
                                           "entourage",
                                           "accompagnement_numerique",
                                           "professionnel",
                                           "partenaire",
                                           "technique",
                                           "referentiel"};
const std::set<std::string> kSensitivities = {"aucune", "normale", "sante", "nir"};
const std::set<std::string> kAnonymise = {"supprime", "conserve", "annee", "mois", "departement"};
const std::set<std::string> kSubjects = {"beneficiaire", "personnel", "partenaire",
                                         "journal",      "index",     "aucune"};
const std::set<std::string> kEngines = {"both", "sqlite", "postgres"};

void check_in(const std::set<std::string>& allowed, const std::string& v, const std::string& what,
              const std::string& where) {
  if (!allowed.count(v)) throw std::runtime_error(where + " : " + what + " inconnu « " + v + " »");
}

// FTS5's shadow tables (the storage of a virtual table's index) and SQLite's internal ones.
bool engine_internal(const std::string& table, const std::set<std::string>& virtual_tables) {
  if (table.starts_with("sqlite_")) return true;
  for (const auto& v : virtual_tables) {
    for (const char* shadow : {"_data", "_idx", "_content", "_docsize", "_config"}) {
      if (table == v + shadow) return true;
    }
  }
  return false;
}

}  // namespace

const TableEntry* Inventory::table(const std::string& name) const {
  for (const auto& t : tables)
    if (t.table == name) return &t;
  return nullptr;
}

std::vector<const ColumnEntry*> Inventory::columns_of(const std::string& name) const {
  std::vector<const ColumnEntry*> out;
  for (const auto& c : columns)
    if (c.table == name) out.push_back(&c);
  return out;
}

Inventory parse_inventory(const std::string& tables_csv, const std::string& columns_csv) {
  Inventory inv;
  int n = 1;
  for (auto& f : rows_of(tables_csv, "tables.csv", 7)) {
    std::string where = "tables.csv, entrée " + std::to_string(n++);
    check_in(kSubjects, f[1], "sujet", where);
    if ((f[1] == "beneficiaire") != (f[2].find('?') != std::string::npos)) {
      throw std::runtime_error(where +
                               " : une table de bénéficiaires a un lien avec « ? », et "
                               "elle seule");
    }
    inv.tables.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  }
  n = 1;
  for (auto& f : rows_of(columns_csv, "columns.csv", 7)) {
    std::string where =
        "columns.csv, entrée " + std::to_string(n++) + " (" + f[0] + "." + f[1] + ")";
    check_in(kCategories, f[2], "catégorie", where);
    check_in(kSensitivities, f[3], "sensibilité", where);
    if (f[4] != "oui" && f[4] != "non") throw std::runtime_error(where + " : export oui ou non");
    check_in(kAnonymise, f[5], "anonymisation", where);
    check_in(kEngines, f[6], "moteur", where);
    inv.columns.push_back({f[0], f[1], f[2], f[3], f[4] == "oui", f[5], f[6]});
  }
  return inv;
}

const Inventory& inventory(const assets::AssetSource& assets) {
  static const Inventory inv = [&] {
    auto t = assets.get("privacy/tables.csv");
    auto c = assets.get("privacy/columns.csv");
    if (!t || !c) throw std::runtime_error("the data inventory is missing from the binary");
    return parse_inventory(*t, *c);
  }();
  return inv;
}

std::map<std::string, std::vector<std::string>> live_schema(store::Database& db) {
  std::map<std::string, std::vector<std::string>> out;
  auto tx = db.read();
  if (db.engine() == store::Engine::kSqlite) {
    std::set<std::string> virtuals;
    auto tables = tx.query("SELECT name, sql FROM sqlite_master WHERE type = 'table'");
    for (const auto& t : tables) {
      if (t.text(1).find("VIRTUAL TABLE") != std::string::npos) virtuals.insert(t.text(0));
    }
    for (const auto& t : tables) {
      std::string name = t.text(0);
      if (engine_internal(name, virtuals)) continue;
      auto& cols = out[name];
      for (const auto& c : tx.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {name})) {
        cols.push_back(c.text(0));
      }
    }
  } else {
    for (const auto& r :
         tx.query("SELECT table_name, column_name FROM information_schema.columns WHERE "
                  "table_schema = current_schema() ORDER BY table_name, ordinal_position")) {
      out[r.text(0)].push_back(r.text(1));
    }
  }
  tx.commit();
  return out;
}

std::vector<std::string> schema_problems(store::Database& db, const Inventory& inv) {
  std::string engine = db.engine() == store::Engine::kSqlite ? "sqlite" : "postgres";
  auto live = live_schema(db);
  std::vector<std::string> problems;
  std::set<std::pair<std::string, std::string>> known;
  for (const auto& c : inv.columns) {
    if (c.engines != "both" && c.engines != engine) continue;
    known.insert({c.table, c.column});
    auto t = live.find(c.table);
    if (t == live.end() ||
        std::find(t->second.begin(), t->second.end(), c.column) == t->second.end()) {
      problems.push_back("L'inventaire nomme " + c.table + "." + c.column +
                         ", absente du schéma (" + engine + ").");
    }
  }
  for (const auto& [table, cols] : live) {
    if (!inv.table(table)) {
      problems.push_back("La table " + table + " n'a pas d'entrée dans tables.csv.");
    }
    for (const auto& col : cols) {
      if (!known.count({table, col})) {
        problems.push_back("La colonne " + table + "." + col +
                           " n'est pas classée dans columns.csv (" + engine + ").");
      }
    }
  }
  for (const auto& t : inv.tables) {
    bool here = false;  // the table has a column on this engine
    for (const auto* c : inv.columns_of(t.table))
      here |= c->engines == "both" || c->engines == engine;
    if (here && !live.count(t.table)) {
      problems.push_back("tables.csv nomme la table " + t.table + ", absente du schéma (" + engine +
                         ").");
    }
  }
  return problems;
}

std::string processing_register(const Inventory& inv) {
  std::string out =
      "# Registre des traitements (article 30 du RGPD) — généré\n\n"
      "Ce document est produit par `jalon privacy register` à partir de l'inventaire des "
      "données (`src/privacy/data/tables.csv` et `columns.csv`). Un test échoue s'il diffère "
      "de la sortie de la commande : ne pas le modifier à la main.\n\n"
      "Finalité générale : accompagnement socioprofessionnel de personnes éloignées de "
      "l'emploi (diagnostic, parcours, entretiens, ateliers, orientations, suivi des sorties). "
      "Conservation par défaut : 2 ans après le dernier contact émanant de la personne "
      "(réglable par structure de 1 à 36 mois), puis anonymisation statistique. Journal "
      "d'audit : 12 mois. Mesures de sécurité : chiffrement des données de santé, "
      "cloisonnement par structure et portefeuille, journal d'audit chaîné, sauvegardes "
      "quotidiennes vérifiées par sommes de contrôle.\n\n";
  for (const auto& t : inv.tables) {
    if (t.subject == "aucune") continue;
    out += "## " + t.table + "\n\n";
    out += "- Personnes concernées : " + t.subject + "\n";
    out += "- Finalité : " + t.purpose + "\n";
    out += "- Base légale : " + t.basis + "\n";
    out += "- Conservation : " + t.retention + "\n";
    out += "- Destinataires (rôles) : " + t.roles + "\n";
    std::string personal;
    for (const auto* c : inv.columns_of(t.table)) {
      if (c->category == "technique" || c->category == "referentiel") continue;
      if (!personal.empty()) personal += ", ";
      personal += c->column + " (" + c->category +
                  (c->sensitivity == "sante" || c->sensitivity == "nir" ? ", " + c->sensitivity
                                                                        : std::string()) +
                  ")";
    }
    out += "- Données : " + (personal.empty() ? std::string("identifiants techniques") : personal) +
           "\n\n";
  }
  out += "## Tables sans donnée personnelle\n\n";
  std::string none;
  for (const auto& t : inv.tables) {
    if (t.subject != "aucune") continue;
    if (!none.empty()) none += ", ";
    none += t.table;
  }
  out += none + "\n";
  return out;
}

}  // namespace jalon::privacy
