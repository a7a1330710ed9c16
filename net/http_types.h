#pragma once
// Plain request/response values passed between the Beast session and the handlers, so that
// handlers and the router never include Beast or Asio.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lg::net {

struct HttpRequest {
  std::string method;                             // "GET", "POST", ...
  std::string path;                               // percent-decoded path, without the query
  std::multimap<std::string, std::string> query;  // percent-decoded parameters
  std::string authorization;
  std::string content_type;
  std::optional<std::string> idempotency_key;  // the Idempotency-Key header, when sent
  std::string body;
  std::string client_address;
};

struct HttpResponse;
// Hands over the final response of a deferred one; callable once, from any thread.
using Reply = std::function<void(HttpResponse)>;

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set when the answer needs work that may wait on the disk: the server runs it on its worker
  // pool (the reactor never waits on the disk) and goes on with what it returns.
  std::function<HttpResponse()> blocking;
  // Set when the answer is not known yet (a create waiting for its commit): the server calls it
  // once with a Reply and sends what that Reply gets instead of this response. The request stays
  // alive until then.
  std::function<void(Reply)> deferred;
};

// A response that `start` will give later through its Reply.
inline HttpResponse DeferredResponse(std::function<void(Reply)> start) {
  HttpResponse response;
  response.deferred = std::move(start);
  return response;
}

}  // namespace lg::net
