// GET /v2/campaigns/{id}/leads query parameters: each alone and ANDed, each checked against the
// set computed from the leads the test created; every bad value is a 400 naming the parameter;
// a filtered token's list ANDs its filter; next links carry the conditions.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tests/integration/scope_fixture.h"
#include "tests/support/api_fixture.h"

namespace list_query_test {

using namespace lg::test;
using namespace lg::scope_test;

namespace {

constexpr const char* kCampaign = R"({"name": "Query",
  "fields": [{"slug": "marker", "type": "text"}],
  "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}, {"slug": "c"}]},
              {"slug": "region", "options": [{"slug": "north"}, {"slug": "south"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}, {"slug": "won", "type": "won"},
               {"slug": "lost", "type": "lost"}]})";

const char* const kSources[] = {"a", "b", "c", ""};
const char* const kStatuses[] = {"new", "contacted", "won", "new", "lost"};

using Pred = std::function<bool(const LeadInfo&)>;

// A campaign with leads created in three phases a little over a second apart (so that
// second-precision "YYYY-MM-DD HH:MM:SS" bounds split them), the last phase being PATCHes.
struct World : ApiFixture {
  uint64_t campaign = CreateCampaign(client, admin, kCampaign);
  std::map<uint64_t, LeadInfo> leads;  // latest known state
  std::vector<uint64_t> phase1, phase2, patched;

  World() {
    int n = 0;
    for (auto* phase : {&phase1, &phase2}) {
      for (int i = 0; i < 9; ++i, ++n) {
        std::string body = R"({"field_values": {"marker": "L)" + std::to_string(n) + "\"}";
        std::string source = kSources[n % 4];
        if (!source.empty() || n % 3 == 0) {
          body += R"(, "select_field_values": {)";
          if (!source.empty()) body += R"("source": ")" + source + "\"";
          if (n % 3 == 0) body += std::string(source.empty() ? "" : ", ") + R"("region": "north")";
          body += "}";
        }
        body += R"(, "status": ")" + std::string(kStatuses[n % 5]) + "\"}";
        LeadInfo lead = CreateLead(client, admin, campaign, body);
        leads[lead.id] = lead;
        phase->push_back(lead.id);
      }
      SleepMs(1100);
    }
    // Phase 3: PATCH some leads of both phases.
    for (size_t i = 0; i < phase1.size(); i += 3) patched.push_back(phase1[i]);
    for (size_t i = 1; i < phase2.size(); i += 3) patched.push_back(phase2[i]);
    for (size_t k = 0; k < patched.size(); ++k) {
      const char* status = k % 2 ? "won" : "contacted";
      LeadInfo lead = PatchLead(client, admin, campaign, patched[k], std::string(R"({"status": ")") + status + "\"}");
      leads[lead.id] = lead;
    }
    SleepMs(5);  // past the update watermark
  }

  std::string Path(const std::string& query) const {
    return query.empty() ? LeadsPath(campaign) : LeadsPath(campaign) + "?" + query;
  }

  // Ids of the leads matching `pred`, newest first.
  std::vector<uint64_t> Newest(const Pred& pred) const {
    std::vector<uint64_t> out;
    for (const auto& [id, lead] : leads) {
      if (pred(lead)) out.push_back(id);
    }
    std::reverse(out.begin(), out.end());  // newest first
    return out;
  }
  // Ids of the leads matching `pred`, oldest change first.
  std::vector<uint64_t> OldestChange(const Pred& pred) const {
    std::vector<std::pair<int64_t, uint64_t>> keyed;
    for (const auto& [id, lead] : leads) {
      if (pred(lead)) keyed.emplace_back(lead.updated_at, id);
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<uint64_t> out;
    for (const auto& [t, id] : keyed) out.push_back(id);
    return out;
  }

  // Lists with `query` (following links.next) and compares with `expected`, in order.
  void Check(const std::string& query, const std::vector<uint64_t>& expected, const std::string& token = "") {
    BOOST_TEST_CONTEXT("query " << query) {
      auto got = ListAll(client, token.empty() ? admin : token, Path(query));
      BOOST_TEST(IdsOf(got) == expected, boost::test_tools::per_element());
      for (const auto& lead : got) BOOST_TEST(CreatorMasked(lead.json) == CreatorMasked(leads.at(lead.id).json));
    }
  }
};

