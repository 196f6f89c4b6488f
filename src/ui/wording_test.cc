#include "ui/wording.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

TEST_CASE("counts agree in number and empty texts leave no template section") {
  using jalon::ui::count_of;
  CHECK(count_of(0, "fiche trouvée", "fiches trouvées") == "0 fiche trouvée");
  CHECK(count_of(1, "action en retard", "actions en retard") == "1 action en retard");
  CHECK(count_of(2, "action en retard", "actions en retard") == "2 actions en retard");
  CHECK(jalon::ui::text_or_null("").is_null());
  CHECK(jalon::ui::text_or_null("Mission locale") == "Mission locale");
}
