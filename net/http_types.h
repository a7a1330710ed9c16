#pragma once
// Plain request/response values passed between the Beast session and the handlers, so that
// handlers and the router never include Beast.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/principal.h"

namespace lg::net {

// What was decided about a request from its headers alone, before its body was read
// (HttpServerOptions::admit), handed on to its handler so nothing is decided twice.
struct Admission {
  bool done = false;                         // set: admitted; the fields below are the decision
  std::optional<auth::Principal> principal;  // the authenticated caller; unset on a public route
  std::vector<std::pair<std::string, std::string>> response_headers;  // added to the answer
};

struct HttpRequest {
  std::string method;                             // "GET", "POST", ...
  std::string path;                               // as sent (percent-encoded), without the query
  std::multimap<std::string, std::string> query;  // percent-decoded parameters
  std::string authorization;
  std::string content_type;
  std::optional<std::string> idempotency_key;  // the Idempotency-Key header, when sent
  std::string body;
  std::string client_address;  // the TCP peer, or the client a trusted proxy names
  Admission admission;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace lg::net