Pred StatusIn(const std::vector<std::string>& slugs) {
  return [slugs](const LeadInfo& l) { return std::find(slugs.begin(), slugs.end(), l.status) != slugs.end(); };
}
Pred SourceIn(const std::vector<std::string>& slugs) {
  return
      [slugs](const LeadInfo& l) { return std::find(slugs.begin(), slugs.end(), l.Select("source")) != slugs.end(); };
}
Pred And(const Pred& a, const Pred& b) {
  return [a, b](const LeadInfo& l) { return a(l) && b(l); };
}
const Pred kAll = [](const LeadInfo&) { return true; };

}  // namespace

BOOST_AUTO_TEST_SUITE(list_query)

BOOST_AUTO_TEST_CASE(each_parameter_alone_and_anded) {
  World w;
  BOOST_REQUIRE_EQUAL(w.leads.size(), 18u);
  // Default: newest first, everything.
  w.Check("", w.Newest(kAll));
  w.Check("sort=-created_at", w.Newest(kAll));
  w.Check("limit=500", w.Newest(kAll));

  // status, single and comma list.
  for (const char* s : {"new", "contacted", "won", "lost"})
    w.Check(std::string("status=") + s, w.Newest(StatusIn({s})));
  w.Check("status=new,won", w.Newest(StatusIn({"new", "won"})));
  w.Check("status=" + Enc("contacted,lost,new"), w.Newest(StatusIn({"contacted", "lost", "new"})));

  // <select>=opt and opt1,opt2.
  for (const char* s : {"a", "b", "c"}) w.Check(std::string("source=") + s, w.Newest(SourceIn({s})));
  w.Check("source=a,c", w.Newest(SourceIn({"a", "c"})));
  w.Check("region=north", w.Newest([](const LeadInfo& l) { return l.Select("region") == "north"; }));
  w.Check("region=south", {});

  // Times: RFC 3339 (Z, offset, fraction) and "YYYY-MM-DD HH:MM:SS" (UTC account zone).
  const LeadInfo& first2 = w.leads.at(w.phase2.front());
  int64_t t = first2.created_at;
  auto created_ge = [](int64_t b) { return [b](const LeadInfo& l) { return l.created_at >= b; }; };
  auto created_lt = [](int64_t b) { return [b](const LeadInfo& l) { return l.created_at < b; }; };
  auto updated_ge = [](int64_t b) { return [b](const LeadInfo& l) { return l.updated_at >= b; }; };
  auto updated_lt = [](int64_t b) { return [b](const LeadInfo& l) { return l.updated_at < b; }; };
  std::string rfc = lg::core::FormatTimestamp(t);
  w.Check("created_after=" + Enc(rfc), w.Newest(created_ge(t)));
  w.Check("created_before=" + Enc(rfc), w.Newest(created_lt(t)));
  BOOST_TEST((w.Newest(created_ge(t)) != w.Newest(kAll)));
  // The same instant with an offset; a bound one millisecond later excludes the lead itself.
  std::string plus_two = lg::core::FormatTimestamp(t + int64_t{2} * 3600 * 1000).substr(0, 23) + "+02:00";
  w.Check("created_after=" + Enc(plus_two), w.Newest(created_ge(t)));
  w.Check("created_after=" + Enc(lg::core::FormatTimestamp(t + 1)), w.Newest(created_ge(t + 1)));
  int64_t t_sec = t / 1000 * 1000;
  w.Check("created_after=" + Enc(LocalSeconds(t)), w.Newest(created_ge(t_sec)));
  w.Check("created_before=" + Enc(LocalSeconds(t)), w.Newest(created_lt(t_sec)));
  BOOST_TEST(w.Newest(created_ge(t_sec)).size() == 9u);  // exactly phase 2

  int64_t u = w.leads.at(w.patched.front()).updated_at;
  std::string urfc = lg::core::FormatTimestamp(u);
  w.Check("updated_after=" + Enc(urfc), w.Newest(updated_ge(u)));
  w.Check("updated_before=" + Enc(urfc), w.Newest(updated_lt(u)));
  w.Check("updated_after=" + Enc(LocalSeconds(u)), w.Newest(updated_ge(u / 1000 * 1000)));
  w.Check("updated_before=" + Enc(LocalSeconds(u)), w.Newest(updated_lt(u / 1000 * 1000)));
  BOOST_TEST(w.Newest(updated_ge(u)).size() == w.patched.size());
  // A window.
  int64_t p1 = w.leads.at(w.phase1[2]).created_at, p2 = w.leads.at(w.phase2[5]).created_at;
  w.Check(
      "created_after=" + Enc(lg::core::FormatTimestamp(p1)) + "&created_before=" + Enc(lg::core::FormatTimestamp(p2)),
      w.Newest(And(created_ge(p1), created_lt(p2))));

  // ANDed combinations.
  w.Check("status=new&source=a", w.Newest(And(StatusIn({"new"}), SourceIn({"a"}))));
  w.Check("status=new,contacted&source=a,b&created_after=" + Enc(LocalSeconds(t)),
          w.Newest(And(And(StatusIn({"new", "contacted"}), SourceIn({"a", "b"})), created_ge(t_sec))));
  w.Check("source=b&status=contacted,won&updated_before=" + Enc(urfc),
          w.Newest(And(And(SourceIn({"b"}), StatusIn({"contacted", "won"})), updated_lt(u))));
  w.Check("source=c&region=north&status=" + Enc("new,won,lost,contacted"),
          w.Newest(And(SourceIn({"c"}), [](const LeadInfo& l) { return l.Select("region") == "north"; })));
  w.Check("status=lost&source=a,b,c&created_before=" + Enc(rfc),
          w.Newest(And(And(StatusIn({"lost"}), SourceIn({"a", "b", "c"})), created_lt(t))));

  // sort=updated_at: oldest change first, with the same conditions.
  w.Check("sort=updated_at", w.OldestChange(kAll));
  w.Check("sort=updated_at&source=a", w.OldestChange(SourceIn({"a"})));
  w.Check("sort=updated_at&status=won,contacted&updated_after=" + Enc(urfc),
          w.OldestChange(And(StatusIn({"won", "contacted"}), updated_ge(u))));
  w.Check("sort=updated_at&limit=2", w.OldestChange(kAll));
  w.Check("sort=updated_at&limit=3&source=b,c", w.OldestChange(SourceIn({"b", "c"})));
  // Small pages via links.next for the index-planned and the unplanned scans.
  w.Check("limit=1&status=new", w.Newest(StatusIn({"new"})));
  w.Check("limit=2&source=b", w.Newest(SourceIn({"b"})));
  w.Check("limit=4", w.Newest(kAll));
}

