#pragma once
// The real server, started in-process on 127.0.0.1:0 over a data directory, serving on a
// background thread. Restart() stops it and opens the same directory again.

#include <memory>
#include <string>
#include <thread>

#include "app/application.h"
#include "core/config.h"
#include "tests/support/http_client.h"

namespace lg::test {

class TestServer {
 public:
  // `config`: data_dir is taken from it (tests usually pass a TempDir); port is forced to 0.
  // `missing_key`: as `leadgate serve` without or with --new-key.
  explicit TestServer(core::Config config, app::MissingKeyFile missing_key = app::MissingKeyFile::kRefuse);
  ~TestServer();

  uint16_t port() const { return app_->port(); }
  const std::string& admin_token() const { return admin_token_; }
  HttpClient Client() const { return HttpClient(port()); }
  void Restart();
  void Stop();

 private:
  void StartServing();

  core::Config config_;
  app::MissingKeyFile missing_key_;
  std::unique_ptr<app::Application> app_;
  std::thread thread_;
  std::string admin_token_;
};

// Config for a test: fresh data dir, port 0, quiet logs, rate limits too high to matter.
core::Config TestConfig(const std::string& data_dir);

}  // namespace lg::test
