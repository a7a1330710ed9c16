#pragma once
// Cluster mode: which node delivers webhooks. Every node holds the same state of deliveries (the
// dispatcher's writes travel the log: service/replicated_webhook_writes.h), but one node at a
// time takes up and sends, so an event goes out once (and again only after a crash, as on a
// single node). That node holds a lease, itself a command of the log: a claim is granted when
// it is applied if the lease is free (never held, or past its end at the claim's apply time) or
// the claimer holds it already, so every node agrees who holds it. The holder renews every third
// of a term; it stops sending a quarter of a term before its lease ends, so a node taking over
// after the end never sends alongside it (clocks apart by less than that). A holder that dies,
// or loses the log, stops renewing, and another node takes over within about a term.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "service/log_applier.h"
#include "service/log_proposer.h"
#include "store/webhook_delivery_repo.h"

namespace lg::service {

class WebhookLease {
 public:
  static constexpr std::chrono::milliseconds kDefaultTerm{10000};

  // Registers its command kind on `applier` (before it starts).
  WebhookLease(store::WebhookDeliveryRepo& repo, LogProposer& proposer, LogApplier& applier, uint32_t node,
               std::chrono::milliseconds term = kDefaultTerm);
  ~WebhookLease();  // Stop
  WebhookLease(const WebhookLease&) = delete;
  WebhookLease& operator=(const WebhookLease&) = delete;

  // Reads the lease this store holds and starts claiming or renewing it (after the node caught up).
  core::Status Start();
  void Stop();

  // Whether this node may send at `now` (ms): it holds the lease, and its end is more than a
  // quarter of a term away.
  bool Held(int64_t now) const;
  // The lease as applied here.
  std::optional<store::WebhookLease> Current() const;

 private:
  // Applies a claim (on the applier's thread): the lease granted, if it was.
  std::optional<store::WebhookLease> Apply(uint32_t node, int64_t term_ms, int64_t now);
  void Run();

  store::WebhookDeliveryRepo& repo_;
  LogProposer& proposer_;
  const uint32_t node_;
  const std::chrono::milliseconds term_;

  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  std::optional<store::WebhookLease> lease_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace lg::service
