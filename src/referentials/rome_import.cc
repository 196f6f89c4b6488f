#include "referentials/rome_import.h"

#include <map>
#include <memory>
#include <regex>

#include "referentials/pg_dump.h"
#include "referentials/rome_search.h"
#include "referentials/table.h"

namespace jalon::referentials {
namespace {

constexpr const char* kRomeSource = "rome";
constexpr const char* kRome2024Source = "rome-2024";

const std::vector<std::string> kCsv = {".csv", ".csv.gz"};

bool is_rome_code(std::string_view c) {
  if (c.size() != 5 || c[0] < 'A' || c[0] > 'N') return false;
  for (std::size_t i = 1; i < 5; ++i) {
    if (c[i] < '0' || c[i] > '9') return false;
  }
  return true;
}

std::string rome_code(const TableReader& in, const Column& c) {
  std::string v = in.required(c);
  if (!is_rome_code(v)) {
    in.fail(
        c, "code ROME invalide « " + v + " » (attendu : une lettre et quatre chiffres, ex. K1302)");
  }
  return v;
}

// OGR codes (appellations, items) are numbers written as text.
std::string ogr_code(const TableReader& in, const Column& c) {
  return std::to_string(in.integer(c));
}

// The edition of a v3 file name: "unix_texte_v347_utf8.csv" -> "v347".
std::string edition_of(const std::string& file) {
  static const std::regex version("_(v[0-9]+)_");
  std::smatch m;
  return std::regex_search(file, m, version) ? m[1].str() : std::string();
}

// One file of the v3 set, opened as ROME writes it.
class RomeFile {
 public:
  RomeFile(const std::string& dir, const std::string& prefix, bool required, ImportSummary& s,
           Progress& progress)
      : summary_(s) {
    path_ = find_dataset_file(dir, prefix, kCsv, required);
    if (path_.empty()) return;
    in_ = open_table(path_, {.separator = ',', .doubled_apostrophes = true, .progress = &progress});
    std::string edition = edition_of(in_->file());
    if (s.edition.empty()) {
      s.edition = edition;
    } else if (!edition.empty() && edition != s.edition) {
      throw ImportError({in_->file(), {}, {}}, "version " + edition + " mêlée à la version " +
                                                   s.edition + " dans le même import");
    }
  }
  ~RomeFile() = default;
  bool present() const { return in_ != nullptr; }
  TableReader& in() { return *in_; }
  // Records the file's rows and its tables' counts.
  void done(std::initializer_list<TableLoader*> loaders, int64_t skipped = 0) {
    record_file(summary_, *in_, loaders, skipped);
  }

