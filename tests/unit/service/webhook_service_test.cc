// Webhook endpoints as the service keeps them: an admin's of any campaign and filter, a token's
// own only (its campaign and filter forced, another's absent), secrets shown at creation and by
// reveal and never in the audit log, rotation with an overlap, disabling, the token's revocation
// taking its endpoints, and the campaigns that want lead events following all of it.

#include <boost/test/unit_test.hpp>
#include <string>

#include "auth/webhook_signature.h"
#include "service/vendor_offboarding.h"
#include "tests/unit/service/service_fixture.h"

namespace lg::service_test::webhook_service_test {
namespace {

constexpr int64_t kHour = 3600LL * 1000;

struct WebhookFixture : VendorFixture {
  service::WebhookWithSecret Create(const auth::Principal& principal, const std::string& body) {
    auto made = services->webhooks.Create(principal, body);
    BOOST_REQUIRE_MESSAGE(made.has_value(), Why(made) << " for " << body);
    return std::move(made).value();
  }
  std::string AdminBody() const {
    return R"({"url": "https://crm.example.com/hooks", "event_types": ["lead.created"], "campaign_id": )" +
           std::to_string(campaign) + "}";
  }
  bool Wanted() const { return services->lead_events.Wanted(campaign); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(webhook_service, WebhookFixture)

BOOST_AUTO_TEST_CASE(an_admin_endpoint_has_a_secret_shown_at_creation_and_by_reveal_only) {
  BOOST_TEST(!Wanted());
  auto made = Create(admin, AdminBody());
  BOOST_TEST(made.secret.starts_with("whsec_"));
  BOOST_TEST(made.endpoint.campaign_id == campaign);
  BOOST_TEST(!made.endpoint.token_id.has_value());
  BOOST_TEST(made.endpoint.enabled);
  BOOST_TEST(Wanted());
  auto revealed = services->webhooks.Reveal(admin, made.endpoint.id);
  BOOST_REQUIRE(revealed.has_value());
  BOOST_TEST(revealed->secret == made.secret);
  auto keys = services->webhooks.SigningKeys(made.endpoint, core::NowMillis());
  BOOST_REQUIRE_EQUAL(keys.size(), 1u);
  BOOST_TEST(keys[0] == *auth::WebhookSecretKey(made.secret));
  // Neither the stored record nor the audit log holds the secret in the clear.
  auto stored = services->webhook_repo.Get(made.endpoint.id);
  BOOST_REQUIRE(stored.has_value() && stored->has_value());
  BOOST_TEST(core::EncodeWebhookEndpoint(**stored).find(made.secret.substr(6)) == std::string::npos);
  for (const auto& event : AuditEvents()) BOOST_TEST(event.detail.find(made.secret.substr(6)) == std::string::npos);
  BOOST_TEST(AuditEvents("webhook_created").size() == 1u);
  BOOST_TEST(AuditEvents("webhook_secret_revealed").size() == 1u);
}

BOOST_AUTO_TEST_CASE(rotation_keeps_the_old_secret_signing_for_the_overlap) {
  auto made = Create(admin, AdminBody());
  auto rotated = services->webhooks.Rotate(admin, made.endpoint.id, R"({"overlap_hours": 2})");
  BOOST_REQUIRE_MESSAGE(rotated.has_value(), Why(rotated));
  BOOST_TEST(rotated->secret != made.secret);
  const int64_t now = core::NowMillis();
  auto keys = services->webhooks.SigningKeys(rotated->endpoint, now);
  BOOST_REQUIRE_EQUAL(keys.size(), 2u);
  BOOST_TEST(keys[0] == *auth::WebhookSecretKey(made.secret));
  BOOST_TEST(keys[1] == *auth::WebhookSecretKey(rotated->secret));
  keys = services->webhooks.SigningKeys(rotated->endpoint, now + 3 * kHour);
  BOOST_REQUIRE_EQUAL(keys.size(), 1u);
  BOOST_TEST(keys[0] == *auth::WebhookSecretKey(rotated->secret));
  BOOST_TEST(services->webhooks.Reveal(admin, made.endpoint.id)->secret == rotated->secret);
  CheckError(services->webhooks.Rotate(admin, made.endpoint.id, R"({"overlap_hours": 169})"), core::ErrorKind::kInvalid,
             "validation_failed");
}

BOOST_AUTO_TEST_CASE(a_token_manages_its_own_endpoints_through_its_own_scope) {
  auto own = Create(vendor_a.principal, R"({"url": "https://a.example/in", "event_types": ["lead.updated"]})");
  BOOST_TEST(own.endpoint.campaign_id == campaign);
  BOOST_TEST(own.endpoint.filter_id.value_or(0) == filter_a);
  BOOST_TEST(own.endpoint.token_id.value_or(0) == vendor_a.id);
  auto admins = Create(admin, AdminBody());

  // Its own only: the admin's and another vendor's are absent.
  BOOST_TEST(services->webhooks.List(vendor_a.principal).size() == 1u);
  BOOST_TEST(services->webhooks.List(admin).size() == 2u);
  CheckError(services->webhooks.Get(vendor_a.principal, admins.endpoint.id), core::ErrorKind::kNotFound, "not_found");
  CheckError(services->webhooks.Get(vendor_b.principal, own.endpoint.id), core::ErrorKind::kNotFound, "not_found");
  CheckError(services->webhooks.Reveal(vendor_b.principal, own.endpoint.id), core::ErrorKind::kNotFound, "not_found");
  CheckError(services->webhooks.Delete(vendor_b.principal, own.endpoint.id), core::ErrorKind::kNotFound, "not_found");

  // No way out of its scope: not another filter, not another campaign.
  uint64_t other = NewCampaign(kWindCampaign);
  CheckError(services->webhooks.Create(vendor_a.principal, R"({"url": "https://a.example/in",
                 "event_types": ["lead.created"], "filter_id": )" +
                                                               std::to_string(filter_b) + "}"),
             core::ErrorKind::kInvalid, "validation_failed");
  CheckError(services->webhooks.Create(vendor_a.principal, R"({"url": "https://a.example/in",
                 "event_types": ["lead.created"], "campaign_id": )" +
                                                               std::to_string(other) + "}"),
             core::ErrorKind::kInvalid, "validation_failed");
  CheckError(services->webhooks.Patch(vendor_a.principal, own.endpoint.id,
                                      R"({"filter_id": )" + std::to_string(filter_b) + "}"),
             core::ErrorKind::kInvalid, "validation_failed");
  // An admin names a filter of the endpoint's campaign only.
  CheckError(services->webhooks.Create(admin, R"({"url": "https://x.example", "event_types": ["lead.created"],
                 "campaign_id": )" + std::to_string(other) +
                                                  R"(, "filter_id": )" + std::to_string(filter_a) + "}"),
             core::ErrorKind::kInvalid, "validation_failed");
}

BOOST_AUTO_TEST_CASE(disabling_and_revoking_the_token_stop_the_events) {
  auto own = Create(vendor_a.principal, R"({"url": "https://a.example/in", "event_types": ["lead.created"]})");
  BOOST_TEST(Wanted());
  auto disabled = services->webhooks.Patch(vendor_a.principal, own.endpoint.id, R"({"enabled": false})");
  BOOST_REQUIRE_MESSAGE(disabled.has_value(), Why(disabled));
  BOOST_TEST(disabled->disabled_reason == "request");
  BOOST_TEST(!Wanted());
  auto enabled = services->webhooks.Patch(vendor_a.principal, own.endpoint.id, R"({"enabled": true})");
  BOOST_REQUIRE(enabled.has_value());
  BOOST_TEST(enabled->disabled_reason.empty());
  BOOST_TEST(Wanted());

  // Kept across a restart.
  Reopen();
  BOOST_TEST(Wanted());
  BOOST_REQUIRE_EQUAL(services->webhooks.List(admin).size(), 1u);

  // The token's revocation takes its endpoints.
  BOOST_REQUIRE(tokens->Revoke(admin, vendor_a.id).has_value());
  BOOST_TEST(services->webhooks.List(admin).empty());
  BOOST_TEST(!Wanted());
  BOOST_TEST(AuditEvents("webhook_deleted").size() == 1u);
  Reopen();
  BOOST_TEST(services->webhooks.List(admin).empty());
}

BOOST_AUTO_TEST_CASE(offboarding_a_vendor_takes_its_endpoints_and_disables_the_admins_for_it) {
  auto own = Create(vendor_a.principal, R"({"url": "https://a.example/in", "event_types": ["lead.created"]})");
  auto for_a =
      Create(admin, R"({"url": "https://crm.example.com/a", "event_types": ["lead.created"], "campaign_id": )" +
                        std::to_string(campaign) + R"(, "filter_id": )" + std::to_string(filter_a) + "}");
  auto for_b =
      Create(admin, R"({"url": "https://crm.example.com/b", "event_types": ["lead.created"], "campaign_id": )" +
                        std::to_string(campaign) + R"(, "filter_id": )" + std::to_string(filter_b) + "}");
  auto everything = Create(admin, AdminBody());
  service::VendorOffboarding offboarding(*campaigns, *filters, *tokens, services->webhooks, *audit);
  auto dry = offboarding.Offboard(admin, campaign, "source", "vendor-a", R"({"dry_run": true})");
  BOOST_REQUIRE_MESSAGE(dry.has_value(), Why(dry));
  BOOST_TEST((dry->webhooks == std::vector<uint64_t>{for_a.endpoint.id}));
  BOOST_TEST(services->webhooks.Get(admin, for_a.endpoint.id)->enabled);

  auto done = offboarding.Offboard(admin, campaign, "source", "vendor-a", "");
  BOOST_REQUIRE_MESSAGE(done.has_value(), Why(done));
  BOOST_TEST((done->tokens == std::vector<uint64_t>{vendor_a.id}));
  BOOST_TEST((done->webhooks == std::vector<uint64_t>{for_a.endpoint.id}));
  CheckError(services->webhooks.Get(admin, own.endpoint.id), core::ErrorKind::kNotFound, "not_found");
  auto disabled = services->webhooks.Get(admin, for_a.endpoint.id);
  BOOST_REQUIRE(disabled.has_value());
  BOOST_TEST(!disabled->enabled);
  BOOST_TEST(disabled->disabled_reason == "offboarded");
  BOOST_TEST(services->webhooks.Get(admin, for_b.endpoint.id)->enabled);
  BOOST_TEST(services->webhooks.Get(admin, everything.endpoint.id)->enabled);
  BOOST_TEST(AuditEvents("webhook_disabled").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lg::service_test::webhook_service_test
