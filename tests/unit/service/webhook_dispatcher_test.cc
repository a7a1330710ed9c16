// Webhook deliveries as a receiver and an admin notice them, over a scripted transport and a
// clock the test moves: each event of an endpoint's campaign delivered once, signed, under a
// webhook-id that stays the same on retries; only what the endpoint's scope lets it see; the
// retry schedule and Retry-After; 410 and days of failures disabling the endpoint; the delivery
// log, replays and pings; pending deliveries surviving a restart.

#include "service/webhook_dispatcher.h"

#include <boost/test/unit_test.hpp>
#include <deque>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "auth/webhook_signature.h"
#include "core/webhook_retry.h"
#include "service/webhook_audience.h"
#include "tests/unit/service/service_fixture.h"

namespace lg::service_test::webhook_dispatcher_test {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kHour = 3600 * kSecond;

// Answers each request at once with the next scripted answer (200 when none is left).
class ScriptedTransport : public service::WebhookTransport {
 public:
  void Send(service::WebhookRequest request, Done done) override {
    sent.push_back(request);
    service::WebhookResponse response;
    response.status = 200;
    response.body_head = "answer 200";
    if (!script.empty()) {
      response = script.front();
      script.pop_front();
    }
    done(response);
  }
  std::string Header(size_t i, const std::string& name) const {
    for (const auto& [key, value] : sent.at(i).headers) {
      if (key == name) return value;
    }
    return "";
  }
  std::vector<service::WebhookRequest> sent;
  std::deque<service::WebhookResponse> script;
};

service::WebhookResponse Answer(int status, std::optional<int64_t> retry_after = std::nullopt) {
  service::WebhookResponse response;
  response.status = status;
  response.retry_after_seconds = retry_after;
  response.body_head = "answer " + std::to_string(status);
  return response;
}

struct DispatcherFixture : VendorFixture {
  DispatcherFixture() { Wire(); }

  void Wire() {
    audience = std::make_unique<service::WebhookAudience>(services->filters, services->lead_repo, services->tokens);
    service::WebhookDispatchSettings settings;
    settings.disable_after_failing = std::chrono::hours(120);
    settings.ping_wait = std::chrono::seconds(5);
    writes = std::make_unique<service::LocalWebhookDeliveryWrites>(services->webhook_deliveries,
                                                                   services->lead_events.repo(), services->webhooks);
    dispatcher = std::make_unique<service::WebhookDispatcher>(
        services->webhooks, services->lead_events, services->webhook_deliveries, *writes, *audience,
        [this](int64_t now) { return services->leads.Watermark(now); }, transport, settings,
        [this] { return core::NowMillis() + skew; }, [] { return 0.0; });
    BOOST_REQUIRE(dispatcher->Load().ok());
  }
  void Restart() {
    dispatcher.reset();
    writes.reset();
    audience.reset();
    Reopen();
    Wire();
  }

  service::WebhookWithSecret Endpoint(const auth::Principal& principal, const std::string& body) {
    auto made = services->webhooks.Create(principal, body);
    BOOST_REQUIRE_MESSAGE(made.has_value(), Why(made) << " for " << body);
    return std::move(made).value();
  }
  service::WebhookWithSecret AdminEndpoint(const std::string& types = R"("lead.created")") {
    return Endpoint(admin, R"({"url": "https://crm.example.com/hooks", "event_types": [)" + types +
                               R"(], "campaign_id": )" + std::to_string(campaign) + "}");
  }
  // Rounds until nothing more is sent (a scripted answer is recorded by the next round). First
  // a clock tick: the feed's watermark is exclusive, so a change of this millisecond waits.
  void Settle() {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    for (int i = 0; i < 10; ++i) dispatcher->RunOnce();
  }
  // The body of request `i`, parsed.
  simdjson::dom::element Body(size_t i) {
    BOOST_REQUIRE_LT(i, transport.sent.size());
    bodies.push_back(transport.sent[i].body);
    return parser.parse(bodies.back()).value();
  }
  std::vector<core::WebhookDelivery> Log(uint64_t endpoint_id, const std::string& state = "") {
    std::multimap<std::string, std::string> params;
    if (!state.empty()) params.emplace("state", state);
    auto page = dispatcher->Deliveries(admin, endpoint_id, params);
    BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
    return page->deliveries;
  }
  core::WebhookEndpoint Current(uint64_t endpoint_id) { return *services->webhooks.Get(admin, endpoint_id); }

