#pragma once
// The file system of leadgate-powercut (only that test build of the server; never `leadgate`):
// RocksDB's own file system, with every file written through to the disk as usual, plus a
// power-cut journal (power_cut_journal.h, which also describes the model of the disk) of which
// lengths were synced. leadgate-crash-test --power-cut SIGKILLs the server and cuts the store's
// files back to those lengths, which is what a power cut leaves of them.

#include <memory>

#include "tools/crash_test/power_cut_journal.h"

namespace rocksdb {
class FileSystem;
}

namespace lg::crash_test {

// Wraps `base` (rocksdb::FileSystem::Default() in practice); every writable file it opens
// reports its creation, syncs and truncations to `journal`.
std::shared_ptr<rocksdb::FileSystem> NewPowerCutFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base,
                                                           std::shared_ptr<PowerCutJournal> journal);

}  // namespace lg::crash_test
