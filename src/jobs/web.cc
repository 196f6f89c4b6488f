#include "jobs/web.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>

#include "access/capabilities.h"
#include "access/policy.h"
#include "access/service.h"
#include "core/dates.h"
#include "core/validation.h"
#include "http/json_api.h"
#include "jobs/jobs.h"
#include "jobs/todo.h"
#include "meetings/referentials.h"
#include "outbox/outbox.h"
#include "ui/page.h"

namespace jalon::jobs {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string kind_label(const std::string& kind) {
  if (kind == "outbox.send") return "Envoi d'un e-mail";
  if (kind == "todo.refresh") return "Rappels et liste « À faire »";
  if (kind == "notifications.digest") return "Récapitulatifs quotidiens";
  if (kind == "reminder.appointment") return "Rappel de rendez-vous (la veille)";
  if (kind == "workshops.reminders") return "Rappels des ateliers à programmer";
  if (kind == "reminder.workshop") return "Rappel d'atelier (la veille)";
  if (kind == "ops.backup") return "Sauvegarde nocturne (base, pièces jointes, clés)";
  return kind;
}

std::string status_label(const std::string& status) {
  if (status == "pending") return "À venir";
  if (status == "running") return "En cours";
  if (status == "done") return "Terminée";
  if (status == "failed") return "En échec";
  return status;
}

json job_json(const Job& j, const std::string& zone) {
  return {{"id", j.id},
          {"kind", j.kind},
          {"kind_label", kind_label(j.kind)},
          {"status", j.status},
          {"status_label", status_label(j.status)},
          {"run_at", dates::french_datetime(j.run_at, zone)},
          {"run_at_utc", dates::rfc3339_utc(j.run_at)},
          {"finished_at", j.finished_at ? dates::french_datetime(*j.finished_at, zone) : ""},
          {"attempts", j.attempts},
          {"max_attempts", j.max_attempts},
          {"last_error", j.last_error},
          {"result", j.result}};
}

json jobs_json(const std::vector<Job>& list, const std::string& zone) {
  json out = json::array();
  for (const auto& j : list) out.push_back(job_json(j, zone));
  return out;
}

std::string zone_of(store::Tx& tx, const std::string& structure_id) {
  if (structure_id.empty()) return std::string(dates::kDefaultZone);
  auto r = tx.query_one("SELECT time_zone FROM structures WHERE id = ?", {structure_id});
  return r ? r->text(0) : std::string(dates::kDefaultZone);
}

Response admin_jobs(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  auto tx = s.db.read();
  std::string zone = zone_of(tx, session.structure_id);
  Health h = health(tx, s.clock.now_ms(), session.structure_id);
  json ctx = {{"title", "Tâches programmées"},
              {"nav", "admin"},
              {"upcoming", jobs_json(list(tx, "upcoming", session.structure_id, 50), zone)},
              {"failed", jobs_json(list(tx, "failed", session.structure_id, 50), zone)},
              {"recent", jobs_json(list(tx, "recent", session.structure_id, 50), zone)},
              {"health",
               {{"due", h.due},
                {"failed", h.failed},
                {"oldest_wait", std::to_string(h.oldest_due_ms / 1000) + " s"},
                {"mail_waiting", h.mail_waiting},
                {"mail_retrying", h.mail_retrying},
                {"mail_error", h.mail_last_error}}},
              {"smtp_trouble", h.mail_retrying > 0},
              {"notice", ui::notice_for(req, {{"relance", "La tâche va être relancée."}})}};
  tx.commit();
  for (const char* k : {"upcoming", "failed", "recent"}) {
    ctx[std::string("has_") + k] = !ctx[k].empty();
  }
  return ui::page_response(s.renderer, req, "jobs/admin", ctx);
}

Response retry_job(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  auto tx = s.db.write();
  bool ok = retry(tx, s.clock, req.param("id"), session.structure_id);
  tx.commit();
  if (!ok) return Response::not_found();
  return Response::redirect("/admin/taches?relance=1");
}

// The appointments of the coming week and whether the person gets the day-before reminder.
json upcoming_reminders(const Services& s, store::Tx& tx, const access::Session& session,
                        const std::string& zone) {
  Millis now = s.clock.now_ms();
  json out = json::array();
  for (const auto& row :
       tx.query("SELECT a.id, a.starts_at, b.first_name || ' ' || b.last_name, b.consent_email,"
                " COALESCE(b.email, '') FROM appointments a JOIN beneficiaries b ON b.id ="
                " a.beneficiary_id WHERE a.counselor_id = ? AND a.structure_id = ? AND a.status = ?"
                " AND a.starts_at > ? AND a.starts_at <= ? ORDER BY a.starts_at, a.id LIMIT 50",
                {session.user_id, session.structure_id, meetings::kUndetermined, now,
                 now + 7 * 86'400'000LL})) {
    bool reminded = row.i64(3) == 1 && !row.text(4).empty();
    out.push_back({{"id", row.text(0)},
                   {"when", dates::french_datetime(row.i64(1), zone)},
                   {"person", row.text(2)},
                   {"reminded", reminded},
                   {"reminder_at", dates::french_datetime(row.i64(1) - 86'400'000LL, zone)}});
  }
  return out;
}

json items_json(const std::vector<TodoItem>& items) {
  json out = json::array();
  for (const auto& t : items) {
    out.push_back({{"id", t.id},
                   {"kind", t.kind},
                   {"kind_label", t.kind_label},
                   {"beneficiary_id", t.beneficiary_id},
                   {"person", t.person},
                   {"due_on", t.due_on},
                   {"due", t.due_on.empty() ? "" : dates::french_date(t.due_on)},
                   {"link", t.link}});
  }
  return out;
}

// Brings the user's items up to date and reads them (audited: they name people).
std::vector<TodoItem> fresh_items(const Services& s, const access::Session& session, int limit) {
  auto tx = s.db.write();
  refresh_todo(tx, s.rng, s.clock, session.structure_id, session.user_id);
  auto items = open_items(tx, session, limit);
  tx.commit();
  s.audit.record_async(
      access::audit_entry(session, "read", "todo_list", session.user_id, "identity"));
  return items;
}

Response todo_page(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  auto items = fresh_items(s, session, 200);
  auto tx = s.db.read();
  std::string zone = zone_of(tx, session.structure_id);
  json reminders = upcoming_reminders(s, tx, session, zone);
  tx.commit();
  json ctx = {{"title", "À faire"},
              {"nav", "todo"},
              {"items", items_json(items)},
              {"count", items.size()},
              {"has_items", !items.empty()},
              {"plural", items.size() > 1},
              {"reminders", reminders},
              {"has_reminders", !reminders.empty()},
              {"notice", ui::notice_for(req, {{"ecarte", "L'élément a été retiré de la liste."}})}};
  return ui::page_response(s.renderer, req, "todo", ctx);
}

Response dismiss_item(const Services& s, Request& req) {
  auto tx = s.db.write();
  bool ok = dismiss(tx, s.clock, access::session_of(req), req.param("id"));
  tx.commit();
  if (!ok) return Response::not_found();
  return Response::redirect("/a-faire?ecarte=1");
}

json preferences_context(const Preferences& p) {
  json kinds = json::array();
  for (const auto& k : todo_kinds()) {
    auto it = p.modes.find(std::string(k.code));
    kinds.push_back({{"code", k.code},
                     {"label", k.label},
                     {"field", "mode_" + std::string(k.code)},
                     {"options", ui::options(notification_modes(), it->second)}});
  }
  json hours = json::array();
  for (int h = 0; h < 24; ++h) {
    hours.push_back({{"value", h},
                     {"label", (h < 10 ? "0" : "") + std::to_string(h) + " h"},
                     {"selected", h == p.digest_hour}});
  }
  return {{"title", "Notifications"}, {"kinds", kinds}, {"hours", hours}, {"nav", "account"}};
}

Response notifications_page(const Services& s, Request& req) {
  auto tx = s.db.read();
  auto p = preferences(tx, access::session_of(req).user_id);
  tx.commit();
  json ctx = preferences_context(p);
  ctx["notice"] = ui::notice_for(req, {{"enregistre", "Vos préférences ont été enregistrées."}});
  return ui::page_response(s.renderer, req, "jobs/notifications", ctx);
}

Response save_notifications(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  ui::Form form(req);
  Preferences p;
  for (const auto& k : todo_kinds()) {
    std::string field = "mode_" + std::string(k.code);
    p.modes[std::string(k.code)] = form.text(field);
  }
  auto hour =
      validation::integer(form.text("digest_hour"), "digest_hour", "Heure du récapitulatif", 0, 23);
  if (!hour) {
    form.fail(hour.error());
  } else {
    p.digest_hour = static_cast<int>(*hour);
    auto tx = s.db.write();
    auto st = save_preferences(tx, session.user_id, p);
    if (st) {
      tx.commit();
      return Response::redirect("/compte/notifications?enregistre=1");
    }
    form.fail(st.error());
  }
  json ctx = preferences_context(p);
  form.fill(ctx);
  for (auto& k : ctx["kinds"]) {
    if (ctx["errors"].contains(k["field"].get<std::string>())) {
      k["error"] = ctx["errors"][k["field"].get<std::string>()];
    }
  }
  return ui::page_response(s.renderer, req, "jobs/notifications", ctx, 422);
}

Response api_todo(const Services& s, Request& req) {
  return http::items_response(items_json(fresh_items(s, access::session_of(req), 500)));
}

Response api_dismiss(const Services& s, Request& req) {
  auto tx = s.db.write();
  bool ok = dismiss(tx, s.clock, access::session_of(req), req.param("id"));
  tx.commit();
  if (!ok) return http::problem(Error::not_found("Élément introuvable"), req);
  return Response::json(json{{"id", req.param("id")}, {"dismissed", true}}.dump());
}

Response api_jobs(const Services& s, Request& req) {
  const auto& session = access::session_of(req);
  std::string view = req.query.get("vue");
  if (view.empty()) view = "all";
  if (view != "all" && view != "upcoming" && view != "failed" && view != "recent") {
    return http::problem(Error::invalid("vue : choisissez all, upcoming, failed ou recent.", "vue"),
                         req);
  }
  auto tx = s.db.read();
  std::string zone = zone_of(tx, session.structure_id);
  json out = jobs_json(list(tx, view, session.structure_id, 200), zone);
  tx.commit();
  return http::items_response(out);
}

}  // namespace

