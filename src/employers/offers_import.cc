#include "employers/offers_import.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <regex>
#include <unordered_map>

#include "core/dates.h"
#include "core/random.h"
#include "employers/referentials.h"
#include "referentials/json_array.h"
#include "referentials/source.h"

namespace jalon::employers {
namespace {

using nlohmann::json;
using referentials::ImportError;
using referentials::JsonElement;
using referentials::Location;
using referentials::TableLoader;

constexpr const char* kSource = "france_travail";

// nlohmann's message names line and column in English: keep the place, say it in French.
std::string where_in_json(const std::string& what) {
  std::smatch m;
  static const std::regex kAt(R"(line (\d+), column (\d+))");
  if (std::regex_search(what, m, kAt)) return "ligne " + m[1].str() + ", colonne " + m[2].str();
  return "";
}

// The offers of the document: resultats[] of a search answer, the array itself, or one offer.
const json& offers_of(const json& doc, const std::string& file, json& single) {
  if (doc.is_array()) return doc;
  if (!doc.is_object()) {
    throw ImportError({file, {}, {}}, "objet JSON attendu (réponse de l'API Offres d'emploi)");
  }
  if (auto it = doc.find("resultats"); it != doc.end()) {
    if (!it->is_array()) throw ImportError({file, {}, "resultats"}, "liste d'offres attendue");
    return *it;
  }
  if (doc.contains("id") && doc.contains("intitule")) {
    single = json::array({doc});
    return single;
  }
  throw ImportError({file, {}, "resultats"},
                    "champ absent : le fichier doit être une réponse de l'API « Offres d'emploi »"
                    " de France Travail (/offres/search, champ « resultats »), une liste d'offres"
                    " ou une offre");
}

store::Value text_or_null(const std::string& s) {
  return s.empty() ? store::Value() : store::Value(s);
}

// A coordinate of lieuTravail, or null; out of bounds is an error.
store::Value coordinate(const JsonElement& place, const json& raw, const char* key, double limit) {
  auto it = raw.find(key);
  if (it == raw.end() || it->is_null()) return {};
  if (!it->is_number()) place.fail(key, "nombre attendu, trouvé « " + it->dump() + " »");
  double v = it->get<double>();
  if (!std::isfinite(v) || v < -limit || v > limit) {
    place.fail(key, "coordonnée hors limites « " + it->dump() + " »");
  }
  return v;
}

// "2019-01-23T13:32:22+01:00" -> "2019-01-23".
std::string day_of(const JsonElement& o, const char* key, bool required) {
  std::string v = required ? o.required(key) : o.text(key);
  if (v.empty()) return v;
  std::string day = v.substr(0, 10);
  if (!dates::parse_iso_date(day).ok()) o.fail(key, "date invalide « " + v + " »");
  return day;
}

// "35H Horaires normaux", "24H30 Travail en journée" -> 35, 24.5.
std::optional<double> weekly_hours(const std::string& label) {
  std::smatch m;
  static const std::regex kHours(R"(^\s*(\d{1,2})\s*H\s*(\d{2})?)", std::regex::icase);
  if (!std::regex_search(label, m, kHours)) return std::nullopt;
  double h = std::stod(m[1].str());
  if (m[2].matched) h += std::stod(m[2].str()) / 60.0;
  return h;
}

std::string working_time(const JsonElement& o, std::optional<double> hours) {
  std::string converted = o.text("dureeTravailLibelleConverti");
  if (converted == "Temps plein") return "plein";
  if (converted == "Temps partiel") return "partiel";
  if (hours) return *hours >= 35 ? "plein" : "partiel";
  return "";
}

struct Loaders {
  TableLoader offers, skills;
};

class OfferReader {
 public:
  OfferReader(store::Tx& tx, Loaders& out) : tx_(tx), out_(out) {
    for (const auto& row : tx.query("SELECT source_ref, id FROM offers")) {
      ids_.emplace(row.text(0), row.text(1));
    }
  }

