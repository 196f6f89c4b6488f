// The data inventory (SR 1, 19): every column of every table, classified — its CNIL category,
// its sensitivity, whether the subject-access export holds it and how a purge anonymises it —
// and every table's subject (whose data it is), the SQL condition that finds one beneficiary's
// rows, its purpose, legal basis, retention and the roles that see it. Two versioned files,
// src/privacy/data/{tables,columns}.csv, embedded in the binary. The inventory drives the
// subject-access export, the purge and the generated processing register; a test compares it
// with the live schema of both engines, so a migration cannot add an unclassified column.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/assets.h"
#include "store/database.h"

namespace jalon::privacy {

struct ColumnEntry {
  std::string table, column;
  std::string category;     // identite, vie_professionnelle … technique, referentiel
  std::string sensitivity;  // aucune, normale, sante, nir
  bool exported = false;    // in the subject-access export
  std::string anonymise;    // supprime, conserve, annee, mois, departement
  std::string engines;      // both, sqlite, postgres (engine-specific index columns)
};

struct TableEntry {
  std::string table;
  std::string subject;  // beneficiaire, personnel, partenaire, journal, index, aucune
  std::string link;     // beneficiaire: SQL condition on the table with one ? (the person's id)
  std::string purpose, basis, retention, roles;
};

struct Inventory {
  std::vector<TableEntry> tables;  // parents before children: a purge deletes in reverse
  std::vector<ColumnEntry> columns;
  const TableEntry* table(const std::string& name) const;
  std::vector<const ColumnEntry*> columns_of(const std::string& table) const;
};

// Parses the two files; throws std::runtime_error naming the file and line of a bad entry.
Inventory parse_inventory(const std::string& tables_csv, const std::string& columns_csv);
// The embedded copy (privacy/tables.csv, privacy/columns.csv).
const Inventory& inventory(const assets::AssetSource& assets);

// What the live schema and the inventory disagree on, one French sentence each: a column the
// inventory does not classify, an entry whose column no longer exists, a table without its
// table entry. Empty when they agree. Full-text index internals (FTS5 shadow tables) are the
// engine's and skipped.
std::vector<std::string> schema_problems(store::Database& db, const Inventory& inv);
// The live schema: table -> columns, as the engine reports them.
std::map<std::string, std::vector<std::string>> live_schema(store::Database& db);

// The processing register (art. 30), generated from the inventory: Markdown.
std::string processing_register(const Inventory& inv);

}  // namespace jalon::privacy
