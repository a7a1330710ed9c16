#pragma once
// The tests' HTTP client: the tools' blocking client (tools/common/http_client.h) on one
// keep-alive connection to 127.0.0.1:port with a 10 s timeout on every exchange, so a hung
// server fails the test instead of stalling it. A connection that fails outright throws.

#include <cstdint>
#include <memory>
#include <string>

#include "tools/common/http_client.h"

namespace lg::test {

using HttpResult = tools::HttpResult;

class HttpClient {
 public:
  explicit HttpClient(uint16_t port);

  // `token` empty: no Authorization header. A body is sent as application/json unless `headers`
  // names another Content-Type; `headers` are sent as given.
  HttpResult Request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::string& token = "", const tools::Headers& headers = {});

  // Sends `raw` bytes as they are on a new connection and returns the parsed response.
  HttpResult SendRaw(const std::string& raw);

 private:
  std::unique_ptr<tools::SyncClient> client_;
};

}  // namespace lg::test
