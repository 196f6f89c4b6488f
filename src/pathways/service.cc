// PathwayService: the shared helpers, contracts, objectives and actions (referrals.cc holds
// the referrals, timeline.cc the timeline and the dashboard).
#include "pathways/service.h"

#include <cctype>

#include "access/policy.h"
#include "beneficiaries/referentials.h"
#include "core/text.h"
#include "core/validation.h"
#include "pathways/referentials.h"
#include "pathways/service_internal.h"
#include "store/row_reader.h"

namespace jalon::pathways {

using access::audit_entry;
using access::Session;

namespace detail {

Result<std::string> optional_date(const std::string& v, const char* field, dates::Date today,
                                  int max_years_ahead) {
  std::optional<dates::Date> d;
  if (auto st = validation::date(v, field, false, &d); !st.ok()) return st.error();
  if (!d) return std::string();
  if (d->days < today.days - 20 * 366 || d->days > today.days + max_years_ahead * 366) {
    return Error::invalid("Cette date est trop éloignée : vérifiez l'année.", field);
  }
  return dates::iso(*d);
}

}  // namespace detail

using dates::french_date;
using detail::nullable;
using detail::optional_date;

namespace {

// Where objectives or actions are stored and what they are checked against: the table, the
// parent's column, the audit's object type, the catalogue, the statuses and the default one.
struct ItemTable {
  const char* table;
  const char* parent;
  const char* object_type;
  const std::vector<CatalogueEntry>& catalogue;
  const std::vector<Entry>& statuses;
  const char* default_status;
};

ItemTable table_of(ItemKind kind) {
  if (kind == ItemKind::kObjective) {
    return {"pathway_objectives",  "contract_id",        "objective",
            objective_catalogue(), objective_statuses(), "en_cours"};
  }
  return {"pathway_actions",  "objective_id",    "action",
          action_catalogue(), action_statuses(), "prevu"};
}

std::string item_label(ItemKind kind, const std::string& code, const std::string& free_label) {
  if (code.empty()) return free_label;
  const auto* e = find_entry(table_of(kind).catalogue, code);
  return e ? std::string(e->label) : code;
}

}  // namespace

std::string_view kind_word(ItemKind kind) {
  return kind == ItemKind::kObjective ? "objectif" : "action";
}

std::string contract_title(const Contract& c) {
  if (c.kind == "autre" && !c.kind_detail.empty()) return c.kind_detail;
  return std::string(label_of(contract_kinds(), c.kind));
}

PathwayService::PathwayService(store::Database& db, const Clock& clock, Random& rng,
                               access::AuditLog& audit, meetings::MeetingService& meetings)
    : db_(db), clock_(clock), rng_(rng), audit_(audit), meetings_(meetings) {}

dates::Date PathwayService::today(const Session& s) {
  return dates::local_date(clock_.now_ms(), meetings_.zone(s));
}

bool PathwayService::visible(store::Tx& tx, const Session& s, const std::string& beneficiary_id) {
  if (!looks_like_id(beneficiary_id)) return false;
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  return tx.query_one("SELECT 1 FROM beneficiaries b WHERE b.id = ? AND " + cond, p).has_value();
}

void PathwayService::event(store::Tx& tx, const Session& s, const std::string& beneficiary_id,
                           const std::string& kind, const std::string& object_id,
                           const std::string& summary) {
  tx.exec(
      "INSERT INTO pathway_events (id, structure_id, beneficiary_id, kind, object_id, summary, "
      "occurred_at, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {new_id(rng_), s.structure_id, beneficiary_id, kind, object_id, summary, clock_.now_ms(),
       s.user_id});
}

void PathwayService::audit_read(const Session& s, const std::string& beneficiary_id,
                                const std::string& section) {
  audit_.record_async(
      audit_entry(s, "read", "beneficiary", beneficiary_id, "pathway", "section=" + section));
}

// ---- contracts ----------------------------------------------------------------------------

