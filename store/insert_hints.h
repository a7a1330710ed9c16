#pragma once
// Memtable insert hints: RocksDB keeps, per run of keys, the place its last insert went, and
// starts the next insert of that run there instead of at the top of the skip list. Leads and
// index entries are written in runs (see keys::LeadRunLength, keys::IndexRunLength), so most
// inserts land next to the previous one of their run.

#include <memory>

#include "store/db.h"

namespace rocksdb {
class SliceTransform;
}

namespace lg::store {

// The run extractor for a column family's memtable; nullptr for families written at random.
std::shared_ptr<const rocksdb::SliceTransform> InsertHintsFor(Cf cf);

}  // namespace lg::store
