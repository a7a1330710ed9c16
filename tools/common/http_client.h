#pragma once
// The tools' view of a server: a parsed base URL and a small blocking HTTP/1.1 client on one
// keep-alive connection (reconnects on demand), shared by leadgate-bench's set-up calls,
// leadgate-crash-test and the tests. Beast stays in the .cc.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lg::tools {

struct Url {
  std::string host;       // name or address, without brackets
  std::string port;       // always set (80 when the URL names none)
  std::string base_path;  // "" or "/prefix" without a trailing slash
  std::string HostHeader() const { return port == "80" ? host : host + ":" + port; }
};

// Accepts http://host[:port][/prefix]. Only plain HTTP: leadgate serves no TLS itself.
std::optional<Url> ParseUrl(std::string_view text, std::string& error);

struct HttpResult {
  int status = 0;                              // 0 when no response arrived (see error)
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string error;       // connection-level failure, empty otherwise
  int retry_after_s = -1;  // Retry-After header when present

  // The header's value, "" when absent. `name` in lower case.
  std::string Header(const std::string& name) const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class SyncClient {
 public:
  // What to do when a kept-alive connection fails under a request: send it once more on a fresh
  // connection (the server may have closed an idle connection), or report the failure (the
  // request's effect is then unknown, which a crash test must know).
  enum class Retry { kOnceOnDroppedConnection, kNever };

  SyncClient(Url url, std::chrono::milliseconds timeout, std::string user_agent,
             Retry retry = Retry::kOnceOnDroppedConnection);
  ~SyncClient();
  SyncClient(const SyncClient&) = delete;
  SyncClient& operator=(const SyncClient&) = delete;

  // `path` is relative to the URL's base path. `token` empty = no Authorization header. A body
  // (or a POST) is sent as `content_type`; `extra` headers are sent after, replacing any of the
  // same name.
  HttpResult Send(std::string_view method, std::string_view path, std::string_view token, std::string_view body = {},
                  std::string_view content_type = "application/json", const Headers& extra = {});
  // Writes `raw` bytes as they are on a fresh connection, reads one response and closes.
  HttpResult SendRaw(std::string_view raw);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lg::tools
