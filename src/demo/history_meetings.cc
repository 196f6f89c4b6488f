// HistoryWriter: the appointments of a person and their interview reports.
#include <memory>

#include "core/dates.h"
#include "demo/catalogue.h"
#include "demo/history.h"
#include "demo/history_plan.h"
#include "meetings/referentials.h"

namespace jalon::demo {

using detail::iso;
using detail::must;

namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kDay = 86'400'000;
constexpr const char* kPlace = "ACI Les Jardins du Voironnais, bureau d'accompagnement (fictif)";

}  // namespace

// Welcome and diagnostic interviews, then a follow-up every month or so (a bilan every six
// months, sometimes a meeting with an employer), the exit bilan, and the next appointment.
void HistoryWriter::plan_appointments(Plan& p) {
  std::uniform_real_distribution<double> u(0, 1);
  plan_appointment(p, p.spec.entry, "accueil", false);
  if (!p.diag_day) {
    if (p.spec.status == "en_cours") {
      int d = p.spec.entry + 7;
      plan_appointment(p, std::max(d, today_ + 1), "diagnostic", true);
    }
    return;
  }
  plan_appointment(p, p.diag_day, "diagnostic", false);
  int next_bilan = p.spec.entry + 180;
  int d = p.diag_day + 28 + static_cast<int>(gen_() % 14);
  int last = p.spec.status == "sorti" ? p.end - 10 : today_ - (p.spec.showcase ? 15 : 1);
  while (d <= last) {
    const char* kind = "suivi";
    if (d >= next_bilan) {
      kind = "bilan";
      next_bilan += 180;
    } else if (u(gen_) < 0.1) {
      kind = "tripartite";
    }
    plan_appointment(p, d, kind, false);
    d += 28 + static_cast<int>(gen_() % 21);
  }
  if (p.spec.showcase) {
    plan_appointment(p, today_ - 8, "suivi", false, Outcome::kMissing);
    plan_appointment(p, today_ - 3, "suivi", false, Outcome::kDraftReport);
  }
  if (p.spec.status == "sorti") {
    plan_appointment(p, p.end, "bilan", false);
  } else if (p.spec.status == "en_cours" && !p.spec.nothing_planned) {
    // This week and next: today for some, then the next two weeks' working days.
    int day = p.spec.appointment_today ? today_ : today_ + 1 + static_cast<int>(gen_() % 12);
    plan_appointment(p, day, d - 30 >= next_bilan - 180 && u(gen_) < 0.2 ? "bilan" : "suivi", true);
  }
}

// The appointment's input: its length, mode and place follow from its kind.
meetings::AppointmentInput HistoryWriter::appointment_input(const Plan& p, int day,
                                                            const char* hour,
                                                            const std::string& k) {
  std::uniform_real_distribution<double> u(0, 1);
  meetings::AppointmentInput in;
  in.date = iso(day);
  in.time = hour;
  in.duration_min = k == "accueil" || k == "diagnostic" || k == "bilan" ? 60 : 45;
  in.kind = k;
  double m = u(gen_);
  in.mode = k == "tripartite" || m < 0.85 ? "sur_place" : m < 0.95 ? "telephone" : "visio";
  if (in.mode == "sur_place") in.place = kPlace;
  if (in.mode == "visio") in.place = "https://visio.demo-voiron.jalon.test/entretien";
  if (k == "tripartite") {
    in.partner_kind = "employeur";
    in.partner_name = p.family->employer;
  }
  return in;
}