  void read(const JsonElement& o, const json& raw) {
    std::string source_id = o.required("id");
    if (source_id.size() > 40) o.fail("id", "identifiant d'offre trop long");
    std::string ref = std::string(kSource) + ":" + source_id;
    auto [it, fresh] = ids_.try_emplace(ref, std::string());
    if (fresh) it->second = new_id(rng_);
    std::string rome = o.required("romeCode");
    static const std::regex kRome("^[A-N][0-9]{4}$");
    if (!std::regex_match(rome, kRome)) o.fail("romeCode", "code ROME invalide « " + rome + " »");
    std::string contract = o.required("typeContrat");
    std::string hours_label = o.text("dureeTravailLibelle");
    auto hours = weekly_hours(hours_label);
    std::string created = day_of(o, "dateCreation", true);
    std::string updated = day_of(o, "dateActualisation", false);
    Place place = place_of(o, raw);
    Company company = company_of(o);
    std::string appellation = o.text("appellationlibelle");
    int64_t positions = o.optional_integer("nombrePostes").value_or(1);
    if (positions < 1 || positions > 10000) o.fail("nombrePostes", "nombre de postes invalide");
    std::string url;
    if (o.has("origineOffre")) url = o.object("origineOffre").text("urlOrigine");
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) url.clear();  // a link
    std::string salary;
    if (o.has("salaire")) salary = o.object("salaire").text("libelle");
    out_.offers.add({ref,
                     it->second,
                     kSource,
                     source_id,
                     text_or_null(company.establishment_id),
                     company.name,
                     text_or_null(company.siret),
                     o.required("intitule").substr(0, 300),
                     o.text("description").substr(0, 8000),
                     rome,
                     o.text("romeLibelle"),
                     text_or_null(appellation_code(o, rome, appellation)),
                     appellation,
                     text_or_null(place.commune),
                     place.postcode,
                     place.label,
                     place.lat,
                     place.lon,
                     contract,
                     o.text("typeContratLibelle"),
                     o.text("natureContrat"),
                     working_time(o, hours),
                     hours_label,
                     hours ? store::Value(*hours) : store::Value(),
                     o.text("experienceExige"),
                     o.text("experienceLibelle"),
                     o.text("qualificationCode"),
                     salary,
                     o.text("secteurActivite"),
                     o.text("secteurActiviteLibelle"),
                     positions,
                     flag(o, "alternance"),
                     flag(o, "accessibleTH"),
                     url,
                     created,
                     updated.empty() ? created : updated,
                     1},
                    o.where("id"));
    for (const auto& c : o.objects("competences")) {
      // A skill of the ROME has its code; a free one (e.g. "Tableur Notions") only its label.
      std::string label = c.required("libelle").substr(0, 300);
      std::string code = c.text("code");
      if (code.empty()) code = "libre:" + label.substr(0, 100);
      out_.skills.add({it->second, code, label, c.text("exigence") == "E" ? 1 : 0},
                      c.where("code"));
    }
  }

 private:
  struct Place {
    std::string commune, postcode, label;
    store::Value lat, lon;
  };
  struct Company {
    std::string name, siret, establishment_id;
  };

  static int64_t flag(const JsonElement& o, const char* key) {
    return o.has(key) && o.boolean(key) ? 1 : 0;
  }

  static Place place_of(const JsonElement& o, const json& raw) {
    Place p;
    if (!o.has("lieuTravail")) return p;
    JsonElement l = o.object("lieuTravail");
    p.lat = coordinate(l, raw.at("lieuTravail"), "latitude", 90);
    p.lon = coordinate(l, raw.at("lieuTravail"), "longitude", 180);
    p.commune = l.text("commune");
    if (!p.commune.empty() && p.commune.size() != 5) {
      l.fail("commune", "code commune invalide « " + p.commune + " »");
    }
    p.postcode = l.text("codePostal");
    p.label = l.text("libelle");
    return p;
  }

