#pragma once
// The audit trail: token create/reveal/rotate/revoke/change, schema changes, failed
// authentications and out-of-scope attempts, each with time, actor token, client address and
// target — never a secret. Every event goes to the store and to the structured log.
//  - Off the request path: Record only queues the event (no I/O, no lock held across I/O); one
//    writer thread stores and logs it. So a request that is audited (an out-of-scope attempt)
//    takes no longer than one that is not (an absent lead), and never blocks a reactor.
//  - Bounded: targets and details are cut to kMaxTextBytes; at most kMaxQueued events wait, and
//    beyond that new ones are dropped and counted (logged as audit_events_dropped).
//  - Kept for `retention` (audit.retention_days); the writer deletes older events.
//  - Cluster mode: an event recorded while a replicated command is applied is recorded on every
//    node (each applies the command); any other (a failed authentication, an out-of-scope read)
//    goes to the forwarder (SetForwarder), which sends it through the log so every node records
//    it too (RecordForwarded), and the audit log is the same whichever node is asked.
// Reading it (GET /v2/audit, admin tokens) first waits for the events queued so far. Thread-safe;
// Record never fails a request.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "auth/principal.h"
#include "core/lead_id_generator.h"
#include "core/status.h"
#include "store/audit_repo.h"

namespace lg::service {

struct AuditPage {
  std::vector<std::string> events_json;
  std::optional<std::string> next_cursor;
  size_t limit = 0;
};

class AuditService {
 public:
  static constexpr size_t kMaxTextBytes = 256;
  static constexpr size_t kMaxQueued = 10000;

  // Starts the writer thread.
  AuditService(store::AuditRepo& repo, std::chrono::milliseconds retention = std::chrono::hours(24 * 90));
  // Writes what is queued, then stops the writer.
  ~AuditService();
  AuditService(const AuditService&) = delete;
  AuditService& operator=(const AuditService&) = delete;

  // Continues the event ids after the newest stored event; call once before use.
  core::Status Load();

  void Record(std::string_view kind, const auth::Principal& actor, const std::string& target,
              const std::string& detail = "");
  // For events without an authenticated actor (failed authentication).
  void RecordAnonymous(std::string_view kind, const std::string& client, const std::string& target,
                       const std::string& detail = "");

  // What an event is made of, before it has an id and a time.
  struct Fields {
    std::string kind;
    std::optional<uint64_t> actor;
    std::string client, target, detail;
  };
  // Cluster mode: takes the events recorded outside a replicated command; false to record one
  // here after all (the cluster cannot take it now). Set before use and cleared after, while no
  // event is recorded; it never blocks.
  void SetForwarder(std::function<bool(Fields&&)> forwarder) { forwarder_ = std::move(forwarder); }
  // A forwarded event, as its replicated command is applied.
  void RecordForwarded(const Fields& fields);

  // Newest first. Parameters: kind (comma list), after (>=), before (<), limit (1..500), cursor.
  core::Result<AuditPage> List(const auth::Principal& principal, const std::multimap<std::string, std::string>& params);

  // Returns once every event recorded so far is stored.
  void Flush();
  // Deletes events older than the retention now (the writer does this about once a minute).
  core::Status DeleteExpired();
  // Events dropped because the queue was full.
  uint64_t dropped() const;

 private:
  struct Event {
    uint64_t id;
    std::string json;                                 // the stored form
    std::string kind, actor, client, target, detail;  // for the log line
  };
  // `forward`: to the forwarder when there is one and no replicated command is being applied.
  void Queue(std::string_view kind, std::optional<uint64_t> actor, const std::string& client, const std::string& target,
             const std::string& detail, bool forward = true);
  void WriterLoop();

  store::AuditRepo& repo_;
  const std::chrono::milliseconds retention_;
  std::function<bool(Fields&&)> forwarder_;
  core::LeadIdGenerator ids_;  // time-ordered event ids, the same scheme as lead ids

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Event> queue_;
  bool writing_ = false;  // a batch is out of the queue, not yet stored
  bool stopping_ = false;
  uint64_t dropped_ = 0;
  std::thread writer_;
};

}  // namespace lg::service
