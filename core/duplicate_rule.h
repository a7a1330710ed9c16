#pragma once
// Duplicate detection, the pure part: which values of a lead the campaign's rules
// compare, in a normalized form (e-mail and text compared case-insensitively and trimmed, phone
// numbers by their digits), the keys the store indexes a lead under for each rule, and whether
// an earlier lead is a duplicate of a new one under a rule.
//
// A rule's key covers what it matches on as a whole: an `all` rule has one key per lead (every
// member's value together), an `any` rule one per member that has a value. A key also names the
// rule's signature (match, members, ignored statuses), so a lead is indexed under a rule only
// while its status counts for that rule. Finding the earliest duplicate is then one seek per key
// (one for `all`, at most kMaxDuplicateMembers for `any`), whatever the number of leads that share
// a value. Keys are SHA-256 based, so no input can be made to collide with another.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/lead.h"

namespace lg::core {

// What decides the keys of `rule` (its match, members and ignored statuses; not its name, window
// or action), as bytes. Leads must be re-indexed when a campaign's set of these changes.
std::string DuplicateSignature(const DuplicateRule& rule);
// The signatures of every rule of `campaign`.
std::set<std::string> DuplicateSignatures(const Campaign& campaign);

// The comparable form of `member`'s value in `lead`; nullopt when absent or empty (an absent
// value never matches).
std::optional<std::string> DuplicateValue(const Campaign& campaign, const Lead& lead, const std::string& member);

// A stored field value (JSON text) of a field of `type` in its comparable form: e-mail and text
// case-folded and trimmed, phone numbers by their digits, anything else as stored.
std::string ComparableFieldValue(FieldType type, std::string_view json_text);

// DuplicateValue of each of `rule`'s members, in the rule's order.
using DuplicateValues = std::vector<std::optional<std::string>>;
DuplicateValues DuplicateValuesUnder(const DuplicateRule& rule, const Campaign& campaign, const Lead& lead);

// Most members one rule may compare (campaign validation refuses more): an `any` rule's check
// costs one index seek per member.
inline constexpr size_t kMaxDuplicateMembers = 8;

// Bytes of a DuplicateKey.
inline constexpr size_t kDuplicateKeyBytes = 16;

// The keys `lead` is looked up by under `rule` (its values in `values`, from DuplicateValuesUnder):
// none when an `all` rule misses a value, else one (`all`) or one per member with a value (`any`),
// each kDuplicateKeyBytes long. The lead's status does not matter here.
std::vector<std::string> DuplicateKeys(const DuplicateRule& rule, const DuplicateValues& values);

// Whether an earlier lead in `status` counts for `rule` (it is not in a status the rule ignores):
// only then is it indexed under the rule's keys.
bool CountsForRule(const DuplicateRule& rule, const std::string& status);

// Whether `earlier` counts as a duplicate of `lead` (created at `now_millis`, its values under the
// rule in `values`, from DuplicateValuesUnder: taken once for many candidates) under `rule`: inside
// the window (created less than window_seconds before), not in an ignored status, and all (or,
// for `any`, one) of the rule's members equal.
bool IsDuplicateUnder(const DuplicateRule& rule, const Campaign& campaign, const Lead& lead,
                      const DuplicateValues& values, const Lead& earlier, int64_t now_millis);

}  // namespace lg::core
