// Templates and sessions of the workshops domain (enrolment and attendance: enrolment.cc).
#include "workshops/service.h"

#include <algorithm>

#include "access/policy.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"
#include "store/row_reader.h"
#include "workshops/referentials.h"

namespace jalon::workshops {
namespace {

using access::audit_entry;
constexpr Millis kDay = 86'400'000;

// Collects mistakes, one per field (the first found for a field is kept).
struct Mistakes {
  std::vector<Error>& out;
  void add(const Status& st) {
    if (st.ok()) return;
    for (const auto& e : out) {
      if (e.field == st.error().field) return;
    }
    out.push_back(st.error());
  }
};

std::string join_themes(const std::vector<std::string>& themes) {
  std::string out;
  for (const auto& t : themes) out += (out.empty() ? "" : " ") + t;
  return out;
}

std::vector<std::string> split_themes(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < s.size()) {
    auto sp = s.find(' ', at);
    if (sp == std::string::npos) sp = s.size();
    if (sp > at) out.push_back(s.substr(at, sp - at));
    at = sp + 1;
  }
  return out;
}

void check_objectives(const TemplateInput& in, Mistakes& m) {
  if (in.objectives.empty() || in.objectives.size() > 5) {
    m.add(Error::invalid("Indiquez de 1 à 5 objectifs opérationnels, chacun avec sa compétence.",
                         "objective_0"));
  }
  for (std::size_t i = 0; i < in.objectives.size(); ++i) {
    const auto& o = in.objectives[i];
    std::string n = std::to_string(i + 1), f = "objective_" + std::to_string(i);
    m.add(validation::text(o.label, f, "l'objectif " + n, 300, true));
    m.add(validation::text(o.skill, "skill_" + std::to_string(i),
                           "la compétence évaluée par l'objectif " + n, 200, true));
  }
}

void check_steps(const TemplateInput& in, Mistakes& m) {
  for (std::size_t i = 0; i < in.steps.size(); ++i) {
    const auto& st = in.steps[i];
    std::string f = "step_" + std::to_string(i);
    m.add(validation::text(st.label, f, "l'étape " + std::to_string(i + 1), 200, true));
    if (st.duration_min < 1 || st.duration_min > 480) {
      m.add(
          Error::invalid("Étape " + std::to_string(i + 1) + " : une durée entre 1 et 480 minutes.",
                         "step_duration_" + std::to_string(i)));
    }
  }
  if (in.duration_min > 0) m.add(check_running_order(in.steps, in.duration_min));
}

}  // namespace

WorkshopService::WorkshopService(store::Database& db, const Clock& clock, Random& rng,
                                 access::AuditLog& audit, std::string base_url)
    : db_(db), clock_(clock), rng_(rng), audit_(audit), base_url_(std::move(base_url)) {}

std::string WorkshopService::zone(store::Tx& tx, const std::string& structure_id) {
  auto r = tx.query_one("SELECT time_zone FROM structures WHERE id = ?", {structure_id});
  return r && dates::valid_zone(r->text(0)) ? r->text(0) : std::string(dates::kDefaultZone);
}

std::string WorkshopService::zone(const access::Session& s) {
  auto tx = db_.read();
  std::string z = zone(tx, s.structure_id);
  tx.commit();
  return z;
}

// ---- templates -------------------------------------------------------------------------------

std::vector<Error> WorkshopService::template_mistakes(const TemplateInput& in) {
  std::vector<Error> out;
  Mistakes m{out};
  m.add(validation::text(in.title, "title", "le titre de l'atelier", 150, true));
  if (in.themes.empty()) {
    m.add(Error::invalid("Choisissez au moins une thématique.", "themes"));
  }
  for (const auto& t : in.themes) {
    m.add(validation::one_of(t, themes(), "themes", "la thématique"));
  }
  m.add(validation::text(in.audience, "audience", "le public visé", 300));
  m.add(validation::text(in.prerequisites, "prerequisites", "les prérequis", 500));
  m.add(validation::text(in.materials, "materials", "le matériel", 1000));
  m.add(validation::text(in.room_setup, "room_setup", "la disposition de la salle", 500));
  if (in.duration_min < 15 || in.duration_min > 480) {
    m.add(Error::invalid("Indiquez une durée totale entre 15 et 480 minutes.", "duration_min"));
  }
  if (in.capacity_min < 0 || in.capacity_min > 200) {
    m.add(Error::invalid("Capacité minimale : un nombre entier de 0 à 200.", "capacity_min"));
  }
  if (in.capacity_max < 0 || in.capacity_max > 200) {
    m.add(Error::invalid("Capacité maximale : un nombre entier de 1 à 200, ou vide (illimitée).",
                         "capacity_max"));
  } else if (in.capacity_max > 0 && in.capacity_min > in.capacity_max) {
    m.add(Error::invalid("La capacité minimale dépasse la capacité maximale.", "capacity_min"));
  }
  if (in.facilitators < 1 || in.facilitators > 10) {
    m.add(Error::invalid("Nombre d'animateur·ices : de 1 à 10.", "facilitators"));
  }
  if (in.rework_threshold < 1 || in.rework_threshold > 100) {
    m.add(Error::invalid("Seuil « à retravailler » : un pourcentage entier de 1 à 100.",
                         "rework_threshold"));
  }
  check_objectives(in, m);
  check_steps(in, m);
  return out;
}

