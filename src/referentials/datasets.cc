#include "referentials/datasets.h"

#include "referentials/bmo.h"
#include "referentials/fap.h"
#include "referentials/geography.h"
#include "referentials/naf.h"
#include "referentials/rome_import.h"
#include "referentials/siae.h"
#include "referentials/tension.h"

namespace jalon::referentials {
namespace {

constexpr Dataset kDatasets[] = {
    {"communes", "Communes, EPCI, départements et régions (COG, @etalab/decoupage-administratif)",
     "geo/cog-2026", import_communes},
    {"centroides", "Centroïdes des communes (latitude, longitude)", "geo", import_centroids},
    {"zones-emploi", "Zones d'emploi INSEE 2020", "geo", import_employment_zones},
    {"bassins-emploi", "Bassins d'emploi France Travail", "geo", import_employment_basins},
    {"rome", "ROME v3 complet (fiches, appellations, savoirs, mobilités, textes, RIASEC)",
     "rome/v347", import_rome},
    {"rome-2024", "Fiches et appellations ROME 2024 (les emplois de l'inclusion)", "rome/2024",
     import_rome_2024},
    {"naf", "Nomenclature d'activités NAF rév. 2 (tous niveaux)", "nomenclatures", import_naf},
    {"rome-naf", "Embauches par métier ROME et secteur NAF", "nomenclatures", import_rome_naf},
    {"fap2021", "Familles professionnelles FAP 2021", "nomenclatures", import_fap2021},
    {"fap2009", "Familles professionnelles FAP 2009 et passage ROME → FAP", "nomenclatures/fap2009",
     import_fap2009},
    {"bmo", "Besoins en main-d'œuvre (BMO, fichier xlsx ou csv de France Travail)", "labour_market",
     import_bmo},
    {"tension", "Liste des métiers en tension par région", "labour_market",
     import_shortage_occupations},
    {"siae", "Conventions des SIAE (ASP)", "employers", import_siae},
};

}  // namespace

std::span<const Dataset> datasets() {
  return kDatasets;
}

const Dataset* find_dataset(std::string_view name) {
  for (const auto& d : kDatasets) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

bool dataset_imported(store::Database& db, std::string_view name) {
  auto tx = db.read();
  bool found =
      tx.query_one("SELECT 1 FROM referential_datasets WHERE dataset = ?", {name}).has_value();
  tx.commit();
  return found;
}

}  // namespace jalon::referentials
