// /questionnaire-suivi/{token}: the person's follow-up questionnaire, without an account. An
// open link shows four questions only (situation now, contract length, job, employer) and
// nothing of the record; a used, expired or revoked link says so; an unknown one is a 404 that
// names nothing. CSRF: the double-submit cookie of the sign-in pages.
#include <nlohmann/json.hpp>

#include "access/web.h"
#include "outcomes/web.h"

namespace jalon::outcomes {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using State = QuestionnaireView::State;

json context(State st, const std::string& token, const QuestionnaireAnswer& a) {
  json ctx = {{"title", "Où en êtes-vous ?"}, {"token", token}};
  switch (st) {
    case State::kOpen:
      ctx["open"] = true;
      ctx["situations"] = ui::options(situations(), a.situation, true);
      ctx["values"] = {{"contract_months", a.contract_months},
                       {"job_label", a.job_label},
                       {"employer", a.employer}};
      break;
    case State::kUsed:
      ctx["used"] = true;
      break;
    case State::kExpired:
      ctx["expired"] = true;
      break;
    default:
      ctx["unknown"] = true;
  }
  return ctx;
}

int status_of(State st) {
  return st == State::kUnknown || st == State::kRevoked ? 404 : 200;
}

Response questionnaire(const Services& s, Request& req) {
  const std::string& token = req.param("token");
  auto v = s.outcomes.open_questionnaire(token);
  return access::anonymous_page(s.renderer, req, "outcomes/questionnaire",
                                context(v.state, token, {}), status_of(v.state));
}

Response answer(const Services& s, Request& req) {
  const std::string& token = req.param("token");
  ui::Form form(req);
  QuestionnaireAnswer a{form.text("situation"), form.text("contract_months"),
                        form.text("job_label"), form.text("employer")};
  auto st = s.outcomes.answer_questionnaire(token, a);
  if (st.ok()) {
    return access::anonymous_page(s.renderer, req, "outcomes/questionnaire",
                                  {{"title", "Réponse enregistrée"}, {"answered", true}});
  }
  auto v = s.outcomes.open_questionnaire(token);
  json ctx = context(v.state, token, a);
  if (st.error().kind == ErrorKind::kInvalid) {
    form.fail(st.error());
    form.fill(ctx);
    return access::anonymous_page(s.renderer, req, "outcomes/questionnaire", ctx, 422);
  }
  return access::anonymous_page(s.renderer, req, "outcomes/questionnaire", ctx,
                                v.state == State::kOpen ? 409 : status_of(v.state));
}

}  // namespace

void register_questionnaire_pages(http::Router& router, const Services& s) {
  using enum http::Method;
  auto secret = http::Permission::public_access("person's follow-up questionnaire, secret token");
  router.add_all({
      {kGet, "/questionnaire-suivi/{token}", secret, http::on(s, questionnaire)},
      {kPost, "/questionnaire-suivi/{token}", secret, http::on(s, answer)},
  });
}

}  // namespace jalon::outcomes
