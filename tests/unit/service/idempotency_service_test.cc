// Idempotency-Key handling, through LeadService's creates and on IdempotencyService itself: a
// retry with the same key and body gets the first answer back (replayed) and creates nothing;
// the same key for another request is 422; a failed request stores nothing; keys belong to their
// token; a key in flight is 409; records older than the retention count as absent and the sweep
// deletes them.

#include "service/idempotency_service.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/write_unit.h"
#include "tests/support/must.h"
#include "tests/unit/service/service_fixture.h"

namespace idempotency_service_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;
using service::IdempotencyService;
using service::IdempotentRequest;

namespace {

struct World : ServiceFixture {
  explicit World(ServiceOptions options = {}) : ServiceFixture(options) {}
  uint64_t campaign = NewCampaign();
  std::string path = "/v2/campaigns/" + std::to_string(campaign) + "/leads";
  std::string bulk_path = path + "/bulk";

  IdempotentRequest Key(std::string_view key) const { return IdempotentRequest{key, "POST", path}; }
  IdempotentRequest BulkKey(std::string_view key) const { return IdempotentRequest{key, "POST", bulk_path}; }
};

// Records expire after 150 ms.
struct ShortRetention : World {
  static ServiceOptions Options() {
    ServiceOptions options;
    options.idempotency_retention = std::chrono::milliseconds(150);
    return options;
  }
  ShortRetention() : World(Options()) {}
};

// Bulk creates commit in batches of two leads.
struct SmallBatches : World {
  static ServiceOptions Options() {
    ServiceOptions options;
    options.leads.bulk_batch_size = 2;
    return options;
  }
  SmallBatches() : World(Options()) {}
};

void CheckReplayOf(const core::Result<service::CreatedLead>& replay, const service::CreatedLead& original) {
  BOOST_REQUIRE_MESSAGE(replay.has_value(), Why(replay));
  BOOST_TEST(replay->replayed);
  BOOST_TEST(replay->location == original.location);
  BOOST_TEST(replay->json == original.json);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(idempotent_creates, World)

BOOST_AUTO_TEST_CASE(a_retry_with_the_same_key_and_body_replays_the_first_answer_and_creates_nothing) {
  const std::string body = LeadBody("once");
  auto first = Create(admin, campaign, body, Key("order-1"));
  BOOST_REQUIRE_MESSAGE(first.has_value(), Why(first));
  BOOST_TEST(!first->replayed);
  for (int i = 0; i < 3; ++i) CheckReplayOf(Create(admin, campaign, body, Key("order-1")), *first);
  BOOST_TEST(CountLeads(campaign) == 1u);
  // The stored lead is the one the answer names.
  BOOST_TEST(*leads->Get(admin, core::CampaignId(campaign), core::LeadId(core::DecodeLead(first->json)->id)) ==
             first->json);
}

BOOST_AUTO_TEST_CASE(the_first_answer_is_replayed_after_a_restart) {
  const std::string body = LeadBody("durable");
  auto first = Create(admin, campaign, body, Key("persist"));
  BOOST_REQUIRE(first.has_value());
  Reopen();
  CheckReplayOf(Create(admin, campaign, body, Key("persist")), *first);
  BOOST_TEST(CountLeads(campaign) == 1u);
}

BOOST_AUTO_TEST_CASE(the_same_key_with_another_body_or_path_is_422_idempotency_key_reused) {
  auto first = Create(admin, campaign, LeadBody("a"), Key("k1"));
  BOOST_REQUIRE(first.has_value());
  CheckError(Create(admin, campaign, LeadBody("b"), Key("k1")), ErrorKind::kInvalid, "idempotency_key_reused");
  // The same body on another path is another request too.
  CheckError(Create(admin, campaign, LeadBody("a"), IdempotentRequest{"k1", "POST", "/v2/leads"}), ErrorKind::kInvalid,
             "idempotency_key_reused");
  BOOST_TEST(CountLeads(campaign) == 1u);
  // The original is still replayed.
  CheckReplayOf(Create(admin, campaign, LeadBody("a"), Key("k1")), *first);
}

BOOST_AUTO_TEST_CASE(a_failed_request_stores_nothing_so_the_key_can_be_used_again) {
  CheckError(Create(admin, campaign, R"({"field_values": {"email": "nope"}})", Key("fix-me")), ErrorKind::kInvalid,
             "validation_failed");
  // Corrected and sent again under the same key: created, not refused as a reuse.
  auto fixed = Create(admin, campaign, LeadBody("fixed"), Key("fix-me"));
  BOOST_REQUIRE_MESSAGE(fixed.has_value(), Why(fixed));
  BOOST_TEST(!fixed->replayed);

  // A refused create of a read token leaves the key free as well: the same answer, not a replay.
  Minted reader = Mint("reader", "read");
  for (int i = 0; i < 2; ++i) {
    CheckError(Create(reader.principal, campaign, LeadBody("r"), Key("r1")), ErrorKind::kNotPermitted,
               "insufficient_permission");
  }
  // And one outside the token's scope.
  uint64_t filter = NewFilter(campaign, EqFilter("A", "source", "vendor-a"));
  Minted vendor = Mint("vendor", "read_write", std::nullopt, filter);
  CheckError(Create(vendor.principal, campaign, LeadBody("s", "vendor-b"), Key("scope")), ErrorKind::kInvalid,
             "validation_failed");
  auto in_scope = Create(vendor.principal, campaign, LeadBody("s", "vendor-a"), Key("scope"));
  BOOST_REQUIRE_MESSAGE(in_scope.has_value(), Why(in_scope));
  BOOST_TEST(!in_scope->replayed);
  BOOST_TEST(CountLeads(campaign) == 2u);
}

BOOST_AUTO_TEST_CASE(keys_belong_to_their_token) {
  Minted other = Mint("other", "read_write");
  const std::string body = LeadBody("x");
  auto mine = Create(admin, campaign, body, Key("shared"));
  auto theirs = Create(other.principal, campaign, body, Key("shared"));
  BOOST_REQUIRE(mine.has_value());
  BOOST_REQUIRE(theirs.has_value());
  BOOST_TEST(!theirs->replayed);
  BOOST_TEST(mine->location != theirs->location);
  // Another body under the key is fine for the other token, which never used it.
  Minted third = Mint("third", "read_write");
  auto different = Create(third.principal, campaign, LeadBody("y"), Key("shared"));
  BOOST_REQUIRE(different.has_value());
  BOOST_TEST(!different->replayed);
  BOOST_TEST(CountLeads(campaign) == 3u);
}

BOOST_AUTO_TEST_CASE(requests_racing_under_one_key_create_once) {
  // Each thread drives its own io_context, as the server's reactors do.
  constexpr int kThreads = 6;
  const std::string body = LeadBody("race");
  std::vector<std::optional<core::Result<service::CreatedLead>>> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      boost::asio::io_context ioc;
      boost::asio::co_spawn(
          ioc,
          [&]() -> boost::asio::awaitable<void> {
            results[i].emplace(co_await leads->Create(admin, campaign, body, Key("race")));
          },
          boost::asio::detached);
      ioc.run();
    });
  }
  for (auto& t : threads) t.join();
  int fresh = 0, replayed = 0, in_flight = 0;
  std::set<std::string> locations;
  for (const auto& result : results) {
    BOOST_REQUIRE(result.has_value());
    if (result->has_value()) {
      ((*result)->replayed ? replayed : fresh) += 1;
      locations.insert((*result)->location);
    } else {
      CheckError(*result, ErrorKind::kConflict, "idempotency_key_in_flight");
      ++in_flight;
    }
  }
  BOOST_TEST_MESSAGE("fresh " << fresh << ", replayed " << replayed << ", in flight " << in_flight);
  BOOST_TEST(fresh == 1);
  BOOST_TEST(locations.size() == 1u);  // every replay names the one lead
  BOOST_TEST(CountLeads(campaign) == 1u);
}

