#pragma once
// What a bulk create answers: one outcome per input item read, in input order, and the counts.
// Outcomes are encoded as they are decided (a bulk keeps their JSON, not their objects), and an
// earlier attempt's stored outcomes are re-read to mark the leads it created.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lg::service {

// One input item of a bulk create: created (status 201, lead_id) or refused with `error`.
struct BulkOutcome {
  size_t index = 0;
  uint64_t lead_id = 0;                // when created
  core::Status error;                  // ok when created
  std::optional<uint64_t> doublet_of;  // a created lead a duplicate rule flagged
  bool replayed = false;               // created by an earlier attempt with the same Idempotency-Key
};

struct BulkCounts {
  size_t created = 0;  // items whose lead exists (replayed ones included)
  size_t failed = 0;
  size_t replayed = 0;  // of `created`, those an earlier attempt created
};

// A refused item lists at most this many field errors (its detail stays), so a bulk's answer
// stays in proportion to its item count.
inline constexpr size_t kMaxBulkItemErrors = 10;

// Appends `outcome` as a JSON object to `out` (with a comma first when `out` is not empty):
// {"index", "status": 201, "id", "doublet_of"?, "replayed"?} or {"index", "status", "code",
// "detail", "errors"?, members}; each refused item's status comes from core/problem.h's table, and
// an internal failure shows no detail of what failed.
void AppendBulkOutcome(std::string& out, const BulkOutcome& outcome);

// {"results": [`results`], "created", "failed", "replayed" (when not 0)}.
std::string EncodeBulkResult(std::string_view results, const BulkCounts& counts);

// An earlier attempt's stored outcomes (as AppendBulkOutcome wrote them) as this answer gives
// them: created ones with "replayed": true. Adds them to `counts`. 500 when they do not decode.
core::Result<std::string> ReplayedOutcomes(std::string_view stored, BulkCounts& counts);

struct BulkCreated {
  std::string body;  // the response body, as stored for idempotent retries
  BulkCounts counts;
  bool replayed = false;  // the body is the stored answer to an earlier, finished request
};

}  // namespace lg::service
