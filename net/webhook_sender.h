#pragma once
// The webhook transport (service/webhook_transport.h) over HTTP/1.1, plain or TLS, on its own
// io_context and threads (one delivery's steps are in net/webhook_delivery.h). One delivery:
//  - parses the URL (core/outbound_url.h): http or https, a host name, an IPv4 or bracketed
//    IPv6 literal, an optional port, a path and query of visible ASCII (a fragment is dropped);
//    anything else, user info included, is "bad_url", and so is a host name that reads as a
//    number ("127.1", "0x7f.1"); http without allow_http is "http_not_allowed";
//  - resolves the host once (a literal is not resolved), asks core::WhyRefused of every address
//    and connects only to the allowed ones, by their bytes, in the resolver's order; none
//    allowed is "address_refused", `address` the first refused one and the detail its reason;
//  - for https (TLS 1.2 or later), verifies the certificate chain (the system's CAs plus
//    ca_file) and that the certificate is for the host (name or IP address), sending SNI for
//    names;
//  - POSTs the body with the request's headers plus Host, Content-Length and Connection: close
//    (the request's own headers of those names, and Transfer-Encoding, are dropped; a header
//    with an invalid name or a control character in its value fails the delivery, "send_failed",
//    before anything is sent) and reads the answer, 1xx interim answers skipped: its status,
//    Retry-After (delta seconds or an HTTP-date, as seconds from now, >= 0: core/retry_after.h)
//    and the first 1 KiB of its body; reading stops after 64 KiB of body and the status stands.
//    Once the status line and headers are in, a body cut short is not an error. Redirects are
//    not followed.
//  - has `timeout` for all of that, from its start (time waiting behind max_in_flight others is
//    not counted; latency_ms counts it).
// Details name hosts, addresses, reasons and stages, never a header value, the body or the URL's
// path and query (which may carry a token).

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/outbound_address.h"
#include "core/status.h"
#include "service/webhook_transport.h"

namespace lg::net {

struct WebhookSenderOptions {
  // Non-public networks deliveries may reach anyway (webhooks.allowed_networks).
  std::vector<core::Network> allowed_networks;
  bool allow_http = false;
  // The whole exchange: resolve, connect, TLS handshake, send and read.
  std::chrono::milliseconds timeout{15000};
  // A PEM bundle of CAs trusted on top of the system's (private CAs of on-prem endpoints); empty
  // = the system's only.
  std::string ca_file;
  int threads = 2;
  // Deliveries in progress at once; more wait in a queue, in the order sent.
  size_t max_in_flight = 64;
};

class WebhookSender : public service::WebhookTransport {
 public:
  // Starts the threads. A ca_file that cannot be loaded is a BadRequest "invalid_config".
  static core::Result<std::unique_ptr<WebhookSender>> Open(WebhookSenderOptions options);
  // Cancels the deliveries in progress and those queued (each `done` is called once, error
  // "send_failed", detail saying the sender shut down), then joins the threads. A DNS lookup in
  // progress cannot be interrupted (its delivery is answered at once all the same): the join
  // waits for it to return. Must not run on one of the sender's own threads (inside a `done`).
  ~WebhookSender() override;
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  // Thread-safe; `done` runs on one of the sender's threads and may call Send again.
  void Send(service::WebhookRequest request, Done done) override;

 private:
  struct Impl;
  explicit WebhookSender(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lg::net
