// The delivery log's records and message ids: an id names one event (and reads back to it), a
// record keeps what was tried and drops the oldest attempts past the cap, and the retry schedule
// follows Standard Webhooks with its jitter and Retry-After.

#include "core/webhook_delivery.h"

#include <boost/test/unit_test.hpp>

#include "core/webhook_retry.h"

namespace lg::core::webhook_delivery_test {  // NOLINT(modernize-concat-nested-namespaces): the suite macro

BOOST_AUTO_TEST_SUITE(webhook_delivery)

BOOST_AUTO_TEST_CASE(a_message_id_names_its_event_and_reads_back) {
  const WebhookEventRef event{3, 1765089662123, 42, 3};
  BOOST_TEST(*WebhookMessageId(event) == "evt_3_1765089662123_42_status_changed");
  BOOST_TEST((ParseWebhookMessageId("evt_3_1765089662123_42_status_changed") == event));
  const WebhookEventRef ping{3, 1765089662123, 0, kWebhookPingKind};
  BOOST_TEST(*WebhookMessageId(ping) == "evt_3_1765089662123_0_ping");
  BOOST_TEST((ParseWebhookMessageId(*WebhookMessageId(ping)) == ping));
  for (const char* bad : {"", "evt_", "evt_3_1_42", "evt_3_1_42_moved", "evt_3_1_0_created", "evt_3_1_42_ping",
                          "evt_3_x_42_created", "evt_-3_1_42_created", "msg_3_1_42_created", "evt_3_1_42_created_"}) {
    BOOST_TEST(!ParseWebhookMessageId(bad).has_value(), bad);
  }
  BOOST_TEST(!WebhookMessageId({3, 1, 42, 9}).has_value());
}

BOOST_AUTO_TEST_CASE(a_record_round_trips_and_keeps_the_newest_attempts) {
  WebhookDelivery d;
  d.endpoint_id = 7;
  d.event = {3, 1000, 42, 1};
  d.state = DeliveryState::kFailed;
  d.created_at = 1000;
  d.next_attempt_at = 5000;
  d.retries = 2;
  for (int i = 0; i < 25; ++i) d.AddAttempt({1000 + i, 500, 12, "", "", "oops \"quoted\"\n"});
  BOOST_TEST(d.attempts.size() == kMaxKeptAttempts);
  BOOST_TEST(d.attempts.front().at == 1005);
  auto decoded = DecodeWebhookDelivery(EncodeWebhookDelivery(d));
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == d));
  BOOST_TEST(!DecodeWebhookDelivery("{}").has_value());
  const std::string json = WebhookDeliveryJson(d);
  BOOST_TEST(json.find(R"("id":"evt_3_1000_42_created")") != std::string::npos);
  BOOST_TEST(json.find(R"("state":"failed")") != std::string::npos);
  BOOST_TEST(json.find(R"("next_attempt_at":null)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(retries_follow_the_schedule_with_jitter_and_retry_after) {
  using namespace std::chrono_literals;
  BOOST_TEST(WebhookRetryDelay(0, 0.0, std::nullopt)->count() == 5000);
  BOOST_TEST(WebhookRetryDelay(1, 0.0, std::nullopt)->count() == 300000);
  BOOST_TEST(WebhookRetryDelay(6, 0.0, std::nullopt)->count() == std::chrono::milliseconds(10h).count());
  BOOST_TEST(!WebhookRetryDelay(7, 0.0, std::nullopt).has_value());
  BOOST_TEST(WebhookRetryDelay(0, 1.0, std::nullopt)->count() == 5500);
  BOOST_TEST(WebhookRetryDelay(0, -1.0, std::nullopt)->count() == 4500);
  BOOST_TEST(WebhookRetryDelay(0, 0.0, 60)->count() == 60000);   // asked for longer: waits longer
  BOOST_TEST(WebhookRetryDelay(1, 0.0, 60)->count() == 300000);  // asked for shorter: the schedule stands
  BOOST_TEST(WebhookRetryDelay(0, 0.0, int64_t{1} << 31)->count() == std::chrono::milliseconds(24h).count());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lg::core::webhook_delivery_test