namespace {

constexpr const char* kContractColumns =
    "c.id, c.beneficiary_id, c.kind, c.kind_detail, c.status, COALESCE(c.signed_on, ''), "
    "c.starts_on, c.ends_on, c.created_at, c.updated_at FROM contracts c "
    "JOIN beneficiaries b ON b.id = c.beneficiary_id ";

Contract contract_from(const store::Row& row, dates::Date today) {
  store::RowReader r(row);
  Contract c{r.text(), r.text(), r.text(), r.text(), r.text(),
             r.text(), r.text(), r.text(), r.i64(),  r.i64()};
  auto end = dates::parse_iso_date(c.ends_on);
  if (end.ok()) {
    c.renewal = renewal(c.status, *end, today);
    c.days_left = end->days - today.days;
  }
  return c;
}

// Every mistake of a contract form at once; the date rules (rules.cc) once both dates read.
Result<ContractInput> check_contract(ContractInput in, dates::Date today) {
  std::vector<Error> out;
  validation::Mistakes errs{out};
  if (!has_code(contract_kinds(), in.kind)) {
    errs.add(Error::invalid("Choisissez le type de contrat dans la liste.", "kind"));
  }
  in.kind_detail = text::trim(in.kind_detail);
  if (in.kind == "autre" && in.kind_detail.empty()) {
    errs.add(Error::invalid("Précisez de quel contrat il s'agit.", "kind_detail"));
  }
  if (in.kind != "autre") in.kind_detail.clear();
  errs.add(validation::text(in.kind_detail, "kind_detail", "La précision", 100));
  if (!has_code(contract_statuses(), in.status)) {
    errs.add(Error::invalid("Choisissez le statut du contrat dans la liste.", "status"));
  }
  std::optional<dates::Date> start, end;
  if (in.starts_on.empty()) {
    errs.add(Error::invalid("Indiquez la date de début.", "starts_on"));
  } else if (errs.add(validation::date(in.starts_on, "starts_on", true, &start)) &&
             start->days < today.days - 10 * 366) {
    errs.add(
        Error::invalid("Cette date de début a plus de 10 ans : vérifiez l'année.", "starts_on"));
  }
  if (in.ends_on.empty()) {
    errs.add(Error::invalid("Indiquez la date de fin.", "ends_on"));
  } else {
    errs.add(validation::date(in.ends_on, "ends_on", true, &end));
  }
  if (start && end) {
    errs.add(check_contract_dates(in.status, in.signed_on, *start, *end, today));
  } else {
    errs.add(validation::date(in.signed_on, "signed_on", false));
  }
  if (auto st = errs.status(); !st.ok()) return st.error();
  in.starts_on = dates::iso(*start);
  in.ends_on = dates::iso(*end);
  return in;
}

}  // namespace

void PathwayService::set_contract_kind(store::Tx& tx, const Session& s,
                                       const std::string& beneficiary_id, const std::string& kind) {
  tx.exec("UPDATE beneficiaries SET contract_kind = ? WHERE id = ?", {kind, beneficiary_id});
  access::bump_caseload_generation(tx, s.structure_id);  // the caseload filters on it
}

std::optional<Contract> PathwayService::load_contract(store::Tx& tx, const Session& s,
                                                      const std::string& id, dates::Date today) {
  if (!looks_like_id(id)) return std::nullopt;
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto r =
      tx.query_one(std::string("SELECT ") + kContractColumns + "WHERE c.id = ? AND " + cond, p);
  if (!r) return std::nullopt;
  return contract_from(*r, today);
}

Result<std::string> PathwayService::add_contract(const Session& s,
                                                 const std::string& beneficiary_id,
                                                 const ContractInput& raw) {
  dates::Date now_day = today(s);
  auto tx = db_.write();
  if (!visible(tx, s, beneficiary_id)) return Error::not_found();
  auto in = check_contract(raw, now_day);
  if (!in.ok()) return in.error();
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO contracts (id, structure_id, beneficiary_id, kind, kind_detail, status, "
      "signed_on, starts_on, ends_on, created_at, created_by, updated_at, updated_by) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, beneficiary_id, in->kind, in->kind_detail, in->status,
       nullable(in->signed_on), in->starts_on, in->ends_on, now, s.user_id, now, s.user_id});
  if (in->status == kContractActive) set_contract_kind(tx, s, beneficiary_id, in->kind);
  Contract c;
  c.kind = in->kind;
  c.kind_detail = in->kind_detail;
  event(tx, s, beneficiary_id, "contrat", id,
        "Contrat ajouté : " + contract_title(c) + " du " + french_date(in->starts_on) + " au " +
            french_date(in->ends_on) + " (" +
            std::string(label_of(contract_statuses(), in->status)) + ")");
  audit_.record(
      tx, audit_entry(s, "create", "contract", id, "pathway", "beneficiary=" + beneficiary_id));
  tx.commit();
  return id;
}

