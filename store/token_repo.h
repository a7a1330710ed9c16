#pragma once
// API token records in the `auth` column family: by id, and by keyed hash of the secret for the
// one point lookup that authenticates a request. Every record is also held in memory (tokens
// number in the hundreds, and every request authenticates): reads never touch the store, and
// Put updates the copy once its write is committed, so a revocation or rotation is seen by the
// very next request. Writes block; thread-safe.

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "core/token_record.h"
#include "store/db.h"

namespace lg::store {

class TokenRepo {
 public:
  explicit TokenRepo(Db& db) : db_(db) {}
  // Reads every record into memory; call once before use. A record that does not decode fails
  // it: a token the server cannot see must not silently stop authenticating.
  core::Status Load();

  // Writes the record and its hash entry together; `previous_hash` (on rotation) is removed.
  core::Status Put(const core::TokenRecord& record, std::optional<std::string_view> previous_hash = std::nullopt);
  std::optional<core::TokenRecord> GetById(uint64_t token_id) const;
  std::optional<core::TokenRecord> GetByHash(std::string_view secret_hash) const;
  // The token whose docs link id is `docs_id` (revoked and expired ones included).
  std::optional<core::TokenRecord> GetByDocsId(std::string_view docs_id) const;
  std::vector<core::TokenRecord> List() const;

  // Last-used times live beside the records so the background writer never races an admin's
  // change to the record. Not synced: losing the last minute of usage data is harmless.
  core::Status PutLastUsed(const std::map<uint64_t, int64_t>& last_used);
  core::Result<std::map<uint64_t, int64_t>> LastUsed() const;

 private:
  core::Result<std::vector<core::TokenRecord>> ReadAll() const;
  // The record that `index` (hash or docs id -> token id) names for `key`.
  std::optional<core::TokenRecord> GetVia(const std::unordered_map<std::string, uint64_t>& index,
                                          std::string_view key) const;

  Db& db_;
  mutable std::shared_mutex mu_;
  std::map<uint64_t, core::TokenRecord> by_id_;
  std::unordered_map<std::string, uint64_t> id_by_hash_;
  std::unordered_map<std::string, uint64_t> id_by_docs_;
};

}  // namespace lg::store
