// Helpers shared by the pathway pages: contracts, objectives, actions and referrals as template
// contexts (French labels, dates, badges and alerts), and the catalogue as grouped options.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "pathways/referentials.h"
#include "pathways/service.h"

namespace jalon::pathways::view {

// {id, title, kind, status, badge, signed_on, starts_on, ends_on, renewal_soon,
//  renewal_passed, days_left, …}
nlohmann::json contract_json(const Contract& c);
// {id, label, free, theme, status, badge, due_on, overdue, barrier, partner, anchor, edit}
nlohmann::json item_json(const Item& i, ItemKind kind);
nlohmann::json referral_json(const Referral& r);
// The catalogue as <optgroup>s by theme: [{theme, options: [{code, label, selected}]}].
nlohmann::json catalogue_groups(const std::vector<CatalogueEntry>& list,
                                const std::string& selected);
// The themes as options, with an empty first choice.
nlohmann::json theme_options(const std::string& selected);
// The badge class of a status of any pathway list.
std::string_view badge(std::string_view status);

}  // namespace jalon::pathways::view
