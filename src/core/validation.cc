#include "core/validation.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"

namespace jalon::validation {

Status text(std::string_view value, std::string_view field, std::string_view what, std::size_t max,
            bool required) {
  if (value.empty() && required) {
    return Error::invalid("Indiquez " + std::string(what) + ".", std::string(field));
  }
  if (!text::valid_utf8(value) || text::length(value) > max) {
    return Error::invalid(std::string(what) + " : " + std::to_string(max) + " caractères au plus.",
                          std::string(field));
  }
  return ok_status();
}

Status date(std::string_view value, std::string_view field, bool required,
            std::optional<dates::Date>* out) {
  if (value.empty()) {
    if (required) return Error::invalid("Cette date est obligatoire.", std::string(field));
    return ok_status();
  }
  auto d = dates::parse_iso_date(value, field);
  if (!d.ok()) return d.error();
  if (out) *out = *d;
  return ok_status();
}

Result<long long> integer(std::string_view value, std::string_view field, std::string_view what,
                          long long min, long long max) {
  long long v = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || v < min ||
      v > max) {
    return Error::invalid(std::string(what) + " : un nombre entier de " + std::to_string(min) +
                              " à " + std::to_string(max) + ".",
                          std::string(field));
  }
  return v;
}

Status one_of(std::string_view code, const referential::List& list, std::string_view field,
              std::string_view what, bool required) {
  if (code.empty() && !required) return ok_status();
  if (!referential::has_code(list, code)) {
    return Error::invalid("Choisissez " + std::string(what) + " dans la liste.",
                          std::string(field));
  }
  return ok_status();
}

void Mistakes::add(Error e) {
  bool seen =
      std::any_of(out.begin(), out.end(), [&](const Error& x) { return x.field == e.field; });
  if (!seen) out.push_back(std::move(e));
}

bool Mistakes::add(const Status& st) {
  if (st.ok()) return true;
  add(st.error());
  return false;
}

Status Mistakes::status() const {
  if (out.empty()) return ok_status();
  Error first = out.front();
  first.more.assign(out.begin() + 1, out.end());
  return first;
}

}  // namespace jalon::validation
