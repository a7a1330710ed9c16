#pragma once
// RocksDB's own messages, warnings and worse, go to leadgate's log (core/log.h) instead of a
// LOG file in the store's directory. The LOG file is written on the data disk: on a full disk
// its failed append makes the next one abort the process (an assertion Debian's RocksDB keeps),
// and a full disk must cost refused writes, never the server.

#include <memory>

namespace rocksdb {
class Logger;
}

namespace lg::store {

std::shared_ptr<rocksdb::Logger> MakeRocksDbLog();

}  // namespace lg::store
