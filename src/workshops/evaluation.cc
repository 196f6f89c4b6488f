// Evaluation of a session (W6, W7, W9): answers typed in from paper, what each participation
// answered, the session's results (satisfaction per objective, skill deltas, response rates)
// and the template's "à retravailler" review. Answers through a link: links.cc.
#include <algorithm>

#include "access/policy.h"
#include "core/text.h"
#include "core/validation.h"
#include "store/row_reader.h"
#include "workshops/referentials.h"
#include "workshops/service.h"

namespace jalon::workshops {
namespace {

std::string field_of(std::string_view phase, int item) {
  std::string p = phase == kSatisfaction ? "sat" : std::string(phase);
  return p + "_" + std::to_string(item);
}

void check_phase(const Template& t, const Questionnaire& q, std::vector<Error>& out) {
  bool sat = q.phase == kSatisfaction;
  int max = sat ? kLikertMax : kSelfMax;
  std::vector<int> items;
  for (std::size_t i = 0; i < t.objectives.size(); ++i) items.push_back(static_cast<int>(i));
  if (sat) items.push_back(kOverallItem);
  for (int item : items) {
    auto it = q.scores.find(item);
    std::string what = item == kOverallItem ? "la satisfaction d'ensemble"
                       : sat                ? "l'objectif « " + t.objectives[item].label + " »"
                             : "la compétence « " + t.objectives[item].skill + " »";
    if (it == q.scores.end() || it->second < 1 || it->second > max) {
      std::string when = q.phase == kPre ? " (avant)" : q.phase == kPost ? " (après)" : "";
      out.push_back(Error::invalid(
          "Indiquez une note de 1 à " + std::to_string(max) + " pour " + what + when + ".",
          field_of(q.phase, item)));
    }
  }
  if (auto st = validation::text(q.comment, "comment", "le commentaire", 2000); !st.ok()) {
    out.push_back(st.error());
  }
}

}  // namespace

void write_answers(store::Tx& tx, const std::string& participation_id,
                   const std::string& session_id, const Questionnaire& q, std::string_view source,
                   Millis now, const std::string& by) {
  tx.exec("DELETE FROM workshop_scores WHERE participation_id = ? AND phase = ?",
          {participation_id, q.phase});
  tx.exec("DELETE FROM workshop_evaluations WHERE participation_id = ? AND phase = ?",
          {participation_id, q.phase});
  tx.exec(
      "INSERT INTO workshop_evaluations (participation_id, phase, session_id, source, comment, "
      "answered_at, answered_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {participation_id, q.phase, session_id, std::string(source), text::trim(q.comment), now,
       by.empty() ? store::Value(nullptr) : store::Value(by)});
  for (const auto& [item, score] : q.scores) {
    tx.exec(
        "INSERT INTO workshop_scores (participation_id, phase, item, score) VALUES (?, ?, ?, ?)",
        {participation_id, q.phase, item, score});
  }
}

