// The keys of column family `events` (lead events, webhook endpoints, their deliveries and
// cursors), declared and laid out in store/key_codec.h with the rest.
#include <algorithm>

#include "store/key_codec.h"

namespace lg::store::keys {

namespace {
// On-disk tags of `events`: never renumber.
constexpr char kLeadEvent = 0x01;
constexpr char kLeadEventByLead = 0x02;
constexpr char kWebhookEndpoint = 0x10;
constexpr char kWebhookDelivery = 0x11;
constexpr char kWebhookCursor = 0x12;
constexpr char kWebhookPending = 0x13;
constexpr char kWebhookLease = 0x14;
constexpr size_t kLeadEventKeySize = 1 + 8 + 8 + 8 + 1;

uint64_t StampBytes(int64_t stamp) { return static_cast<uint64_t>(std::max<int64_t>(stamp, 0)); }

// [stamp u64][lead_id u64][kind u8]: the event's place, as lead events and deliveries hold it.
void AppendPosition(std::string& k, const LeadEventPosition& position) {
  AppendU64(k, StampBytes(position.stamp));
  AppendU64(k, position.lead_id);
  k.push_back(static_cast<char>(position.kind));
}

LeadEventPosition ReadPosition(std::string_view key, size_t offset) {
  return {static_cast<int64_t>(ReadU64(key, offset)), ReadU64(key, offset + 8), static_cast<uint8_t>(key[offset + 16])};
}

}  // namespace

std::string LeadEventPrefix() { return std::string(1, kLeadEvent); }

std::string LeadEventPrefix(uint64_t campaign_id) {
  std::string k = LeadEventPrefix();
  AppendU64(k, campaign_id);
  return k;
}

std::string LeadEvent(uint64_t campaign_id, const LeadEventPosition& position) {
  std::string k = LeadEventPrefix(campaign_id);
  AppendPosition(k, position);
  return k;
}

KeyRange LeadEventRange(uint64_t campaign_id, const LeadEventPosition* after, int64_t until) {
  // Keys of one length: byte order is (stamp, lead, kind) order, so just past `after` is its
  // key's successor.
  return {after ? LeadEvent(campaign_id, *after) + '\0' : LeadEventPrefix(campaign_id),
          LeadEvent(campaign_id, {until, 0, 0})};
}

std::optional<LeadEventParts> DecodeLeadEvent(std::string_view key) {
  if (key.size() != kLeadEventKeySize || key[0] != kLeadEvent) return std::nullopt;
  return LeadEventParts{ReadU64(key, 1), ReadPosition(key, 9)};
}

std::string LeadEventByLeadPrefix() { return std::string(1, kLeadEventByLead); }

std::string LeadEventByLeadPrefix(core::CampaignId campaign_id, core::LeadId lead_id) {
  std::string k = LeadEventByLeadPrefix();
  AppendU64(k, campaign_id.value());
  AppendU64(k, lead_id.value());
  return k;
}

std::string LeadEventByLead(uint64_t campaign_id, const LeadEventPosition& position) {
  std::string k = LeadEventByLeadPrefix(core::CampaignId(campaign_id), core::LeadId(position.lead_id));
  AppendU64(k, StampBytes(position.stamp));
  k.push_back(static_cast<char>(position.kind));
  return k;
}

std::optional<LeadEventParts> DecodeLeadEventByLead(std::string_view key) {
  if (key.size() != kLeadEventKeySize || key[0] != kLeadEventByLead) return std::nullopt;
  return LeadEventParts{ReadU64(key, 1),
                        {static_cast<int64_t>(ReadU64(key, 17)), ReadU64(key, 9), static_cast<uint8_t>(key[25])}};
}

std::string WebhookEndpointPrefix() { return std::string(1, kWebhookEndpoint); }

std::string WebhookEndpoint(uint64_t endpoint_id) {
  std::string k = WebhookEndpointPrefix();
  AppendU64(k, endpoint_id);
  return k;
}

std::string WebhookDeliveriesPrefix(bool pending) {
  return std::string(1, pending ? kWebhookPending : kWebhookDelivery);
}

std::string WebhookDeliveryPrefix(uint64_t endpoint_id, bool pending) {
  std::string k = WebhookDeliveriesPrefix(pending);
  AppendU64(k, endpoint_id);
  return k;
}

std::string WebhookDelivery(uint64_t endpoint_id, const LeadEventPosition& position, bool pending) {
  std::string k = WebhookDeliveryPrefix(endpoint_id, pending);
  AppendPosition(k, position);
  return k;
}

KeyRange WebhookDeliveriesBefore(uint64_t endpoint_id, std::optional<LeadEventPosition> before) {
  return {WebhookDeliveryPrefix(endpoint_id),
          before ? WebhookDelivery(endpoint_id, *before) : PrefixEnd(WebhookDeliveryPrefix(endpoint_id))};
}

std::optional<WebhookDeliveryParts> DecodeWebhookDelivery(std::string_view key) {
  if (key.size() != kLeadEventKeySize || (key[0] != kWebhookDelivery && key[0] != kWebhookPending)) {
    return std::nullopt;
  }
  return WebhookDeliveryParts{ReadU64(key, 1), ReadPosition(key, 9)};
}

std::string WebhookCursor(uint64_t endpoint_id) {
  std::string k(1, kWebhookCursor);
  AppendU64(k, endpoint_id);
  return k;
}

std::string WebhookLease() { return std::string(1, kWebhookLease); }

}  // namespace lg::store::keys
