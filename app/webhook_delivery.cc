#include "app/webhook_delivery.h"

#include <random>

#include "core/outbound_address.h"
#include "core/time_util.h"

namespace lg::app {

core::Result<std::unique_ptr<WebhookDelivery>> WebhookDelivery::Open(const core::Config& config,
                                                                     service::Services& services,
                                                                     ClusterNode* cluster) {
  std::unique_ptr<WebhookDelivery> delivery(new WebhookDelivery());
  delivery->cluster_ = cluster;
  net::WebhookSenderOptions options;
  LG_ASSIGN_OR_RETURN(options.allowed_networks, core::ParseNetworks(config.webhooks_allowed_networks));
  options.allow_http = config.webhooks_allow_http;
  options.timeout = std::chrono::seconds(config.webhooks_timeout_seconds);
  options.ca_file = config.webhooks_ca_file;
  options.max_in_flight = static_cast<size_t>(config.webhooks_max_in_flight);
  LG_ASSIGN_OR_RETURN(delivery->sender_, net::WebhookSender::Open(std::move(options)));

  service::WebhookDispatchSettings settings;
  settings.max_in_flight = static_cast<size_t>(config.webhooks_max_in_flight);
  settings.max_in_flight_per_endpoint = static_cast<size_t>(config.webhooks_max_in_flight_per_endpoint);
  settings.disable_after_failing = std::chrono::hours(config.webhooks_disable_after_failing_hours);
  settings.log_retention = std::chrono::hours(24 * config.webhooks_log_retention_days);
  settings.ping_wait = std::chrono::seconds(config.webhooks_timeout_seconds + 5);
  delivery->audience_ =
      std::make_unique<service::WebhookAudience>(services.filters, services.lead_repo, services.tokens);
  auto jitter = [random = std::make_shared<std::mt19937_64>(std::random_device{}())] {
    return std::uniform_real_distribution<double>(-1.0, 1.0)(*random);
  };
  service::WebhookDeliveryWrites* writes = nullptr;
  if (cluster) {
    writes = &cluster->webhook_writes();
  } else {
    delivery->local_writes_ = std::make_unique<service::LocalWebhookDeliveryWrites>(
        services.webhook_deliveries, services.lead_events.repo(), services.webhooks);
    writes = delivery->local_writes_.get();
  }
  delivery->dispatcher_ = std::make_unique<service::WebhookDispatcher>(
      services.webhooks, services.lead_events, services.webhook_deliveries, *writes, *delivery->audience_,
      [&leads = services.leads](int64_t now) { return leads.Watermark(now); }, *delivery->sender_, settings,
      [] { return core::NowMillis(); }, std::move(jitter));
  if (cluster) {
    // What is pending is read when this node takes the lease.
    delivery->dispatcher_->SetDeliveringWhen(
        [&lease = cluster->webhook_lease()](int64_t now) { return lease.Held(now); });
    cluster->webhook_writes().SetOnPending(
        [&dispatcher = *delivery->dispatcher_](const core::WebhookDelivery& pending) { dispatcher.Requeued(pending); });
  } else {
    LG_RETURN_IF_ERROR(delivery->dispatcher_->Load());
  }

  using core::metrics::Registry;
  service::WebhookDispatcher& dispatcher = *delivery->dispatcher_;
  delivery->metrics_ = Registry::Global().AddCollector(
      {{"leadgate_webhook_deliveries_total", Registry::Type::kCounter,
        "Webhook delivery attempts by outcome: succeeded (2xx), retried (failed, tried again later), failed (given "
        "up: 410, retries used up, event erased)"},
       {"leadgate_webhook_queue_depth", Registry::Type::kGauge, "Webhook deliveries pending (waiting or in flight)"},
       {"leadgate_webhook_oldest_pending_seconds", Registry::Type::kGauge,
        "Age of the oldest pending webhook delivery's event (0 when none)"}},
      [&dispatcher](core::metrics::SampleWriter& out) {
        const auto stats = dispatcher.stats();
        using core::metrics::Label;
        out.Sample("leadgate_webhook_deliveries_total", Label("outcome", "succeeded"),
                   static_cast<double>(stats.succeeded));
        out.Sample("leadgate_webhook_deliveries_total", Label("outcome", "retried"),
                   static_cast<double>(stats.retried));
        out.Sample("leadgate_webhook_deliveries_total", Label("outcome", "failed"), static_cast<double>(stats.failed));
        out.Sample("leadgate_webhook_queue_depth", "", static_cast<double>(stats.pending));
        out.Sample("leadgate_webhook_oldest_pending_seconds", "",
                   static_cast<double>(stats.oldest_pending_ms) / 1000.0);
      });
  return delivery;
}

WebhookDelivery::~WebhookDelivery() {
  metrics_ = {};
  if (cluster_) cluster_->webhook_writes().SetOnPending({});
  if (dispatcher_) dispatcher_->Stop();
  sender_.reset();
}

}  // namespace lg::app
