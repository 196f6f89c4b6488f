#include "referentials/rome_fiche.h"

#include <cctype>

#include "store/row_reader.h"

namespace jalon::referentials {
namespace {

std::vector<RomeMobility> mobilities(store::Tx& tx, const std::string& code, bool outgoing) {
  // Outgoing: this fiche is the source, the other end is the target; incoming the reverse.
  std::string here = outgoing ? "m.rome_code" : "m.target_rome_code";
  std::string there = outgoing ? "m.target_rome_code" : "m.rome_code";
  std::string here_app = outgoing ? "m.appellation_code" : "m.target_appellation_code";
  std::string there_app = outgoing ? "m.target_appellation_code" : "m.appellation_code";
  auto rows =
      tx.query("SELECT m.kind, " + there +
                   ", COALESCE(r.label, ''), COALESCE(ha.label, ''), "
                   "COALESCE(ta.label, '') FROM rome_mobilities m "
                   "LEFT JOIN rome_codes r ON r.code = " +
                   there + " LEFT JOIN rome_appellations ha ON ha.code = " + here_app +
                   " LEFT JOIN rome_appellations ta ON ta.code = " + there_app + " WHERE " + here +
                   " = ? ORDER BY m.kind, " + there + ", " + here_app + ", " + there_app,
               {code});
  std::vector<RomeMobility> out;
  for (const auto& r : rows) {
    out.push_back(
        {static_cast<MobilityKind>(r.i64(0)), {r.text(1), r.text(2)}, r.text(3), r.text(4)});
  }
  return out;
}

std::vector<RomeItem> items(store::Tx& tx, const std::string& code, const std::string& table,
                            int core_rubric, int specific_rubric) {
  std::vector<RomeItem> out;
  for (const auto& r :
       tx.query("SELECT i.item_code, t.label, i.rubric FROM rome_fiche_items i JOIN " + table +
                    " t ON t.code = i.item_code WHERE i.rome_code = ? AND "
                    "i.rubric IN (?, ?) ORDER BY i.rubric = ? DESC, "
                    "i.block_position, i.item_position, t.label",
                {code, core_rubric, specific_rubric, core_rubric})) {
    out.push_back({r.text(0), r.text(1), r.i64(2) == core_rubric});
  }
  return out;
}

}  // namespace

std::string_view mobility_label(MobilityKind k) {
  return k == MobilityKind::kClose ? "Mobilité proche" : "Mobilité d'évolution";
}

Result<RomeFiche> rome_fiche(store::Database& db, std::string_view code_in) {
  std::string code(code_in);
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto tx = db.read();
  auto head = tx.query_one(
      "SELECT r.code, r.label, g.code, g.label, d.code, d.label, q.major, q.minor "
      "FROM rome_codes r "
      "LEFT JOIN rome_domains d ON d.code = substr(r.code, 1, 3) "
      "LEFT JOIN rome_grand_domains g ON g.code = substr(r.code, 1, 1) "
      "LEFT JOIN rome_riasec q ON q.rome_code = r.code WHERE r.code = ?",
      {code});
  if (!head) return Error::not_found("Fiche ROME introuvable : " + code);
  RomeFiche f;
  store::RowReader h(*head);
  f.code = h.text();
  f.label = h.text();
  f.grand_domain = {h.text(), h.text()};  // braced lists read left to right
  f.domain = {h.text(), h.text()};
  f.riasec_major = h.text();
  f.riasec_minor = h.text();
  for (const auto& r : tx.query("SELECT code, label, COALESCE(short_label, '') FROM "
                                "rome_appellations WHERE rome_code = ? ORDER BY label",
                                {code})) {
    f.appellations.push_back({r.text(0), r.text(1), r.text(2)});
  }
  f.knowledge = items(tx, code, "rome_knowledge", 7, 10);
  f.activities = items(tx, code, "rome_activities", 6, 9);
  for (const auto& r :
       tx.query("SELECT e.code, e.label, e.section_label FROM rome_fiche_items i JOIN "
                "rome_work_environments e ON e.code = i.item_code WHERE i.rome_code = ? AND "
                "i.rubric = 5 ORDER BY e.section_label, e.label",
                {code})) {
    f.work_environments.push_back({r.text(0), r.text(1), r.text(2)});
  }
  f.mobilities_out = mobilities(tx, code, true);
  f.mobilities_in = mobilities(tx, code, false);
  for (const auto& r :
       tx.query("SELECT kind, body FROM rome_texts WHERE rome_code = ? ORDER BY kind, position",
                {code})) {
    const std::string& kind = r.text(0);
    if (kind == "definition") {
      f.definition.push_back(r.text(1));
    } else if (kind == "acces_a_em") {
      f.access.push_back(r.text(1));
    } else if (kind == "cond_exercice_activite") {
      f.conditions.push_back(r.text(1));
    }
  }
  tx.commit();
  return f;
}

}  // namespace jalon::referentials
