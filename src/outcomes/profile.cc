// exits.profile: the fields the rates read, packed as list positions (5 bits each, 0 = none)
// and lengths in months (8 bits, 0 = none). 1 + 5 + 5 + 8 + 2 × (5 + 5 + 8 + 1) = 57 bits.
#include <algorithm>

#include "outcomes/rules.h"

namespace jalon::outcomes {
namespace {

constexpr int kCodeBits = 5, kMonthBits = 8;

std::uint64_t position(const referential::List& l, std::string_view code) {
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l[i].code == code) return i + 1;
  }
  return 0;
}

std::string_view code_at(const referential::List& l, std::uint64_t pos) {
  return pos == 0 || pos > l.size() ? std::string_view() : l[pos - 1].code;
}

std::uint64_t months_bits(std::optional<int> m) {
  return m ? static_cast<std::uint64_t>(std::clamp(*m, 1, 255)) : 0;
}

std::optional<int> months_of(std::uint64_t v) {
  return v ? std::optional<int>(static_cast<int>(v)) : std::nullopt;
}

struct Packer {
  std::uint64_t v = 0;
  int shift = 0;
  void put(std::uint64_t x, int bits) {
    v |= (x & ((1ULL << bits) - 1)) << shift;
    shift += bits;
  }
};

struct Unpacker {
  std::uint64_t v;
  int shift = 0;
  std::uint64_t take(int bits) {
    std::uint64_t x = (v >> shift) & ((1ULL << bits) - 1);
    shift += bits;
    return x;
  }
};

}  // namespace

std::int64_t pack(const ExitProfile& p) {
  Packer k;
  k.put(p.examined ? 1 : 0, 1);
  k.put(position(categories(), p.category), kCodeBits);
  k.put(position(situations(), p.situation), kCodeBits);
  k.put(months_bits(p.months), kMonthBits);
  for (const auto* c : {&p.m6, &p.m24}) {
    k.put(position(followup_statuses(), c->status), kCodeBits);
    k.put(position(situations(), c->situation), kCodeBits);
    k.put(months_bits(c->months), kMonthBits);
    k.put(c->target_job ? 1 : 0, 1);
  }
  return static_cast<std::int64_t>(k.v);
}

ExitProfile unpack(std::int64_t packed) {
  Unpacker u{static_cast<std::uint64_t>(packed)};
  ExitProfile p;
  p.examined = u.take(1) != 0;
  p.category = code_at(categories(), u.take(kCodeBits));
  p.situation = code_at(situations(), u.take(kCodeBits));
  p.months = months_of(u.take(kMonthBits));
  for (auto* c : {&p.m6, &p.m24}) {
    c->status = code_at(followup_statuses(), u.take(kCodeBits));
    c->situation = code_at(situations(), u.take(kCodeBits));
    c->months = months_of(u.take(kMonthBits));
    c->target_job = u.take(1) != 0;
  }
  return p;
}

}  // namespace jalon::outcomes
