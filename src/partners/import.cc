#include "partners/import.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/random.h"
#include "core/text.h"
#include "partners/codes.h"
#include "partners/referentials.h"
#include "referentials/json_array.h"
#include "referentials/table.h"

namespace jalon::partners {
namespace {

namespace fs = std::filesystem;
using referentials::ImportError;
using referentials::Location;

// One record of either layout: a JSON element or a CSV row, read by field name.
class Record {
 public:
  virtual ~Record() = default;
  virtual std::string text(std::string_view key) const = 0;
  virtual std::vector<std::string> list(std::string_view key) const = 0;
  [[noreturn]] virtual void fail(std::string_view key, const std::string& why) const = 0;
  virtual Location where() const = 0;
  std::string required(std::string_view key) const {
    std::string v = text(key);
    if (v.empty()) fail(key, "valeur absente ou vide");
    return v;
  }
};

class JsonRecord : public Record {
 public:
  explicit JsonRecord(const referentials::JsonElement& e) : e_(e) {}
  std::string text(std::string_view key) const override { return e_.text(key); }
  // A list, or one code as a string (schema v1 has `frais` and `type` as single values).
  std::vector<std::string> list(std::string_view key) const override {
    try {
      return e_.strings(key);
    } catch (const ImportError&) {
      std::string one = e_.text(key);  // fails in turn when it is neither
      return one.empty() ? std::vector<std::string>{} : std::vector<std::string>{one};
    }
  }
  void fail(std::string_view key, const std::string& why) const override { e_.fail(key, why); }
  Location where() const override { return e_.where(); }

