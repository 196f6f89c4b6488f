// Time source, injected everywhere so tests can move time (session timeouts, lockouts, expiry).
// Instants are milliseconds since the Unix epoch, UTC.
#pragma once
#include <atomic>
#include <cstdint>

namespace jalon {

using Millis = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis now_ms() const override;
};

// The system clock shifted by an offset that integration tests move forward (timeouts, locks)
// through a test-only route. Thread-safe.
class OffsetClock final : public Clock {
 public:
  Millis now_ms() const override { return system_.now_ms() + offset_.load(); }
  void advance(Millis d) { offset_.fetch_add(d); }
  Millis offset() const { return offset_.load(); }

 private:
  SystemClock system_;
  std::atomic<Millis> offset_{0};
};

// A clock tests set and advance by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Millis start) : now_(start) {}
  Millis now_ms() const override { return now_.load(); }
  void set(Millis t) { now_.store(t); }
  void advance(Millis d) { now_.fetch_add(d); }

 private:
  std::atomic<Millis> now_;
};

}  // namespace jalon
