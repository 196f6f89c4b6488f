// The funder export (XLSX, libxlsxwriter in constant-memory mode, French headers): the rates by
// breakdown with their numerators and denominators and a total row equal to the page's; for
// roles who may see people, one row per exit (entry, exit, category, follow-ups) and one per
// event (entry, exit, each follow-up answered or unreachable).
#include <xlsxwriter.h>

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/dates.h"
#include "outcomes/web.h"

namespace jalon::outcomes {
namespace {

struct Sheet {
  lxw_worksheet* ws;
  lxw_format* bold;
  lxw_row_t row = 0;

  void header(const std::vector<std::string>& names) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), names[c].c_str(), bold);
    }
    ++row;
  }
};

void put(Sheet& s, lxw_col_t c, const std::string& v) {
  if (!v.empty()) worksheet_write_string(s.ws, s.row, c, v.c_str(), nullptr);
}
void put(Sheet& s, lxw_col_t c, int64_t v) {
  worksheet_write_number(s.ws, s.row, c, static_cast<double>(v), nullptr);
}
void put_rate(Sheet& s, lxw_col_t c, const Rate& r) {
  if (r.shown) worksheet_write_number(s.ws, s.row, c, r.percent, nullptr);
  put(s, c + 1, r.numerator);
  put(s, c + 2, r.denominator);
}

void rates_sheet(lxw_workbook* wb, lxw_format* bold, const Stats& st) {
  Sheet s{workbook_add_worksheet(wb, "Taux"), bold};
  std::vector<std::string> h = {
      "Regroupement",         "Sorties",           "Sorties examinées", "Emploi durable",
      "Emploi de transition", "Sorties positives", "Autres sorties",    "Catégorie à préciser",
      "Durée moyenne (jours)"};
  for (const char* r :
       {"Taux de sorties dynamiques", "Accès à l'emploi à 6 mois", "Emploi durable à 6 mois",
        "Insertion globale à 6 mois", "Insertion dans le métier visé à 6 mois",
        "Insertion globale à 2 ans", "Insertion dans le métier visé à 2 ans"}) {
    h.push_back(std::string(r) + " (%)");
    h.push_back(std::string(r) + " : numérateur");
    h.push_back(std::string(r) + " : dénominateur");
  }
  s.header(h);
  auto line = [&](const StatsRow& r) {
    put(s, 0, r.label);
    lxw_col_t c = 1;
    for (int64_t v : {r.exits, r.examined, r.durable, r.transition, r.positive, r.other, r.unknown,
                      r.exits ? r.days_total / r.exits : 0}) {
      put(s, c++, v);
    }
    for (const Rate* x : {&r.dynamic, &r.access6, &r.durable6, &r.rncp6.global, &r.rncp6.target_job,
                          &r.rncp24.global, &r.rncp24.target_job}) {
      put_rate(s, c, *x);
      c += 3;
    }
    ++s.row;
  };
  for (const auto& r : st.rows) line(r);
  StatsRow total = st.total;
  total.label = "Total";
  line(total);
  ++s.row;
  put(s, 0,
      "Un taux n'est pas affiché quand son dénominateur compte moins de " +
          std::to_string(st.small_cell) + " personnes.");
}

void people_sheets(lxw_workbook* wb, lxw_format* bold, const std::vector<Exit>& exits,
                   const std::vector<Followup>& followups) {
  std::map<std::string, std::map<std::string, const Followup*>> by_exit;
  for (const auto& f : followups) by_exit[f.exit_id][f.moment] = &f;
  Sheet p{workbook_add_worksheet(wb, "Personnes"), bold};
  p.header({"Personne", "Entrée", "Sortie", "Motif", "Situation", "Durée du contrat (mois)",
            "Employeur", "Métier", "Catégorie", "Sortie examinée", "Suivi à 6 mois",
            "Situation à 6 mois", "Suivi à 24 mois", "Situation à 24 mois"});
  for (const auto& e : exits) {
    put(p, 0, e.person);
    put(p, 1, dates::french_date(e.entry_on));
    put(p, 2, dates::french_date(e.exit_on));
    put(p, 3, std::string(referential::label_of(beneficiaries::exit_reasons(), e.reason)));
    put(p, 4, std::string(referential::label_of(situations(), e.situation)));
    if (e.contract_months) put(p, 5, static_cast<int64_t>(*e.contract_months));
    put(p, 6, e.employer);
    put(p, 7, e.job_label);
    put(p, 8, std::string(referential::label_of(categories(), e.category)));
    put(p, 9, e.examined ? "oui" : "non");
    lxw_col_t c = 10;
    for (const char* m : {"m6", "m24"}) {
      const Followup* f = by_exit[e.id][m];
      if (f) {
        put(p, c, std::string(referential::label_of(followup_statuses(), f->status)));
        put(p, c + 1, std::string(referential::label_of(situations(), f->situation)));
      }
      c += 2;
    }
    ++p.row;
  }
  put(p, 0, "Total");
  put(p, 2, static_cast<int64_t>(exits.size()));
  Sheet ev{workbook_add_worksheet(wb, "Événements"), bold};
  ev.header({"Personne", "Date", "Événement", "Détail"});
  std::map<std::string, std::string> names;
  for (const auto& e : exits) {
    names[e.id] = e.person;
    for (auto [date, what, detail] :
         {std::tuple{e.entry_on, std::string("Entrée"), std::string()},
          std::tuple{e.exit_on, std::string("Sortie"),
                     std::string(referential::label_of(categories(), e.category))}}) {
      put(ev, 0, e.person);
      put(ev, 1, dates::french_date(date));
      put(ev, 2, what);
      put(ev, 3, detail);
      ++ev.row;
    }
  }
  for (const auto& f : followups) {
    if (f.status != kAnswered && f.status != kUnreachable) continue;
    put(ev, 0, names[f.exit_id]);
    put(ev, 1, dates::french_date(f.answered_on));
    put(ev, 2, std::string(referential::label_of(moments(), f.moment)));
    put(ev, 3,
        f.status == kUnreachable ? std::string("Injoignable")
                                 : std::string(referential::label_of(situations(), f.situation)));
    ++ev.row;
  }
}

