#include "service/idempotency_service.h"

#include <algorithm>

#include "auth/sha256.h"
#include "core/log.h"
#include "core/time_util.h"
#include "store/write_unit.h"

namespace lg::service {
namespace {

// A key's digest and a request's fingerprint: SHA-256 of each part followed by a newline, so
// that ("ab", "c") and ("a", "bc") differ.
std::string KeyDigest(std::string_view key) { return auth::Sha256({key, "\n"}); }
std::string Fingerprint(std::string_view method, std::string_view path, std::string_view body) {
  return auth::Sha256({method, "\n", path, "\n", body, "\n"});
}

}  // namespace

IdempotencyClaim::~IdempotencyClaim() { service_.Release(token_id_, digest_); }

store::IdempotencyRecord IdempotencyClaim::Record(const StoredResponse& response) const {
  return store::IdempotencyRecord{core::NowMillis(), fingerprint_, response.status, response.location, response.body};
}

void IdempotencyClaim::AddTo(store::WriteUnit& unit, const StoredResponse& response) const {
  store::IdempotencyRepo::Add(unit, token_id_, digest_, Record(response));
}

IdempotencyService::IdempotencyService(store::IdempotencyRepo& repo, std::chrono::milliseconds retention)
    : repo_(repo), retention_(retention) {
  sweeper_ = std::thread([this] { SweepLoop(); });
}

IdempotencyService::~IdempotencyService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  sweeper_.join();
}

core::Status IdempotencyService::ValidateKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) {
    return core::Status::BadRequest("invalid_idempotency_key", "The Idempotency-Key header must be 1 to " +
                                                                   std::to_string(kMaxKeyLength) + " characters long.");
  }
  return core::Status::Ok();
}

core::Result<IdempotencyService::Start> IdempotencyService::Begin(uint64_t token_id, const IdempotentRequest& request,
                                                                  std::string_view body) {
  LG_RETURN_IF_ERROR(ValidateKey(request.key));
  std::string digest = KeyDigest(request.key);
  std::string fingerprint = Fingerprint(request.method, request.path, body);
  auto reused = [] {
    return core::Status(core::ErrorKind::kUnprocessable, "idempotency_key_reused",
                        "This Idempotency-Key was already used for a different request.");
  };

  // Under the lock, a key is either in flight or (once its request is done) has its record in the
  // store or none: a claim writes its record before it releases the key.
  std::lock_guard lock(mu_);
  InFlightKey id{token_id, digest};
  if (auto it = in_flight_.find(id); it != in_flight_.end()) {
    if (it->second != fingerprint) return reused();
    return core::Status::Conflict("idempotency_key_in_flight",
                                  "A request with this Idempotency-Key is still being processed; retry later.");
  }
  LG_ASSIGN_OR_RETURN(auto record, repo_.Get(token_id, digest));
  if (record) {
    if (core::NowMillis() - record->created_at < retention_.count()) {
      if (record->fingerprint != fingerprint) return reused();
      return Start{StoredResponse{record->status, std::move(record->location), std::move(record->body)}, nullptr};
    }
    // Expired: as good as absent; the new response overwrites it.
  }
  in_flight_.emplace(id, fingerprint);
  return Start{std::nullopt,
               std::unique_ptr<IdempotencyClaim>(new IdempotencyClaim(*this, token_id, digest, fingerprint))};
}

core::Result<IdempotencyService::Start> IdempotencyService::Begin(uint64_t token_id,
                                                                  const std::optional<IdempotentRequest>& request,
                                                                  std::string_view body) {
  if (!request) return Start{};
  return Begin(token_id, *request, body);
}

void IdempotencyService::Release(uint64_t token_id, const std::string& digest) {
  std::lock_guard lock(mu_);
  in_flight_.erase(InFlightKey{token_id, digest});
}

size_t IdempotencyService::SweepExpired() {
  constexpr size_t kBatch = 512;
  size_t deleted = 0;
  for (;;) {
    int64_t cutoff = core::NowMillis() - retention_.count();
    auto found_expired = repo_.CreatedBefore(cutoff + 1, kBatch);  // created_at <= cutoff: expired
    if (!found_expired.has_value()) {
      core::log::Warn("idempotency_sweep_failed", {{"detail", found_expired.error().detail()}});
      return deleted;
    }
    auto& expired = *found_expired;
    if (expired.empty()) return deleted;
    size_t found = expired.size();
    std::lock_guard lock(mu_);
    // A key in flight may be writing a new record right now: leave it for the next sweep.
    std::erase_if(expired, [&](const store::IdempotencyRepo::Expiry& e) {
      return in_flight_.contains(InFlightKey{e.token_id, e.digest});
    });
    if (auto s = repo_.Delete(expired); !s.ok()) {
      core::log::Warn("idempotency_sweep_failed", {{"detail", s.detail()}});
      return deleted;
    }
    deleted += expired.size();
    if (found < kBatch || expired.size() < found) return deleted;
  }
}

void IdempotencyService::SweepLoop() {
  // Often enough that records do not pile up far beyond the window, rarely enough to cost nothing.
  auto interval = std::clamp<std::chrono::milliseconds>(retention_ / 4, std::chrono::milliseconds(10),
                                                        std::chrono::milliseconds(60000));
  std::unique_lock lock(mu_);
  while (!stop_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    size_t deleted = SweepExpired();
    if (deleted > 0) core::log::Debug("idempotency_records_expired", {{"count", std::to_string(deleted)}});
    lock.lock();
  }
}

}  // namespace lg::service
