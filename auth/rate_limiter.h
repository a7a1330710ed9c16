#pragma once
// Token-bucket rate limiting keyed by a string (a token id, a client address). One bucket per
// key, shared by every connection, so a limit holds however many connections a client opens.
// Thread-safe (sharded locks); idle full buckets are dropped when a shard grows large.

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lg::auth {

struct RateLimit {
  double per_second = 1;
  double burst = 1;
};

struct RateDecision {
  bool allowed = true;
  double remaining = 0;      // whole requests left right now
  double retry_after_s = 0;  // when refused: seconds until one request is allowed
  double full_after_s = 0;   // seconds until the bucket is full again
};

class RateLimiter {
 public:
  // Takes one request from `key`'s bucket.
  RateDecision Take(const std::string& key, RateLimit limit, int64_t now_millis);
  // Looks without taking: would a request be refused now?
  RateDecision Peek(const std::string& key, RateLimit limit, int64_t now_millis);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_ms = 0;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
    size_t prune_at = 0;  // size that triggers the next sweep; grows so sweeps stay amortised
  };
  RateDecision Apply(const std::string& key, RateLimit limit, int64_t now_millis, bool take);

  std::array<Shard, 16> shards_;
};

}  // namespace lg::auth
