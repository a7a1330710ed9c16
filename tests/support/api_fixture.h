#pragma once
// The usual setting of an integration test: a fresh data directory, the real server over it, a
// client connected to it and the admin token. Tests derive their fixtures from it.

#include <functional>
#include <string>

#include "core/config.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace lg::test {

struct ApiFixture {
  TempDir dir;
  TestServer server;
  HttpClient client = server.Client();
  std::string admin = server.admin_token();

  // `tweak` may change the TestConfig before the server starts.
  explicit ApiFixture(const std::function<void(core::Config&)>& tweak = {});

  // A request with the admin token.
  HttpResult Admin(const std::string& method, const std::string& target, const std::string& body = "");
};

}  // namespace lg::test
