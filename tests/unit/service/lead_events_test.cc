// Lead events (the webhooks' outbox): written in the batch of the change that causes them, only
// for a campaign that wants them, in the sync feed's order; a status change is an update and a
// status change; a deletion leaves lead.deleted alone, without personal data, and takes the
// lead's earlier events with it.

#include "service/lead_events.h"

#include <boost/test/unit_test.hpp>
#include <limits>
#include <string>
#include <vector>

#include "core/tombstone.h"
#include "store/integrity_check.h"
#include "tests/unit/service/service_fixture.h"

namespace lg::service_test::lead_events_test {
namespace {

struct Seen {
  std::string type;
  uint64_t lead_id = 0;
  int64_t stamp = 0;
  std::string lead_json;
  std::optional<std::string> status_from;
};

struct LeadEventsFixture : ServiceFixture {
  LeadEventsFixture() { campaign = NewCampaign(); }

  std::vector<Seen> Events(uint64_t id) {
    std::vector<Seen> out;
    auto scanned = services->lead_event_repo.Scan(
        id, nullptr, std::numeric_limits<int64_t>::max(),
        [&](const store::keys::LeadEventPosition& position, std::string_view payload) {
          auto event = service::DecodeLeadEvent(id, position, payload);
          BOOST_REQUIRE_MESSAGE(event.has_value(), Why(event));
          out.push_back({std::string(*service::LeadEventType(position.kind)), position.lead_id, position.stamp,
                         event->lead_json, event->status_from});
          return true;
        });
    BOOST_REQUIRE_MESSAGE(scanned.ok(), Describe(scanned));
    return out;
  }

  uint64_t campaign = 0;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(lead_events, LeadEventsFixture)

BOOST_AUTO_TEST_CASE(a_campaign_that_wants_no_events_gets_none) {
  core::Lead lead = CreateLead(admin, campaign, LeadBody("QUIET", "vendor-a"));
  BOOST_REQUIRE(
      leads->Patch(admin, core::CampaignId(campaign), core::LeadId(lead.id), R"({"status": "contacted"})").has_value());
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(lead.id)).ok());
  BOOST_TEST(Events(campaign).empty());
}

BOOST_AUTO_TEST_CASE(creates_updates_and_status_changes_are_events_at_their_feed_position) {
  services->lead_events.SetWanted(campaign, true);
  core::Lead lead = CreateLead(admin, campaign, LeadBody("FIRST", "vendor-a"));
  auto patched = leads->Patch(admin, core::CampaignId(campaign), core::LeadId(lead.id),
                              R"({"field_values": {"note": "called once"}})");
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  auto status = leads->Patch(admin, core::CampaignId(campaign), core::LeadId(lead.id), R"({"status": "contacted"})");
  BOOST_REQUIRE_MESSAGE(status.has_value(), Why(status));
  const core::Lead after_note = *core::DecodeLead(*patched);
  const core::Lead after_status = *core::DecodeLead(*status);

  std::vector<Seen> events = Events(campaign);
  BOOST_REQUIRE_EQUAL(events.size(), 4u);
  BOOST_TEST(events[0].type == "lead.created");
  BOOST_TEST(events[0].stamp == lead.updated_at);
  BOOST_TEST(core::DecodeLead(events[0].lead_json)->field_values.at("marker") == "\"FIRST\"");
  BOOST_TEST(events[1].type == "lead.updated");
  BOOST_TEST(events[1].stamp == after_note.updated_at);
  BOOST_TEST(events[1].lead_json.find("called once") != std::string::npos);
  BOOST_TEST(events[2].type == "lead.updated");
  BOOST_TEST(events[3].type == "lead.status_changed");
  BOOST_TEST(events[3].stamp == after_status.updated_at);
  BOOST_TEST(events[3].status_from.value_or("") == "new");
  BOOST_TEST(core::DecodeLead(events[3].lead_json)->status == "contacted");
  for (const auto& event : events) BOOST_TEST(event.lead_id == lead.id);

  // A bulk create: an event per lead it stored.
  auto bulk = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson,
                                LeadBody("B1", "vendor-b") + "\n" + LeadBody("B2", "vendor-a") + "\n", std::nullopt);
  BOOST_REQUIRE_MESSAGE(bulk.has_value(), Why(bulk));
  events = Events(campaign);
  BOOST_REQUIRE_EQUAL(events.size(), 6u);
  size_t created = 0;
  for (const auto& event : events) created += event.type == "lead.created" && event.lead_id != lead.id;
  BOOST_TEST(created == 2u);
  // In the sync feed's order.
  for (size_t i = 1; i < events.size(); ++i) BOOST_TEST(events[i - 1].stamp <= events[i].stamp);
}

