#include "territorial/notes.h"

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/validation.h"
#include "store/row_reader.h"

namespace jalon::territorial {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTitle = 150;
constexpr std::size_t kMaxText = 20000;

json content_json(const std::vector<SectionContent>& sections, const std::vector<Figure>& figs,
                  int method) {
  json s = json::array();
  for (const auto& sec : sections) {
    s.push_back({{"code", sec.code}, {"text", sec.text}, {"figures", sec.figures}});
  }
  json f = json::array();
  for (const auto& fig : figs) f.push_back(figure_json(fig));
  return {{"sections", s}, {"figures", f}, {"method", method}};
}

void read_content(const std::string& text, Note& n) {
  json j = json::parse(text);
  std::map<std::string, SectionContent> by_code;
  for (const auto& s : j.at("sections")) {
    SectionContent c;
    c.code = s.value("code", "");
    c.text = s.value("text", "");
    c.figures = s.value("figures", std::vector<std::string>{});
    by_code[c.code] = c;
  }
  for (const auto& def : note_sections()) {
    SectionContent c = by_code[std::string(def.code)];
    c.code = def.code;
    c.title = def.title;
    n.sections.push_back(c);
  }
  for (const auto& f : j.at("figures")) n.figures.push_back(figure_from_json(f));
  n.method = j.value("method", 1);
}

Result<std::string> checked_title(const std::string& in) {
  std::string t = text::trim(in);
  if (t.empty()) return Error::invalid("Donnez un titre à la note.", "title");
  if (auto st = validation::text(t, "title", "Le titre", kMaxTitle); !st) return st.error();
  return t;
}

}  // namespace

std::map<std::string, std::string> draft_texts(const Indicators& in) {
  std::map<std::string, std::string> out;
  std::string towns;
  for (std::size_t i = 0; i < in.main_towns.size() && i < 3; ++i) {
    towns += (i ? ", " : "") + in.main_towns[i].name + " (" + fr_int(in.main_towns[i].population) +
             " hab.)";
  }
  out["contexte"] = "Le territoire « " + in.territory_name + " » (" + in.territory_kind +
                    ") compte " + fr_int(in.communes) + " communes et " + fr_int(in.population) +
                    " habitants" + (towns.empty() ? "" : " ; principales communes : " + towns) +
                    ". Il relève du département " + in.departement_name + " et de la région " +
                    in.region_name + ".";
  if (in.vintage) {
    std::string basins;
    for (const auto& b : in.basins) {
      basins += (basins.empty() ? "" : ", ") + b.name + " (" + fr_percent(b.population_share) +
                " de sa population)";
    }
    out["marche"] =
        "D'après l'enquête " + in.bmo_source + ", les employeurs des bassins d'emploi couverts (" +
        basins + ") prévoient au moins " + fr_int(in.territory.projects) +
        " projets de recrutement ; " +
        fr_share_short(in.territory.difficult_share, in.territory.difficult_unpublished) +
        " sont jugés difficiles (" +
        fr_share_short(in.france.difficult_share, in.france.difficult_unpublished) +
        " en France) et " +
        fr_share_short(in.territory.seasonal_share, in.territory.seasonal_unpublished) +
        " sont saisonniers (" +
        fr_share_short(in.france.seasonal_share, in.france.seasonal_unpublished) +
        " en France). Les cellules sous le seuil de publication comptent pour 0 : "
        "ces parts sont des minimums.";
  } else {
    out["marche"] = "Les données BMO ne sont pas chargées.";
  }
  std::string barriers;
  for (std::size_t i = 0; i < in.barriers.size() && i < 3; ++i) {
    barriers += (i ? ", " : "") + in.barriers[i].label + " (" + fr_int(in.barriers[i].people) + ")";
  }
  out["public"] = fr_int(in.caseload) +
                  " personnes accompagnées par la structure résident sur le territoire" +
                  (barriers.empty() ? "." : " ; freins les plus fréquents : " + barriers + ".");
  out["acteurs"] = "";
  std::string forces, weaknesses;
  for (const auto& f : findings(in)) {
    (f.strength ? forces : weaknesses) += "- " + f.text + "\n";
  }
  out["forces"] = "Forces :\n" + forces + "\nFaiblesses et points de vigilance :\n" + weaknesses;
  out["actions"] = "";
  return out;
}

Result<std::string> NoteService::create(const std::string& structure_id, const std::string& user_id,
                                        const std::string& territory_id,
                                        const std::string& title_in) {
  auto title = checked_title(title_in);
  if (!title) return title.error();
  auto in = indicators_.compute(structure_id, territory_id);
  if (!in) return in.error();
  auto figs = figures(*in);
  auto texts = draft_texts(*in);
  std::vector<SectionContent> sections;
  for (const auto& def : note_sections()) {
    SectionContent c{
        std::string(def.code), std::string(def.title), texts[std::string(def.code)], {}};
    for (const auto& f : figs) {
      if (f.section == def.code) c.figures.push_back(f.key);
    }
    sections.push_back(c);
  }
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  auto tx = db_.write();
  tx.exec(
      "INSERT INTO territorial_notes (id, structure_id, territory_id, title, current_version, "
      "created_at, created_by, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
      {id, structure_id, territory_id, *title, now, user_id, now});
  tx.exec(
      "INSERT INTO territorial_note_versions (note_id, version, content, saved_at, saved_by) "
      "VALUES (?, 1, ?, ?, ?)",
      {id, content_json(sections, figs, kFigureMethod).dump(), now, user_id});
  tx.commit();
  return id;
}

