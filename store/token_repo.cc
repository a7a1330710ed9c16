#include "store/token_repo.h"

#include "core/log.h"
#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {
namespace {

std::optional<core::TokenRecord> DecodeStored(std::string_view value) {
  auto payload = keys::VersionedPayload(value);
  if (!payload) return std::nullopt;
  auto record = core::DecodeTokenRecord(*payload);
  if (!record.ok()) {
    core::log::Error("store_corrupt_token", {{"detail", record.status().detail()}});
    return std::nullopt;
  }
  return std::move(record).value();
}

}  // namespace

core::Status TokenRepo::Put(const core::TokenRecord& record, std::optional<std::string_view> previous_hash) {
  WriteUnit unit(db_);
  std::string id_value;
  keys::AppendU64(id_value, record.id);
  if (previous_hash && *previous_hash != record.secret_hash) unit.Delete(Cf::kAuth, keys::TokenByHash(*previous_hash));
  unit.Put(Cf::kAuth, keys::TokenByHash(record.secret_hash), id_value);
  unit.Put(Cf::kAuth, keys::TokenById(record.id), keys::VersionedValue(core::EncodeTokenRecord(record)));
  return db_.Commit(unit);
}

std::optional<core::TokenRecord> TokenRepo::GetById(uint64_t token_id) const {
  auto value = db_.Get(Cf::kAuth, keys::TokenById(token_id));
  if (!value) return std::nullopt;
  return DecodeStored(*value);
}

std::optional<core::TokenRecord> TokenRepo::GetByHash(std::string_view secret_hash) const {
  auto id = db_.Get(Cf::kAuth, keys::TokenByHash(secret_hash));
  if (!id || id->size() != 8) return std::nullopt;
  return GetById(keys::ReadU64(*id, 0));
}

std::vector<core::TokenRecord> TokenRepo::List() const {
  std::vector<core::TokenRecord> out;
  std::string prefix = keys::TokenByIdPrefix();
  db_.Scan(Cf::kAuth, prefix, keys::PrefixEnd(prefix), false, [&](std::string_view, std::string_view value) {
    if (auto r = DecodeStored(value)) out.push_back(std::move(*r));
    return true;
  });
  return out;
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

std::map<uint64_t, int64_t> TokenRepo::LastUsed() const {
  std::map<uint64_t, int64_t> out;
  std::string prefix = keys::TokenLastUsedPrefix();
  db_.Scan(Cf::kAuth, prefix, keys::PrefixEnd(prefix), false, [&](std::string_view key, std::string_view value) {
    if (value.size() == 8) out[keys::ReadU64(key, 1)] = static_cast<int64_t>(keys::ReadU64(value, 0));
    return true;
  });
  return out;
}

}  // namespace lg::store
