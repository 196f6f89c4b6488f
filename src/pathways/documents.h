// Documents of the record (SR 43): uploads checked on their content (magic bytes agreeing with
// the extension: PDF, JPEG, PNG, ODT, DOCX; for ODT and DOCX the archive's entry count and
// uncompressed size are bounded, no entry name may leave the archive's folder ("../", absolute
// paths) and its structure is checked; a PDF or image that is also an HTML page — a polyglot —
// is refused), at most 10 MB, stored outside the web root under a random name, served as
// attachments. A proof can carry an expiry date: the record's tab and the counselor's dashboard
// warn 30 days ahead.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/service.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/referential.h"
#include "core/result.h"
#include "store/database.h"

namespace jalon::pathways {

inline constexpr std::size_t kMaxDocumentBytes = 10 * 1024 * 1024;
inline constexpr int kProofWarningDays = 30;

struct DocumentInput {
  std::string kind;         // cv, piece_identite, attestation, contrat_signe, justificatif, autre
  std::string label;        // what it is ("Attestation France Travail")
  std::string filename;     // as sent by the browser
  std::string data;         // the bytes
  std::string expires_on;   // ISO date, optional
  std::string contract_id;  // the contract a signed copy belongs to, optional
};

struct Document {
  std::string id, beneficiary_id, kind, label, filename, content_type, sha256, expires_on,
      contract_id, uploaded_by;
  int64_t size = 0;
  Millis uploaded_at = 0;
  bool expired = false, expiring = false;  // against today in the structure's zone
};

// The content type of bytes named `filename`, or why they are refused (field "file").
Result<std::string> checked_type(const std::string& filename, const std::string& data,
                                 const std::string& scratch_path);

class DocumentService {
 public:
  DocumentService(store::Database& db, const Clock& clock, Random& rng, access::AuditLog& audit,
                  std::string uploads_dir);

  Result<std::string> upload(const access::Session& s, const std::string& beneficiary_id,
                             const DocumentInput& in);
  // Not found outside the caller's scope. `today_iso` marks expired and expiring proofs.
  Result<std::vector<Document>> list(const access::Session& s, const std::string& beneficiary_id,
                                     const std::string& today_iso);
  // The document and its bytes (audited as a read).
  Result<std::pair<Document, std::string>> content(const access::Session& s, const std::string& id);
  Status remove(const access::Session& s, const std::string& id);

 private:
  std::optional<Document> find(store::Tx& tx, const access::Session& s, const std::string& id);

  store::Database& db_;
  const Clock& clock_;
  Random& rng_;
  access::AuditLog& audit_;
  std::string dir_;
};

// The kinds of documents (cv, piece_identite, attestation…), a referential list.
using KindEntry = referential::Code;
const referential::List& document_kinds();

}  // namespace jalon::pathways
