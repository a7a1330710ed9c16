#pragma once
// Plain request/response values passed between the Beast session and the handlers, so that
// handlers and the router never include Beast.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.h"
#include "core/status.h"
#include "net/route_match.h"

namespace lg::net {

// Cluster mode: every answer names the replicated-log position the node had applied when it
// answered (a write's answer: at least the write's own); a request carrying a position waits,
// bounded, until the node has applied that far (read-your-writes across nodes).
inline constexpr const char* kPositionHeader = "Leadgate-Position";
inline constexpr const char* kMinPositionHeader = "Leadgate-Min-Position";

// What was decided about a request from its headers alone, before its body was read
// (HttpServerOptions::admit), handed on to its handler so nothing is decided twice.
struct Admission {
  // The route the method and path reach, found once by whoever asks first; the others reuse it.
  std::optional<RouteMatch> match;
  bool done = false;                         // set: admitted; the fields below are the decision
  std::optional<auth::Principal> principal;  // the authenticated caller; unset on a public route
  std::vector<std::pair<std::string, std::string>> response_headers;  // added to the answer
};

// The body of a request whose route takes it as it arrives (HttpServerOptions::streams_body),
// read piece by piece on the request's reactor; memory stays at one piece whatever the body's
// size. A handler that stops reading before the end gets the connection closed after its answer.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // The next piece, valid until the next call; empty at the end of the body. Errors: 413
  // payload_too_large past the route's limit and 400 for broken chunk framing (the client hears
  // the answer), 503 body_incomplete when the client went away or sent nothing for the read
  // timeout (it does not).
  virtual boost::asio::awaitable<core::Result<std::string_view>> Read() = 0;
};

struct HttpRequest {
  std::string method;                             // "GET", "POST", ...
  std::string path;                               // as sent (percent-encoded), without the query
  std::multimap<std::string, std::string> query;  // percent-decoded parameters
  std::string authorization;
  std::string content_type;
  std::string accept;                          // the Accept header, as sent
  std::optional<std::string> idempotency_key;  // the Idempotency-Key header, when sent
  std::optional<std::string> min_position;     // the Leadgate-Min-Position header (cluster mode)
  std::string body;                            // empty when the body streams (body_stream)
  BodyStream* body_stream = nullptr;           // set for a route that reads its body as it arrives
  std::string client_address;                  // the TCP peer, or the client a trusted proxy names
  std::optional<std::string> last_event_id;    // the Last-Event-ID header (an event stream resuming)
  // True once the server drains (set by the server; null elsewhere): a handler that waits for
  // something to happen answers now.
  const std::atomic<bool>* draining = nullptr;
  Admission admission;
};

// Where a streamed answer's body goes (HttpResponse::stream), on the request's reactor thread.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Sends `data` to the client now; false once it cannot (the client went away, or did not take
  // the data within the write timeout): the producer should return.
  virtual boost::asio::awaitable<bool> Write(std::string_view data) = 0;
  // False once the client closed the connection or the server drains: the producer should return.
  virtual bool open() const = 0;
  // Waits `duration`, less when the client goes away meanwhile. Holds no thread.
  virtual boost::asio::awaitable<void> Sleep(std::chrono::milliseconds duration) = 0;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set: the body is produced as it goes (an event stream) and `body` is not sent. The server
  // writes the head (chunked, Connection: close), awaits this on the request's reactor, and ends
  // the body and the connection when it returns. It runs after the handler returned: what it
  // uses, it owns.
  std::function<boost::asio::awaitable<void>(ResponseStream&)> stream;
};

}  // namespace lg::net