BOOST_AUTO_TEST_CASE(page_numbers_and_cursors) {
  World w;
  std::vector<uint64_t> all = w.Newest(kAll);

  // page/per_page.
  Page p2 = GetPage(w.client, w.admin, w.Path("per_page=4&page=2"));
  BOOST_TEST(IdsOf(p2.leads) == std::vector<uint64_t>(all.begin() + 4, all.begin() + 8),
             boost::test_tools::per_element());
  BOOST_REQUIRE(p2.page.has_value());
  BOOST_TEST(*p2.page == 2u);
  BOOST_REQUIRE(p2.per_page.has_value());
  BOOST_TEST(*p2.per_page == 4u);
  BOOST_TEST(p2.limit == 4u);
  BOOST_TEST(p2.has_more);
  BOOST_REQUIRE(p2.next_link.has_value());
  BOOST_TEST(p2.next_link->find("page=3") != std::string::npos);
  BOOST_TEST(p2.next_link->find("per_page=4") != std::string::npos);
  BOOST_TEST(p2.link_header == "<" + *p2.next_link + ">; rel=\"next\"");
  // page without per_page uses the default size; per_page without page is page 1.
  Page p1 = GetPage(w.client, w.admin, w.Path("per_page=5"));
  BOOST_TEST(IdsOf(p1.leads) == std::vector<uint64_t>(all.begin(), all.begin() + 5), boost::test_tools::per_element());
  BOOST_TEST(p1.page.value_or(0) == 1u);
  Page only = GetPage(w.client, w.admin, w.Path("page=1"));
  BOOST_TEST(IdsOf(only.leads) == all, boost::test_tools::per_element());
  BOOST_TEST(!only.has_more);
  BOOST_TEST(!only.next_link.has_value());
  BOOST_TEST(only.link_header.empty());
  // The last page, and one past it.
  Page last = GetPage(w.client, w.admin, w.Path("per_page=4&page=5"));
  BOOST_TEST(IdsOf(last.leads) == std::vector<uint64_t>(all.begin() + 16, all.end()), boost::test_tools::per_element());
  BOOST_TEST(!last.has_more);
  BOOST_TEST(!last.next_link.has_value());
  Page beyond = GetPage(w.client, w.admin, w.Path("per_page=4&page=9"));
  BOOST_TEST(beyond.leads.empty());
  BOOST_TEST(!beyond.has_more);
  // Page numbers with conditions: every page concatenated is the filtered list.
  std::vector<uint64_t> got;
  for (size_t page = 1; page < 10; ++page) {
    Page p = GetPage(w.client, w.admin, w.Path("status=new,won&per_page=2&page=" + std::to_string(page)));
    auto ids = IdsOf(p.leads);
    got.insert(got.end(), ids.begin(), ids.end());
    if (!p.has_more) break;
    BOOST_TEST(p.next_link->find("status=new%2Cwon") != std::string::npos, *p.next_link);
  }
  BOOST_TEST(got == w.Newest(StatusIn({"new", "won"})), boost::test_tools::per_element());

  // limit + cursor, followed by hand.
  got.clear();
  std::string target = w.Path("limit=4");
  for (int i = 0; i < 20; ++i) {
    Page p = GetPage(w.client, w.admin, target);
    BOOST_TEST(p.limit == 4u);
    BOOST_TEST(p.leads.size() <= 4u);
    BOOST_TEST(!p.page.has_value());
    auto ids = IdsOf(p.leads);
    got.insert(got.end(), ids.begin(), ids.end());
    BOOST_TEST(p.has_more == p.next_cursor.has_value());
    if (!p.next_cursor) break;
    target = w.Path("limit=4&cursor=" + Enc(*p.next_cursor));
  }
  BOOST_TEST(got == all, boost::test_tools::per_element());
  // An exact multiple: the last full page says no more (18 = 6 * 3).
  auto thirds = ListAll(w.client, w.admin, w.Path("limit=3"));
  BOOST_TEST(IdsOf(thirds) == all, boost::test_tools::per_element());
  Page six = GetPage(w.client, w.admin, w.Path("limit=18"));
  BOOST_TEST(six.leads.size() == 18u);
  BOOST_TEST(!six.has_more);
  BOOST_TEST(!six.next_cursor.has_value());
}

