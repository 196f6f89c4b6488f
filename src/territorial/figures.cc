#include "territorial/figures.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

#include "core/text.h"
#include "ui/charts.h"

namespace jalon::territorial {
namespace {

using nlohmann::json;

std::string fr_km(double km) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", km);
  std::string s = buf;
  for (auto& c : s) {
    if (c == '.') c = ',';
  }
  return s + " km";
}

// "≥ 1 234 (3 cellules non publiées)" when some cells are under the threshold.
std::string at_least(int64_t known, int64_t unpublished) {
  if (unpublished == 0) return fr_int(known);
  return "≥ " + fr_int(known) + " (" + fr_int(unpublished) +
         (unpublished > 1 ? " cellules non publiées)" : " cellule non publiée)");
}

std::string bmo_source(const Indicators& in) {
  return in.bmo_source;
}

using Areas = std::vector<std::pair<std::string, const BmoTotals*>>;

const std::string kOwn =
    "Jalon, personnes en accompagnement de la structure résidant sur le "
    "territoire (diagnostics en cours)";

// ---- context ------------------------------------------------------------------------------
Figure population_figure(const Indicators& in, const std::string& geo) {
  Figure f{"population", "contexte", "Population et principales communes", geo, "", "", {}, {}};
  f.note = fr_int(in.communes) + " communes, " + fr_int(in.population) + " habitants.";
  f.headers = {"Commune", "Code INSEE", "Population"};
  std::vector<std::string> names;
  ui::Series pop{"Population", {}};
  for (const auto& t : in.main_towns) {
    f.rows.push_back({t.name, t.code, fr_int(t.population)});
    names.push_back(t.name);
    pop.values.push_back(static_cast<double>(t.population));
  }
  if (!names.empty()) f.svg = ui::bar_chart(f.title, geo, names, {pop});
  return f;
}

Figure basins_figure(const Indicators& in, const std::string& geo) {
  Figure f{"bassins",
           "contexte",
           "Bassins d'emploi couverts (BMO publié par bassin)",
           bmo_source(in) + " ; " + geo,
           "",
           "",
           {},
           {}};
  f.note =
      "Les chiffres BMO du territoire sont ceux des bassins qu'il touche, en entier : "
      "la part de chaque bassin dans le territoire est indiquée, rien n'est réparti par "
      "commune.";
  f.headers = {"Bassin", "Communes du territoire", "Part de la population du bassin",
               "Projets de recrutement du bassin"};
  for (const auto& b : in.basins) {
    f.rows.push_back(
        {b.name + " (" + b.code + ")", fr_int(b.communes_in) + " sur " + fr_int(b.communes_total),
         fr_percent(b.population_share), at_least(b.bmo.projects, b.bmo.projects_unpublished)});
  }
  return f;
}

// ---- labour market ------------------------------------------------------------------------
// The compared areas: the territory, its département, its région, France.
Areas areas_of(const Indicators& in) {
  return {{"Territoire (bassins)", &in.territory},
          {in.departement_name.empty() ? "Département" : in.departement_name, &in.departement},
          {in.region_name.empty() ? "Région" : in.region_name, &in.region},
          {"France", &in.france}};
}

Figure synthesis_figure(const Indicators& in, const Areas& areas) {
  Figure f{"bmo_synthese",
           "marche",
           "Projets de recrutement, difficultés et saisonnalité",
           bmo_source(in),
           "",
           "",
           {},
           {}};
  f.headers = {"Zone", "Projets de recrutement", "Part jugée difficile", "Part saisonnière"};
  ui::Series d{"Part jugée difficile (%)", {}}, s{"Part saisonnière (%)", {}};
  std::vector<std::string> names;
  for (const auto& [name, t] : areas) {
    f.rows.push_back({name, at_least(t->projects, t->projects_unpublished),
                      fr_share(t->difficult_share, t->difficult_unpublished),
                      fr_share(t->seasonal_share, t->seasonal_unpublished)});
    names.push_back(name);
    d.values.push_back(std::round(t->difficult_share * 1000) / 10);
    s.values.push_back(std::round(t->seasonal_share * 1000) / 10);
  }
  f.note =
      "Une cellule sous le seuil de publication (« * ») est inconnue : les totaux sont "
      "des minimums. Parts : projets publiés jugés difficiles (ou saisonniers) rapportés à "
      "l'ensemble des projets publiés de la zone ; une cellule non publiée compte pour 0, "
      "d'où « au moins ».";
  f.svg = ui::bar_chart(f.title, f.source, names, {d, s});
  return f;
}

Figure occupation_figure(const Indicators& in, std::string key, std::string title,
                         const std::vector<OccupationFigure>& list, bool by_share, bool seasonal) {
  Figure f{std::move(key), "marche", std::move(title), bmo_source(in), "", "", {}, {}};
  f.headers = {"Métier (BMO)", "Famille", "Projets", "Part difficile", "Part saisonnière"};
  ui::Series v{by_share ? (seasonal ? "Part saisonnière (%)" : "Part jugée difficile (%)")
                        : "Projets de recrutement",
               {}};
  std::vector<std::string> names;
  for (const auto& o : list) {
    f.rows.push_back({o.label, o.family_label, at_least(o.bmo.projects, o.bmo.projects_unpublished),
                      fr_share(o.bmo.difficult_share, o.bmo.difficult_unpublished),
                      fr_share(o.bmo.seasonal_share, o.bmo.seasonal_unpublished)});
    names.push_back(o.label.size() > 38 ? o.label.substr(0, 36) + "…" : o.label);
    double share = seasonal ? o.bmo.seasonal_share : o.bmo.difficult_share;
    v.values.push_back(by_share ? std::round(share * 1000) / 10
                                : static_cast<double>(o.bmo.projects));
  }
  if (!names.empty()) f.svg = ui::bar_chart(f.title, f.source, names, {v});
  return f;
}

Figure difficulty_figure(const Indicators& in) {
  auto f = occupation_figure(in, "bmo_top_difficulte",
                             "Les 10 métiers aux recrutements les plus difficiles",
                             in.top_difficulty, true, false);
  f.note = "Métiers d'au moins " + std::to_string(kMinProjects) +
           " projets publiés, classés par part de projets jugés "
           "difficiles.";
  return f;
}

Figure families_figure(const Indicators& in, const Areas& areas) {
  Figure f{"bmo_familles",
           "marche",
           "Projets par famille de métiers, comparés",
           bmo_source(in),
           "",
           "",
           {},
           {}};
  f.headers = {"Famille",          "Projets (territoire)", "Part territoire",
               "Part département", "Part région",          "Part France"};
  std::vector<ui::Series> series;
  for (const auto& fam : in.families) {
    f.rows.push_back({fam.label,
                      at_least(fam.territory.projects, fam.territory.projects_unpublished),
                      fr_percent(fam.share_territory), fr_percent(fam.share_departement),
                      fr_percent(fam.share_region), fr_percent(fam.share_france)});
    series.push_back(
        {fam.label,
         {fam.share_territory, fam.share_departement, fam.share_region, fam.share_france}});
  }
  std::vector<std::string> names;
  for (const auto& [name, t] : areas) names.push_back(name);
  if (!series.empty()) f.svg = ui::stacked_bar_chart(f.title, f.source, names, series);
  return f;
}

Figure seasonality_figure(const Indicators& in) {
  Figure f{"saisonnalite",
           "marche",
           "Saisonnalité : part saisonnière par famille",
           bmo_source(in),
           "",
           "",
           {},
           {}};
  f.headers = {"Famille", "Part saisonnière (territoire)", "Part saisonnière (France)"};
  ui::Series t{"Territoire (%)", {}}, fr{"France (%)", {}};
  std::vector<std::string> names;
  for (const auto& fam : in.families) {
    f.rows.push_back({fam.label,
                      fr_share(fam.territory.seasonal_share, fam.territory.seasonal_unpublished),
                      fr_share(fam.france.seasonal_share, fam.france.seasonal_unpublished)});
    names.push_back(fam.label);
    t.values.push_back(std::round(fam.territory.seasonal_share * 1000) / 10);
    fr.values.push_back(std::round(fam.france.seasonal_share * 1000) / 10);
  }
  if (!names.empty()) f.svg = ui::bar_chart(f.title, f.source, names, {t, fr});
  std::string jobs;
  for (const auto& o : in.seasonal_jobs) jobs += (jobs.empty() ? "" : ", ") + o.label;
  f.note = jobs.empty() ? "Aucun métier majoritairement saisonnier (au moins " +
                              std::to_string(kMinProjects) + " projets)."
                        : "Métiers surtout saisonniers (plus de la moitié des "
                          "projets) : " +
                              jobs + ".";
  return f;
}

Figure shortage_figure(const Indicators& in) {
  Figure f{"tension",
           "marche",
           "Métiers en tension de la région " + in.region_name,
           in.shortage_source,
           "",
           "",
           {},
           {}};
  f.headers = {"Code FAP", "Famille professionnelle"};
  for (const auto& s : in.shortages) f.rows.push_back({s.fap_code, s.label});
  return f;
}

// ---- the public
// -----------------------------------------------------------------------
Figure public_figure(const Indicators& in) {
  Figure f{"public", "public", "Personnes accompagnées et freins par thème", kOwn, "", "", {}, {}};
  f.note = fr_int(in.caseload) + " personnes en accompagnement résident sur le territoire.";
  f.headers = {"Thème du diagnostic", "Personnes concernées", "Part"};
  std::vector<ui::Slice> slices;
  for (const auto& b : in.barriers) {
    f.rows.push_back({b.label, fr_int(b.people),
                      fr_percent(in.caseload ? static_cast<double>(b.people) / in.caseload : 0)});
    if (slices.size() < 7) slices.push_back({b.label, static_cast<double>(b.people)});
  }
  if (!slices.empty()) f.svg = ui::donut_chart(f.title, kOwn, slices);
  return f;
}

Figure targets_figure(const Indicators& in) {
  Figure f{"cibles", "public", "Métiers visés par les personnes accompagnées", kOwn, "", "",
           {},       {}};
  f.headers = {"Fiche ROME", "Personnes"};
  for (const auto& t : in.targets) f.rows.push_back({t.code + " " + t.label, fr_int(t.people)});
  return f;
}

Figure adequacy_figure(const Indicators& in) {
  Figure f{"adequation",
           "forces",
           "Adéquation : métiers visés et besoins de recrutement",
           kOwn + " ; " + bmo_source(in) + " ; correspondance ROME → FAP (DARES)",
           "",
           "",
           {},
           {}};
  f.headers = {"Situation", "Métier visé (ROME)", "Métier BMO", "Personnes",
               "Projets",   "Part difficile"};
  for (const auto& a : in.adequacy) {
    std::string cat = a.category == "voulu-recrute" ? "Voulu et recruté"
                      : a.category == "voulu-rare"  ? "Voulu mais peu recruté"
                                                    : "Recruté, personne ne le vise";
    f.rows.push_back({cat, a.rome_code.empty() ? "—" : a.rome_code + " " + a.rome_label,
                      a.bmo_label.empty() ? "sans correspondance" : a.bmo_label, fr_int(a.people),
                      at_least(a.projects, a.projects_unpublished),
                      fr_share(a.difficult_share, a.difficult_unpublished)});
  }
  f.note =
      "« Recruté » : au moins 50 projets publiés dans les bassins du "
      "territoire.";
  return f;
}

Figure mobility_figure(const Indicators& in) {
  Figure f{"mobilite",
           "public",
           "Mobilité : du domicile aux pôles de recrutement",
           kOwn + " ; centroïdes des communes (IGN/Insee) ; " + bmo_source(in),
           "",
           "",
           {},
           {}};
  f.headers = {"Commune de résidence", "Personnes", "Pôle de recrutement le plus proche",
               "Distance", "Dans leur rayon de mobilité"};
  for (const auto& m : in.mobility) {
    f.rows.push_back({m.commune_name, fr_int(m.people), m.hub_name.empty() ? "—" : m.hub_name,
                      m.km < 0 ? "—" : fr_km(m.km),
                      fr_int(m.within_radius) + " sur " + fr_int(m.with_radius)});
  }
  f.note = fr_int(in.mobility_within) + " personnes sur " + fr_int(in.mobility_with_radius) +
           " (ayant un projet avec un rayon de mobilité) ont un pôle "
           "de recrutement dans ce "
           "rayon. Pôles : la commune la plus peuplée des bassins qui "
           "recrutent le plus.";
  std::vector<ui::MapPoint> points;
  for (const auto& m : in.mobility) {
    if (m.point) {
      points.push_back(
          {m.commune_name, m.point->first, m.point->second, static_cast<double>(m.people), false});
    }
  }
  for (const auto& h : in.hubs) points.push_back({h.name, h.latitude, h.longitude, 0, true});
  if (!points.empty()) {
    f.svg = ui::symbol_map(f.title, f.source, points, "Personnes accompagnées par commune",
                           "Pôle de recrutement");
  }
  return f;
}

}  // namespace