BOOST_AUTO_TEST_CASE(an_empty_or_256_character_key_is_400_invalid_idempotency_key) {
  const std::string too_long(256, 'k'), longest(255, 'k');
  CheckError(Create(admin, campaign, LeadBody("x"), Key("")), ErrorKind::kMalformed, "invalid_idempotency_key");
  CheckError(Create(admin, campaign, LeadBody("x"), Key(too_long)), ErrorKind::kMalformed, "invalid_idempotency_key");
  CheckError(leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, "[]", BulkKey("")), ErrorKind::kMalformed,
             "invalid_idempotency_key");
  CheckError(leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, "[]", BulkKey(too_long)),
             ErrorKind::kMalformed, "invalid_idempotency_key");
  BOOST_TEST(CountLeads(campaign) == 0u);
  auto created = Create(admin, campaign, LeadBody("x"), Key(longest));
  BOOST_REQUIRE_MESSAGE(created.has_value(), Why(created));
  BOOST_TEST(!created->replayed);
  BOOST_TEST(IdempotencyService::ValidateKey(longest).ok());
  BOOST_TEST(!IdempotencyService::ValidateKey(too_long).ok());
}

BOOST_AUTO_TEST_CASE(a_bulk_retry_replays_its_body_and_creates_nothing) {
  const std::string body = "[" + LeadBody("b1") + R"(, {"field_values": {"email": "nope"}}, )" + LeadBody("b2") + "]";
  auto first = leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, body, BulkKey("batch-7"));
  BOOST_REQUIRE_MESSAGE(first.has_value(), Why(first));
  BOOST_TEST(!first->replayed);
  BOOST_TEST(first->counts.created == 2u);
  BOOST_TEST(first->body.find(R"("created":2)") != std::string::npos);
  for (int i = 0; i < 2; ++i) {
    auto retry = leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, body, BulkKey("batch-7"));
    BOOST_REQUIRE_MESSAGE(retry.has_value(), Why(retry));
    BOOST_TEST(retry->replayed);
    BOOST_TEST(retry->body == first->body);
  }
  CheckError(
      leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, "[" + LeadBody("b3") + "]", BulkKey("batch-7")),
      ErrorKind::kInvalid, "idempotency_key_reused");
  BOOST_TEST(CountLeads(campaign) == 2u);
}

