#pragma once
// The whole server wired together: data directory, store, key file, services, API and HTTP
// server. tools/leadgate and the integration tests both start the server through this class.
//
// Data directory layout:
//   <data_dir>/db/               RocksDB store
//   <data_dir>/secret.key        token hash and secret encryption keys (0600; security.key_file
//                                moves it): the store alone cannot check or reveal tokens
//   <data_dir>/admin-token       the first admin token, written once on an empty store (0600)

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/status.h"
#include "service/demo_seeder.h"

namespace rocksdb {
class Env;
}

namespace lg::app {

class Application {
 public:
  // `store_env`: handed to store::Db::Open (nullptr: RocksDB's default, as the server runs);
  // not owned, must outlive the Application.
  static core::Result<std::unique_ptr<Application>> Open(const core::Config& config, rocksdb::Env* store_env = nullptr);
  ~Application();

  // Listens on the configured address; port() and base_url() are valid afterwards.
  core::Status Start();
  uint16_t port() const;
  std::string base_url() const;
  // Serves until Stop() (from any thread).
  void Run();
  void Stop();
  // What GET /readyz says: OK, or why the server cannot serve now (draining, or the store's
  // Db::Health: disk full, not writable, write stall, recent I/O errors).
  core::Status Readiness();

  core::Result<service::DemoSeed> SeedDemo();
  // Where the first admin token was written; the file may have been removed by the operator.
  std::string admin_token_path() const;

 private:
  Application() = default;
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace lg::app
