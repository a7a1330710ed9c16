#pragma once
// Idempotency-Key handling for creates. A client sends the same key with a retried request; the
// first request to finish successfully stores its response (status, body, Location) for the
// token and key, and any later request with that key from that token gets the stored response
// back and creates nothing, until the record is older than the retention window.
//  - Same key, different request (SHA-256 of method, path and body differs): 422
//    `idempotency_key_reused`.
//  - Same key while the first request is still running: 409 `idempotency_key_in_flight`.
//  - A request that fails (4xx/5xx) stores nothing: the key can be used again.
//  - Keys are 1..255 characters (else 400 `invalid_idempotency_key`); only their SHA-256 digest
//    is stored, and they are never logged.
// A bulk create's key also covers its progress: each batch of leads commits with the outcomes of
// the items it reports, so a retry after a crash resumes after them (BeginBulk) and every lead is
// stored once. Its fingerprint covers the items, not their layout (IdempotencyService::
// BulkFingerprint), and is known only once the body is read: a finished bulk is answered again,
// or refused as a reuse, then.
// Records older than the window count as absent at once; a background thread deletes them.
// In-flight keys are tracked in memory (one server process owns the store). Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/sha256.h"
#include "core/status.h"
#include "store/idempotency_repo.h"

namespace lg::store {
class WriteUnit;
}

namespace lg::service {

class IdempotencyService;

// What ties a retried create to its first attempt: the client's Idempotency-Key and the request
// it came with (a different method, path or body under the same key is a reuse, 422).
struct IdempotentRequest {
  std::string_view key;
  std::string_view method;
  std::string_view path;
};

// A response as the client first got it.
struct StoredResponse {
  int status = 0;
  std::string location;  // path part of the Location header, or empty
  std::string body;      // application/json
  // The lead the body holds (a single create's): deleting the lead deletes the record.
  std::optional<store::IdempotencyRecord::LeadRef> lead;
};

// The right to run a create under one key: while it lives, the key is in flight. Write the
// response with AddTo (inside the create's own batch); destroying the claim releases the
// key either way. Not thread-safe; one request owns it.
class IdempotencyClaim {
 public:
  ~IdempotencyClaim();
  IdempotencyClaim(const IdempotencyClaim&) = delete;
  IdempotencyClaim& operator=(const IdempotencyClaim&) = delete;

  // Adds the record of `response` to `unit`, so it commits with the change it reports (a bulk's
  // progress goes in the same unit). `fingerprint`: a bulk's, known once its body is read.
  void AddTo(store::WriteUnit& unit, const StoredResponse& response, std::string_view fingerprint = {});
  // Adds a part of a bulk's progress to `unit` (see store::BulkProgress; created_at and, for the
  // first part of a fresh attempt, the removal of an expired attempt's parts are filled in here).
  void AddProgress(store::WriteUnit& unit, store::BulkProgress progress);

 private:
  friend class IdempotencyService;
  IdempotencyClaim(IdempotencyService& service, uint64_t token_id, std::string digest, std::string fingerprint)
      : service_(service), token_id_(token_id), digest_(std::move(digest)), fingerprint_(std::move(fingerprint)) {}
  store::IdempotencyRecord Record(const StoredResponse& response, std::string_view fingerprint) const;

  IdempotencyService& service_;
  uint64_t token_id_;
  std::string digest_;
  std::string fingerprint_;
  // A bulk's progress parts in the store (an earlier attempt's kept ones, and this one's), by
  // their first item, and an expired attempt's left to delete.
  int64_t progress_created_at_ = 0;
  std::vector<uint32_t> progress_parts_;
  std::vector<uint32_t> stale_parts_;
};

class IdempotencyService {
 public:
  // Starts the background sweep of expired records.
  IdempotencyService(store::IdempotencyRepo& repo, std::chrono::milliseconds retention);
  // Stops the sweep (joins its thread).
  ~IdempotencyService();
  // The records' store, for a lead deletion to take its records with it (service/lead_erasure.h).
  store::IdempotencyRepo& repo() { return repo_; }
  IdempotencyService(const IdempotencyService&) = delete;
  IdempotencyService& operator=(const IdempotencyService&) = delete;

  static constexpr size_t kMaxKeyLength = 255;
  // 400 invalid_idempotency_key for an empty or over-long key.
  static core::Status ValidateKey(std::string_view key);

  // What to do with a request carrying `key`: replay a stored response, or go ahead holding the
  // claim. Errors: 400 invalid key, 409 in flight, 422 key reused for another request.
  struct Start {
    std::optional<StoredResponse> replay;
    std::unique_ptr<IdempotencyClaim> claim;  // set when not replaying
  };
  core::Result<Start> Begin(uint64_t token_id, const IdempotentRequest& request, std::string_view body);
  // The same for a request that may carry no key: without one, nothing to replay and no claim.
  core::Result<Start> Begin(uint64_t token_id, const std::optional<IdempotentRequest>& request, std::string_view body);

  // What to do with a bulk create carrying a key, before its body is read. Errors: 400 invalid key,
  // 409 in flight.
  struct BulkStart {
    // A finished earlier request: answered again when the request's BulkFingerprint equals
    // `completed->fingerprint` once the body is read, else 422 idempotency_key_reused.
    std::optional<store::IdempotencyRecord> completed;
    // Otherwise the claim, and an earlier attempt's progress (items [0, n) in order; empty when
    // there is none) to resume after when its fingerprint matches the body's first n items.
    std::unique_ptr<IdempotencyClaim> claim;
    std::vector<store::BulkProgress> progress;
  };
  core::Result<BulkStart> BeginBulk(uint64_t token_id, const IdempotentRequest& request);
  // The fingerprint a bulk's items are checked against: fed the request line, then each item.
  static core::Sha256Stream BulkFingerprint(const IdempotentRequest& request, std::string_view format);
  static void AddBulkItem(core::Sha256Stream& fingerprint, std::string_view item);
  static core::Status Reused();

  // Deletes records older than the window now (the sweep thread does this periodically).
  // Returns how many were deleted.
  size_t SweepExpired();
  // Cluster mode: the time of the replicated command this node applied last. A record is then
  // deleted only once it is older than the window at that time, since every command still to
  // be applied decides at its own time, never before it: a node that sweeps early would answer a
  // retry otherwise than the others. Set once, before requests.
  void SetSweepHorizon(std::function<int64_t()> horizon);

 private:
  friend class IdempotencyClaim;
  using InFlightKey = std::pair<uint64_t, std::string>;  // token id, key digest
  void Release(uint64_t token_id, const std::string& digest);
  void SweepLoop();

  store::IdempotencyRepo& repo_;
  const std::chrono::milliseconds retention_;
  std::mutex mu_;
  std::map<InFlightKey, std::string> in_flight_;  // -> request fingerprint
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::function<int64_t()> horizon_;  // guarded by mu_
  std::thread sweeper_;
};

}  // namespace lg::service
