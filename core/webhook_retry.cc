#include "core/webhook_retry.h"

#include <algorithm>

namespace lg::core {

std::optional<std::chrono::milliseconds> WebhookRetryDelay(int retries_made, double jitter,
                                                           std::optional<int64_t> retry_after_seconds) {
  if (retries_made < 0 || static_cast<size_t>(retries_made) >= kWebhookRetryDelays.size()) return std::nullopt;
  const auto base = kWebhookRetryDelays[static_cast<size_t>(retries_made)];
  const double spread = std::clamp(jitter, -1.0, 1.0) * 0.1;
  auto delay = std::chrono::milliseconds(static_cast<int64_t>(static_cast<double>(base.count()) * (1.0 + spread)));
  if (retry_after_seconds) {
    const auto asked = std::min<std::chrono::milliseconds>(
        std::chrono::seconds(std::max<int64_t>(*retry_after_seconds, 0)), kMaxRetryAfterWait);
    delay = std::max(delay, asked);
  }
  return delay;
}

}  // namespace lg::core
