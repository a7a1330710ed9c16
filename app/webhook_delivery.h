#pragma once
// This process's webhook deliveries: the sender (net/webhook_sender.h) and the dispatcher
// (service/webhook_dispatcher.h) set up from the `webhooks.*` settings, and their /metrics.
// Open reads what is pending; Start begins delivering. In cluster mode the dispatcher writes
// through the log and delivers while this node holds the lease (app/cluster_node.h). Destroyed
// before the services and the cluster node it uses.

#include <memory>

#include "app/cluster_node.h"
#include "core/config.h"
#include "core/metrics.h"
#include "core/status.h"
#include "net/webhook_sender.h"
#include "service/services.h"
#include "service/webhook_audience.h"
#include "service/webhook_delivery_writes.h"
#include "service/webhook_dispatcher.h"

namespace lg::app {

class WebhookDelivery {
 public:
  // `cluster`: null on a single node.
  static core::Result<std::unique_ptr<WebhookDelivery>> Open(const core::Config& config, service::Services& services,
                                                             ClusterNode* cluster);
  // Stops delivering, then the sender (whose cancelled deliveries still report to the
  // dispatcher), then the rest.
  ~WebhookDelivery();
  WebhookDelivery(const WebhookDelivery&) = delete;
  WebhookDelivery& operator=(const WebhookDelivery&) = delete;
  void Start() { dispatcher_->Start(); }
  service::WebhookDispatcher& dispatcher() { return *dispatcher_; }

 private:
  WebhookDelivery() = default;
  std::unique_ptr<net::WebhookSender> sender_;
  std::unique_ptr<service::WebhookAudience> audience_;
  std::unique_ptr<service::WebhookDeliveryWrites> local_writes_;  // single node
  ClusterNode* cluster_ = nullptr;
  std::unique_ptr<service::WebhookDispatcher> dispatcher_;
  core::metrics::Registry::CollectorHandle metrics_;
};

}  // namespace lg::app
