#include "store/write_unit.h"

#include <rocksdb/write_batch.h>

namespace lg::store {

WriteUnit::WriteUnit(const Db& db, size_t expected_bytes)
    : db_(db), batch_(std::make_unique<rocksdb::WriteBatch>(expected_bytes)) {}
WriteUnit::~WriteUnit() = default;

void WriteUnit::Check(const char* what, bool ok, const std::string& detail) {
  if (!ok && error_.ok()) error_ = core::Status::Internal(std::string("store batch refused a ") + what + ": " + detail);
}

void WriteUnit::Put(Cf cf, std::string_view key, std::string_view value) {
  rocksdb::Status s =
      batch_->Put(db_.handle(cf), rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()));
  Check("put", s.ok(), s.ToString());
}

void WriteUnit::Merge(Cf cf, std::string_view key, std::string_view value) {
  rocksdb::Status s =
      batch_->Merge(db_.handle(cf), rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()));
  Check("merge", s.ok(), s.ToString());
}

void WriteUnit::DeleteRange(Cf cf, const KeyRange& range) {
  rocksdb::Status s = batch_->DeleteRange(db_.handle(cf), rocksdb::Slice(range.begin.data(), range.begin.size()),
                                          rocksdb::Slice(range.end.data(), range.end.size()));
  Check("range delete", s.ok(), s.ToString());
}

void WriteUnit::Delete(Cf cf, std::string_view key) {
  rocksdb::Status s = batch_->Delete(db_.handle(cf), rocksdb::Slice(key.data(), key.size()));
  Check("delete", s.ok(), s.ToString());
}

// Replays a batch's puts and deletes into another batch (RocksDB has no public batch append).
class WriteUnit::Appender : public rocksdb::WriteBatch::Handler {
 public:
  Appender(const Db& db, rocksdb::WriteBatch& out) : db_(db), out_(out) {}
  rocksdb::Status PutCF(uint32_t cf_id, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    return out_.Put(db_.handle_by_id(cf_id), key, value);
  }
  rocksdb::Status DeleteRangeCF(uint32_t cf_id, const rocksdb::Slice& begin, const rocksdb::Slice& end) override {
    return out_.DeleteRange(db_.handle_by_id(cf_id), begin, end);
  }
  rocksdb::Status DeleteCF(uint32_t cf_id, const rocksdb::Slice& key) override {
    return out_.Delete(db_.handle_by_id(cf_id), key);
  }
  rocksdb::Status MergeCF(uint32_t cf_id, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    return out_.Merge(db_.handle_by_id(cf_id), key, value);
  }

 private:
  const Db& db_;
  rocksdb::WriteBatch& out_;
};

void WriteUnit::Append(const WriteUnit& other) {
  Check("unit", other.error_.ok(), other.error_.detail());
  Appender appender(db_, *batch_);
  rocksdb::Status s = other.batch_->Iterate(&appender);
  Check("unit", s.ok(), s.ToString());
}

void WriteUnit::Clear() {
  batch_->Clear();
  error_ = core::Status::Ok();
}

size_t WriteUnit::size_bytes() const { return batch_->GetDataSize(); }

bool WriteUnit::empty() const { return batch_->Count() == 0; }

}  // namespace lg::store
