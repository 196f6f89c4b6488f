// TOTP (RFC 6238) as authenticator apps implement it: HMAC-SHA1, 6 digits, 30-second steps,
// ±1 step tolerance, each step usable once (SR 24). liboath computes codes; libqrencode draws
// the enrolment QR code as SVG.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/random.h"

namespace jalon::access {

// 20 random bytes (160 bits).
std::string new_totp_secret(Random& rng);
std::string base32(std::string_view bytes);
// otpauth://totp/Jalon:<account>?secret=…&issuer=Jalon&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view secret, std::string_view account);
// The time step a code matches, within ±1 step of now and strictly after last_used_step;
// nullopt when the code is wrong, expired or replayed.
std::optional<int64_t> totp_match(std::string_view secret, std::string_view code, Millis now,
                                  int64_t last_used_step);
// The code for an instant (tests and the enrolment page's self-check).
std::string totp_code(std::string_view secret, Millis at);
// An accessible SVG of the QR code (role="img" with a French label).
std::string qr_svg(std::string_view text);

}  // namespace jalon::access
