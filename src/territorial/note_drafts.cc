#include "territorial/note_drafts.h"

#include <nlohmann/json.hpp>

#include "core/validation.h"
#include "store/row_reader.h"
#include "territorial/notes.h"

namespace jalon::territorial {

using access::audit_entry;

Result<Millis> NoteDrafts::save(const access::Session& s, const std::string& note_id,
                                const NoteDraft& d) {
  std::vector<Error> out;
  validation::Mistakes errs{out};
  errs.add(validation::text(d.title, "title", "Le titre", 150));
  nlohmann::json texts = nlohmann::json::object();
  for (const auto& sec : note_sections()) {
    std::string code(sec.code);
    auto it = d.texts.find(code);
    if (it == d.texts.end()) continue;
    if (errs.add(validation::text(it->second, "text_" + code, "Ce texte", 50'000)))
      texts[code] = it->second;
  }
  if (auto st = errs.status(); !st.ok()) return st.error();
  auto tx = db_.write();
  auto note = tx.query_one(
      "SELECT current_version FROM territorial_notes WHERE id = ? AND structure_id = ?",
      {note_id, s.structure_id});
  if (!note) return Error::not_found();
  if (note->i64(0) != d.base_version) {
    return Error::conflict(
        "Une nouvelle version de la note a été enregistrée entre-temps : rechargez la page "
        "pour repartir de la dernière version.");
  }
  Millis now = clock_.now_ms();
  std::string content = nlohmann::json{{"title", d.title}, {"texts", texts}}.dump();
  tx.exec("DELETE FROM territorial_note_drafts WHERE note_id = ? AND user_id = ?",
          {note_id, s.user_id});
  tx.exec(
      "INSERT INTO territorial_note_drafts (note_id, user_id, base_version, content, saved_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {note_id, s.user_id, d.base_version, content, now});
  audit_.record(tx, audit_entry(s, "update", "territorial_note_draft", note_id, "territory",
                                "version=" + std::to_string(d.base_version)));
  tx.commit();
  return now;
}

std::optional<NoteDraft> NoteDrafts::get(const access::Session& s, const std::string& note_id,
                                         int current_version) {
  auto tx = db_.read();
  auto row = tx.query_one(
      "SELECT d.base_version, d.content, d.saved_at FROM territorial_note_drafts d JOIN "
      "territorial_notes n ON n.id = d.note_id WHERE d.note_id = ? AND d.user_id = ? AND "
      "n.structure_id = ?",
      {note_id, s.user_id, s.structure_id});
  tx.commit();
  if (!row) return std::nullopt;
  store::RowReader r(*row);
  NoteDraft d;
  d.base_version = r.i32();
  auto content = nlohmann::json::parse(r.text(), nullptr, false);
  d.saved_at = r.i64();
  if (d.base_version != current_version || !content.is_object()) return std::nullopt;
  d.title = content.value("title", std::string());
  const nlohmann::json texts = content.value("texts", nlohmann::json::object());
  for (const auto& [code, text] : texts.items()) {
    if (text.is_string()) d.texts[code] = text.get<std::string>();
  }
  return d;
}

void NoteDrafts::discard(const access::Session& s, const std::string& note_id) {
  auto tx = db_.write();
  tx.exec("DELETE FROM territorial_note_drafts WHERE note_id = ? AND user_id = ?",
          {note_id, s.user_id});
  tx.commit();
}

}  // namespace jalon::territorial
