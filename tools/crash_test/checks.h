#pragma once
// The checks after each restart, and the full check. They resolve what the last cycle sent (a
// request cut off by the kill may or may not have taken effect; the restarted server says which)
// and hold the server to these rules:
//  - Nothing acknowledged is lost: a 201 (a single create, or a bulk line) is stored under the id
//    it named; an acknowledged PATCH, schema or token change is in effect (or superseded by a
//    later one); a lead whose DELETE was answered 204 is a 404 (and stays one: it is never listed
//    again). Exception: store.durability = os under a power cut (see `losses_allowed`).
//  - A DELETE cut off by the kill took the whole lead or nothing: the lead is a 404, or it reads
//    back whole (its values, or those of a PATCH sent before the DELETE). Either way the store
//    passes the integrity check (run offline after the kill: no entry of a deleted lead left,
//    every tombstone with its entries).
//  - Exactly once: no marker (one per lead line) is ever stored twice, whatever was retried with
//    the same Idempotency-Key; every 201 of any attempt names the one stored lead of its marker;
//    a line refused (409, 422, or 401 on a first attempt) is not stored.
//  - What is stored is what was sent: values, the source a vendor's filter stamped (its value at
//    some moment while the request ran), the default status; a PATCH's values or the ones before.
//  - Duplicate rules held: in the `reject` campaign no two stored leads share an e-mail within
//    the window; in the `flag` campaign the earliest stored lead of an e-mail has no doublet_of and
//    every later one names it; a 409 duplicate_lead that named a lead (doublet_of) named one that
//    exists after the restart, with that e-mail.
//  - Nothing appears that was not sent, nor later than the restart after its write.
//  - With `losses_allowed` (os durability, power cut): acknowledged writes may be lost, but what
//    was kept is a prefix of the history in real time, across every connection: no write is kept
//    whose request was sent after an acknowledged write (or a 409 that named a lead) was answered
//    that is now lost (or whose named lead is gone). Per connection this is "no later write kept
//    while an earlier one was lost"; across connections it is the order the clients observed.
// Every acknowledged lead stays stored with its values in every later cycle, and every deleted
// lead stays a 404 (sampled each cycle; all of them, with every source and status index listing
// and, where leads were deleted, the sync feed with a tombstone for each deleted lead, in the
// full check).

#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "tools/common/http_client.h"
#include "tools/crash_test/model.h"
#include "tools/crash_test/report.h"

namespace lg::crash_test {

struct CheckOptions {
  bool losses_allowed = false;  // store.durability = os under a power cut
  int sample = 100;             // older leads read back by id after each restart
};

class Checks {
 public:
  Checks(Model& model, Report& report, std::mt19937_64& rng, CheckOptions options)
      : model_(model), report_(report), rng_(rng), options_(options) {}

  // After the restart that ended `cycle` (the server on `port`). `since_ms`: wall-clock time
  // before the cycle's first request. Resolves and checks the cycle, then clears its records.
  void AfterRestart(int cycle, uint16_t port, int64_t since_ms);
  // Every lead of every campaign, and every source and status listing, against the model. Returns
  // a note for the cycle's line.
  std::string FullCheck(uint16_t port);

 private:
  // A write of this cycle (or a 409's naming of a lead), kept or lost, for the prefix check.
  struct Outcome {
    Span span;
    std::string what;
  };

  void ResyncAdmin();
  void ResolveCreates(int64_t since_ms);
  // Problems of one request's lines, reported once per kind with a count and a few examples (a
  // bulk of a thousand lines stored twice would otherwise say so a thousand times).
  class Findings {
   public:
    void Add(const std::string& kind, const std::string& example);
    // "<kind>: <count> of the <total> of <what> (e.g. ...)", once per kind.
    void ReportTo(Report& report, const std::string& what, size_t total);

   private:
    std::map<std::string, std::pair<size_t, std::vector<std::string>>> by_kind_;
  };
  void ResolveLine(const CreateRequest& request, size_t line_index, std::unordered_map<uint64_t, core::Lead>& found,
                   Findings& findings);
  // This cycle's DELETEs: each lead gone (then tracked as deleted) or there, whole.
  void ResolveDeletes();
  // Whether `line`'s lead `id`, acknowledged this cycle and not stored, was deleted by its client
  // in the same cycle (then tracked as deleted).
  bool DeletedInCycle(uint64_t id, const Line& line, size_t line_index);
  void ResolvePatches();
  // Which of `lead`'s values before this cycle and this cycle's PATCHes `got` holds; the PATCHes
  // after it were lost.
  void ResolveVersions(TrackedLead& lead, const core::Lead& got);
  // Whether vendor `vendor`'s filter pinned `source` at some moment during `span`.
  bool StampAllowed(int vendor, const Span& span, const std::string& source, std::string& why) const;
  void CheckNamedLeads();
  void CheckDuplicateRules();
  void CheckPrefix();
  void VerifySample();

  void Settle(AdminChange& change, bool kept);
  // An acknowledged write that is gone: an error, unless losses are allowed.
  void Lost(const Span& span, const std::string& what);
  std::string Describe(const CreateRequest& request) const;
  std::optional<tools::HttpResult> Call(const std::string& method, const std::string& target);

  Model& model_;
  Report& report_;
  std::mt19937_64& rng_;
  const CheckOptions options_;
  int cycle_ = 0;
  std::unique_ptr<tools::SyncClient> conn_;
  std::vector<Outcome> kept_, lost_;
};

}  // namespace lg::crash_test
