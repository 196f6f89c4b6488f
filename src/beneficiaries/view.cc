#include "beneficiaries/view.h"

#include <algorithm>

#include "core/dates.h"
#include "ui/page.h"
#include "ui/record.h"

namespace jalon::beneficiaries::view {

using nlohmann::json;

json record_tabs(const std::string& beneficiary_id, std::string_view current) {
  return ui::record_tabs(beneficiary_id, current);
}

json section_header(const Beneficiary& b, std::string_view current, const std::string& title) {
  return ui::record_context({b.summary.id, b.summary.first_name + " " + b.summary.last_name},
                            current, title);
}

json options(const std::vector<Entry>& list, const std::string& selected, bool with_empty) {
  return ui::options(list, selected, with_empty);
}

json checks(const std::vector<Entry>& list, const std::vector<std::string>& selected,
            const std::string& field) {
  return ui::checks(list, selected, field);
}

std::string french_date(const std::string& iso) {
  return dates::french_date(iso);
}

}  // namespace jalon::beneficiaries::view