void HistoryWriter::plan_appointment(Plan& p, int wanted, const char* kind, bool future,
                                     Outcome outcome) {
  std::uniform_real_distribution<double> u(0, 1);
  auto [day, hour] = slot(p.s.user_id, wanted, future || wanted >= today_ ? 1 : -1);
  if (day < p.spec.entry) std::tie(day, hour) = slot(p.s.user_id, p.spec.entry, 1);
  std::string k = kind;
  meetings::AppointmentInput in = appointment_input(p, day, hour, k);
  in.confirm_overlap = true;  // the history is entered as it happened, overlaps included
  Millis start = at(day, hour);
  Millis end = start + in.duration_min * kMinute;
  Millis created = at(p.spec.entry, "08:30");
  Millis booked = std::max(created + kMinute, start - (7 + static_cast<int>(gen_() % 14)) * kDay);
  auto id = std::make_shared<std::string>();
  p.add(booked, [this, &p, in, id] {
    *id = must(svc_.meetings.schedule(p.s, p.id, in), "rendez-vous " + in.kind);
  });
  if (end > now_) {
    if (p.next_appointment.empty() || in.date < p.next_appointment) p.next_appointment = in.date;
    return;
  }
  // Its outcome: older ones are all recorded; in the last two weeks some still wait for it.
  bool recent = today_ - day <= 14;
  bool essential = k == "accueil" || k == "diagnostic";
  double r = u(gen_);
  std::string status = "honore";
  if (!essential) {
    if (recent) {
      status = r < 0.7    ? "honore"
               : r < 0.85 ? ""
               : r < 0.95 ? "absence_non_excusee"
                          : "annule_personne";
    } else {
      status = r < 0.85   ? "honore"
               : r < 0.92 ? "absence_non_excusee"
               : r < 0.97 ? "annule_personne"
                          : "annule_service";
    }
  }
  if (outcome == Outcome::kMissing) status.clear();
  if (outcome == Outcome::kDraftReport) status = "honore";
  if (status.empty()) return;  // outcome still to record
  p.add(end + (5 + static_cast<int>(gen_() % 40)) * kMinute, [this, &p, id, status] {
    must(svc_.meetings.set_participation(p.s, *id, status), "présence");
  });
  if (status != "honore") return;
  // The report: final, or in the last two weeks sometimes a draft or not started yet.
  double q = u(gen_);
  if (recent && q < 0.1 && outcome == Outcome::kDrawn) return;
  bool finalise = (!recent || q > 0.45 || essential) && outcome != Outcome::kDraftReport;
  Millis written = end + (50 + static_cast<int>(gen_() % 600)) * kMinute;
  plan_report(p, id, k, written, finalise);
}

// The report's sections, from the kind of appointment and the person's record.
std::vector<std::pair<std::string, std::string>> HistoryWriter::report_sections(
    const Plan& p, const std::string& k) {
  const auto& lines = report_lines();
  auto line = [&](const std::vector<const char*>& v) { return std::string(v[gen_() % v.size()]); };
  std::vector<std::pair<std::string, std::string>> sections;
  if (k == "accueil") {
    sections.push_back({"topics",
                        "Présentation de l'ACI, du contrat CDDI et de l'accompagnement ; notice "
                        "d'information remise et expliquée."});
    sections.push_back({"decisions", "Entrée sur le chantier ; diagnostic dans la semaine."});
  } else if (k == "diagnostic") {
    std::string topics = "Parcours : " + std::string(p.family->experience) + " Freins évoqués : ";
    for (size_t i = 0; i < p.needs.size(); ++i) {
      topics += (i ? " ; " : "") + std::string(p.needs[i]->reason);
    }
    sections.push_back({"topics", topics});
    sections.push_back({"decisions", "Objectifs du contrat fixés ensemble ; premières démarches."});
  } else {
    sections.push_back({"topics", line(lines.topics)});
    sections.push_back({"decisions", line(lines.decisions)});
  }
  if (k == "bilan") {
    sections.push_back({"achievements", "Assiduité au chantier, gestes professionnels acquis ; " +
                                            std::string(p.family->experience)});
  }
  if (k == "tripartite") {
    sections.push_back(
        {"commitments_partner", "L'employeur accueille la personne en immersion deux semaines."});
  }
  sections.push_back({"commitments_person", line(lines.person)});
  sections.push_back({"commitments_counselor", line(lines.counselor)});
  sections.push_back({"next_steps", line(lines.next)});
  return sections;
}

// The report of appointment `id`, written at `written`: final, or a draft.
void HistoryWriter::plan_report(Plan& p, const std::shared_ptr<std::string>& id,
                                const std::string& k, Millis written, bool finalise) {
  auto sections = report_sections(p, k);
  p.add(written, [this, &p, id, sections, finalise, k] {
    auto report = must(svc_.reports.start(p.s, *id), "compte rendu");
    meetings::ReportInput in;
    in.sections = sections;
    in.finalise = finalise;
    // A follow-up after an objective was reached lifts the barrier it answered.
    if (finalise && (k == "suivi" || k == "bilan")) {
      for (const auto& b : p.done) {
        if (!p.lifted.contains(b)) in.barrier_changes.push_back({b, 0});
      }
    }
    must(svc_.reports.save(p.s, report, in), "enregistrement du compte rendu");
    for (const auto& c : in.barrier_changes) p.lifted.insert(c.item);
  });
}

}  // namespace jalon::demo
