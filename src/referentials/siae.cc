#include "referentials/siae.h"

#include "core/dates.h"
#include "eligibility/criteria.h"
#include "referentials/json_array.h"

namespace jalon::referentials {
namespace {

// The ASP's code of each kind and its code in the one list of SIAE kinds (eligibility), which
// holds the labels.
struct KindInfo {
  SiaeKind kind;
  std::string_view code, kind_code;
};

constexpr KindInfo kKinds[] = {
    {SiaeKind::kAci, "ACI", "aci"},    {SiaeKind::kEi, "EI", "ei"},
    {SiaeKind::kAi, "AI", "ai"},       {SiaeKind::kEtti, "ETTI", "etti"},
    {SiaeKind::kEiti, "EITI", "eiti"},
};

constexpr std::string_view kModel = "companies.siaeconvention";

store::Value instant(const JsonElement& e, std::string_view key) {
  if (!e.has(key)) return nullptr;
  auto t = dates::parse_rfc3339(e.text(key));
  if (!t.ok()) e.fail(key, "date invalide « " + e.text(key) + " »");
  return static_cast<long long>(*t);
}

}  // namespace

std::string_view siae_kind_code(SiaeKind k) {
  return kKinds[static_cast<int>(k)].code;
}
std::string_view siae_kind_label(SiaeKind k) {
  return referential::label_of(eligibility::siae_kinds(), kKinds[static_cast<int>(k)].kind_code);
}

std::optional<SiaeKind> parse_siae_kind(std::string_view code) {
  for (const auto& k : kKinds) {
    if (k.code == code) return k.kind;
  }
  return std::nullopt;
}

Result<ImportSummary> import_siae(store::Database& db, const std::string& path,
                                  const ImportOptions& options) {
  return run_import(db, options, "siae", [&](store::Tx& tx, ImportSummary& s, Progress& p) {
    std::string file =
        find_dataset_file(path, "les-emplois_siae_convention", {".json", ".json.gz"}, true);
    TableLoader out(tx, {"siae_conventions",
                         {"asp_id", "kind", "siret", "active", "created_at", "deactivated_at"}});
    std::string latest;  // the newest creation date: the edition
    int64_t skipped = 0;
    int64_t n = for_each_json_object(file, p, [&](const JsonElement& e) {
      if (e.text("model") != kModel) {
        ++skipped;
        return;
      }
      JsonElement f = e.object("fields");
      std::string kind = f.required("kind");
      if (!parse_siae_kind(kind)) f.fail("kind", "type de SIAE inconnu « " + kind + " »");
      std::string siret = f.required("siret_signature");
      if (siret.size() != 14 ||
          !std::all_of(siret.begin(), siret.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        f.fail("siret_signature", "SIRET invalide « " + siret + " » (14 chiffres attendus)");
      }
      std::string created = f.text("created_at").substr(0, 10);
      if (created > latest) latest = created;
      out.add({f.integer("asp_id"), kind, siret, f.boolean("is_active") ? 1 : 0,
               instant(f, "created_at"), instant(f, "deactivated_at")},
              f.where("asp_id"));
    });
    s.edition = latest;
    record_file(s, base_name(file), n, {&out}, skipped);
  });
}

}  // namespace jalon::referentials
