#include "beneficiaries/view.h"

#include "ui/record.h"

namespace jalon::beneficiaries::view {

using nlohmann::json;

json section_header(const Beneficiary& b, std::string_view current, const std::string& title) {
  return ui::record_context({b.summary.id, b.summary.first_name + " " + b.summary.last_name},
                            current, title);
}

}  // namespace jalon::beneficiaries::view