BOOST_AUTO_TEST_CASE(bad_values_are_400_naming_the_parameter) {
  World w;
  Page updated_page = GetPage(w.client, w.admin, w.Path("sort=updated_at&limit=2"));
  Page newest_page = GetPage(w.client, w.admin, w.Path("limit=2"));
  BOOST_REQUIRE(updated_page.next_cursor && newest_page.next_cursor);
  std::string updated_cursor = Enc(*updated_page.next_cursor), newest_cursor = Enc(*newest_page.next_cursor);
  uint64_t filter = CreateFilter(w.client, w.admin, w.campaign, EqFilter("Vendor A", "source", "a"));
  Token vendor = CreateToken(w.client, w.admin, "vendor a", "read", w.campaign, filter);

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"foo=1", "foo"},
      {"status=new&colour=red", "colour"},
      {"Status=new", "Status"},
      {"status=bogus", "status"},
      {"status=new,bogus", "status"},
      {"status=", "status"},
      {"source=zzz", "source"},
      {"source=a,zzz", "source"},
      {"region=a", "region"},
      {"created_after=yesterday", "created_after"},
      {"created_before=2026-13-01T00:00:00Z", "created_before"},
      {"updated_after=" + Enc("2026-02-30 10:00:00"), "updated_after"},
      {"updated_before=2026-01-01", "updated_before"},
      {"created_after=" + Enc("2026-01-01T10:00:00"), "created_after"},
      {"limit=0", "limit"},
      {"limit=501", "limit"},
      {"limit=-1", "limit"},
      {"limit=ten", "limit"},
      {"per_page=0", "per_page"},
      {"page=0", "page"},
      {"page=x", "page"},
      {"page=202", "page"},              // skips 201 * 50 > 10,000 leads: use cursors
      {"per_page=500&page=22", "page"},  // skips 10,500
      {"limit=5&per_page=5", "per_page"},
      {"cursor=zz", "cursor"},
      {"cursor=", "cursor"},
      {"cursor=" + newest_cursor + "&page=2", "page"},
      {"cursor=" + updated_cursor, "cursor"},
      {"sort=updated_at&cursor=" + newest_cursor, "cursor"},
      {"sort=created_at", "sort"},
      {"sort=-updated_at", "sort"},
      {"status=new&status=won", "status"},
      {"source=a&source=b", "source"},
      {"limit=5&limit=6", "limit"},
  };
  for (const auto& [query, param] : cases) {
    for (const std::string* token : {&w.admin, &vendor.secret}) {
      BOOST_TEST_CONTEXT("query " << query << (token == &w.admin ? " as admin" : " as vendor")) {
        CheckBadParameter(w.client.Request("GET", w.Path(query), "", *token), param);
      }
    }
  }
  // Valid edge values for contrast.
  BOOST_TEST(w.client.Request("GET", w.Path("limit=500"), "", w.admin).status == 200);
  BOOST_TEST(w.client.Request("GET", w.Path("limit=1"), "", w.admin).status == 200);
  BOOST_TEST(w.client.Request("GET", w.Path("per_page=500&page=21"), "", w.admin).status == 200);
  BOOST_TEST(w.client.Request("GET", w.Path("cursor=" + updated_cursor + "&sort=updated_at"), "", w.admin).status ==
             200);
}

