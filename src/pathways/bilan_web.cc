// Reports on a person's pathway written from the record: a "bilan de parcours" for the
// prescriber or the funder, and a "rapport de continuité" for a partner taking over. The counselor
// picks the sections; the text and tables come from the data (latest situation, latest diagnosis,
// project, contracts with objectives and actions, appointments and finalised interview reports,
// referrals). The same HTML is the printable page and, through Chromium, the PDF.
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "access/capabilities.h"
#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "core/text.h"
#include "meetings/referentials.h"
#include "pathways/referentials.h"
#include "pathways/web.h"
#include "ui/page.h"
#include "ui/pdf.h"

namespace jalon::pathways {
namespace {

using dates::french_date;

constexpr std::string_view kBilanTitle = "Bilan et rapport de continuité";

std::string label_or(const referential::List& list, const std::string& code) {
  return std::string(label_of(list, code));
}

json table(std::vector<std::string> headers, std::vector<std::vector<std::string>> rows) {
  json r = json::array();
  for (auto& row : rows) r.push_back({{"cells", row}});
  return {{"headers", headers}, {"rows", r}, {"has_rows", !rows.empty()}};
}

// One section of the report: its paragraphs and tables.
struct Section {
  std::vector<std::string> paragraphs;
  std::vector<json> tables;
};

// What each section needs to read the record.
struct Source {
  const Services& svc;
  const access::Session& s;
  const beneficiaries::Beneficiary& b;
};

// "a, b, c" from the labels of codes.
std::string joined(const std::vector<std::string>& codes, const referential::List& list,
                   std::string_view separator = ", ") {
  std::string out;
  for (const auto& c : codes)
    out += (out.empty() ? "" : std::string(separator)) + label_or(list, c);
  return out;
}

Section situation(const Source& src) {
  auto list = src.svc.beneficiaries.situations(src.b);
  if (list.empty()) return {{"Aucune situation enregistrée."}, {}};
  const auto& cur = list.front();
  Section out;
  out.paragraphs.push_back("Situation au " + french_date(cur.recorded_on) +
                           " : niveau de formation " +
                           label_or(beneficiaries::education_levels(), cur.education_level) +
                           " ; situation vis-à-vis de l'emploi : " +
                           label_or(beneficiaries::work_situations(), cur.work_situation) + ".");
  std::string rights;
  for (const auto& r : cur.rights) {
    rights += (rights.empty() ? "" : ", ") + label_or(beneficiaries::rights(), r.code) +
              (r.since.empty() ? "" : " depuis le " + french_date(r.since));
  }
  out.paragraphs.push_back(
      "Droits : " + (rights.empty() ? std::string("aucun droit déclaré") : rights) + ".");
  std::string licences = joined(cur.licences, beneficiaries::driving_licences());
  out.paragraphs.push_back("Permis : " + (licences.empty() ? std::string("aucun") : licences) +
                           (cur.vehicle ? " ; véhiculé·e." : " ; sans véhicule."));
  return out;
}

Section diagnostic(const Source& src) {
  auto list = src.svc.beneficiaries.diagnoses(src.b);
  std::vector<std::string> ps;
  std::vector<std::vector<std::string>> rows;
  if (list.empty()) {
    ps.push_back("Aucun diagnostic enregistré.");
  } else {
    const auto& d = list.front();
    ps.push_back("Diagnostic du " + french_date(d.made_on) +
                 (d.summary.empty() ? "." : " : " + d.summary));
    for (const auto& i : d.items) {
      const auto* theme = beneficiaries::find_theme(i.theme);
      std::string theme_label = theme ? std::string(theme->label) : i.theme;
      if (i.kind == "barrier") {
        const auto* sit = beneficiaries::find_situation(i.item);
        rows.push_back({theme_label, sit ? std::string(sit->label) : i.item,
                        i.severity > 0 ? std::to_string(i.severity) + " / 3" : "—"});
      } else if (i.kind == "lever" && !i.note.empty()) {
        ps.push_back("Points d'appui (" + theme_label + ") : " + i.note);
      }
    }
  }
  return {ps, {table({"Thème", "Frein", "Sévérité"}, rows)}};
}

Section project(const Source& src) {
  auto list = src.svc.beneficiaries.projects(src.b);
  if (list.empty()) return {{"Aucun projet professionnel enregistré."}, {}};
  const auto& p = list.front();
  std::string means = joined(p.transport, beneficiaries::transport_means());
  std::string jobs;
  for (const auto& label : src.svc.pathways.job_labels(p.appellations)) {
    jobs += (jobs.empty() ? "" : " ; ") + label;
  }
  return {
      {(jobs.empty() ? std::string("Aucun métier visé") : "Métiers visés : " + jobs) +
       ". Mobilité jusqu'à " + std::to_string(p.mobility_km) + " km" +
       (means.empty() ? "" : " (" + means + ")") +
       " ; temps de travail : " + label_or(beneficiaries::working_times(), p.working_time) +
       (p.available_on.empty() ? "." : " ; disponible le " + french_date(p.available_on) + ".")},
      {}};
}

Section pathway(const Source& src) {
  const auto& [svc, s, b] = src;
  std::vector<std::vector<std::string>> contracts, items;
  for (const auto& c : svc.pathways.contracts(s, b.summary.id)) {
    contracts.push_back({label_or(contract_kinds(), c.kind) +
                             (c.kind_detail.empty() ? "" : " (" + c.kind_detail + ")"),
                         french_date(c.starts_on) + " – " + french_date(c.ends_on),
                         label_or(contract_statuses(), c.status)});
  }
  for (const auto& o : svc.pathways.items(s, ItemKind::kObjective, b.summary.id)) {
    items.push_back({"Objectif", o.label.empty() ? o.code : o.label,
                     label_or(objective_statuses(), o.status), french_date(o.due_on)});
  }
  for (const auto& a : svc.pathways.items(s, ItemKind::kAction, b.summary.id)) {
    items.push_back({"Action", a.label.empty() ? a.code : a.label,
                     label_or(action_statuses(), a.status) + (a.overdue ? " (en retard)" : ""),
                     french_date(a.due_on)});
  }
  return {{},
          {table({"Contrat", "Période", "Statut"}, contracts),
           table({"Type", "Intitulé", "Statut", "Échéance"}, items)}};
}

Section interviews(const Source& src) {
  const auto& [svc, s, b] = src;
  std::string zone = svc.meetings.zone(s);
  std::map<std::string, int> by_status;
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : svc.meetings.of_beneficiary(s, b.summary.id)) {
    ++by_status[a.status];
    rows.push_back({dates::french(dates::local_date(a.starts_at, zone)),
                    label_or(meetings::appointment_kinds(), a.kind),
                    label_or(meetings::participation_statuses(), a.status)});
  }
  std::string counts;
  for (const auto& [st, n] : by_status) {
    counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " +
              label_or(meetings::participation_statuses(), st);
  }
  std::vector<std::string> ps = {std::to_string(rows.size()) + " rendez-vous" +
                                 (counts.empty() ? "." : " : " + counts + ".")};
  for (const auto& r : svc.reports.of_beneficiary(s, b.summary.id)) {
    if (!r.final()) continue;
    for (const auto& [code, body] : r.sections) {
      if ((code == "decisions" || code == "next_steps") && !body.empty()) {
        ps.push_back("Entretien du " + dates::french(dates::local_date(r.appointment_at, zone)) +
                     (code == "decisions" ? " — décisions : " : " — prochaines étapes : ") + body);
      }
    }
  }
  return {ps, {table({"Date", "Type", "Participation"}, rows)}};
}

Section referrals(const Source& src) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : src.svc.pathways.referrals(src.s, src.b.summary.id)) {
    rows.push_back({r.partner + (r.service.empty() ? "" : " — " + r.service),
                    french_date(r.sent_on), r.reason, label_or(referral_statuses(), r.status),
                    r.answer.empty() ? "—" : r.answer});
  }
  return {{}, {table({"Vers", "Le", "Motif", "Statut", "Réponse"}, rows)}};
}

