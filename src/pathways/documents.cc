#include "pathways/documents.h"

#include <minizip/unzip.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "access/keys.h"
#include "access/policy.h"
#include "core/dates.h"
#include "core/text.h"
#include "store/row_reader.h"

namespace jalon::pathways {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxArchiveEntries = 2000;
constexpr uint64_t kMaxUncompressed = 100ull * 1024 * 1024;

std::string lower_extension(const std::string& filename) {
  auto dot = filename.rfind('.');
  if (dot == std::string::npos) return {};
  std::string ext = filename.substr(dot + 1);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool starts(const std::string& data, std::string_view magic) {
  return data.size() >= magic.size() && std::string_view(data).substr(0, magic.size()) == magic;
}

// True when the bytes hold an HTML element a browser would run or render: a PDF or image that
// is also an HTML page (a polyglot) becomes a page of our origin if anything ever serves or
// sniffs it as HTML. The tags are matched whole (followed by a blank, '>' or '/'), which random
// compressed data practically never produces.
bool contains_html(std::string_view data) {
  static constexpr std::string_view kTags[] = {"html", "head", "body",   "script", "iframe",
                                               "svg",  "meta", "object", "embed",  "!doctype"};
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  for (std::size_t at = data.find('<'); at != std::string_view::npos; at = data.find('<', at + 1)) {
    for (std::string_view tag : kTags) {
      std::size_t end = at + 1 + tag.size();
      if (end >= data.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < tag.size() && same; ++i) same = lower(data[at + 1 + i]) == tag[i];
      char next = data[end];
      if (same && (next == '>' || next == '/' || next == ' ' || next == '\t' || next == '\n' ||
                   next == '\r' || next == '\f')) {
        return true;
      }
    }
  }
  return false;
}

// An archive entry name that would land outside the folder it is extracted into.
bool escapes_folder(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\') return true;
  if (name.size() >= 2 && name[1] == ':') return true;  // C:...
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

// An ODT or DOCX: a zip whose entries are bounded in number and uncompressed size, holding the
// part that makes it that kind of document.
Result<std::string> checked_office(const std::string& path, const std::string& ext) {
  unzFile z = unzOpen64(path.c_str());
  if (!z) return Error::invalid("Le fichier n'est pas un document " + ext + " lisible.", "file");
  unz_global_info64 info{};
  int entries = 0;
  uint64_t total = 0;
  bool has_main = false, escapes = false;
  std::string mimetype;
  bool ok = unzGetGlobalInfo64(z, &info) == UNZ_OK && info.number_entry <= kMaxArchiveEntries;
  for (int rc = ok ? unzGoToFirstFile(z) : UNZ_END_OF_LIST_OF_FILE; ok && rc == UNZ_OK;
       rc = unzGoToNextFile(z)) {
    char name[512];
    unz_file_info64 fi{};
    if (unzGetCurrentFileInfo64(z, &fi, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) {
      ok = false;
      break;
    }
    ++entries;
    total += fi.uncompressed_size;
    std::string n(name);
    if (fi.size_filename >= sizeof name || escapes_folder(n)) {
      escapes = true;
      break;
    }
    if (ext == "docx" && n == "word/document.xml") has_main = true;
    if (ext == "odt" && n == "content.xml") has_main = true;
    if (ext == "odt" && n == "mimetype" && fi.uncompressed_size < 100 &&
        unzOpenCurrentFile(z) == UNZ_OK) {
      char buf[100];
      int got = unzReadCurrentFile(z, buf, sizeof buf);
      if (got > 0) mimetype.assign(buf, static_cast<std::size_t>(got));
      unzCloseCurrentFile(z);
    }
    if (entries > kMaxArchiveEntries || total > kMaxUncompressed) ok = false;
  }
  unzClose(z);
  if (escapes) {
    return Error::invalid(
        "Le document contient un fichier dont le chemin sort de l'archive (« ../ ») : il est "
        "refusé par sécurité. Enregistrez-le de nouveau depuis votre traitement de texte.",
        "file");
  }
  if (!ok) {
    return Error::invalid("Le document est trop volumineux une fois décompressé ou illisible.",
                          "file");
  }
  if (!has_main || (ext == "odt" && mimetype != "application/vnd.oasis.opendocument.text")) {
    return Error::invalid("Le contenu du fichier ne correspond pas à un document " + ext + ".",
                          "file");
  }
  return std::string(ext == "docx" ? "application/vnd.openxmlformats-officedocument."
                                     "wordprocessingml.document"
                                   : "application/vnd.oasis.opendocument.text");
}

Document document_from(const store::Row& r, const std::string& today) {
  store::RowReader c(r);
  Document d{c.text(), c.text(), c.text(), c.text(), c.text(), c.text(),
             c.text(), c.text(), c.text(), c.text(), c.i64(),  c.i64()};
  if (!d.expires_on.empty() && !today.empty()) {
    auto t = dates::parse_iso_date(today), e = dates::parse_iso_date(d.expires_on);
    if (t.ok() && e.ok()) {
      d.expired = e->days < t->days;
      d.expiring = !d.expired && e->days <= t->days + kProofWarningDays;
    }
  }
  return d;
}

constexpr const char* kColumns =
    "d.id, d.beneficiary_id, d.kind, d.label, d.filename, d.content_type, d.sha256, "
    "COALESCE(d.expires_on, ''), COALESCE(d.contract_id, ''), COALESCE(u.display_name, ''), "
    "d.size, d.uploaded_at FROM beneficiary_documents d JOIN beneficiaries b ON b.id = "
    "d.beneficiary_id LEFT JOIN users u ON u.id = d.uploaded_by ";

}  // namespace

const referential::List& document_kinds() {
  static const referential::List kinds = {
      {"cv", "CV"},
      {"piece_identite", "Pièce d'identité ou titre de séjour"},
      {"attestation", "Attestation (France Travail, CAF, MDPH…)"},
      {"justificatif", "Justificatif d'éligibilité"},
      {"contrat_signe", "Contrat signé"},
      {"autre", "Autre document"},
  };
  return kinds;
}

Result<std::string> checked_type(const std::string& filename, const std::string& data,
                                 const std::string& scratch_path) {
  if (data.empty()) return Error::invalid("Choisissez un fichier à envoyer.", "file");
  if (data.size() > kMaxDocumentBytes) {
    return Error::invalid("Le fichier dépasse 10 Mo.", "file");
  }
  std::string ext = lower_extension(filename);
  bool zip = starts(data, "PK\x03\x04");
  std::string type;
  if (ext == "pdf" && starts(data, "%PDF-")) type = "application/pdf";
  if ((ext == "jpg" || ext == "jpeg") && starts(data, "\xFF\xD8\xFF")) type = "image/jpeg";
  if (ext == "png" && starts(data, "\x89PNG\r\n\x1A\n")) type = "image/png";
  if (!type.empty()) {
    if (contains_html(data)) {
      return Error::invalid(
          "Le fichier contient aussi une page web (code HTML) : il est refusé par sécurité. "
          "Enregistrez-le de nouveau en PDF ou en image depuis le logiciel qui l'a créé.",
          "file");
    }
    return type;
  }
  if ((ext == "docx" || ext == "odt") && zip) {
    return checked_office(scratch_path, ext);
  }
  if (ext != "pdf" && ext != "jpg" && ext != "jpeg" && ext != "png" && ext != "docx" &&
      ext != "odt") {
    return Error::invalid("Formats acceptés : PDF, JPEG, PNG, ODT et DOCX.", "file");
  }
  return Error::invalid("Le contenu du fichier ne correspond pas à son extension (." + ext + ").",
                        "file");
}

DocumentService::DocumentService(store::Database& db, const Clock& clock, Random& rng,
                                 access::AuditLog& audit, std::string uploads_dir)
    : db_(db), clock_(clock), rng_(rng), audit_(audit), dir_(std::move(uploads_dir)) {}

Result<std::string> DocumentService::upload(const access::Session& s,
                                            const std::string& beneficiary_id,
                                            const DocumentInput& in) {
  // Outside the caller's scope the record does not exist, whatever the input.
  {
    if (!looks_like_id(beneficiary_id)) return Error::not_found("Dossier introuvable");
    auto tx = db_.read();
    store::Params p{beneficiary_id};
    std::string cond = access::Scope::of(s).beneficiaries("b", p);
    bool visible =
        tx.query_one("SELECT 1 FROM beneficiaries b WHERE b.id = ? AND " + cond, p).has_value();
    tx.commit();
    if (!visible) return Error::not_found("Dossier introuvable");
  }
  const auto* kind = referential::find(document_kinds(), in.kind);
  if (!kind) return Error::invalid("Choisissez le type de document.", "kind");
  std::string label = text::trim(in.label);
  if (label.empty()) label = std::string(kind->label);
  if (!text::valid_utf8(label) || text::length(label) > 150) {
    return Error::invalid("Le libellé ne doit pas dépasser 150 caractères.", "label");
  }
  if (!in.expires_on.empty()) {
    auto e = dates::parse_iso_date(in.expires_on, "expires_on");
    if (!e.ok()) return e.error();
  }
  std::string filename = text::valid_utf8(in.filename) ? text::trim(in.filename) : "document";
  if (filename.size() > 200) filename = filename.substr(filename.size() - 200);
  fs::create_directories(dir_);
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace);
  std::string storage = new_token(rng_, 24);
  fs::path path = fs::path(dir_) / storage;
  // The bytes go to disk before the row: any failure from here on (a store fault included)
  // removes them, so a failed upload leaves no orphan file (issue 23).
  struct RemoveUnlessKept {
    fs::path p;
    bool keep = false;
    ~RemoveUnlessKept() {
      std::error_code ec;
      if (!keep) fs::remove(p, ec);
    }
  } file_guard{path};
  {
    std::ofstream out(path, std::ios::binary);
    out.write(in.data.data(), static_cast<std::streamsize>(in.data.size()));
  }
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  auto type = checked_type(filename, in.data, path.string());
  if (!type.ok()) {
    fs::remove(path);
    return type.error();
  }
  std::string id = new_id(rng_);
  auto tx = db_.write();
  if (!in.contract_id.empty() &&
      !tx.query_one("SELECT 1 FROM contracts WHERE id = ? AND beneficiary_id = ?",
                    {in.contract_id, beneficiary_id})) {
    fs::remove(path);
    return Error::invalid("Ce contrat n'est pas celui de la personne.", "contract_id");
  }
  Millis now = clock_.now_ms();
  tx.exec(
      "INSERT INTO beneficiary_documents (id, structure_id, beneficiary_id, kind, label, "
      "filename, content_type, size, sha256, storage_name, expires_on, contract_id, "
      "uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, s.structure_id, beneficiary_id, in.kind, label, filename, *type,
       static_cast<int64_t>(in.data.size()), access::sha256_hex(in.data), storage,
       in.expires_on.empty() ? store::Value() : store::Value(in.expires_on),
       in.contract_id.empty() ? store::Value() : store::Value(in.contract_id), now, s.user_id});
  tx.exec(
      "INSERT INTO pathway_events (id, structure_id, beneficiary_id, kind, object_id, summary, "
      "occurred_at, actor_id) VALUES (?, ?, ?, 'document', ?, ?, ?, ?)",
      {new_id(rng_), s.structure_id, beneficiary_id, id, "Document ajouté : " + label, now,
       s.user_id});
  audit_.record(tx, access::audit_entry(s, "create", "beneficiary", beneficiary_id, "document",
                                        "document=" + id));
  tx.commit();
  file_guard.keep = true;
  return id;
}

Result<std::vector<Document>> DocumentService::list(const access::Session& s,
                                                    const std::string& beneficiary_id,
                                                    const std::string& today) {
  if (!looks_like_id(beneficiary_id)) return Error::not_found("Dossier introuvable");
  auto tx = db_.read();
  store::Params p{beneficiary_id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  if (!tx.query_one("SELECT 1 FROM beneficiaries b WHERE b.id = ? AND " + cond, p)) {
    return Error::not_found("Dossier introuvable");
  }
  store::Params q{beneficiary_id};
  std::string cond2 = access::Scope::of(s).beneficiaries("b", q);
  std::vector<Document> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kColumns +
                                    "WHERE d.beneficiary_id = ? AND d.deleted_at IS NULL AND " +
                                    cond2 + " ORDER BY d.uploaded_at DESC",
                                q)) {
    out.push_back(document_from(r, today));
  }
  tx.commit();
  audit_.record_async(access::audit_entry(s, "read", "beneficiary", beneficiary_id, "document",
                                          "section=documents"));
  return out;
}