 private:
  ImportSummary& summary_;
  std::string path_;
  std::unique_ptr<TableReader> in_;
};

void load_tree(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_cr_gd_dp_v", true, s, p);
  TableReader& in = f.in();
  Column code = in.column({"code_rome"});
  Column gd = in.column({"code_grand_domaine"}), gd_label = in.column({"libelle_grand_domaine"});
  Column dp = in.column({"code_domaine_professionel", "code_domaine_professionnel"});
  Column dp_label = in.column({"libelle_domaine_professionel", "libelle_domaine_professionnel"});
  TableLoader grand(tx, {"rome_grand_domains", {"code", "label"}, 1, {}, true});
  TableLoader domains(tx, {"rome_domains", {"code", "grand_domain_code", "label"}, 1, {}, true});
  while (in.next()) {
    std::string rome = rome_code(in, code), g = in.required(gd), d = in.required(dp);
    if (!rome.starts_with(d) || !d.starts_with(g)) {
      in.fail(dp, "le domaine " + d + " ne contient pas la fiche " + rome);
    }
    grand.add({g, in.required(gd_label)}, in.where(&gd));
    domains.add({d, g, in.required(dp_label)}, in.where(&dp));
  }
  f.done({&grand, &domains});
}

void load_codes(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_referentiel_code_rome_v", true, s, p);
  TableReader& in = f.in();
  Column code = in.column({"code_rome"}), label = in.column({"libelle_rome"});
  Column ogr = in.column({"code_ogr"});
  TableLoader out(tx, {"rome_codes", {"code", "label", "ogr_code", "source"}, 1, "source"},
                  kRomeSource);
  while (in.next()) {
    out.add({rome_code(in, code), in.required(label), ogr_code(in, ogr), kRomeSource},
            in.where(&code));
  }
  f.done({&out});
}

void load_riasec(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_referentiel_code_rome_riasec_v", true, s, p);
  TableReader& in = f.in();
  Column code = in.column({"code_rome"}), major = in.column({"riasec_majeur"});
  Column minor = in.column({"riasec_mineur"});
  TableLoader out(tx, {"rome_riasec", {"rome_code", "major", "minor"}});
  auto letter = [&](const Column& c, bool required) -> store::Value {
    std::string v = required ? in.required(c) : in.text(c);
    if (v.empty()) return nullptr;
    if (v.size() != 1 || std::string_view("RIASEC").find(v[0]) == std::string_view::npos) {
      in.fail(c, "« " + v + " » n'est pas une lettre RIASEC (R, I, A, S, E ou C)");
    }
    return v;
  };
  while (in.next()) {
    out.add({rome_code(in, code), letter(major, true), letter(minor, false)}, in.where(&code));
  }
  f.done({&out});
}

void load_appellations(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_referentiel_appellation_v", true, s, p);
  TableReader& in = f.in();
  Column code = in.column({"code_ogr"}), rome = in.column({"code_rome"});
  Column label = in.column({"libelle_appellation_long"});
  Column short_label = in.column({"libelle_appellation_court"});
  TableLoader out(
      tx,
      {"rome_appellations", {"code", "rome_code", "label", "short_label", "source"}, 1, "source"},
      kRomeSource);
  while (in.next()) {
    std::string short_text = in.text(short_label);
    out.add({ogr_code(in, code), rome_code(in, rome), in.required(label),
             short_text.empty() ? store::Value() : store::Value(short_text), kRomeSource},
            in.where(&code));
  }
  f.done({&out});
}

void load_knowledge(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_referentiel_competence_v", true, s, p);
  TableReader& in = f.in();
  Column code = in.column({"code_ogr"}), label = in.column({"libelle_competence"});
  Column kind = in.column({"libelle_type_competence"});
  TableLoader out(tx, {"rome_knowledge", {"code", "label", "kind_label"}});
  while (in.next()) {
    out.add({ogr_code(in, code), in.required(label), in.required(kind)}, in.where(&code));
  }
  f.done({&out});
}

void load_environments(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_referentiel_env_travail_v", true, s, p);
  TableReader& in = f.in();
  Column code = in.column({"code_ogr"}), label = in.column({"libelle_env_travail"});
  Column section = in.column({"libelle_type_section_env_trav"});
  TableLoader out(tx, {"rome_work_environments", {"code", "label", "section_label"}});
  while (in.next()) {
    out.add({ogr_code(in, code), in.required(label), in.required(section)}, in.where(&code));
  }
  f.done({&out});
}

// unix_item: every item of the referential; only activities (type 2) have no other file.
void load_activities(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_item_v", false, s, p);
  if (!f.present()) return;
  TableReader& in = f.in();
  Column code = in.column({"code_ogr"}), label = in.column({"libelle", "libelle_item"});
  Column type = in.column({"code_type_referentiel"});
  TableLoader out(tx, {"rome_activities", {"code", "label"}, 1, {}, true});
  int64_t skipped = 0;
  while (in.next()) {
    if (in.integer(type) != 2) {
      ++skipped;
      continue;
    }
    out.add({ogr_code(in, code), in.required(label)}, in.where(&code));
  }
  f.done({&out}, skipped);
}

void load_fiche_items(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_liens_rome_referentiels_v", true, s, p);
  TableReader& in = f.in();
  Column rome = in.column({"code_rome"}), item = in.column({"code_ogr"});
  Column rubric = in.column({"code_ref_rubrique"}), block = in.column({"position_bloc"});
  Column position = in.column({"position_item"});
  TableLoader out(tx, {"rome_fiche_items",
                       {"rome_code", "item_code", "rubric", "block_position", "item_position"},
                       2});
  int64_t skipped = 0;
  while (in.next()) {
    int64_t r = in.integer(rubric);
    // 5 environments, 6/9 activities, 7/10 savoirs; the fiche itself (2) and its appellations
    // (4) have their own files.
    if (r != 5 && r != 6 && r != 7 && r != 9 && r != 10) {
      ++skipped;
      continue;
    }
    out.add({rome_code(in, rome), ogr_code(in, item), r, in.integer(block), in.integer(position)},
            in.where(&item));
  }
  f.done({&out}, skipped);
}

void load_mobilities(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_rubrique_mobilite_v", true, s, p);
  TableReader& in = f.in();
  Column from = in.column({"code_rome"}), to = in.column({"code_rome_cible"});
  Column from_app = in.column({"code_appellation_source"});
  Column to_app = in.column({"code_appellation_cible"});
  Column kind = in.column({"code_type_mobilite"});
  TableLoader out(
      tx, {"rome_mobilities",
           {"rome_code", "target_rome_code", "appellation_code", "target_appellation_code", "kind"},
           4});
  auto appellation = [&](const Column& c) {
    return in.text(c).empty() ? std::string() : ogr_code(in, c);
  };
  while (in.next()) {
    int64_t k = in.integer(kind);
    if (k != 1 && k != 2) in.fail(kind, "type de mobilité inconnu : " + std::to_string(k));
    out.add({rome_code(in, from), rome_code(in, to), appellation(from_app), appellation(to_app), k},
            in.where(&from));
  }
  f.done({&out});
}

void load_texts(store::Tx& tx, const std::string& dir, ImportSummary& s, Progress& p) {
  RomeFile f(dir, "unix_texte_v", true, s, p);
  TableReader& in = f.in();
  Column rome = in.column({"code_rome"}), kind = in.column({"libelle_type_texte"});
  Column position = in.column({"position_libelle_txt"}), body = in.column({"libelle_texte"});
  TableLoader out(tx, {"rome_texts", {"rome_code", "kind", "position", "body"}, 3});
  while (in.next()) {
    out.add({rome_code(in, rome), in.required(kind), in.integer(position), in.required(body)},
            in.where(&rome));
  }
  f.done({&out});
}

bool fiches_changed(const ImportSummary& s) {
  for (const auto& t : s.tables) {
    if ((t.table == "rome_codes" || t.table == "rome_appellations") &&
        t.added + t.updated + t.removed > 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<ImportSummary> import_rome(store::Database& db, const std::string& path,
                                  const ImportOptions& options) {
  return run_import(db, options, "rome", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    require_directory(path);
    load_tree(tx, path, s, p);
    load_codes(tx, path, s, p);
    load_riasec(tx, path, s, p);
    load_appellations(tx, path, s, p);
    load_knowledge(tx, path, s, p);
    load_environments(tx, path, s, p);
    load_activities(tx, path, s, p);
    load_fiche_items(tx, path, s, p);
    load_mobilities(tx, path, s, p);
    load_texts(tx, path, s, p);
    if (fiches_changed(s)) rebuild_rome_search_index(tx);
  });
}

Result<ImportSummary> import_rome_2024(store::Database& db, const std::string& path,
                                       const ImportOptions& options) {
  return run_import(db, options, "rome-2024", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    require_directory(path);
    const std::vector<std::string> sql = {".sql", ".sql.gz"};
    std::string latest;  // the newest updated_at date: the edition
    auto note_date = [&](const TableReader& in, const Column& c) {
      std::string day = in.text(c).substr(0, 10);
      if (day > latest) latest = day;
    };
    {
      CopyTable in(find_dataset_file(path, "jobs_rome", sql, true), "public.jobs_rome", &p);
      Column code = in.column({"code"}), name = in.column({"name"});
      Column updated = in.column({"updated_at"});
      TableLoader out(tx, {"rome_codes", {"code", "label", "ogr_code", "source"}, 1, "source"},
                      kRome2024Source);
      while (in.next()) {
        out.add({rome_code(in, code), in.required(name), nullptr, kRome2024Source},
                in.where(&code));
        note_date(in, updated);
      }
      record_file(s, in, {&out});
    }
    {
      CopyTable in(find_dataset_file(path, "jobs_appellation", sql, true),
                   "public.jobs_appellation", &p);
      Column code = in.column({"code"}), name = in.column({"name"});
      Column rome = in.column({"rome_id"}), updated = in.column({"updated_at"});
      TableLoader out(tx,
                      {"rome_appellations",
                       {"code", "rome_code", "label", "short_label", "source"},
                       1,
                       "source"},
                      kRome2024Source);
      while (in.next()) {
        out.add(
            {ogr_code(in, code), rome_code(in, rome), in.required(name), nullptr, kRome2024Source},
            in.where(&code));
        note_date(in, updated);
      }
      record_file(s, in, {&out});
    }
    s.edition = latest;
    if (fiches_changed(s)) rebuild_rome_search_index(tx);
  });
}

}  // namespace jalon::referentials
