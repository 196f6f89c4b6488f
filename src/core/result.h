// Result<T>: a value or an Error carrying a message a person can act on (in French when it is
// shown to a user), with the field or line it concerns. Used across module boundaries instead
// of exceptions.
#pragma once
#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace jalon {

enum class ErrorKind {
  kInvalid,      // bad input: the message says which field and why (HTTP 422)
  kNotFound,     // absent, or not visible to the caller (HTTP 404)
  kForbidden,    // HTTP 403
  kConflict,     // HTTP 409
  kUnavailable,  // storage full, busy, or down (HTTP 503)
  kInternal,     // a bug or an unexpected state (HTTP 500, details only in the server log)
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;  // user-facing for kInvalid/kConflict; operator-facing for kInternal
  std::string field;    // form field, column or "line N" the message is about; may be empty
  // The form's other mistakes, when its check collects them all (validation::Mistakes): a form
  // and a problem document show every one at once.
  std::vector<Error> more;

  static Error invalid(std::string msg, std::string field = {}) {
    return {ErrorKind::kInvalid, std::move(msg), std::move(field), {}};
  }
  static Error not_found(std::string msg = "Introuvable") {
    return {ErrorKind::kNotFound, std::move(msg), {}, {}};
  }
  static Error internal(std::string msg) { return {ErrorKind::kInternal, std::move(msg), {}, {}}; }
  static Error unavailable(std::string msg) {
    return {ErrorKind::kUnavailable, std::move(msg), {}, {}};
  }
  static Error conflict(std::string msg) { return {ErrorKind::kConflict, std::move(msg), {}, {}}; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() {
  return Ok{};
}

}  // namespace jalon
