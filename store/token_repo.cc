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
