#include "referentials/communes.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "referentials/geography.h"
#include "referentials/sql.h"

namespace jalon::referentials {
namespace {

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kMaxRadiusKm = 300;

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "st etienne" -> "saint etienne": how people abbreviate saint names.
std::string expand_saints(const std::string& q) {
  std::string out;
  std::size_t start = 0;
  while (start <= q.size()) {
    std::size_t sp = q.find(' ', start);
    if (sp == std::string::npos) sp = q.size();
    std::string word = q.substr(start, sp - start);
    if (word == "st") word = "saint";
    if (word == "ste") word = "sainte";
    out += (out.empty() ? "" : " ") + word;
    start = sp + 1;
  }
  return out;
}

void attach_postcodes(store::Tx& tx, std::vector<CommuneSummary>& communes) {
  if (communes.empty()) return;
  store::Params codes;
  for (const auto& c : communes) codes.emplace_back(c.code);
  std::map<std::string, std::vector<std::string>> by_commune;
  for (const auto& r : tx.query("SELECT commune_code, postcode FROM commune_postcodes WHERE "
                                "commune_code IN (" +
                                    placeholders(codes.size()) + ") ORDER BY postcode",
                                codes)) {
    by_commune[r.text(0)].push_back(r.text(1));
  }
  for (auto& c : communes) c.postcodes = by_commune[c.code];
}

CommuneSummary summary_of(const store::Row& r) {
  CommuneSummary c{r.text(0), r.text(1), r.text(2), {}, std::nullopt};
  if (!r.is_null(3)) c.population = r.i64(3);
  return c;
}

// The area a commune belongs to in a membership table keyed by commune code: its own code
// first, then its parent commune's, then its former codes.
AreaRef area_of(store::Tx& tx, const std::vector<std::string>& codes, const std::string& members,
                const std::string& area_column, const std::string& areas) {
  store::Params params(codes.begin(), codes.end());
  auto rows = tx.query("SELECT m.commune_code, a.code, a.name FROM " + members + " m JOIN " +
                           areas + " a ON a.code = m." + area_column +
                           " WHERE m.commune_code IN (" + placeholders(codes.size()) + ")",
                       params);
  for (const auto& code : codes) {
    for (const auto& r : rows) {
      if (r.text(0) == code) return {r.text(1), r.text(2)};
    }
  }
  return {};
}

std::optional<GeoPoint> centroid_of(store::Tx& tx, const std::string& code) {
  auto r = tx.query_one("SELECT latitude, longitude FROM commune_centroids WHERE commune_code = ?",
                        {code});
  if (!r) return std::nullopt;
  return GeoPoint{r->f64(0), r->f64(1)};
}

}  // namespace

std::vector<CommuneSummary> find_communes(store::Database& db, std::string_view query, int limit) {
  limit = std::clamp(limit, 0, kCommuneSearchMaxResults);
  std::string q = commune_search_name(query);
  if (q.empty() || limit == 0) return {};
  auto tx = db.read();
  std::vector<store::Row> rows;
  std::string compact = q;
  compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
  if (all_digits(compact) && compact.size() >= 2) {
    rows = tx.query(
        "SELECT c.code, c.name, c.departement_code, c.population FROM communes c WHERE c.code IN "
        "(SELECT commune_code FROM commune_postcodes WHERE postcode LIKE ?) OR c.code = ? "
        "ORDER BY c.code = ?, c.population DESC, c.name LIMIT ?",
        {compact + "%", compact, compact, limit});
  } else {
    q = expand_saints(q);
    rows = tx.query(
        "SELECT code, name, departement_code, population FROM communes "
        "WHERE (' ' || search_name) LIKE ? "
        "ORDER BY search_name = ? DESC, search_name LIKE ? DESC, population DESC, name LIMIT ?",
        {"% " + q + "%", q, q + "%", limit});
  }
  std::vector<CommuneSummary> out;
  for (const auto& r : rows) out.push_back(summary_of(r));
  attach_postcodes(tx, out);
  tx.commit();
  return out;
}

Result<CommuneSummary> resolve_commune(store::Database& db, std::string_view text_in) {
  // Split the words into digits (a code or postcode, possibly a département) and the name.
  std::string folded = commune_search_name(text_in);
  std::string name, number;
  std::size_t start = 0;
  while (start < folded.size()) {
    std::size_t sp = folded.find(' ', start);
    if (sp == std::string::npos) sp = folded.size();
    std::string word = folded.substr(start, sp - start);
    bool code_like = all_digits(word) ||
                     (word.size() == 5 && (word.starts_with("2a") || word.starts_with("2b")) &&
                      all_digits(word.substr(2)));
    if (code_like && number.empty()) {
      number = word;
    } else {
      name += (name.empty() ? "" : " ") + word;
    }
    start = sp + 1;
  }
  if (name.empty() && number.empty()) {
    return Error::invalid("Indiquez une commune : son nom ou son code postal");
  }
  for (auto& c : number) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto tx = db.read();
  std::vector<store::Row> rows;
  const std::string cols =
      "SELECT c.code, c.name, c.departement_code, c.population FROM communes c ";
  if (name.empty()) {
    // A bare number: an INSEE code first, else the communes of a postcode.
    rows = tx.query(cols + "WHERE c.code = ?", {number});
    if (rows.empty()) {
      rows = tx.query(cols +
                          "WHERE c.code IN (SELECT commune_code FROM commune_postcodes WHERE "
                          "postcode = ?) ORDER BY c.population DESC LIMIT 6",
                      {number});
    }
  } else {
    name = expand_saints(name);
    if (number.empty()) {
      rows = tx.query(cols + "WHERE c.search_name = ? ORDER BY c.population DESC LIMIT 6", {name});
    } else {
      rows = tx.query(cols +
                          "WHERE c.search_name = ? AND (c.code = ? OR c.departement_code = ? OR "
                          "c.code IN (SELECT commune_code FROM commune_postcodes WHERE "
                          "postcode = ?)) ORDER BY c.population DESC LIMIT 6",
                      {name, number, number, number});
    }
  }
  std::vector<CommuneSummary> found;
  for (const auto& r : rows) found.push_back(summary_of(r));
  attach_postcodes(tx, found);
  bool loaded = found.empty() ? tx.query_one("SELECT 1 FROM communes LIMIT 1").has_value() : true;
  tx.commit();
  std::string shown(text_in);
  if (!loaded) {
    return Error::unavailable(
        "Le référentiel des communes n'est pas chargé : importez-le "
        "(jalon import communes).");
  }
  if (found.empty()) {
    return Error::invalid("Aucune commune ne correspond à « " + shown +
                          " » : vérifiez l'orthographe ou donnez le code postal");
  }
  if (found.size() > 1) {
    std::string list;
    for (std::size_t i = 0; i < found.size() && i < 5; ++i) {
      const auto& c = found[i];
      list += (i ? ", " : "") + c.name + " (" +
              (c.postcodes.empty() ? c.departement_code : c.postcodes.front()) + ")";
    }
    return Error::invalid("« " + shown + " » désigne plusieurs communes (" + list +
                          ") : précisez le code postal");
  }
  return found.front();
}

Result<CommuneDetail> commune_detail(store::Database& db, std::string_view code_in) {
  std::string code(code_in);
  auto tx = db.read();
  auto r = tx.query_one(
      "SELECT c.code, c.name, c.departement_code, c.population, c.kind, "
      "COALESCE(c.parent_code, ''), d.name, c.region_code, g.name FROM communes c "
      "LEFT JOIN departements d ON d.code = c.departement_code "
      "LEFT JOIN regions g ON g.code = c.region_code WHERE c.code = ?",
      {code});
  if (!r) return Error::not_found("Commune introuvable : " + code);
  CommuneDetail d;
  d.commune = summary_of(*r);
  d.kind = r->text(4);
  d.parent_code = r->text(5);
  d.departement = {d.commune.departement_code, r->text(6)};
  d.region = {r->text(7), r->text(8)};
  std::vector<std::string> codes{code};
  if (!d.parent_code.empty()) codes.push_back(d.parent_code);
  for (const auto& f : tx.query("SELECT former_code FROM commune_former_codes WHERE commune_code = "
                                "? ORDER BY former_code",
                                {code})) {
    codes.push_back(f.text(0));
  }
  d.epci = area_of(tx, codes, "epci_communes", "epci_code", "epcis");
  d.employment_zone =
      area_of(tx, codes, "employment_zone_communes", "zone_code", "employment_zones");
  d.employment_basin =
      area_of(tx, codes, "employment_basin_communes", "basin_code", "employment_basins");
  d.centroid = centroid_of(tx, code);
  if (!d.centroid && !d.parent_code.empty()) d.centroid = centroid_of(tx, d.parent_code);
  std::vector<CommuneSummary> one{d.commune};
  attach_postcodes(tx, one);
  d.commune = one.front();
  tx.commit();
  return d;
}

double great_circle_km(GeoPoint a, GeoPoint b) {
  constexpr double rad = std::numbers::pi / 180.0;
  double dlat = (b.latitude - a.latitude) * rad, dlon = (b.longitude - a.longitude) * rad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.latitude * rad) *
                                                           std::cos(b.latitude * rad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

Result<double> distance_km(store::Database& db, std::string_view from, std::string_view to) {
  auto tx = db.read();
  auto a = centroid_of(tx, std::string(from)), b = centroid_of(tx, std::string(to));
  tx.commit();
  if (!a) return Error::not_found("Pas de centroïde pour la commune " + std::string(from));
  if (!b) return Error::not_found("Pas de centroïde pour la commune " + std::string(to));
  return great_circle_km(*a, *b);
}

Result<std::vector<CommuneDistance>> communes_within(store::Database& db, std::string_view code,
                                                     double radius_km) {
  if (!(radius_km >= 0 && radius_km <= kMaxRadiusKm)) {
    return Error::invalid("Le rayon doit être compris entre 0 et 300 km", "rayon");
  }
  auto tx = db.read();
  auto center = centroid_of(tx, std::string(code));
  if (!center) {
    return Error::not_found("Pas de centroïde pour la commune " + std::string(code));
  }
  // A box around the circle narrows the rows; the exact distance decides.
  double dlat = radius_km / (kEarthRadiusKm * std::numbers::pi / 180.0);
  double cos_lat = std::max(0.01, std::cos(center->latitude * std::numbers::pi / 180.0));
  double dlon = std::min(180.0, dlat / cos_lat);
  auto rows = tx.query(
      "SELECT k.commune_code, c.name, k.latitude, k.longitude FROM commune_centroids k "
      "JOIN communes c ON c.code = k.commune_code WHERE k.latitude BETWEEN ? AND ? "
      "AND k.longitude BETWEEN ? AND ?",
      {center->latitude - dlat, center->latitude + dlat, center->longitude - dlon,
       center->longitude + dlon});
  tx.commit();
  std::vector<CommuneDistance> out;
  for (const auto& r : rows) {
    double km = great_circle_km(*center, {r.f64(2), r.f64(3)});
    if (km <= radius_km) out.push_back({r.text(0), r.text(1), km});
  }
  std::sort(out.begin(), out.end(), [&](const CommuneDistance& a, const CommuneDistance& b) {
    if (a.code == code || b.code == code) return a.code == code && b.code != code;
    return a.km != b.km ? a.km < b.km : a.code < b.code;
  });
  return out;
}

}  // namespace jalon::referentials