BOOST_AUTO_TEST_CASE(a_refused_bulk_stores_nothing_under_its_key) {
  CheckError(leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, "{}", BulkKey("bulk-fix")),
             ErrorKind::kMalformed, "invalid_json");
  auto fixed =
      leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, "[" + LeadBody("ok") + "]", BulkKey("bulk-fix"));
  BOOST_REQUIRE_MESSAGE(fixed.has_value(), Why(fixed));
  BOOST_TEST(!fixed->replayed);
  BOOST_TEST(fixed->counts.created == 1u);
}

BOOST_AUTO_TEST_CASE(an_empty_bulk_with_a_key_is_replayed_too) {
  auto first = leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, "[]", BulkKey("empty"));
  BOOST_REQUIRE_MESSAGE(first.has_value(), Why(first));
  BOOST_TEST(!first->replayed);
  auto retry = leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, "[]", BulkKey("empty"));
  BOOST_REQUIRE_MESSAGE(retry.has_value(), Why(retry));
  BOOST_TEST(retry->replayed);
  BOOST_TEST(retry->body == first->body);
}

BOOST_AUTO_TEST_CASE(a_single_and_a_bulk_create_under_one_key_are_different_requests) {
  auto single = Create(admin, campaign, "[]", Key("mixed"));  // not a lead: refused, nothing stored
  CheckError(single, ErrorKind::kMalformed, "invalid_json");
  auto bulk = leads->CreateBulk(admin, campaign, core::BulkFormat::kJsonArray, "[]", BulkKey("mixed"));
  BOOST_REQUIRE(bulk.has_value());
  CheckError(Create(admin, campaign, "[]", Key("mixed")), ErrorKind::kInvalid, "idempotency_key_reused");
}

