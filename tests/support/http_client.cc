#include "tests/support/http_client.h"

#include <stdexcept>

namespace lg::test {
namespace {

HttpResult Checked(HttpResult result) {
  if (result.status == 0) throw std::runtime_error("HTTP exchange failed: " + result.error);
  return result;
}

}  // namespace

HttpClient::HttpClient(uint16_t port)
    : client_(std::make_unique<tools::SyncClient>(tools::Url{"127.0.0.1", std::to_string(port), ""},
                                                  std::chrono::seconds(10), "leadgate-tests")) {}

HttpResult HttpClient::Request(const std::string& method, const std::string& target, const std::string& body,
                               const std::string& token, const tools::Headers& headers) {
  return Checked(client_->Send(method, target, token, body, "application/json", headers));
}

HttpResult HttpClient::SendRaw(const std::string& raw) { return Checked(client_->SendRaw(raw)); }

}  // namespace lg::test
