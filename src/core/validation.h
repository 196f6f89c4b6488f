// The checks every service makes of what a person typed, each answering the Error a form or the
// API shows (field named, reason in French), so that the same mistake reads the same everywhere:
// text length in code points (valid UTF-8), calendar dates, whole numbers within bounds, and a
// code from a referential list.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/referential.h"
#include "core/result.h"

namespace jalon::validation {

// At most `max` code points of valid UTF-8: "<what> : <max> caractères au plus.". With
// `required`, an empty value is "Indiquez <what>.".
Status text(std::string_view value, std::string_view field, std::string_view what, std::size_t max,
            bool required = false);

// A calendar date "YYYY-MM-DD" (dates::parse_iso_date's messages), in `out` when given. Empty
// is accepted unless `required` ("Cette date est obligatoire.").
Status date(std::string_view value, std::string_view field, bool required,
            std::optional<dates::Date>* out = nullptr);

// A whole decimal number in [min, max], or "<what> : un nombre entier de <min> à <max>.".
Result<long long> integer(std::string_view value, std::string_view field, std::string_view what,
                          long long min, long long max);

// A code of the list: "<what> : choisissez une valeur de la liste." otherwise. Empty is
// accepted unless `required` ("Choisissez <what>.").
Status one_of(std::string_view code, const referential::List& list, std::string_view field,
              std::string_view what, bool required = true);

// A form's mistakes, collected so that it shows them all at once: one per field (the first kept),
// in `out`. status() is ok when there are none, otherwise the first mistake carrying the others
// in Error::more (ui::Form::fail and http::problem show every one).
struct Mistakes {
  std::vector<Error>& out;
  void add(Error e);
  bool add(const Status& st);  // false when st failed
  Status status() const;
};

}  // namespace jalon::validation
