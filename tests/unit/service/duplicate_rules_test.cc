// Duplicate rules through their index: the decision a create gets (409 naming the earliest
// earlier lead a reject rule matches, or doublet_of naming the earliest one a flag rule matches)
// equals a brute-force comparison with every stored lead, over random leads, status and value
// changes, rule edits and restarts; the index then passes the integrity check. A check costs the
// same whatever the number of leads sharing a value, and no create reads the store on the thread
// that awaits it.

#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/duplicate_rule.h"
#include "core/lead_json.h"
#include "core/lead_rules.h"
#include "store/integrity_check.h"
#include "tests/unit/service/service_fixture.h"

namespace duplicate_rules_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

constexpr const char* kPeople = R"({"name": "People",
  "fields": [{"slug": "email", "type": "email"}, {"slug": "phone", "type": "phone"}, {"slug": "note", "type": "text"}],
  "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}, {"slug": "c"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}, {"slug": "lost", "type": "lost"}]})";

template <typename T>
const T& Pick(std::mt19937_64& rng, const std::vector<T>& from) {
  return from[rng() % from.size()];
}

// 1-3 rules over e-mail, phone and source, any or all, short and long windows, some statuses
// ignored, flag or reject.
std::string RandomRules(std::mt19937_64& rng) {
  const std::vector<std::string> members = {"email", "phone", "source"};
  std::string out = "[";
  const int rules = 1 + static_cast<int>(rng() % 3);
  for (int r = 0; r < rules; ++r) {
    std::string fields;
    for (const auto& m : members) {
      if (rng() % 2) fields += std::string(fields.empty() ? "" : ", ") + "\"" + m + "\"";
    }
    if (fields.empty()) fields = "\"" + Pick(rng, members) + "\"";
    std::string ignored;
    for (std::string status : {"contacted", "lost"}) {
      if (rng() % 3 == 0) ignored += std::string(ignored.empty() ? "" : ", ") + "\"" + status + "\"";
    }
    const std::vector<std::string> windows = {"1", "2", "3600"};
    out += std::string(r ? ", " : "") + R"({"match": ")" + (rng() % 2 ? "all" : "any") + R"(", "fields": [)" + fields +
           R"(], "window_seconds": )" + Pick(rng, windows) + R"(, "ignore_statuses": [)" + ignored +
           R"(], "action": ")" + (rng() % 3 == 0 ? "reject" : "flag") + R"("})";
  }
  return out + "]";
}

std::string RandomLeadBody(std::mt19937_64& rng) {
  // Few values, written differently: duplicates happen, and only normalized values match.
  const std::vector<std::string> emails = {"ann@x.dk", "ANN@x.dk", "bo@x.dk", "cy@y.dk", "Cy@Y.dk"};
  const std::vector<std::string> phones = {"+45 11 22 33 44", "4511223344", "55 66 77 88", "+4555667788",
                                           "+45 99 88 77 66"};
  const std::vector<std::string> sources = {"a", "b", "c"};
  std::string fields;
  if (rng() % 5) fields += R"("email": ")" + Pick(rng, emails) + "\"";
  if (rng() % 5) fields += std::string(fields.empty() ? "" : ", ") + R"("phone": ")" + Pick(rng, phones) + "\"";
  std::string body = R"({"field_values": {)" + fields + "}";
  if (rng() % 4) body += R"(, "select_field_values": {"source": ")" + Pick(rng, sources) + "\"}";
  return body + "}";
}

// What the rules say of `lead` (its created_at set), compared with every lead in `earlier`: the
// earliest match of the first reject rule that matches, else the earliest of every flag rule.
struct Expected {
  std::optional<uint64_t> rejected_by;
  std::optional<uint64_t> doublet_of;
  bool operator==(const Expected&) const = default;
};

Expected BruteForce(const core::Campaign& campaign, const core::Lead& lead,
                    const std::map<uint64_t, core::Lead>& earlier) {
  Expected expected;
  std::optional<std::pair<int64_t, uint64_t>> flagged;
  for (const core::DuplicateRule& rule : campaign.duplicate_rules) {
    const core::DuplicateValues values = core::DuplicateValuesUnder(rule, campaign, lead);
    std::optional<std::pair<int64_t, uint64_t>> match;
    for (const auto& [id, other] : earlier) {
      if (!core::IsDuplicateUnder(rule, campaign, lead, values, other, lead.created_at)) continue;
      match = std::min(match.value_or(std::pair(other.created_at, id)), std::pair(other.created_at, id));
    }
    if (!match) continue;
    if (rule.action == core::DuplicateAction::kReject) {
      expected.rejected_by = match->second;
      return expected;
    }
    flagged = std::min(flagged.value_or(*match), *match);
  }
  if (flagged) expected.doublet_of = flagged->second;
  return expected;
}

