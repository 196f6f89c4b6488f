// The record's exit page: the exit form (O1), its confirmation listing what will be closed and
// the derived category, the re-entry form once the person has left, the history of exits and
// follow-ups; and the follow-up form (situation now, or "injoignable").
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "core/dates.h"
#include "http/json_api.h"
#include "outcomes/web.h"

namespace jalon::outcomes {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

ExitInput read_exit(ui::Form& form) {
  ExitInput in{form.text("on"),           form.text("reason"),
               form.text("situation"),    form.text("contract_months"),
               form.text("hours_worked"), form.text("employer"),
               form.text("job_code"),     form.text("job_label"),
               form.text("note")};
  in.fse = form.checked("fse");
  return in;
}

json values_of(const ExitInput& in) {
  return {{"on", in.on},
          {"reason", in.reason},
          {"situation", in.situation},
          {"contract_months", in.contract_months},
          {"hours_worked", in.hours_worked},
          {"employer", in.employer},
          {"job_code", in.job_code},
          {"job_label", in.job_label},
          {"note", in.note},
          {"fse", in.fse}};
}

json exits_json(const std::vector<Exit>& exits) {
  json out = json::array();
  for (const auto& e : exits) {
    std::string situation(referential::label_of(situations(), e.situation));
    if (e.contract_months) situation += ", " + std::to_string(*e.contract_months) + " mois";
    out.push_back({{"entry_on", dates::french_date(e.entry_on)},
                   {"exit_on", dates::french_date(e.exit_on)},
                   {"reason", referential::label_of(beneficiaries::exit_reasons(), e.reason)},
                   {"situation", situation},
                   {"employer", e.employer},
                   {"job", e.job_label},
                   {"category", referential::label_of(categories(), e.category)},
                   {"examined", e.examined},
                   {"reentered_on", dates::french_date(e.reentered_on)}});
  }
  return out;
}

json followups_json(const std::vector<Followup>& list) {
  json out = json::array();
  for (const auto& f : list) {
    out.push_back({{"id", f.id},
                   {"moment", referential::label_of(moments(), f.moment)},
                   {"due_on", dates::french_date(f.due_on)},
                   {"status", referential::label_of(followup_statuses(), f.status)},
                   {"to_do", f.status == kToDo},
                   {"overdue", f.overdue},
                   {"situation", referential::label_of(situations(), f.situation)}});
  }
  return out;
}

json reason_options(const std::string& selected) {
  json out = json::array();
  for (const auto& o : ui::options(beneficiaries::exit_reasons(), selected, true)) {
    const auto* c = referential::find(beneficiaries::exit_reasons(), o.value("code", ""));
    if (c && (c->flags & beneficiaries::kLegacyReason)) continue;
    out.push_back(o);
  }
  return out;
}

Response exit_page(const Services& s, const Request& req, const ui::RecordHeader& h, json& ctx,
                   const ExitInput& in, ui::Form* form, int status) {
  const auto& session = access::session_of(req);
  auto exits = s.outcomes.exits_of(session, h.id);
  bool exited = !exits.empty() && exits.front().reentered_on.empty();
  ctx["exited"] = exited;
  ctx["exits"] = exits_json(exits);
  ctx["has_exits"] = !exits.empty();
  ctx["followups"] = followups_json(s.outcomes.followups_of(session, h.id));
  ctx["has_followups"] = !ctx["followups"].empty();
  ctx["values"] = values_of(in);
  ctx["reasons"] = reason_options(in.reason);
  ctx["situations"] = ui::options(situations(), in.situation, true);
  ctx["saved"] = req.query.has("enregistre");
  ctx["returned"] = req.query.has("retour_enregistre");
  if (form) form->fill(ctx);
  return s.page(req, "outcomes/exit", ctx, status);
}

Response exit_tab(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, "/statut", "Sortie", "identity,outcomes",
      [&](const ui::RecordHeader& h, json& ctx) {
        ExitInput in;
        // A hire recorded on the employers' side prefills the form.
        if (auto p = s.placement ? s.placement(access::session_of(req), h.id) : std::nullopt) {
          in = exit_from_placement(*p);
          ctx["prefilled"] = p->employer + ", embauche du " + dates::french_date(p->start_on);
        }
        return exit_page(s, req, h, ctx, in, nullptr, 200);
      });
}

Response post_exit(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, "/statut", "Sortie", "identity,outcomes",
      [&](const ui::RecordHeader& h, json& ctx) {
        ui::Form form(req);
        ExitInput in = read_exit(form);
        const auto& session = access::session_of(req);
        auto mistakes = s.outcomes.exit_mistakes(in);
        if (!mistakes.empty()) {
          for (const auto& e : mistakes) form.fail(e);
          return exit_page(s, req, h, ctx, in, &form, 422);
        }
        if (!req.form.has("confirm")) {
          auto preview = s.outcomes.preview_exit(session, h.id, in);
          if (!preview.ok()) {
            form.fail(preview.error());
            return exit_page(s, req, h, ctx, in, &form, http::status_of(preview.error().kind));
          }
          ctx["values"] = values_of(in);
          ctx["category"] = preview->category_label;
          ctx["unknown_category"] = preview->category == kUnknownCategory;
          ctx["examined"] = preview->examined;
          ctx["closes"] = preview->closes;
          ctx["planned"] = preview->planned;
          ctx["exit_on"] = dates::french_date(in.on);
          return s.page(req, "outcomes/exit_confirm", ctx);
        }
        auto r = s.outcomes.record_exit(session, h.id, in);
        if (!r.ok()) {
          form.fail(r.error());
          return exit_page(s, req, h, ctx, in, &form, http::status_of(r.error().kind));
        }
        return Response::redirect("/beneficiaires/" + h.id + "/sortie?enregistre=1");
      });
}

