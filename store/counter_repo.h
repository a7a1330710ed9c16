#pragma once
// Persistent id counters (campaign ids, token ids) in the `meta` column family. Thread-safe;
// Next() blocks on a synced write so an id is never handed out twice, even across a crash.

#include <cstdint>
#include <mutex>
#include <string_view>

#include "core/status.h"
#include "store/db.h"

namespace lg::store {

class CounterRepo {
 public:
  explicit CounterRepo(Db& db) : db_(db) {}
  core::Result<uint64_t> Next(std::string_view name);

 private:
  Db& db_;
  std::mutex mu_;
};

}  // namespace lg::store
