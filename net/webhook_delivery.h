#pragma once
// One webhook delivery, as net/webhook_sender.h describes it, from the checks of its URL
// (core/outbound_url.h) and headers to the answer (its Retry-After read by core/retry_after.h):
// the lookup, the address policy, the connection, TLS verification and the HTTP/1.1 exchange,
// with the delivery's deadline and interruption. WebhookSender runs each delivery on its own
// strand and keeps the threads, the max_in_flight queue and shutdown. Internal to net/.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "net/webhook_sender.h"
#include "service/webhook_transport.h"

namespace lg::net::webhook {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using service::WebhookRequest;
using service::WebhookResponse;

// A failed delivery's answer.
WebhookResponse Failure(std::string error, std::string detail, std::string address = {});

enum class Interruption { kNone, kTimeout, kShutdown };

using Strand = asio::strand<asio::io_context::executor_type>;

// One delivery's request, state and I/O objects, all on its strand.
struct Exchange : std::enable_shared_from_this<Exchange> {
  Exchange(asio::io_context& ioc, const WebhookSenderOptions& options, ssl::context& tls, WebhookRequest request,
           service::WebhookTransport::Done done, std::chrono::steady_clock::time_point sent_at)
      : options(options),
        tls(tls),
        strand(asio::make_strand(ioc)),
        resolver(strand),
        socket(strand),
        deadline(strand),
        lookup_wait(strand),
        request(std::move(request)),
        done(std::move(done)),
        sent_at(sent_at) {}

  // On the strand: ends what is in progress (it completes with an error) and fails what would
  // start next.
  void Interrupt(Interruption why) {
    if (finished || interrupted != Interruption::kNone) return;
    interrupted = why;
    resolver.cancel();
    boost::system::error_code ignored;
    socket.close(ignored);
    deadline.cancel();
    lookup_wait.cancel();
  }

  void StartDeadline() {
    deadline.expires_after(options.timeout);
    deadline.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->Interrupt(Interruption::kTimeout);
    });
  }

  WebhookResponse Interrupted() const {
    if (interrupted == Interruption::kTimeout) {
      return Failure("timeout", "timed out after " + std::to_string(options.timeout.count()) + " ms while " + stage,
                     address);
    }
    return Failure("send_failed", "cancelled: the webhook sender shut down while " + std::string(stage), address);
  }

  const WebhookSenderOptions& options;
  ssl::context& tls;
  Strand strand;
  tcp::resolver resolver;
  tcp::socket socket;
  asio::steady_timer deadline;
  // Cancelled when the lookup answers or the delivery is interrupted (see Resolve).
  asio::steady_timer lookup_wait;
  WebhookRequest request;
  service::WebhookTransport::Done done;
  std::chrono::steady_clock::time_point sent_at;
  // What the delivery is doing, for the detail of a timeout.
  const char* stage = "starting";
  // The address connected to, or being connected to.
  std::string address;
  std::string tls_problem;
  Interruption interrupted = Interruption::kNone;
  bool finished = false;
};

// Delivers x->request on x's strand (co_spawn it there): the answer, or a failure whose error
// and detail net/webhook_sender.h lists. Starts the deadline once the URL and headers passed.
asio::awaitable<WebhookResponse> Deliver(std::shared_ptr<Exchange> x);

}  // namespace lg::net::webhook