  // The employer: its SIRET when published and valid (France Travail masks some), linked to the
  // directory when the establishment is there.
  Company company_of(const JsonElement& o) {
    Company c;
    if (!o.has("entreprise")) return c;
    JsonElement e = o.object("entreprise");
    c.name = e.text("nom").substr(0, 200);
    std::string siret = e.text("siret");
    if (valid_siret(siret)) {
      c.siret = siret;
      if (auto r = tx_.query_one("SELECT id FROM establishments WHERE siret = ?", {siret})) {
        c.establishment_id = r->text(0);
      }
    }
    return c;
  }

  std::string appellation_code(const JsonElement& o, const std::string& rome,
                               const std::string& label) {
    std::string code = o.text("appellationCode");
    if (!code.empty() || label.empty()) return code;
    auto r = tx_.query_one(
        "SELECT MIN(code) FROM rome_appellations WHERE rome_code = ? AND label = ?", {rome, label});
    return r && !r->is_null(0) ? r->text(0) : std::string();
  }

  store::Tx& tx_;
  Loaders& out_;
  std::unordered_map<std::string, std::string> ids_;  // an offer keeps its id
  SystemRandom rng_;
};

const std::vector<std::string> kOfferColumns = {"source_ref",
                                                "id",
                                                "source",
                                                "source_id",
                                                "establishment_id",
                                                "company_name",
                                                "siret",
                                                "title",
                                                "description",
                                                "rome_code",
                                                "rome_label",
                                                "appellation_code",
                                                "appellation_label",
                                                "commune_code",
                                                "postcode",
                                                "place_label",
                                                "latitude",
                                                "longitude",
                                                "contract_type",
                                                "contract_label",
                                                "contract_nature",
                                                "working_time",
                                                "hours_label",
                                                "weekly_hours",
                                                "experience_code",
                                                "experience_label",
                                                "qualification_code",
                                                "salary_label",
                                                "sector_code",
                                                "sector_label",
                                                "positions",
                                                "alternance",
                                                "accessible_th",
                                                "url",
                                                "created_on",
                                                "updated_on",
                                                "open"};

}  // namespace

Result<referentials::ImportSummary> import_offers_text(store::Database& db, const std::string& name,
                                                       const std::string& text,
                                                       const referentials::ImportOptions& options) {
  return referentials::run_import(
      db, options, "offers",
      [&](store::Tx& tx, referentials::ImportSummary& s, referentials::Progress&) {
        json doc;
        try {
          doc = json::parse(text);
        } catch (const json::parse_error& e) {
          std::string at = where_in_json(e.what());
          throw ImportError({name, at, {}}, "JSON invalide (fichier tronqué ou mal formé ?)");
        }
        json single;
        const json& offers = offers_of(doc, name, single);
        Loaders out{
            TableLoader(tx, {.table = "offers", .columns = kOfferColumns, .keep_unseen = true}),
            TableLoader(tx, {.table = "offer_skills",
                             .columns = {"offer_id", "code", "label", "required"},
                             .key_columns = 2,
                             .keep_unseen = true})};
        OfferReader reader(tx, out);
        int64_t n = 0;
        for (const json& o : offers) {
          ++n;
          std::string where = "offre n° " + std::to_string(n);
          if (!o.is_object()) throw ImportError({name, where, {}}, "objet JSON attendu");
          if (auto id = o.find("id"); id != o.end() && id->is_string()) {
            where += " (" + id->get<std::string>().substr(0, 40) + ")";
          }
          reader.read(JsonElement(o, name, where), o);
        }
        referentials::record_file(s, name, n, {&out.offers, &out.skills});
      });
}

Result<referentials::ImportSummary> import_offers(store::Database& db, const std::string& path,
                                                  const referentials::ImportOptions& options) {
  std::string text, name;
  try {
    referentials::TextSource source(path, referentials::Encoding::kUtf8);
    name = source.file();
    char buf[64 * 1024];
    while (std::size_t n = source.read(buf, sizeof buf)) text.append(buf, n);
  } catch (const ImportError& e) {
    return Error::invalid(e.what());
  }
  return import_offers_text(db, name, text, options);
}

}  // namespace jalon::employers
