#include "tests/support/test_server.h"

#include <fstream>
#include <stdexcept>

#include "core/log.h"

namespace lg::test {

core::Config TestConfig(const std::string& data_dir) {
  core::Config config;
  config.data_dir = data_dir;
  config.port = 0;
  config.log_level = "warn";
  config.worker_threads = 4;
  // Rate limits out of the way; tests of the limits themselves set their own.
  config.token_rate_per_second = 1000000;
  config.token_burst = 1000000;
  config.auth_failures_per_minute = 100000;
  config.auth_failure_burst = 100000;
  config.docs_requests_per_minute = 1000000;
  config.docs_burst = 1000000;
  return config;
}

TestServer::TestServer(core::Config config, app::MissingKeyFile missing_key)
    : config_(std::move(config)), missing_key_(missing_key) {
  config_.port = 0;
  core::log::Init(config_.log_level);
  StartServing();
  // Empty when the data directory already held tokens (the file is written on first start, and
  // after a new key file).
  std::ifstream(app_->admin_token_path()) >> admin_token_;
}

TestServer::~TestServer() { Stop(); }

void TestServer::StartServing() {
  auto app = app::Application::Open(config_, missing_key_);
  if (!app.has_value()) throw std::runtime_error("cannot open server: " + app.error().detail());
  app_ = std::move(app).value();
  if (auto s = app_->Start(); !s.ok()) throw std::runtime_error("cannot start server: " + s.detail());
  thread_ = std::thread([this] { app_->Run(); });
}

void TestServer::Stop() {
  if (!app_) return;
  app_->Stop();
  if (thread_.joinable()) thread_.join();
  app_.reset();
}

void TestServer::Restart() {
  Stop();
  StartServing();
}

}  // namespace lg::test
