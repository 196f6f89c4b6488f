#include "employers/import.h"

#include <unordered_map>

#include "core/random.h"
#include "employers/referentials.h"
#include "referentials/naf.h"
#include "referentials/table.h"

namespace jalon::employers {
namespace {

using referentials::Column;
using referentials::TableReader;

// The columns of a SIRENE establishment file this import reads (aliases: the geolocated stock,
// La Bonne Boîte's export).
struct Columns {
  Column siret, naf, commune;
  std::vector<Column> names;  // the first non-empty one is the name
  std::optional<Column> size, state, number, lane_type, lane, postcode, lat, lon;

  explicit Columns(const TableReader& in)
      : siret(in.column({"siret"})),
        naf(in.column({"activitePrincipaleEtablissement", "codenaf", "naf"})),
        commune(in.column({"codeCommuneEtablissement", "codecommune"})) {
    for (auto n : {"enseigne1Etablissement", "denominationUsuelleEtablissement",
                   "denominationUniteLegale", "raisonsociale", "nomUniteLegale"}) {
      if (auto c = in.find_column({n})) names.push_back(*c);
    }
    if (names.empty()) {
      in.column({"denominationUniteLegale", "enseigne1Etablissement", "raisonsociale"});
    }
    size = in.find_column({"trancheEffectifsEtablissement", "trancheeffectif"});
    state = in.find_column({"etatAdministratifEtablissement"});
    number = in.find_column({"numeroVoieEtablissement", "numerorue"});
    lane_type = in.find_column({"typeVoieEtablissement"});
    lane = in.find_column({"libelleVoieEtablissement", "libellerue"});
    postcode = in.find_column({"codePostalEtablissement", "codepostal"});
    lat = in.find_column({"latitude", "y_latitude", "coordinates_y"});
    lon = in.find_column({"longitude", "x_longitude", "coordinates_x"});
  }
};

std::string opt(const TableReader& in, const std::optional<Column>& c) {
  return c ? in.text(*c) : std::string();
}

store::Value coordinate(const TableReader& in, const std::optional<Column>& c, double limit) {
  if (!c || in.text(*c).empty()) return nullptr;
  double v = in.decimal(*c);
  if (v < -limit || v > limit) in.fail(*c, "coordonnée hors limites « " + in.text(*c) + " »");
  return v;
}

std::string address(const TableReader& in, const Columns& k) {
  std::string out;
  for (const auto& part : {opt(in, k.number), opt(in, k.lane_type), opt(in, k.lane)}) {
    if (!part.empty()) out += (out.empty() ? "" : " ") + part;
  }
  return out.substr(0, 300);
}

std::string name_of(const TableReader& in, const Columns& k) {
  for (const auto& c : k.names) {
    std::string n = in.text(c);
    if (!n.empty() && n != "[ND]") return n.substr(0, 200);
  }
  in.fail(k.names.front(), "nom de l'établissement vide");
}

}  // namespace

Result<referentials::ImportSummary> import_employers(store::Database& db, const std::string& path,
                                                     const referentials::ImportOptions& options) {
  return referentials::run_import(
      db, options, "employers",
      [&](store::Tx& tx, referentials::ImportSummary& s, referentials::Progress& p) {
        auto in = referentials::open_table(path, {.separator = ',', .progress = &p});
        Columns k(*in);
        std::unordered_map<std::string, std::string> ids;  // an establishment keeps its id
        for (const auto& row : tx.query("SELECT siret, id FROM establishments")) {
          ids.emplace(row.text(0), row.text(1));
        }
        SystemRandom rng;
        referentials::TableLoader out(
            tx, {.table = "establishments",
                 .columns = {"siret", "id", "name", "naf_code", "size_band", "address", "postcode",
                             "commune_code", "latitude", "longitude", "active", "source"},
                 .keep_unseen = true});
        while (in->next()) {
          std::string siret = in->required(k.siret);
          if (!valid_siret(siret)) {
            in->fail(k.siret, "SIRET invalide « " + siret + " » (14 chiffres, clé de Luhn)");
          }
          bool active = opt(*in, k.state) != "F";
          std::string naf_text = in->text(k.naf);
          auto naf = referentials::dotted_naf_code(naf_text);
          if (!naf && active && !naf_text.empty()) {
            in->fail(k.naf, "code NAF invalide « " + naf_text + " »");
          }
          std::string commune = in->text(k.commune);
          if (!commune.empty() && commune.size() != 5) {
            in->fail(k.commune, "code commune invalide « " + commune + " »");
          }
          std::string band = opt(*in, k.size);
          if (band.empty() || !referential::has_code(size_bands(), band)) band = "NN";
          auto [it, fresh] = ids.try_emplace(siret, std::string());
          if (fresh) it->second = new_id(rng);
          out.add(
              {siret, it->second, name_of(*in, k), naf ? store::Value(*naf) : store::Value(), band,
               address(*in, k), opt(*in, k.postcode),
               commune.empty() ? store::Value() : store::Value(commune), coordinate(*in, k.lat, 90),
               coordinate(*in, k.lon, 180), active ? 1 : 0, "sirene"},
              in->where(&k.siret));
        }
        record_file(s, *in, {&out});
      });
}

}  // namespace jalon::employers
