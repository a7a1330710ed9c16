#include "service/webhook_lease.h"

#include <simdjson.h>

#include "core/json_writer.h"
#include "core/log.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

constexpr const char* kKind = "leadgate.webhook_lease";

}  // namespace

WebhookLease::WebhookLease(store::WebhookDeliveryRepo& repo, LogProposer& proposer, LogApplier& applier, uint32_t node,
                           std::chrono::milliseconds term)
    : repo_(repo), proposer_(proposer), node_(node), term_(term) {
  applier.Handle(
      kKind,
      [this](const core::Command& command, store::WriteUnit&) -> std::any {
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        uint64_t node = 0;
        int64_t term_ms = 0;
        if (parser.parse(command.body).get(doc) || doc["node"].get(node) || doc["term_ms"].get(term_ms)) {
          throw std::runtime_error("a webhook lease claim that does not decode: " + command.body);
        }
        // Under the command's apply scope: the same time on every node.
        return Apply(static_cast<uint32_t>(node), term_ms, core::NowMillis());
      },
      [this](const std::any& outcome) {
        // Held once the store holds it.
        if (const auto* granted = std::any_cast<std::optional<store::WebhookLease>>(&outcome); granted && *granted) {
          std::lock_guard lock(mu_);
          lease_ = *granted;
        }
      });
}

WebhookLease::~WebhookLease() { Stop(); }

std::optional<store::WebhookLease> WebhookLease::Apply(uint32_t node, int64_t term_ms, int64_t now) {
  auto stored = repo_.Lease();
  if (!stored.has_value()) throw std::runtime_error("the webhook lease cannot be read: " + stored.error().detail());
  const std::optional<store::WebhookLease>& lease = *stored;
  if (lease && lease->node != node && now < lease->until) return std::nullopt;
  const store::WebhookLease granted{node, now + term_ms};
  core::Status put = repo_.PutLease(granted);  // joins the command's unit
  if (!put.ok()) throw std::runtime_error("the webhook lease cannot be written: " + put.detail());
  if (!lease || lease->node != node) {
    core::log::Info("webhook_delivery_node", {{"node", std::to_string(node)}});
  }
  return granted;
}

core::Status WebhookLease::Start() {
  LG_ASSIGN_OR_RETURN(auto stored, repo_.Lease());
  {
    std::lock_guard lock(mu_);
    lease_ = stored;
    stop_ = false;
  }
  thread_ = std::thread([this] { Run(); });
  return core::Status::Ok();
}

void WebhookLease::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool WebhookLease::Held(int64_t now) const {
  std::lock_guard lock(mu_);
  return lease_ && lease_->node == node_ && now < lease_->until - term_.count() / 4;
}

std::optional<store::WebhookLease> WebhookLease::Current() const {
  std::lock_guard lock(mu_);
  return lease_;
}

void WebhookLease::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    const int64_t now = core::NowMillis();
    // Renewed while held; claimed once free (never held, or its holder let it end).
    const bool claim = !lease_ || lease_->node == node_ || now >= lease_->until;
    if (claim) {
      lock.unlock();
      core::JsonWriter body;
      body.BeginObject().Key("node").Uint(node_).Key("term_ms").Int(term_.count()).EndObject();
      core::Command command;
      command.kind = kKind;
      command.body = body.Take();
      // Not granted, or not applied in time: Held says so, and the next turn tries again.
      (void)proposer_.Propose(std::move(command), term_ / 3);
      lock.lock();
    }
    stop_cv_.wait_for(lock, term_ / 3, [this] { return stop_; });
  }
}

}  // namespace lg::service