namespace {

// Every score of the session: participation -> phase -> item -> score.
using Scores = std::map<std::string, std::map<std::string, std::map<int, int>>>;
Scores scores_of(store::Tx& tx, const std::string& session_id) {
  Scores out;
  for (const auto& r :
       tx.query("SELECT c.participation_id, c.phase, c.item, c.score FROM workshop_scores c JOIN "
                "workshop_participations p ON p.id = c.participation_id WHERE p.session_id = ?",
                {session_id})) {
    out[r.text(0)][r.text(1)][static_cast<int>(r.i64(2))] = static_cast<int>(r.i64(3));
  }
  return out;
}

// Per objective: the satisfaction scores and the self-assessment pairs.
std::vector<ObjectiveResult> results_of(const Scores& sc, const std::vector<Objective>& objs) {
  std::vector<ObjectiveResult> out;
  for (std::size_t i = 0; i < objs.size(); ++i) {
    int item = static_cast<int>(i);
    std::vector<int> sat, posts;
    std::vector<SelfScores> self;
    for (const auto& [pid, phases] : sc) {
      auto get = [&](std::string_view phase) -> std::optional<int> {
        auto p = phases.find(std::string(phase));
        if (p == phases.end()) return std::nullopt;
        auto v = p->second.find(item);
        return v == p->second.end() ? std::nullopt : std::optional<int>(v->second);
      };
      if (auto v = get(kSatisfaction)) sat.push_back(*v);
      auto pre = get(kPre), post = get(kPost);
      if (post) posts.push_back(*post);
      if (pre || post) self.push_back({pre, post});
    }
    ObjectiveResult r{objs[i].label,
                      objs[i].skill,
                      mean_share(sat, kLikertMax),
                      static_cast<int>(sat.size()),
                      mean_share(posts, kSelfMax),
                      skill_delta(self)};
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::vector<Error> WorkshopService::questionnaire_mistakes(const Template& t,
                                                           const std::vector<Questionnaire>& in) {
  std::vector<Error> out;
  for (const auto& q : in) check_phase(t, q, out);
  return out;
}

Result<std::vector<Error>> WorkshopService::record_answers(const access::Session& s,
                                                           const std::string& participation_id,
                                                           const std::vector<Questionnaire>& in) {
  auto session = get_session(s, session_of_participation(s, participation_id));
  if (!session) return Error::not_found();
  const auto& people = roster(s, *session).people;
  if (std::none_of(people.begin(), people.end(),
                   [&](const Participant& p) { return p.id == participation_id && !p.waiting; })) {
    return Error::not_found();
  }
  auto t = get_template(s, session->template_id);
  if (!t) return Error::not_found();
  auto mistakes = questionnaire_mistakes(*t, in);
  if (!mistakes.empty() || in.empty()) return mistakes;
  Millis now = clock_.now_ms();
  auto tx = db_.write();
  for (const auto& q : in)
    write_answers(tx, participation_id, session->id, q, "papier", now, s.user_id);
  audit_.record(tx, access::audit_entry(s, "update", "workshop_participation", participation_id,
                                        "workshop", "evaluation=papier"));
  tx.commit();
  return mistakes;
}

std::map<std::string, std::set<std::string>> WorkshopService::answered(
    const std::string& session_id) {
  std::map<std::string, std::set<std::string>> out;
  auto tx = db_.read();
  for (const auto& r :
       tx.query("SELECT participation_id, phase FROM workshop_evaluations WHERE session_id = ?",
                {session_id})) {
    out[r.text(0)].insert(r.text(1));
  }
  tx.commit();
  return out;
}

std::map<std::string, Questionnaire> WorkshopService::answers_of(
    const std::string& participation_id) {
  std::map<std::string, Questionnaire> out;
  auto tx = db_.read();
  for (const auto& r :
       tx.query("SELECT phase, comment FROM workshop_evaluations WHERE participation_id = ?",
                {participation_id})) {
    out[r.text(0)] = {r.text(0), {}, r.text(1)};
  }
  for (const auto& r :
       tx.query("SELECT phase, item, score FROM workshop_scores WHERE participation_id = ?",
                {participation_id})) {
    out[r.text(0)].phase = r.text(0);
    out[r.text(0)].scores[static_cast<int>(r.i64(1))] = static_cast<int>(r.i64(2));
  }
  tx.commit();
  return out;
}

SessionEvaluation WorkshopService::evaluation(const access::Session& s, const Session& session) {
  SessionEvaluation out;
  auto t = get_template(s, session.template_id);
  if (!t) return out;
  auto tx = db_.read();
  Scores sc = scores_of(tx, session.id);
  for (const auto& r : tx.query(
           "SELECT phase, COUNT(*) FROM workshop_evaluations WHERE session_id = ? GROUP BY phase",
           {session.id})) {
    long long n = r.i64(1);
    if (r.text(0) == kPre) out.pre_answers = n;
    if (r.text(0) == kPost) out.post_answers = n;
    if (r.text(0) == kSatisfaction) out.satisfaction_answers = n;
  }
  for (const auto& r :
       tx.query("SELECT comment FROM workshop_evaluations WHERE session_id = ? AND phase = ? AND "
                "comment <> '' ORDER BY answered_at, participation_id",
                {session.id, std::string(kSatisfaction)})) {
    out.comments.push_back(r.text(0));
  }
  tx.commit();
  out.present = session.counts.present;
  out.objectives = results_of(sc, t->objectives);
  std::vector<int> overall;
  for (const auto& [pid, phases] : sc) {
    auto p = phases.find(std::string(kSatisfaction));
    if (p == phases.end()) continue;
    if (auto v = p->second.find(kOverallItem); v != p->second.end()) overall.push_back(v->second);
  }
  out.overall = mean_share(overall, kLikertMax);
  return out;
}

TemplateReview WorkshopService::review(const access::Session& s, const Template& t) {
  TemplateReview out;
  // The sessions that have answers, latest last.
  std::vector<std::vector<ObjectiveResult>> evaluated;
  auto tx = db_.read();
  for (const auto& r : tx.query(
           "SELECT ws.id FROM workshop_sessions ws WHERE ws.template_id = ? AND ws.structure_id = "
           "? AND EXISTS (SELECT 1 FROM workshop_evaluations e WHERE e.session_id = ws.id AND "
           "e.phase IN ('satisfaction', 'post')) ORDER BY ws.starts_at, ws.id",
           {t.id, s.structure_id})) {
    evaluated.push_back(results_of(scores_of(tx, r.text(0)), t.objectives));
    out.last_session_id = r.text(0);
  }
  tx.commit();
  if (evaluated.empty()) return out;
  auto score = [](const ObjectiveResult& r) { return ObjectiveScore{r.satisfaction, r.post}; };
  for (std::size_t i = 0; i < t.objectives.size(); ++i) {
    ObjectiveReview o{t.objectives[i].label, score(evaluated.back()[i]), {}};
    if (evaluated.size() > 1) o.previous = score(evaluated[evaluated.size() - 2][i]);
    o.rework = needs_rework(o.now, o.previous, t.rework_threshold / 100.0);
    out.rework = out.rework || o.rework;
    out.objectives.push_back(std::move(o));
  }
  return out;
}

}  // namespace jalon::workshops
