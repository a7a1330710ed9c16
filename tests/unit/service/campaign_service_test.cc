// CampaignService: only admin tokens create and change schemas (403 for others), a campaign
// outside a scoped token's campaign is a 404 before any 403 and the attempt is audited, schema
// changes are seen by the next lead request, and schemas survive a restart.

#include "service/campaign_service.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/service/service_fixture.h"

namespace campaign_service_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

struct World : ServiceFixture {
  uint64_t solar = NewCampaign();
  uint64_t wind = NewCampaign(kWindCampaign);
  Minted writer = Mint("writer", "read_write");
  Minted scoped = Mint("scoped writer", "read_write", solar);
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(campaign_service, World)

BOOST_AUTO_TEST_CASE(an_admin_creates_a_campaign_and_reads_it_back) {
  auto campaign = campaigns->Get(admin, solar);
  BOOST_REQUIRE(campaign.has_value());
  BOOST_TEST((*campaign)->name == "Solar");
  BOOST_TEST((*campaign)->fields.size() == 3u);
  BOOST_TEST((*campaign)->selects.size() == 2u);
  BOOST_TEST((*campaign)->statuses.size() == 3u);
  BOOST_TEST(wind > solar);
  BOOST_TEST(campaigns->List(admin).size() == 2u);
  BOOST_TEST(campaigns->Find(wind)->name == "Wind");
  BOOST_TEST(!campaigns->Find(999));
  auto events = AuditEvents("campaign_created");
  BOOST_TEST(events.size() == 2u);
}

BOOST_AUTO_TEST_CASE(only_admin_tokens_create_or_change_a_schema) {
  for (const Minted* token : {&writer, &scoped}) {
    BOOST_TEST_CONTEXT(token->principal.name) {
      CheckError(campaigns->Create(token->principal, kWindCampaign), ErrorKind::kNotPermitted,
                 "insufficient_permission");
      CheckError(campaigns->Patch(token->principal, solar, R"({"name": "Renamed"})"), ErrorKind::kNotPermitted,
                 "insufficient_permission");
      CheckError(campaigns->AddField(token->principal, solar, R"({"slug": "phone", "type": "phone"})"),
                 ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(campaigns->PatchField(token->principal, solar, "marker", R"({"label": "Mark"})"),
                 ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(campaigns->AddSelect(token->principal, solar, R"({"slug": "roof", "options": [{"slug": "flat"}]})"),
                 ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(campaigns->AddOption(token->principal, solar, "source", R"({"slug": "vendor-c"})"),
                 ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(campaigns->AddStatus(token->principal, solar, R"({"slug": "lost", "type": "lost"})"),
                 ErrorKind::kNotPermitted, "insufficient_permission");
    }
  }
  Minted reader = Mint("reader", "read");
  CheckError(campaigns->Create(reader.principal, kWindCampaign), ErrorKind::kNotPermitted, "insufficient_permission");
  // Nothing changed.
  BOOST_TEST(campaigns->List(admin).size() == 2u);
  auto campaign = *campaigns->Get(admin, solar);
  BOOST_TEST(campaign->name == "Solar");
  BOOST_TEST(campaign->fields.size() == 3u);
  BOOST_TEST(campaign->statuses.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_campaign_outside_a_scoped_tokens_campaign_is_404_before_403_and_audited) {
  CheckError(campaigns->Get(scoped.principal, wind), ErrorKind::kNotFound, "not_found");
  CheckError(campaigns->Patch(scoped.principal, wind, R"({"name": "Mine"})"), ErrorKind::kNotFound, "not_found");
  CheckError(campaigns->AddField(scoped.principal, wind, R"({"slug": "phone", "type": "phone"})"), ErrorKind::kNotFound,
             "not_found");
  CheckError(campaigns->AddOption(scoped.principal, wind, "source", R"({"slug": "x"})"), ErrorKind::kNotFound,
             "not_found");
  // The same answer as for a campaign that does not exist.
  auto outside = campaigns->Get(scoped.principal, wind);
  auto absent = campaigns->Get(scoped.principal, 999);
  CheckError(absent, ErrorKind::kNotFound, "not_found");
  BOOST_TEST(outside.error().detail() == absent.error().detail());
  // Its own campaign it sees, and may not change.
  BOOST_TEST(campaigns->Get(scoped.principal, solar).has_value());
  CheckError(campaigns->Patch(scoped.principal, solar, R"({"name": "Mine"})"), ErrorKind::kNotPermitted,
             "insufficient_permission");
  // It lists only its own campaign.
  auto visible = campaigns->List(scoped.principal);
  BOOST_REQUIRE(visible.size() == 1u);
  BOOST_TEST(visible[0]->id == solar);
  // Attempts on an existing campaign are audited under the token; the absent one is not.
  auto events = AuditEvents("out_of_scope");
  BOOST_TEST(events.size() == 5u);
  for (const auto& event : events) {
    BOOST_TEST(event.actor.value_or(0) == scoped.id);
    BOOST_TEST(event.target == "campaign " + std::to_string(wind));
  }
  BOOST_TEST(campaigns->Find(wind)->name == "Wind");
}

BOOST_AUTO_TEST_CASE(an_unknown_campaign_is_404_for_an_admin_too) {
  CheckError(campaigns->Get(admin, 999), ErrorKind::kNotFound, "not_found");
  CheckError(campaigns->Patch(admin, 999, R"({"name": "x"})"), ErrorKind::kNotFound, "not_found");
  CheckError(campaigns->AddOption(admin, solar, "nope", R"({"slug": "x"})"), ErrorKind::kNotFound, "not_found");
  CheckError(campaigns->PatchField(admin, solar, "nope", R"({"label": "x"})"), ErrorKind::kNotFound, "not_found");
}

BOOST_AUTO_TEST_CASE(an_invalid_schema_is_422_and_uses_no_id) {
  CheckError(campaigns->Create(admin, R"({"name": "No statuses", "statuses": []})"), ErrorKind::kInvalid,
             "validation_failed");
  CheckError(campaigns->Create(admin, "{broken"), ErrorKind::kMalformed, "invalid_json");
  uint64_t next = NewCampaign(kWindCampaign);
  BOOST_TEST(next == wind + 1);
  // A field clashing with a select is named relative to the request's own body.
  auto clash = campaigns->AddField(admin, solar, R"({"slug": "source", "type": "text"})");
  CheckFieldError(clash, "validation_failed", "slug");
}

BOOST_AUTO_TEST_CASE(an_added_option_is_accepted_by_the_next_lead_create) {
  CheckFieldError(Create(admin, solar, LeadBody("c", "vendor-c")), "validation_failed", "source");
  auto changed = campaigns->AddOption(admin, solar, "source", R"({"slug": "vendor-c", "label": "Vendor C"})");
  BOOST_REQUIRE_MESSAGE(changed.has_value(), Why(changed));
  BOOST_TEST((*changed)->selects[0].options.size() == 3u);
  core::Lead lead = CreateLead(admin, solar, LeadBody("c", "vendor-c"));
  BOOST_TEST(lead.select_values.at("source") == "vendor-c");
  BOOST_TEST(AuditEvents("campaign_changed").size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_added_field_and_status_are_usable_at_once) {
  BOOST_REQUIRE(campaigns->AddField(admin, solar, R"({"slug": "phone", "type": "phone"})").has_value());
  auto status = campaigns->AddStatus(admin, solar, R"({"slug": "lost", "type": "lost"})");
  BOOST_REQUIRE_MESSAGE(status.has_value(), Why(status));
  core::Lead lead = CreateLead(admin, solar, R"({"field_values": {"phone": "+45 1234 5678"}, "status": "lost"})");
  BOOST_TEST(lead.status == "lost");
  BOOST_TEST(lead.field_values.count("phone") == 1u);
  // The default status stays the default.
  BOOST_TEST(CreateLead(admin, solar, LeadBody("d")).status == "new");
}

BOOST_AUTO_TEST_CASE(a_new_default_status_takes_over_from_the_old_one) {
  auto changed = campaigns->AddStatus(admin, solar, R"({"slug": "fresh", "default": true})");
  BOOST_REQUIRE_MESSAGE(changed.has_value(), Why(changed));
  size_t defaults = 0;
  for (const auto& s : (*changed)->statuses) defaults += s.is_default;
  BOOST_TEST(defaults == 1u);
  BOOST_TEST(CreateLead(admin, solar, LeadBody("d")).status == "fresh");
}

BOOST_AUTO_TEST_CASE(a_duplicate_rule_added_later_finds_the_leads_already_stored) {
  core::Lead first = CreateLead(admin, solar, R"({"field_values": {"email": "jane@example.com"}})");
  auto changed = campaigns->Patch(
      admin, solar, R"({"duplicate_rules": [{"fields": ["email"], "window_seconds": 3600, "action": "reject"}]})");
  BOOST_REQUIRE_MESSAGE(changed.has_value(), Why(changed));
  BOOST_TEST((*changed)->duplicate_rules.size() == 1u);
  auto copy = Create(admin, solar, R"({"field_values": {"email": "JANE@example.com"}})");
  CheckError(copy, ErrorKind::kConflict, "duplicate_lead");
  BOOST_TEST((copy.error().members() == std::vector<std::pair<std::string, uint64_t>>{{"doublet_of", first.id}}));
  // Rules go again with an empty list.
  BOOST_REQUIRE(campaigns->Patch(admin, solar, R"({"duplicate_rules": []})").has_value());
  BOOST_TEST(Create(admin, solar, R"({"field_values": {"email": "jane@example.com"}})").has_value());
}

BOOST_AUTO_TEST_CASE(a_status_made_the_default_takes_over_for_new_leads) {
  auto changed = campaigns->PatchStatus(admin, solar, "contacted", R"({"default": true, "label": "Reached"})");
  BOOST_REQUIRE_MESSAGE(changed.has_value(), Why(changed));
  for (const auto& status : (*changed)->statuses) {
    BOOST_TEST_CONTEXT(status.slug) { BOOST_TEST(status.is_default == (status.slug == "contacted")); }
  }
  BOOST_TEST((*changed)->FindStatus("contacted")->label == "Reached");
  BOOST_TEST(CreateLead(admin, solar, LeadBody("m")).status == "contacted");
  BOOST_TEST(AuditEvents("campaign_changed").size() == 1u);
  Reopen();
  BOOST_TEST(CreateLead(admin, solar, LeadBody("n")).status == "contacted");
}

BOOST_AUTO_TEST_CASE(a_status_patch_keeps_one_default_and_its_slug) {
  CheckFieldError(campaigns->PatchStatus(admin, solar, "new", R"({"default": false})"), "validation_failed", "default");
  CheckFieldError(campaigns->PatchStatus(admin, solar, "won", R"({"slug": "closed"})"), "validation_failed", "slug");
  CheckFieldError(campaigns->PatchStatus(admin, solar, "won", R"({"type": "sold"})"), "validation_failed", "type");
  CheckError(campaigns->PatchStatus(admin, solar, "nope", R"({"label": "x"})"), ErrorKind::kNotFound, "not_found");
  Minted writer = Mint("writer", "read_write");
  CheckError(campaigns->PatchStatus(writer.principal, solar, "won", R"({"default": true})"), ErrorKind::kNotPermitted,
             "insufficient_permission");
  // Nothing changed: "new" is still the only default.
  auto campaign = *campaigns->Get(admin, solar);
  BOOST_TEST(campaign->FindStatus("new")->is_default);
  BOOST_TEST(!campaign->FindStatus("won")->is_default);
  BOOST_TEST(campaign->FindStatus("won")->slug == "won");
}

BOOST_AUTO_TEST_CASE(schemas_survive_a_restart) {
  BOOST_REQUIRE(campaigns->Patch(admin, solar, R"({"name": "Solar panels"})").has_value());
  BOOST_REQUIRE(campaigns->AddOption(admin, solar, "source", R"({"slug": "vendor-c"})").has_value());
  Reopen();
  auto campaign = campaigns->Get(admin, solar);
  BOOST_REQUIRE(campaign.has_value());
  BOOST_TEST((*campaign)->name == "Solar panels");
  BOOST_TEST((*campaign)->selects[0].options.size() == 3u);
  BOOST_TEST(campaigns->List(admin).size() == 2u);
  BOOST_TEST(NewCampaign(kWindCampaign) == wind + 1);  // ids keep counting
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(campaign_versions)

// Compiled filters are cached per campaign version, so two changes in one millisecond must not
// share one.
BOOST_FIXTURE_TEST_CASE(every_schema_change_gets_a_new_version_even_within_a_millisecond, World) {
  int64_t previous = (*campaigns->Get(admin, solar))->updated_at;
  for (int i = 0; i < 20; ++i) {
    auto changed = campaigns->AddOption(admin, solar, "source", R"({"slug": "v)" + std::to_string(i) + R"("})");
    BOOST_REQUIRE(changed.has_value());
    BOOST_TEST((*changed)->updated_at > previous);
    previous = (*changed)->updated_at;
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace campaign_service_test
