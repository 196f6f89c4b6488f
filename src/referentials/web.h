// Pages and JSON API of the referentials: the ROME browser (search, fiche with its mobilities as
// links), the pickers' data (ROME appellations, communes, areas), communes and distances, and the
// structure's territories (list, creation from an area or hand-picked communes, renaming, the
// communes of a hand-made one, deletion).
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

#include "http/router.h"
#include "referentials/territory.h"
#include "store/database.h"
#include "ui/render.h"

namespace jalon::referentials {

struct WebServices {
  store::Database& db;
  TerritoryService& territories;
  const ui::Renderer& renderer;
};

void register_routes(http::Router& router, const WebServices& s);
// Parts of register_routes, one file each.
void register_pages(http::Router& router, const WebServices& s);
void register_api(http::Router& router, const WebServices& s);

// Reads the communes of a hand-made territory typed one per line (a name, a postcode or an INSEE
// code, as resolve_commune reads them); invalid with the line number when one is unknown or
// ambiguous, or when there are none.
Result<std::vector<std::string>> communes_from_lines(store::Database& db, std::string_view text);

// JSON shapes shared by the pages' scripts and the API.
nlohmann::json territory_json(const Territory& t, store::Database& db);

}  // namespace jalon::referentials
