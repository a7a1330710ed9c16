#include "store/insert_hints.h"

#include <rocksdb/slice_transform.h>

#include <string_view>

#include "store/key_codec.h"

namespace lg::store {

namespace {

using RunLength = size_t (*)(std::string_view key);

class RunPrefix final : public rocksdb::SliceTransform {
 public:
  RunPrefix(const char* name, RunLength run) : name_(name), run_(run) {}
  const char* Name() const override { return name_; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), run_(View(key)));
  }
  bool InDomain(const rocksdb::Slice& key) const override { return run_(View(key)) != 0; }

 private:
  static std::string_view View(const rocksdb::Slice& key) { return std::string_view(key.data(), key.size()); }
  const char* name_;
  RunLength run_;
};

}  // namespace

std::shared_ptr<const rocksdb::SliceTransform> InsertHintsFor(Cf cf) {
  switch (cf) {
    case Cf::kLeads:
      return std::make_shared<RunPrefix>("leadgate.LeadRun", keys::LeadRunLength);
    case Cf::kIndex:
      return std::make_shared<RunPrefix>("leadgate.IndexRun", keys::IndexRunLength);
    default:
      return nullptr;
  }
}

}  // namespace lg::store
