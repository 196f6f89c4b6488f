#include "pathways/view.h"

#include "beneficiaries/referentials.h"
#include "beneficiaries/view.h"
#include "partners/codes.h"
#include "partners/referentials.h"
#include "ui/wording.h"

namespace jalon::pathways::view {

using beneficiaries::view::french_date;
using nlohmann::json;

std::string_view badge(std::string_view status) {
  if (status == "realise" || status == "validee" || status == "en_cours") {
    return status == "en_cours" ? "badge-info" : "badge-success";
  }
  if (status == "refusee" || status == "rompu" || status == "abandonne") return "badge-error";
  if (status == "annule" || status == "expiree" || status == "en_attente") return "badge-warning";
  return "badge-neutral";
}

json contract_json(const Contract& c) {
  return {{"id", c.id},
          {"title", contract_title(c)},
          {"kind", label_of(contract_kinds(), c.kind)},
          {"status", label_of(contract_statuses(), c.status)},
          {"badge", badge(c.status)},
          {"signed", !c.signed_on.empty()},
          {"signed_on", french_date(c.signed_on)},
          {"starts_on", french_date(c.starts_on)},
          {"ends_on", french_date(c.ends_on)},
          {"renewal_soon", c.renewal == Renewal::kSoon},
          {"renewal_passed", c.renewal == Renewal::kPassed},
          {"days_left", c.days_left}};
}

json item_json(const Item& i, ItemKind kind) {
  bool objective = kind == ItemKind::kObjective;
  std::string barrier;
  for (const auto& s : beneficiaries::situations()) {
    if (s.code == i.barrier) barrier = s.label;
  }
  return {{"id", i.id},
          {"label", i.label},
          {"free", i.free()},
          {"theme", theme_label(i.theme)},
          {"status", label_of(objective ? objective_statuses() : action_statuses(), i.status)},
          {"badge", badge(i.status)},
          {"due_on", french_date(i.due_on)},
          {"has_due", !i.due_on.empty()},
          {"overdue", i.overdue},
          {"barrier", ui::text_or_null(barrier)},
          {"partner", ui::text_or_null(i.partner)},
          {"anchor", std::string(objective ? "objectif-" : "action-") + i.id},
          {"edit", std::string(objective ? "/objectifs/" : "/actions/") + i.id + "/modifier"}};
}

namespace {
// "Nom et prénom, téléphone et e-mail" from a consent scope ";identite;contact;".
std::string shared_labels(const std::string& scope) {
  std::string out;
  for (const auto& c : partners::split_codes(scope)) {
    std::string label(referential::label_of(partners::consent_scopes(), c));
    // Labels start with an ASCII capital; the sentence reads them in lower case.
    if (!label.empty()) label[0] = static_cast<char>(std::tolower(label[0]));
    if (!out.empty()) out += ", ";
    out += label;
  }
  return out;
}
}  // namespace

json referral_json(const Referral& r) {
  return {{"id", r.id},
          {"partner", r.partner},
          {"service", r.service},
          {"status", label_of(referral_statuses(), r.status)},
          {"badge", badge(r.status)},
          {"reason", r.reason},
          {"answer", r.answer},
          {"sent_on", french_date(r.sent_on)},
          {"follow_up_on", french_date(r.follow_up_on)},
          {"answered_on", french_date(r.answered_on)},
          {"follow_up_due", r.follow_up_due},
          {"by_partner", r.answered_by == "partenaire"},
          {"consent_on", french_date(r.consent_on)},
          {"shared", shared_labels(r.consent_scope)}};
}

json catalogue_groups(const std::vector<CatalogueEntry>& list, const std::string& selected) {
  json groups = json::array();
  std::string_view current;
  for (const auto& e : list) {
    if (groups.empty() || e.theme != current) {
      current = e.theme;
      groups.push_back({{"theme", theme_label(e.theme)}, {"options", json::array()}});
    }
    groups.back()["options"].push_back(
        {{"code", e.code}, {"label", e.label}, {"selected", e.code == selected}});
  }
  return groups;
}

json theme_options(const std::string& selected) {
  json out = json::array();
  out.push_back({{"code", ""}, {"label", "—"}, {"selected", selected.empty()}});
  for (const auto& t : beneficiaries::themes()) {
    out.push_back({{"code", t.code}, {"label", t.label}, {"selected", t.code == selected}});
  }
  return out;
}

}  // namespace jalon::pathways::view
