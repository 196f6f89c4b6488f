// The record's "Documents" tab: upload (multipart, checked by DocumentService), the list with
// expiry warnings, download as an attachment, deletion; and the same in the JSON API.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "beneficiaries/view.h"
#include "core/dates.h"
#include "http/json_api.h"
#include "meetings/web.h"
#include "pathways/referentials.h"
#include "pathways/web.h"
#include "ui/page.h"

namespace jalon::pathways {
namespace {

using beneficiaries::view::french_date;
using beneficiaries::view::section_header;
using http::Request;
using http::Response;
using nlohmann::json;

std::string kind_label(const std::string& code) {
  for (const auto& k : document_kinds()) {
    if (k.code == code) return std::string(k.label);
  }
  return code;
}

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
          {"kind_label", kind_label(d.kind)},
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

}  // namespace

void register_documents(http::Router& router, const Services& svc) {
  auto tab = [svc](const Request& req, ui::Form* form, int status, bool saved) {
    const auto& s = access::session_of(req);
    auto b = svc.beneficiaries.get(s, req.param("id"));
    if (!b) return Response::not_found();
    std::string today = dates::iso(svc.pathways.today(s));
    auto docs = svc.documents.list(s, b->summary.id, today);
    if (!docs) return Response::not_found();
    json list = json::array();
    int warnings = 0;
    for (const auto& d : *docs) {
      list.push_back(document_json(d));
      if (d.expired || d.expiring) ++warnings;
    }
    json kinds = json::array();
    std::string chosen = form ? req.form.get("kind") : "";
    for (const auto& k : document_kinds()) {
      kinds.push_back({{"code", k.code}, {"label", k.label}, {"selected", k.code == chosen}});
    }
    json contracts = json::array();
    for (const auto& c : svc.pathways.contracts(s, b->summary.id)) {
      contracts.push_back({{"id", c.id},
                           {"label", std::string(label_of(contract_kinds(), c.kind)) + " du " +
                                         french_date(c.starts_on)}});
    }
    json ctx = section_header(*b, "/documents", "Documents");
    ctx["documents"] = list;
    ctx["none"] = list.empty();
    ctx["warnings"] = warnings;
    ctx["kinds"] = kinds;
    ctx["contracts"] = contracts;
    ctx["has_contracts"] = !contracts.empty();
    if (saved) ctx["notice"] = "Le document a été ajouté.";
    if (req.query.has("supprime")) ctx["notice"] = "Le document a été supprimé.";
    if (form) form->fill(ctx);
    return svc.page(req, "pathways/documents", ctx, status);
  };

  router.get("/beneficiaires/{id}/documents", meetings::kPathwayRead,
             [tab](Request& req) { return tab(req, nullptr, 200, req.query.has("ajoute")); });

  router.post("/beneficiaires/{id}/documents", meetings::kPathwayWrite, [svc, tab](Request& req) {
    const auto& s = access::session_of(req);
    ui::Form form(req);
    DocumentInput in;
    in.kind = form.text("kind");
    in.label = form.text("label");
    in.expires_on = form.text("expires_on");
    in.contract_id = form.text("contract_id");
    if (const auto* f = file_of(req)) {
      in.filename = f->filename;
      in.data = f->data;
    }
    auto id = svc.documents.upload(s, req.param("id"), in);
    if (!id) {
      if (id.error().kind == ErrorKind::kNotFound) return Response::not_found();
      form.fail(id.error());
      return tab(req, &form, 422, false);
    }
    return Response::redirect("/beneficiaires/" + req.param("id") + "/documents?ajoute=1");
  });

  router.get("/documents/{id}/telecharger", meetings::kPathwayRead, [svc](Request& req) {
    auto c = svc.documents.content(access::session_of(req), req.param("id"));
    if (!c)
      return c.error().kind == ErrorKind::kNotFound ? Response::not_found()
                                                    : Response::error(503, c.error().message);
    return download(c->first, std::move(c->second));
  });

  router.post("/documents/{id}/supprimer", meetings::kPathwayWrite, [svc](Request& req) {
    const auto& s = access::session_of(req);
    auto c = svc.documents.content(s, req.param("id"));
    if (!c) return Response::not_found();
    if (!svc.documents.remove(s, req.param("id")).ok()) return Response::not_found();
    return Response::redirect("/beneficiaires/" + c->first.beneficiary_id +
                              "/documents?supprime=1");
  });

  // ---- API ------------------------------------------------------------------------------
  router.get("/api/v1/beneficiaries/{id}/documents", meetings::kPathwayRead, [svc](Request& req) {
    const auto& s = access::session_of(req);
    auto docs = svc.documents.list(s, req.param("id"), dates::iso(svc.pathways.today(s)));
    if (!docs) return http::problem(docs.error(), req);
    json items = json::array();
    for (const auto& d : *docs) items.push_back(document_json(d));
    return Response::json(json{{"items", items}}.dump());
  });

  router.post("/api/v1/beneficiaries/{id}/documents", meetings::kPathwayWrite, [svc](Request& req) {
    const auto& s = access::session_of(req);
    DocumentInput in;
    in.kind = req.form.get("kind");
    in.label = req.form.get("label");
    in.expires_on = req.form.get("expires_on");
    in.contract_id = req.form.get("contract_id");
    if (const auto* f = file_of(req)) {
      in.filename = f->filename;
      in.data = f->data;
    }
    auto id = svc.documents.upload(s, req.param("id"), in);
    if (!id) return http::problem(id.error(), req);
    return Response::json(json{{"id", *id}}.dump(), 201);
  });

  router.get("/api/v1/documents/{id}/content", meetings::kPathwayRead, [svc](Request& req) {
    auto c = svc.documents.content(access::session_of(req), req.param("id"));
    if (!c) return http::problem(c.error(), req);
    return download(c->first, std::move(c->second));
  });

  router.add(http::Method::kDelete, "/api/v1/documents/{id}", meetings::kPathwayWrite,
             [svc](Request& req) {
               auto st = svc.documents.remove(access::session_of(req), req.param("id"));
               if (!st.ok()) return http::problem(st.error(), req);
               Response r;
               r.status = 204;
               return r;
             });
}

}  // namespace jalon::pathways