 private:
  const referentials::JsonElement& e_;
};

// A CSV list cell: a JSON array, or values separated by commas, semicolons or bars.
std::vector<std::string> split_cell(const std::string& cell) {
  std::vector<std::string> out;
  if (cell.empty()) return out;
  if (cell.front() == '[') {
    auto j = nlohmann::json::parse(cell, nullptr, false);
    if (j.is_array()) {
      for (const auto& v : j) {
        if (v.is_string()) out.push_back(text::trim(v.get<std::string>()));
      }
      return out;
    }
  }
  std::string cur;
  for (char c : cell + ",") {
    if (c == ',' || c == ';' || c == '|') {
      if (auto t = text::trim(cur); !t.empty()) out.push_back(t);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

class CsvRecord : public Record {
 public:
  explicit CsvRecord(const referentials::TableReader& in) : in_(in) {}
  std::string text(std::string_view key) const override {
    auto c = column(key);
    return c ? in_.text(*c) : std::string();
  }
  std::vector<std::string> list(std::string_view key) const override {
    auto c = column(key);
    if (c && !in_.text(*c).empty() && in_.text(*c).front() == '[') {
      auto j = nlohmann::json::parse(in_.text(*c), nullptr, false);
      if (!j.is_array()) in_.fail(*c, "liste JSON mal formée « " + in_.text(*c) + " »");
    }
    return split_cell(text(key));
  }
  void fail(std::string_view key, const std::string& why) const override {
    if (auto c = column(key)) in_.fail(*c, why);
    in_.fail(std::string(key) + " : " + why);
  }
  Location where() const override { return in_.where(); }

 private:
  std::optional<referentials::Column> column(std::string_view key) const {
    return in_.find_column({key});
  }
  const referentials::TableReader& in_;
};

struct DiStructure {
  std::string id, name, siret, kind, address, commune_code, email, phone, website, hours;
};

struct DiService {
  std::string id, structure_id, name, description;
  std::vector<std::string> themes, kinds, publics;
  std::string fees, how_to_apply, documents, zone_kind, zone_code, email;
  Location where;
};

// At most `max` code points.
std::string clip(const std::string& s, std::size_t max) {
  if (text::length(s) <= max) return s;
  std::size_t i = 0, n = 0;
  while (i < s.size() && n < max) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++n;
  }
  return s.substr(0, i);
}

std::string kind_of(const std::vector<std::string>& networks) {
  static const std::map<std::string, std::string> kinds = {
      {"france-travail", "france-travail"},
      {"mission-locale", "mission-locale"},
      {"cap-emploi-reseau-cheops", "cap-emploi"},
      {"ccas-cias", "ccas"},
      {"departements", "departement"},
      {"plie", "plie"},
      {"aci", "ACI"},
      {"ei", "EI"},
      {"ai", "AI"},
      {"etti", "ETTI"},
      {"eiti", "EITI"}};
  for (const auto& n : networks) {
    if (auto it = kinds.find(n); it != kinds.end()) return it->second;
  }
  return "autre";
}

bool valid_commune_code(const std::string& c) {
  return c.size() == 5 && std::all_of(c.begin(), c.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || ch == 'A' || ch == 'B';
         });
}

DiStructure read_structure(const Record& r) {
  DiStructure s;
  s.id = r.required("id");
  s.name = r.required("nom");
  if (text::length(s.name) < 3 || text::length(s.name) > 150) {
    r.fail("nom", "le nom compte de 3 à 150 caractères");
  }
  s.siret = r.text("siret");
  if (!s.siret.empty() &&
      (s.siret.size() != 14 || !std::all_of(s.siret.begin(), s.siret.end(), ::isdigit))) {
    r.fail("siret", "SIRET invalide « " + s.siret + " » (14 chiffres)");
  }
  s.commune_code = r.text("code_insee");
  if (!s.commune_code.empty() && !valid_commune_code(s.commune_code)) {
    r.fail("code_insee", "code commune invalide « " + s.commune_code + " »");
  }
  s.kind = kind_of(r.list("reseaux_porteurs"));
  s.address = r.text("adresse");
  if (auto more = r.text("complement_adresse"); !more.empty()) s.address += ", " + more;
  s.address = clip(s.address, 250);
  s.email = clip(r.text("courriel"), 200);
  s.phone = clip(r.text("telephone"), 30);
  s.website = clip(r.text("site_web"), 250);
  s.hours = clip(r.text("horaires_accueil"), 500);
  return s;
}

std::vector<std::string> checked(const Record& r, std::string_view key,
                                 const std::vector<std::string>& codes,
                                 const referential::List& list, bool top_level) {
  std::vector<std::string> out;
  for (const auto& raw : codes) {
    std::string c = top_level ? raw.substr(0, raw.find("--")) : raw;
    if (!referential::has_code(list, c)) r.fail(key, "code inconnu « " + raw + " »");
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

void read_zone(const Record& r, DiService& v) {
  auto zone = r.list("zone_eligibilite");
  if (zone.empty()) return;
  const std::string& z = zone.front();
  if (z == "france" || z == "99100") return;  // anywhere
  bool digits = std::all_of(z.begin(), z.end(), ::isdigit);
  if (z.size() == 9 && digits) {
    v.zone_kind = "epci";
  } else if (valid_commune_code(z)) {
    v.zone_kind = "commune";
  } else if (z.size() == 2 || z.size() == 3) {
    v.zone_kind = "departement";
  } else {
    r.fail("zone_eligibilite", "code de zone inconnu « " + z + " »");
  }
  v.zone_code = z;
}

std::string how_to_apply(const Record& r) {
  static const std::map<std::string, std::string> modes = {
      {"envoyer-un-courriel", "envoyer un courriel"},
      {"se-presenter", "se présenter"},
      {"telephoner", "téléphoner"},
      {"utiliser-le-lien-mobilisation", "utiliser le lien de mobilisation"}};
  std::string out;
  for (const auto& m : r.list("modes_mobilisation")) {
    auto it = modes.find(m);
    out += (out.empty() ? "" : ", ") + (it == modes.end() ? m : it->second);
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  for (const auto& more : {r.text("mobilisation_precisions"), r.text("lien_mobilisation")}) {
    if (!more.empty()) out += (out.empty() ? "" : ". ") + more;
  }
  return clip(out, 1000);
}

DiService read_service(const Record& r) {
  DiService v;
  v.where = r.where();
  v.id = r.required("id");
  v.structure_id = r.required("structure_id");
  v.name = r.required("nom");
  if (text::length(v.name) < 3 || text::length(v.name) > 150) {
    r.fail("nom", "le nom compte de 3 à 150 caractères");
  }
  v.description = clip(r.text("description"), 2000);
  v.themes = checked(r, "thematiques", r.list("thematiques"), themes(), true);
  std::vector<std::string> kinds = r.list("types");
  if (auto t = r.text("type"); !t.empty()) kinds.push_back(t);
  v.kinds = checked(r, "type", kinds, service_kinds(), false);
  v.publics = checked(r, "publics", r.list("publics"), publics(), false);
  if (v.publics.empty()) v.publics = {"tous-publics"};
  std::vector<std::string> fees = r.list("frais");
  for (const auto& f : fees) {
    v.fees = f.rfind("gratuit", 0) == 0 && v.fees != "payant" ? "gratuit" : "payant";
  }
  v.how_to_apply = how_to_apply(r);
  v.documents = clip(r.text("conditions_acces"), 1000);
  read_zone(r, v);
  v.email = clip(r.text("courriel"), 200);
  return v;
}

// The two files of PATH (see import.h).
struct Files {
  std::string structures, services;
  bool json = true;
};

Files files_of(const std::string& path) {
  Files f;
  fs::path p(path);
  auto pick = [](const fs::path& dir, const std::string& stem) {
    for (const char* ext : {".json", ".json.gz", ".csv", ".csv.gz"}) {
      if (fs::exists(dir / (stem + ext))) return (dir / (stem + ext)).string();
    }
    return std::string();
  };
  if (fs::is_directory(p)) {
    f.structures = pick(p, "structures");
    f.services = pick(p, "services");
  } else {
    std::string name = p.filename().string();
    auto swap = [&](const std::string& from, const std::string& to) {
      std::string other = name;
      other.replace(other.find(from), from.size(), to);
      return (p.parent_path() / other).string();
    };
    if (name.find("services") != std::string::npos) {
      f.services = path;
      f.structures = swap("services", "structures");
      if (!fs::exists(f.structures)) f.structures.clear();
    } else {
      f.structures = path;
      std::string other = name.find("structures") != std::string::npos
                              ? swap("structures", "services")
                              : std::string();
      if (!other.empty() && fs::exists(other)) f.services = other;
    }
  }
  if (f.structures.empty() && f.services.empty()) {
    throw ImportError({fs::path(path).filename().string(), "", ""},
                      "ni structures.json ni services.json (ou .csv) à cet endroit");
  }
  const std::string& any = f.structures.empty() ? f.services : f.structures;
  f.json = any.find(".json") != std::string::npos;
  return f;
}

template <typename T>
std::vector<T> read_all(const std::string& path, bool json, referentials::Progress& progress,
                        T (*read)(const Record&), int64_t& rows) {
  std::vector<T> out;
  if (path.empty()) return out;
  if (json) {
    rows += referentials::for_each_json_object(
        path, progress,
        [&](const referentials::JsonElement& e) { out.push_back(read(JsonRecord(e))); });
  } else {
    auto in = referentials::open_table(path, {.separator = ',', .progress = &progress});
    in->column({"id"});
    while (in->next()) out.push_back(read(CsvRecord(*in)));
    rows += in->rows();
  }
  return out;
}

struct Counts {
  referentials::TableCounts orgs{"partner_organisations"}, services{"partner_services"};
};

// The organisations of one structure's directory for the files' structures (existing ones by
// data·inclusion id, else by SIRET), added or updated; returns data·inclusion id -> id.
std::map<std::string, std::string> upsert_organisations(store::Tx& tx, Random& rng,
                                                        const std::string& structure_id,
                                                        const std::vector<DiStructure>& in,
                                                        Millis now, Counts& n) {
  std::map<std::string, std::string> ids;
  std::map<std::string, std::pair<std::string, std::string>> existing;  // di id -> (id, values)
  std::map<std::string, std::string> by_siret;
  for (const auto& r :
       tx.query("SELECT source, source_id, id, siret, name, kind, address, commune_code, email, "
                "phone, website, opening_hours FROM partner_organisations WHERE structure_id = ?",
                {structure_id})) {
    if (!r.text(3).empty()) by_siret.emplace(r.text(3), r.text(2));
    if (r.text(0) != "data-inclusion") continue;
    std::string values;
    for (int i = 3; i < 12; ++i) values += r.text(i) + '\x1f';
    existing[r.text(1)] = {r.text(2), values};
  }
  for (const auto& s : in) {
    std::string values;
    for (const auto* f : {&s.siret, &s.name, &s.kind, &s.address, &s.commune_code, &s.email,
                          &s.phone, &s.website, &s.hours}) {
      values += *f + '\x1f';
    }
    store::Params p{s.siret, s.name,  s.kind,    s.address, s.commune_code,
                    s.email, s.phone, s.website, s.hours,   now};
    if (auto it = existing.find(s.id); it != existing.end()) {
      ids[s.id] = it->second.first;
      if (it->second.second == values) {
        ++n.orgs.unchanged;
        continue;
      }
      p.push_back(it->second.first);
      tx.exec(
          "UPDATE partner_organisations SET siret = ?, name = ?, kind = ?, address = ?, "
          "commune_code = ?, email = ?, phone = ?, website = ?, opening_hours = ?, updated_at = ? "
          "WHERE id = ?",
          p);
      ++n.orgs.updated;
    } else if (auto sir = by_siret.find(s.siret); !s.siret.empty() && sir != by_siret.end()) {
      ids[s.id] = sir->second;  // already in the directory (a SIAE completed by a counselor)
      ++n.orgs.unchanged;
    } else {
      std::string id = new_id(rng);
      ids[s.id] = id;
      store::Params q{id, structure_id, s.id};
      q.insert(q.end(), p.begin(), p.end());
      q.push_back(now);
      tx.exec(
          "INSERT INTO partner_organisations (id, structure_id, source, source_id, siret, name, "
          "kind, address, commune_code, email, phone, website, opening_hours, created_at, "
          "created_by, updated_at) VALUES (?, ?, 'data-inclusion', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, 'import', ?)",
          q);
      ++n.orgs.added;
    }
  }
  for (const auto& [di, v] : existing) ids.emplace(di, v.first);
  return ids;
}

void upsert_services(store::Tx& tx, Random& rng, const std::string& structure_id,
                     const std::vector<DiService>& in,
                     const std::map<std::string, std::string>& orgs, Millis now, Counts& n) {
  std::map<std::string, std::pair<std::string, std::string>> existing;
  for (const auto& r :
       tx.query("SELECT source_id, id, organisation_id, name, description, themes, kinds, publics, "
                "fees, how_to_apply, documents, zone_kind, zone_code, contact_email FROM "
                "partner_services WHERE structure_id = ? AND source_id <> ''",
                {structure_id})) {
    std::string values;
    for (int i = 2; i < 14; ++i) values += r.text(i) + '\x1f';
    existing[r.text(0)] = {r.text(1), values};
  }
  for (const auto& v : in) {
    auto org = orgs.find(v.structure_id);
    if (org == orgs.end()) {
      Location where = v.where;
      where.column = "structure_id";
      throw ImportError(where, "structure inconnue « " + v.structure_id + " »");
    }
    std::vector<std::string> fields{
        org->second,           v.name, v.description,  join_codes(v.themes), join_codes(v.kinds),
        join_codes(v.publics), v.fees, v.how_to_apply, v.documents,          v.zone_kind,
        v.zone_code,           v.email};
    std::string values;
    store::Params p;
    for (const auto& x : fields) {
      values += x + '\x1f';
      p.push_back(x);
    }
    p.push_back(now);
    if (auto it = existing.find(v.id); it != existing.end()) {
      if (it->second.second == values) {
        ++n.services.unchanged;
        continue;
      }
      p.push_back(it->second.first);
      tx.exec(
          "UPDATE partner_services SET organisation_id = ?, name = ?, description = ?, themes = "
          "?, kinds = ?, publics = ?, fees = ?, how_to_apply = ?, documents = ?, zone_kind = ?, "
          "zone_code = ?, contact_email = ?, updated_at = ? WHERE id = ?",
          p);
      ++n.services.updated;
    } else {
      store::Params q{new_id(rng), structure_id, v.id};
      q.insert(q.end(), p.begin(), p.end());
      q.push_back(now);
      tx.exec(
          "INSERT INTO partner_services (id, structure_id, source_id, organisation_id, name, "
          "description, themes, kinds, publics, fees, how_to_apply, documents, zone_kind, "
          "zone_code, contact_email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?)",
          q);
      ++n.services.added;
    }
  }
}

}  // namespace

Result<referentials::ImportSummary> import_services(store::Database& db, const std::string& path,
                                                    const referentials::ImportOptions& options,
                                                    const std::string& structure_id) {
  SystemClock system_clock;
  const Clock& clock = options.clock ? *options.clock : system_clock;
  return referentials::run_import(
      db, options, "services",
      [&](store::Tx& tx, referentials::ImportSummary& s, referentials::Progress& progress) {
        Files f = files_of(path);
        int64_t rows = 0;
        auto structures =
            read_all<DiStructure>(f.structures, f.json, progress, &read_structure, rows);
        auto services = read_all<DiService>(f.services, f.json, progress, &read_service, rows);
        std::vector<std::string> targets;
        for (const auto& r : tx.query("SELECT id FROM structures ORDER BY created_at")) {
          if (structure_id.empty() || r.text(0) == structure_id) targets.push_back(r.text(0));
        }
        if (targets.empty()) {
          throw ImportError({"", "", ""}, structure_id.empty()
                                              ? "aucune structure dans la base"
                                              : "structure inconnue « " + structure_id + " »");
        }
        SystemRandom rng;
        Counts n;
        Millis now = clock.now_ms();
        for (const auto& t : targets) {
          auto orgs = upsert_organisations(tx, rng, t, structures, now, n);
          upsert_services(tx, rng, t, services, orgs, now, n);
        }
        for (const auto& file : {f.structures, f.services}) {
          if (!file.empty()) s.files.push_back(fs::path(file).filename().string());
        }
        s.rows_read = rows;
        s.add(n.orgs);
        s.add(n.services);
      });
}

}  // namespace jalon::partners
