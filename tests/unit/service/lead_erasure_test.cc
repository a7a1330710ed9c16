// Deleting a lead and erasing a person: what is gone (the record, its index entries, the
// Idempotency-Key record holding its body), what is left (a tombstone the sync feed shows, with
// no personal data), who may do it (scope first, then the token's flag), and that the store stays
// consistent across a restart.

#include <boost/test/unit_test.hpp>

#include "core/person_keys.h"
#include "core/sha256.h"
#include "store/integrity_check.h"
#include "tests/unit/service/service_fixture.h"

namespace lg::service_test::lead_erasure_test {
namespace {

// Two vendors, an e-mail and a phone field.
constexpr std::string_view kContactCampaign = R"({"name": "Contacts",
  "fields": [{"slug": "marker", "type": "text"}, {"slug": "email", "type": "email"},
             {"slug": "phone", "type": "phone"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}, {"slug": "vendor-b"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "won", "type": "won"}]})";

std::string ContactBody(const std::string& marker, const std::string& email, const std::string& phone,
                        const std::string& source) {
  return R"({"field_values": {"marker": ")" + marker + R"(", "email": ")" + email + R"(", "phone": ")" + phone +
         R"("}, "select_field_values": {"source": ")" + source + R"("}})";
}

struct ErasureFixture : ServiceFixture {
  ErasureFixture() {
    campaign = NewCampaign(kContactCampaign);
    filter_a = NewFilter(campaign, EqFilter("Vendor A", "source", "vendor-a"));
    filter_b = NewFilter(campaign, EqFilter("Vendor B", "source", "vendor-b"));
  }

  // The sync feed (sort=updated_at) as `principal` pages through it, two items a page.
  std::vector<std::string> Feed(const auth::Principal& principal) {
    return FeedItems(principal, core::CampaignId(campaign), 2);
  }

  static bool Mentions(const std::vector<std::string>& items, const std::string& text) {
    for (const auto& item : items) {
      if (item.find(text) != std::string::npos) return true;
    }
    return false;
  }

  // The tombstone items of the feed.
  std::vector<std::string> Tombstones(const auth::Principal& principal) {
    std::vector<std::string> out;
    for (auto& item : Feed(principal)) {
      if (item.find("\"deleted\":true") != std::string::npos) out.push_back(item);
    }
    return out;
  }

  void CheckStoreConsistent() {
    auto report = store::CheckIntegrity(*db);
    BOOST_TEST(report.ok(), report.Describe());
  }

  uint64_t campaign = 0;
  uint64_t filter_a = 0, filter_b = 0;
};

BOOST_FIXTURE_TEST_SUITE(lead_erasure, ErasureFixture)

BOOST_AUTO_TEST_CASE(a_deleted_lead_is_gone_and_the_feed_carries_its_tombstone_without_personal_data) {
  core::Lead kept = CreateLead(admin, campaign, ContactBody("KEEP", "kept@example.com", "+4511111111", "vendor-a"));
  core::Lead gone = CreateLead(admin, campaign, ContactBody("GONE", "gone@example.com", "+4522222222", "vendor-a"));

  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(gone.id)).ok());

  CheckError(leads->Get(admin, core::CampaignId(campaign), core::LeadId(gone.id)), core::ErrorKind::kNotFound,
             "not_found");
  CheckError(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(gone.id)), core::ErrorKind::kNotFound,
             "not_found");
  auto listed = IdsOf(ListAll(admin, campaign));
  BOOST_TEST(listed == std::vector<uint64_t>{kept.id});

  auto tombstones = Tombstones(admin);
  BOOST_REQUIRE_EQUAL(tombstones.size(), 1u);
  const std::string& tombstone = tombstones.front();
  BOOST_TEST(tombstone.find("\"id\":" + std::to_string(gone.id)) != std::string::npos, tombstone);
  BOOST_TEST(tombstone.find("\"deleted_at\":") != std::string::npos, tombstone);
  for (const char* personal : {"GONE", "gone@example.com", "22222222", "\"field_values\"", "created_by"}) {
    BOOST_TEST(tombstone.find(personal) == std::string::npos, personal << " in " << tombstone);
  }
  // The tombstone comes after the kept lead's creation: the deletion is the newest change.
  auto feed = Feed(admin);
  BOOST_REQUIRE_EQUAL(feed.size(), 2u);
  BOOST_TEST(feed.back() == tombstone);

  // The person index no longer leads to it.
  auto found = lead_repo->FindPerson(campaign, *core::EmailPersonKey("gone@example.com"));
  BOOST_REQUIRE(found.has_value());
  BOOST_TEST(found->empty());
  CheckStoreConsistent();

  // After a restart: still gone, the tombstone still in the feed, and no new lead takes its id.
  Reopen();
  BOOST_TEST(!leads->Get(admin, core::CampaignId(campaign), core::LeadId(gone.id)).has_value());
  BOOST_TEST(Tombstones(admin) == tombstones);
  core::Lead next = CreateLead(admin, campaign, ContactBody("NEXT", "next@example.com", "+4533333333", "vendor-a"));
  BOOST_TEST(next.id > gone.id);
  CheckStoreConsistent();
}

