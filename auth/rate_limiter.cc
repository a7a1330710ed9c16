#include "auth/rate_limiter.h"

#include <algorithm>
#include <functional>

namespace lg::auth {
namespace {

constexpr size_t kPruneAbove = 50000;  // buckets per shard before idle ones are dropped

}  // namespace

RateDecision RateLimiter::Take(const std::string& key, RateLimit limit, int64_t now_millis) {
  return Apply(key, limit, now_millis, true);
}

RateDecision RateLimiter::Peek(const std::string& key, RateLimit limit, int64_t now_millis) {
  return Apply(key, limit, now_millis, false);
}

RateDecision RateLimiter::Apply(const std::string& key, RateLimit limit, int64_t now_millis, bool take) {
  Shard& shard = shards_[std::hash<std::string>{}(key) % shards_.size()];
  std::lock_guard lock(shard.mu);
  auto [it, inserted] = shard.buckets.try_emplace(key, Bucket{limit.burst, now_millis});
  Bucket& b = it->second;
  double elapsed = static_cast<double>(std::max<int64_t>(0, now_millis - b.updated_ms)) / 1000.0;
  b.tokens = std::min(limit.burst, b.tokens + elapsed * limit.per_second);
  b.updated_ms = std::max(b.updated_ms, now_millis);

  RateDecision d;
  d.allowed = b.tokens >= 1;
  if (d.allowed && take) b.tokens -= 1;
  if (!d.allowed) d.retry_after_s = (1 - b.tokens) / limit.per_second;
  d.remaining = std::max(0.0, b.tokens);
  d.full_after_s = (limit.burst - b.tokens) / limit.per_second;

  if (shard.buckets.size() > std::max(kPruneAbove, shard.prune_at)) {
    // A full bucket is the same as no bucket: drop those to bound memory.
    std::erase_if(shard.buckets, [&](const auto& entry) {
      const Bucket& x = entry.second;
      return x.tokens + (now_millis - x.updated_ms) / 1000.0 * limit.per_second >= limit.burst;
    });
    // When little was idle, wait for the shard to double before sweeping again (no O(n) per call).
    shard.prune_at = 2 * shard.buckets.size();
  }
  return d;
}

}  // namespace lg::auth
