#pragma once
// An answer's status line and headers, as one string written ahead of its body (two buffers in
// one write: Beast's serializer costs more CPU than the rest of sending a small answer). Pure.

#include <string>

#include "net/http_types.h"

namespace lg::net {

// How an answer is framed on the wire.
struct Framing {
  bool keep_alive = true;
  bool http10 = false;  // an HTTP/1.0 client must be told the connection stays open
  bool head = false;    // the answer to HEAD has headers (Content-Length included) and no body
};

// 1xx, 204 and 304 answers have no body and no Content-Length (RFC 9110 8.6).
bool Bodiless(int status);

// "HTTP/1.1 <status> <reason>", Content-Type when `has_body`, the answer's headers,
// Content-Length (the body's, also for HEAD; none for a bodiless status), Connection: close when
// the connection ends, keep-alive for an HTTP/1.0 client it does not; then the blank line.
std::string ResponseHead(const HttpResponse& r, bool has_body, Framing framing);

}  // namespace lg::net
