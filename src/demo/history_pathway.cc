// HistoryWriter: the objectives and actions answering the diagnosis, the referrals to partners
// and the documents of the record.
#include <algorithm>
#include <memory>

#include "core/dates.h"
#include "demo/catalogue.h"
#include "demo/documents.h"
#include "demo/history.h"
#include "demo/history_plan.h"

namespace jalon::demo {

using detail::iso;
using detail::must;
using pathways::ItemKind;

namespace {

struct Answer {
  const char* status;
  const char* text;
};
constexpr Answer kAnswers[] = {
    {"validee", "Rendez-vous fixé ; la personne a été reçue et l'accompagnement a commencé."},
    {"validee", "Dossier accepté en commission ; entrée prévue le mois prochain."},
    {"refusee", "Pas de place avant plusieurs mois ; la personne est inscrite en liste d'attente."},
    {"refusee", "La personne ne relève pas de ce dispositif : orientation vers un autre service."},
};

}  // namespace

// One of the person's objectives: its wording and actions, the barrier it answers (empty for
// the professional one), the partner, and the days between its actions' due dates.
struct HistoryWriter::Goal {
  const char* objective;
  const std::vector<const char*>* actions;
  std::string barrier, partner;
  int spacing;
};

// The objective as entered (under the CDDI in progress then) and its id, once written.
struct HistoryWriter::MadeObjective {
  std::string id;
  pathways::ItemInput in;
};

// One objective per need (and the professional one), under the CDDI, with its actions; each
// action is done, dropped or still open when its due date comes, and an objective whose actions
// are all done is reached. Each need may also be referred to its partner.
void HistoryWriter::plan_pathway(Plan& p) {
  if (!p.diag_day) return;
  std::vector<Goal> goals;
  for (const Need* n : p.needs)
    goals.push_back({n->objective, &n->actions, n->situation, n->partner, 35});
  goals.push_back({p.pro->objective, &p.pro->actions, "", p.family->employer, 45});
  for (const auto& g : goals) plan_goal(p, g);
  plan_referrals(p);
}

void HistoryWriter::plan_goal(Plan& p, const Goal& g) {
  int d0 = p.diag_day;
  int stop = std::min(p.end, today_);
  auto objective = std::make_shared<MadeObjective>();
  pathways::ItemInput o{
      g.objective, "",        "", "en_cours", iso(d0 + 120 + static_cast<int>(gen_() % 90)),
      g.barrier,   g.partner, ""};
  p.add(at(d0, "17:50"), [this, &p, o, objective] {
    objective->in = o;
    objective->in.parent_id = p.cddi;
    objective->id =
        must(svc_.pathways.add_item(p.s, ItemKind::kObjective, p.id, objective->in), "objectif");
  });
  bool all_done = true;
  int last_done = d0;
  for (size_t k = 0; k < g.actions->size(); ++k) {
    if (!plan_action(p, g, k, objective, last_done)) all_done = false;
  }
  // The objective is reached once its actions are; at exit, the others are dropped.
  std::string final_status = all_done ? "realise" : p.spec.status == "sorti" ? "abandonne" : "";
  if (final_status.empty()) return;
  int on = all_done ? std::min(last_done + 1, stop) : p.end;
  if (on > stop) return;
  p.add(at(on, "16:45"), [this, &p, objective, final_status] {
    pathways::ItemInput in = objective->in;
    in.status = final_status;
    must(svc_.pathways.update_item(p.s, ItemKind::kObjective, objective->id, in),
         "objectif atteint");
    if (final_status == "realise" && !in.barrier.empty()) p.done.insert(in.barrier);
  });
}

// The k-th action of a goal and what became of it; true when it was done (then `last_done` is
// at least the day it was).
bool HistoryWriter::plan_action(Plan& p, const Goal& g, size_t k,
                                const std::shared_ptr<MadeObjective>& objective, int& last_done) {
  std::uniform_real_distribution<double> u(0, 1);
  int d0 = p.diag_day;
  int stop = std::min(p.end, today_);
  bool professional = g.barrier.empty();
  int due = d0 + 25 + static_cast<int>(k) * g.spacing + static_cast<int>(gen_() % 15);
  bool late = p.spec.showcase && professional && k == 0;  // left open past its due date
  if (late) due = today_ - 10;
  pathways::ItemInput a{(*g.actions)[k], "",        "",        k == 0 ? "en_cours" : "prevu",
                        iso(due),        g.barrier, g.partner, ""};
  auto action = std::make_shared<std::string>();
  p.add(at(d0, "17:55"), [this, &p, a, action, objective] {
    pathways::ItemInput in = a;
    in.parent_id = objective->id;
    *action = must(svc_.pathways.add_item(p.s, ItemKind::kAction, p.id, in), "action");
  });
  // What became of it, and when.
  double r = u(gen_);
  std::string to;
  int on = std::clamp(due - static_cast<int>(gen_() % 10), d0 + 1, stop);
  if (due < today_ - 45 || (p.spec.status == "sorti" && due <= p.end)) {
    to = r < 0.85 ? "realise" : r < 0.95 ? "abandonne" : "annule";
  } else if (due < today_) {
    to = r < 0.6 ? "realise" : r < 0.75 ? "en_attente" : "";  // the rest is overdue
  } else if (p.spec.status == "sorti") {
    to = "abandonne";
    on = p.end;
  } else if (k > 0 && r < 0.3) {
    to = "en_cours";
    on = std::max(d0 + 1, today_ - static_cast<int>(gen_() % 10));
  }
  if (late) to.clear();
  bool done = to == "realise";
  if (to.empty() || on > stop) return done;
  if (done) last_done = std::max(last_done, on);
  pathways::ItemInput changed = a;
  changed.status = to;
  p.add(at(on, "16:30"), [this, &p, changed, action] {
    must(svc_.pathways.update_item(p.s, ItemKind::kAction, *action, changed), "suivi d'action");
  });
  return done;
}

// Referrals: most needs go to their partner a few days after the diagnosis.
void HistoryWriter::plan_referrals(Plan& p) {
  std::uniform_real_distribution<double> u(0, 1);
  int d0 = p.diag_day;
  int stop = std::min(p.end, today_);
  for (const Need* n : p.needs) {
    bool waiting = p.spec.showcase && n == p.needs.front();  // its follow-up date has come
    if (u(gen_) > 0.7 && !waiting) continue;
    int sent = waiting ? today_ - 20 : d0 + 3 + static_cast<int>(gen_() % 20);
    if (sent > stop) continue;
    int follow_up = waiting ? today_ - 5 : sent + 10 + static_cast<int>(gen_() % 10);
    pathways::ReferralInput in{n->partner, n->service, "en_cours",    n->reason,
                               "",         iso(sent),  iso(follow_up)};
    auto id = std::make_shared<std::string>();
    p.add(at(sent, "14:30"), [this, &p, in, id] {
      *id = must(svc_.pathways.add_referral(p.s, p.id, in), "orientation");
    });
    if (sent > today_ - 30 || waiting) continue;  // to follow up once its date comes
    const Answer& a = kAnswers[gen_() % std::size(kAnswers)];
    bool expired = u(gen_) < 0.2;
    pathways::ReferralInput answered = in;
    answered.status = expired ? "expiree" : a.status;
    answered.answer = expired ? "" : a.text;
    int on = sent + (expired ? 60 : 7 + static_cast<int>(gen_() % 14));
    if (on > stop) continue;
    p.add(at(on, "11:30"), [this, &p, answered, id] {
      must(svc_.pathways.update_referral(p.s, *id, answered), "réponse à l'orientation");
    });
  }
}

// The CV and an identity document on entry (some of them expiring soon), the signed CDDI, and
// for some an attestation whose validity ends this month.
void HistoryWriter::plan_documents(Plan& p) {
  std::uniform_real_distribution<double> u(0, 1);
  int e = p.spec.entry;
  auto upload = [&](Millis when, pathways::DocumentInput in, bool signed_contract) {
    p.add(when, [this, &p, in, signed_contract] {
      pathways::DocumentInput d = in;
      if (signed_contract) d.contract_id = p.cddi;
      d.data = demo_pdf(d.label);
      must(svc_.documents.upload(p.s, p.id, d), "document " + d.label);
    });
  };
  upload(at(e, "08:50"), {"contrat_signe", "CDDI signé", "cddi-signe.pdf", "", "", ""}, true);
  upload(at(e, "17:40"), {"cv", "CV", "cv.pdf", "", "", ""}, false);
  // Only the people still accompanied have proofs worth renewing.
  double r = p.spec.showcase ? 0 : p.spec.status == "en_cours" ? u(gen_) : 1;
  int expires = r < 0.1    ? today_ + 3 + static_cast<int>(gen_() % 25)  // expiring soon
                : r < 0.13 ? today_ - 1 - static_cast<int>(gen_() % 20)  // expired
                           : e + 365 * (3 + static_cast<int>(gen_() % 7));
  bool foreign = u(gen_) < 0.15;
  upload(at(e, "17:42"),
         {"piece_identite", foreign ? "Titre de séjour" : "Carte nationale d'identité",
          "piece-identite.pdf", "", iso(expires), ""},
         false);
  if (p.spec.status == "en_cours" && u(gen_) < 0.1) {
    int on = std::max(e, today_ - 60);
    upload(at(on, "10:15"),
           {"attestation", "Attestation de droits CAF", "attestation-caf.pdf", "",
            iso(today_ + 1 + static_cast<int>(gen_() % 28)), ""},
           false);
  }
}

}  // namespace jalon::demo
