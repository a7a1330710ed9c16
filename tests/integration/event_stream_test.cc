// The live sync feed: GET /v2/campaigns/{id}/leads/events (text/event-stream) and the list's
// wait= long-poll. The stream sends exactly what the sort=updated_at feed holds for the token,
// each event's id a cursor of that feed: creates, PATCHes and deletions (tombstones) in order,
// resumable with Last-Event-ID with nothing missing or repeated; a vendor's stream carries its own
// leads only; a token's streams are capped, end when it is revoked and when the server stops.

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/scope_fixture.h"
#include "tests/support/api_fixture.h"
#include "tests/support/event_stream_client.h"
#include "tests/support/wait_until.h"

namespace event_stream_test {

using namespace lg::test;
using namespace lg::scope_test;
using namespace std::chrono_literals;

namespace {

constexpr const char* kCampaign = R"({"name": "Live",
  "fields": [{"slug": "name", "type": "text"}],
  "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "won", "type": "won"}]})";

std::string EventsPath(uint64_t campaign_id) { return LeadsPath(campaign_id) + "/events"; }

std::string NewLead(const std::string& name, const std::string& source = "") {
  std::string body = R"({"field_values": {"name": ")" + name + "\"}";
  if (!source.empty()) body += R"(, "select_field_values": {"source": ")" + source + "\"}";
  return body + "}";
}

// A stream that answered 200 and sent its opening (a retry hint and its start position).
struct OpenStream {
  std::unique_ptr<EventStreamClient> client;
  std::string start;  // the opening's id
};

OpenStream Follow(uint16_t port, const std::string& target, const std::string& token,
                  const std::map<std::string, std::string>& headers = {}) {
  OpenStream out{std::make_unique<EventStreamClient>(port, target, token, headers), ""};
  // Not BOOST_REQUIRE_MESSAGE: it builds its message, reading the body, even on success.
  if (out.client->status() != 200) BOOST_FAIL(out.client->status() << " " << out.client->ReadBody());
  BOOST_TEST(out.client->Header("content-type") == "text/event-stream");
  auto opening = out.client->Next(5s);
  BOOST_REQUIRE(opening.has_value());
  BOOST_TEST(opening->retry.has_value());
  BOOST_TEST(opening->event == "ready");
  BOOST_TEST(!opening->id.empty());
  BOOST_TEST(Member(opening->data, "cursor") == opening->id);
  out.start = opening->id;
  return out;
}

// The next `count` events, failing the test when they do not come within a few seconds.
std::vector<StreamEvent> Take(EventStreamClient& stream, size_t count) {
  std::vector<StreamEvent> out;
  while (out.size() < count) {
    auto event = stream.Next(5s);
    BOOST_REQUIRE_MESSAGE(event.has_value(), "event " << out.size() + 1 << " of " << count << " did not come");
    out.push_back(std::move(*event));
  }
  return out;
}

uint64_t IdOf(const StreamEvent& event) { return U64(Json(event.data)["id"]); }

// What the sort=updated_at feed gives after `cursor`, one item per page: the stream must have
// sent these very items, each with the cursor just after it as its id.
void CheckAgainstFeed(HttpClient& client, const std::string& token, uint64_t campaign, const std::string& start,
                      const std::vector<StreamEvent>& events) {
  std::string cursor = start;
  for (const StreamEvent& event : events) {
    Page page = GetPage(client, token, LeadsPath(campaign) + "?sort=updated_at&limit=1&cursor=" + Enc(cursor));
    BOOST_REQUIRE_EQUAL(page.leads.size(), 1u);
    BOOST_TEST(page.leads[0].json == LeadOf(event.data).json);
    cursor = event.id;
  }
  BOOST_TEST(GetPage(client, token, LeadsPath(campaign) + "?sort=updated_at&cursor=" + Enc(cursor)).leads.empty());
}

struct Vendors : ApiFixture {
  explicit Vendors(const std::function<void(lg::core::Config&)>& tweak = {}) : ApiFixture(tweak) {
    campaign = CreateCampaign(client, admin, kCampaign);
    a = CreateToken(client, admin, "Vendor A", "read_write", campaign,
                    CreateFilter(client, admin, campaign, EqFilter("A", "source", "a")));
    b = CreateToken(client, admin, "Vendor B", "read_write", campaign,
                    CreateFilter(client, admin, campaign, EqFilter("B", "source", "b")));
  }
  uint64_t campaign = 0;
  Token a, b;
};