void add_todo_dashboard(const Services& s, const http::Request& req, nlohmann::json& ctx) {
  if (!req.principal.has_value()) return;
  const auto& session = access::session_of(req);
  if (session.structure_id.empty() ||
      (session.role != access::Role::kCounselor && session.role != access::Role::kCoordinator)) {
    return;
  }
  auto items = fresh_items(s, session, 200);
  json first = items_json(
      std::vector<TodoItem>(items.begin(), items.begin() + std::min<std::size_t>(items.size(), 5)));
  ctx["todo"] = {{"count", items.size()},
                 {"items", first},
                 {"has_items", !items.empty()},
                 {"more", items.size() > 5}};
}

void register_routes(http::Router& router, const Services& s) {
  using enum http::Method;
  using access::kJobsManage;
  using access::kPathwayRead;
  router.add_all({
      {kGet, "/admin/taches", kJobsManage, http::on(s, admin_jobs)},
      {kPost, "/admin/taches/{id}/relancer", kJobsManage, http::on(s, retry_job)},
      {kGet, "/a-faire", kPathwayRead, http::on(s, todo_page)},
      {kPost, "/a-faire/{id}/ecarter", kPathwayRead, http::on(s, dismiss_item)},
      {kGet, "/compte/notifications", kPathwayRead, http::on(s, notifications_page)},
      {kPost, "/compte/notifications", kPathwayRead, http::on(s, save_notifications)},
      {kGet, "/api/v1/todo", kPathwayRead, http::on(s, api_todo)},
      {kPost, "/api/v1/todo/{id}/dismiss", kPathwayRead, http::on(s, api_dismiss)},
      {kGet, "/api/v1/jobs", kJobsManage, http::on(s, api_jobs)},
  });
}

