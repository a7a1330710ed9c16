#pragma once
// What a bulk create answers: one outcome per input item, in input order, and the counts.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace lg::service {

// One input item of a bulk create: created (status 201, lead_id) or refused with `error`.
struct BulkOutcome {
  size_t index = 0;
  uint64_t lead_id = 0;                // when created
  core::Status error;                  // ok when created
  std::optional<uint64_t> doublet_of;  // a created lead a duplicate rule flagged
};

struct BulkCreated {
  std::vector<BulkOutcome> outcomes;  // one per input item, in input order
  size_t created = 0;
  size_t failed = 0;
  std::string body;       // the response body (EncodeBulkResult), as stored for idempotent retries
  bool replayed = false;  // the body is the stored answer to an earlier request with this Idempotency-Key
};

// {"results": [{"index", "status": 201, "id", "doublet_of"?} or {"index", "status", "code",
// "detail", "errors"?}], "created", "failed"}; each refused item's status comes from
// core/problem.h's table, and an internal failure shows no detail of what failed.
std::string EncodeBulkResult(const BulkCreated& result);

}  // namespace lg::service
