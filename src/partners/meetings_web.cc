// On an organisation's page: its partner users (a coordinator attaches or removes them) and the
// rencontres with it (date, people, notes, follow-ups with due dates on the to-do list); the
// form recording a rencontre; and on a person's record, who can see it and what was shared with
// whom (/beneficiaires/{id}/partage). JSON twins for rencontres and sharing.
#include <nlohmann/json.hpp>

#include "access/capabilities_partners.h"
#include "access/policy.h"
#include "core/dates.h"
#include "http/json_api.h"
#include "partners/referentials.h"
#include "partners/web.h"
#include "pathways/referentials.h"

namespace jalon::partners {
namespace {

using access::kPartnersMembers;
using access::kPartnersRead;
using access::kPartnersWrite;
using access::kPathwayRead;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr int kFollowupRows = 3;

json meeting_json(const Meeting& m) {
  json f = json::array();
  for (const auto& x : m.followups) {
    f.push_back({{"id", x.id},
                 {"label", x.label},
                 {"due_on", x.due_on.empty() ? json(nullptr) : json(x.due_on)},
                 {"due_label", x.due_on.empty() ? "" : dates::french_date(x.due_on)},
                 {"owner", x.owner_name},
                 {"done", x.done}});
  }
  return {{"id", m.id},
          {"organisation_id", m.organisation_id},
          {"organisation_name", m.organisation_name},
          {"held_on", m.held_on},
          {"held_on_label", dates::french_date(m.held_on)},
          {"people", m.people},
          {"notes", m.notes},
          {"author", m.author_name},
          {"followups", f},
          {"has_followups", !m.followups.empty()}};
}

Response meeting_form(const Services& s, const Request& req, const Organisation& o,
                      const MeetingInput& in, ui::Form* form, int status) {
  json ctx = {{"title", "Nouvelle rencontre"}, {"nav", "partners"}, {"o", organisation_json(o)}};
  ctx["values"] = {{"held_on", in.held_on}, {"people", in.people}, {"notes", in.notes}};
  json rows = json::array();
  for (int i = 0; i < kFollowupRows; ++i) {
    std::string n = std::to_string(i + 1);
    auto at = static_cast<std::size_t>(i);
    rows.push_back({{"n", n},
                    {"label", at < in.followups.size() ? in.followups[at].first : ""},
                    {"due", at < in.followups.size() ? in.followups[at].second : ""}});
  }
  ctx["followups"] = rows;
  if (form) {
    form->fill(ctx);
    for (auto& r : ctx["followups"]) {
      std::string n = r["n"];
      if (ctx["errors"].contains("followup_label_" + n))
        r["label_error"] = ctx["errors"]["followup_label_" + n];
      if (ctx["errors"].contains("followup_due_" + n))
        r["due_error"] = ctx["errors"]["followup_due_" + n];
    }
  }
  return s.page(req, "partners/meeting_form", ctx, status);
}

Response new_meeting(const Services& s, Request& req) {
  auto o = s.directory.organisation(access::session_of(req), req.param("id"));
  if (!o) return Response::not_found();
  return meeting_form(s, req, *o, {}, nullptr, 200);
}

MeetingInput read_meeting(ui::Form& form) {
  MeetingInput in{form.text("held_on"), form.text("people"), form.text("notes"), {}};
  for (int i = 1; i <= kFollowupRows; ++i) {
    std::string n = std::to_string(i);
    in.followups.emplace_back(form.text("followup_label_" + n), form.text("followup_due_" + n));
  }
  return in;
}

Response create_meeting(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  auto o = s.directory.organisation(session, req.param("id"));
  if (!o) return Response::not_found();
  ui::Form form(req);
  MeetingInput in = read_meeting(form);
  auto id = s.directory.add_meeting(session, o->id, in);
  if (id.ok()) return Response::redirect("/partenaires/" + o->id + "?rencontre=1#rencontres");
  if (id.error().kind == ErrorKind::kNotFound) return Response::not_found();
  form.fail(id.error());
  return meeting_form(s, req, *o, in, &form, 422);
}

Response finish_followup(const Services& s, Request& req) {
  auto st = s.directory.finish_followup(access::session_of(req), req.param("fid"));
  if (!st.ok()) return Response::not_found();
  return Response::redirect("/partenaires/" + req.param("id") + "?suite=1#rencontres");
}

Response attach(const Services& s, Request& req) {
  ui::Form form(req);
  auto st =
      s.directory.attach_member(access::session_of(req), req.param("id"), form.text("user_id"));
  if (!st.ok() && st.error().kind == ErrorKind::kNotFound) return Response::not_found();
  return Response::redirect("/partenaires/" + req.param("id") +
                            (st.ok() ? "?compte=1#comptes" : "?compte=0#comptes"));
}

Response detach(const Services& s, Request& req) {
  auto st = s.directory.detach_member(access::session_of(req), req.param("id"), req.param("uid"));
  if (!st.ok()) return Response::not_found();
  return Response::redirect("/partenaires/" + req.param("id") + "?retire=1#comptes");
}

json shares_json(const std::vector<ShareEntry>& list) {
  json out = json::array();
  for (const auto& e : list) {
    json scope = json::array();
    for (const auto& c : e.scope)
      scope.push_back(std::string(referential::label_of(consent_scopes(), c)));
    out.push_back({{"referral_id", e.referral_id},
                   {"organisation", e.organisation},
                   {"service", e.service},
                   {"consent_on", e.consent_on},
                   {"consent_on_label", dates::french_date(e.consent_on)},
                   {"scope", e.scope},
                   {"scope_labels", scope},
                   {"nothing_shared", e.scope.empty()},
                   {"status", e.status},
                   {"status_label",
                    std::string(referential::label_of(pathways::referral_statuses(), e.status))},
                   {"link_open", e.link_open},
                   {"members", e.members}});
  }
  return out;
}

json viewers_json(const std::vector<Viewer>& list) {
  json out = json::array();
  for (const auto& v : list)
    out.push_back({{"name", v.display_name}, {"role", v.role_label}, {"why", v.why}});
  return out;
}

Response sharing_page(const Services& s, Request& req) {
  return ui::record_page(s.records, req, "/orientations", "Qui voit ce dossier", "identity",
                         [&](const ui::RecordHeader& h, json& ctx) {
                           const auto& session = access::session_of(req);
                           ctx["viewers"] = viewers_json(s.directory.viewers(session, h.id));
                           auto shares = s.directory.shares(session, h.id);
                           ctx["shares"] = shares_json(shares);
                           ctx["no_shares"] = shares.empty();
                           return s.page(req, "partners/sharing", ctx);
                         });
}

Response sharing_api(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  if (!s.directory.visible(session, req.param("id"))) return http::problem(Error::not_found(), req);
  json out = {{"viewers", viewers_json(s.directory.viewers(session, req.param("id")))},
              {"shares", shares_json(s.directory.shares(session, req.param("id")))}};
  return Response::json(out.dump(), 200);
}

http::JsonResource meetings_resource(const Services& s) {
  http::JsonResource r{"/api/v1/partners/organisations/{id}/meetings", "", kPartnersRead,
                       kPartnersWrite};
  r.list = [s](const Request& req) -> Result<json> {
    const auto& session = access::session_of(req);
    if (!s.directory.organisation(session, req.param("id"))) return Error::not_found();
    json out = json::array();
    for (const auto& m : s.directory.meetings(session, req.param("id")))
      out.push_back(meeting_json(m));
    return out;
  };
  r.create = [s](const Request& req) -> Result<http::JsonWriter> {
    const auto& session = access::session_of(req);
    auto o = s.directory.organisation(session, req.param("id"));
    if (!o) return Error::not_found();
    std::string org_id = o->id;
    return http::JsonWriter([s, &req, org_id](const json& body) -> Result<json> {
      http::JsonFields f(body);
      MeetingInput in{f.string("held_on"), f.string("people"), f.string("notes"), {}};
      if (body.contains("followups") && body["followups"].is_array()) {
        for (const auto& x : body["followups"]) {
          if (!x.is_object())
            return Error::invalid("followups : liste d'objets attendue.", "followups");
          in.followups.emplace_back(x.value("label", ""), x.value("due_on", ""));
        }
      }
      if (f.error()) return *f.error();
      const auto& session = access::session_of(req);
      auto id = s.directory.add_meeting(session, org_id, in);
      if (!id.ok()) return id.error();
      for (const auto& m : s.directory.meetings(session, org_id)) {
        if (m.id == *id) return meeting_json(m);
      }
      return Error::not_found();
    });
  };
  return r;
}

}  // namespace

void add_organisation_extras(const Services& s, const http::Request& req,
                             const std::string& organisation_id, nlohmann::json& ctx) {
  const auto& session = access::session_of(req);
  json meetings = json::array();
  for (const auto& m : s.directory.meetings(session, organisation_id))
    meetings.push_back(meeting_json(m));
  ctx["meetings"] = meetings;
  ctx["no_meetings"] = meetings.empty();
  json members = json::array();
  for (const auto& m : s.directory.members(session, organisation_id)) {
    members.push_back({{"id", m.user_id}, {"name", m.display_name}, {"email", m.email}});
  }
  ctx["members"] = members;
  ctx["no_members"] = members.empty();
  bool manage = access::role_has(session.role, access::capability::kPartnersMembers);
  ctx["manage_members"] = manage;
  if (manage) {
    json free = json::array();
    for (const auto& m : s.directory.unattached_partners(session)) {
      free.push_back({{"id", m.user_id}, {"label", m.display_name + " (" + m.email + ")"}});
    }
    ctx["partner_users"] = free;
    ctx["has_partner_users"] = !free.empty();
  }
  ctx["meeting_saved"] = req.query.has("rencontre");
  ctx["member_saved"] = req.query.get("compte") == "1";
  ctx["member_refused"] = req.query.get("compte") == "0";
}

void register_meeting_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/partenaires/{id}/rencontres/nouvelle", kPartnersWrite, http::on(s, new_meeting)},
      {kPost, "/partenaires/{id}/rencontres/nouvelle", kPartnersWrite, http::on(s, create_meeting)},
      {kPost, "/partenaires/{id}/suites/{fid}/faite", kPartnersWrite, http::on(s, finish_followup)},
      {kPost, "/partenaires/{id}/comptes", kPartnersMembers, http::on(s, attach)},
      {kPost, "/partenaires/{id}/comptes/{uid}/retirer", kPartnersMembers, http::on(s, detach)},
      {kGet, "/beneficiaires/{id}/partage", kPathwayRead, http::on(s, sharing_page)},
      {kGet, "/api/v1/beneficiaries/{id}/sharing", kPathwayRead, http::on(s, sharing_api)},
  });
  http::add_resource(router, meetings_resource(s));
}

}  // namespace jalon::partners
