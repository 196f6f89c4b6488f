// The autosaved draft of a territorial note: what an author typed since the note's latest
// version, kept on the server (one draft per note and author, never in the browser, SR 44)
// until they save a new version. Saving a version while typing would fill the version list
// with keystrokes; the draft instead is offered again when the editor is reopened.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "access/audit.h"
#include "access/service.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::territorial {

struct NoteDraft {
  int base_version = 0;  // the version it was typed on
  std::string title;
  std::map<std::string, std::string> texts;  // section code -> text
  Millis saved_at = 0;
};

class NoteDrafts {
 public:
  NoteDrafts(store::Database& db, const Clock& clock, access::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  // Keeps the caller's draft of a note of their structure; returns when it was saved.
  // kConflict when the note has a newer version than `base_version`; kNotFound outside the
  // structure; kInvalid for a title or text too long.
  Result<Millis> save(const access::Session& s, const std::string& note_id, const NoteDraft& d);
  // The caller's draft of the note, when it was typed on `current_version`.
  std::optional<NoteDraft> get(const access::Session& s, const std::string& note_id,
                               int current_version);
  // Forgets the caller's draft (a version was saved).
  void discard(const access::Session& s, const std::string& note_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  access::AuditLog& audit_;
};

}  // namespace jalon::territorial
