// The person's record as other domains show it: one tab list, and the helper that owns the shape
// of every record page — load the person named by the route's {id} in the caller's scope (an
// audited read) or answer 404, then render the page with the record's header and tabs. The
// lookup is an interface the beneficiaries domain implements and the app wires in, so a domain
// page (appointments, documents…) depends on ui/ only, not on beneficiaries/.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace jalon::ui {

struct RecordHeader {
  std::string id;    // the person's opaque id
  std::string name;  // "First Last", for titles
};

class Records {
 public:
  virtual ~Records() = default;
  // The person if the caller may see them; the read is audited as one read of `sections`
  // ("identity", "identity,pathway"…).
  virtual std::optional<RecordHeader> open(const http::Request& req, const std::string& id,
                                           std::string_view sections) const = 0;
};

// The record's tabs, `current` being the slug of the open one ("", "/situation", …).
nlohmann::json record_tabs(const std::string& person_id, std::string_view current);
// What a record page's template needs for ui/record_tabs: {"b": {id, name}, "tabs", "nav",
// "title": "<title> — <name>"}.
nlohmann::json record_context(const RecordHeader& h, std::string_view tab, std::string_view title);

// The caseload list a record page was opened from (issue 14): the `retour` parameter the list's
// links carry ("statut=en_cours&page=2"), put in ctx as "back_url" ("/beneficiaires?…", or
// "/beneficiaires" without one) for the breadcrumb, and kept on the tabs' links. Only a plain
// query string is kept (letters, digits, and _ - . % + = &), so the link stays on the list.
void keep_list(const http::Request& req, nlohmann::json& ctx);

// Opens the person of the route's {id} (404 when out of scope), then answers
// body(header, ctx), ctx holding record_context(header, tab, title).
template <class Body>
http::Response record_page(const Records& records, const http::Request& req, std::string_view tab,
                           std::string_view title, std::string_view sections, Body&& body) {
  auto h = records.open(req, req.param("id"), sections);
  if (!h) return http::Response::not_found();
  nlohmann::json ctx = record_context(*h, tab, title);
  keep_list(req, ctx);
  return body(*h, ctx);
}

// An object of a person's record (an appointment, a report…) with that person's header.
template <class T>
struct OnRecord {
  T object;
  RecordHeader h;
};

// `object` (looked up in the caller's scope; nullopt when not found) with the header of its
// person (`object->beneficiary_id`), or nullopt when either is out of scope.
template <class T>
std::optional<OnRecord<T>> on_record(const Records& records, const http::Request& req,
                                     std::optional<T> object, std::string_view sections) {
  if (!object) return std::nullopt;
  auto h = records.open(req, object->beneficiary_id, sections);
  if (!h) return std::nullopt;
  return OnRecord<T>{std::move(*object), std::move(*h)};
}

}  // namespace jalon::ui
