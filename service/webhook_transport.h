#pragma once
// How a webhook delivery leaves the server: one HTTP POST to an endpoint's URL, answered
// asynchronously. The service layer decides what to send and when (signing, retries, the log);
// the transport (net/webhook_sender.h) does the outbound safety (the address policy of
// core/outbound_address.h, https only unless allowed, TLS verified) and the HTTP itself, on its
// own threads, so a slow endpoint never holds a thread of the API.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lg::service {

struct WebhookRequest {
  std::string url;  // https://host[:port]/path[?query]; http:// only where allowed
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct WebhookResponse {
  int status = 0;  // the HTTP status; 0 when no answer came (see error)
  // Empty when an HTTP answer came, else a stable code: "bad_url", "http_not_allowed",
  // "dns_failed", "address_refused", "connect_failed", "tls_failed", "timeout", "send_failed",
  // "read_failed".
  std::string error;
  std::string detail;                          // what happened, for people (never a secret or a header value)
  std::string body_head;                       // the first 1 KiB of the answer's body
  std::optional<int64_t> retry_after_seconds;  // the answer's Retry-After, as seconds from now
  int64_t latency_ms = 0;                      // from the start of the send to the answer (or the failure)
  std::string address;                         // the address connected to (or refused), e.g. "203.0.113.7"
};

class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  using Done = std::function<void(WebhookResponse response)>;
  // Sends `request`; `done` is called once, on one of the transport's threads. Redirects are not
  // followed (a 3xx is the answer).
  virtual void Send(WebhookRequest request, Done done) = 0;
};

}  // namespace lg::service
