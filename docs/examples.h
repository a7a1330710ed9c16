#pragma once
// Example payloads for the documentation, built from the campaign's schema so they are valid for
// it: a create body with every field and the token's own pinned values, a PATCH body, and the
// lead the server would answer with (encoded by the real lead encoder).

#include <cstdint>
#include <string>

#include "docs/docs_model.h"

namespace lg::docs {

// The JSON text of an example value for `field`, chosen by type (and by slug for text fields
// that look like names, postcodes...).
std::string ExampleFieldValue(const core::Field& field);

// The id the example lead has.
uint64_t ExampleLeadId();

std::string ExampleCreateBody(const DocsCampaign& campaign);
std::string ExamplePatchBody(const DocsCampaign& campaign);
// The lead a successful create with ExampleCreateBody returns.
std::string ExampleLead(const DocsCampaign& campaign, const std::string& token_name);

}  // namespace lg::docs