Result<std::string> WorkshopService::create_template(const access::Session& s,
                                                     const TemplateInput& raw) {
  TemplateInput in = raw;
  in.title = text::trim(in.title);
  auto mistakes = template_mistakes(in);
  if (!mistakes.empty()) return mistakes.front();
  Millis now = clock_.now_ms();
  std::string id = new_id(rng_);
  auto tx = db_.write();
  tx.exec(
      "INSERT INTO workshop_templates (id, structure_id, title, themes, audience, prerequisites, "
      "duration_min, capacity_min, capacity_max, facilitators, materials, room_setup, "
      "created_at, created_by, updated_at, rework_threshold) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, in.title, join_themes(in.themes), in.audience, in.prerequisites,
       in.duration_min, in.capacity_min > 0 ? store::Value(in.capacity_min) : store::Value(nullptr),
       in.capacity_max > 0 ? store::Value(in.capacity_max) : store::Value(nullptr), in.facilitators,
       in.materials, in.room_setup, now, s.user_id, now, in.rework_threshold});
  for (std::size_t i = 0; i < in.objectives.size(); ++i) {
    tx.exec(
        "INSERT INTO workshop_objectives (template_id, position, label, skill) VALUES (?, ?, "
        "?, ?)",
        {id, static_cast<long long>(i), in.objectives[i].label, in.objectives[i].skill});
  }
  for (std::size_t i = 0; i < in.steps.size(); ++i) {
    tx.exec(
        "INSERT INTO workshop_steps (template_id, position, label, duration_min) VALUES (?, "
        "?, ?, ?)",
        {id, static_cast<long long>(i), in.steps[i].label, in.steps[i].duration_min});
  }
  audit_.record(tx, audit_entry(s, "create", "workshop_template", id, "workshop"));
  tx.commit();
  return id;
}

namespace {

constexpr const char* kTemplateColumns =
    "SELECT id, structure_id, title, themes, audience, prerequisites, materials, room_setup, "
    "duration_min, COALESCE(capacity_min, 0), COALESCE(capacity_max, 0), facilitators, "
    "created_at, rework_threshold FROM workshop_templates ";

Template template_of(const store::Row& row) {
  store::RowReader r(row);
  Template t;
  t.id = r.text();
  t.structure_id = r.text();
  t.title = r.text();
  t.themes = split_themes(r.text());
  t.audience = r.text();
  t.prerequisites = r.text();
  t.materials = r.text();
  t.room_setup = r.text();
  t.duration_min = r.i32();
  t.capacity_min = r.i32();
  t.capacity_max = r.i32();
  t.facilitators = r.i32();
  t.created_at = r.i64();
  t.rework_threshold = r.i32();
  return t;
}

}  // namespace

std::vector<Template> WorkshopService::templates(const access::Session& s) {
  auto tx = db_.read();
  std::vector<Template> out;
  for (const auto& r :
       tx.query(std::string(kTemplateColumns) + "WHERE structure_id = ? ORDER BY title, id",
                {s.structure_id})) {
    out.push_back(template_of(r));
  }
  tx.commit();
  return out;
}

