#pragma once
// Example payloads for the documentation, built from the campaign's schema so they are valid for
// it: a create body with every field and the token's own pinned values, a PATCH body, the lead
// the server would answer with (encoded by the real lead encoder), its tombstone once deleted,
// and the erasure request, answer and problems.

#include <cstdint>
#include <string>

#include "apidocs/docs_model.h"

namespace lg::apidocs {

// The JSON text of an example value for `field`, chosen by type (and by slug for text fields
// that look like names, postcodes...).
std::string ExampleFieldValue(const core::Field& field);

// The id the example lead has.
uint64_t ExampleLeadId();

// When the example lead is created, changed by ExamplePatchBody and deleted (Unix milliseconds).
inline constexpr int64_t kExampleCreatedAt = 1795860000000;  // 2026-11-28T10:00:00Z
inline constexpr int64_t kExampleUpdatedAt = 1795863600000;  // an hour later
inline constexpr int64_t kExampleDeletedAt = 1796464800000;  // a week later: 2026-12-05T10:00:00Z

std::string ExampleCreateBody(const DocsCampaign& campaign);
std::string ExamplePatchBody(const DocsCampaign& campaign);
// The lead a successful create with ExampleCreateBody returns.
std::string ExampleLead(const DocsCampaign& campaign, const std::string& token_name);
// That lead after ExamplePatchBody, at kExampleUpdatedAt.
std::string ExampleUpdatedLead(const DocsCampaign& campaign, const std::string& token_name);
// What the sync feed (sort=updated_at) shows once that lead is deleted (encoded by the real
// tombstone encoder): no field values, no creator.
std::string ExampleTombstone(const DocsCampaign& campaign);

// A dry-run erasure of the example person (POST /v2/leads/erase), within the first campaign the
// docs show, and its answer (`dry_run` false: the answer of the erasure itself).
std::string ExampleErasureBody(const DocsRequest& request);
std::string ExampleErasureResult(const DocsRequest& request, bool dry_run);

// Problem documents (encoded by core/problem.h) the deletion endpoints answer with.
std::string ExampleDeleteForbidden();  // 403 insufficient_permission
std::string ExampleLeadNotFound();     // 404 not_found
std::string ExampleErasureInvalid();   // 422 validation_failed

}  // namespace lg::apidocs
