#include "store/rocksdb_log.h"

#include <rocksdb/env.h>

#include <array>
#include <cstdarg>
#include <cstdio>

#include "core/log.h"

namespace lg::store {
namespace {

class CoreLogLogger : public rocksdb::Logger {
 public:
  CoreLogLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}

  void Logv(const char* format, va_list ap) override { Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap); }

  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel()) return;
    std::array<char, 1024> message{};
    std::vsnprintf(message.data(), message.size(), format, ap);  // longer messages are cut
    try {
      if (level >= rocksdb::InfoLogLevel::ERROR_LEVEL) {
        core::log::Error("rocksdb", {{"message", message.data()}});
      } else {
        core::log::Warn("rocksdb", {{"message", message.data()}});
      }
    } catch (...) {  // NOLINT(bugprone-empty-catch): RocksDB is not exception-safe; a lost line is
    }
  }
};

}  // namespace

std::shared_ptr<rocksdb::Logger> MakeRocksDbLog() { return std::make_shared<CoreLogLogger>(); }

}  // namespace lg::store
