#include "store/webhook_delivery_repo.h"

#include <string>
#include <vector>

#include "store/key_codec.h"

namespace lg::store {
namespace {

keys::LeadEventPosition PositionOf(const core::WebhookEventRef& event) {
  return {event.stamp, event.lead_id, event.kind};
}

core::Result<core::WebhookDelivery> DecodeValue(std::string_view value) {
  auto payload = keys::VersionedPayload(value);
  if (!payload) return core::Status::Internal("a stored webhook delivery has an unknown format version");
  return core::DecodeWebhookDelivery(*payload);
}

}  // namespace

void WebhookDeliveryRepo::AddPut(WriteUnit& unit, const core::WebhookDelivery& delivery) {
  const auto position = PositionOf(delivery.event);
  unit.Put(Cf::kEvents, keys::WebhookDelivery(delivery.endpoint_id, position),
           keys::VersionedValue(core::EncodeWebhookDelivery(delivery)));
  const std::string pending = keys::WebhookDelivery(delivery.endpoint_id, position, true);
  if (delivery.state == core::DeliveryState::kPending) {
    std::string campaign;  // the key names the event's place; its campaign is here
    keys::AppendU64(campaign, delivery.event.campaign_id);
    unit.Put(Cf::kEvents, pending, campaign);
  } else {
    unit.Delete(Cf::kEvents, pending);
  }
}

core::Status WebhookDeliveryRepo::TakeUp(uint64_t endpoint_id, const std::vector<core::WebhookDelivery>& deliveries,
                                         const core::WebhookEventRef& event) {
  WriteUnit unit(db_);
  for (const auto& delivery : deliveries) AddPut(unit, delivery);
  std::string value;
  keys::AppendU64(value, event.campaign_id);
  keys::AppendU64(value, static_cast<uint64_t>(event.stamp));
  keys::AppendU64(value, event.lead_id);
  value.push_back(static_cast<char>(event.kind));
  unit.Put(Cf::kEvents, keys::WebhookCursor(endpoint_id), keys::VersionedValue(value));
  return db_.Commit(unit, false);
}

core::Result<std::optional<WebhookLease>> WebhookDeliveryRepo::Lease() const {
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kEvents, keys::WebhookLease()));
  if (!value) return std::optional<WebhookLease>();
  auto payload = keys::VersionedPayload(*value);
  if (!payload || payload->size() != 12) return core::Status::Internal("the stored webhook lease does not decode");
  return std::optional<WebhookLease>(
      WebhookLease{keys::ReadU32(*payload, 0), static_cast<int64_t>(keys::ReadU64(*payload, 4))});
}

core::Status WebhookDeliveryRepo::PutLease(const WebhookLease& lease) {
  std::string value;
  keys::AppendU32(value, lease.node);
  keys::AppendU64(value, static_cast<uint64_t>(lease.until));
  WriteUnit unit(db_);
  unit.Put(Cf::kEvents, keys::WebhookLease(), keys::VersionedValue(value));
  return db_.Commit(unit, false);
}

core::Status WebhookDeliveryRepo::ResetCursor(uint64_t endpoint_id) {
  WriteUnit unit(db_);
  unit.Delete(Cf::kEvents, keys::WebhookCursor(endpoint_id));
  return db_.Commit(unit, false);
}

core::Status WebhookDeliveryRepo::Put(const core::WebhookDelivery& delivery) {
  WriteUnit unit(db_);
  AddPut(unit, delivery);
  return db_.Commit(unit, false);
}

core::Result<std::optional<core::WebhookDelivery>> WebhookDeliveryRepo::Get(uint64_t endpoint_id,
                                                                            const core::WebhookEventRef& event) const {
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kEvents, keys::WebhookDelivery(endpoint_id, PositionOf(event))));
  if (!value) return std::optional<core::WebhookDelivery>();
  LG_ASSIGN_OR_RETURN(core::WebhookDelivery delivery, DecodeValue(*value));
  // The id names the campaign too: another campaign's event at the same place is not this one.
  if (delivery.event != event) return std::optional<core::WebhookDelivery>();
  return std::optional<core::WebhookDelivery>(std::move(delivery));
}

core::Result<std::optional<core::WebhookEventRef>> WebhookDeliveryRepo::Cursor(uint64_t endpoint_id) const {
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kEvents, keys::WebhookCursor(endpoint_id)));
  if (!value) return std::optional<core::WebhookEventRef>();
  auto payload = keys::VersionedPayload(*value);
  if (!payload || payload->size() != 25) return core::Status::Internal("a stored webhook cursor does not decode");
  return std::optional<core::WebhookEventRef>(
      core::WebhookEventRef{keys::ReadU64(*payload, 0), static_cast<int64_t>(keys::ReadU64(*payload, 8)),
                            keys::ReadU64(*payload, 16), static_cast<uint8_t>((*payload)[24])});
}

core::Status WebhookDeliveryRepo::ScanPending(const PendingVisit& visit) const {
  const KeyRange range = keys::PrefixRange(keys::WebhookDeliveriesPrefix(true));
  return db_.Scan(Cf::kEvents, range, [&](std::string_view key, std::string_view value) {
    auto parts = keys::DecodeWebhookDelivery(key);
    if (parts && value.size() == 8) {
      visit(parts->endpoint_id,
            {keys::ReadU64(value, 0), parts->position.stamp, parts->position.lead_id, parts->position.kind});
    }
    return true;
  });
}

core::Status WebhookDeliveryRepo::ListNewestFirst(uint64_t endpoint_id, const core::WebhookEventRef* before,
                                                  const Visit& visit) const {
  const KeyRange range = keys::WebhookDeliveriesBefore(
      endpoint_id, before ? std::optional(PositionOf(*before)) : std::optional<keys::LeadEventPosition>());
  core::Status decoded;
  LG_RETURN_IF_ERROR(db_.ScanReverse(Cf::kEvents, range, [&](std::string_view, std::string_view value) {
    auto delivery = DecodeValue(value);
    if (!delivery.has_value()) {
      decoded = delivery.error();
      return false;
    }
    return visit(*delivery);
  }));
  return decoded;
}

core::Result<size_t> WebhookDeliveryRepo::DropBefore(uint64_t endpoint_id, int64_t before, size_t max) {
  const KeyRange range = keys::WebhookDeliveriesBefore(endpoint_id, keys::LeadEventPosition{before, 0, 0});
  std::vector<keys::LeadEventPosition> due;
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kEvents, range, [&](std::string_view key, std::string_view) {
    if (auto parts = keys::DecodeWebhookDelivery(key)) due.push_back(parts->position);
    return due.size() < max;
  }));
  if (due.empty()) return size_t{0};
  WriteUnit unit(db_);
  for (const auto& position : due) {
    unit.Delete(Cf::kEvents, keys::WebhookDelivery(endpoint_id, position));
    unit.Delete(Cf::kEvents, keys::WebhookDelivery(endpoint_id, position, true));
  }
  LG_RETURN_IF_ERROR(db_.Commit(unit, false));
  return due.size();
}

core::Status WebhookDeliveryRepo::Forget(uint64_t endpoint_id) {
  WriteUnit unit(db_);
  for (bool pending : {false, true}) {
    const KeyRange range = keys::PrefixRange(keys::WebhookDeliveryPrefix(endpoint_id, pending));
    unit.DeleteRange(Cf::kEvents, range);
  }
  unit.Delete(Cf::kEvents, keys::WebhookCursor(endpoint_id));
  return db_.Commit(unit);
}

}  // namespace lg::store