std::optional<Template> WorkshopService::get_template(const access::Session& s,
                                                      const std::string& id) {
  if (!looks_like_id(id)) return std::nullopt;
  auto tx = db_.read();
  auto row = tx.query_one(std::string(kTemplateColumns) + "WHERE id = ? AND structure_id = ?",
                          {id, s.structure_id});
  if (!row) return std::nullopt;
  Template t = template_of(*row);
  for (const auto& r : tx.query("SELECT label, skill FROM workshop_objectives WHERE template_id "
                                "= ? ORDER BY position",
                                {id})) {
    t.objectives.push_back({r.text(0), r.text(1)});
  }
  for (const auto& r : tx.query("SELECT label, duration_min FROM workshop_steps WHERE "
                                "template_id = ? ORDER BY position",
                                {id})) {
    t.steps.push_back({r.text(0), static_cast<int>(r.i64(1))});
  }
  tx.commit();
  return t;
}

// ---- sessions --------------------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> WorkshopService::facilitators(
    const access::Session& s) {
  auto tx = db_.read();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : tx.query("SELECT id, display_name FROM users WHERE structure_id = ? AND "
                                "role IN ('counselor', 'coordinator') AND disabled_at IS NULL "
                                "ORDER BY display_name, id",
                                {s.structure_id})) {
    out.emplace_back(r.text(0), r.text(1));
  }
  tx.commit();
  return out;
}

std::vector<Error> WorkshopService::session_mistakes(const access::Session& s,
                                                     const SessionInput& in) {
  std::vector<Error> out;
  Mistakes m{out};
  Millis now = clock_.now_ms();
  if (in.date.empty()) {
    m.add(Error::invalid("Indiquez la date de la séance.", "date"));
  } else if (auto d = dates::parse_iso_date(in.date, "date"); !d.ok()) {
    m.add(d.error());
  } else if (in.time.empty()) {
    m.add(Error::invalid("Indiquez l'heure de la séance.", "time"));
  } else if (auto t = dates::from_local(*d, in.time, zone(s), "time"); !t.ok()) {
    m.add(t.error());
  } else if (*t < now - 366 * kDay || *t > now + 2 * 366 * kDay) {
    m.add(
        Error::invalid("Une séance se saisit au plus un an après et deux ans à l'avance.", "date"));
  }
  if (in.duration_min < 15 || in.duration_min > 480) {
    m.add(Error::invalid("Indiquez une durée entre 15 et 480 minutes.", "duration_min"));
  }
  m.add(validation::one_of(in.mode, session_modes(), "mode", "le mode de la séance"));
  m.add(validation::text(in.place, "place", "le lieu", 300));
  if (in.mode == "sur_place" && text::trim(in.place).empty()) {
    m.add(Error::invalid("Indiquez le lieu de la séance (adresse ou salle).", "place"));
  }
  if (in.mode == "visio" && text::trim(in.place).rfind("https://", 0) != 0) {
    m.add(
        Error::invalid("Indiquez le lien de visioconférence, qui commence par https://.", "place"));
  }
  if (in.capacity < 0 || in.capacity > 200) {
    m.add(
        Error::invalid("Capacité : un nombre entier de 1 à 200, ou vide (illimitée).", "capacity"));
  }
  bool known = false;
  std::string who = in.facilitator_id.empty() ? s.user_id : in.facilitator_id;
  for (const auto& [id, name] : facilitators(s)) known = known || id == who;
  if (!known) {
    m.add(Error::invalid("Choisissez l'animateur·ice parmi les conseiller·ères de la structure.",
                         "facilitator_id"));
  }
  return out;
}

Result<std::string> WorkshopService::create_session(const access::Session& s,
                                                    const std::string& template_id,
                                                    const SessionInput& in) {
  if (!get_template(s, template_id)) return Error::not_found();
  auto mistakes = session_mistakes(s, in);
  if (!mistakes.empty()) return mistakes.front();
  auto tx = db_.write();
  auto d = dates::parse_iso_date(in.date);
  auto starts = dates::from_local(*d, in.time, zone(tx, s.structure_id));
  Millis now = clock_.now_ms();
  std::string id = new_id(rng_);
  tx.exec(
      "INSERT INTO workshop_sessions (id, structure_id, template_id, starts_at, duration_min, "
      "mode, place, capacity, facilitator_id, created_at, created_by, updated_at) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, template_id, *starts, in.duration_min, in.mode, text::trim(in.place),
       in.capacity > 0 ? store::Value(in.capacity) : store::Value(nullptr),
       in.facilitator_id.empty() ? s.user_id : in.facilitator_id, now, s.user_id, now});
  audit_.record(
      tx, audit_entry(s, "create", "workshop_session", id, "workshop", "template=" + template_id));
  tx.commit();
  return id;
}

