#include "tests/support/api_fixture.h"

namespace lg::test {
namespace {

core::Config MakeConfig(const TempDir& dir, const std::function<void(core::Config&)>& tweak) {
  auto config = TestConfig(dir.path());
  if (tweak) tweak(config);
  return config;
}

}  // namespace

ApiFixture::ApiFixture(const std::function<void(core::Config&)>& tweak) : server(MakeConfig(dir, tweak)) {}

HttpResult ApiFixture::Admin(const std::string& method, const std::string& target, const std::string& body) {
  return client.Request(method, target, body, admin);
}

}  // namespace lg::test
