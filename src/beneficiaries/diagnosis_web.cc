// The record's diagnosis section: the diagnoses, the comparison of the last two (barriers lifted,
// added, kept, and a chart per theme), and the form recording a new diagnosis from the latest.
#include <map>
#include <set>

#include "beneficiaries/pages.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "core/text.h"
#include "ui/charts.h"
#include "ui/wording.h"

namespace jalon::beneficiaries {
namespace {

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
        {{"theme", sit ? find_theme(sit->group)->label : ""},
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
    if (professional(t)) continue;
    int na = 0, nb = 0;
    for (const auto& [k, v] : a) na += find_situation(k)->group == t.code;
    for (const auto& [k, v] : b) nb += find_situation(k)->group == t.code;
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
      {"lifted", ui::count_of(lifted, "frein levé", "freins levés")},
      {"added", ui::count_of(added, "nouveau frein", "nouveaux freins")},
      {"kept", ui::count_of(kept, "frein toujours présent", "freins toujours présents")},
      {"older", french_date(older.made_on)},
      {"newer", french_date(newer.made_on)},
      {"chart", cats.empty() ? ""
                             : ui::bar_chart("Freins par thème", "diagnostics saisis dans Jalon",
                                             cats, {before, after})},
      {"chart_table", table}};
}

Response diagnosis_tab(const Pages& p, Request& req) {
  return record_page(p, req, "/diagnostic", "Diagnostic", "social",
                     [&](const Beneficiary& b, json& ctx) {
                       auto diags = p.svc.diagnoses(b);
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
                       if (req.query.has("enregistre"))
                         ctx["notice"] = "Le diagnostic a été enregistré.";
                       return p.page(req, "beneficiaries/diagnosis", ctx);
                     });
}

// A professional theme of the form: its status radio buttons, the current one checked.
json pro_theme(const Theme& t, const std::vector<DiagnosisItem>& prev) {
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
  return st;
}

// A social theme's situations, ticked with their severity when `prev` holds them.
json social_items(const Theme& t, const std::vector<DiagnosisItem>& prev, bool health) {
  json items = json::array();
  for (const auto& sit : situations()) {
    if (sit.group != t.code) continue;
    if (!health && is_health_item(sit.group, sit.code)) continue;
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
    items.push_back(
        {{"code", sit.code}, {"label", sit.label}, {"checked", sev > 0}, {"severities", sevs}});
  }
  return items;
}

// The new-diagnosis form starting from `prev`. Health situations are offered only to whom the
// health module lets record them (SR 2).
Response diagnosis_form(const Pages& p, const Request& req, const Beneficiary& b, ui::Form* form,
                        std::vector<DiagnosisItem> prev, int status) {
  const auto& s = access::session_of(req);
  bool health = p.svc.health_allowed(s, b);
  if (health && !form) {
    auto hd = p.svc.health_diagnoses(s, b);
    if (!hd.empty()) prev.insert(prev.end(), hd.front().items.begin(), hd.front().items.end());
  }
  json ctx = view::section_header(b, "/diagnostic", "Nouveau diagnostic");
  ctx["health_hidden"] = !health;
  json groups = json::array();
  for (const auto& t : themes()) {
    if (!health && is_health_item(t.code, "")) continue;
    json g = {{"code", t.code}, {"label", t.label}, {"professional", professional(t)}};
    if (professional(t)) {
      g["statuses"] = pro_theme(t, prev);
    } else {
      g["items"] = social_items(t, prev, health);
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
  return p.page(req, "beneficiaries/diagnosis_form", ctx, status);
}

Response new_diagnosis(const Pages& p, Request& req) {
  auto b = p.svc.get(access::session_of(req), req.param("id"), "social");
  if (!b) return Response::not_found();
  auto diags = p.svc.diagnoses(*b);
  // Starts from the latest diagnosis, so the counselor records what changed.
  return diagnosis_form(p, req, *b, nullptr,
                        diags.empty() ? std::vector<DiagnosisItem>{} : diags.front().items, 200);
}

std::vector<DiagnosisItem> items_of(const Request& req, ui::Form& form) {
  std::vector<DiagnosisItem> items;
  for (const auto& code : req.form.all("barrier")) {
    const Situation* sit = find_situation(code);
    int sev = text::to_int(req.form.get("severity_" + code), 0);
    items.push_back({sit ? std::string(sit->group) : std::string(), code, "barrier", sev, "", ""});
  }
  for (const auto& t : themes()) {
    if (professional(t)) {
      std::string st = req.form.get("status_" + std::string(t.code));
      if (!st.empty()) items.push_back({std::string(t.code), "", "pro_status", 0, st, ""});
    } else {
      std::string lever = form.text("lever_" + std::string(t.code));
      if (!lever.empty()) items.push_back({std::string(t.code), "", "lever", 0, "", lever});
    }
  }
  return items;
}

Response record_diagnosis(const Pages& p, Request& req) {
  const auto& s = access::session_of(req);
  auto b = p.svc.get(s, req.param("id"), "social");
  if (!b) return Response::not_found();
  ui::Form form(req);
  auto items = items_of(req, form);
  auto r =
      p.svc.record_diagnosis(s, b->summary.id, form.text("made_on"), form.text("summary"), items);
  if (r.ok()) return saved(*b, "/diagnostic");
  form.fail(r.error());
  return diagnosis_form(p, req, *b, &form, items, 422);
}

}  // namespace

void register_diagnosis_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  using access::kBeneficiariesRead, access::kBeneficiariesWrite;
  router.add_all({
      {kGet, "/beneficiaires/{id}/diagnostic", kBeneficiariesRead, http::on(p, diagnosis_tab)},
      {kGet, "/beneficiaires/{id}/diagnostic/nouveau", kBeneficiariesWrite,
       http::on(p, new_diagnosis)},
      {kPost, "/beneficiaires/{id}/diagnostic/nouveau", kBeneficiariesWrite,
       http::on(p, record_diagnosis)},
  });
}

}  // namespace jalon::beneficiaries