namespace {

// Participation counts per session, the waiting list apart.
#define STATUS_COUNT(code)                                                                       \
  "(SELECT COUNT(*) FROM workshop_participations p WHERE p.session_id = ws.id AND p.waiting = 0" \
  " AND p.status = '" code "')"
constexpr const char* kSessionColumns =
    "SELECT ws.id, ws.template_id, t.title, ws.starts_at, ws.duration_min, ws.mode, ws.place, "
    "ws.capacity, ws.facilitator_id, COALESCE(u.display_name, ''), "
    "(SELECT COUNT(*) FROM workshop_participations p WHERE p.session_id = ws.id AND p.waiting "
    "= 0), " STATUS_COUNT("present") ", " STATUS_COUNT("excuse") ", " STATUS_COUNT(
        "annule_structure") ", " STATUS_COUNT("absent") ", "
                            "(SELECT COUNT(*) FROM workshop_participations p WHERE p.session_id "
                            "= ws.id AND p.waiting = 1), COALESCE(ws.cancelled_at, 0), ws.notes, "
                            "ws.updated_at "
                            "FROM workshop_sessions ws JOIN workshop_templates t ON t.id = "
                            "ws.template_id LEFT JOIN users u ON u.id = ws.facilitator_id ";
#undef STATUS_COUNT
static_assert(kPresent == "present" && kExcused == "excuse" && kCancelled == "annule_structure" &&
              kAbsent == "absent");

Session session_of(const store::Row& row) {
  store::RowReader r(row);
  Session s;
  s.id = r.text();
  s.template_id = r.text();
  s.title = r.text();
  s.starts_at = r.i64();
  s.duration_min = r.i32();
  s.mode = r.text();
  s.place = r.text();
  auto cap = r.i64_or(0);
  if (cap > 0) s.capacity = static_cast<int>(cap);
  s.facilitator_id = r.text();
  s.facilitator_name = r.text();
  s.counts.capacity = cap;
  s.counts.enrolled = r.i64();
  s.counts.present = r.i64();
  s.counts.excused = r.i64();
  s.counts.cancelled = r.i64();
  s.counts.absent = r.i64();
  s.waiting = r.i64();
  s.cancelled_at = r.i64();
  s.notes = r.text();
  s.updated_at = r.i64();
  return s;
}

}  // namespace

std::vector<Session> WorkshopService::select_sessions(store::Tx& tx, const access::Session& s,
                                                      const std::string& where,
                                                      store::Params params) {
  params.push_back(s.structure_id);
  std::vector<Session> out;
  for (const auto& r : tx.query(std::string(kSessionColumns) + "WHERE " + where +
                                    " AND ws.structure_id = ? ORDER BY ws.starts_at, ws.id",
                                params)) {
    out.push_back(session_of(r));
  }
  return out;
}

std::optional<Session> WorkshopService::get_session(const access::Session& s,
                                                    const std::string& id) {
  if (!looks_like_id(id)) return std::nullopt;
  auto tx = db_.read();
  auto found = select_sessions(tx, s, "ws.id = ?", {id});
  tx.commit();
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Session> WorkshopService::sessions_of_template(const access::Session& s,
                                                           const std::string& id) {
  auto tx = db_.read();
  auto out = select_sessions(tx, s, "ws.template_id = ?", {id});
  tx.commit();
  return out;
}

std::vector<Session> WorkshopService::sessions_between(const access::Session& s, Millis from,
                                                       Millis to,
                                                       const std::string& facilitator_id) {
  auto tx = db_.read();
  auto out = facilitator_id.empty()
                 ? select_sessions(tx, s, "ws.starts_at >= ? AND ws.starts_at < ?", {from, to})
                 : select_sessions(
                       tx, s, "ws.starts_at >= ? AND ws.starts_at < ? AND ws.facilitator_id = ?",
                       {from, to, facilitator_id});
  tx.commit();
  return out;
}

Counts WorkshopService::template_counts(const access::Session& s, const std::string& id) {
  Counts total;
  Millis now = clock_.now_ms();
  for (const auto& ses : sessions_of_template(s, id)) {
    if (ses.starts_at <= now) total += ses.counts;
  }
  return total;
}

}  // namespace jalon::workshops
