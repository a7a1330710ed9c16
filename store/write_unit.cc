#include "store/write_unit.h"

#include <rocksdb/write_batch.h>

namespace lg::store {

WriteUnit::WriteUnit(const Db& db, size_t expected_bytes)
    : db_(db), batch_(std::make_unique<rocksdb::WriteBatch>(expected_bytes)) {}
WriteUnit::~WriteUnit() = default;

void WriteUnit::Put(Cf cf, std::string_view key, std::string_view value) {
  // A batch only fails on absurd sizes; the commit reports that.
  batch_->Put(db_.handle(cf), rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()))
      .PermitUncheckedError();
}

void WriteUnit::Delete(Cf cf, std::string_view key) {
  batch_->Delete(db_.handle(cf), rocksdb::Slice(key.data(), key.size())).PermitUncheckedError();
}

// Replays a batch's puts and deletes into another batch (RocksDB has no public batch append).
class WriteUnit::Appender : public rocksdb::WriteBatch::Handler {
 public:
  Appender(const Db& db, rocksdb::WriteBatch& out) : db_(db), out_(out) {}
  rocksdb::Status PutCF(uint32_t cf_id, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    return out_.Put(db_.handle_by_id(cf_id), key, value);
  }
  rocksdb::Status DeleteCF(uint32_t cf_id, const rocksdb::Slice& key) override {
    return out_.Delete(db_.handle_by_id(cf_id), key);
  }

 private:
  const Db& db_;
  rocksdb::WriteBatch& out_;
};

void WriteUnit::Append(const WriteUnit& other) {
  Appender appender(db_, *batch_);
  other.batch_->Iterate(&appender).PermitUncheckedError();
}

void WriteUnit::Clear() { batch_->Clear(); }

size_t WriteUnit::size_bytes() const { return batch_->GetDataSize(); }

}  // namespace lg::store
