#include "store/token_repo.h"

#include <mutex>

#include "store/key_codec.h"
#include "store/versioned_records.h"
#include "store/write_unit.h"

namespace lg::store {
core::Status TokenRepo::Load() {
  LG_ASSIGN_OR_RETURN(auto records, ReadAll());
  std::unique_lock lock(mu_);
  for (auto& record : records) {
    id_by_hash_[record.secret_hash] = record.id;
    id_by_docs_[record.docs_id] = record.id;
    by_id_[record.id] = std::move(record);
  }
  return core::Status::Ok();
}

core::Status TokenRepo::Put(const core::TokenRecord& record, std::optional<std::string_view> previous_hash) {
  WriteUnit unit(db_);
  std::string id_value;
  keys::AppendU64(id_value, record.id);
  if (previous_hash && *previous_hash != record.secret_hash) unit.Delete(Cf::kAuth, keys::TokenByHash(*previous_hash));
  unit.Put(Cf::kAuth, keys::TokenByHash(record.secret_hash), id_value);
  unit.Put(Cf::kAuth, keys::TokenById(record.id), keys::VersionedValue(core::EncodeTokenRecord(record)));
  LG_RETURN_IF_ERROR(db_.Commit(unit));
  std::unique_lock lock(mu_);
  if (previous_hash && *previous_hash != record.secret_hash) id_by_hash_.erase(std::string(*previous_hash));
  id_by_hash_[record.secret_hash] = record.id;
  if (auto old = by_id_.find(record.id); old != by_id_.end() && old->second.docs_id != record.docs_id) {
    id_by_docs_.erase(old->second.docs_id);  // a rotated docs link stops working at once
  }
  id_by_docs_[record.docs_id] = record.id;
  by_id_[record.id] = record;
  return core::Status::Ok();
}

std::optional<core::TokenRecord> TokenRepo::GetById(uint64_t token_id) const {
  std::shared_lock lock(mu_);
  auto it = by_id_.find(token_id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::optional<core::TokenRecord> TokenRepo::GetVia(const std::unordered_map<std::string, uint64_t>& index,
                                                   std::string_view key) const {
  std::shared_lock lock(mu_);
  auto id = index.find(std::string(key));
  if (id == index.end()) return std::nullopt;
  auto it = by_id_.find(id->second);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::optional<core::TokenRecord> TokenRepo::GetByHash(std::string_view secret_hash) const {
  return GetVia(id_by_hash_, secret_hash);
}

std::optional<core::TokenRecord> TokenRepo::GetByDocsId(std::string_view docs_id) const {
  return GetVia(id_by_docs_, docs_id);
}

std::vector<core::TokenRecord> TokenRepo::List() const {
  std::shared_lock lock(mu_);
  std::vector<core::TokenRecord> out;
  out.reserve(by_id_.size());
  for (const auto& [id, record] : by_id_) out.push_back(record);
  return out;
}

core::Result<std::vector<core::TokenRecord>> TokenRepo::ReadAll() const {
  return ReadVersionedRecords<core::TokenRecord>(db_, Cf::kAuth, keys::TokenByIdPrefix(), "token",
                                                 core::DecodeTokenRecord);
}

}  // namespace lg::store

namespace lg::store {

core::Status TokenRepo::PutLastUsed(const std::map<uint64_t, int64_t>& last_used) {
  WriteUnit unit(db_);
  for (const auto& [id, ms] : last_used) {
    std::string value;
    keys::AppendU64(value, static_cast<uint64_t>(ms));
    unit.Put(Cf::kAuth, keys::TokenLastUsed(id), value);
  }
  return db_.Commit(unit, /*sync=*/false);
}

core::Result<std::map<uint64_t, int64_t>> TokenRepo::LastUsed() const {
  std::map<uint64_t, int64_t> out;
  const KeyRange range = keys::PrefixRange(keys::TokenLastUsedPrefix());
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kAuth, range, [&](std::string_view key, std::string_view value) {
    auto token_id = keys::DecodeTokenLastUsed(key);
    if (token_id && value.size() == 8) out[*token_id] = static_cast<int64_t>(keys::ReadU64(value, 0));
    return true;
  }));
  return out;
}

}  // namespace lg::store
