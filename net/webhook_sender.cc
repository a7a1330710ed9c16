#include "net/webhook_sender.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <utility>

#include "core/log.h"
#include "net/webhook_delivery.h"

namespace lg::net {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using service::WebhookRequest;
using service::WebhookResponse;
using webhook::Exchange;
using webhook::Failure;
using webhook::Interruption;

namespace {

void CallDone(const service::WebhookTransport::Done& done, WebhookResponse response) {
  try {
    done(std::move(response));
  } catch (const std::exception& e) {
    core::log::Error("webhook_done_failed", {{"detail", e.what()}});
  } catch (...) {
    core::log::Error("webhook_done_failed", {{"detail", "unknown exception"}});
  }
}

int64_t MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct WebhookSender::Impl {
  struct Queued {
    WebhookRequest request;
    Done done;
    std::chrono::steady_clock::time_point sent_at;
  };

  explicit Impl(WebhookSenderOptions options_in)
      : options(std::move(options_in)),
        ioc(std::max(options.threads, 1)),
        max_in_flight(std::max<size_t>(options.max_in_flight, 1)) {}

  std::shared_ptr<Exchange> MakeExchange(Queued queued) {
    return std::make_shared<Exchange>(ioc, options, tls, std::move(queued.request), std::move(queued.done),
                                      queued.sent_at);
  }

  // Starts `x`, counted in in_flight and active.
  void Launch(const std::shared_ptr<Exchange>& x) {
    asio::co_spawn(x->strand, webhook::Deliver(x),
                   asio::bind_executor(x->strand, [this, x](const std::exception_ptr& error, WebhookResponse response) {
                     if (error) {
                       try {
                         std::rethrow_exception(error);
                       } catch (const std::exception& e) {
                         response = Failure("send_failed", std::string("internal error: ") + e.what());
                       } catch (...) {
                         response = Failure("send_failed", "internal error");
                       }
                     }
                     Finish(x, std::move(response));
                   }));
  }

  // On x's strand, once its delivery is over: answers, then gives its place to the next queued.
  void Finish(const std::shared_ptr<Exchange>& x, WebhookResponse response) {
    x->finished = true;
    x->deadline.cancel();
    boost::system::error_code ignored;
    x->socket.close(ignored);
    if (response.address.empty()) response.address = x->address;
    response.latency_ms = MillisSince(x->sent_at);
    CallDone(x->done, std::move(response));

    std::unique_lock lock(mu);
    active.erase(x);
    if (stopping || queue.empty()) {
      --in_flight;
      return;
    }
    auto next = MakeExchange(std::move(queue.front()));
    queue.pop_front();
    active.insert(next);
    lock.unlock();
    Launch(next);
  }

  // Interrupts the deliveries in progress, answers those queued, and joins the threads once every
  // answer is given.
  void Stop() {
    std::deque<Queued> queued;
    std::vector<std::shared_ptr<Exchange>> running;
    {
      std::lock_guard lock(mu);
      stopping = true;
      queued.swap(queue);
      running.assign(active.begin(), active.end());
    }
    for (auto& x : running) asio::dispatch(x->strand, [x] { x->Interrupt(Interruption::kShutdown); });
    for (auto& waiting : queued) {
      asio::post(ioc, [waiting = std::move(waiting)] {
        WebhookResponse response =
            Failure("send_failed", "cancelled: the webhook sender shut down before the delivery started");
        response.latency_ms = MillisSince(waiting.sent_at);
        CallDone(waiting.done, std::move(response));
      });
    }
    work.reset();
    for (auto& thread : threads) thread.join();
  }

  WebhookSenderOptions options;
  ssl::context tls{ssl::context::tls_client};
  // Declared before what holds sockets and timers on it, so destroyed after them.
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(ioc);
  std::vector<std::thread> threads;
  const size_t max_in_flight;

  std::mutex mu;
  bool stopping = false;
  size_t in_flight = 0;  // started and not finished
  std::deque<Queued> queue;
  std::unordered_set<std::shared_ptr<Exchange>> active;
};

core::Result<std::unique_ptr<WebhookSender>> WebhookSender::Open(WebhookSenderOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  boost::system::error_code ec;
  impl->tls.set_default_verify_paths(ec);
  if (ec) return core::Status::Internal("the system's CA certificates could not be loaded: " + ec.message());
  if (!impl->options.ca_file.empty()) {
    impl->tls.load_verify_file(impl->options.ca_file, ec);
    if (ec) {
      return core::Status::Malformed(
          "invalid_config", "the webhook CA file " + impl->options.ca_file + " could not be loaded: " + ec.message());
    }
  }
  SSL_CTX_set_min_proto_version(impl->tls.native_handle(), TLS1_2_VERSION);
  impl->tls.set_verify_mode(ssl::verify_peer);
  return std::unique_ptr<WebhookSender>(new WebhookSender(std::move(impl)));
}

WebhookSender::WebhookSender(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  const int threads = std::max(impl_->options.threads, 1);
  impl_->threads.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

WebhookSender::~WebhookSender() {
  // Only a failure to allocate (or to join a thread) throws here, and a sender whose threads may
  // still run cannot be freed.
  try {
    impl_->Stop();
  } catch (...) {
    std::terminate();
  }
}

void WebhookSender::Send(WebhookRequest request, Done done) {
  Impl::Queued queued{std::move(request), std::move(done), std::chrono::steady_clock::now()};
  std::unique_lock lock(impl_->mu);
  if (impl_->stopping) {  // from a `done` while the destructor runs
    lock.unlock();
    asio::post(impl_->ioc, [queued = std::move(queued)] {
      CallDone(queued.done, Failure("send_failed", "cancelled: the webhook sender is shutting down"));
    });
    return;
  }
  if (impl_->in_flight >= impl_->max_in_flight) {
    impl_->queue.push_back(std::move(queued));
    return;
  }
  ++impl_->in_flight;
  auto x = impl_->MakeExchange(std::move(queued));
  impl_->active.insert(x);
  lock.unlock();
  impl_->Launch(x);
}

}  // namespace lg::net