BOOST_AUTO_TEST_CASE(filtered_token_ands_its_filter_with_the_query) {
  World w;
  uint64_t fa = CreateFilter(w.client, w.admin, w.campaign, EqFilter("Vendor A", "source", "a"));
  uint64_t fwon = CreateFilter(w.client, w.admin, w.campaign,
                               R"({"name": "Closed", "match": "any",
                                   "conditions": [{"field": "status", "op": "eq", "value": "won"},
                                                  {"field": "status", "op": "eq", "value": "lost"}]})");
  Token vendor = CreateToken(w.client, w.admin, "vendor a", "read", w.campaign, fa);
  Token closed = CreateToken(w.client, w.admin, "closed", "read", w.campaign, fwon);
  const Pred in_a = SourceIn({"a"});
  const Pred is_closed = StatusIn({"won", "lost"});

  w.Check("", w.Newest(in_a), vendor.secret);
  w.Check("status=new", w.Newest(And(in_a, StatusIn({"new"}))), vendor.secret);
  w.Check("status=contacted,won", w.Newest(And(in_a, StatusIn({"contacted", "won"}))), vendor.secret);
  // Another vendor's source is as unknown to the token as a made-up one: 400 either way.
  for (const std::string query : {"source=b", "source=a,b", "source=b,c&status=new", "source=zz"}) {
    BOOST_TEST_CONTEXT(query) {
      CheckProblem(w.client.Request("GET", w.Path(query), "", vendor.secret), 400, "invalid_parameter");
    }
  }
  w.Check("sort=updated_at", w.OldestChange(in_a), vendor.secret);
  w.Check("sort=updated_at&limit=1", w.OldestChange(in_a), vendor.secret);
  w.Check("limit=1", w.Newest(in_a), vendor.secret);
  int64_t t = w.leads.at(w.phase2.front()).created_at;
  w.Check("created_after=" + Enc(lg::core::FormatTimestamp(t)),
          w.Newest(And(in_a, [t](const LeadInfo& l) { return l.created_at >= t; })), vendor.secret);

  w.Check("", w.Newest(is_closed), closed.secret);
  w.Check("source=c", w.Newest(And(is_closed, SourceIn({"c"}))), closed.secret);
  w.Check("status=won", w.Newest(StatusIn({"won"})), closed.secret);
  CheckProblem(w.client.Request("GET", w.Path("status=new"), "", closed.secret), 400, "invalid_parameter");
  w.Check("limit=1&source=a,b", w.Newest(And(is_closed, SourceIn({"a", "b"}))), closed.secret);
  // Page numbers count matching leads only: page 2 of size 1 starts at the second closed lead.
  auto closed_ids = w.Newest(is_closed);
  BOOST_REQUIRE(closed_ids.size() > 2u);
  w.Check("page=2&per_page=1", std::vector<uint64_t>(closed_ids.begin() + 1, closed_ids.end()), closed.secret);
}