// A workbook in constant-memory mode, filled by `fill`, as bytes.
template <class Fill>
std::string workbook(Fill&& fill) {
  char path[] = "/tmp/jalon-export-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("export: no temporary file");
  close(fd);
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path, &opt);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  fill(wb, bold);
  lxw_error err = workbook_close(wb);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  std::remove(path);
  if (err != LXW_NO_ERROR) throw std::runtime_error("export: xlsx not written");
  return out.str();
}

void fse_indicators_sheet(lxw_workbook* wb, lxw_format* bold, const FseReport& r) {
  Sheet s{workbook_add_worksheet(wb, "Indicateurs FSE+"), bold};
  s.header(
      {"Code", "Indicateur", "Moment", "Femmes", "Hommes", "Non binaire ou non précisé", "Total"});
  for (const auto& i : r.indicators) {
    put(s, 0, i.code);
    put(s, 1, i.label);
    put(s, 2,
        i.moment == "entree"   ? std::string("Entrée")
        : i.moment == "sortie" ? std::string("Sortie (4 semaines)")
                               : std::string("6 mois après la sortie"));
    if (i.collected) {
      lxw_col_t c = 3;
      for (int64_t v : {i.women, i.men, i.other, i.total()}) put(s, c++, v);
    } else {
      put(s, 3, std::string("non collecté par Jalon"));
    }
    ++s.row;
  }
  ++s.row;
  put(s, 0,
      "Table de correspondance : version " + r.version +
          " (codes du règlement (UE) 2021/1057, annexe I, à vérifier).");
  if (r.status_mistakes > 0) {
    ++s.row;
    put(s, 0,
        std::to_string(r.status_mistakes) +
            " participant(s) sans statut unique à l'entrée (chômeur, inactif ou en emploi) :"
            " à corriger, non comptés dans EECO01.");
  }
}

void fse_participants_sheet(lxw_workbook* wb, lxw_format* bold, const FseReport& r) {
  Sheet s{workbook_add_worksheet(wb, "Participants"), bold};
  s.header({"Personne", "Genre", "Entrée", "Sortie", "Indicateurs", "Complétude (%)",
            "Statut à l'entrée"});
  for (const auto& p : r.participants) {
    put(s, 0, p.person);
    put(s, 1,
        p.gender == "femme"   ? std::string("Femme")
        : p.gender == "homme" ? std::string("Homme")
                              : std::string("Non binaire ou non précisé"));
    put(s, 2, dates::french_date(p.entry_on));
    put(s, 3, dates::french_date(p.exit_on));
    std::string codes;
    for (const auto& c : p.codes) codes += (codes.empty() ? "" : ", ") + c;
    put(s, 4, codes);
    put(s, 5, static_cast<int64_t>(p.completeness));
    put(s, 6, p.status_ok ? std::string("renseigné") : std::string("à corriger"));
    ++s.row;
  }
  put(s, 0, "Total");
  put(s, 2, static_cast<int64_t>(r.participants.size()));
}

}  // namespace

std::string stats_workbook(const Stats& stats, const std::vector<Exit>* exits,
                           const std::vector<Followup>* followups) {
  return workbook([&](lxw_workbook* wb, lxw_format* bold) {
    rates_sheet(wb, bold, stats);
    if (exits && followups) people_sheets(wb, bold, *exits, *followups);
  });
}

std::string fse_workbook(const FseReport& report, bool with_people) {
  return workbook([&](lxw_workbook* wb, lxw_format* bold) {
    fse_indicators_sheet(wb, bold, report);
    if (with_people) fse_participants_sheet(wb, bold, report);
  });
}

}  // namespace jalon::outcomes
