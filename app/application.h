#pragma once
// The whole server wired together: data directory, store, key file, services, API and HTTP
// server. tools/leadgate and the integration tests both start the server through this class.
//
// Data directory layout:
//   <data_dir>/db/               RocksDB store
//   <data_dir>/secret.key        token hash and secret encryption keys (0600; security.key_file
//                                moves it): the store alone cannot check or reveal tokens
//   <data_dir>/admin-token       the first admin token, written once on an empty store (0600),
//                                and again after a new key file (MissingKeyFile::kMakeNew)

#include <atomic>
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

// What Open does when the key file is missing but the store holds tokens, every one of them made
// with that key: refuse to start, naming the file (a lost key file is restored, not silently
// replaced), or make a new key file and a new admin token, with which none of the stored tokens
// authenticates any more (`leadgate serve --new-key`).
enum class MissingKeyFile { kRefuse, kMakeNew };

class Application {
 public:
  // Fails without touching the data directory when `config` does not validate. `store_env`:
  // handed to store::Db::Open (nullptr: RocksDB's default, as the server runs); not owned, must
  // outlive the Application.
  static core::Result<std::unique_ptr<Application>> Open(const core::Config& config,
                                                         MissingKeyFile missing_key = MissingKeyFile::kRefuse,
                                                         rocksdb::Env* store_env = nullptr);
  ~Application();

  // Listens on the configured address; port() and base_url() are valid afterwards.
  core::Status Start();
  uint16_t port() const;
  std::string base_url() const;
  // Serves until Stop() (from any thread).
  void Run();
  void Stop();
  // Whether the server stopped by itself to be started again: a cluster node the replicated log
  // left behind, which catches up from another node's copy at its next start.
  bool restart_needed() const { return restart_needed_.load(); }
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
  std::atomic<bool> restart_needed_{false};
};

}  // namespace lg::app
