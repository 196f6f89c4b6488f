// `jalon import services PATH`: the structures and services of data·inclusion's published layout
// (schema v1: structures.json / services.json, or structures.csv / services.csv, as on
// data.gouv.fr) into the partners directory. PATH is a directory holding both files, or one of
// them (the other is looked for beside it, same extension; a structures file alone imports
// structures only). In CSV, a list cell is a JSON array (["a","b"]) or values separated by
// commas, semicolons or bars.
//
// All-or-nothing (one transaction; the first bad line fails the import naming the file, the line
// or element and the field; nothing changes), idempotent (an organisation or service keeps its
// id, found by its data·inclusion id; re-importing the same files changes nothing), additive
// (what the files no longer have stays: another département's file, a counselor's entry).
// Thematiques are kept at their top level ("mobilite--financer-mon-permis" is "mobilite"); the
// zone served is the first code of zone_eligibilite (commune, EPCI or département; "france" is
// anywhere). Every structure's directory gets the data, or only `structure_id`'s when given.
#pragma once
#include <string>

#include "core/result.h"
#include "referentials/import.h"
#include "store/database.h"

namespace jalon::partners {

Result<referentials::ImportSummary> import_services(store::Database& db, const std::string& path,
                                                    const referentials::ImportOptions& options,
                                                    const std::string& structure_id = "");

}  // namespace jalon::partners