std::string fr_int(int64_t n) {
  return text::group_thousands(n);
}

std::string fr_percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", share * 100);
  std::string s = buf;
  for (auto& c : s) {
    if (c == '.') c = ',';
  }
  return s + " %";
}

std::string fr_share_short(double share, int64_t unpublished) {
  return (unpublished > 0 ? "au moins " : "") + fr_percent(share);
}

std::string fr_share(double share, int64_t unpublished) {
  if (unpublished == 0) return fr_percent(share);
  return "au moins " + fr_percent(share) + " ; " + fr_int(unpublished) +
         (unpublished > 1 ? " cellules non publiées" : " cellule non publiée");
}

const std::vector<NoteSection>& note_sections() {
  static const std::vector<NoteSection> list = {
      {"contexte", "Contexte du territoire"},    {"marche", "Marché du travail"},
      {"public", "Public accompagné et freins"}, {"acteurs", "Acteurs du territoire"},
      {"forces", "Forces et faiblesses"},        {"actions", "Actions collectives proposées"},
  };
  return list;
}

std::vector<Figure> figures(const Indicators& in) {
  const std::string& geo = in.geography_source;
  std::vector<Figure> out{population_figure(in, geo), basins_figure(in, geo)};
  if (!in.vintage) return out;
  const Areas areas = areas_of(in);
  out.push_back(synthesis_figure(in, areas));
  out.push_back(occupation_figure(in, "bmo_top_volume", "Les 10 métiers les plus recherchés",
                                  in.top_volume, false, false));
  out.push_back(difficulty_figure(in));
  out.push_back(families_figure(in, areas));
  out.push_back(seasonality_figure(in));
  if (!in.shortage_edition.empty()) out.push_back(shortage_figure(in));
  out.push_back(public_figure(in));
  out.push_back(targets_figure(in));
  out.push_back(adequacy_figure(in));
  out.push_back(mobility_figure(in));
  return out;
}

