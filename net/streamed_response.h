#pragma once
// Writes an answer whose body is produced as it goes (HttpResponse::stream, e.g. an event stream)
// on a session's connection: the head, then each piece the producer writes as one chunk, then
// the last chunk. Meanwhile the connection is watched, so a client that closes it is noticed at
// once, not at the next write. Used by the HTTP server's sessions.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>

#include "net/http_types.h"

namespace lg::net {

struct StreamFraming {
  bool http10 = false;  // no chunked encoding: the body ends when the connection closes
  bool head = false;    // HEAD: the head only, the producer is not run
};

// Returns when the producer does, the client goes away, or a write is not taken within
// `write_timeout`; the producer sees `stopping` (the server drains) through ResponseStream::open.
// The connection cannot carry another request afterwards (the head says Connection: close).
// `socket` must have no operation pending.
boost::asio::awaitable<void> WriteStreamedResponse(boost::asio::ip::tcp::socket& socket, HttpResponse response,
                                                   StreamFraming framing, const std::atomic<bool>& stopping,
                                                   std::chrono::milliseconds write_timeout);

}  // namespace lg::net
