#pragma once
// When a failed webhook delivery is tried again: the Standard Webhooks schedule (5 s, 5 min,
// 30 min, 2 h, 5 h, 10 h, 10 h after the attempts that failed), each delay spread by up to ±10 %
// so endpoints that failed together are not all retried in one burst, and never sooner than the
// endpoint's Retry-After asked (up to a day). After the last retry the delivery has failed.
// Pure: the randomness is a parameter.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

namespace lg::core {

using namespace std::chrono_literals;
inline constexpr std::array<std::chrono::milliseconds, 7> kWebhookRetryDelays{5s, 5min, 30min, 2h, 5h, 10h, 10h};
// A Retry-After beyond this counts as this: a day's wait is as long as any retry may be put off.
inline constexpr std::chrono::milliseconds kMaxRetryAfterWait = 24h;

// The wait before retry number `retries_made` + 1, or nullopt when the schedule is used up.
// `jitter` in [-1, 1] scales the ±10 %; `retry_after_seconds`: the failed answer's Retry-After.
std::optional<std::chrono::milliseconds> WebhookRetryDelay(int retries_made, double jitter,
                                                           std::optional<int64_t> retry_after_seconds);

}  // namespace lg::core