BOOST_AUTO_TEST_CASE(next_links_carry_the_query) {
  World w;
  const std::string query =
      "status=new,contacted&source=a,b&created_after=" + Enc(LocalSeconds(w.leads.at(w.phase1.front()).created_at)) +
      "&limit=2";
  Page first = GetPage(w.client, w.admin, w.Path(query));
  BOOST_REQUIRE(first.next_link.has_value());
  const std::string& next = *first.next_link;
  BOOST_TEST(next.find("status=new%2Ccontacted") != std::string::npos, next);
  BOOST_TEST(next.find("source=a%2Cb") != std::string::npos, next);
  BOOST_TEST(next.find("created_after=") != std::string::npos, next);
  BOOST_TEST(next.find("limit=2") != std::string::npos, next);
  BOOST_TEST(next.find("cursor=") != std::string::npos, next);
  BOOST_TEST(first.link_header == "<" + next + ">; rel=\"next\"");
  BOOST_TEST(next.rfind("http://", 0) == 0, next);
  // Following links.next alone (no other state) yields exactly the filtered list.
  auto all = ListAll(w.client, w.admin, w.Path(query));
  auto expected = w.Newest(And(StatusIn({"new", "contacted"}), SourceIn({"a", "b"})));
  BOOST_TEST(IdsOf(all) == expected, boost::test_tools::per_element());
  BOOST_TEST(expected.size() > 2u);
  // Following the Link header instead gives the same.
  std::vector<uint64_t> via_header;
  std::string target = w.Path(query);
  for (int i = 0; i < 50; ++i) {
    Page p = GetPage(w.client, w.admin, target);
    auto ids = IdsOf(p.leads);
    via_header.insert(via_header.end(), ids.begin(), ids.end());
    if (p.link_header.empty()) break;
    BOOST_REQUIRE(p.link_header.front() == '<');
    target = PathOf(p.link_header.substr(1, p.link_header.find('>') - 1));
  }
  BOOST_TEST(via_header == expected, boost::test_tools::per_element());
  // sort=updated_at is carried as well.
  Page upd = GetPage(w.client, w.admin, w.Path("sort=updated_at&limit=3&source=a,b,c"));
  BOOST_REQUIRE(upd.next_link.has_value());
  BOOST_TEST(upd.next_link->find("sort=updated_at") != std::string::npos, *upd.next_link);
  BOOST_TEST(IdsOf(ListAll(w.client, w.admin, w.Path("sort=updated_at&limit=3&source=a,b,c"))) ==
                 w.OldestChange(SourceIn({"a", "b", "c"})),
             boost::test_tools::per_element());
  // For a filtered token the links carry the query, and the filter still applies on every page.
  uint64_t fa = CreateFilter(w.client, w.admin, w.campaign, EqFilter("Vendor A", "source", "a"));
  Token vendor = CreateToken(w.client, w.admin, "vendor a", "read", w.campaign, fa);
  auto vendor_all = ListAll(w.client, vendor.secret, w.Path("limit=1&status=new,contacted,won,lost"));
  BOOST_TEST(IdsOf(vendor_all) == w.Newest(SourceIn({"a"})), boost::test_tools::per_element());
}

// Select slugs share the query string with the list parameters; a campaign must not be able to
// define a select it then cannot list by.
BOOST_FIXTURE_TEST_CASE(select_slugs_never_collide_with_list_parameters, ApiFixture) {
  for (const char* slug : {"status", "sort", "limit", "cursor", "page", "per_page", "created_after", "created_before",
                           "updated_after", "updated_before"}) {
    BOOST_TEST_CONTEXT("select slug " << slug) {
      std::string doc = std::string(R"({"name": "Collide", "fields": [{"slug": "marker", "type": "text"}],
        "selects": [{"slug": ")") +
                        slug + R"(", "options": [{"slug": "x"}, {"slug": "y"}]}],
        "statuses": [{"slug": "new", "default": true}]})";
      auto res = client.Request("POST", "/v2/campaigns", doc, admin);
      if (res.status == 422) {
        CheckProblem(res, 422, "validation_failed");
        bool reserved = false;
        for (const auto& [field, code] : ErrorsOf(res)) reserved = reserved || code == "reserved_slug";
        BOOST_TEST(reserved, res.body);
        continue;
      }
      BOOST_REQUIRE_MESSAGE(res.status == 201, res.body);
      uint64_t campaign = U64(Json(res.body)["id"]);
      LeadInfo x =
          CreateLead(client, admin, campaign, std::string(R"({"select_field_values": {")") + slug + R"(": "x"}})");
      CreateLead(client, admin, campaign, std::string(R"({"select_field_values": {")") + slug + R"(": "y"}})");
      auto list = client.Request("GET", LeadsPath(campaign) + "?" + slug + "=x", "", admin);
      BOOST_TEST(list.status == 200, "accepted a select it cannot list by: " << list.status << " " << list.body);
      if (list.status == 200) BOOST_TEST(IdsOf(ParsePage(list).leads) == std::vector<uint64_t>{x.id});
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace list_query_test
