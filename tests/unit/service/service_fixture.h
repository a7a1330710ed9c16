#pragma once
// The service layer wired as app/application.cc wires it, over a real store in a fresh temp
// directory and without HTTP: audit, campaigns, filters, idempotency (retention of your choice),
// leads, tokens and the authenticator. The first admin token is minted the way the server mints
// it; other tokens are minted through TokenService and turned into Principals by the
// Authenticator, so a test calls the services exactly as a request would. Plus small helpers to
// drive LeadService::Create (a coroutine), page through lists and read the audit log.
// Header-only; everything is inline.

#include <simdjson.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "auth/principal.h"
#include "auth/secret_box.h"
#include "auth/token_hasher.h"
#include "core/ids.h"
#include "core/lead.h"
#include "core/lead_id_generator.h"
#include "core/lead_json.h"
#include "core/log.h"
#include "core/status.h"
#include "core/time_util.h"
#include "service/services.h"
#include "store/db.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_helpers.h"

namespace lg::service_test {

// A campaign with two vendors (the `source` select), a region and three statuses.
inline constexpr std::string_view kSolarCampaign = R"({"name": "Solar",
  "fields": [{"slug": "marker", "type": "text"}, {"slug": "note", "type": "text"}, {"slug": "email", "type": "email"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}, {"slug": "vendor-b"}]},
              {"slug": "region", "options": [{"slug": "north"}, {"slug": "south"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}, {"slug": "won", "type": "won"}]})";

// A second, unrelated campaign.
inline constexpr std::string_view kWindCampaign = R"({"name": "Wind",
  "fields": [{"slug": "marker", "type": "text"}],
  "statuses": [{"slug": "new", "default": true}]})";

struct ServiceOptions {
  std::chrono::milliseconds idempotency_retention = std::chrono::hours(24);
  std::chrono::milliseconds audit_retention = std::chrono::hours(24 * 90);
  service::LeadSettings leads;
  service::TokenSettings tokens;
  // Commits reach the OS without an fsync: what the services see is the same, and a test then
  // costs milliseconds instead of waiting on the disk (the store's own tests cover kFsync).
  store::Durability durability = store::Durability::kOs;
};

// A token minted through TokenService, with the Principal its secret authenticates as.
struct Minted {
  uint64_t id = 0;
  std::string secret;
  std::string docs_id;
  auth::Principal principal;
};

// `{"name", "match": "all", "conditions": [{field eq value}]}`.
inline std::string EqFilter(const std::string& name, const std::string& field, const std::string& value) {
  return R"({"name": ")" + name + R"(", "match": "all", "conditions": [{"field": ")" + field +
         R"(", "op": "eq", "value": ")" + value + R"("}]})";
}

// A lead body with a marker and, when given, a source.
inline std::string LeadBody(const std::string& marker, const std::string& source = "") {
  std::string body = R"({"field_values": {"marker": ")" + marker + R"("})";
  if (!source.empty()) body += R"(, "select_field_values": {"source": ")" + source + R"("})";
  return body + "}";
}

// "kind code (detail) [errors]" of a failed status, for messages.
inline std::string Describe(const core::Status& status) {
  return status.code() + " (" + status.detail() + ") [" + test::Errors(status) + "]";
}

// What went wrong with `result`, or "" when it holds a value. (For assertion messages, which
// Boost.Test builds whether or not the assertion fails.)
template <typename T>
std::string Why(const core::Result<T>& result) {
  return result.has_value() ? std::string() : Describe(result.error());
}

// An error of `kind` with `code`.
inline void CheckError(const core::Status& status, core::ErrorKind kind, const std::string& code) {
  BOOST_TEST_CONTEXT("status: " << Describe(status)) {
    BOOST_TEST(!status.ok());
    BOOST_TEST((status.kind() == kind));
    BOOST_TEST(status.code() == code);
  }
}

template <typename T>
void CheckError(const core::Result<T>& result, core::ErrorKind kind, const std::string& code) {
  BOOST_REQUIRE_MESSAGE(!result.has_value(), "expected " << code << ", got a value");
  CheckError(result.error(), kind, code);
}

// A 422 `code` whose first field error names `field`.
template <typename T>
void CheckFieldError(const core::Result<T>& result, const std::string& code, const std::string& field) {
  CheckError(result, core::ErrorKind::kInvalid, code);
  BOOST_REQUIRE(!result.error().errors().empty());
  BOOST_TEST(result.error().errors().front().field == field);
}

