#pragma once
// The expected state: everything the crash test sent, what was answered, and what it has since
// seen stored. It is the one thing the other parts share: the workload (workload.h) adds to it
// during a cycle, the checks (checks.h) resolve it against the restarted server. Kept apart from
// both so that each reads as what it does, not as bookkeeping.
//
// Threading: during a cycle no container of the Model grows. Each client thread appends only to
// its own requests' `attempts` and lines' `answers` (retries) and to its own leads' `patches` (and
// sets their `deletion`), and keeps what is new in its own log (workload.h), merged after the
// kill; the admin thread and the clients share SharedState under its mutex. Everything else is
// the main thread's, between cycles.

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/lead.h"

namespace lg::crash_test {

using Clock = std::chrono::steady_clock;
using Time = Clock::time_point;
// `answered` of a request the kill cut off: its effect is unknown.
constexpr Time kCut = Time::max();

enum class CampaignKind { kPlain, kReject, kFlag };
const char* ToString(CampaignKind kind);

// The duplicate rules of the kReject and kFlag campaigns: on the e-mail field, whose values come
// from a small pool so that duplicates really happen.
constexpr int64_t kRejectWindowSeconds = 2;                 // short: some copies fall outside it
constexpr int64_t kFlagWindowSeconds = int64_t{86400} * 7;  // longer than any run

// What a client controls about a lead: field values as stored JSON text ("\"abc\"", "12"), the
// source option and the status.
struct Values {
  std::map<std::string, std::string> fields;
  std::string source;
  std::string status;
  bool operator==(const Values&) const = default;
};

// A write's life as the client saw it; `sent` and `answered` order writes for the loss checks.
struct Span {
  Time sent{};
  Time answered = kCut;
  bool acked() const { return answered != kCut; }
};

// --- the schema and tokens, shared with the admin thread -----------------------------------------

struct CampaignState {
  CampaignKind kind = CampaignKind::kPlain;
  uint64_t id = 0;
  std::string leads_path;  // "/v2/campaigns/7/leads"
  // What writes may use: the campaign's own, and what the admin thread added (once acknowledged).
  std::vector<std::string> options;   // of the `source` select, for writes with the admin token
  std::vector<std::string> fields;    // added text fields
  std::vector<std::string> statuses;  // for PATCHes
};

// A vendor: a filter `source eq <option>` on one campaign and a read_write token scoped to it,
// so the token's creates get the option stamped.
struct Vendor {
  size_t campaign = 0;
  uint64_t filter_id = 0;
  std::string option;     // what the filter pins now
  uint64_t token_id = 0;  // the token new requests use
  std::string secret;
  // Every token this vendor had: id -> its last known secret, "" once revoked. A retry must go
  // out under the token of its first attempt (Idempotency-Keys are per token).
  std::map<uint64_t, std::string> secrets;
};

// What the client threads and the admin thread share during a cycle.
struct SharedState {
  std::mutex mu;
  std::vector<CampaignState> campaigns;
  std::vector<Vendor> vendors;
  std::string admin_token;
};

// --- admin changes ---------------------------------------------------------------------------------

struct AdminChange {
  enum class Kind { kAddOption, kAddField, kAddStatus, kPatchFilter, kMint, kRotate, kRevoke };
  Kind kind = Kind::kAddOption;
  size_t campaign = 0;
  std::string slug;  // the option/field/status added; kPatchFilter: the option pinned
  int vendor = -1;
  uint64_t token_id = 0;
  std::string secret;  // kMint, kRotate: the new secret
  Span span;
  enum class Fate { kUnknown, kKept, kLost } fate = Fate::kUnknown;
  std::string Describe() const;
};

// --- creates -----------------------------------------------------------------------------------------

// What one answer said about one line (a single create's lead, or one item of a bulk).
struct LineAnswer {
  int cycle = 0;
  int status = 0;                      // 201, or the refusal's status
  uint64_t id = 0;                     // 201
  bool replayed = false;               // the bulk result's "replayed", or the header on a single create
  std::string code;                    // a refusal's code
  std::optional<uint64_t> doublet_of;  // 409 duplicate_lead naming the earlier lead
};

// One lead the test asked for, under a marker no other line has.
struct Line {
  std::string marker;
  size_t campaign = 0;
  int client = 0;
  Values sent;         // `source` empty when the vendor's filter stamps it
  int vendor = -1;     // the vendor whose token sent it
  std::string email;   // folded: what duplicate rules compare
  bool valid = true;   // false: an invalid e-mail on purpose, must be refused (422)
  size_t request = 0;  // index in Model::requests
  std::vector<LineAnswer> answers;
  // Every lead id found stored with this marker (more than one is a duplicate).
  std::set<uint64_t> stored_ids;
  int resolved_cycle = 0;  // last cycle whose restart looked for it
};

struct Attempt {
  int cycle = 0;
  Span span;
  int status = 0;                // of the response; 0 when cut off
  bool replayed_header = false;  // Idempotent-Replayed: true
};

// A POST of one lead or of a bulk, with every attempt at it.
struct CreateRequest {
  int client = 0;
  size_t campaign = 0;
  bool bulk = false;
  bool ndjson = false;
  std::string key;  // Idempotency-Key; empty: none
  int vendor = -1;  // -1: the admin token
  uint64_t token_id = 0;
  std::string body;           // emptied once it will not be sent again
  std::vector<size_t> lines;  // indexes in Model::lines
  std::vector<Attempt> attempts;
  bool retry = false;  // cut off with a key: sent again in the next cycle
};

// A 409 duplicate_lead that named the earlier lead: that lead must exist after the restart.
struct NamedLead {
  size_t campaign = 0;
  uint64_t lead_id = 0;
  std::string email;   // folded e-mail of the refused line
  std::string marker;  // of the refused line
  Span span;
};

// --- stored leads --------------------------------------------------------------------------------------

struct PatchWrite {
  Values values;
  Span span;
};

// A lead known to be stored, with its values as of the last check; or, once `deleted`, known to
// be gone (a DELETE took it), which it must stay.
struct TrackedLead {
  uint64_t id = 0;
  size_t campaign = 0;
  size_t line = 0;  // index in Model::lines
  int owner = -1;   // the client that PATCHes it (-1: nobody)
  int64_t created_at = 0;
  std::optional<uint64_t> doublet_of;
  Values values;
  std::vector<PatchWrite> patches;  // this cycle's, in the order sent (the owner's thread appends)
  // This cycle's DELETE, sent by the owner after its PATCHes (none follow it): answered 204 it
  // must be gone after the restart; cut off by the kill it may be either.
  std::optional<Span> deletion;
  bool deleted = false;
  // Deleted in the cycle of its create, under a power cut that may lose acknowledged writes: it
  // may have been lost with its create instead, leaving no tombstone.
  bool tombstone_unsure = false;
  int touched_cycle = 0;
};

// --- the whole expected state -------------------------------------------------------------------------

struct Model {
  SharedState shared;
  std::vector<Line> lines;
  std::unordered_map<std::string, size_t> line_by_marker;
  std::vector<CreateRequest> requests;
  std::vector<TrackedLead> leads;  // deleted ones too (`deleted`): a deleted lead must stay gone
  std::unordered_map<uint64_t, size_t> lead_by_id;
  std::vector<uint64_t> next_seq;  // per client: the last sequence number in its markers
  uint64_t next_serial = 0;        // the admin thread's: numbers the slugs and names it adds

  // This cycle's, cleared once checked.
  std::vector<AdminChange> changes;  // in the order sent (one admin thread)
  std::vector<NamedLead> named;
  std::vector<Vendor> vendors_at_start;  // as the cycle began: before any of `changes`
  // Leads created with an acknowledgement in this cycle, by id, with the PATCHes (and the DELETE)
  // their client sent them in the same cycle; tracked once the restart shows them stored (or
  // gone by their DELETE).
  std::unordered_map<uint64_t, TrackedLead> acked_this_cycle;

  size_t AddLead(TrackedLead lead);
};

// Empty when `got` holds exactly `want` (field values, source, status); else what differs.
std::string Diff(const Values& want, const core::Lead& got);

// One string from parts (messages built inside loops, without a temporary per `+`).
std::string Cat(std::initializer_list<std::string_view> parts);
// E-mail as duplicate rules compare it: ASCII case folded.
std::string FoldEmail(std::string email);
// The JSON text of a string value, as stored ("\"abc\"").
std::string Quoted(const std::string& text);
// The string inside stored JSON text ("\"abc\"" -> abc); as is when not a plain string.
std::string Unquoted(const std::string& json);

}  // namespace lg::crash_test