Response post_reentry(const Services& s, Request& req) {
  return ui::record_page(
      s.records, req, "/statut", "Sortie", "identity,outcomes",
      [&](const ui::RecordHeader& h, json& ctx) {
        ui::Form form(req);
        auto st = s.outcomes.reenter(access::session_of(req), h.id, form.text("reentry_on"),
                                     form.text("reentry_note"));
        if (!st.ok()) {
          Error e = st.error();
          if (e.field == "on") e.field = "reentry_on";
          form.fail(e);
          return exit_page(s, req, h, ctx, {}, &form, http::status_of(e.kind));
        }
        return Response::redirect("/beneficiaires/" + h.id + "/sortie?retour_enregistre=1");
      });
}

Response followup_page(const Services& s, const Request& req, const ui::OnRecord<Followup>& f,
                       const FollowupAnswer& in, ui::Form* form, int status) {
  json ctx = ui::record_context(f.h, "/statut", "Suivi après la sortie");
  ctx["f"] = {{"id", f.object.id},
              {"moment", referential::label_of(moments(), f.object.moment)},
              {"due_on", dates::french_date(f.object.due_on)},
              {"status", referential::label_of(followup_statuses(), f.object.status)},
              {"void", f.object.status == kVoid},
              {"to_do", f.object.status == kToDo}};
  if (auto sent = s.outcomes.questionnaire_sent(access::session_of(req), f.object.id)) {
    ctx["sent"] = {{"recipient", sent->recipient},
                   {"until", dates::french_datetime(sent->expires_at)}};
  }
  ctx["sent_now"] = req.query.has("envoye");
  ctx["situations"] = ui::options(situations(), in.situation, true);
  ctx["values"] = {{"contract_months", in.contract_months},
                   {"employer", in.employer},
                   {"job_label", in.job_label},
                   {"answered_on", in.answered_on},
                   {"in_target_job", in.in_target_job},
                   {"unreachable", in.status == kUnreachable}};
  if (form) form->fill(ctx);
  return s.page(req, "outcomes/followup", ctx, status);
}

std::optional<ui::OnRecord<Followup>> open_followup(const Services& s, const Request& req) {
  return ui::on_record(s.records, req,
                       s.outcomes.followup(access::session_of(req), req.param("id")),
                       "identity,outcomes");
}

Response followup_form(const Services& s, Request& req) {
  auto f = open_followup(s, req);
  if (!f) return Response::not_found();
  FollowupAnswer in{f->object.status == kUnreachable ? std::string(kUnreachable) : "",
                    f->object.situation,
                    f->object.contract_months ? std::to_string(*f->object.contract_months) : "",
                    f->object.employer,
                    f->object.job_label,
                    f->object.answered_on,
                    f->object.in_target_job};
  return followup_page(s, req, *f, in, nullptr, 200);
}

Response save_followup(const Services& s, Request& req) {
  auto f = open_followup(s, req);
  if (!f) return Response::not_found();
  ui::Form form(req);
  FollowupAnswer in{form.text("status"),          form.text("situation"),
                    form.text("contract_months"), form.text("employer"),
                    form.text("job_label"),       form.text("answered_on"),
                    form.checked("in_target_job")};
  auto st = s.outcomes.record_followup(access::session_of(req), f->object.id, in);
  if (!st.ok()) {
    form.fail(st.error());
    return followup_page(s, req, *f, in, &form, http::status_of(st.error().kind));
  }
  return Response::redirect("/beneficiaires/" + f->h.id + "/sortie?enregistre=1");
}

Response send_questionnaire(const Services& s, Request& req) {
  auto f = open_followup(s, req);
  if (!f) return Response::not_found();
  auto sent = s.outcomes.send_questionnaire(access::session_of(req), f->object.id, s.base_url);
  if (!sent.ok()) {
    ui::Form form(req);
    form.fail(sent.error());
    FollowupAnswer in;
    return followup_page(s, req, *f, in, &form, http::status_of(sent.error().kind));
  }
  return Response::redirect("/suivis-sortie/" + f->object.id + "?envoye=1");
}

}  // namespace

void register_exit_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/sortie", access::kBeneficiariesRead, http::on(s, exit_tab)},
      {kPost, "/beneficiaires/{id}/sortie", access::kBeneficiariesWrite, http::on(s, post_exit)},
      {kPost, "/beneficiaires/{id}/reprise", access::kBeneficiariesWrite,
       http::on(s, post_reentry)},
      {kGet, "/suivis-sortie/{id}", access::kBeneficiariesRead, http::on(s, followup_form)},
      {kPost, "/suivis-sortie/{id}", access::kBeneficiariesWrite, http::on(s, save_followup)},
      {kPost, "/suivis-sortie/{id}/questionnaire", access::kBeneficiariesWrite,
       http::on(s, send_questionnaire)},
  });
}

void register_routes(http::Router& router, const Services& s) {
  register_exit_pages(router, s);
  register_stats_pages(router, s);
  register_api(router, s);
  register_questionnaire_pages(router, s);
}

}  // namespace jalon::outcomes