// The sections a report may hold, in their order, and what writes each.
struct SectionDef {
  std::string_view code, title;
  Section (*write)(const Source&);
};
const std::vector<SectionDef>& bilan_sections() {
  static const std::vector<SectionDef> list = {
      {"situation", "Situation administrative et professionnelle", situation},
      {"diagnostic", "Diagnostic : freins et points d'appui", diagnostic},
      {"projet", "Projet professionnel", project},
      {"parcours", "Contrat, objectifs et actions", pathway},
      {"entretiens", "Rendez-vous et entretiens", interviews},
      {"orientations", "Orientations", referrals},
  };
  return list;
}

// The report's content from the record; `wanted` holds the section codes picked.
json build(const Services& svc, const access::Session& s, const beneficiaries::Beneficiary& b,
           const std::set<std::string>& wanted) {
  json sections = json::array();
  Source src{svc, s, b};
  for (const auto& d : bilan_sections()) {
    if (!wanted.contains(std::string(d.code))) continue;
    Section out = d.write(src);
    json ps = json::array();
    for (auto& p : out.paragraphs) ps.push_back(p);
    sections.push_back(
        {{"code", d.code}, {"title", d.title}, {"paragraphs", ps}, {"tables", out.tables}});
  }
  return sections;
}

struct Choice {
  std::string kind, recipient;
  std::set<std::string> sections;
};

