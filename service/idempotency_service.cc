#include "service/idempotency_service.h"

#include <algorithm>

#include "core/log.h"
#include "core/sha256.h"
#include "core/time_util.h"
#include "store/write_unit.h"

namespace lg::service {
namespace {

// A key's digest and a request's fingerprint: SHA-256 of each part followed by a newline, so
// that ("ab", "c") and ("a", "bc") differ.
std::string KeyDigest(std::string_view key) { return core::Sha256({key, "\n"}); }
std::string Fingerprint(std::string_view method, std::string_view path, std::string_view body) {
  return core::Sha256({method, "\n", path, "\n", body, "\n"});
}

}  // namespace

IdempotencyClaim::~IdempotencyClaim() { service_.Release(token_id_, digest_); }

store::IdempotencyRecord IdempotencyClaim::Record(const StoredResponse& response, std::string_view fingerprint) const {
  return store::IdempotencyRecord{core::NowMillis(), std::string(fingerprint.empty() ? fingerprint_ : fingerprint),
                                  response.status,   response.location,
                                  response.body,     response.lead};
}

void IdempotencyClaim::AddTo(store::WriteUnit& unit, const StoredResponse& response, std::string_view fingerprint) {
  store::IdempotencyRepo::Add(unit, token_id_, digest_, Record(response, fingerprint));
  // The record answers for the whole request now: its progress goes with it.
  store::IdempotencyRepo::ClearProgress(unit, token_id_, digest_, progress_parts_);
  store::IdempotencyRepo::ClearProgress(unit, token_id_, digest_, stale_parts_);
  progress_parts_.clear();
  stale_parts_.clear();
}

void IdempotencyClaim::AddProgress(store::WriteUnit& unit, store::BulkProgress progress) {
  if (progress_parts_.empty()) {
    progress_created_at_ = core::NowMillis();
    store::IdempotencyRepo::ClearProgress(unit, token_id_, digest_, stale_parts_);
    stale_parts_.clear();
  }
  progress.created_at = progress_created_at_;
  progress_parts_.push_back(progress.first_item);
  store::IdempotencyRepo::AddProgress(unit, token_id_, digest_, progress);
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
    return core::Status::Malformed("invalid_idempotency_key", "The Idempotency-Key header must be 1 to " +
                                                                  std::to_string(kMaxKeyLength) + " characters long.");
  }
  return core::Status::Ok();
}

core::Result<IdempotencyService::Start> IdempotencyService::Begin(uint64_t token_id, const IdempotentRequest& request,
                                                                  std::string_view body) {
  LG_RETURN_IF_ERROR(ValidateKey(request.key));
  std::string digest = KeyDigest(request.key);
  std::string fingerprint = Fingerprint(request.method, request.path, body);
  auto reused = [] { return Reused(); };

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

core::Status IdempotencyService::Reused() {
  return core::Status(core::ErrorKind::kInvalid, "idempotency_key_reused",
                      "This Idempotency-Key was already used for a different request.");
}

core::Sha256Stream IdempotencyService::BulkFingerprint(const IdempotentRequest& request, std::string_view format) {
  core::Sha256Stream fingerprint;
  for (std::string_view part : {std::string_view("bulk"), request.method, request.path, format}) {
    fingerprint.Update(part);
    fingerprint.Update("\n");
  }
  return fingerprint;
}

void IdempotencyService::AddBulkItem(core::Sha256Stream& fingerprint, std::string_view item) {
  // Items never hold a raw newline next to their ends (they are trimmed JSON), so one ends each.
  fingerprint.Update(item);
  fingerprint.Update("\n");
}

core::Result<IdempotencyService::BulkStart> IdempotencyService::BeginBulk(uint64_t token_id,
                                                                          const IdempotentRequest& request) {
  LG_RETURN_IF_ERROR(ValidateKey(request.key));
  std::string digest = KeyDigest(request.key);
  std::lock_guard lock(mu_);
  InFlightKey id{token_id, digest};
  if (in_flight_.contains(id)) {
    return core::Status::Conflict("idempotency_key_in_flight",
                                  "A request with this Idempotency-Key is still being processed; retry later.");
  }
  const int64_t now = core::NowMillis();
  BulkStart start;
  LG_ASSIGN_OR_RETURN(auto record, repo_.Get(token_id, digest));
  if (record && now - record->created_at < retention_.count()) {
    start.completed = std::move(record);
    return start;
  }
  LG_ASSIGN_OR_RETURN(auto parts, repo_.GetProgress(token_id, digest));
  // An attempt's parts are items [0, n) in order; anything else (an expired attempt, or parts
  // of one that follow no first part) is not resumed from, and is deleted by the first write.
  bool usable = !parts.empty() && parts.front().first_item == 0 && now - parts.front().created_at < retention_.count();
  for (size_t i = 1; usable && i < parts.size(); ++i) usable = parts[i].first_item == parts[i - 1].end_item;
  in_flight_.emplace(id, std::string());
  start.claim.reset(new IdempotencyClaim(*this, token_id, digest, std::string()));
  for (const auto& part : parts)
    (usable ? start.claim->progress_parts_ : start.claim->stale_parts_).push_back(part.first_item);
  if (usable) {
    start.claim->progress_created_at_ = parts.front().created_at;
    start.progress = std::move(parts);
  }
  return start;
}

void IdempotencyService::Release(uint64_t token_id, const std::string& digest) {
  std::lock_guard lock(mu_);
  in_flight_.erase(InFlightKey{token_id, digest});
}

void IdempotencyService::SetSweepHorizon(std::function<int64_t()> horizon) {
  std::lock_guard lock(mu_);
  horizon_ = std::move(horizon);
}

size_t IdempotencyService::SweepExpired() {
  constexpr size_t kBatch = 512;
  size_t deleted = 0;
  std::function<int64_t()> horizon;
  {
    std::lock_guard lock(mu_);
    horizon = horizon_;
  }
  for (;;) {
    int64_t cutoff = (horizon ? std::min(core::NowMillis(), horizon()) : core::NowMillis()) - retention_.count();
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
