#pragma once
// The HTTP API (net::Api) over the services of service_test::VendorFixture, without a socket:
// a request is admitted (Api::Admit, as the server asks once its headers are in) and handled
// (Api::Handle) right here, so a test can look at what admission left in the request on its
// way to the handler. Webhooks are wired but never sent. Header-only.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>

#include "auth/rate_limiter.h"
#include "net/api.h"
#include "net/async_slots.h"
#include "net/http_types.h"
#include "net/worker_pool.h"
#include "service/docs_service.h"
#include "service/webhook_audience.h"
#include "service/webhook_delivery_writes.h"
#include "service/webhook_dispatcher.h"
#include "tests/unit/service/service_fixture.h"

namespace lg::net_test {

// Never called: the dispatcher is not started.
class NoWebhookTransport : public service::WebhookTransport {
 public:
  void Send(service::WebhookRequest, Done) override {}
};

struct ApiFixture : service_test::VendorFixture {
  ApiFixture()
      : audience(services->filters, services->lead_repo, services->tokens),
        writes(services->webhook_deliveries, services->lead_events.repo(), services->webhooks),
        dispatcher(
            services->webhooks, services->lead_events, services->webhook_deliveries, writes, audience,
            [this](int64_t now) { return services->leads.Watermark(now); }, transport, {},
            [] { return core::NowMillis(); }, [] { return 0.0; }),
        docs(services->tokens, services->campaigns, services->filters,
             service::DocsSettings{"Test", "test", "http://127.0.0.1", true}),
        api(net::ApiContext{workers, readers, bulk_slots, services->campaigns, services->filters, services->leads,
                            services->tokens, services->webhooks, dispatcher, services->stats, services->audit,
                            services->backups, docs, services->authenticator, token_limiter, auth_failure_limiter,
                            auth::RateLimit{1000, 1000}, "http://127.0.0.1"}) {}

  // A request as the server hands it over once its headers are in; `secret`: the bearer token
  // (none: no Authorization header).
  static net::HttpRequest Request(const std::string& method, const std::string& path, const std::string& secret = "") {
    net::HttpRequest request;
    request.method = method;
    request.path = path;
    if (!secret.empty()) request.authorization = "Bearer " + secret;
    request.client_address = "127.0.0.1";
    return request;
  }

  // Api::Handle's answer to `request`, run to completion (at most 10 s).
  net::HttpResponse Handle(const net::HttpRequest& request) {
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);  // while a worker runs the handler
    auto answer = boost::asio::co_spawn(io, api.Handle(request), boost::asio::use_future);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (answer.wait_for(std::chrono::seconds(0)) != std::future_status::ready &&
           std::chrono::steady_clock::now() < until) {
      io.run_for(std::chrono::milliseconds(5));
    }
    BOOST_REQUIRE(answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    return answer.get();
  }

  // The answer to `request` as the server gives it: admission's, or else the handler's.
  net::HttpResponse Serve(net::HttpRequest& request) {
    if (std::optional<net::HttpResponse> early = api.Admit(request)) return std::move(*early);
    return Handle(request);
  }

  net::WorkerPool workers{2};
  net::WorkerPool readers{2};
  net::AsyncSlots bulk_slots{1};
  NoWebhookTransport transport;
  service::WebhookAudience audience;
  service::LocalWebhookDeliveryWrites writes;
  service::WebhookDispatcher dispatcher;
  service::DocsService docs;
  auth::RateLimiter token_limiter;
  auth::RateLimiter auth_failure_limiter;
  net::Api api;
};

}  // namespace lg::net_test