Status PathwayService::update_contract(const Session& s, const std::string& id,
                                       const ContractInput& raw) {
  dates::Date now_day = today(s);
  auto tx = db_.write();
  auto c = load_contract(tx, s, id, now_day);
  if (!c) return Error::not_found();
  auto in = check_contract(raw, now_day);
  if (!in.ok()) return in.error();
  tx.exec(
      "UPDATE contracts SET kind = ?, kind_detail = ?, status = ?, signed_on = ?, starts_on = ?, "
      "ends_on = ?, updated_at = ?, updated_by = ? WHERE id = ?",
      {in->kind, in->kind_detail, in->status, nullable(in->signed_on), in->starts_on, in->ends_on,
       clock_.now_ms(), s.user_id, id});
  if (in->status == kContractActive) {
    set_contract_kind(tx, s, c->beneficiary_id, in->kind);
  } else if (c->status == kContractActive) {
    // Closed (or back in preparation): the person's contract kind is now that of another
    // contract in progress, or none, so the caseload no longer lists them under this one.
    auto other = tx.query_one(
        "SELECT kind FROM contracts WHERE beneficiary_id = ? AND status = ? AND id <> ? ORDER "
        "BY starts_on DESC, created_at DESC LIMIT 1",
        {c->beneficiary_id, std::string(kContractActive), id});
    set_contract_kind(tx, s, c->beneficiary_id, other ? other->text(0) : std::string("aucun"));
  }
  Contract after = *c;
  after.kind = in->kind;
  after.kind_detail = in->kind_detail;
  std::string summary = "Contrat modifié : " + contract_title(after);
  if (in->status != c->status) {
    summary += ", " + std::string(label_of(contract_statuses(), c->status)) + " → " +
               std::string(label_of(contract_statuses(), in->status));
  }
  if (in->ends_on != c->ends_on) summary += ", fin le " + french_date(in->ends_on);
  event(tx, s, c->beneficiary_id, "contrat", id, summary);
  audit_.record(tx, audit_entry(s, "update", "contract", id, "pathway", "status=" + in->status));
  tx.commit();
  return ok_status();
}

std::optional<Contract> PathwayService::contract(const Session& s, const std::string& id) {
  dates::Date now_day = today(s);
  auto tx = db_.read();
  auto c = load_contract(tx, s, id, now_day);
  tx.commit();
  if (c) audit_.record_async(audit_entry(s, "read", "contract", id, "pathway"));
  return c;
}

std::vector<Contract> PathwayService::contracts(const Session& s,
                                                const std::string& beneficiary_id) {
  dates::Date now_day = today(s);
  auto tx = db_.read();
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  std::vector<Contract> out;
  for (const auto& r :
       tx.query(std::string("SELECT ") + kContractColumns + "WHERE c.beneficiary_id = ? AND " +
                    cond + " ORDER BY c.starts_on DESC, c.created_at DESC",
                p)) {
    out.push_back(contract_from(r, now_day));
  }
  tx.commit();
  audit_read(s, beneficiary_id, "contracts");
  return out;
}

// ---- objectives and actions -----------------------------------------------------------------

namespace {

std::string item_columns(const ItemTable& t) {
  return std::string("i.id, i.beneficiary_id, COALESCE(i.") + t.parent +
         ", ''), i.code, i.free_label, i.theme, i.status, COALESCE(i.due_on, ''), i.barrier, "
         "i.partner, i.created_at, i.updated_at FROM " +
         t.table + " i JOIN beneficiaries b ON b.id = i.beneficiary_id ";
}

Item item_from(ItemKind kind, const store::Row& row, dates::Date today) {
  store::RowReader r(row);
  Item i{r.text(), r.text(), r.text(), r.text(), r.text(), r.text(),
         r.text(), r.text(), r.text(), r.text(), r.i64(),  r.i64()};
  i.label = item_label(kind, i.code, i.label);
  i.overdue = overdue(i.status, i.due_on, today);
  return i;
}

}  // namespace

std::optional<Item> PathwayService::load_item(store::Tx& tx, const Session& s, ItemKind kind,
                                              const std::string& id, dates::Date today) {
  if (!looks_like_id(id)) return std::nullopt;
  auto t = table_of(kind);
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto r = tx.query_one("SELECT " + item_columns(t) + "WHERE i.id = ? AND " + cond, p);
  if (!r) return std::nullopt;
  return item_from(kind, *r, today);
}

