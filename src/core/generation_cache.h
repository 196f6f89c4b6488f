// A bounded, thread-safe cache whose entries are valid for one generation of what they were
// computed from: a caller looks a key up with the current generation (a counter bumped by every
// write that can change the answer, an import's timestamp…) and gets the value only if it was
// stored for that same generation. Owned by the service that computes the values (never a
// function-static), so each store has its own. When full, it is emptied: a cheap bound for
// caches whose entries are recomputed on the next miss. Hits and misses are counted (tests
// assert a repeated view is served from the cache).
#pragma once
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace jalon {

template <class Value>
class GenerationCache {
 public:
  explicit GenerationCache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<Value> find(const std::string& key, std::int64_t generation) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.first != generation) {
      ++misses_;
      return std::nullopt;
    }
    ++hits_;
    return it->second.second;
  }

  void store(const std::string& key, std::int64_t generation, Value value) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_ && !entries_.count(key)) entries_.clear();
    entries_[key] = {generation, std::move(value)};
  }

  // The value for (key, generation), computed by `make()` on a miss and stored.
  template <class Make>
  Value get_or(const std::string& key, std::int64_t generation, Make&& make) {
    if (auto v = find(key, generation)) return std::move(*v);
    Value v = make();
    store(key, generation, v);
    return v;
  }

  std::size_t hits() const {
    std::lock_guard lock(mutex_);
    return hits_;
  }
  std::size_t misses() const {
    std::lock_guard lock(mutex_);
    return misses_;
  }

 private:
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::size_t hits_ = 0, misses_ = 0;
  std::unordered_map<std::string, std::pair<std::int64_t, Value>> entries_;
};

}  // namespace jalon