  int64_t skew = 0;
  ScriptedTransport transport;
  std::unique_ptr<service::WebhookAudience> audience;
  std::unique_ptr<service::LocalWebhookDeliveryWrites> writes;
  std::unique_ptr<service::WebhookDispatcher> dispatcher;
  simdjson::dom::parser parser;
  std::deque<std::string> bodies;  // kept alive for the parsed documents
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(webhook_dispatcher, DispatcherFixture)

BOOST_AUTO_TEST_CASE(a_new_lead_is_delivered_once_signed_with_the_endpoints_secret) {
  auto made = AdminEndpoint();
  Settle();
  BOOST_TEST(transport.sent.empty());  // the leads made before the endpoint are not sent
  auto lead = CreateLead(admin, campaign, LeadBody("C1", "vendor-a"));
  Settle();
  BOOST_REQUIRE_EQUAL(transport.sent.size(), 1u);
  BOOST_TEST(transport.sent[0].url == "https://crm.example.com/hooks");
  const std::string id = transport.Header(0, "webhook-id");
  BOOST_TEST(id == "evt_" + std::to_string(campaign) + "_" + std::to_string(lead.updated_at) + "_" +
                       std::to_string(lead.id) + "_created");
  const int64_t timestamp = std::stoll(transport.Header(0, "webhook-timestamp"));
  BOOST_TEST(transport.Header(0, "webhook-signature") ==
             auth::SignWebhook(*auth::WebhookSecretKey(made.secret), id, timestamp, transport.sent[0].body));
  auto body = Body(0);
  BOOST_TEST(std::string_view(body["type"]) == "lead.created");
  BOOST_TEST(uint64_t(body["data"]["lead"]["id"]) == lead.id);
  BOOST_TEST(uint64_t(body["data"]["campaign_id"]) == campaign);
  BOOST_TEST(std::string_view(body["data"]["lead"]["field_values"]["marker"]) == "C1");
  auto log = Log(made.endpoint.id);
  BOOST_REQUIRE_EQUAL(log.size(), 1u);
  BOOST_TEST((log[0].state == core::DeliveryState::kSucceeded));
  BOOST_TEST(log[0].attempts.size() == 1u);
  BOOST_TEST(log[0].attempts[0].response == "answer 200");
}

BOOST_AUTO_TEST_CASE(a_status_change_is_an_update_and_a_status_change_each_to_whom_asked) {
  auto made = AdminEndpoint(R"("lead.status_changed")");
  BOOST_REQUIRE(
      leads->Patch(admin, core::CampaignId(campaign), core::LeadId(a1.id), R"({"status": "contacted"})").has_value());
  BOOST_REQUIRE(
      leads->Patch(admin, core::CampaignId(campaign), core::LeadId(a1.id), R"({"field_values": {"marker": "A1b"}})")
          .has_value());
  Settle();
  BOOST_REQUIRE_EQUAL(transport.sent.size(), 1u);
  auto body = Body(0);
  BOOST_TEST(std::string_view(body["type"]) == "lead.status_changed");
  BOOST_TEST(std::string_view(body["data"]["status_from"]) == "new");
  BOOST_TEST(std::string_view(body["data"]["lead"]["status"]) == "contacted");
  BOOST_TEST(Log(made.endpoint.id).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_vendors_endpoint_gets_its_own_leads_only) {
  auto own = Endpoint(vendor_a.principal,
                      R"({"url": "https://a.example/in", "event_types": ["lead.created", "lead.deleted"]})");
  CreateLead(admin, campaign, LeadBody("B2", "vendor-b"));
  auto a2 = CreateLead(vendor_a.principal, campaign, LeadBody("A2", "vendor-a"));
  auto b3 = CreateLead(admin, campaign, LeadBody("B3", "vendor-b"));
  Settle();  // else the deletions take the creations' events with them, unsent
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(b3.id)).ok());
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(a2.id)).ok());
  Settle();
  BOOST_REQUIRE_EQUAL(transport.sent.size(), 2u);
  auto created = Body(0);
  BOOST_TEST(std::string_view(created["type"]) == "lead.created");
  BOOST_TEST(uint64_t(created["data"]["lead"]["id"]) == a2.id);
  // Its own lead names it as the creator; nothing of vendor B's leads arrives.
  BOOST_TEST(uint64_t(created["data"]["lead"]["created_by"]["token_id"]) == vendor_a.id);
  auto deleted = Body(1);
  BOOST_TEST(std::string_view(deleted["type"]) == "lead.deleted");
  BOOST_TEST(uint64_t(deleted["data"]["lead"]["id"]) == a2.id);
  BOOST_TEST(bool(deleted["data"]["lead"]["deleted"]));
  BOOST_TEST(deleted["data"]["lead"]["field_values"].error() == simdjson::NO_SUCH_FIELD);
  for (const auto& request : transport.sent) BOOST_TEST(request.body.find("\"B") == std::string::npos);
  BOOST_TEST(Log(own.endpoint.id).size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_revoked_tokens_endpoint_goes_with_its_log) {
  auto own = Endpoint(vendor_a.principal, R"({"url": "https://a.example/in", "event_types": ["lead.created"]})");
  CreateLead(vendor_a.principal, campaign, LeadBody("A2", "vendor-a"));
  Settle();
  BOOST_TEST(transport.sent.size() == 1u);
  BOOST_REQUIRE(tokens->Revoke(admin, vendor_a.id).has_value());
  Settle();
  BOOST_TEST(!services->webhook_deliveries.Cursor(own.endpoint.id)->has_value());
  size_t kept = 0;
  BOOST_REQUIRE(services->webhook_deliveries
                    .ListNewestFirst(own.endpoint.id, nullptr, [&](const core::WebhookDelivery&) { return ++kept > 0; })
                    .ok());
  BOOST_TEST(kept == 0u);
}

BOOST_AUTO_TEST_CASE(a_failing_delivery_is_retried_on_the_schedule_under_the_same_id_then_fails) {
  auto made = AdminEndpoint();
  CreateLead(admin, campaign, LeadBody("C1", "vendor-a"));
  for (size_t i = 0; i <= core::kWebhookRetryDelays.size(); ++i) transport.script.push_back(Answer(500));
  Settle();
  BOOST_REQUIRE_EQUAL(transport.sent.size(), 1u);
  for (size_t retry = 0; retry < core::kWebhookRetryDelays.size(); ++retry) {
    const int64_t delay = core::kWebhookRetryDelays[retry].count();
    skew += delay - kSecond;
    Settle();
    BOOST_TEST_REQUIRE(transport.sent.size() == retry + 1, "retry " << retry << " came early");
    skew += 2 * kSecond;
    Settle();
    BOOST_TEST_REQUIRE(transport.sent.size() == retry + 2, "retry " << retry << " did not come");
    BOOST_TEST(transport.Header(retry + 1, "webhook-id") == transport.Header(0, "webhook-id"));
  }
  skew += 48 * kHour;
  Settle();
  BOOST_TEST(transport.sent.size() == core::kWebhookRetryDelays.size() + 1);
  auto failed = Log(made.endpoint.id, "failed");
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(failed[0].attempts.size() == core::kWebhookRetryDelays.size() + 1);
  BOOST_TEST(failed[0].attempts.back().status == 500);
  BOOST_TEST(Current(made.endpoint.id).failing_since.has_value());
  BOOST_TEST(dispatcher->stats().failed == 1u);
  BOOST_TEST(dispatcher->stats().pending == 0u);
}

BOOST_AUTO_TEST_CASE(retry_after_puts_the_retry_off_and_a_success_ends_the_failing_run) {
  auto made = AdminEndpoint();
  CreateLead(admin, campaign, LeadBody("C1", "vendor-a"));
  transport.script.push_back(Answer(503, 120));
  Settle();
  BOOST_TEST(Current(made.endpoint.id).failing_since.has_value());
  skew += 60 * kSecond;  // past the schedule's 5 s, not past the 120 s asked for
  Settle();
  BOOST_TEST(transport.sent.size() == 1u);
  BOOST_TEST(dispatcher->stats().pending == 1u);
  skew += 61 * kSecond;
  Settle();
  BOOST_TEST(transport.sent.size() == 2u);
  BOOST_TEST(Log(made.endpoint.id, "succeeded").size() == 1u);
  BOOST_TEST(!Current(made.endpoint.id).failing_since.has_value());
}

BOOST_AUTO_TEST_CASE(gone_410_disables_the_endpoint_at_once) {
  auto made = AdminEndpoint();
  CreateLead(admin, campaign, LeadBody("C1", "vendor-a"));
  transport.script.push_back(Answer(410));
  Settle();
  auto endpoint = Current(made.endpoint.id);
  BOOST_TEST(!endpoint.enabled);
  BOOST_TEST(endpoint.disabled_reason == "gone");
  BOOST_TEST(AuditEvents("webhook_disabled").size() == 1u);
  CreateLead(admin, campaign, LeadBody("C2", "vendor-a"));
  Settle();
  BOOST_TEST(transport.sent.size() == 1u);  // a disabled endpoint gets nothing
  BOOST_TEST(Log(made.endpoint.id, "failed").size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_endpoint_failing_for_days_is_disabled_and_audited) {
  auto made = AdminEndpoint();
  for (int i = 0; i < 200; ++i) transport.script.push_back(Answer(500));
  for (int day = 0; day < 6; ++day) {
    CreateLead(admin, campaign, LeadBody("D" + std::to_string(day), "vendor-a"));
    Settle();
    skew += 24 * kHour + kSecond;
  }
  auto endpoint = Current(made.endpoint.id);
  BOOST_TEST(!endpoint.enabled);
  BOOST_TEST(endpoint.disabled_reason == "failing");
  auto audited = AuditEvents("webhook_disabled");
  BOOST_REQUIRE_EQUAL(audited.size(), 1u);
  BOOST_TEST(audited[0].detail == "failing");
}

BOOST_AUTO_TEST_CASE(failed_deliveries_are_replayed_one_or_by_time_range) {
  auto made = AdminEndpoint();
  for (int i = 0; i < 2; ++i) transport.script.push_back(Answer(410));
  CreateLead(admin, campaign, LeadBody("C1", "vendor-a"));
  Settle();
  BOOST_REQUIRE(services->webhooks.Patch(admin, made.endpoint.id, R"({"enabled": true})").has_value());
  auto failed = Log(made.endpoint.id, "failed");
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  const std::string id = *core::WebhookMessageId(failed[0].event);
  auto replayed = dispatcher->Replay(admin, made.endpoint.id, id);
  BOOST_REQUIRE_MESSAGE(replayed.has_value(), Why(replayed));
  BOOST_TEST((replayed->state == core::DeliveryState::kPending));
  Settle();
  BOOST_TEST(transport.sent.size() == 2u);
  BOOST_TEST(transport.Header(1, "webhook-id") == id);
  BOOST_TEST(Log(made.endpoint.id, "failed").size() == 1u);  // the second 410
  BOOST_REQUIRE(services->webhooks.Patch(admin, made.endpoint.id, R"({"enabled": true})").has_value());
  // Out of range, then in range.
  auto none = dispatcher->ReplayFailed(admin, made.endpoint.id, R"({"to": "2020-01-01T00:00:00Z"})");
  BOOST_REQUIRE_MESSAGE(none.has_value(), Why(none));
  BOOST_TEST(*none == 0u);
  auto all = dispatcher->ReplayFailed(admin, made.endpoint.id, "{}");
  BOOST_REQUIRE_MESSAGE(all.has_value(), Why(all));
  BOOST_TEST(*all == 1u);
  Settle();
  BOOST_TEST(transport.sent.size() == 3u);
  BOOST_TEST(Log(made.endpoint.id, "succeeded").size() == 1u);
  auto log = Log(made.endpoint.id);
  BOOST_REQUIRE_EQUAL(log.size(), 1u);
  BOOST_TEST(log[0].attempts.size() == 3u);
  // Another token's endpoint is not there for it; a bad id names nothing.
  CheckError(dispatcher->Replay(vendor_a.principal, made.endpoint.id, id), core::ErrorKind::kNotFound, "not_found");
  CheckError(dispatcher->Replay(admin, made.endpoint.id, "evt_x"), core::ErrorKind::kNotFound, "not_found");
  CheckError(dispatcher->ReplayFailed(admin, made.endpoint.id, R"({"from": "yesterday"})"), core::ErrorKind::kInvalid,
             "validation_failed");
}

BOOST_AUTO_TEST_CASE(a_replay_asked_while_the_delivery_is_in_flight_is_sent_after_its_answer) {
  auto made = AdminEndpoint();
  Settle();
  CreateLead(admin, campaign, LeadBody("C1", "vendor-a"));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  // One round: the delivery goes out; its answer is recorded by the next round.
  dispatcher->RunOnce();
  BOOST_REQUIRE_EQUAL(transport.sent.size(), 1u);
  const std::string id = transport.Header(0, "webhook-id");
  skew += 5;  // the replay comes after the attempt started
  auto replayed = dispatcher->Replay(admin, made.endpoint.id, id);
  BOOST_REQUIRE_MESSAGE(replayed.has_value(), Why(replayed));
  Settle();
  // The answer to the first attempt does not swallow the replay: it goes out too.
  BOOST_REQUIRE_EQUAL(transport.sent.size(), 2u);
  BOOST_TEST(transport.Header(1, "webhook-id") == id);
  auto log = Log(made.endpoint.id);
  BOOST_REQUIRE_EQUAL(log.size(), 1u);
  BOOST_TEST((log[0].state == core::DeliveryState::kSucceeded));
  BOOST_TEST(log[0].attempts.size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_log_pages_newest_first_and_filters_by_state) {
  auto made = AdminEndpoint();
  transport.script = {Answer(200), Answer(500), Answer(200)};
  for (int i = 0; i < 3; ++i) CreateLead(admin, campaign, LeadBody("C" + std::to_string(i), "vendor-a"));
  Settle();
  auto page = dispatcher->Deliveries(admin, made.endpoint.id, {{"limit", "2"}});
  BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
  BOOST_REQUIRE_EQUAL(page->deliveries.size(), 2u);
  BOOST_TEST(page->deliveries[0].event.stamp >= page->deliveries[1].event.stamp);
  BOOST_REQUIRE(page->next_cursor.has_value());
  auto rest = dispatcher->Deliveries(admin, made.endpoint.id, {{"cursor", *page->next_cursor}});
  BOOST_REQUIRE_MESSAGE(rest.has_value(), Why(rest));
  BOOST_TEST(rest->deliveries.size() == 1u);
  BOOST_TEST(!rest->next_cursor.has_value());
  BOOST_TEST(Log(made.endpoint.id, "pending").size() == 1u);
  BOOST_TEST(Log(made.endpoint.id, "succeeded").size() == 2u);
  CheckError(dispatcher->Deliveries(admin, made.endpoint.id, {{"state", "lost"}}), core::ErrorKind::kMalformed,
             "invalid_parameter");
  CheckError(dispatcher->Deliveries(admin, made.endpoint.id, {{"limit", "0"}}), core::ErrorKind::kMalformed,
             "invalid_parameter");
}

BOOST_AUTO_TEST_CASE(pending_deliveries_survive_a_restart_and_an_erased_lead_is_not_sent) {
  auto made = AdminEndpoint();
  transport.script = {Answer(500), Answer(500)};
  auto kept = CreateLead(admin, campaign, LeadBody("C1", "vendor-a"));
  auto erased = CreateLead(admin, campaign, LeadBody("C2", "vendor-a"));
  Settle();
  BOOST_TEST(transport.sent.size() == 2u);
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(erased.id)).ok());
  Restart();
  BOOST_TEST(dispatcher->stats().pending == 2u);
  skew += 10 * kSecond;
  Settle();
  BOOST_REQUIRE_EQUAL(transport.sent.size(), 3u);  // the kept lead again; the erased one not
  BOOST_TEST(transport.sent[2].body.find("\"C1\"") != std::string::npos);
  auto failed = Log(made.endpoint.id, "failed");
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(failed[0].event.lead_id == erased.id);
  BOOST_TEST(failed[0].attempts.back().error == "event_erased");
  BOOST_TEST(Log(made.endpoint.id, "succeeded").size() == 1u);
  BOOST_TEST(kept.id != 0u);
}

BOOST_AUTO_TEST_CASE(a_ping_is_sent_at_once_and_answers_with_its_attempt) {
  auto made = AdminEndpoint();
  transport.script = {Answer(204)};
  dispatcher->Start();
  auto ping = dispatcher->Ping(admin, made.endpoint.id);
  dispatcher->Stop();
  BOOST_REQUIRE_MESSAGE(ping.has_value(), Why(ping));
  BOOST_REQUIRE_EQUAL(ping->attempts.size(), 1u);
  BOOST_TEST(ping->attempts[0].status == 204);
  BOOST_TEST((ping->state == core::DeliveryState::kSucceeded));
  BOOST_REQUIRE_EQUAL(transport.sent.size(), 1u);
  auto body = Body(0);
  BOOST_TEST(std::string_view(body["type"]) == "webhook.ping");
  BOOST_TEST(uint64_t(body["data"]["endpoint_id"]) == made.endpoint.id);
  BOOST_TEST(transport.Header(0, "webhook-id").ends_with("_0_ping"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lg::service_test::webhook_dispatcher_test