// A tombstone keeps no field values, so a filter on a field cannot be judged on it: the tokens
// told of a deletion are those whose filter held the lead when it was deleted.
BOOST_AUTO_TEST_CASE(a_deletion_is_told_to_the_tokens_whose_filter_held_the_lead_and_no_other) {
  uint64_t with_email = NewFilter(campaign, R"({"name": "with", "match": "all",
      "conditions": [{"field": "email", "op": "not_empty"}]})");
  uint64_t without_email = NewFilter(campaign, R"({"name": "without", "match": "all",
      "conditions": [{"field": "email", "op": "empty"}]})");
  Minted holder = Mint("holder", "read", std::nullopt, with_email);
  Minted other = Mint("other", "read", std::nullopt, without_email);
  core::Lead lead = CreateLead(admin, campaign, ContactBody("L", "l@example.com", "+4512341234", "vendor-a"));
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(lead.id)).ok());

  auto told = Tombstones(holder.principal);
  BOOST_REQUIRE_EQUAL(told.size(), 1u);
  BOOST_TEST(told.front().find("\"id\":" + std::to_string(lead.id)) != std::string::npos);
  BOOST_TEST(told.front().find("in_filters") == std::string::npos, told.front());
  BOOST_TEST(Tombstones(other.principal).empty());
  BOOST_TEST(Tombstones(admin).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_deleted_lead_shows_in_the_feed_once_as_its_tombstone_not_as_the_lead) {
  core::Lead lead = CreateLead(admin, campaign, ContactBody("L", "l@example.com", "+4544444444", "vendor-a"));
  WaitForClockPast(lead.updated_at);
  auto page = leads->List(admin, campaign, {{"sort", "updated_at"}, {"limit", "1"}});
  BOOST_REQUIRE(page.has_value());
  BOOST_REQUIRE_EQUAL(page->count, 1u);
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(lead.id)).ok());

  // The lead's own entry moved to the deletion time: the feed holds the tombstone only.
  auto all = Feed(admin);
  BOOST_REQUIRE_EQUAL(all.size(), 1u);
  BOOST_TEST(all.front().find("\"deleted\":true") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_idempotency_record_holding_the_leads_body_goes_with_it) {
  const std::string body = ContactBody("IDEM", "idem@example.com", "+4555555555", "vendor-a");
  service::IdempotentRequest request{"key-1", "POST", "/v2/campaigns/1/leads"};
  auto created = Create(admin, campaign, body, request);
  BOOST_REQUIRE_MESSAGE(created.has_value(), Why(created));
  const std::string digest = core::Sha256({"key-1", "\n"});  // as IdempotencyService keys records
  auto before = services->idempotency_repo.Get(admin.token_id, digest);
  BOOST_REQUIRE(before.has_value());
  BOOST_REQUIRE_MESSAGE(before->has_value(), "the create stored its answer under the key");

  auto lead = core::DecodeLead(created->json);
  BOOST_REQUIRE(lead.has_value());
  BOOST_REQUIRE(leads->Delete(admin, core::CampaignId(campaign), core::LeadId(lead->id)).ok());

  auto after = services->idempotency_repo.Get(admin.token_id, digest);
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST(!after->has_value(), "the record with the lead's body is still there");
  CheckStoreConsistent();
}

