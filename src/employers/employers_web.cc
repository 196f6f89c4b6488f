// The employer directory (/employeurs): the pipeline by relation status, the list filtered by
// name, status or a target job ("employeurs à prospecter"), the form to add one, and the
// employer's page with its relation, hiring potential, contacts, actions and applications.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "core/dates.h"
#include "employers/referentials.h"
#include "employers/web.h"

namespace jalon::employers {
namespace {

Response list(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  EmployerFilter f{req.query.get("q"), req.query.get("statut"), req.query.get("commune"),
                   req.query.get("rome")};
  if (!f.status.empty() && !referential::has_code(relation_statuses(), f.status)) f.status.clear();
  std::string person = req.query.get("pour");
  if (!looks_like_id(person)) person.clear();
  json ctx = {{"title", "Employeurs"}, {"nav", "employers"}};
  json rows = json::array();
  for (const auto& e : svc.employers.list(s, f)) {
    json j = establishment_json(e);
    if (!person.empty()) {
      j["propose_href"] = "/beneficiaires/" + person + "/candidatures/nouvelle?employeur=" + e.id;
    }
    rows.push_back(std::move(j));
  }
  json pipe = json::array();
  for (const auto& [code, n] : svc.employers.pipeline(s)) {
    pipe.push_back({{"code", code},
                    {"label", referential::label_of(relation_statuses(), code)},
                    {"count", n},
                    {"current", code == f.status}});
  }
  ctx["employers"] = rows;
  ctx["none"] = rows.empty();
  ctx["pipeline"] = pipe;
  ctx["statuses"] = ui::options(relation_statuses(), f.status, true);
  ctx["q"] = f.query;
  ctx["rome"] = f.rome;
  ctx["pour"] = person;
  ctx["for_job"] = !f.rome.empty();
  return svc.page(req, "employers/list", ctx);
}

EstablishmentInput read_establishment(ui::Form& form) {
  std::string siret = form.text("siret");
  std::erase(siret, ' ');
  return {siret,
          form.text("name"),
          form.text("naf_code"),
          form.text("size_band"),
          form.text("address"),
          form.text("postcode"),
          form.text("commune_code")};
}

Response new_form_page(const Services& svc, const Request& req, ui::Form* form, int status) {
  json ctx = {{"title", "Ajouter un employeur"}, {"nav", "employers"}};
  ctx["sizes"] = ui::options(size_bands(), form ? form->text("size_band") : "", true);
  if (form) form->fill(ctx);
  return svc.page(req, "employers/new", ctx, status);
}

Response new_form(const Services& svc, Request& req) {
  return new_form_page(svc, req, nullptr, 200);
}

Response create(const Services& svc, Request& req) {
  ui::Form form(req);
  auto in = read_establishment(form);
  auto id = svc.employers.create(access::session_of(req), in);
  if (id.ok()) return Response::redirect("/employeurs/" + *id + "?cree=1");
  // All the form's mistakes at once, not only the first one the service answered.
  auto mistakes = svc.employers.creation_mistakes(in);
  if (mistakes.empty()) mistakes.push_back(id.error());
  for (const auto& e : mistakes) form.fail(e);
  return new_form_page(svc, req, &form, 422);
}

// The employer's page; a failed form of it is shown again with its mistakes under `form_key`.
Response employer_page(const Services& svc, const Request& req, ui::Form* form,
                       const std::string& form_key, int status) {
  const auto& s = access::session_of(req);
  std::string id = req.param("id");
  auto e = svc.employers.get(s, id);
  if (!e.ok()) return Response::not_found();
  json ctx = {{"title", e->name}, {"nav", "employers"}};
  ctx["e"] = establishment_json(*e);
  ctx["statuses"] = ui::options(relation_statuses(), e->status);
  json jobs = json::array();
  for (const auto& j : svc.employers.hiring_jobs(s, id)) {
    jobs.push_back({{"rome_code", j.rome_code},
                    {"rome_label", j.rome_label},
                    {"why", j.why},
                    {"score", j.score}});
  }
  ctx["jobs"] = jobs;
  json contacts = json::array();
  for (const auto& c : svc.employers.contacts(s, id)) {
    contacts.push_back(
        {{"id", c.id}, {"name", c.name}, {"role", c.role}, {"phone", c.phone}, {"email", c.email}});
  }
  ctx["contacts"] = contacts;
  json actions = json::array();
  for (const auto& a : svc.employers.actions(s, id)) {
    actions.push_back(
        {{"kind", referential::label_of(action_kinds(), a.kind)},
         {"done_on", dates::french_date(a.done_on)},
         {"author", a.author},
         {"outcome", a.outcome},
         {"next_step", a.next_step},
         {"next_due_on", a.next_due_on.empty() ? "" : dates::french_date(a.next_due_on)},
         {"next_done", a.next_done}});
  }
  ctx["actions"] = actions;
  json apps = json::array();
  for (const auto& a : svc.employers.applications_of_employer(s, id)) {
    apps.push_back(application_json(a));
  }
  ctx["applications"] = apps;
  json needs = json::array();
  for (const auto& n : svc.employers.needs(s, id)) needs.push_back(need_json(n));
  ctx["needs"] = needs;
  json offers = json::array();
  for (const auto& o : svc.employers.offers(s, {.establishment_id = id})) {
    offers.push_back(offer_json(o));
  }
  ctx["offers"] = offers;
  json immersions = json::array();
  for (const auto& x : svc.immersions.of_employer(s, id)) immersions.push_back(immersion_json(x));
  ctx["immersions"] = immersions;
  ctx["need_contracts"] = ui::options(
      contract_kinds(), form && form_key == "need_form" ? form->text("contract") : "", true);
  ctx["pickers"] = true;
  for (const char* k :
       {"jobs", "contacts", "actions", "applications", "needs", "offers", "immersions"}) {
    ctx[std::string("has_") + k] = !ctx[k].empty();
  }
  std::string kind = form && form_key == "action_form" ? form->text("kind") : "";
  ctx["kinds"] = ui::options(action_kinds(), kind, true);
  ctx["today"] = dates::iso(svc.employers.today(s));
  ctx["notice"] = ui::notice_for(req, {{"cree", "L'employeur a été ajouté à l'annuaire."},
                                       {"enregistre", "C'est enregistré."},
                                       {"besoin", "Le besoin de recrutement est enregistré."}});
  json sub = json::object();
  if (form) {
    form->fill(sub);
    ctx[form_key] = sub;
    ctx["has_errors"] = sub.value("has_errors", false);
    ctx["error_summary"] = sub.value("error_summary", json::array());
    ctx["error_count_label"] = sub.value("error_count_label", "");
  }
  return svc.page(req, "employers/employer", ctx, status);
}

Response show(const Services& svc, Request& req) {
  return employer_page(svc, req, nullptr, "", 200);
}

Response saved(const Request& req) {
  return Response::redirect("/employeurs/" + req.param("id") + "?enregistre=1");
}

// A POST of the employer's page: `mistakes` first (every one at once), then `save`.
template <class Mistakes, class Save>
Response post_form(const Services& svc, Request& req, const std::string& key, Mistakes mistakes,
                   Save save) {
  ui::Form form(req);
  std::vector<Error> errs = mistakes(form);
  if (errs.empty()) {
    Status st = save(form);
    if (st.ok()) return saved(req);
    if (st.error().kind == ErrorKind::kNotFound) return Response::not_found();
    errs.push_back(st.error());
  }
  if (!svc.employers.get(access::session_of(req), req.param("id")).ok()) {
    return Response::not_found();
  }
  for (const auto& e : errs) form.fail(e);
  return employer_page(svc, req, &form, key, 422);
}

Response relation(const Services& svc, Request& req) {
  return post_form(
      svc, req, "relation_form", [](ui::Form&) { return std::vector<Error>{}; },
      [&](ui::Form& f) {
        return svc.employers.set_relation(access::session_of(req), req.param("id"),
                                          f.text("status"), f.text("tags"), f.text("notes"));
      });
}

Contact read_contact(ui::Form& f) {
  return {"", f.text("name"), f.text("role"), f.text("phone"), f.text("email")};
}

Response add_contact(const Services& svc, Request& req) {
  return post_form(
      svc, req, "contact_form",
      [&](ui::Form& f) { return svc.employers.contact_mistakes(read_contact(f)); },
      [&](ui::Form& f) -> Status {
        auto r =
            svc.employers.add_contact(access::session_of(req), req.param("id"), read_contact(f));
        if (!r.ok()) return r.error();
        return ok_status();
      });
}

ActionInput read_action(ui::Form& f) {
  return {f.text("kind"), f.text("done_on"), f.text("outcome"), f.text("next_step"),
          f.text("next_due_on")};
}

Response add_action(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  return post_form(
      svc, req, "action_form",
      [&](ui::Form& f) {
        return svc.employers.action_mistakes(read_action(f), svc.employers.today(s));
      },
      [&](ui::Form& f) -> Status {
        auto r = svc.employers.add_action(s, req.param("id"), read_action(f));
        if (!r.ok()) return r.error();
        return ok_status();
      });
}

NeedInput read_need(ui::Form& f) {
  return {f.text("appellation"),  f.text("contract"), f.text("hours_per_week"),
          f.text("commune_code"), f.text("start_on"), f.text("positions"),
          f.text("notes")};
}

Response add_need(const Services& svc, Request& req) {
  return post_form(
      svc, req, "need_form", [&](ui::Form& f) { return svc.employers.need_mistakes(read_need(f)); },
      [&](ui::Form& f) -> Status {
        auto r = svc.employers.add_need(access::session_of(req), req.param("id"), read_need(f));
        if (!r.ok()) return r.error();
        return ok_status();
      });
}

Response close_need(const Services& svc, Request& req) {
  if (!svc.employers.close_need(access::session_of(req), req.form.get("need_id")).ok()) {
    return Response::not_found();
  }
  return saved(req);
}

Response edit_contact(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  if (req.form.get("remove") == "1") {
    if (!svc.employers.remove_contact(s, req.param("id"), req.form.get("contact_id")).ok()) {
      return Response::not_found();
    }
    return saved(req);
  }
  return post_form(
      svc, req, "edit_contact_form",
      [&](ui::Form& f) { return svc.employers.contact_mistakes(read_contact(f)); },
      [&](ui::Form& f) {
        Contact c = read_contact(f);
        c.id = f.text("contact_id");
        return svc.employers.update_contact(s, req.param("id"), c);
      });
}

}  // namespace

void register_employer_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/employeurs", kEmployersRead, http::on(s, list)},
      {kGet, "/employeurs/nouveau", kEmployersWrite, http::on(s, new_form)},
      {kPost, "/employeurs/nouveau", kEmployersWrite, http::on(s, create)},
      {kGet, "/employeurs/{id}", kEmployersRead, http::on(s, show)},
      {kPost, "/employeurs/{id}/relation", kEmployersWrite, http::on(s, relation)},
      {kPost, "/employeurs/{id}/contacts", kEmployersWrite, http::on(s, add_contact)},
      {kPost, "/employeurs/{id}/actions", kEmployersWrite, http::on(s, add_action)},
      {kPost, "/employeurs/{id}/besoins", kEmployersWrite, http::on(s, add_need)},
      {kPost, "/employeurs/{id}/besoins/clore", kEmployersWrite, http::on(s, close_need)},
      {kPost, "/employeurs/{id}/contacts/modifier", kEmployersWrite, http::on(s, edit_contact)},
  });
}

}  // namespace jalon::employers