// The lead a body makes, as the create path validates it (no id; created_at to be set).
core::Lead AsCreated(const core::Campaign& campaign, const std::string& body) {
  core::LeadInput input;
  BOOST_REQUIRE(core::ParseLeadInput(body, input).ok());
  core::Lead lead;
  lead.campaign_id = campaign.id;
  core::Status applied = core::ApplyLeadInput(campaign, input, core::LeadWrite::kCreate, lead);
  BOOST_REQUIRE_MESSAGE(applied.ok(), Describe(applied) << " for " << body);
  return lead;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(duplicate_rules)

BOOST_FIXTURE_TEST_CASE(the_indexed_check_answers_as_a_brute_force_comparison_through_edits_and_restarts,
                        ServiceFixture) {
  const uint64_t seed = std::random_device{}();
  BOOST_TEST_MESSAGE("seed " << seed);
  std::mt19937_64 rng(seed);
  const uint64_t campaign_id = NewCampaign(kPeople);
  auto set_rules = [&] {
    auto patched = campaigns->Patch(admin, campaign_id, R"({"duplicate_rules": )" + RandomRules(rng) + "}");
    BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  };
  set_rules();
  std::map<uint64_t, core::Lead> stored;  // every lead of the campaign, as last answered
  size_t created = 0, flagged = 0, rejected = 0, patches = 0, edits = 0, reopens = 0, undecided = 0;
  for (int step = 0; step < 260; ++step) {
    const int dice = static_cast<int>(rng() % 100);
    BOOST_TEST_CONTEXT("seed " << seed << ", step " << step) {
      if (dice < 70) {
        const std::string body = RandomLeadBody(rng);
        const service::CampaignPtr campaign = campaigns->Find(campaign_id);
        core::Lead lead = AsCreated(*campaign, body);
        const int64_t before = core::NowMillis();
        auto answer = Create(admin, campaign_id, body);
        const int64_t after = core::NowMillis();
        if (answer.has_value()) {
          auto made = core::DecodeLead(answer->json);
          BOOST_REQUIRE(made.has_value());
          lead.created_at = made->created_at;
          Expected expected = BruteForce(*campaign, lead, stored);
          BOOST_TEST(!expected.rejected_by.has_value());
          BOOST_TEST(made->doublet_of.value_or(0) == expected.doublet_of.value_or(0));
          flagged += made->doublet_of ? 1 : 0;
          stored.emplace(made->id, *made);
          ++created;
          continue;
        }
        CheckError(answer, ErrorKind::kConflict, "duplicate_lead");
        ++rejected;
        // The refused lead's time is not told: every moment of the call must agree.
        lead.created_at = before;
        Expected at_start = BruteForce(*campaign, lead, stored);
        lead.created_at = after;
        if (!(BruteForce(*campaign, lead, stored) == at_start)) {
          ++undecided;  // a window's edge fell inside the call
          continue;
        }
        BOOST_REQUIRE(at_start.rejected_by.has_value());
        BOOST_TEST((answer.error().members() ==
                    std::vector<std::pair<std::string, uint64_t>>{{"doublet_of", *at_start.rejected_by}}));
      } else if (dice < 85 && !stored.empty()) {
        auto it = stored.begin();
        std::advance(it, rng() % stored.size());
        const std::vector<std::string> changes = {R"({"status": "contacted"})", R"({"status": "lost"})",
                                                  R"({"status": "new"})", R"({"field_values": {"email": "bo@x.dk"}})",
                                                  R"({"field_values": {"phone": null}})"};
        auto patched = leads->Patch(admin, core::CampaignId(campaign_id), core::LeadId(it->first), Pick(rng, changes));
        BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
        it->second = *core::DecodeLead(*patched);
        ++patches;
      } else if (dice < 92) {
        set_rules();
        ++edits;
      } else if (dice < 97) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 300));
      } else {
        Reopen();
        ++reopens;
      }
    }
  }
  BOOST_TEST_MESSAGE("created " << created << " (flagged " << flagged << "), rejected " << rejected << ", patches "
                                << patches << ", rule edits " << edits << ", reopens " << reopens << ", undecided "
                                << undecided);
  BOOST_TEST(created > 40u);
  BOOST_TEST(flagged + rejected > 10u);
  BOOST_TEST(undecided < 5u);
  auto report = store::CheckIntegrity(*db);
  BOOST_TEST(report.ok(), report.Describe());
}