std::vector<std::pair<std::string, std::string>> PathwayService::barriers(
    const Session& s, const std::string& beneficiary_id) {
  auto tx = db_.read();
  std::vector<std::pair<std::string, std::string>> out;
  if (visible(tx, s, beneficiary_id)) {
    for (const auto& r : tx.query(
             "SELECT i.item FROM diagnosis_items i WHERE i.kind = 'barrier' AND i.diagnosis_id = "
             "(SELECT d.id FROM diagnoses d WHERE d.beneficiary_id = ? ORDER BY d.made_on DESC, "
             "d.created_at DESC LIMIT 1) ORDER BY i.theme, i.item",
             {beneficiary_id})) {
      std::string label = r.text(0);
      for (const auto& sit : beneficiaries::situations()) {
        if (sit.code == label) {
          label = std::string(theme_label(sit.group)) + " : " + std::string(sit.label);
          break;
        }
      }
      out.emplace_back(r.text(0), label);
    }
  }
  tx.commit();
  return out;
}

Result<ItemInput> PathwayService::check_item(store::Tx& tx, const Session& s, ItemKind kind,
                                             const std::string& beneficiary_id, ItemInput in) {
  auto t = table_of(kind);
  bool objective = kind == ItemKind::kObjective;
  std::vector<Error> out;
  validation::Mistakes errs{out};
  in.code = text::trim(in.code);
  in.label = text::trim(in.label);
  if (!in.code.empty()) {
    if (const auto* e = find_entry(t.catalogue, in.code)) {
      in.theme = std::string(e->theme);
      in.label.clear();
    } else {
      errs.add(Error::invalid(objective ? "Choisissez un objectif du catalogue."
                                        : "Choisissez une action du catalogue.",
                              "code"));
    }
  } else {
    if (in.label.empty()) {
      errs.add(Error::invalid(objective ? "Choisissez un objectif dans le catalogue ou écrivez-le "
                                          "en texte libre."
                                        : "Choisissez une action dans le catalogue ou écrivez-la "
                                          "en texte libre.",
                              "label"));
    }
    errs.add(validation::text(in.label, "label", "Le libellé", 200));
    if (!in.theme.empty() && theme_label(in.theme).empty()) {
      errs.add(Error::invalid("Choisissez la thématique dans la liste.", "theme"));
    }
  }
  if (!has_code(t.statuses, in.status)) {
    errs.add(Error::invalid("Choisissez le statut dans la liste.", "status"));
  }
  auto due = optional_date(in.due_on, "due_on", today(s), 5);
  if (errs.add(due.ok() ? ok_status() : Status(due.error()))) in.due_on = *due;
  in.barrier = text::trim(in.barrier);
  if (!in.barrier.empty() &&
      !tx.query_one(
          "SELECT 1 FROM diagnosis_items i WHERE i.kind = 'barrier' AND i.item = ? AND "
          "i.diagnosis_id = (SELECT d.id FROM diagnoses d WHERE d.beneficiary_id = ? ORDER BY "
          "d.made_on DESC, d.created_at DESC LIMIT 1)",
          {in.barrier, beneficiary_id})) {
    errs.add(Error::invalid("Choisissez un frein du diagnostic actuel de la personne.", "barrier"));
  }
  in.partner = text::trim(in.partner);
  errs.add(validation::text(in.partner, "partner", "Le partenaire ou service", 150));
  in.parent_id = text::trim(in.parent_id);
  if (objective) {
    if (!in.parent_id.empty() &&
        !tx.query_one("SELECT 1 FROM contracts WHERE id = ? AND beneficiary_id = ?",
                      {in.parent_id, beneficiary_id})) {
      errs.add(Error::invalid("Choisissez un contrat de la personne, ou aucun.", "contract_id"));
    }
  } else if (in.parent_id.empty() ||
             !tx.query_one("SELECT 1 FROM pathway_objectives WHERE id = ? AND beneficiary_id = ?",
                           {in.parent_id, beneficiary_id})) {
    errs.add(Error::invalid("Choisissez l'objectif auquel l'action se rattache.", "objective_id"));
  }
  if (auto st = errs.status(); !st.ok()) return st.error();
  return in;
}

