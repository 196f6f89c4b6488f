// The record's sections: situation, diagnosis (with comparison), professional project,
// eligibility (with a live verdict through htmx) and the health module.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/view.h"
#include "beneficiaries/web.h"
#include "core/dates.h"
#include "eligibility/criteria.h"
#include "ui/charts.h"
#include "ui/page.h"

namespace jalon::beneficiaries {
namespace {

using http::Permission;
using http::Request;
using http::Response;
using nlohmann::json;
using view::checks;
using view::french_date;
using view::options;

using view::kRead;
using view::kWrite;

// Barriers as a set of "theme/item" with severity, for the comparison of two diagnoses.
std::map<std::string, int> barriers_of(const Diagnosis& d) {
  std::map<std::string, int> out;
  for (const auto& it : d.items) {
    if (it.kind == "barrier") out[it.item] = it.severity;
  }
  return out;
}

json comparison(const Diagnosis& older, const Diagnosis& newer) {
  auto a = barriers_of(older), b = barriers_of(newer);
  json rows = json::array();
  int lifted = 0, added = 0, kept = 0;
  std::set<std::string> all;
  for (const auto& [k, v] : a) all.insert(k);
  for (const auto& [k, v] : b) all.insert(k);
  for (const auto& code : all) {
    const Situation* sit = find_situation(code);
    bool in_a = a.count(code), in_b = b.count(code);
    std::string change = in_a && in_b ? (b[code] < a[code]   ? "Atténué"
                                         : b[code] > a[code] ? "Aggravé"
                                                             : "Inchangé")
                         : in_a       ? "Levé"
                                      : "Nouveau";
    if (!in_b)
      ++lifted;
    else if (!in_a)
      ++added;
    else
      ++kept;
    rows.push_back(
        {{"theme", sit ? find_theme(sit->theme)->label : ""},
         {"label", sit ? sit->label : code},
         {"before", in_a ? std::string(label_of(severities(), std::to_string(a[code]))) : "—"},
         {"after", in_b ? std::string(label_of(severities(), std::to_string(b[code]))) : "—"},
         {"change", change},
         {"lifted", !in_b},
         {"new", !in_a}});
  }
  // Chart: barriers per theme, before and after.
  std::vector<std::string> cats;
  ui::Series before{"Diagnostic du " + french_date(older.made_on), {}};
  ui::Series after{"Diagnostic du " + french_date(newer.made_on), {}};
  for (const auto& t : themes()) {
    if (t.professional) continue;
    int na = 0, nb = 0;
    for (const auto& [k, v] : a) na += find_situation(k)->theme == t.code;
    for (const auto& [k, v] : b) nb += find_situation(k)->theme == t.code;
    if (na == 0 && nb == 0) continue;
    cats.emplace_back(t.label);
    before.values.push_back(na);
    after.values.push_back(nb);
  }
  json table = json::array();
  for (size_t i = 0; i < cats.size(); ++i) {
    table.push_back({{"theme", cats[i]}, {"before", before.values[i]}, {"after", after.values[i]}});
  }
  return {
      {"rows", rows},
      {"lifted", lifted},
      {"added", added},
      {"kept", kept},
      {"older", french_date(older.made_on)},
      {"newer", french_date(newer.made_on)},
      {"chart", cats.empty() ? ""
                             : ui::bar_chart("Freins par thème", "diagnostics saisis dans Jalon",
                                             cats, {before, after})},
      {"chart_table", table}};
}

}  // namespace

void register_sections(http::Router& router, BeneficiaryService& svc, const ui::Renderer& renderer,
                       AppellationLabels labels) {
  auto page = [&renderer](const Request& req, std::string_view tmpl, const json& ctx,
                          int status = 200) {
    return ui::page_response(renderer, req, tmpl, ctx, status);
  };

  // ---- situation ------------------------------------------------------------------------
  auto situation_page = [&svc, page](const Request& req, const Beneficiary& b, ui::Form* form,
                                     const SituationRecord& cur, int status) {
    json ctx = view::section_header(b, "/situation", "Situation");
    ctx["educations"] = options(education_levels(), cur.education_level, true);
    ctx["works"] = options(work_situations(), cur.work_situation, true);
    ctx["contracts"] =
        options(contract_kinds(), cur.contract_kind.empty() ? "aucun" : cur.contract_kind);
    json rights_json = json::array();
    for (const auto& r : rights()) {
      auto f = std::find_if(cur.rights.begin(), cur.rights.end(),
                            [&](const Right& x) { return x.code == r.code; });
      rights_json.push_back({{"code", r.code},
                             {"label", r.label},
                             {"checked", f != cur.rights.end()},
                             {"since", f != cur.rights.end() ? f->since : ""}});
    }
    ctx["rights"] = rights_json;
    ctx["licences"] = checks(driving_licences(), cur.licences, "licences");
    ctx["vehicle"] = cur.vehicle;
    ctx["languages"] = cur.languages;
    json history = json::array();
    for (const auto& h : svc.situations(b)) {
      std::string rights_text;
      for (const auto& r : h.rights) {
        rights_text += (rights_text.empty() ? "" : ", ") + std::string(label_of(rights(), r.code)) +
                       " depuis le " + french_date(r.since);
      }
      history.push_back({{"date", french_date(h.recorded_on)},
                         {"by", h.recorded_by_name},
                         {"work", label_of(work_situations(), h.work_situation)},
                         {"education", label_of(education_levels(), h.education_level)},
                         {"contract", label_of(contract_kinds(), h.contract_kind)},
                         {"rights", rights_text.empty() ? "Aucun" : rights_text}});
    }
    ctx["history"] = history;
    ctx["has_history"] = !history.empty();
    if (form) form->fill(ctx);
    if (req.query.has("enregistre")) ctx["notice"] = "La situation a été enregistrée.";
    return page(req, "beneficiaries/situation", ctx, status);
  };

  router.get("/beneficiaires/{id}/situation", kRead, [&svc, situation_page](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.get(s, req.param("id"), "social");
    if (!b) return Response::not_found();
    auto hist = svc.situations(*b);
    return situation_page(req, *b, nullptr, hist.empty() ? SituationRecord{} : hist.front(), 200);
  });

  router.post("/beneficiaires/{id}/situation", kWrite, [&svc, situation_page](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.get(s, req.param("id"), "social");
    if (!b) return Response::not_found();
    ui::Form form(req);
    SituationRecord in;
    in.education_level = form.text("education_level");
    in.work_situation = form.text("work_situation");
    in.contract_kind = form.text("contract_kind");
    for (const auto& r : rights()) {
      if (form.checked("right_" + std::string(r.code))) {
        in.rights.push_back({std::string(r.code), form.text("since_" + std::string(r.code))});
      }
    }
    in.licences = req.form.all("licences");
    in.vehicle = form.checked("vehicle");
    in.languages = form.text("languages");
    auto r = svc.record_situation(s, b->summary.id, in);
    if (!r.ok()) {
      form.fail(r.error());
      return situation_page(req, *b, &form, in, 422);
    }
    return Response::redirect("/beneficiaires/" + b->summary.id + "/situation?enregistre=1");
  });

  // ---- diagnosis ------------------------------------------------------------------------
  router.get("/beneficiaires/{id}/diagnostic", kRead, [&svc, page](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.get(s, req.param("id"), "social");
    if (!b) return Response::not_found();
    json ctx = view::section_header(*b, "/diagnostic", "Diagnostic");
    auto diags = svc.diagnoses(*b);
    json list = json::array();
    for (const auto& d : diags) {
      int n = 0;
      for (const auto& it : d.items) n += it.kind == "barrier";
      list.push_back({{"date", french_date(d.made_on)},
                      {"by", d.created_by_name},
                      {"barriers", n},
                      {"summary", d.summary}});
    }
    ctx["diagnoses"] = list;
    ctx["none"] = diags.empty();
    if (diags.size() >= 2) ctx["compare"] = comparison(diags[1], diags[0]);
    if (req.query.has("enregistre")) ctx["notice"] = "Le diagnostic a été enregistré.";
    return page(req, "beneficiaries/diagnosis", ctx);
  });

  // Health situations are offered only to whom the health module lets record them (SR 2).
  auto diagnosis_form = [&svc, page](const Request& req, const Beneficiary& b, ui::Form* form,
                                     std::vector<DiagnosisItem> prev, int status) {
    const auto& s = access::session_of(req);
    bool health = svc.health_allowed(s, b);
    if (health && !form) {
      auto hd = svc.health_diagnoses(s, b);
      if (!hd.empty()) prev.insert(prev.end(), hd.front().items.begin(), hd.front().items.end());
    }
    json ctx = view::section_header(b, "/diagnostic", "Nouveau diagnostic");
    ctx["health_hidden"] = !health;
    json groups = json::array();
    for (const auto& t : themes()) {
      if (!health && is_health_item(t.code, "")) continue;
      json g = {{"code", t.code}, {"label", t.label}, {"professional", t.professional}};
      if (t.professional) {
        std::string status_now = "non_explore";
        for (const auto& it : prev) {
          if (it.kind == "pro_status" && it.theme == t.code) status_now = it.status;
        }
        json st = json::array();
        for (const auto& e : pro_statuses()) {
          st.push_back({{"code", e.code},
                        {"label", e.label},
                        {"checked", e.code == status_now},
                        {"id", "status-" + std::string(t.code) + "-" + std::string(e.code)}});
        }
        g["statuses"] = st;
      } else {
        json items = json::array();
        for (const auto& sit : situations()) {
          if (sit.theme != t.code) continue;
          if (!health && is_health_item(sit.theme, sit.code)) continue;
          int sev = 0;
          for (const auto& it : prev) {
            if (it.kind == "barrier" && it.item == sit.code) sev = it.severity;
          }
          json sevs = json::array();
          for (const auto& e : severities()) {
            sevs.push_back({{"code", e.code},
                            {"label", e.label},
                            {"selected", std::to_string(sev == 0 ? 2 : sev) == e.code}});
          }
          items.push_back({{"code", sit.code},
                           {"label", sit.label},
                           {"checked", sev > 0},
                           {"severities", sevs}});
        }
        g["items"] = items;
        std::string lever;
        for (const auto& it : prev) {
          if (it.kind == "lever" && it.theme == t.code) lever = it.note;
        }
        g["lever"] = lever;
      }
      groups.push_back(g);
    }
    ctx["groups"] = groups;
    ctx["today"] = dates::iso(dates::local_date(req.received_at));
    if (form) form->fill(ctx);
    return page(req, "beneficiaries/diagnosis_form", ctx, status);
  };

  router.get(
      "/beneficiaires/{id}/diagnostic/nouveau", kWrite, [&svc, diagnosis_form](Request& req) {
        const auto& s = access::session_of(req);
        auto b = svc.get(s, req.param("id"), "social");
        if (!b) return Response::not_found();
        auto diags = svc.diagnoses(*b);
        // Starts from the latest diagnosis, so the counselor records what changed.
        return diagnosis_form(req, *b, nullptr,
                              diags.empty() ? std::vector<DiagnosisItem>{} : diags.front().items,
                              200);
      });

  router.post(
      "/beneficiaires/{id}/diagnostic/nouveau", kWrite, [&svc, diagnosis_form](Request& req) {
        const auto& s = access::session_of(req);
        auto b = svc.get(s, req.param("id"), "social");
        if (!b) return Response::not_found();
        ui::Form form(req);
        std::vector<DiagnosisItem> items;
        for (const auto& code : req.form.all("barrier")) {
          const Situation* sit = find_situation(code);
          int sev = 0;
          try {
            sev = std::stoi(req.form.get("severity_" + code));
          } catch (...) {
          }
          items.push_back(
              {sit ? std::string(sit->theme) : std::string(), code, "barrier", sev, "", ""});
        }
        for (const auto& t : themes()) {
          if (t.professional) {
            std::string st = req.form.get("status_" + std::string(t.code));
            if (!st.empty()) items.push_back({std::string(t.code), "", "pro_status", 0, st, ""});
          } else {
            std::string lever = form.text("lever_" + std::string(t.code));
            if (!lever.empty()) items.push_back({std::string(t.code), "", "lever", 0, "", lever});
          }
        }
        auto r = svc.record_diagnosis(s, b->summary.id, form.text("made_on"), form.text("summary"),
                                      items);
        if (!r.ok()) {
          form.fail(r.error());
          return diagnosis_form(req, *b, &form, items, 422);
        }
        return Response::redirect("/beneficiaires/" + b->summary.id + "/diagnostic?enregistre=1");
      });

  // ---- professional project -------------------------------------------------------------
  auto project_page = [&svc, page, labels](const Request& req, const Beneficiary& b, ui::Form* form,
                                           const Project& cur, int status) {
    json ctx = view::section_header(b, "/projet", "Projet professionnel");
    json jobs = json::array();
    for (const auto& a : cur.appellations) jobs.push_back({{"code", a}, {"label", labels(a)}});
    ctx["jobs"] = jobs;
    ctx["has_jobs"] = !jobs.empty();
    ctx["appellations"] = [&] {
      std::string s2;
      for (const auto& a : cur.appellations) s2 += (s2.empty() ? "" : ", ") + a;
      return s2;
    }();
    ctx["km"] = cur.mobility_km;
    ctx["transport"] = checks(transport_means(), cur.transport, "transport");
    ctx["contracts"] = checks(wanted_contracts(), cur.contracts, "contracts");
    ctx["times"] =
        options(working_times(), cur.working_time.empty() ? "indifferent" : cur.working_time);
    ctx["available_on"] = cur.available_on;
    json history = json::array();
    for (const auto& p : svc.projects(b)) {
      std::string jobs_text;
      for (const auto& a : p.appellations) jobs_text += (jobs_text.empty() ? "" : ", ") + labels(a);
      history.push_back({{"date", dates::french_datetime(p.recorded_at)},
                         {"jobs", jobs_text.empty() ? "—" : jobs_text},
                         {"km", p.mobility_km},
                         {"time", label_of(working_times(), p.working_time)}});
    }
    ctx["history"] = history;
    ctx["has_history"] = !history.empty();
    if (form) form->fill(ctx);
    if (req.query.has("enregistre")) ctx["notice"] = "Le projet a été enregistré.";
    return page(req, "beneficiaries/project", ctx, status);
  };

  router.get("/beneficiaires/{id}/projet", kRead, [&svc, project_page](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.get(s, req.param("id"), "professional");
    if (!b) return Response::not_found();
    auto p = svc.projects(*b);
    return project_page(req, *b, nullptr, p.empty() ? Project{} : p.front(), 200);
  });

  router.post("/beneficiaires/{id}/projet", kWrite, [&svc, project_page](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.get(s, req.param("id"), "professional");
    if (!b) return Response::not_found();
    ui::Form form(req);
    Project in;
    std::string codes = form.text("appellations");
    std::string cur;
    for (char c : codes + ",") {
      if (c == ',' || c == ' ' || c == ';') {
        if (!cur.empty()) in.appellations.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    for (const auto& a : req.form.all("appellation")) in.appellations.push_back(a);
    std::string km = form.text("mobility_km");
    try {
      size_t pos = 0;
      in.mobility_km = km.empty() ? 0 : std::stoi(km, &pos);
      if (pos != km.size()) in.mobility_km = -1;
    } catch (...) {
      in.mobility_km = -1;
    }
    in.transport = req.form.all("transport");
    in.contracts = req.form.all("contracts");
    in.working_time = form.text("working_time");
    in.available_on = form.text("available_on");
    auto r = svc.record_project(s, b->summary.id, in);
    if (!r.ok()) {
      form.fail(r.error());
      return project_page(req, *b, &form, in, 422);
    }
    return Response::redirect("/beneficiaires/" + b->summary.id + "/projet?enregistre=1");
  });

  // ---- IAE eligibility ------------------------------------------------------------------
  auto criteria_json = [](const std::vector<std::pair<std::string, std::string>>& selected) {
    json out = json::array();
    for (int level : {1, 2}) {
      json items = json::array();
      for (const auto& c : eligibility::criteria()) {
        if (c.level != level) continue;
        auto f = std::find_if(selected.begin(), selected.end(),
                              [&](const auto& p) { return p.first == c.code; });
        std::string proof = f != selected.end() ? f->second : "a_fournir";
        json proofs = json::array();
        for (auto [code, label] : std::vector<std::pair<std::string, std::string>>{
                 {"a_fournir", "À fournir"}, {"fourni", "Fourni"}, {"verifie", "Vérifié"}}) {
          proofs.push_back({{"code", code}, {"label", label}, {"selected", code == proof}});
        }
        items.push_back({{"code", c.code},
                         {"label", c.label},
                         {"proof", c.proof},
                         {"checked", f != selected.end()},
                         {"proofs", proofs}});
      }
      out.push_back({{"level", level}, {"items", items}});
    }
    return out;
  };

  auto eligibility_page =
      [&svc, page, criteria_json](
          const Request& req, const Beneficiary& b, ui::Form* form, const std::string& kind,
          const std::vector<std::pair<std::string, std::string>>& selected, int status) {
        json ctx = view::section_header(b, "/eligibilite", "Éligibilité IAE");
        json kinds = json::array();
        for (std::string k : {"aci", "ei", "eiti", "ai", "etti"}) {
          kinds.push_back(
              {{"code", k}, {"label", eligibility::siae_label(k)}, {"selected", k == kind}});
        }
        ctx["kinds"] = kinds;
        ctx["levels"] = criteria_json(selected);
        std::vector<std::string> codes;
        for (const auto& p : selected) codes.push_back(p.first);
        auto v = eligibility::evaluate(kind, codes);
        ctx["verdict"] = {{"eligible", v.eligible}, {"explanation", v.explanation}};
        ctx["today"] = dates::iso(dates::local_date(req.received_at));
        json history = json::array();
        for (const auto& e : svc.eligibilities(b)) {
          history.push_back(
              {{"made_on", french_date(e.made_on)},
               {"until", french_date(e.valid_until)},
               {"author",
                e.author_kind == "employer" ? "Employeur (92 jours)" : "Prescripteur (6 mois)"},
               {"explanation", e.explanation},
               {"eligible", e.eligible},
               {"expiring", e.days_left >= 0 && e.days_left <= eligibility::kExpiryWarningDays},
               {"days_left", e.days_left},
               {"expired", e.days_left < 0}});
        }
        ctx["history"] = history;
        ctx["has_history"] = !history.empty();
        if (form) form->fill(ctx);
        if (req.query.has("enregistre"))
          ctx["notice"] = "Le diagnostic d'éligibilité a été enregistré.";
        return page(req, "beneficiaries/eligibility", ctx, status);
      };

  router.get("/beneficiaires/{id}/eligibilite", kRead, [&svc, eligibility_page](Request& req) {
    const auto& s = access::session_of(req);
    auto b = svc.get(s, req.param("id"), "social");
    if (!b) return Response::not_found();
    auto hist = svc.eligibilities(*b);
    std::string kind = hist.empty() ? "aci" : hist.front().siae_kind;
    return eligibility_page(
        req, *b, nullptr, kind,
        hist.empty() ? std::vector<std::pair<std::string, std::string>>{} : hist.front().criteria,
        200);
  });

  auto read_criteria = [](const Request& req) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& code : req.form.all("criterion")) {
      out.emplace_back(code, req.form.get("proof_" + code).empty() ? "a_fournir"
                                                                   : req.form.get("proof_" + code));
    }
    return out;
  };

  // Live verdict while the counselor ticks criteria (htmx fragment).
  router.post("/beneficiaires/{id}/eligibilite/verdict", kRead,
              [&svc, &renderer, read_criteria](Request& req) {
                const auto& s = access::session_of(req);
                if (!svc.get(s, req.param("id"))) return Response::not_found();
                std::vector<std::string> codes;
                for (const auto& p : read_criteria(req)) codes.push_back(p.first);
                auto v = eligibility::evaluate(req.form.get("siae_kind"), codes);
                return Response::html(renderer.render(
                    "beneficiaries/verdict",
                    {{"verdict", {{"eligible", v.eligible}, {"explanation", v.explanation}}}}));
              });

  router.post(
      "/beneficiaires/{id}/eligibilite", kWrite,
      [&svc, eligibility_page, read_criteria](Request& req) {
        const auto& s = access::session_of(req);
        auto b = svc.get(s, req.param("id"), "social");
        if (!b) return Response::not_found();
        ui::Form form(req);
        auto selected = read_criteria(req);
        std::string kind = form.text("siae_kind");
        auto r = svc.record_eligibility(s, b->summary.id, kind, form.text("author_kind"),
                                        form.text("made_on"), selected);
        if (!r.ok()) {
          form.fail(r.error());
          return eligibility_page(req, *b, &form, kind, selected, 422);
        }
        return Response::redirect("/beneficiaires/" + b->summary.id + "/eligibilite?enregistre=1");
      });

  // ---- health module (SR 2) -------------------------------------------------------------
  auto health_page = [&svc, page](const Request& req, const Beneficiary& b, ui::Form* form,
                                  int status) {
    const auto& s = access::session_of(req);
    json ctx = view::section_header(b, "/sante", "Santé");
    json items = json::array();
    for (const auto& h : svc.health_items(s, b)) {
      std::string kind = h.kind == "rqth"   ? "RQTH"
                         : h.kind == "mdph" ? "Dossier MDPH"
                                            : "Situation de santé";
      items.push_back({{"kind", kind}, {"detail", h.detail}, {"since", french_date(h.since)}});
    }
    ctx["items"] = items;
    json diag = json::array();
    auto hd = svc.health_diagnoses(s, b);
    if (!hd.empty()) {
      for (const auto& it : hd.front().items) {
        const Situation* sit = find_situation(it.item);
        std::string label = it.kind == "barrier" && sit ? std::string(sit->label)
                            : it.kind == "lever"        ? "Points d'appui : " + it.note
                                                        : it.item;
        json e = {{"label", label}};
        for (const auto& sv : severities()) {
          if (it.kind == "barrier" && sv.code == std::to_string(it.severity))
            e["severity"] = sv.label;
        }
        diag.push_back(e);
      }
      ctx["diagnosis_date"] = french_date(hd.front().made_on);
    }
    ctx["diagnosis_items"] = diag;
    ctx["has_diagnosis_items"] = !diag.empty();
    ctx["empty"] = items.empty() && diag.empty();
    if (form) form->fill(ctx);
    return page(req, "beneficiaries/health", ctx, status);
  };

  router.get("/beneficiaires/{id}/sante", Permission::capability("health.read"),
             [&svc, health_page](Request& req) {
               const auto& s = access::session_of(req);
               auto b = svc.get(s, req.param("id"));
               if (!b || !svc.health_allowed(s, *b)) return Response::not_found();
               return health_page(req, *b, nullptr, 200);
             });

  router.post("/beneficiaires/{id}/sante", Permission::capability("health.read"),
              [&svc, health_page](Request& req) {
                const auto& s = access::session_of(req);
                auto b = svc.get(s, req.param("id"));
                if (!b || !svc.health_allowed(s, *b)) return Response::not_found();
                ui::Form form(req);
                auto r = svc.add_health_item(
                    s, b->summary.id,
                    {"", form.text("kind"), form.text("detail"), form.text("since")});
                if (!r.ok()) {
                  form.fail(r.error());
                  return health_page(req, *b, &form, 422);
                }
                return Response::redirect("/beneficiaires/" + b->summary.id + "/sante");
              });
}

}  // namespace jalon::beneficiaries
