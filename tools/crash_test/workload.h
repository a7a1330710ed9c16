#pragma once
// One cycle's writes, until the kill: K client threads and one admin thread on their own
// keep-alive connections.
//  - Clients first send again the requests of theirs that an earlier kill cut off and that carry
//    an Idempotency-Key (same key, token and body). Then they mix single creates and bulk creates
//    (JSON array or NDJSON, a few lines invalid on purpose), with
//    and without an Idempotency-Key, with the admin token or a vendor's filtered token (whose
//    source the server stamps), into a campaign without duplicate rules, one with a `reject` rule
//    and one with a `flag` rule (e-mails from a small pool), and PATCH and DELETE their own
//    earlier leads of the plain campaign (a PATCH: payload, source, status, added fields; a
//    DELETE: with the admin token, of a lead whose create was acknowledged; never touched again).
//  - Client 0 sends only bulks, of more than one batch when asked (SendBigBulk), so that kills land
//    inside them.
//  - The admin thread changes the schema and tokens meanwhile: adds options, fields and statuses,
//    moves a vendor's filter to a new option, rotates a vendor's token, or replaces it (mint a new
//    one, then revoke the old).
// A thread stops at its first request cut off by the kill (its effect unknown, which the model
// records) or at an answer nothing explains (an error).

#include <atomic>
#include <chrono>
#include <deque>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "tools/common/http_client.h"
#include "tools/crash_test/model.h"
#include "tools/crash_test/report.h"

namespace lg::crash_test {

struct WorkloadOptions {
  uint64_t seed = 0;
  int clients = 4;
  int patch_percent = 20;     // share of a mixed client's writes that PATCH
  int delete_percent = 8;     // share of a mixed client's writes that DELETE (about one per ten creates)
  int bulk_percent = 15;      // share of a mixed client's creates that are bulks
  int key_percent = 50;       // share of single creates sent with an Idempotency-Key
  int bulk_key_percent = 80;  // share of bulk creates sent with one
  // The store holds --max-leads: new leads go to the reject campaign only, whose e-mail pool is
  // stored already, so creates and bulks (keys, retries, duplicate decisions) go on refused and
  // the store stops growing; PATCHes as before.
  bool store_full = false;
  bool admin = true;  // run the admin thread
};

class Workload {
 public:
  Workload(const WorkloadOptions& options, Model& model, Report& report, int cycle, uint16_t port);
  ~Workload();  // joins (after Stop)
  Workload(const Workload&) = delete;
  Workload& operator=(const Workload&) = delete;

  void Start();
  // After the kill: tells the threads to stop, joins them and merges what they did into the model.
  void Finish();
  // Asks client 0 to make its next request a bulk of more than one batch (the kill is aimed at it).
  void SendBigBulk();
  // Since when client 0 has been sending a bulk of more than one batch; nullopt when it is not.
  std::optional<Time> BigBulkSince() const;
  // How long client 0's last bulk of more than one batch into the campaign it is bulking into now
  // took to be answered (0: none yet).
  std::chrono::nanoseconds LastBigBulkTime() const;

 private:
  // What one client thread did; merged into the Model by Finish.
  struct ClientLog {
    std::vector<Line> lines;
    std::vector<CreateRequest> requests;  // new ones; their `lines` index `lines` above
    std::deque<TrackedLead> created;      // acknowledged plain-campaign leads it may PATCH
    std::vector<NamedLead> named;
    Stats stats;
    std::vector<std::string> errors;
  };

  void Client(int client);
  void Admin();
  // Each returns false when the thread must stop (cut off, or an unexplained answer).
  bool Retry(CreateRequest& request, tools::SyncClient& conn, ClientLog& log);
  bool NewCreate(int client, std::mt19937_64& rng, tools::SyncClient& conn, ClientLog& log);
  bool Patch(int client, std::mt19937_64& rng, tools::SyncClient& conn, ClientLog& log);
  bool Delete(int client, std::mt19937_64& rng, tools::SyncClient& conn, ClientLog& log);
  // Sends `request` (one attempt) and records the answer on `lines` (the request's lines, in
  // order) and in the request; `retry`: not its first attempt.
  bool Send(CreateRequest& request, const std::vector<Line*>& lines, const std::string& token, bool retry,
            tools::SyncClient& conn, ClientLog& log);
  Line NewLine(int client, size_t campaign, int vendor, const CampaignState& schema, bool may_be_invalid,
               std::mt19937_64& rng);

  // The admin thread's changes; false when it must stop.
  bool AddToSchema(AdminChange::Kind kind, size_t campaign, const std::string& slug, tools::SyncClient& conn);
  bool MoveFilter(int vendor, tools::SyncClient& conn);
  bool Rotate(int vendor, tools::SyncClient& conn);
  bool Replace(int vendor, tools::SyncClient& conn);
  // Sends one admin request, recording `change` (acknowledged or cut off) in `changes_`. True
  // with `res` on the expected status; false (an error recorded for any other answer) otherwise.
  bool AdminCall(AdminChange change, const std::string& method, const std::string& path, const std::string& body,
                 int expected, tools::SyncClient& conn, tools::HttpResult& res);

  const WorkloadOptions options_;
  Model& model_;
  Report& report_;
  const int cycle_;
  const uint16_t port_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> big_bulk_wanted_{false};
  std::atomic<int64_t> big_bulk_since_{0};  // steady-clock nanoseconds, 0: not in one
  std::atomic<size_t> big_bulk_campaign_{0};
  // Per campaign (a bulk into the reject campaign is mostly refusals, and quick); shared by the
  // cycles of a run: Workload is made per cycle, the server stays the same kind.
  static inline std::atomic<int64_t> last_big_bulk_ns_[3] = {};
  std::vector<ClientLog> logs_;
  // Per client: the leads it may PATCH and DELETE (in model_.leads, which does not grow during a
  // cycle, or in its log's `created`, a deque): its own, acknowledged, not deleted.
  std::vector<std::vector<TrackedLead*>> own_leads_;
  std::vector<AdminChange> changes_;
  std::vector<std::string> admin_errors_;
  std::vector<std::thread> threads_;
};

}  // namespace lg::crash_test