// Leads of a page, decoded (`leads_json` is the comma-separated contents of `data`).
inline std::vector<core::Lead> LeadsOf(const service::LeadPage& page) {
  std::vector<core::Lead> out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string array = "[" + page.leads_json + "]";
  BOOST_REQUIRE(parser.parse(array).get(doc) == simdjson::SUCCESS);
  for (simdjson::dom::element e : doc.get_array()) {
    auto lead = core::DecodeLead(simdjson::minify(e));
    BOOST_REQUIRE_MESSAGE(lead.has_value(), "undecodable lead: " << simdjson::minify(e));
    out.push_back(std::move(lead).value());
  }
  BOOST_TEST(out.size() == page.count);
  return out;
}

inline std::vector<uint64_t> IdsOf(const std::vector<core::Lead>& leads) {
  std::vector<uint64_t> ids;
  for (const auto& lead : leads) ids.push_back(lead.id);
  return ids;
}

inline std::string MarkerOf(const core::Lead& lead) {
  auto it = lead.field_values.find("marker");
  return it == lead.field_values.end() ? "" : it->second;
}

// Returns once NowMillis() is past `millis`: a lead stamped at `millis` is then below the
// update-feed watermark.
inline void WaitForClockPast(int64_t millis) {
  while (core::NowMillis() <= millis) std::this_thread::sleep_for(std::chrono::microseconds(200));
}

// One bulk outcome as the encoded body shows it.
struct BulkItem {
  uint64_t index = 0;
  int64_t status = 0;
  uint64_t id = 0;
  std::string code;
  std::optional<uint64_t> doublet_of;
  bool replayed = false;  // created by an earlier attempt with the same key
};

// The outcomes of a bulk's answer, and its counts when asked for.
inline std::vector<BulkItem> ItemsOf(const std::string& body, service::BulkCounts* counts = nullptr) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  BOOST_REQUIRE_MESSAGE(parser.parse(body).get(doc) == simdjson::SUCCESS, body);
  std::vector<BulkItem> out;
  for (simdjson::dom::element r : doc["results"].get_array()) {
    BulkItem item;
    item.index = uint64_t(r["index"]);
    item.status = int64_t(r["status"]);
    uint64_t v = 0;
    if (r["id"].get(v) == simdjson::SUCCESS) item.id = v;
    if (r["doublet_of"].get(v) == simdjson::SUCCESS) item.doublet_of = v;
    std::string_view code;
    if (r["code"].get(code) == simdjson::SUCCESS) item.code = std::string(code);
    bool was_replayed = false;
    if (r["replayed"].get(was_replayed) == simdjson::SUCCESS) item.replayed = was_replayed;
    out.push_back(item);
  }
  if (counts) {
    counts->created = uint64_t(doc["created"]);
    counts->failed = uint64_t(doc["failed"]);
    uint64_t n = 0;
    counts->replayed = doc["replayed"].get(n) == simdjson::SUCCESS ? n : 0;
  }
  return out;
}

class ServiceFixture {
 public:
  explicit ServiceFixture(ServiceOptions options = {}) : options_(options) {
    core::log::Init("warn");  // audit events are logged at info; keep the test output readable
    Open();
    auto issued = tokens->CreateInitialAdmin("first admin");
    BOOST_REQUIRE_MESSAGE(issued.has_value(), Why(issued));
    BOOST_REQUIRE(issued->has_value());
    initial_admin = std::move(**issued);
    admin = Authenticate(initial_admin.secret);
  }

  ~ServiceFixture() { Close(); }
  ServiceFixture(const ServiceFixture&) = delete;
  ServiceFixture& operator=(const ServiceFixture&) = delete;

  // Closes the services and the store and opens them again over the same directory, as a
  // server restart does.
  void Reopen() {
    Close();
    Open();
  }

  // --- tokens ---------------------------------------------------------------------------------

  auth::Principal Authenticate(const std::string& secret) const {
    auto principal = authenticator->Authenticate("Bearer " + secret, core::NowMillis());
    BOOST_REQUIRE_MESSAGE(principal.has_value(), "the secret does not authenticate");
    return *principal;
  }

  Minted Mint(const std::string& body) {
    auto issued = tokens->Create(admin, body);
    BOOST_REQUIRE_MESSAGE(issued.has_value(), Why(issued) << " for " << body);
    return Minted{issued->record.id, issued->secret, issued->record.docs_id, Authenticate(issued->secret)};
  }

