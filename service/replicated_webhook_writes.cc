#include "service/replicated_webhook_writes.h"

#include <simdjson.h>

#include <stdexcept>

#include "core/json_writer.h"

namespace lg::service {
namespace {

constexpr const char* kKind = "leadgate.webhook_delivery";

// The first line of a change: its op and numbers.
std::string Header(std::string_view op, const std::function<void(core::JsonWriter&)>& fields = {}) {
  core::JsonWriter out;
  out.BeginObject().Key("op").String(op);
  if (fields) fields(out);
  out.EndObject();
  return out.Take();
}

void AppendDeliveries(std::string& body, const std::vector<core::WebhookDelivery>& deliveries) {
  for (const auto& delivery : deliveries) body.append("\n").append(core::EncodeWebhookDelivery(delivery));
}

// A change that does not decode is this code's own bug: it stops the applier rather than skip a
// change the other nodes made.
[[noreturn]] void Undecodable(const std::string& body) {
  throw std::runtime_error("a webhook delivery change that does not decode: " + body.substr(0, 200));
}

template <typename T>
T Field(simdjson::dom::element header, const char* name, const std::string& body) {
  T value{};
  if (header[name].get(value)) Undecodable(body);
  return value;
}

}  // namespace

// The status of a proposed change: the log's, or the apply's.
core::Status ReplicatedWebhookWrites::StatusOf(const core::Result<Applied>& applied) {
  return applied.has_value() ? applied->status : applied.error();
}

ReplicatedWebhookWrites::ReplicatedWebhookWrites(store::WebhookDeliveryRepo& deliveries, store::LeadEventRepo& events,
                                                 WebhookService& webhooks, LogProposer& proposer, LogApplier& applier,
                                                 std::chrono::milliseconds wait)
    : local_(deliveries, events, webhooks), proposer_(proposer), wait_(wait) {
  applier.Handle(
      kKind, [this](const core::Command& command, store::WriteUnit&) -> std::any { return Apply(command.body); },
      [this](const std::any& outcome) {
        if (const auto* applied = std::any_cast<Applied>(&outcome)) Announce(*applied);
      });
}

void ReplicatedWebhookWrites::SetOnPending(std::function<void(const core::WebhookDelivery&)> on_pending) {
  std::lock_guard lock(mu_);
  on_pending_ = std::move(on_pending);
}

core::Result<ReplicatedWebhookWrites::Applied> ReplicatedWebhookWrites::Propose(std::string body) {
  core::Command command;
  command.kind = kKind;
  command.body = std::move(body);
  LG_ASSIGN_OR_RETURN(std::any outcome, proposer_.Propose(std::move(command), wait_));
  if (auto* applied = std::any_cast<Applied>(&outcome)) return std::move(*applied);
  return Applied{};  // applied before (a republished copy)
}

void ReplicatedWebhookWrites::Announce(const Applied& applied) {
  std::lock_guard lock(mu_);
  if (!on_pending_) return;
  for (const auto& delivery : applied.pending) on_pending_(delivery);
}

core::Status ReplicatedWebhookWrites::Put(const core::WebhookDelivery& delivery) {
  std::string body = Header("put");
  AppendDeliveries(body, {delivery});
  return StatusOf(Propose(std::move(body)));
}

core::Status ReplicatedWebhookWrites::TakeUp(uint64_t endpoint_id, const std::vector<core::WebhookDelivery>& deliveries,
                                             const core::WebhookEventRef& cursor) {
  std::string body = Header("take_up", [&](core::JsonWriter& out) {
    out.Key("endpoint_id").Uint(endpoint_id).Key("campaign_id").Uint(cursor.campaign_id);
    out.Key("stamp").Int(cursor.stamp).Key("lead_id").Uint(cursor.lead_id).Key("kind").Uint(cursor.kind);
  });
  AppendDeliveries(body, deliveries);
  return StatusOf(Propose(std::move(body)));
}

core::Status ReplicatedWebhookWrites::ResetCursor(uint64_t endpoint_id) {
  return StatusOf(
      Propose(Header("reset_cursor", [&](core::JsonWriter& out) { out.Key("endpoint_id").Uint(endpoint_id); })));
}

core::Status ReplicatedWebhookWrites::Forget(uint64_t endpoint_id) {
  return StatusOf(Propose(Header("forget", [&](core::JsonWriter& out) { out.Key("endpoint_id").Uint(endpoint_id); })));
}

core::Status ReplicatedWebhookWrites::ReportHealth(const EndpointHealthReport& report) {
  return StatusOf(Propose(Header("health", [&](core::JsonWriter& out) {
    out.Key("endpoint_id").Uint(report.endpoint_id).Key("outcome").Uint(static_cast<uint8_t>(report.outcome));
    out.Key("at").Int(report.at).Key("now").Int(report.now).Key("disable_after_ms").Int(report.disable_after_ms);
  })));
}

core::Result<size_t> ReplicatedWebhookWrites::DropBefore(uint64_t endpoint_id, int64_t before, size_t max) {
  LG_ASSIGN_OR_RETURN(Applied applied, Propose(Header("drop_before", [&](core::JsonWriter& out) {
                        out.Key("endpoint_id").Uint(endpoint_id).Key("before").Int(before).Key("max").Uint(max);
                      })));
  if (!applied.status.ok()) return applied.status;
  return applied.dropped;
}

core::Status ReplicatedWebhookWrites::DropEventsBefore(int64_t before, size_t max_per_campaign) {
  return StatusOf(Propose(Header("drop_events_before", [&](core::JsonWriter& out) {
    out.Key("before").Int(before).Key("max").Uint(max_per_campaign);
  })));
}

ReplicatedWebhookWrites::Applied ReplicatedWebhookWrites::Apply(const std::string& body) {
  const size_t end = body.find('\n');
  const std::string first = body.substr(0, end);
  simdjson::dom::parser parser;
  simdjson::dom::element header;
  std::string_view op;
  if (parser.parse(first).get(header) || header["op"].get(op)) Undecodable(body);
  std::vector<core::WebhookDelivery> deliveries;
  for (size_t at = end; at != std::string::npos && at < body.size();) {
    const size_t next = body.find('\n', at + 1);
    auto delivery = core::DecodeWebhookDelivery(std::string_view(body).substr(at + 1, next - at - 1));
    if (!delivery.has_value()) Undecodable(body);
    deliveries.push_back(std::move(delivery).value());
    at = next;
  }
  Applied applied;
  core::Status& written = applied.status;
  if (op == "put") {
    if (deliveries.size() != 1) Undecodable(body);
    written = local_.Put(deliveries.front());
  } else if (op == "take_up") {
    const core::WebhookEventRef cursor{Field<uint64_t>(header, "campaign_id", body),
                                       Field<int64_t>(header, "stamp", body), Field<uint64_t>(header, "lead_id", body),
                                       static_cast<uint8_t>(Field<uint64_t>(header, "kind", body))};
    written = local_.TakeUp(Field<uint64_t>(header, "endpoint_id", body), deliveries, cursor);
  } else if (op == "reset_cursor") {
    written = local_.ResetCursor(Field<uint64_t>(header, "endpoint_id", body));
  } else if (op == "forget") {
    written = local_.Forget(Field<uint64_t>(header, "endpoint_id", body));
  } else if (op == "health") {
    const auto outcome = Field<uint64_t>(header, "outcome", body);
    if (outcome > static_cast<uint64_t>(EndpointHealthReport::Outcome::kFailed)) Undecodable(body);
    written =
        local_.ReportHealth({Field<uint64_t>(header, "endpoint_id", body),
                             static_cast<EndpointHealthReport::Outcome>(outcome), Field<int64_t>(header, "at", body),
                             Field<int64_t>(header, "now", body), Field<int64_t>(header, "disable_after_ms", body)});
  } else if (op == "drop_before") {
    auto dropped = local_.DropBefore(Field<uint64_t>(header, "endpoint_id", body),
                                     Field<int64_t>(header, "before", body), Field<uint64_t>(header, "max", body));
    if (dropped.has_value()) {
      applied.dropped = *dropped;
    } else {
      written = dropped.error();
    }
  } else if (op == "drop_events_before") {
    written = local_.DropEventsBefore(Field<int64_t>(header, "before", body), Field<uint64_t>(header, "max", body));
  } else {
    Undecodable(body);
  }
  if (written.ok()) {
    for (auto& delivery : deliveries) {
      if (delivery.state == core::DeliveryState::kPending) applied.pending.push_back(std::move(delivery));
    }
  }
  return applied;
}

}  // namespace lg::service