namespace {

Response test_schedule(const Services& s, Request& req) {
  int count = std::max(1, std::atoi(req.form.get("count").c_str()));
  int attempts = std::atoi(req.form.get("max_attempts").c_str());
  auto tx = s.db.write();
  json ids = json::array();
  for (int i = 0; i < count; ++i) {
    ids.push_back(schedule(tx, s.rng, s.clock,
                           {.kind = req.form.get("kind"),
                            .payload = req.form.get("payload"),
                            .key = req.form.get("key"),
                            .structure_id = req.form.get("structure_id"),
                            .max_attempts = attempts > 0 ? attempts : 5}));
  }
  tx.commit();
  return Response::json(json{{"ids", ids}}.dump());
}

Response test_mail(const Services& s, Request& req) {
  int count = std::max(1, std::atoi(req.form.get("count").c_str()));
  auto tx = s.db.write();
  for (int i = 0; i < count; ++i) {
    std::string n = count > 1 ? " #" + std::to_string(i + 1) : "";
    outbox::enqueue(tx, s.rng, s.clock,
                    {req.form.get("structure_id"), req.form.get("to"), req.form.get("subject") + n,
                     req.form.get("body")});
  }
  tx.commit();
  return Response::json("{}");
}

Response test_jobs(const Services& s, Request& req) {
  auto tx = s.db.read();
  json out = json::array();
  for (const auto& j : list(tx, "all", "", 5000)) {
    json o = job_json(j, "UTC");
    o["lease_owner"] = j.lease_owner;
    o["payload"] = j.payload;
    if (!req.query.get("kind").empty() && j.kind != req.query.get("kind")) continue;
    out.push_back(o);
  }
  tx.commit();
  return Response::json(out.dump());
}

}  // namespace

void register_test_routes(http::Router& router, const Services& s) {
  using enum http::Method;
  const auto hook = http::Permission::public_access("test hook");
  router.add_all({
      {kPost, "/__test/jobs", hook, http::on(s, test_schedule)},
      {kGet, "/__test/jobs", hook, http::on(s, test_jobs)},
      {kPost, "/__test/mail", hook, http::on(s, test_mail)},
  });
}

}  // namespace jalon::jobs