Result<Note> NoteService::get(const std::string& structure_id, const std::string& id, int version) {
  if (!looks_like_id(id)) return Error::not_found("Note introuvable");
  auto tx = db_.read();
  auto n = tx.query_one(
      "SELECT n.id, n.structure_id, n.territory_id, t.name, n.title, n.current_version FROM "
      "territorial_notes n JOIN territories t ON t.id = n.territory_id WHERE n.id = ? AND "
      "n.structure_id = ?",
      {id, structure_id});
  if (!n) return Error::not_found("Note introuvable");
  Note note;
  store::RowReader r(*n);
  note.id = r.text();
  note.structure_id = r.text();
  note.territory_id = r.text();
  note.territory_name = r.text();
  note.title = r.text();
  note.current_version = r.i32();
  note.version = version > 0 ? version : note.current_version;
  auto v = tx.query_one(
      "SELECT content, saved_at FROM territorial_note_versions WHERE note_id = ? "
      "AND version = ?",
      {id, note.version});
  if (!v) return Error::not_found("Version introuvable");
  read_content(v->text(0), note);
  note.saved_at = v->i64(1);
  for (const auto& r : tx.query("SELECT v.version, v.saved_at, COALESCE(u.display_name, '') FROM "
                                "territorial_note_versions v LEFT JOIN users u ON u.id = "
                                "v.saved_by WHERE v.note_id = ? ORDER BY v.version DESC",
                                {id})) {
    note.versions.push_back({static_cast<int>(r.i64(0)), r.i64(1), r.text(2)});
  }
  tx.commit();
  return note;
}

std::vector<NoteSummary> NoteService::list(const std::string& structure_id,
                                           const std::string& territory_id) {
  auto tx = db_.read();
  std::vector<NoteSummary> out;
  for (const auto& r : tx.query("SELECT id, title, current_version, updated_at FROM "
                                "territorial_notes WHERE structure_id = ? AND territory_id = ? "
                                "ORDER BY updated_at DESC",
                                {structure_id, territory_id})) {
    out.push_back({r.text(0), r.text(1), static_cast<int>(r.i64(2)), r.i64(3)});
  }
  tx.commit();
  return out;
}

Result<int> NoteService::save(const std::string& structure_id, const std::string& user_id,
                              const std::string& id, const NoteEdit& edit) {
  std::vector<Error> out;
  validation::Mistakes errs{out};
  auto title = checked_title(edit.title);
  errs.add(title.ok() ? ok_status() : Status(title.error()));
  for (const auto& [code, text] : edit.texts) {
    errs.add(validation::text(text, "text_" + code, "Le texte d'une section", kMaxText));
  }
  if (auto st = errs.status(); !st.ok()) return st.error();
  auto current = get(structure_id, id);
  if (!current) return current.error();
  if (edit.base_version != current->current_version) {
    return Error::conflict("La note a été enregistrée entre-temps (version " +
                           std::to_string(current->current_version) +
                           ") : rouvrez-la pour reprendre vos modifications.");
  }
  std::vector<Figure> figs = current->figures;
  int method = current->method;
  std::map<std::string, std::string> redrafted;
  if (edit.refresh_figures) {
    auto in = indicators_.compute(structure_id, current->territory_id);
    if (!in) return in.error();
    figs = figures(*in);
    method = kFigureMethod;
    if (edit.redraft_figure_texts) {
      auto drafts = draft_texts(*in);
      for (const char* code : {"marche", "forces"}) redrafted[code] = drafts[code];
    }
  }
  std::vector<SectionContent> sections;
  for (const auto& def : note_sections()) {
    std::string code(def.code);
    SectionContent c{code, std::string(def.title), {}, {}};
    auto t = edit.texts.find(code);
    c.text = t == edit.texts.end() ? std::string() : text::trim(t->second);
    if (auto r = redrafted.find(code); r != redrafted.end()) c.text = r->second;
    auto k = edit.kept.find(code);
    for (const auto& f : figs) {
      if (k != edit.kept.end() && k->second.contains(f.key)) c.figures.push_back(f.key);
    }
    sections.push_back(c);
  }
  int version = current->current_version + 1;
  Millis now = clock_.now_ms();
  auto tx = db_.write();
  // The version check again, inside the write transaction: one writer wins.
  auto n = tx.query_one("SELECT current_version FROM territorial_notes WHERE id = ?", {id});
  if (!n || n->i64(0) != current->current_version) {
    return Error::conflict("La note a été enregistrée entre-temps : rouvrez-la.");
  }
  tx.exec(
      "INSERT INTO territorial_note_versions (note_id, version, content, saved_at, saved_by) "
      "VALUES (?, ?, ?, ?, ?)",
      {id, version, content_json(sections, figs, method).dump(), now, user_id});
  tx.exec(
      "UPDATE territorial_notes SET title = ?, current_version = ?, updated_at = ? WHERE id = ?",
      {*title, version, now, id});
  tx.commit();
  return version;
}

}  // namespace jalon::territorial
