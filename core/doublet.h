#pragma once
// Duplicate ("doublet") detection, the pure part: which values of a lead the campaign's rules
// compare, in a normalized form (e-mail and text compared case-insensitively and trimmed, phone
// numbers by their digits), the 64-bit hash the store indexes them under, and whether an earlier
// lead is a doublet of a new one under a rule. The store finds candidates through that index
// (never a scan); this file decides.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/campaign.h"
#include "core/lead.h"

namespace lg::core {

// Every field or select slug some rule of `campaign` compares.
std::set<std::string> DoubletMembers(const Campaign& campaign);

// The comparable form of `member`'s value in `lead`; nullopt when absent or empty (an absent
// value never matches).
std::optional<std::string> DoubletValue(const Campaign& campaign, const Lead& lead, const std::string& member);

// Stable hash of (member, normalized value) for the doublet index (FNV-1a, 64 bits; collisions
// are settled by comparing the records).
uint64_t DoubletHash(const std::string& member, const std::string& value);

// DoubletValue of each of `rule`'s members, in the rule's order.
using DoubletValues = std::vector<std::optional<std::string>>;
DoubletValues DoubletValuesUnder(const DoubletRule& rule, const Campaign& campaign, const Lead& lead);

// Whether `earlier` counts as a doublet of `lead` (created at `now_millis`, its values under the
// rule in `values`, from DoubletValuesUnder: taken once for many candidates) under `rule`: inside
// the window (created less than window_seconds before), not in an ignored status, and all (or,
// for `any`, one) of the rule's members equal.
bool IsDoubletUnder(const DoubletRule& rule, const Campaign& campaign, const Lead& lead, const DoubletValues& values,
                    const Lead& earlier, int64_t now_millis);

}  // namespace lg::core
