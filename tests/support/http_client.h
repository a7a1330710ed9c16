#pragma once
// A blocking HTTP/1.1 client for tests: one keep-alive connection to 127.0.0.1:port, with a
// 10 s timeout on every exchange so a hung server fails the test instead of stalling it.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lg::test {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& name) const;
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port);
  ~HttpClient();

  // `token` empty: no Authorization header. Extra headers are sent as given.
  HttpResult Request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::string& token = "",
                     const std::vector<std::pair<std::string, std::string>>& headers = {});

  // Sends `raw` bytes as they are on a new connection and returns the parsed response.
  HttpResult SendRaw(const std::string& raw);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lg::test