BOOST_AUTO_TEST_CASE(a_vendor_token_deletes_only_with_its_flag_and_only_its_own_leads) {
  core::Lead own = CreateLead(admin, campaign, ContactBody("A", "a@example.com", "+4566666666", "vendor-a"));
  core::Lead other = CreateLead(admin, campaign, ContactBody("B", "b@example.com", "+4577777777", "vendor-b"));
  Minted plain = Mint("vendor a", "read_write", std::nullopt, filter_a);
  Minted reader = Mint("vendor a reader", "read", std::nullopt, filter_a);
  Minted allowed = Mint(R"({"name": "vendor a cleanup", "permission": "read_write", "filter_id": )" +
                        std::to_string(filter_a) + R"(, "can_delete_leads": true})");

  // Without the flag (or with read only): 403 for its own lead, 404 for another vendor's.
  CheckError(leads->Delete(plain.principal, core::CampaignId(campaign), core::LeadId(own.id)),
             core::ErrorKind::kNotPermitted, "insufficient_permission");
  CheckError(leads->Delete(reader.principal, core::CampaignId(campaign), core::LeadId(own.id)),
             core::ErrorKind::kNotPermitted, "insufficient_permission");
  CheckError(leads->Delete(plain.principal, core::CampaignId(campaign), core::LeadId(other.id)),
             core::ErrorKind::kNotFound, "not_found");
  // With it: another vendor's lead is still a 404 and stays; its own is deleted.
  CheckError(leads->Delete(allowed.principal, core::CampaignId(campaign), core::LeadId(other.id)),
             core::ErrorKind::kNotFound, "not_found");
  BOOST_TEST(leads->Get(admin, core::CampaignId(campaign), core::LeadId(other.id)).has_value());
  BOOST_TEST(leads->Get(admin, core::CampaignId(campaign), core::LeadId(own.id)).has_value());
  BOOST_REQUIRE(leads->Delete(allowed.principal, core::CampaignId(campaign), core::LeadId(own.id)).ok());
  BOOST_TEST(!leads->Get(admin, core::CampaignId(campaign), core::LeadId(own.id)).has_value());

  // An account-level read_write token needs no flag.
  core::Lead third = CreateLead(admin, campaign, ContactBody("C", "c@example.com", "+4588888888", "vendor-b"));
  Minted internal = Mint("crm", "read_write");
  BOOST_TEST(leads->Delete(internal.principal, core::CampaignId(campaign), core::LeadId(third.id)).ok());

  // Each vendor's feed shows only its own deletions.
  BOOST_TEST(Tombstones(plain.principal).size() == 1u);
  BOOST_TEST(Mentions(Tombstones(plain.principal), "\"id\":" + std::to_string(own.id)));
  Minted vendor_b = Mint("vendor b", "read", std::nullopt, filter_b);
  auto b_tombstones = Tombstones(vendor_b.principal);
  BOOST_TEST(b_tombstones.size() == 1u);
  BOOST_TEST(Mentions(b_tombstones, "\"id\":" + std::to_string(third.id)));
  BOOST_TEST(!AuditEvents("lead_deleted").empty());
  CheckStoreConsistent();
}