BOOST_FIXTURE_TEST_CASE(a_check_reads_as_much_with_thousands_of_leads_sharing_a_value_as_with_a_few, ServiceFixture) {
  // The attack: an `all` rule over e-mail and phone, and one e-mail on every lead.
  const uint64_t campaign_id = NewCampaign(R"({"name": "Hot", "fields": [{"slug": "email", "type": "email"},
      {"slug": "phone", "type": "phone"}], "statuses": [{"slug": "new", "default": true}],
      "duplicate_rules": [{"match": "all", "fields": ["email", "phone"], "window_seconds": 3600,
                           "action": "reject"}]})");
  auto lead = [](int phone) {
    return R"({"field_values": {"email": "same@x.dk", "phone": ")" + std::to_string(10000000 + phone) + "\"}}";
  };
  // What a copy of lead `phone` reads from the store to be refused, counted by RocksDB on this
  // thread (the fixture runs the check here): index entries and lead records, and their bytes.
  auto reads_of_a_refused_copy = [&](int phone) {
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableTimeExceptForMutex);
    rocksdb::get_perf_context()->Reset();
    auto refused = Create(admin, campaign_id, lead(phone));
    const auto* perf = rocksdb::get_perf_context();
    const uint64_t reads = perf->seek_on_memtable_count + perf->next_on_memtable_count +
                           perf->internal_key_skipped_count + perf->get_from_memtable_count;
    const uint64_t bytes = perf->get_read_bytes + perf->iter_read_bytes;
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    CheckError(refused, ErrorKind::kConflict, "duplicate_lead");
    return std::pair(reads, bytes);
  };
  for (int i = 0; i < 10; ++i) CreateLead(admin, campaign_id, lead(i));
  auto with_few = reads_of_a_refused_copy(5);
  for (int i = 10; i < 2000; ++i) CreateLead(admin, campaign_id, lead(i));
  auto with_many = reads_of_a_refused_copy(5);
  BOOST_TEST_MESSAGE("reads and bytes read: " << with_few.first << ", " << with_few.second << " with 10 sharing; "
                                              << with_many.first << ", " << with_many.second << " with 2000");
  // The same entry and record read either way (leads are all in the memtable here).
  BOOST_TEST(with_few.first > 0u);
  BOOST_TEST(with_few.second > 0u);
  BOOST_TEST(with_many.first == with_few.first);
  BOOST_TEST(with_many.second == with_few.second);
}

BOOST_FIXTURE_TEST_CASE(no_create_reads_the_store_on_the_thread_that_awaits_it, ServiceFixture) {
  const uint64_t plain = NewCampaign(kPeople);
  const uint64_t with_rules = NewCampaign(R"({"name": "Ruled", "fields": [{"slug": "email", "type": "email"}],
      "statuses": [{"slug": "new", "default": true}],
      "duplicate_rules": [{"fields": ["email"], "window_seconds": 3600, "action": "flag"}]})");
  CreateLead(admin, with_rules, R"({"field_values": {"email": "x@y.dk"}})");
  // What must read runs on the pool, as the server's worker pool does it.
  boost::asio::thread_pool pool(1);
  leads->SetOffload([&pool](std::function<void()> work) -> boost::asio::awaitable<void> {
    // A named task, not a temporary in the co_await: GCC 12 destroys such temporaries twice.
    auto task = [work = std::move(work)]() -> boost::asio::awaitable<void> {
      work();
      co_return;
    };
    co_await boost::asio::co_spawn(pool, std::move(task), boost::asio::use_awaitable);
  });
  auto reads_here = [&](uint64_t campaign_id, const std::string& body, std::optional<std::string> key) {
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableTimeExceptForMutex);
    rocksdb::get_perf_context()->Reset();
    std::optional<service::IdempotentRequest> idempotent;
    if (key) idempotent = service::IdempotentRequest{*key, "POST", "/v2/leads"};
    auto created = Create(admin, campaign_id, body, idempotent);
    const auto* perf = rocksdb::get_perf_context();
    const uint64_t reads = perf->get_from_memtable_count + perf->seek_on_memtable_count + perf->get_read_bytes +
                           perf->iter_read_bytes + perf->block_read_count;
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    BOOST_REQUIRE_MESSAGE(created.has_value(), Why(created));
    return reads;
  };
  BOOST_TEST(reads_here(plain, R"({"field_values": {"note": "1"}})", std::nullopt) == 0u);
  BOOST_TEST(reads_here(plain, R"({"field_values": {"note": "2"}})", "key-1") == 0u);
  BOOST_TEST(reads_here(with_rules, R"({"field_values": {"email": "x@y.dk"}})", std::nullopt) == 0u);
  BOOST_TEST(reads_here(with_rules, R"({"field_values": {"email": "z@y.dk"}})", "key-2") == 0u);
  // The reads happened (on the pool): the duplicate was flagged, the key is replayed.
  auto listed = ListAll(admin, with_rules);  // newest first: z, the copy of x, x
  BOOST_REQUIRE(listed.size() == 3u);
  BOOST_TEST(listed[1].doublet_of.value_or(0) == listed[2].id);
  auto again = Create(admin, plain, R"({"field_values": {"note": "2"}})",
                      service::IdempotentRequest{"key-1", "POST", "/v2/leads"});
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(again->replayed);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace duplicate_rules_test