json figure_json(const Figure& f) {
  return {{"key", f.key}, {"section", f.section}, {"title", f.title},     {"source", f.source},
          {"svg", f.svg}, {"note", f.note},       {"headers", f.headers}, {"rows", f.rows}};
}

Figure figure_from_json(const json& j) {
  Figure f;
  f.key = j.value("key", "");
  f.section = j.value("section", "");
  f.title = j.value("title", "");
  f.source = j.value("source", "");
  f.svg = j.value("svg", "");
  f.note = j.value("note", "");
  f.headers = j.value("headers", std::vector<std::string>{});
  f.rows = j.value("rows", std::vector<std::vector<std::string>>{});
  return f;
}

namespace {

// The findings on the BMO figures: seasonality, difficulty, most wanted occupations, families.
void bmo_findings(const Indicators& in, std::vector<Finding>& out) {
  const auto& t = in.territory;
  const auto& fr = in.france;
  // Seasonality, led by the family with the most seasonal projects.
  const FamilyFigure* lead = nullptr;
  for (const auto& f : in.families) {
    if (!lead || f.territory.seasonal > lead->territory.seasonal) lead = &f;
  }
  std::string led = lead ? ", porté par la famille « " + lead->label + " »" : "";
  const std::string t_seasonal = fr_share_short(t.seasonal_share, t.seasonal_unpublished);
  const std::string fr_seasonal = fr_share_short(fr.seasonal_share, fr.seasonal_unpublished);
  const std::string t_difficult = fr_share_short(t.difficult_share, t.difficult_unpublished);
  const std::string fr_difficult = fr_share_short(fr.difficult_share, fr.difficult_unpublished);
  if (t.seasonal_share > fr.seasonal_share) {
    out.push_back({false, "Le recrutement saisonnier représente " + t_seasonal +
                              " des projets contre " + fr_seasonal + " en France" + led +
                              " : des emplois courts, à articuler avec des parcours durables."});
  } else {
    out.push_back({true, "Le recrutement est moins saisonnier qu'en France (" + t_seasonal +
                             " contre " + fr_seasonal + " des projets)."});
  }
  if (t.difficult_share > fr.difficult_share) {
    out.push_back({true, "Les employeurs jugent difficiles " + t_difficult +
                             " de leurs recrutements (" + fr_difficult +
                             " en France) : des besoins non pourvus, une porte d'entrée pour "
                             "des candidats préparés."});
  } else {
    out.push_back({false, "Les recrutements sont jugés moins difficiles qu'en France (" +
                              t_difficult + " contre " + fr_difficult +
                              ") : la concurrence entre candidats y est plus forte."});
  }
  if (!in.top_volume.empty()) {
    std::string top;
    for (std::size_t i = 0; i < in.top_volume.size() && i < 3; ++i) {
      top += (i ? ", " : "") + in.top_volume[i].label + " (" +
             fr_int(in.top_volume[i].bmo.projects) + ")";
    }
    out.push_back({true, "Les métiers les plus recherchés : " + top + "."});
  }
  if (!in.families.empty()) {
    const auto& f = in.families.front();
    if (f.share_territory > f.share_france + 0.03) {
      out.push_back({true, "La famille « " + f.label + " » pèse " + fr_percent(f.share_territory) +
                               " des projets, contre " + fr_percent(f.share_france) +
                               " en France."});
    }
  }
}

// The findings on the structure's public: shortages, barriers, mobility, adequacy.
void caseload_findings(const Indicators& in, std::vector<Finding>& out) {
  if (!in.shortages.empty()) {
    out.push_back({true, fr_int(static_cast<int64_t>(in.shortages.size())) +
                             " familles de métiers sont reconnues en tension dans la région " +
                             in.region_name + " (" + in.shortage_edition + ")."});
  }
  if (in.caseload > 0 && !in.barriers.empty()) {
    const auto& b = in.barriers.front();
    out.push_back({false, fr_percent(static_cast<double>(b.people) / in.caseload) +
                              " des personnes accompagnées sur le territoire ont un frein « " +
                              b.label + " »."});
  }
  if (in.mobility_with_radius > 0) {
    double share = static_cast<double>(in.mobility_within) / in.mobility_with_radius;
    out.push_back({share >= 0.5, fr_int(in.mobility_within) + " personnes sur " +
                                     fr_int(in.mobility_with_radius) +
                                     " ont un pôle de recrutement dans leur rayon de mobilité (" +
                                     fr_percent(share) + ")."});
  }
  int rare = 0;
  std::string unwanted;
  for (const auto& a : in.adequacy) {
    if (a.category == "voulu-rare") ++rare;
    if (a.category == "recrute-non-voulu" && unwanted.size() < 200) {
      unwanted += (unwanted.empty() ? "" : ", ") + a.bmo_label;
    }
  }
  if (rare > 0) {
    out.push_back({false, std::to_string(rare) +
                              " métier(s) visé(s) par des personnes accompagnées recrutent peu sur "
                              "le territoire : élargir les projets ou la mobilité."});
  }
  if (!unwanted.empty()) {
    out.push_back({true,
                   "Des métiers recrutent sans que personne ne les vise dans le "
                   "portefeuille : " +
                       unwanted + " — pistes de découverte des métiers."});
  }
}

}  // namespace

std::vector<Finding> findings(const Indicators& in) {
  std::vector<Finding> out;
  if (in.vintage && in.territory.projects > 0) bmo_findings(in, out);
  caseload_findings(in, out);
  return out;
}

}  // namespace jalon::territorial