BOOST_FIXTURE_TEST_CASE(after_the_retention_window_the_key_creates_anew, ShortRetention) {
  auto first = Create(admin, campaign, LeadBody("old"), Key("window"));
  BOOST_REQUIRE(first.has_value());
  std::this_thread::sleep_for(options().idempotency_retention + std::chrono::milliseconds(20));
  // Expired: as good as absent, so neither a replay nor a reuse.
  auto other_body = Create(admin, campaign, LeadBody("new"), Key("window"));
  BOOST_REQUIRE_MESSAGE(other_body.has_value(), Why(other_body));
  BOOST_TEST(!other_body->replayed);
  BOOST_TEST(other_body->location != first->location);
  BOOST_TEST(CountLeads(campaign) == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_bulk_of_several_batches_is_replayed_whole, SmallBatches) {
  std::string body;
  for (int i = 0; i < 5; ++i) body += LeadBody("n" + std::to_string(i)) + "\n";
  auto first = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, body, BulkKey("multi"));
  BOOST_REQUIRE_MESSAGE(first.has_value(), Why(first));
  BOOST_TEST(first->counts.created == 5u);
  auto retry = leads->CreateBulk(admin, campaign, core::BulkFormat::kNdjson, body, BulkKey("multi"));
  BOOST_REQUIRE_MESSAGE(retry.has_value(), Why(retry));
  BOOST_TEST(retry->replayed);
  BOOST_TEST(retry->body == first->body);
  BOOST_TEST(CountLeads(campaign) == 5u);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------

namespace {

// IdempotencyService on its own over the fixture's store, with a retention of an hour (its
// sweep thread then stays idle for a minute, so the tests' own sweeps are the only ones).
struct Direct : ServiceFixture {
  store::IdempotencyRepo& repo = services->idempotency_repo;
  IdempotencyService idem{repo, std::chrono::hours(1)};

  // Runs a request to its end under `key` and stores `response` the way a create does.
  void Complete(uint64_t token_id, const IdempotentRequest& request, std::string_view body,
                const service::StoredResponse& response) {
    auto start = idem.Begin(token_id, request, body);
    BOOST_REQUIRE_MESSAGE(start.has_value(), Why(start));
    BOOST_REQUIRE(start->claim);
    store::WriteUnit unit(*db);
    start->claim->AddTo(unit, response);
    BOOST_REQUIRE(db->Commit(unit).ok());
  }

  // Every stored record's expiry entry.
  std::vector<store::IdempotencyRepo::Expiry> Entries() const {
    return test::Must(repo.CreatedBefore(std::numeric_limits<int64_t>::max(), 1000));
  }

  // Makes every stored record `age` older than it is, as if written that long ago: the record
  // and its expiry entry are replaced by back-dated ones.
  void Age(std::chrono::milliseconds age) {
    for (const auto& entry : Entries()) {
      auto record = test::Must(repo.Get(entry.token_id, entry.digest));
      BOOST_REQUIRE(record.has_value());
      BOOST_REQUIRE(repo.Delete({entry}).ok());
      record->created_at -= age.count();
      BOOST_REQUIRE(repo.Put(entry.token_id, entry.digest, *record).ok());
    }
  }
};

const IdempotentRequest kRequest{"key-1", "POST", "/v2/campaigns/1/leads"};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(idempotency_service, Direct)

BOOST_AUTO_TEST_CASE(a_key_whose_claim_is_held_answers_409_in_flight) {
  auto first = idem.Begin(7, kRequest, "body");
  BOOST_REQUIRE(first.has_value());
  BOOST_REQUIRE(first->claim);
  BOOST_TEST(!first->replay.has_value());
  CheckError(idem.Begin(7, kRequest, "body"), ErrorKind::kConflict, "idempotency_key_in_flight");
  // Another request under the key in flight is a reuse, whatever the first one's outcome.
  CheckError(idem.Begin(7, kRequest, "other body"), ErrorKind::kInvalid, "idempotency_key_reused");
  // Another token's key of the same text is its own.
  auto other_token = idem.Begin(8, kRequest, "body");
  BOOST_REQUIRE(other_token.has_value());
  BOOST_TEST((other_token->claim != nullptr));
  // Released without a stored answer (the request failed): the key is free for any request.
  first->claim.reset();
  auto again = idem.Begin(7, kRequest, "other body");
  BOOST_REQUIRE_MESSAGE(again.has_value(), Why(again));
  BOOST_TEST((again->claim != nullptr));
  BOOST_TEST(Entries().empty());
}

BOOST_AUTO_TEST_CASE(a_stored_answer_is_replayed_to_the_same_request_only) {
  Complete(7, kRequest, "body", service::StoredResponse{201, "/v2/campaigns/1/leads/9", R"({"id":9})"});
  auto replay = idem.Begin(7, kRequest, "body");
  BOOST_REQUIRE_MESSAGE(replay.has_value(), Why(replay));
  BOOST_REQUIRE(replay->replay.has_value());
  BOOST_TEST(!replay->claim);
  BOOST_TEST(replay->replay->status == 201);
  BOOST_TEST(replay->replay->location == "/v2/campaigns/1/leads/9");
  BOOST_TEST(replay->replay->body == R"({"id":9})");
  CheckError(idem.Begin(7, kRequest, "body2"), ErrorKind::kInvalid, "idempotency_key_reused");
  CheckError(idem.Begin(7, IdempotentRequest{"key-1", "PUT", kRequest.path}, "body"), ErrorKind::kInvalid,
             "idempotency_key_reused");
  // Only a digest of the key is kept.
  auto entries = Entries();
  BOOST_REQUIRE(entries.size() == 1u);
  BOOST_TEST(entries[0].token_id == 7u);
  BOOST_TEST(entries[0].digest.find("key-1") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(records_older_than_the_retention_count_as_absent_and_the_sweep_deletes_them) {
  Complete(7, kRequest, "old", service::StoredResponse{201, "/a", "{}"});
  Complete(8, kRequest, "old", service::StoredResponse{201, "/b", "{}"});
  Age(std::chrono::hours(1) + std::chrono::milliseconds(1));
  Complete(9, kRequest, "fresh", service::StoredResponse{201, "/c", "{}"});
  BOOST_REQUIRE(Entries().size() == 3u);

  // Expired: not replayed, and not a reuse either for another body.
  {
    auto start = idem.Begin(7, kRequest, "another body");
    BOOST_REQUIRE_MESSAGE(start.has_value(), Why(start));
    BOOST_TEST(!start->replay.has_value());
    BOOST_TEST((start->claim != nullptr));
  }
  {
    auto start = idem.Begin(8, kRequest, "old");
    BOOST_REQUIRE(start.has_value());
    BOOST_TEST(!start->replay.has_value());
  }

  BOOST_TEST(idem.SweepExpired() == 2u);
  auto left = Entries();
  BOOST_REQUIRE(left.size() == 1u);
  BOOST_TEST(left[0].token_id == 9u);
  const std::string digest = left[0].digest;  // one key text, one digest, whichever the token
  BOOST_TEST(!test::Must(repo.Get(7, digest)).has_value());
  BOOST_TEST(!test::Must(repo.Get(8, digest)).has_value());
  BOOST_TEST(test::Must(repo.Get(9, digest)).has_value());
  // The fresh one is still replayed; a second sweep finds nothing more.
  auto fresh = idem.Begin(9, kRequest, "fresh");
  BOOST_REQUIRE(fresh.has_value());
  BOOST_TEST(fresh->replay.has_value());
  BOOST_TEST(idem.SweepExpired() == 0u);
}

BOOST_AUTO_TEST_CASE(in_a_cluster_the_sweep_waits_until_the_applied_commands_are_past_the_window) {
  Complete(7, kRequest, "old", service::StoredResponse{201, "/a", "{}"});
  Age(std::chrono::hours(2));
  // The node's applier is behind: its last command was applied when the record was still fresh,
  // and a command applied later may still replay it, as it would on every other node.
  int64_t applied_time = core::NowMillis() - std::chrono::milliseconds(std::chrono::hours(2)).count();
  idem.SetSweepHorizon([&] { return applied_time; });
  BOOST_TEST(idem.SweepExpired() == 0u);
  BOOST_TEST(Entries().size() == 1u);
  applied_time = core::NowMillis();
  BOOST_TEST(idem.SweepExpired() == 1u);
  BOOST_TEST(Entries().empty());
}

BOOST_AUTO_TEST_CASE(the_sweep_leaves_an_expired_key_that_is_in_flight_again) {
  Complete(7, kRequest, "old", service::StoredResponse{201, "/a", "{}"});
  Age(std::chrono::hours(2));
  auto start = idem.Begin(7, kRequest, "new");  // expired, so claimed afresh
  BOOST_REQUIRE(start.has_value());
  BOOST_REQUIRE(start->claim);
  BOOST_TEST(idem.SweepExpired() == 0u);
  BOOST_TEST(Entries().size() == 1u);
  start->claim.reset();
  BOOST_TEST(idem.SweepExpired() == 1u);
  BOOST_TEST(Entries().empty());
}

BOOST_AUTO_TEST_CASE(a_record_written_again_after_expiry_survives_the_sweep_of_its_old_entry) {
  Complete(7, kRequest, "old", service::StoredResponse{201, "/a", "{}"});
  Age(std::chrono::hours(2));
  Complete(7, kRequest, "new", service::StoredResponse{201, "/b", "{}"});
  BOOST_TEST(idem.SweepExpired() == 1u);  // the old entry goes; the record it named is newer
  auto replay = idem.Begin(7, kRequest, "new");
  BOOST_REQUIRE_MESSAGE(replay.has_value(), Why(replay));
  BOOST_REQUIRE(replay->replay.has_value());
  BOOST_TEST(replay->replay->location == "/b");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace idempotency_service_test
