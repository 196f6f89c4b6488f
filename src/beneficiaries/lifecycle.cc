// BeneficiaryService: the record's life after creation (lifecycle.h). Every write runs in one
// transaction that checks the caller's scope, writes beneficiary_changes rows, audits and bumps
// the caseload generation (touch), so a refused change leaves nothing behind.
#include <nlohmann/json.hpp>

#include <array>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "beneficiaries/service.h"
#include "beneficiaries/service_internal.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/validation.h"

namespace jalon::beneficiaries {

const referential::List& pause_reasons() {
  static const referential::List l = {{"sante", "Santé"},
                                      {"famille", "Raisons familiales"},
                                      {"formation", "Formation en cours"},
                                      {"demenagement", "Absence ou déménagement temporaire"},
                                      {"autre", "Autre raison"}};
  return l;
}

const referential::List& exit_reasons() {
  // The exit form (outcomes, issue 18) offers the reasons without kLegacyReason; the first
  // seven are those of the former status form, kept so older exits still read.
  static const referential::List l = {
      {"emploi_durable", "Emploi durable (CDI, CDD de 6 mois ou plus)", kLegacyReason},
      {"emploi_transition", "Emploi de transition (CDD de moins de 6 mois, intérim)",
       kLegacyReason},
      {"formation", "Formation qualifiante", kLegacyReason},
      {"autre_structure", "Orientation vers une autre structure"},
      {"abandon", "Abandon ou perte de contact"},
      {"demenagement", "Déménagement"},
      {"autre", "Autre"},
      {"fin_parcours", "Fin du parcours prévu"},
      {"embauche", "Embauche ou entrée en formation"},
      {"rupture_personne", "Rupture à l'initiative de la personne"},
      {"rupture_structure", "Rupture à l'initiative de la structure"},
      {"retrait_deces", "Décès (retirée des sorties constatées)", kWithdrawnReason},
      {"retrait_autre", "Autre sortie retirée des sorties constatées (décision ASP)",
       kWithdrawnReason}};
  return l;
}

const referential::List& change_fields() {
  static const referential::List l = {{"civility", "Civilité"},
                                      {"last_name", "Nom"},
                                      {"first_name", "Prénom"},
                                      {"birth_date", "Date de naissance"},
                                      {"email", "Adresse e-mail"},
                                      {"phone", "Téléphone"},
                                      {"address_line", "Adresse"},
                                      {"postal_code", "Code postal"},
                                      {"commune", "Commune"},
                                      {"ft_id", "Identifiant France Travail"},
                                      {"caf_id", "Numéro allocataire CAF"},
                                      {"consent_email", "Accord pour l'e-mail"},
                                      {"consent_sms", "Accord pour les SMS"},
                                      {"referent", "Référent·e"},
                                      {"coreferent", "Co-référent·e"},
                                      {"status", "Statut"}};
  return l;
}

namespace {

using access::audit_entry;
using access::Session;

bool all_of(const std::string& s, bool digits_only) {
  for (char c : s) {
    bool digit = c >= '0' && c <= '9';
    if (!digit && (digits_only || !(c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

// The address line, postal code and identifiers (upper-cased, spaces dropped).
void check_address_and_ids(RecordEdit& in, detail::Mistakes& errs) {
  errs.add(validation::text(in.address_line, "address_line", "l'adresse", 200));
  if (!in.postal_code.empty() && (in.postal_code.size() != 5 || !all_of(in.postal_code, true))) {
    errs.add(
        Error::invalid("Code postal invalide : 5 chiffres, par exemple 38500.", "postal_code"));
  }
  for (auto* id : {&in.ft_id, &in.caf_id}) {
    std::string out;
    for (char c : *id) {
      if (c != ' ') out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    *id = out;
  }
  if (!in.ft_id.empty() &&
      (in.ft_id.size() < 7 || in.ft_id.size() > 11 || !all_of(in.ft_id, false))) {
    errs.add(Error::invalid(
        "Identifiant France Travail invalide : 7 à 11 lettres ou chiffres, par exemple 1234567A.",
        "ft_id"));
  }
  if (!in.caf_id.empty() &&
      (in.caf_id.size() < 7 || in.caf_id.size() > 8 || !all_of(in.caf_id, true))) {
    errs.add(Error::invalid(
        "Numéro allocataire CAF invalide : 7 ou 8 chiffres, par exemple 1234567.", "caf_id"));
  }
}

}  // namespace

RecordEdit edit_of(const Beneficiary& b) {
  return {b.summary.civility,
          b.summary.first_name,
          b.summary.last_name,
          b.summary.birth_date,
          b.email,
          b.phone,
          b.address_line,
          b.postal_code,
          b.commune_code,
          b.summary.commune_name,
          b.ft_id,
          b.caf_id,
          b.consent_email,
          b.consent_sms,
          b.version};
}

std::vector<Error> edit_mistakes(const RecordEdit& input, dates::Date today) {
  RecordEdit in = input;
  std::vector<Error> out;
  detail::Mistakes errs{out};
  detail::check_names(in.civility, in.first_name, in.last_name, in.birth_date, today, errs);
  detail::check_contact(in.email, in.phone, in.commune_name, errs);
  check_address_and_ids(in, errs);
  return out;
}

namespace {

const char* yes_no(bool b) {
  return b ? "oui" : "non";
}

// "En pause (Santé), retour prévu le 15/01/2027", "Sorti le 02/11/2026 (Déménagement)".
std::string status_text(const std::string& status, const std::string& reason,
                        const std::string& date) {
  std::string out(label_of(statuses(), status));
  if (status == "suspendu") {
    out += " (" + std::string(label_of(pause_reasons(), reason)) + ")";
    if (!date.empty()) out += ", retour prévu le " + dates::french_date(date);
  } else if (status == "sorti") {
    if (!date.empty()) out += " le " + dates::french_date(date);
    if (!reason.empty()) out += " (" + std::string(label_of(exit_reasons(), reason)) + ")";
  }
  return out;
}

Error not_allowed() {
  return {ErrorKind::kForbidden,
          "Seuls le ou la référent·e et la coordination peuvent changer les référents.",
          {}};
}

// A date typed for a change: empty is today; never in the future.
Result<std::string> past_date(const std::string& value, const char* field, dates::Date today,
                              const char* message) {
  if (value.empty()) return dates::iso(today);
  std::optional<dates::Date> d;
  if (auto st = validation::date(value, field, true, &d); !st.ok()) return st.error();
  if (*d > today) return Error::invalid(message, field);
  return dates::iso(*d);
}

// The checks of a status change; its date (exit, return, re-entry) and reason.
Result<std::pair<std::string, std::string>> status_checks(const StatusChange& in,
                                                          dates::Date today) {
  if (in.status != "en_cours" && in.status != "suspendu" && in.status != "sorti") {
    return Error::invalid("Choisissez le statut : en accompagnement, en pause ou sorti.", "status");
  }
  std::string reason = in.status == "en_cours" ? "" : in.reason, date;
  if (in.status == "en_cours" && !in.on.empty()) {
    // A return after an exit (re-entry): the new period starts on `on`.
    auto on = past_date(in.on, "on", today, "La date de retour ne peut pas être dans le futur.");
    if (!on.ok()) return on.error();
    date = *on;
  }
  if (in.status == "suspendu") {
    if (auto st = validation::one_of(reason, pause_reasons(), "reason", "la raison de la pause");
        !st.ok())
      return st.error();
    std::optional<dates::Date> until;
    if (auto st = validation::date(in.until, "until", true, &until); !st.ok()) return st.error();
    if (*until <= today) {
      return Error::invalid("La date de retour prévue doit être après aujourd'hui.", "until");
    }
    date = in.until;
  } else if (in.status == "sorti") {
    if (in.on.empty()) return Error::invalid("Indiquez la date de sortie.", "on");
    auto on = past_date(in.on, "on", today, "La date de sortie ne peut pas être dans le futur.");
    if (!on.ok()) return on.error();
    date = *on;
    if (auto st = validation::one_of(reason, exit_reasons(), "reason", "le motif de sortie");
        !st.ok())
      return st.error();
  }
  if (auto st = validation::text(in.note, "note", "la note", 1000); !st.ok()) return st.error();
  return std::pair{date, reason};
}

// The edited columns and the search keys that follow them (names, commune, phone, e-mail).
void write_edit(store::Tx& tx, const std::string& id, const RecordEdit& in) {
  auto opt = [](const std::string& v) { return v.empty() ? store::Value() : store::Value(v); };
  std::string key = name_key(in.last_name, in.first_name);
  tx.exec(
      "UPDATE beneficiaries SET civility = ?, last_name = ?, first_name = ?, birth_date = ?, "
      "birth_year = ?, email = ?, phone = ?, address_line = ?, postal_code = ?, commune_code = ?, "
      "commune_name = ?, ft_id = ?, caf_id = ?, consent_email = ?, consent_sms = ?, name_key = ?, "
      "search_key = ?, phone_rev = ?, email_key = ? WHERE id = ?",
      {in.civility,
       in.last_name,
       in.first_name,
       in.birth_date,
       text::to_int(in.birth_date.substr(0, 4), 0),
       opt(in.email),
       opt(in.phone),
       opt(in.address_line),
       opt(in.postal_code),
       opt(in.commune_code),
       opt(in.commune_name),
       opt(in.ft_id),
       opt(in.caf_id),
       in.consent_email ? 1 : 0,
       in.consent_sms ? 1 : 0,
       key,
       text::fold(key + " " + in.commune_name),
       opt(detail::phone_rev(in.phone)),
       opt(detail::email_key(in.email)),
       id});
}

}  // namespace

bool BeneficiaryService::manages(store::Tx& tx, const Session& s, const std::string& id) {
  if (s.role == access::Role::kCoordinator) return true;
  return tx
      .query_one(
          "SELECT 1 FROM caseload_members WHERE beneficiary_id = ? AND user_id = ? AND kind = "
          "'referent'",
          {id, s.user_id})
      .has_value();
}

std::optional<std::string> BeneficiaryService::colleague(store::Tx& tx, const Session& s,
                                                         const std::string& user_id) {
  auto r = tx.query_one(
      "SELECT display_name FROM users WHERE id = ? AND structure_id = ? AND role IN "
      "('counselor', 'coordinator') AND disabled_at IS NULL",
      {user_id, s.structure_id});
  if (!r) return std::nullopt;
  return r->text(0);
}

void BeneficiaryService::log_change(store::Tx& tx, const Session& s, const std::string& id,
                                    std::string_view field, const std::string& old_value,
                                    const std::string& new_value, const std::string& note,
                                    const std::string& on) {
  auto or_null = [](const std::string& v) { return v.empty() ? store::Value() : store::Value(v); };
  tx.exec(
      "INSERT INTO beneficiary_changes (id, beneficiary_id, field, old_value, new_value, note, "
      "changed_on, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {new_id(rng_), id, std::string(field), or_null(old_value), or_null(new_value), or_null(note),
       on.empty() ? dates::iso(dates::local_date(clock_.now_ms())) : on, clock_.now_ms(),
       s.user_id});
}

Result<int> BeneficiaryService::edit(const Session& s, const std::string& id,
                                     const RecordEdit& input) {
  RecordEdit in = input;
  for (auto* f : {&in.first_name, &in.last_name, &in.email, &in.phone, &in.address_line,
                  &in.postal_code, &in.commune_name, &in.ft_id, &in.caf_id})
    *f = text::trim(*f);
  dates::Date today = dates::local_date(clock_.now_ms());
  if (auto mistakes = edit_mistakes(in, today); !mistakes.empty())
    return detail::Mistakes{mistakes}.status().error();
  {
    std::vector<Error> unused;
    detail::Mistakes normalise{unused};
    check_address_and_ids(in, normalise);  // upper-cases the identifiers, drops their spaces
  }
  if (auto st = detail::resolve_commune(db_, in.commune_code, in.commune_name); !st.ok())
    return st.error();
  if (!in.email.empty()) in.email = access::normalize_email(in.email);

  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  // Lock the row before reading its version: on PostgreSQL (READ COMMITTED) two edits from the
  // same version would otherwise both pass the check and one would overwrite the other unseen.
  tx.exec("UPDATE beneficiaries SET version = version WHERE id = ?", {id});
  auto row = tx.query_one(
      "SELECT civility, last_name, first_name, birth_date, COALESCE(email, ''), "
      "COALESCE(phone, ''), COALESCE(address_line, ''), COALESCE(postal_code, ''), "
      "COALESCE(commune_name, ''), COALESCE(ft_id, ''), COALESCE(caf_id, ''), consent_email, "
      "consent_sms, version FROM beneficiaries WHERE id = ?",
      {id});
  store::RowReader r(*row);
  // In change_fields() order; civility and consents as the history shows them.
  std::array<std::string, 13> before, after = {std::string(label_of(civilities(), in.civility)),
                                               in.last_name,
                                               in.first_name,
                                               in.birth_date,
                                               in.email,
                                               in.phone,
                                               in.address_line,
                                               in.postal_code,
                                               in.commune_name,
                                               in.ft_id,
                                               in.caf_id,
                                               yes_no(in.consent_email),
                                               yes_no(in.consent_sms)};
  for (size_t i = 0; i < 11; ++i) before[i] = r.text();
  before[0] = label_of(civilities(), before[0]);
  before[11] = yes_no(r.i32() != 0);
  before[12] = yes_no(r.i32() != 0);
  if (in.version > 0 && r.i32() != in.version) {
    return Error::conflict(
        "Ce dossier a été modifié par quelqu'un d'autre pendant votre saisie : rechargez la page "
        "pour voir ses nouvelles valeurs, puis refaites votre modification.");
  }
  int changed = 0;
  std::string fields;
  for (size_t i = 0; i < after.size(); ++i) {
    if (before[i] == after[i]) continue;
    auto field = change_fields()[i].code;
    log_change(tx, s, id, field, before[i], after[i]);
    fields += (changed++ ? "," : "") + std::string(field);
  }
  if (changed == 0) return 0;
  write_edit(tx, id, in);
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "update", "beneficiary", id, "identity", "fields=" + fields));
  tx.commit();
  return changed;
}

Status BeneficiaryService::transfer(const Session& s, const std::string& id, const Transfer& in) {
  dates::Date today = dates::local_date(clock_.now_ms());
  if (text::trim(in.note).empty()) {
    return Error::invalid("Indiquez la raison du changement de référent·e (note).", "note");
  }
  if (auto st = validation::text(in.note, "note", "la note", 1000); !st.ok()) return st;
  auto on = past_date(in.on, "on", today, "La date du changement ne peut pas être dans le futur.");
  if (!on.ok()) return on.error();
  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  if (!manages(tx, s, id)) return not_allowed();
  auto name = colleague(tx, s, in.referent_id);
  if (!name) {
    return Error::invalid(
        "Choisissez le ou la nouveau·elle référent·e parmi les conseillers de la structure.",
        "referent_id");
  }
  auto old = tx.query_one(
      "SELECT u.id, u.display_name FROM caseload_members m JOIN users u ON u.id = m.user_id "
      "WHERE m.beneficiary_id = ? AND m.kind = 'referent'",
      {id});
  if (old && old->text(0) == in.referent_id) {
    return Error::invalid("Cette personne a déjà ce ou cette référent·e.", "referent_id");
  }
  tx.exec(
      "DELETE FROM caseload_members WHERE beneficiary_id = ? AND (kind = 'referent' OR "
      "user_id = ?)",
      {id, in.referent_id});
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO caseload_members (beneficiary_id, user_id, kind, since) VALUES (?, ?, "
      "'referent', ?)",
      {id, in.referent_id, now});
  if (old && in.keep_previous) {
    tx.exec(
        "INSERT INTO caseload_members (beneficiary_id, user_id, kind, since) VALUES (?, ?, "
        "'co_referent', ?)",
        {id, old->text(0), now});
  }
  log_change(tx, s, id, "referent", old ? old->text(1) : "", *name, text::trim(in.note), *on);
  touch(tx, id);
  audit_.record(tx,
                audit_entry(s, "transfer", "beneficiary", id, "identity", "to=" + in.referent_id));
  tx.commit();
  return ok_status();
}

Status BeneficiaryService::add_coreferent(const Session& s, const std::string& id,
                                          const std::string& user_id) {
  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  if (!manages(tx, s, id)) return not_allowed();
  auto name = colleague(tx, s, user_id);
  if (!name) {
    return Error::invalid(
        "Choisissez le ou la co-référent·e parmi les conseillers de la structure.", "user_id");
  }
  if (tx.query_one("SELECT 1 FROM caseload_members WHERE beneficiary_id = ? AND user_id = ?",
                   {id, user_id})) {
    return Error::invalid(*name + " suit déjà cette personne.", "user_id");
  }
  tx.exec(
      "INSERT INTO caseload_members (beneficiary_id, user_id, kind, since) VALUES (?, ?, "
      "'co_referent', ?)",
      {id, user_id, clock_.now_ms()});
  log_change(tx, s, id, "coreferent", "", *name);
  touch(tx, id);
  audit_.record(tx,
                audit_entry(s, "coreferent_add", "beneficiary", id, "identity", "user=" + user_id));
  tx.commit();
  return ok_status();
}

Status BeneficiaryService::remove_coreferent(const Session& s, const std::string& id,
                                             const std::string& user_id) {
  auto tx = db_.write();
  if (!visible(tx, s, id)) return Error::not_found();
  if (!manages(tx, s, id)) return not_allowed();
  auto row = tx.query_one(
      "SELECT u.display_name FROM caseload_members m JOIN users u ON u.id = m.user_id WHERE "
      "m.beneficiary_id = ? AND m.user_id = ? AND m.kind = 'co_referent'",
      {id, user_id});
  if (!row) {
    return Error::invalid("Cette personne n'est pas co-référent·e de ce dossier.", "user_id");
  }
  tx.exec("DELETE FROM caseload_members WHERE beneficiary_id = ? AND user_id = ?", {id, user_id});
  log_change(tx, s, id, "coreferent", row->text(0), "");
  touch(tx, id);
  audit_.record(
      tx, audit_entry(s, "coreferent_remove", "beneficiary", id, "identity", "user=" + user_id));
  tx.commit();
  return ok_status();
}

Status BeneficiaryService::set_status(const Session& s, const std::string& id,
                                      const StatusChange& in) {
  auto checked = status_checks(in, dates::local_date(clock_.now_ms()));
  if (!checked.ok()) return checked.error();
  auto tx = db_.write();
  if (auto st = set_status(tx, s, id, in, checked->first, checked->second); !st.ok()) return st;
  tx.commit();
  return ok_status();
}

Status BeneficiaryService::set_status(store::Tx& tx, const Session& s, const std::string& id,
                                      const StatusChange& in) {
  auto checked = status_checks(in, dates::local_date(clock_.now_ms()));
  if (!checked.ok()) return checked.error();
  return set_status(tx, s, id, in, checked->first, checked->second);
}

Status BeneficiaryService::set_status(store::Tx& tx, const Session& s, const std::string& id,
                                      const StatusChange& in, const std::string& date,
                                      const std::string& reason) {
  if (!visible(tx, s, id)) return Error::not_found();
  auto cur = tx.query_one(
      "SELECT status, COALESCE(pause_reason, ''), COALESCE(pause_until, ''), "
      "COALESCE(exit_reason, ''), COALESCE(exit_on, ''), entry_date FROM beneficiaries WHERE id "
      "= ?",
      {id});
  std::string old_status = cur->text(0);
  if (in.status == "en_cours" && old_status == "en_cours") {
    return Error::invalid("La personne est déjà en accompagnement.", "status");
  }
  if (in.status == "sorti" && date < cur->text(5)) {
    return Error::invalid("La date de sortie ne peut pas précéder la date d'entrée (" +
                              dates::french_date(cur->text(5)) + ").",
                          "on");
  }
  if (in.status == "en_cours" && !date.empty()) {
    // Re-entry: a new period from `date`; the former one stays in the history and the exits.
    if (old_status != "sorti" || date < cur->text(4)) {
      return Error::invalid("La date de retour doit suivre la dernière sortie.", "on");
    }
    tx.exec("UPDATE beneficiaries SET entry_date = ? WHERE id = ?", {date, id});
  }
  bool paused = in.status == "suspendu", exited = in.status == "sorti";
  auto opt = [](bool keep, const std::string& v) {
    return keep ? store::Value(v) : store::Value();
  };
  tx.exec(
      "UPDATE beneficiaries SET status = ?, pause_reason = ?, pause_until = ?, exit_reason = ?, "
      "exit_on = ? WHERE id = ?",
      {in.status, opt(paused, reason), opt(paused, date), opt(exited, reason), opt(exited, date),
       id});
  std::string old_text = old_status == "sorti"
                             ? status_text(old_status, cur->text(3), cur->text(4))
                             : status_text(old_status, cur->text(1), cur->text(2));
  log_change(tx, s, id, "status", old_text, status_text(in.status, reason, date),
             text::trim(in.note));
  touch(tx, id);
  audit_.record(tx, audit_entry(s, "status", "beneficiary", id, "identity", "to=" + in.status));
  return ok_status();
}

Result<Reassignment> BeneficiaryService::reassign_caseload(const Session& s,
                                                           const std::string& from,
                                                           const std::string& to,
                                                           const std::string& note) {
  if (s.role != access::Role::kCoordinator) {
    return Error{
        ErrorKind::kForbidden, "Seule la coordination peut réaffecter un portefeuille.", {}};
  }
  if (auto st = validation::text(note, "note", "la note", 1000); !st.ok()) return st.error();
  auto tx = db_.write();
  auto leaving = tx.query_one(
      "SELECT display_name FROM users WHERE id = ? AND structure_id = ? AND role IN "
      "('counselor', 'coordinator')",
      {from, s.structure_id});
  if (!leaving) {
    return Error::invalid("Choisissez le conseiller ou la conseillère dont les dossiers partent.",
                          "from");
  }
  auto name = colleague(tx, s, to);
  if (!name || to == from) {
    return Error::invalid(
        "Choisissez qui reprend les dossiers : un autre conseiller actif de la structure.", "to");
  }
  store::Params p{from};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  std::vector<std::string> ids;
  for (const auto& r : tx.query("SELECT b.id FROM beneficiaries b JOIN caseload_members m ON "
                                "m.beneficiary_id = b.id AND m.kind = 'referent' AND m.user_id = "
                                "? WHERE " +
                                    cond + " ORDER BY b.id",
                                p)) {
    ids.push_back(r.text(0));
  }
  if (ids.empty()) {
    return Error::invalid(
        leaving->text(0) + " n'est référent·e d'aucune personne de votre périmètre.", "from");
  }
  std::string why = text::trim(note).empty() ? "Reprise du portefeuille de " + leaving->text(0)
                                             : text::trim(note);
  Millis now = clock_.now_ms();
  for (const auto& id : ids) {
    tx.exec("DELETE FROM caseload_members WHERE beneficiary_id = ? AND user_id IN (?, ?)",
            {id, from, to});
    tx.exec(
        "INSERT INTO caseload_members (beneficiary_id, user_id, kind, since) VALUES (?, ?, "
        "'referent', ?)",
        {id, to, now});
    log_change(tx, s, id, "referent", leaving->text(0), *name, why);
    tx.exec("UPDATE beneficiaries SET updated_at = ?, version = version + 1 WHERE id = ?",
            {now, id});
  }
  bump_generation(tx, s.structure_id);
  audit_.record(tx, audit_entry(s, "reassign", "user", from, "identity",
                                "to=" + to + ",count=" + std::to_string(ids.size())));
  tx.commit();
  return Reassignment{static_cast<int>(ids.size())};
}

std::vector<Change> BeneficiaryService::history(const Session& s, const Beneficiary& b) {
  bool previous = b.caller_is_referent || s.role == access::Role::kCoordinator;
  std::vector<Change> out;
  auto tx = db_.read();
  for (const auto& row : tx.query(
           "SELECT c.field, COALESCE(c.old_value, ''), COALESCE(c.new_value, ''), "
           "COALESCE(c.note, ''), c.changed_on, c.changed_at, COALESCE(u.display_name, '') FROM "
           "beneficiary_changes c LEFT JOIN users u ON u.id = c.changed_by WHERE "
           "c.beneficiary_id = ? ORDER BY c.changed_at DESC, c.id",
           {b.summary.id})) {
    store::RowReader r(row);
    Change c;
    c.field = r.text();
    c.label = label_of(change_fields(), c.field);
    c.old_value = r.text();
    if (!previous) c.old_value.clear();
    c.new_value = r.text();
    c.note = r.text();
    c.changed_on = r.text();
    c.changed_at = r.i64();
    c.changed_by = r.text();
    out.push_back(std::move(c));
  }
  tx.commit();
  audit_read(s, b.summary.id, previous ? "identity,history" : "identity,history_new");
  return out;
}

std::vector<std::pair<std::pair<std::string, std::string>, int64_t>>
BeneficiaryService::referent_loads(const Session& s) {
  store::Params p;
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  p.emplace_back(s.structure_id);
  std::vector<std::pair<std::pair<std::string, std::string>, int64_t>> out;
  auto tx = db_.read();
  for (const auto& r :
       tx.query("SELECT u.id, u.display_name || CASE WHEN u.disabled_at IS NULL THEN '' ELSE "
                "' (compte désactivé)' END, (SELECT COUNT(*) FROM beneficiaries b JOIN "
                "caseload_members m ON m.beneficiary_id = b.id AND m.kind = 'referent' WHERE "
                "m.user_id = u.id AND " +
                    cond +
                    ") FROM users u WHERE u.structure_id = ? AND u.role "
                    "IN ('counselor', 'coordinator') ORDER BY u.display_name",
                p)) {
    out.push_back({{r.text(0), r.text(1)}, r.i64(2)});
  }
  tx.commit();
  return out;
}

}  // namespace jalon::beneficiaries