BOOST_AUTO_TEST_CASE(erasing_a_person_finds_every_lead_by_email_or_phone_across_campaigns) {
  uint64_t second = NewCampaign(kContactCampaign);
  core::Lead l1 = CreateLead(admin, campaign, ContactBody("P1", "Jane.Doe@Example.com", "+4512345678", "vendor-a"));
  core::Lead l2 = CreateLead(admin, campaign, ContactBody("P2", "other@example.com", "+45 1234 5678", "vendor-b"));
  core::Lead l3 = CreateLead(admin, second, ContactBody("P3", "jane.doe@EXAMPLE.com", "+4599999999", "vendor-a"));
  core::Lead keep = CreateLead(admin, campaign, ContactBody("K", "keep@example.com", "+4500000000", "vendor-a"));

  const std::string request = R"({"email": "JANE.DOE@example.com", "phone": "+4512345678")";
  auto dry = leads->Erase(admin, request + R"(, "dry_run": true})");
  BOOST_REQUIRE_MESSAGE(dry.has_value(), Why(dry));
  BOOST_TEST(dry->dry_run);
  std::vector<uint64_t> matched;
  for (const auto& lead : dry->leads) matched.push_back(lead.lead_id);
  std::sort(matched.begin(), matched.end());
  std::vector<uint64_t> expected{l1.id, l2.id, l3.id};
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(matched == expected, boost::test_tools::per_element());
  BOOST_TEST(leads->Get(admin, core::CampaignId(campaign), core::LeadId(l1.id)).has_value(),
             "a dry run deletes nothing");

  auto erased = leads->Erase(admin, request + "}");
  BOOST_REQUIRE_MESSAGE(erased.has_value(), Why(erased));
  BOOST_TEST(!erased->dry_run);
  BOOST_TEST(erased->leads.size() == 3u);
  BOOST_TEST(!leads->Get(admin, core::CampaignId(campaign), core::LeadId(l1.id)).has_value());
  BOOST_TEST(!leads->Get(admin, core::CampaignId(campaign), core::LeadId(l2.id)).has_value());
  BOOST_TEST(!leads->Get(admin, core::CampaignId(second), core::LeadId(l3.id)).has_value());
  BOOST_TEST(leads->Get(admin, core::CampaignId(campaign), core::LeadId(keep.id)).has_value());

  // Audited by campaign and count, never by the erased values.
  auto events = AuditEvents("leads_erased");
  BOOST_TEST(events.size() == 2u);
  for (const auto& event : events) {
    BOOST_TEST(event.json.find("jane") == std::string::npos, event.json);
    BOOST_TEST(event.json.find("12345678") == std::string::npos, event.json);
  }
  // Once more: nothing left to erase.
  auto again = leads->Erase(admin, request + "}");
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(again->leads.empty());
  CheckStoreConsistent();
}

BOOST_AUTO_TEST_CASE(a_vendor_erasure_reaches_only_the_vendors_own_leads) {
  core::Lead own = CreateLead(admin, campaign, ContactBody("A", "same@example.com", "+4512121212", "vendor-a"));
  core::Lead other = CreateLead(admin, campaign, ContactBody("B", "same@example.com", "+4513131313", "vendor-b"));
  Minted plain = Mint("vendor a", "read_write", std::nullopt, filter_a);
  CheckError(leads->Erase(plain.principal, R"({"email": "same@example.com"})"), core::ErrorKind::kNotPermitted,
             "insufficient_permission");

  Minted allowed = Mint(R"({"name": "vendor a cleanup", "permission": "read_write", "filter_id": )" +
                        std::to_string(filter_a) + R"(, "can_delete_leads": true})");
  auto dry = leads->Erase(allowed.principal, R"({"email": "same@example.com", "dry_run": true})");
  BOOST_REQUIRE_MESSAGE(dry.has_value(), Why(dry));
  BOOST_REQUIRE_EQUAL(dry->leads.size(), 1u);
  BOOST_TEST(dry->leads.front().lead_id == own.id);
  auto erased = leads->Erase(allowed.principal, R"({"email": "same@example.com"})");
  BOOST_REQUIRE(erased.has_value());
  BOOST_TEST(erased->leads.size() == 1u);
  BOOST_TEST(!leads->Get(admin, core::CampaignId(campaign), core::LeadId(own.id)).has_value());
  BOOST_TEST(leads->Get(admin, core::CampaignId(campaign), core::LeadId(other.id)).has_value());
}

BOOST_AUTO_TEST_CASE(a_bad_erasure_request_is_422_naming_the_field) {
  auto missing = leads->Erase(admin, R"({"dry_run": true})");
  CheckError(missing, core::ErrorKind::kInvalid, "validation_failed");
  BOOST_TEST(test::Errors(missing.error()).find("email") != std::string::npos);
  auto bad = leads->Erase(admin, R"({"email": "not-an-address"})");
  BOOST_REQUIRE(!bad.has_value());
  BOOST_TEST(test::Errors(bad.error()).find("invalid_email") != std::string::npos, test::Errors(bad.error()));
  auto unknown = leads->Erase(admin, R"({"email": "a@example.com", "name": "Jane"})");
  BOOST_REQUIRE(!unknown.has_value());
  BOOST_TEST(test::Errors(unknown.error()).find("name") != std::string::npos);
  auto foreign = leads->Erase(admin, R"({"email": "a@example.com", "campaign_id": 999})");
  BOOST_REQUIRE(!foreign.has_value());
  BOOST_TEST((foreign.error().kind() == core::ErrorKind::kNotFound));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lg::service_test::lead_erasure_test
