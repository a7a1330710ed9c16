#pragma once
// An API token as stored: everything but the secret, which is never kept in plain form. The
// lookup key is a keyed hash of the secret (see auth/token_hasher.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lg::core {

// On-disk numbers: never renumber.
enum class Permission : uint8_t { kRead = 1, kReadWrite = 2, kAdmin = 3 };

std::string_view ToString(Permission permission);
std::optional<Permission> ParsePermission(std::string_view text);

struct TokenRecord {
  uint64_t id = 0;
  std::string name;
  Permission permission = Permission::kRead;
  std::optional<uint64_t> campaign_id;
  std::optional<uint64_t> filter_id;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> revoked_at;
  int64_t created_at = 0;
  uint64_t created_by = 0;                 // token id of the admin that minted it; 0 = the server itself
  std::string secret_hash;                 // raw 32 bytes of the keyed hash
  std::string masked;                      // e.g. "lg_8fKq…", safe to show
  std::string docs_id;                     // public, unguessable id of the token's documentation link
  std::string sealed_secret;               // the secret, encrypted (auth/secret_box.h); empty when reveal is off
  std::optional<int64_t> rate_per_second;  // overrides the configured default when set
  std::optional<int64_t> rate_burst;
  bool can_delete_leads = false;  // a campaign-scoped read_write token may delete and erase leads

  bool IsActive(int64_t now_millis) const { return !revoked_at && (!expires_at || now_millis < *expires_at); }
};

// Stored form (JSON behind the store's version byte); the API form lives in the service.
std::string EncodeTokenRecord(const TokenRecord& record);
Result<TokenRecord> DecodeTokenRecord(std::string_view json);

}  // namespace lg::core
