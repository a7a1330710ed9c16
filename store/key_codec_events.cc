// The keys of column family `events` (lead events, webhook endpoints, their deliveries and
// cursors), declared and laid out in store/key_codec.h with the rest.
#include <algorithm>

#include "store/key_codec.h"

namespace lg::store::keys {

namespace {
constexpr char kLeadEvent = 0x01;
constexpr char kLeadEventByLead = 0x02;
constexpr size_t kLeadEventKeySize = 1 + 8 + 8 + 8 + 1;
}  // namespace

std::string LeadEventPrefix(uint64_t campaign_id) {
  std::string k(1, kLeadEvent);
  AppendU64(k, campaign_id);
  return k;
}

std::string LeadEvent(uint64_t campaign_id, const LeadEventPosition& position) {
  std::string k = LeadEventPrefix(campaign_id);
  AppendU64(k, static_cast<uint64_t>(std::max<int64_t>(position.stamp, 0)));
  AppendU64(k, position.lead_id);
  k.push_back(static_cast<char>(position.kind));
  return k;
}

std::optional<LeadEventPosition> DecodeLeadEvent(std::string_view key) {
  if (key.size() != kLeadEventKeySize || key[0] != kLeadEvent) return std::nullopt;
  return LeadEventPosition{static_cast<int64_t>(ReadU64(key, 9)), ReadU64(key, 17), static_cast<uint8_t>(key[25])};
}

std::string LeadEventByLeadPrefix(uint64_t campaign_id, uint64_t lead_id) {
  std::string k(1, kLeadEventByLead);
  AppendU64(k, campaign_id);
  AppendU64(k, lead_id);
  return k;
}

std::string LeadEventByLead(uint64_t campaign_id, const LeadEventPosition& position) {
  std::string k = LeadEventByLeadPrefix(campaign_id, position.lead_id);
  AppendU64(k, static_cast<uint64_t>(std::max<int64_t>(position.stamp, 0)));
  k.push_back(static_cast<char>(position.kind));
  return k;
}

std::optional<LeadEventPosition> DecodeLeadEventByLead(std::string_view key) {
  if (key.size() != kLeadEventKeySize || key[0] != kLeadEventByLead) return std::nullopt;
  return LeadEventPosition{static_cast<int64_t>(ReadU64(key, 17)), ReadU64(key, 9), static_cast<uint8_t>(key[25])};
}

std::string WebhookEndpointPrefix() { return std::string(1, '\x10'); }

std::string WebhookEndpoint(uint64_t endpoint_id) {
  std::string k = WebhookEndpointPrefix();
  AppendU64(k, endpoint_id);
  return k;
}

namespace {
constexpr char kWebhookDelivery = 0x11;
constexpr char kWebhookCursor = 0x12;
constexpr char kWebhookPending = 0x13;
constexpr char kWebhookLease = 0x14;
}  // namespace

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
  AppendU64(k, static_cast<uint64_t>(std::max<int64_t>(position.stamp, 0)));
  AppendU64(k, position.lead_id);
  k.push_back(static_cast<char>(position.kind));
  return k;
}

std::optional<WebhookDeliveryParts> DecodeWebhookDelivery(std::string_view key) {
  if (key.size() != kLeadEventKeySize || (key[0] != kWebhookDelivery && key[0] != kWebhookPending)) {
    return std::nullopt;
  }
  return WebhookDeliveryParts{ReadU64(key, 1),
                              {static_cast<int64_t>(ReadU64(key, 9)), ReadU64(key, 17), static_cast<uint8_t>(key[25])}};
}

std::string WebhookCursor(uint64_t endpoint_id) {
  std::string k(1, kWebhookCursor);
  AppendU64(k, endpoint_id);
  return k;
}

std::string WebhookLease() { return std::string(1, kWebhookLease); }

}  // namespace lg::store::keys
