#include "beneficiaries/records.h"

#include "access/policy.h"

namespace jalon::beneficiaries {

std::optional<ui::RecordHeader> RecordLookup::open(const http::Request& req, const std::string& id,
                                                   std::string_view sections) const {
  auto b = people_.get(access::session_of(req), id, sections);
  if (!b) return std::nullopt;
  return ui::RecordHeader{b->summary.id, b->summary.first_name + " " + b->summary.last_name};
}

}  // namespace jalon::beneficiaries
