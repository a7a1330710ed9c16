#pragma once
// Time in leadgate: milliseconds since the Unix epoch, UTC. Inputs accept RFC 3339
// ("2026-11-28T10:00:00Z", fractions and offsets allowed) and "YYYY-MM-DD HH:MM:SS" read in the
// account's time zone (the process's local zone, set once at start-up by SetAccountTimeZone).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lg::core {

// Now; while a replicated-log command is applied on this thread, the time it carries
// (core/apply_scope.h).
int64_t NowMillis();

// "2026-11-28T10:00:00.123Z"; milliseconds are always present so round-trips are exact.
std::string FormatTimestamp(int64_t millis);

// Parses RFC 3339 or "YYYY-MM-DD HH:MM:SS" (account time zone); nullopt when invalid.
std::optional<int64_t> ParseTimestamp(std::string_view text);

// True for a valid calendar date "YYYY-MM-DD".
bool IsValidDate(std::string_view text);

// Whether `zone` (an IANA name such as "Europe/Copenhagen", or "UTC") is known to the system.
bool IsKnownTimeZone(const std::string& zone);

// Makes `zone` the zone used for local inputs. Call once before serving; returns false when the
// zone is unknown to the system (IsKnownTimeZone).
bool SetAccountTimeZone(const std::string& zone);

}  // namespace lg::core