BOOST_AUTO_TEST_CASE(a_deletion_leaves_only_lead_deleted_without_personal_data) {
  services->lead_events.SetWanted(campaign, true);
  core::Lead gone = CreateLead(admin, campaign, LeadBody("ERASE-ME", "vendor-a"));
  core::Lead kept = CreateLead(admin, campaign, LeadBody("KEEP-ME", "vendor-b"));
  BOOST_REQUIRE(
      leads->Patch(admin, core::CampaignId(campaign), core::LeadId(gone.id), R"({"status": "won"})").has_value());
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(gone.id)).ok());

  std::vector<Seen> events = Events(campaign);
  BOOST_REQUIRE_EQUAL(events.size(), 2u);
  // Same millisecond: in lead id order.
  const Seen& deleted = events[0].lead_id == gone.id ? events[0] : events[1];
  const Seen& created = events[0].lead_id == gone.id ? events[1] : events[0];
  BOOST_TEST(created.type == "lead.created");
  BOOST_TEST(created.lead_id == kept.id);
  BOOST_TEST(deleted.type == "lead.deleted");
  BOOST_TEST(deleted.lead_id == gone.id);
  BOOST_TEST(deleted.lead_json.find("ERASE-ME") == std::string::npos, deleted.lead_json);
  auto tombstone = core::DecodeTombstone(deleted.lead_json);
  BOOST_REQUIRE(tombstone.has_value());
  BOOST_TEST(tombstone->lead.id == gone.id);
  BOOST_TEST(tombstone->deleted_at == deleted.stamp);
  auto report = store::CheckIntegrity(*db);
  BOOST_TEST(report.ok(), report.Describe());
}

BOOST_AUTO_TEST_CASE(a_campaign_that_stops_wanting_events_gets_no_more_and_old_ones_can_be_dropped) {
  services->lead_events.SetWanted(campaign, true);
  core::Lead first = CreateLead(admin, campaign, LeadBody("ONE", "vendor-a"));
  services->lead_events.SetWanted(campaign, false);
  CreateLead(admin, campaign, LeadBody("TWO", "vendor-a"));
  BOOST_REQUIRE_EQUAL(Events(campaign).size(), 1u);
  auto dropped = services->lead_event_repo.DropBefore(campaign, first.updated_at + 1, 100);
  BOOST_REQUIRE(dropped.has_value());
  BOOST_TEST(*dropped == 1u);
  BOOST_TEST(Events(campaign).empty());
  // The by-lead key went too: deleting the lead finds nothing left to delete.
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(first.id)).ok());
  auto report = store::CheckIntegrity(*db);
  BOOST_TEST(report.ok(), report.Describe());
}

BOOST_AUTO_TEST_CASE(the_integrity_check_finds_an_event_that_outlived_its_lead_or_lost_its_partner) {
  services->lead_events.SetWanted(campaign, true);
  core::Lead lead = CreateLead(admin, campaign, LeadBody("GHOST", "vendor-a"));
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(lead.id)).ok());
  store::WriteUnit unit(*db);
  store::LeadEventRepo::Add(unit, campaign, {lead.updated_at, lead.id, 2}, R"({"lead": {}})");
  BOOST_REQUIRE(db->Commit(unit).ok());
  auto report = store::CheckIntegrity(*db);
  BOOST_TEST(report.bad_lead_events == 1u, report.Describe());  // the update outlived the lead
  store::WriteUnit orphan(*db);
  orphan.Put(store::Cf::kEvents, store::keys::LeadEventByLead(campaign, {1, lead.id, 1}), {});
  BOOST_REQUIRE(db->Commit(orphan).ok());
  report = store::CheckIntegrity(*db);
  BOOST_TEST(report.bad_lead_events == 2u, report.Describe());  // and a by-lead key without its event
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lg::service_test::lead_events_test
