// The record's "Documents" tab: upload (multipart, checked by DocumentService), the list with
// expiry warnings, download as an attachment, deletion; and the same in the JSON API.
#include <nlohmann/json.hpp>

#include "access/capabilities.h"
#include "access/policy.h"
#include "core/dates.h"
#include "http/json_api.h"
#include "pathways/referentials.h"
#include "pathways/web.h"
#include "ui/page.h"
#include "ui/wording.h"

namespace jalon::pathways {
namespace {

using dates::french_date;

std::string size_text(int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " o";
  if (bytes < 1024 * 1024) return std::to_string((bytes + 512) / 1024) + " Ko";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f Mo", static_cast<double>(bytes) / (1024 * 1024));
  std::string s = buf;
  for (auto& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

json document_json(const Document& d) {
  return {{"id", d.id},
          {"kind", d.kind},
          {"kind_label", label_of(document_kinds(), d.kind)},
          {"label", d.label},
          {"filename", d.filename},
          {"content_type", d.content_type},
          {"size", d.size},
          {"size_text", size_text(d.size)},
          {"sha256", d.sha256},
          {"expires_on", d.expires_on.empty() ? json(nullptr) : json(d.expires_on)},
          {"expires_fr", french_date(d.expires_on)},
          {"expired", d.expired},
          {"expiring", d.expiring},
          {"contract_id", d.contract_id.empty() ? json(nullptr) : json(d.contract_id)},
          {"uploaded_by", d.uploaded_by},
          {"uploaded_at", dates::rfc3339_utc(d.uploaded_at)},
          {"uploaded_on", french_date(dates::iso(dates::local_date(d.uploaded_at)))}};
}

// RFC 6266: an ASCII fallback and the UTF-8 name percent-encoded.
std::string content_disposition(const std::string& filename) {
  std::string ascii, encoded;
  for (unsigned char c : filename) {
    bool safe = std::isalnum(c) || c == '.' || c == '-' || c == '_';
    // One '_' per character the fallback cannot carry (UTF-8 continuation bytes add none).
    if ((c & 0xC0) != 0x80) ascii += (c < 0x80 && safe) ? static_cast<char>(c) : '_';
    if (safe) {
      encoded += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      encoded += buf;
    }
  }
  if (ascii.empty()) ascii = "document";
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

Response download(const Document& d, std::string bytes) {
  Response r;
  r.body = std::move(bytes);
  r.set_header("Content-Type", d.content_type);
  r.set_header("Content-Disposition", content_disposition(d.filename));
  r.set_header("Cache-Control", "private, no-store");
  r.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
  return r;
}

const http::UploadedFile* file_of(const Request& req) {
  for (const auto& f : req.files) {
    if (f.field == "file") return &f;
  }
  return nullptr;
}

// The upload's fields: trimmed and kept for redisplay by `form` (the page), raw for the API.
DocumentInput read_document(const Request& req, ui::Form* form) {
  auto field = [&](const char* name) { return form ? form->text(name) : req.form.get(name); };
  DocumentInput in;
  in.kind = field("kind");
  in.label = field("label");
  in.expires_on = field("expires_on");
  in.contract_id = field("contract_id");
  if (const auto* f = file_of(req)) {
    in.filename = f->filename;
    in.data = f->data;
  }
  return in;
}

// The person's contracts, for the document's optional contract.
json contract_choices(const Services& svc, const access::Session& s, const std::string& person_id) {
  json contracts = json::array();
  for (const auto& c : svc.pathways.contracts(s, person_id)) {
    contracts.push_back({{"id", c.id},
                         {"label", std::string(label_of(contract_kinds(), c.kind)) + " du " +
                                       french_date(c.starts_on)}});
  }
  return contracts;
}

// The tab, after a failed upload too (`form` set, 422).
Response documents_page(const Services& svc, const Request& req, ui::Form* form, int status,
                        bool saved) {
  return ui::record_page(
      svc.records, req, "/documents", "Documents", "identity",
      [&](const ui::RecordHeader& h, json& ctx) {
        const auto& s = access::session_of(req);
        auto docs = svc.documents.list(s, h.id, dates::iso(svc.pathways.today(s)));
        if (!docs) return Response::not_found();
        json list = json::array();
        int warnings = 0;
        for (const auto& d : *docs) {
          list.push_back(document_json(d));
          if (d.expired || d.expiring) ++warnings;
        }
        json contracts = contract_choices(svc, s, h.id);
        ctx["documents"] = list;
        ctx["none"] = list.empty();
        // No warning at all when nothing expires (not "0 justificatif(s) expiré(s)").
        ctx["warnings"] = warnings > 0
                              ? json(ui::count_of(warnings, "justificatif expiré ou qui expire",
                                                  "justificatifs expirés ou qui expirent"))
                              : json(nullptr);
        ctx["kinds"] = ui::options(document_kinds(), form ? req.form.get("kind") : "");
        ctx["has_contracts"] = !contracts.empty();
        ctx["contracts"] = std::move(contracts);
        if (saved) ctx["notice"] = "Le document a été ajouté.";
        if (req.query.has("supprime")) ctx["notice"] = "Le document a été supprimé.";
        if (form) form->fill(ctx);
        return svc.page(req, "pathways/documents", ctx, status);
      });
}

Response documents_tab(const Services& svc, Request& req) {
  return documents_page(svc, req, nullptr, 200, req.query.has("ajoute"));
}

Response upload(const Services& svc, Request& req) {
  ui::Form form(req);
  auto id =
      svc.documents.upload(access::session_of(req), req.param("id"), read_document(req, &form));
  return saved_or_again(
      id, form,
      [&] {
        return Response::redirect("/beneficiaires/" + req.param("id") + "/documents?ajoute=1");
      },
      [&] { return documents_page(svc, req, &form, 422, false); });
}

Response download_page(const Services& svc, Request& req) {
  auto c = svc.documents.content(access::session_of(req), req.param("id"));
  if (!c) {
    return c.error().kind == ErrorKind::kNotFound ? Response::not_found()
                                                  : Response::error(503, c.error().message);
  }
  return download(c->first, std::move(c->second));
}

Response remove(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto c = svc.documents.content(s, req.param("id"));
  if (!c) return Response::not_found();
  if (!svc.documents.remove(s, req.param("id")).ok()) return Response::not_found();
  return Response::redirect("/beneficiaires/" + c->first.beneficiary_id + "/documents?supprime=1");
}

// ---- API ----------------------------------------------------------------------------------

Response api_list(const Services& svc, Request& req) {
  const auto& s = access::session_of(req);
  auto docs = svc.documents.list(s, req.param("id"), dates::iso(svc.pathways.today(s)));
  if (!docs) return http::problem(docs.error(), req);
  json items = json::array();
  for (const auto& d : *docs) items.push_back(document_json(d));
  return http::items_response(items);
}

Response api_upload(const Services& svc, Request& req) {
  auto id =
      svc.documents.upload(access::session_of(req), req.param("id"), read_document(req, nullptr));
  if (!id) return http::problem(id.error(), req);
  return Response::json(json{{"id", *id}}.dump(), 201);
}

Response api_content(const Services& svc, Request& req) {
  auto c = svc.documents.content(access::session_of(req), req.param("id"));
  if (!c) return http::problem(c.error(), req);
  return download(c->first, std::move(c->second));
}

Response api_remove(const Services& svc, Request& req) {
  auto st = svc.documents.remove(access::session_of(req), req.param("id"));
  if (!st.ok()) return http::problem(st.error(), req);
  Response r;
  r.status = 204;
  return r;
}

}  // namespace

void register_documents(http::Router& router, const Services& s) {
  using enum http::Method;
  router.add_all({
      {kGet, "/beneficiaires/{id}/documents", kPathwayRead, http::on(s, documents_tab)},
      {kPost, "/beneficiaires/{id}/documents", kPathwayWrite, http::on(s, upload)},
      {kGet, "/documents/{id}/telecharger", kPathwayRead, http::on(s, download_page)},
      {kPost, "/documents/{id}/supprimer", kPathwayWrite, http::on(s, remove)},
      {kGet, "/api/v1/beneficiaries/{id}/documents", kPathwayRead, http::on(s, api_list)},
      {kPost, "/api/v1/beneficiaries/{id}/documents", kPathwayWrite, http::on(s, api_upload)},
      {kGet, "/api/v1/documents/{id}/content", kPathwayRead, http::on(s, api_content)},
      {kDelete, "/api/v1/documents/{id}", kPathwayWrite, http::on(s, api_remove)},
  });
}

}  // namespace jalon::pathways
