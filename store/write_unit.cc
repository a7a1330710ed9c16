#include "store/write_unit.h"

#include <rocksdb/write_batch.h>

namespace lg::store {

WriteUnit::WriteUnit(const Db& db) : db_(db), batch_(std::make_unique<rocksdb::WriteBatch>()) {}
WriteUnit::~WriteUnit() = default;

void WriteUnit::Put(Cf cf, std::string_view key, std::string_view value) {
  // A batch only fails on absurd sizes; the commit reports that.
  batch_->Put(db_.handle(cf), rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()))
      .PermitUncheckedError();
}

void WriteUnit::Delete(Cf cf, std::string_view key) {
  batch_->Delete(db_.handle(cf), rocksdb::Slice(key.data(), key.size())).PermitUncheckedError();
}

void WriteUnit::Clear() { batch_->Clear(); }

}  // namespace lg::store