  // A token of `permission`, optionally scoped to a campaign and/or a filter.
  Minted Mint(const std::string& name, const std::string& permission,
              std::optional<uint64_t> campaign_id = std::nullopt, std::optional<uint64_t> filter_id = std::nullopt) {
    std::string body = R"({"name": ")" + name + R"(", "permission": ")" + permission + "\"";
    if (campaign_id) body += R"(, "campaign_id": )" + std::to_string(*campaign_id);
    if (filter_id) body += R"(, "filter_id": )" + std::to_string(*filter_id);
    return Mint(body + "}");
  }

  // --- schema ---------------------------------------------------------------------------------

  uint64_t NewCampaign(std::string_view doc = kSolarCampaign) {
    auto campaign = campaigns->Create(admin, doc);
    BOOST_REQUIRE_MESSAGE(campaign.has_value(), Why(campaign));
    return (*campaign)->id;
  }

  uint64_t NewFilter(uint64_t campaign_id, const std::string& body) {
    auto filter = filters->Create(admin, campaign_id, body);
    BOOST_REQUIRE_MESSAGE(filter.has_value(), Why(filter) << " for " << body);
    return (*filter)->id;
  }

  // --- leads ----------------------------------------------------------------------------------

  // Runs LeadService::Create to completion on an io_context of its own (on this thread). (The
  // result is handed out of a void coroutine: co_spawn's completion wants a default-constructible
  // value, and a Result has no empty state.)
  core::Result<service::CreatedLead> Create(const auth::Principal& principal, std::optional<uint64_t> campaign_id,
                                            const std::string& body,
                                            std::optional<service::IdempotentRequest> idempotent = std::nullopt) {
    boost::asio::io_context ioc;
    std::optional<core::Result<service::CreatedLead>> out;
    auto done = boost::asio::co_spawn(
        ioc,
        [&]() -> boost::asio::awaitable<void> {
          out.emplace(co_await leads->Create(principal, campaign_id, body, idempotent));
        },
        boost::asio::use_future);
    ioc.run();
    done.get();  // rethrows what the coroutine threw
    BOOST_REQUIRE(out.has_value());
    return std::move(*out);
  }

  // A create that must succeed; the lead as created.
  core::Lead CreateLead(const auth::Principal& principal, uint64_t campaign_id, const std::string& body) {
    auto created = Create(principal, campaign_id, body);
    BOOST_REQUIRE_MESSAGE(created.has_value(), Why(created) << " for " << body);
    auto lead = core::DecodeLead(created->json);
    BOOST_REQUIRE(lead.has_value());
    return std::move(lead).value();
  }

  // The lead as `principal` reads it; must succeed.
  core::Lead GetLead(const auth::Principal& principal, uint64_t campaign_id, uint64_t lead_id) {
    auto json = leads->Get(principal, core::CampaignId(campaign_id), core::LeadId(lead_id));
    BOOST_REQUIRE_MESSAGE(json.has_value(), Why(json));
    auto lead = core::DecodeLead(*json);
    BOOST_REQUIRE(lead.has_value());
    return std::move(lead).value();
  }

  // Every lead of a listing, following next_cursor; checks every page is at most `limit` long.
  std::vector<core::Lead> ListAll(const auth::Principal& principal, uint64_t campaign_id,
                                  const std::multimap<std::string, std::string>& params = {}, size_t* pages = nullptr) {
    std::vector<core::Lead> out;
    std::optional<std::string> cursor;
    for (size_t page_count = 1; page_count <= 1000; ++page_count) {
      auto query = params;
      if (cursor) query.emplace("cursor", *cursor);
      auto page = leads->List(principal, campaign_id, query);
      BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
      BOOST_TEST(page->count <= page->limit);
      auto leads_of_page = LeadsOf(*page);
      out.insert(out.end(), leads_of_page.begin(), leads_of_page.end());
      if (!page->next_cursor) {
        if (pages) *pages = page_count;
        return out;
      }
      cursor = page->next_cursor;
    }
    BOOST_FAIL("the listing did not end");
    return out;
  }

  // The sync feed (sort=updated_at) as `principal` pages through it, `limit` items a page: each
  // item's JSON (leads, and deleted leads' tombstones), in feed order.
  std::vector<std::string> FeedItems(const auth::Principal& principal, core::CampaignId campaign_id, size_t limit) {
    WaitForClockPast(core::NowMillis());  // the feed shows a change once its millisecond is over
    std::vector<std::string> items;
    std::optional<std::string> cursor;
    for (int pages = 0; pages < 1000; ++pages) {
      std::multimap<std::string, std::string> params{{"sort", "updated_at"}, {"limit", std::to_string(limit)}};
      if (cursor) params.emplace("cursor", *cursor);
      auto page = leads->List(principal, campaign_id.value(), params);
      BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
      simdjson::dom::parser parser;
      simdjson::dom::element doc;
      BOOST_REQUIRE(parser.parse("[" + page->leads_json + "]").get(doc) == simdjson::SUCCESS);
      for (simdjson::dom::element item : doc.get_array()) items.emplace_back(simdjson::minify(item));
      if (!page->next_cursor) return items;
      cursor = page->next_cursor;
    }
    BOOST_FAIL("the feed did not end");
    return items;
  }

  // Number of leads the admin sees in the campaign.
  size_t CountLeads(uint64_t campaign_id) { return ListAll(admin, campaign_id, {{"limit", "500"}}).size(); }

  // --- audit ----------------------------------------------------------------------------------

  struct AuditEvent {
    std::string kind;
    std::optional<uint64_t> actor;
    std::string target;
    std::string detail;
    std::string json;
  };

  // The audit events of `kind` (every kind when empty), newest first.
  std::vector<AuditEvent> AuditEvents(const std::string& kind = "") {
    std::multimap<std::string, std::string> params{{"limit", "500"}};
    if (!kind.empty()) params.emplace("kind", kind);
    auto page = audit->List(admin, params);
    BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
    std::vector<AuditEvent> out;
    simdjson::dom::parser parser;
    for (const auto& json : page->events_json) {
      simdjson::dom::element e;
      BOOST_REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
      AuditEvent event;
      event.kind = std::string(std::string_view(e["kind"]));
      uint64_t actor = 0;
      if (e["actor_token_id"].get(actor) == simdjson::SUCCESS) event.actor = actor;
      event.target = std::string(std::string_view(e["target"]));
      event.detail = std::string(std::string_view(e["detail"]));
      event.json = json;
      out.push_back(std::move(event));
    }
    return out;
  }

  // --- the parts ------------------------------------------------------------------------------

  const ServiceOptions& options() const { return options_; }

  test::TempDir dir;
  auth::TokenHasher hasher{std::string(32, 'h')};
  auth::SecretBox box{std::string(32, 's')};
  std::unique_ptr<store::Db> db;
  std::unique_ptr<service::Services> services;  // wired as the server wires them
  // The parts of `services` the tests reach for (non-owning).
  store::LeadRepo* lead_repo = nullptr;
  store::TokenRepo* token_repo = nullptr;
  service::AuditService* audit = nullptr;
  service::CampaignService* campaigns = nullptr;
  service::FilterService* filters = nullptr;
  service::IdempotencyService* idempotency = nullptr;
  service::LeadService* leads = nullptr;
  service::TokenService* tokens = nullptr;
  service::Authenticator* authenticator = nullptr;

  service::IssuedToken initial_admin;  // what CreateInitialAdmin minted on the empty store
  auth::Principal admin;               // its principal

 private:
  void Open() {
    auto opened = store::Db::Open(dir.Sub("db"), options_.durability);
    BOOST_REQUIRE_MESSAGE(opened.has_value(), Why(opened));
    db = std::move(opened).value();
    auto opened_services =
        service::Services::Open(*db, hasher, box,
                                service::ServiceSettings{options_.leads, options_.tokens,
                                                         options_.idempotency_retention, options_.audit_retention});
    BOOST_REQUIRE_MESSAGE(opened_services.has_value(), Why(opened_services));
    services = std::move(opened_services).value();
    lead_repo = &services->lead_repo;
    token_repo = &services->token_repo;
    audit = &services->audit;
    campaigns = &services->campaigns;
    filters = &services->filters;
    idempotency = &services->idempotency;
    leads = &services->leads;
    tokens = &services->tokens;
    authenticator = &services->authenticator;
  }

  // After the commits still queued (as Application's destructor does).
  void Close() {
    if (db) db->WaitForCommits();
    services.reset();
    db.reset();
  }

  ServiceOptions options_;
};

// A campaign with vendor-a and vendor-b each holding a filter `source eq vendor-x` and a
// read_write token scoped to it, and a lead of each vendor created by the admin.
struct VendorFixture : ServiceFixture {
  explicit VendorFixture(ServiceOptions options = {}) : ServiceFixture(options) {
    campaign = NewCampaign();
    filter_a = NewFilter(campaign, EqFilter("Vendor A", "source", "vendor-a"));
    filter_b = NewFilter(campaign, EqFilter("Vendor B", "source", "vendor-b"));
    vendor_a = Mint("vendor a", "read_write", std::nullopt, filter_a);
    vendor_b = Mint("vendor b", "read_write", std::nullopt, filter_b);
    a1 = CreateLead(admin, campaign, LeadBody("A1", "vendor-a"));
    b1 = CreateLead(admin, campaign, LeadBody("B1", "vendor-b"));
  }

  uint64_t campaign = 0;
  uint64_t filter_a = 0, filter_b = 0;
  Minted vendor_a, vendor_b;
  core::Lead a1, b1;
};

}  // namespace lg::service_test
