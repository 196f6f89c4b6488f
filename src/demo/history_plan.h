// The plan of one person's history, shared by the HistoryWriter's files (history*.cc).
#pragma once
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "demo/catalogue.h"
#include "demo/history.h"

namespace jalon::demo {

struct HistoryWriter::Plan {
  const PersonSpec& spec;
  const access::Session& s;
  int end = 0;       // the last day of the accompaniment so far: today, or the exit day
  int diag_day = 0;  // the diagnostic interview (0 when it is still to come)
  const JobFamily* family = nullptr;
  std::vector<const Need*> needs;
  const ProfessionalStep* pro = nullptr;
  bool licence = false, vehicle = false, rsa = false, young = false;
  std::string employment_barrier;  // the emploi situation of the diagnosis

  struct Step {
    Millis at;
    int seq;
    std::function<void()> run;
  };
  std::vector<Step> steps;
  void add(Millis at, std::function<void()> f) {
    steps.push_back({at, static_cast<int>(steps.size()), std::move(f)});
  }

  // Known once their step has run.
  std::string id, cddi;
  std::set<std::string> done;    // barriers whose objective is reached, lifted at the next report
  std::set<std::string> lifted;  // barriers a report lifted
  std::string next_appointment;
  int64_t writes = 0;
};

}  // namespace jalon::demo
