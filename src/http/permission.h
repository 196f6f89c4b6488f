// What a route requires of its caller. Every route is registered with one (Router::add has no
// overload without it), so nothing is reachable by omission. The access layer decides what each
// permission means for a given principal; the default decider denies everything not public.
#pragma once
#include <string>
#include <string_view>

namespace jalon::http {

class Permission {
 public:
  enum class Kind {
    kPublic,         // anyone, signed in or not (home, login, static assets, health)
    kAuthenticated,  // any signed-in user (own profile, logout)
    kCapability,     // a named capability checked by the policy layer (e.g. "beneficiary.read")
  };

  // `why` documents the exception in the route table (and in the route-coverage test output).
  static Permission public_access(std::string_view why) { return {Kind::kPublic, std::string(why)}; }
  static Permission authenticated() { return {Kind::kAuthenticated, "authenticated"}; }
  static Permission capability(std::string_view name) {
    return {Kind::kCapability, std::string(name)};
  }

  Kind kind() const { return kind_; }
  const std::string& name() const { return name_; }
  std::string describe() const;

 private:
  Permission(Kind k, std::string n) : kind_(k), name_(std::move(n)) {}
  Kind kind_;
  std::string name_;
};

}  // namespace jalon::http
