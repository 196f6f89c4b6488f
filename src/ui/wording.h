// Text that reads well whatever the data (issue 14): counts that agree in number, and empty
// fields that leave no fragment ("frein visé : · avec", "Diagnostic ()") in a sentence.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace jalon::ui {

// A count and its noun in French: `one` for 0 and 1, `many` above ("1 action en retard",
// "0 fiche trouvée", "3 fiches trouvées").
std::string count_of(long long n, std::string_view one, std::string_view many);
// A text a template shows inside a section ({{#x}} · x{{/x}}): null when empty, so that the
// section and its punctuation are skipped.
nlohmann::json text_or_null(std::string_view s);

}  // namespace jalon::ui