Result<std::string> PathwayService::add_item(const Session& s, ItemKind kind,
                                             const std::string& beneficiary_id,
                                             const ItemInput& raw) {
  auto t = table_of(kind);
  ItemInput start = raw;
  if (start.status.empty()) start.status = t.default_status;
  auto tx = db_.write();
  if (!visible(tx, s, beneficiary_id)) return Error::not_found();
  auto in = check_item(tx, s, kind, beneficiary_id, start);
  if (!in.ok()) return in.error();
  std::string id = new_id(rng_);
  Millis now = clock_.now_ms();
  tx.exec(
      std::string("INSERT INTO ") + t.table + " (id, structure_id, beneficiary_id, " + t.parent +
          ", code, free_label, theme, status, due_on, barrier, partner, created_at, "
          "created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?)",
      {id, s.structure_id, beneficiary_id, nullable(in->parent_id), in->code, in->label, in->theme,
       in->status, nullable(in->due_on), in->barrier, in->partner, now, s.user_id, now, s.user_id});
  std::string word(kind_word(kind));
  word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  event(tx, s, beneficiary_id, std::string(kind_word(kind)), id,
        word + (kind == ItemKind::kObjective ? " ajouté : " : " ajoutée : ") +
            item_label(kind, in->code, in->label) + " (" +
            std::string(label_of(t.statuses, in->status)) + ")");
  audit_.record(
      tx, audit_entry(s, "create", t.object_type, id, "pathway", "beneficiary=" + beneficiary_id));
  tx.commit();
  return id;
}

Status PathwayService::update_item(const Session& s, ItemKind kind, const std::string& id,
                                   const ItemInput& raw) {
  auto t = table_of(kind);
  dates::Date now_day = today(s);
  auto tx = db_.write();
  auto before = load_item(tx, s, kind, id, now_day);
  if (!before) return Error::not_found();
  ItemInput start = raw;
  if (kind == ItemKind::kAction) start.parent_id = before->parent_id;  // actions stay put
  auto in = check_item(tx, s, kind, before->beneficiary_id, start);
  if (!in.ok()) return in.error();
  tx.exec(std::string("UPDATE ") + t.table + " SET " + t.parent +
              " = ?, code = ?, free_label = ?, theme = ?, status = ?, due_on = ?, barrier = ?, "
              "partner = ?, updated_at = ?, updated_by = ? WHERE id = ?",
          {nullable(in->parent_id), in->code, in->label, in->theme, in->status,
           nullable(in->due_on), in->barrier, in->partner, clock_.now_ms(), s.user_id, id});
  std::string label = item_label(kind, in->code, in->label);
  std::string summary =
      (kind == ItemKind::kObjective ? "Objectif « " : "Action « ") + label + " » ";
  if (in->status != before->status) {
    summary += ": " + std::string(label_of(t.statuses, before->status)) + " → " +
               std::string(label_of(t.statuses, in->status));
  } else {
    summary += kind == ItemKind::kObjective ? "modifié" : "modifiée";
  }
  event(tx, s, before->beneficiary_id, std::string(kind_word(kind)), id, summary);
  audit_.record(tx, audit_entry(s, "update", t.object_type, id, "pathway", "status=" + in->status));
  tx.commit();
  return ok_status();
}

std::optional<Item> PathwayService::item(const Session& s, ItemKind kind, const std::string& id) {
  dates::Date now_day = today(s);
  auto tx = db_.read();
  auto i = load_item(tx, s, kind, id, now_day);
  tx.commit();
  if (i) audit_.record_async(audit_entry(s, "read", table_of(kind).object_type, id, "pathway"));
  return i;
}

std::vector<Item> PathwayService::items(const Session& s, ItemKind kind,
                                        const std::string& beneficiary_id) {
  dates::Date now_day = today(s);
  auto t = table_of(kind);
  auto tx = db_.read();
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  std::vector<Item> out;
  for (const auto& r : tx.query("SELECT " + item_columns(t) + "WHERE i.beneficiary_id = ? AND " +
                                    cond + " ORDER BY i.created_at, i.id",
                                p)) {
    out.push_back(item_from(kind, r, now_day));
  }
  tx.commit();
  audit_read(s, beneficiary_id, kind == ItemKind::kObjective ? "objectives" : "actions");
  return out;
}

std::vector<Item> PathwayService::objectives_of_contract(const Session& s, const Contract& c) {
  std::vector<Item> out;
  for (auto& i : items(s, ItemKind::kObjective, c.beneficiary_id)) {
    if (i.parent_id == c.id && i.status != "abandonne") out.push_back(std::move(i));
  }
  return out;
}

// ---- labels ---------------------------------------------------------------------------------

std::vector<std::string> PathwayService::job_labels(const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  if (codes.empty()) return out;
  auto tx = db_.read();
  for (const auto& code : codes) {
    auto r = tx.query_one("SELECT label, rome_code FROM rome_appellations WHERE code = ?", {code});
    out.push_back(r ? r->text(0) + " (" + r->text(1) + ")" : "appellation ROME n° " + code);
  }
  tx.commit();
  return out;
}

}  // namespace jalon::pathways
