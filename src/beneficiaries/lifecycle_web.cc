// The record's life in pages (issue 14): edit the person, the référents (transfer with a note
// and date, co-référents), the status (en cours, en pause, sorti, back), the history of changes,
// and the coordinator's one-action reassignment of a departing counselor's caseload. Every form
// shows what failed to save with the field named, and a refused change changes nothing.
#include "beneficiaries/pages.h"
#include "beneficiaries/referentials.h"
#include "core/dates.h"
#include "core/text.h"

namespace jalon::beneficiaries {
namespace {

// The edit form's text fields, in RecordEdit.
struct EditField {
  const char* name;
  std::string RecordEdit::*member;
};
constexpr EditField kEditFields[] = {
    {"civility", &RecordEdit::civility},
    {"last_name", &RecordEdit::last_name},
    {"first_name", &RecordEdit::first_name},
    {"birth_date", &RecordEdit::birth_date},
    {"email", &RecordEdit::email},
    {"phone", &RecordEdit::phone},
    {"address_line", &RecordEdit::address_line},
    {"postal_code", &RecordEdit::postal_code},
    {"commune_code", &RecordEdit::commune_code},
    {"commune_name", &RecordEdit::commune_name},
    {"ft_id", &RecordEdit::ft_id},
    {"caf_id", &RecordEdit::caf_id},
};

bool may_manage(const Request& req, const Beneficiary& b) {
  return b.caller_is_referent || access::session_of(req).role == access::Role::kCoordinator;
}

Response edit_page(const Pages& p, const Request& req, json& ctx, ui::Form* form,
                   const RecordEdit& in, int status) {
  json values = json::object();
  for (const auto& f : kEditFields) values[f.name] = in.*f.member;
  ctx["values"] = values;
  ctx["version"] = in.version;
  ctx["consent_email"] = in.consent_email;
  ctx["consent_sms"] = in.consent_sms;
  ctx["civilities"] = ui::options(civilities(), in.civility, true);
  ctx["pickers"] = true;
  if (form) form->fill(ctx);
  return p.page(req, "beneficiaries/edit", ctx, status);
}

Response edit_form(const Pages& p, Request& req) {
  return record_page(p, req, "/modifier", "Modifier", "identity",
                     [&](const Beneficiary& b, json& ctx) {
                       return edit_page(p, req, ctx, nullptr, edit_of(b), 200);
                     });
}

Response save_edit(const Pages& p, Request& req) {
  return record_page(
      p, req, "/modifier", "Modifier", "identity", [&](const Beneficiary& b, json& ctx) {
        ui::Form form(req);
        RecordEdit in;
        for (const auto& f : kEditFields) in.*f.member = form.text(f.name);
        in.consent_email = form.checked("consent_email");
        in.consent_sms = form.checked("consent_sms");
        in.version = text::to_int(req.form.get("version"), 0);
        auto r = p.svc.edit(access::session_of(req), b.summary.id, in);
        if (!r.ok()) {
          form.fail(r.error());
          if (r.error().kind == ErrorKind::kInvalid) {
            // All the form's mistakes at once, not only the service's first.
            for (const auto& e : edit_mistakes(in, dates::local_date(req.received_at)))
              if (e.field != r.error().field) form.fail(e);
          }
          return edit_page(p, req, ctx, &form, in, 422);
        }
        return Response::redirect("/beneficiaires/" + b.summary.id +
                                  "/modifications?modifie=" + std::to_string(*r));
      });
}

// ---- référents ------------------------------------------------------------------------------

Response referents_page(const Pages& p, const Request& req, const Beneficiary& b, json& ctx,
                        ui::Form* form, int status) {
  const auto& s = access::session_of(req);
  json members = json::array();
  for (size_t i = 0; i < b.referents.size(); ++i) {
    bool main = i == 0 && b.has_referent;
    members.push_back(
        {{"id", b.referents[i].first}, {"name", b.referents[i].second}, {"main", main}});
  }
  json colleagues = json::array();
  std::string chosen = form ? req.form.get("referent_id") : "";
  for (const auto& [id, name] : p.svc.counselors(s)) {
    colleagues.push_back({{"code", id}, {"label", name}, {"selected", id == chosen}});
  }
  ctx["members"] = members;
  ctx["colleagues"] = colleagues;
  ctx["manage"] = may_manage(req, b);
  ctx["coordinator"] = s.role == access::Role::kCoordinator;
  ctx["today"] = dates::iso(dates::local_date(req.received_at));
  if (req.query.has("enregistre")) ctx["notice"] = "Les référents ont été mis à jour.";
  if (form) form->fill(ctx);
  return p.page(req, "beneficiaries/referents", ctx, status);
}

Response referents(const Pages& p, Request& req) {
  return record_page(p, req, "/referents", "Référents", "identity",
                     [&](const Beneficiary& b, json& ctx) {
                       return referents_page(p, req, b, ctx, nullptr, 200);
                     });
}

// A référents form: change(session, id, form) answers its Status; saved, the page shows again.
template <class Change>
Response referents_post(const Pages& p, Request& req, Change&& change) {
  return record_page(p, req, "/referents", "Référents", "identity",
                     [&](const Beneficiary& b, json& ctx) {
                       ui::Form form(req);
                       auto st = change(access::session_of(req), b.summary.id, form);
                       if (st.ok()) {
                         // The person may have left the caller's caseload: their list then.
                         if (!p.svc.get(access::session_of(req), b.summary.id)) {
                           return Response::redirect("/beneficiaires?transfere=1");
                         }
                         return saved(b, "/referents");
                       }
                       form.fail(st.error());
                       int code = st.error().kind == ErrorKind::kForbidden ? 403 : 422;
                       return referents_page(p, req, b, ctx, &form, code);
                     });
}

Response transfer(const Pages& p, Request& req) {
  return referents_post(p, req, [&](const auto& s, const std::string& id, ui::Form& form) {
    Transfer t{form.text("referent_id"), form.text("note"), form.text("on"),
               form.checked("keep_previous")};
    return p.svc.transfer(s, id, t);
  });
}

Response add_coreferent(const Pages& p, Request& req) {
  return referents_post(p, req, [&](const auto& s, const std::string& id, ui::Form& form) {
    return p.svc.add_coreferent(s, id, form.text("user_id"));
  });
}

Response remove_coreferent(const Pages& p, Request& req) {
  return referents_post(p, req, [&](const auto& s, const std::string& id, ui::Form& form) {
    return p.svc.remove_coreferent(s, id, form.text("user_id"));
  });
}

// ---- status ---------------------------------------------------------------------------------

const referential::List& settable_statuses() {
  static const referential::List l = {{"en_cours", "En accompagnement"}, {"suspendu", "En pause"}};
  return l;
}

Response status_page(const Pages& p, const Request& req, const Beneficiary& b, json& ctx,
                     ui::Form* form, const StatusChange& in, int status) {
  ctx["current"] = label_of(statuses(), b.summary.status);
  ctx["paused"] = b.summary.status == "suspendu";
  ctx["exited"] = b.summary.status == "sorti";
  ctx["pause_reason"] = label_of(pause_reasons(), b.pause_reason);
  ctx["pause_until"] = french_date(b.pause_until);
  ctx["exit_on"] = french_date(b.exit_on);
  ctx["exit_reason"] = label_of(exit_reasons(), b.exit_reason);
  ctx["statuses"] = ui::options(settable_statuses(), in.status, true);
  ctx["pause_reasons"] =
      ui::options(pause_reasons(), in.status == "suspendu" ? in.reason : "", true);
  ctx["exit_reasons"] = ui::options(exit_reasons(), in.status == "sorti" ? in.reason : "", true);
  ctx["values"] = {{"until", in.until}, {"on", in.on}, {"note", in.note}};
  if (req.query.has("enregistre")) ctx["notice"] = "Le statut a été enregistré.";
  if (form) form->fill(ctx);
  return p.page(req, "beneficiaries/status", ctx, status);
}

Response status_form(const Pages& p, Request& req) {
  return record_page(p, req, "/statut", "Statut", "identity", [&](const Beneficiary& b, json& ctx) {
    return status_page(p, req, b, ctx, nullptr, {}, 200);
  });
}

Response save_status(const Pages& p, Request& req) {
  return record_page(p, req, "/statut", "Statut", "identity", [&](const Beneficiary& b, json& ctx) {
    ui::Form form(req);
    StatusChange in{form.text("status"), "", form.text("until"), form.text("on"),
                    form.text("note")};
    in.reason = form.text(in.status == "sorti" ? "exit_reason" : "pause_reason");
    auto st = p.svc.set_status(access::session_of(req), b.summary.id, in);
    if (st.ok()) return saved(b, "/statut");
    auto err = st.error();
    // The two reason lists are separate fields of the form.
    if (err.field == "reason") err.field = in.status == "sorti" ? "exit_reason" : "pause_reason";
    form.fail(err);
    return status_page(p, req, b, ctx, &form, in, 422);
  });
}

// ---- history --------------------------------------------------------------------------------

Response history(const Pages& p, Request& req) {
  return record_page(p, req, "/modifications", "Historique des modifications", "identity",
                     [&](const Beneficiary& b, json& ctx) {
                       json rows = json::array();
                       for (const auto& c : p.svc.history(access::session_of(req), b)) {
                         rows.push_back({{"date", french_date(c.changed_on)},
                                         {"by", c.changed_by},
                                         {"field", c.label},
                                         {"old", french_date(c.old_value)},
                                         {"new", french_date(c.new_value)},
                                         {"note", c.note}});
                       }
                       ctx["rows"] = rows;
                       ctx["empty"] = rows.empty();
                       ctx["previous"] = may_manage(req, b);
                       int n = text::to_int(req.query.get("modifie"), -1);
                       if (n == 0) ctx["notice"] = "Aucune modification : rien n'a changé.";
                       if (n == 1) ctx["notice"] = "1 information a été modifiée.";
                       if (n > 1)
                         ctx["notice"] = std::to_string(n) + " informations ont été modifiées.";
                       return p.page(req, "beneficiaries/history", ctx);
                     });
}

// ---- reassignment (coordinator) -------------------------------------------------------------

Response reassign_page(const Pages& p, const Request& req, ui::Form* form, int status) {
  const auto& s = access::session_of(req);
  json from = json::array(), to = json::array();
  from.push_back({{"code", ""}, {"label", "Choisissez…"}, {"selected", false}});
  to.push_back({{"code", ""}, {"label", "Choisissez…"}, {"selected", false}});
  json loads = json::array();
  std::string f = form ? req.form.get("from") : "", t = form ? req.form.get("to") : "";
  for (const auto& [user, n] : p.svc.referent_loads(s)) {
    loads.push_back({{"name", user.second}, {"count", n}, {"plural", n > 1}});
    from.push_back({{"code", user.first}, {"label", user.second}, {"selected", user.first == f}});
  }
  for (const auto& [id, name] : p.svc.counselors(s)) {
    to.push_back({{"code", id}, {"label", name}, {"selected", id == t}});
  }
  json ctx = {{"title", "Réaffecter un portefeuille"},
              {"nav", "caseload"},
              {"loads", loads},
              {"from", from},
              {"to", to}};
  int moved = text::to_int(req.query.get("deplaces"), 0);
  if (moved > 0) {
    ctx["notice"] = std::to_string(moved) + (moved > 1 ? " personnes ont changé de référent·e."
                                                       : " personne a changé de "
                                                         "référent·e.");
  }
  if (form) form->fill(ctx);
  return p.page(req, "beneficiaries/referents_reassign", ctx, status);
}

Response reassign_form(const Pages& p, Request& req) {
  return reassign_page(p, req, nullptr, 200);
}

Response reassign(const Pages& p, Request& req) {
  ui::Form form(req);
  auto r = p.svc.reassign_caseload(access::session_of(req), form.text("from"), form.text("to"),
                                   form.text("note"));
  if (!r.ok()) {
    form.fail(r.error());
    return reassign_page(p, req, &form, 422);
  }
  return Response::redirect("/portefeuilles/reaffectation?deplaces=" + std::to_string(r->moved));
}

}  // namespace

void record_life(json& ctx, const Request& req, const Beneficiary& b) {
  std::string status(label_of(statuses(), b.summary.status));
  if (b.summary.status == "suspendu") {
    status += " — " + std::string(label_of(pause_reasons(), b.pause_reason)) +
              (b.pause_until.empty() ? "" : ", retour prévu le " + french_date(b.pause_until));
  } else if (b.summary.status == "sorti") {
    status += " le " + french_date(b.exit_on) + " — " +
              std::string(label_of(exit_reasons(), b.exit_reason));
  }
  std::string address = b.address_line;
  std::string town = b.postal_code + (b.postal_code.empty() ? "" : " ") + b.summary.commune_name;
  if (!town.empty()) address += (address.empty() ? "" : ", ") + town;
  std::string consent = b.consent_email && b.consent_sms ? "e-mail et SMS"
                        : b.consent_email                ? "e-mail seulement"
                        : b.consent_sms                  ? "SMS seulement"
                                                         : "aucun";
  ctx["life"] = {{"status", status},
                 {"paused", b.summary.status == "suspendu"},
                 {"exited", b.summary.status == "sorti"},
                 {"phone", b.phone},
                 {"email", b.email},
                 {"address", address},
                 {"ft_id", b.ft_id},
                 {"caf_id", b.caf_id},
                 {"consent", consent},
                 {"manage", may_manage(req, b)}};
}

void register_lifecycle_pages(http::Router& router, const Pages& p) {
  using enum http::Method;
  using access::kBeneficiariesRead, access::kBeneficiariesWrite, access::kCaseloadManage;
  router.add_all({
      {kGet, "/beneficiaires/{id}/modifier", kBeneficiariesWrite, http::on(p, edit_form)},
      {kPost, "/beneficiaires/{id}/modifier", kBeneficiariesWrite, http::on(p, save_edit)},
      {kGet, "/beneficiaires/{id}/referents", kBeneficiariesRead, http::on(p, referents)},
      {kPost, "/beneficiaires/{id}/referents/transfert", kBeneficiariesWrite,
       http::on(p, transfer)},
      {kPost, "/beneficiaires/{id}/coreferents", kBeneficiariesWrite, http::on(p, add_coreferent)},
      {kPost, "/beneficiaires/{id}/coreferents/retrait", kBeneficiariesWrite,
       http::on(p, remove_coreferent)},
      {kGet, "/beneficiaires/{id}/statut", kBeneficiariesRead, http::on(p, status_form)},
      {kPost, "/beneficiaires/{id}/statut", kBeneficiariesWrite, http::on(p, save_status)},
      {kGet, "/beneficiaires/{id}/modifications", kBeneficiariesRead, http::on(p, history)},
      {kGet, "/portefeuilles/reaffectation", kCaseloadManage, http::on(p, reassign_form)},
      {kPost, "/portefeuilles/reaffectation", kCaseloadManage, http::on(p, reassign)},
  });
}

}  // namespace jalon::beneficiaries