std::optional<Document> DocumentService::find(store::Tx& tx, const access::Session& s,
                                              const std::string& id) {
  if (!looks_like_id(id)) return std::nullopt;
  store::Params p{id};
  std::string cond = access::Scope::of(s).beneficiaries("b", p);
  auto r = tx.query_one(
      std::string("SELECT ") + kColumns + "WHERE d.id = ? AND d.deleted_at IS NULL AND " + cond, p);
  if (!r) return std::nullopt;
  return document_from(*r, "");
}

Result<std::pair<Document, std::string>> DocumentService::content(const access::Session& s,
                                                                  const std::string& id) {
  auto tx = db_.read();
  auto d = find(tx, s, id);
  std::optional<store::Row> storage;
  if (d) {
    storage = tx.query_one("SELECT storage_name FROM beneficiary_documents WHERE id = ?", {id});
  }
  tx.commit();
  if (!d || !storage) return Error::not_found("Document introuvable");
  std::ifstream in(fs::path(dir_) / storage->text(0), std::ios::binary);
  if (!in) return Error::unavailable("Le fichier de ce document est introuvable sur le serveur.");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  audit_.record_async(access::audit_entry(s, "read", "beneficiary", d->beneficiary_id, "document",
                                          "document=" + id));
  return std::pair{*d, bytes.str()};
}

Status DocumentService::remove(const access::Session& s, const std::string& id) {
  auto tx = db_.write();
  auto d = find(tx, s, id);
  if (!d) return Error::not_found("Document introuvable");
  auto storage = tx.query_one("SELECT storage_name FROM beneficiary_documents WHERE id = ?", {id});
  Millis now = clock_.now_ms();
  tx.exec("UPDATE beneficiary_documents SET deleted_at = ? WHERE id = ?", {now, id});
  tx.exec(
      "INSERT INTO pathway_events (id, structure_id, beneficiary_id, kind, object_id, summary, "
      "occurred_at, actor_id) VALUES (?, ?, ?, 'document', ?, ?, ?, ?)",
      {new_id(rng_), s.structure_id, d->beneficiary_id, id, "Document supprimé : " + d->label, now,
       s.user_id});
  audit_.record(tx, access::audit_entry(s, "delete", "beneficiary", d->beneficiary_id, "document",
                                        "document=" + id));
  tx.commit();
  std::error_code ec;
  if (storage) fs::remove(fs::path(dir_) / storage->text(0), ec);
  return Ok{};
}

}  // namespace jalon::pathways