Choice choice_of(const Request& req) {
  Choice c;
  c.kind = req.form.get("kind") == "continuite" ? "continuite" : "bilan";
  c.recipient = text::trim(req.form.get("recipient")).substr(0, 200);
  for (const auto& v : req.form.all("sections")) c.sections.insert(v);
  return c;
}

json report_context(const Services& svc, const access::Session& s,
                    const beneficiaries::Beneficiary& b, const Choice& c) {
  std::string name = b.summary.first_name + " " + b.summary.last_name;
  std::string referent = b.referents.empty() ? "" : b.referents.front().second;
  bool continuity = c.kind == "continuite";
  return {{"report_title", continuity ? "Rapport de continuité de parcours" : "Bilan de parcours"},
          {"intro",
           continuity ? "Ce rapport accompagne le relais de l'accompagnement de " + name +
                            " : il reprend sa situation, ses freins et leviers, son projet et les "
                            "étapes engagées, pour que la suite du parcours parte de là."
                      : "Ce bilan présente le parcours de " + name +
                            " depuis son entrée en accompagnement le " +
                            french_date(b.summary.entry_date) + "."},
          {"person", name},
          {"birth_date", french_date(b.summary.birth_date)},
          {"entry_date", french_date(b.summary.entry_date)},
          {"referent", referent},
          {"recipient", c.recipient},
          {"written_on", dates::french(svc.pathways.today(s))},
          {"sections", build(svc, s, b, c.sections)}};
}

Response bilan_form(const Services& svc, Request& req) {
  return ui::record_page(
      svc.records, req, "/bilan", kBilanTitle, "identity", [&](const ui::RecordHeader&, json& ctx) {
        json sections = json::array();
        for (const auto& d : bilan_sections()) {
          sections.push_back(
              {{"code", d.code}, {"title", d.title}, {"id", "section-" + std::string(d.code)}});
        }
        ctx["choices"] = sections;
        return svc.page(req, "pathways/bilan_form", ctx);
      });
}

// The report asked for by the POST: the person's whole record (birth date, entry date,
// référent, sections; audited as "pathway_report"), the choice, and the report's context; nullopt
// when the person is out of scope (404). Nothing is stored.
struct Report {
  beneficiaries::Beneficiary b;
  Choice choice;
  json ctx;
};
std::optional<Report> open_report(const Services& svc, const Request& req) {
  const auto& s = access::session_of(req);
  auto b = svc.beneficiaries.get(s, req.param("id"), "pathway_report");
  if (!b) return std::nullopt;
  Choice c = choice_of(req);
  json ctx = report_context(svc, s, *b, c);
  return Report{std::move(*b), std::move(c), std::move(ctx)};
}

// POST: the recipient's name stays out of URLs and logs (SR 44).
Response bilan_page(const Services& svc, Request& req) {
  auto r = open_report(svc, req);
  if (!r) return Response::not_found();
  const auto& [b, c, report] = *r;
  json ctx = ui::record_context({b.summary.id, b.summary.first_name + " " + b.summary.last_name},
                                "/bilan", kBilanTitle);
  ctx.update(report);
  json hidden = json::array();
  for (const auto& code : c.sections) hidden.push_back(code);
  ctx["chosen"] = hidden;
  ctx["kind"] = c.kind;
  ctx["none"] = c.sections.empty();
  return svc.page(req, "pathways/bilan", ctx);
}

Response bilan_pdf(const Services& svc, Request& req) {
  auto report = open_report(svc, req);
  if (!report) return Response::not_found();
  const Choice& c = report->choice;
  auto pdf = ui::html_to_pdf(svc.renderer.render("pathways/bilan_document", report->ctx));
  if (!pdf) return ui::export_unavailable(pdf.error());
  Response r;
  r.body = std::move(*pdf);
  r.set_header("Content-Type", "application/pdf");
  r.set_header("Content-Disposition",
               std::string("attachment; filename=\"") +
                   (c.kind == "continuite" ? "rapport-continuite" : "bilan-parcours") + ".pdf\"");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

// The report is a read of the record: pathway.read, for the POSTs too.
void register_bilan(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/bilan", kPathwayRead, http::on(s, bilan_form)},
      {kPost, "/beneficiaires/{id}/bilan", kPathwayRead, http::on(s, bilan_page)},
      {kPost, "/beneficiaires/{id}/bilan/pdf", kPathwayRead, http::on(s, bilan_pdf)},
  });
}

}  // namespace jalon::pathways
