// AuditService: events are read newest first, only by admin tokens, filtered by kind and time and
// paged with a cursor without repeats or gaps; an event without an authenticated actor shows
// none; bad parameters are a 400 naming the parameter. Recording is off the request path (a
// writer thread stores the events) yet a listing sees everything recorded before it; long texts
// are cut; events older than the retention are deleted.

#include "service/audit_service.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/service/service_fixture.h"

namespace audit_service_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

struct World : ServiceFixture {
  World() {
    for (int i = 0; i < 7; ++i) audit->Record("probe", admin, "thing " + std::to_string(i));
    audit->RecordAnonymous("auth_failed", "192.0.2.7", "bearer token");
  }

  // Targets of every event a listing with `params` pages through.
  std::vector<std::string> Targets(const std::multimap<std::string, std::string>& params, size_t* pages = nullptr) {
    std::vector<std::string> out;
    std::optional<std::string> cursor;
    for (size_t n = 1; n <= 100; ++n) {
      auto query = params;
      if (cursor) query.emplace("cursor", *cursor);
      auto page = audit->List(admin, query);
      BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
      BOOST_TEST(page->events_json.size() <= page->limit);
      simdjson::dom::parser parser;
      for (const auto& json : page->events_json) {
        simdjson::dom::element e;
        BOOST_REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
        out.emplace_back(std::string_view(e["target"]));
      }
      if (!page->next_cursor) {
        if (pages) *pages = n;
        return out;
      }
      cursor = page->next_cursor;
    }
    BOOST_FAIL("the audit listing did not end");
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(audit_service, World)

BOOST_AUTO_TEST_CASE(events_are_listed_newest_first_with_their_actor) {
  auto events = AuditEvents();
  BOOST_REQUIRE(events.size() >= 8u);
  BOOST_TEST(events[0].kind == "auth_failed");
  BOOST_TEST(!events[0].actor.has_value());
  BOOST_TEST(events[0].json.find("192.0.2.7") != std::string::npos);
  BOOST_TEST(events[1].kind == "probe");
  BOOST_TEST(events[1].actor.value_or(0) == admin.token_id);
  BOOST_TEST(events[1].target == "thing 6");
  BOOST_TEST(events[7].target == "thing 0");
}

BOOST_AUTO_TEST_CASE(only_admin_tokens_read_the_audit_log) {
  Minted writer = Mint("writer", "read_write");
  CheckError(audit->List(writer.principal, {}), ErrorKind::kNotPermitted, "insufficient_permission");
}

BOOST_AUTO_TEST_CASE(a_kind_list_selects_those_kinds_only) {
  auto probes = AuditEvents("probe");
  BOOST_TEST(probes.size() == 7u);
  for (const auto& e : probes) BOOST_TEST(e.kind == "probe");
  auto both = AuditEvents("probe,auth_failed");
  BOOST_TEST(both.size() == 8u);
  BOOST_TEST(AuditEvents("nothing_like_this").empty());
}

BOOST_AUTO_TEST_CASE(pages_follow_the_cursor_without_repeats_or_gaps) {
  size_t pages = 0;
  auto targets = Targets({{"kind", "probe"}, {"limit", "3"}}, &pages);
  std::vector<std::string> expected;
  for (int i = 6; i >= 0; --i) expected.push_back("thing " + std::to_string(i));
  BOOST_TEST(targets == expected, boost::test_tools::per_element());
  BOOST_TEST(pages == 3u);
  // A page of exactly everything has no next page.
  auto whole = audit->List(admin, {{"kind", "probe"}, {"limit", "7"}});
  BOOST_REQUIRE(whole.has_value());
  BOOST_TEST(whole->events_json.size() == 7u);
  BOOST_TEST(!whole->next_cursor.has_value());
}

BOOST_AUTO_TEST_CASE(time_bounds_select_a_window) {
  const std::string future = core::FormatTimestamp(core::NowMillis() + 3600000);
  BOOST_TEST(Targets({{"kind", "probe"}, {"after", future}}).empty());
  BOOST_TEST(Targets({{"kind", "probe"}, {"before", future}}).size() == 7u);
  BOOST_TEST(Targets({{"kind", "probe"}, {"before", "2000-01-01T00:00:00Z"}}).empty());
}

BOOST_AUTO_TEST_CASE(a_bad_parameter_is_400_naming_it) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{{"limit", "0"},
                                                                                    {"limit", "501"},
                                                                                    {"limit", "x"},
                                                                                    {"after", "yesterday"},
                                                                                    {"cursor", "garbage"},
                                                                                    {"colour", "blue"}}) {
    BOOST_TEST_CONTEXT(name << "=" << value) {
      auto page = audit->List(admin, {{name, value}});
      CheckError(page, ErrorKind::kMalformed, "invalid_parameter");
      BOOST_TEST(page.error().errors().at(0).field == name);
    }
  }
  CheckError(audit->List(admin, {{"limit", "2"}, {"limit", "3"}}), ErrorKind::kMalformed, "invalid_parameter");
}

BOOST_AUTO_TEST_CASE(events_outlast_a_restart_and_new_ones_sort_after_them) {
  Reopen();
  audit->Record("probe", admin, "after restart");
  auto events = AuditEvents("probe");
  BOOST_REQUIRE(events.size() == 8u);
  BOOST_TEST(events[0].target == "after restart");
  BOOST_TEST(events[1].target == "thing 6");
}

BOOST_AUTO_TEST_CASE(every_event_recorded_before_a_listing_is_in_it) {
  // Recorded from several threads at once, as reactors and workers do.
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 250; ++i) audit->Record("burst", admin, std::to_string(t) + "/" + std::to_string(i));
    });
  }
  for (auto& thread : threads) thread.join();
  auto targets = Targets({{"kind", "burst"}, {"limit", "500"}});
  BOOST_TEST(targets.size() == 1000u);
  BOOST_TEST(std::set<std::string>(targets.begin(), targets.end()).size() == 1000u);
  BOOST_TEST(audit->dropped() == 0u);
}

BOOST_AUTO_TEST_CASE(long_targets_and_details_are_cut_on_a_character_boundary) {
  // 300 two-byte characters: 600 bytes, cut below 256 without splitting one.
  std::string long_text;
  for (int i = 0; i < 300; ++i) long_text += "\xc3\xa6";
  audit->Record("long", admin, long_text, long_text);
  auto events = AuditEvents("long");
  BOOST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].target.size() <= service::AuditService::kMaxTextBytes);
  BOOST_TEST(events[0].target.size() > 200u);
  BOOST_TEST(events[0].target.ends_with("\u2026"));
  const std::string kept = events[0].target.substr(0, events[0].target.size() - std::string("\u2026").size());
  BOOST_TEST(kept.size() % 2 == 0u);
  BOOST_TEST(long_text.starts_with(kept));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

struct ShortRetention : ServiceFixture {
  static ServiceOptions Options() {
    ServiceOptions options;
    options.audit_retention = std::chrono::seconds(2);
    return options;
  }
  ShortRetention() : ServiceFixture(Options()) {}
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(audit_retention, ShortRetention)

BOOST_AUTO_TEST_CASE(events_older_than_the_retention_are_deleted_newer_ones_kept) {
  audit->Record("old", admin, "old one");
  audit->Flush();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  audit->Record("new", admin, "new one");
  audit->Flush();
  BOOST_REQUIRE(AuditEvents("old").size() == 1u);
  BOOST_REQUIRE(audit->DeleteExpired().ok());
  BOOST_TEST(AuditEvents("old").empty());
  BOOST_TEST(AuditEvents("new").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace audit_service_test