struct TwoStreamsPerToken : Vendors {
  TwoStreamsPerToken() : Vendors([](lg::core::Config& c) { c.stream_max_per_token = 2; }) {}
};

struct OneSecondHeartbeat : Vendors {
  OneSecondHeartbeat() : Vendors([](lg::core::Config& c) { c.stream_heartbeat_seconds = 1; }) {}
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_stream)

BOOST_FIXTURE_TEST_CASE(sends_a_create_a_patch_and_a_deletion_in_feed_order, Vendors) {
  OpenStream stream = Follow(server.port(), EventsPath(campaign), admin);
  // Each change is awaited before the next: the feed holds a lead's latest version only, so a
  // stream (like a poll) that reads after several changes gets the last one.
  LeadInfo created = CreateLead(client, admin, campaign, NewLead("Ann", "a"));
  std::vector<StreamEvent> events = Take(*stream.client, 1);
  PatchLead(client, admin, campaign, created.id, R"({"status": "won"})");
  events.push_back(Take(*stream.client, 1)[0]);
  BOOST_REQUIRE_EQUAL(Admin("DELETE", LeadPath(campaign, created.id)).status, 204);
  events.push_back(Take(*stream.client, 1)[0]);
  BOOST_TEST(events[0].event == "lead");
  BOOST_TEST(events[1].event == "lead");
  BOOST_TEST(events[2].event == "lead.deleted");
  for (const auto& event : events) BOOST_TEST(IdOf(event) == created.id);
  BOOST_TEST(LeadOf(events[0].data).json == created.json);
  BOOST_TEST(LeadOf(events[1].data).status == "won");
  BOOST_TEST(Bool(Json(events[2].data)["deleted"]));
  BOOST_TEST(!Json::Find(Json(events[2].data).root, "field_values").has_value());
  // Each id is the feed position just after its item: after the PATCH's, the feed holds the
  // tombstone (the lead's earlier versions are gone from it).
  CheckAgainstFeed(client, admin, campaign, events[1].id, {events[2]});
  BOOST_TEST(!stream.client->Next(300ms).has_value());
  // An open stream shows in /metrics.
  BOOST_TEST(Admin("GET", "/metrics").body.find("\nleadgate_event_streams_open 1\n") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(starts_now_unless_given_a_cursor, Vendors) {
  LeadInfo before = CreateLead(client, admin, campaign, NewLead("Before", "a"));
  SleepMs(5);  // below the feed's watermark: before "now"
  OpenStream now = Follow(server.port(), EventsPath(campaign), admin);
  LeadInfo after = CreateLead(client, admin, campaign, NewLead("After", "b"));
  auto events = Take(*now.client, 1);
  BOOST_TEST(IdOf(events[0]) == after.id);

  // From a list's poll_cursor: the same feed, so a client can switch from polling to streaming.
  Page first = GetPage(client, admin, LeadsPath(campaign) + "?sort=updated_at&limit=1");
  BOOST_REQUIRE_EQUAL(first.leads.size(), 1u);
  BOOST_TEST(first.leads[0].id == before.id);
  OpenStream from = Follow(server.port(), EventsPath(campaign) + "?cursor=" + Enc(*first.poll_cursor), admin);
  BOOST_TEST(from.start == *first.poll_cursor);
  BOOST_TEST(IdOf(Take(*from.client, 1)[0]) == after.id);
  // The list's conditions narrow the stream.
  OpenStream only_a =
      Follow(server.port(), EventsPath(campaign) + "?source=a&cursor=" + Enc(*first.poll_cursor), admin);
  LeadInfo third = CreateLead(client, admin, campaign, NewLead("Third", "a"));
  BOOST_TEST(IdOf(Take(*only_a.client, 1)[0]) == third.id);
}

BOOST_FIXTURE_TEST_CASE(last_event_id_resumes_without_gap_or_repeat, Vendors) {
  OpenStream stream = Follow(server.port(), EventsPath(campaign), a.secret);
  std::vector<uint64_t> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(CreateLead(client, a.secret, campaign, NewLead("A" + std::to_string(i))).id);
  std::vector<StreamEvent> seen = Take(*stream.client, 3);
  stream.client->Close();

  // Meanwhile: more leads, a change to one already seen, a deletion.
  for (int i = 3; i < 6; ++i)
    ids.push_back(CreateLead(client, a.secret, campaign, NewLead("A" + std::to_string(i))).id);
  PatchLead(client, admin, campaign, ids[0], R"({"status": "won"})");
  BOOST_REQUIRE_EQUAL(Admin("DELETE", LeadPath(campaign, ids[1])).status, 204);

  OpenStream resumed = Follow(server.port(), EventsPath(campaign), a.secret, {{"Last-Event-ID", seen.back().id}});
  BOOST_TEST(resumed.start == seen.back().id);
  std::vector<StreamEvent> rest = Take(*resumed.client, 5);
  BOOST_TEST(!resumed.client->Next(300ms).has_value());
  // Exactly the feed after the last event seen: the three new leads, the PATCHed one and the
  // deleted one's tombstone (in update order; two changes within a millisecond go by lead id).
  CheckAgainstFeed(client, a.secret, campaign, seen.back().id, rest);
  std::set<uint64_t> changed;
  for (const auto& event : rest) changed.insert(IdOf(event));
  BOOST_TEST((changed == std::set<uint64_t>{ids[0], ids[1], ids[3], ids[4], ids[5]}));
  for (const auto& event : rest) BOOST_TEST(event.event == (IdOf(event) == ids[1] ? "lead.deleted" : "lead"));
}

BOOST_FIXTURE_TEST_CASE(reconnecting_before_the_first_event_misses_nothing, Vendors) {
  OpenStream stream = Follow(server.port(), EventsPath(campaign), a.secret);
  stream.client->Close();
  LeadInfo missed = CreateLead(client, a.secret, campaign, NewLead("Missed"));
  // The opening's id is where the stream began: resuming there brings what came since.
  OpenStream resumed = Follow(server.port(), EventsPath(campaign), a.secret, {{"Last-Event-ID", stream.start}});
  BOOST_TEST(IdOf(Take(*resumed.client, 1)[0]) == missed.id);
}

BOOST_FIXTURE_TEST_CASE(a_vendor_stream_carries_only_its_own_leads, Vendors) {
  OpenStream stream = Follow(server.port(), EventsPath(campaign), a.secret);
  LeadInfo other = CreateLead(client, b.secret, campaign, NewLead("B lead"));
  LeadInfo own = CreateLead(client, a.secret, campaign, NewLead("A lead"));
  std::vector<StreamEvent> events = Take(*stream.client, 1);
  PatchLead(client, b.secret, campaign, other.id, R"({"status": "won"})");
  BOOST_REQUIRE_EQUAL(Admin("DELETE", LeadPath(campaign, other.id)).status, 204);
  BOOST_REQUIRE_EQUAL(Admin("DELETE", LeadPath(campaign, own.id)).status, 204);
  events.push_back(Take(*stream.client, 1)[0]);
  BOOST_TEST(events[0].event == "lead");
  BOOST_TEST(IdOf(events[0]) == own.id);
  BOOST_TEST(LeadOf(events[0].data).Select("source") == "a");
  BOOST_TEST(events[1].event == "lead.deleted");
  BOOST_TEST(IdOf(events[1]) == own.id);
  BOOST_TEST(!stream.client->Next(500ms).has_value());
}

BOOST_FIXTURE_TEST_CASE(refuses_what_a_list_refuses_and_paging_parameters, Vendors) {
  auto problem = [&](const std::string& target, const std::string& token,
                     const std::map<std::string, std::string>& headers = {}) {
    EventStreamClient stream(server.port(), target, token, headers);
    HttpResult res;
    res.status = stream.status();
    res.headers["content-type"] = stream.Header("content-type");
    res.body = stream.ReadBody();
    return res;
  };
  CheckBadParameter(problem(EventsPath(campaign) + "?sort=updated_at", admin), "sort");
  CheckBadParameter(problem(EventsPath(campaign) + "?limit=5", admin), "limit");
  CheckBadParameter(problem(EventsPath(campaign) + "?wait=5", admin), "wait");
  CheckBadParameter(problem(EventsPath(campaign) + "?status=nope", admin), "status");
  CheckBadParameter(problem(EventsPath(campaign) + "?cursor=zz", admin), "cursor");
  CheckBadParameter(problem(EventsPath(campaign), admin, {{"Last-Event-ID", "not-a-cursor"}}), "Last-Event-ID");
  // A vendor's token and another campaign: as if it did not exist.
  uint64_t other = CreateCampaign(client, admin, kCampaign);
  CheckProblem(problem(EventsPath(other), a.secret), 404, "not_found");
  CheckProblem(problem(EventsPath(campaign), ""), 401, "unauthorized");
}

BOOST_FIXTURE_TEST_CASE(a_token_may_have_its_cap_of_streams_open_and_no_more, TwoStreamsPerToken) {
  OpenStream first = Follow(server.port(), EventsPath(campaign), a.secret);
  OpenStream second = Follow(server.port(), EventsPath(campaign), a.secret);
  {
    EventStreamClient third(server.port(), EventsPath(campaign), a.secret);
    BOOST_TEST(third.status() == 429);
    BOOST_TEST(third.Header("retry-after") == "15");
    BOOST_TEST(Member(third.ReadBody(), "code") == "too_many_streams");
  }
  // Another token has its own.
  OpenStream other = Follow(server.port(), EventsPath(campaign), b.secret);
  // A stream whose client went away frees its place at once.
  second.client->Close();
  BOOST_TEST(
      WaitUntil([&] { return EventStreamClient(server.port(), EventsPath(campaign), a.secret).status() == 200; }));
}

BOOST_FIXTURE_TEST_CASE(revoking_the_token_ends_its_streams_at_once, Vendors) {
  OpenStream stream = Follow(server.port(), EventsPath(campaign), a.secret);
  OpenStream other = Follow(server.port(), EventsPath(campaign), b.secret);
  RevokeToken(client, admin, a.id);
  const auto revoked = std::chrono::steady_clock::now();
  BOOST_TEST(stream.client->WaitForEnd(3s));
  BOOST_TEST(SecondsSince(revoked) < 1.5);
  EventStreamClient again(server.port(), EventsPath(campaign), a.secret);
  BOOST_TEST(again.status() == 401);
  // The other vendor's stream goes on.
  LeadInfo lead = CreateLead(client, b.secret, campaign, NewLead("B"));
  BOOST_TEST(IdOf(Take(*other.client, 1)[0]) == lead.id);
}

BOOST_FIXTURE_TEST_CASE(an_idle_stream_sends_heartbeats, OneSecondHeartbeat) {
  OpenStream stream = Follow(server.port(), EventsPath(campaign), a.secret);
  BOOST_TEST(!stream.client->Next(2500ms).has_value());
  BOOST_TEST(stream.client->comments() >= 2u);
  BOOST_TEST(!stream.client->WaitForEnd(10ms));
}

BOOST_FIXTURE_TEST_CASE(stopping_the_server_ends_open_streams_promptly, Vendors) {
  OpenStream one = Follow(server.port(), EventsPath(campaign), a.secret);
  OpenStream two = Follow(server.port(), EventsPath(campaign), admin);
  const auto stopping = std::chrono::steady_clock::now();
  server.Stop();
  BOOST_TEST(SecondsSince(stopping) < 2.0);
  BOOST_TEST(one.client->WaitForEnd(1s));
  BOOST_TEST(two.client->WaitForEnd(1s));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(long_poll)

BOOST_FIXTURE_TEST_CASE(answers_as_soon_as_a_lead_arrives, Vendors) {
  const std::string cursor = *GetPage(client, a.secret, LeadsPath(campaign) + "?sort=updated_at").poll_cursor;
  const auto asked = std::chrono::steady_clock::now();
  auto answer = std::async(std::launch::async, [&] {
    HttpClient poller(server.port());
    return poller.Request("GET", LeadsPath(campaign) + "?sort=updated_at&wait=8&cursor=" + Enc(cursor), "", a.secret);
  });
  std::this_thread::sleep_for(300ms);
  BOOST_TEST((answer.wait_for(0s) == std::future_status::timeout));  // still waiting
  LeadInfo lead = CreateLead(client, a.secret, campaign, NewLead("Arrives"));
  HttpResult res = answer.get();
  BOOST_TEST(SecondsSince(asked) < 3.0);
  BOOST_REQUIRE_EQUAL(res.status, 200);
  Page page = ParsePage(res);
  BOOST_REQUIRE_EQUAL(page.leads.size(), 1u);
  BOOST_TEST(page.leads[0].id == lead.id);
  BOOST_TEST(page.poll_cursor.has_value());
}

BOOST_FIXTURE_TEST_CASE(answers_an_empty_page_when_nothing_arrives, Vendors) {
  const std::string cursor = *GetPage(client, a.secret, LeadsPath(campaign) + "?sort=updated_at").poll_cursor;
  // Another vendor's lead wakes the wait, but is not this token's to see.
  auto other = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(300ms);
    HttpClient writer(server.port());
    return writer.Request("POST", LeadsPath(campaign), NewLead("B lead"), b.secret).status;
  });
  const auto asked = std::chrono::steady_clock::now();
  Page page = GetPage(client, a.secret, LeadsPath(campaign) + "?sort=updated_at&wait=1&cursor=" + Enc(cursor));
  const double waited = SecondsSince(asked);
  BOOST_TEST(other.get() == 201);
  BOOST_TEST(waited >= 0.95);
  BOOST_TEST(waited < 3.0);
  BOOST_TEST(page.leads.empty());
  BOOST_TEST(!page.has_more);
  BOOST_REQUIRE(page.poll_cursor.has_value());
  // A page with leads answers at once.
  CreateLead(client, a.secret, campaign, NewLead("A lead"));
  const auto again = std::chrono::steady_clock::now();
  BOOST_TEST(GetPage(client, a.secret, LeadsPath(campaign) + "?sort=updated_at&wait=5&cursor=" + Enc(*page.poll_cursor))
                 .leads.size() == 1u);
  BOOST_TEST(SecondsSince(again) < 1.0);
}

BOOST_FIXTURE_TEST_CASE(wait_needs_the_update_order_and_a_bound, Vendors) {
  CheckBadParameter(Admin("GET", LeadsPath(campaign) + "?wait=5"), "wait");
  CheckBadParameter(Admin("GET", LeadsPath(campaign) + "?sort=-created_at&wait=5"), "wait");
  CheckBadParameter(Admin("GET", LeadsPath(campaign) + "?sort=updated_at&wait=61"), "wait");
  CheckBadParameter(Admin("GET", LeadsPath(campaign) + "?sort=updated_at&wait=-1"), "wait");
  CheckBadParameter(Admin("GET", LeadsPath(campaign) + "?sort=updated_at&wait=soon"), "wait");
  BOOST_TEST(Admin("GET", LeadsPath(campaign) + "?sort=updated_at&wait=0").status == 200);
}

BOOST_FIXTURE_TEST_CASE(a_stopping_server_answers_a_waiting_request_at_once, Vendors) {
  const std::string cursor = *GetPage(client, a.secret, LeadsPath(campaign) + "?sort=updated_at").poll_cursor;
  auto answer = std::async(std::launch::async, [&] {
    HttpClient poller(server.port());
    return poller.Request("GET", LeadsPath(campaign) + "?sort=updated_at&wait=8&cursor=" + Enc(cursor), "", a.secret);
  });
  std::this_thread::sleep_for(300ms);
  const auto stopping = std::chrono::steady_clock::now();
  server.Stop();
  BOOST_TEST(SecondsSince(stopping) < 2.0);
  HttpResult res = answer.get();
  BOOST_REQUIRE_EQUAL(res.status, 200);
  BOOST_TEST(ParsePage(res).leads.empty());
  BOOST_TEST(res.Header("connection") == "close");
}

BOOST_FIXTURE_TEST_CASE(revoking_the_token_ends_its_wait_with_401, Vendors) {
  const std::string cursor = *GetPage(client, a.secret, LeadsPath(campaign) + "?sort=updated_at").poll_cursor;
  auto answer = std::async(std::launch::async, [&] {
    HttpClient poller(server.port());
    return poller.Request("GET", LeadsPath(campaign) + "?sort=updated_at&wait=8&cursor=" + Enc(cursor), "", a.secret);
  });
  std::this_thread::sleep_for(300ms);
  RevokeToken(client, admin, a.id);
  const auto revoked = std::chrono::steady_clock::now();
  HttpResult res = answer.get();
  BOOST_TEST(SecondsSince(revoked) < 1.5);
  CheckProblem(res, 401, "unauthorized");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace event_stream_test
