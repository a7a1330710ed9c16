#pragma once
// What finds a person's leads for an erasure request (POST /v2/leads/erase): every e-mail and
// phone value of a lead, in the form duplicate rules compare them (e-mail case-folded and
// trimmed, a phone number by its digits), hashed with SHA-256 so the index holds no readable
// value. The store indexes each lead under its keys, so an erasure is one seek per campaign.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/lead.h"

namespace lg::core {

inline constexpr size_t kPersonKeyBytes = 16;

// The keys of `lead`'s e-mail and phone field values under `campaign` (sorted, no repeats).
std::vector<std::string> PersonKeys(const Campaign& campaign, const Lead& lead);

// The key of an e-mail address or phone number sent in a request; nullopt when the value is not
// a phone number as a lead's field would take it, or an address any version of leadgate stored
// (core/field_formats.h: IsEmailLookupValue).
std::optional<std::string> EmailPersonKey(std::string_view email);
std::optional<std::string> PhonePersonKey(std::string_view phone);

}  // namespace lg::core
