#include "core/doublet.h"

#include <boost/test/unit_test.hpp>

#include "core/campaign_json.h"
#include "core/campaign_rules.h"

using namespace lg::core;

namespace {

Campaign Schema(const std::string& rules) {
  auto c = DecodeCampaign(R"({"name": "C", "fields": [{"slug": "email", "type": "email"},
      {"slug": "phone", "type": "phone"}, {"slug": "name", "type": "text"}],
      "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
      "statuses": [{"slug": "new", "default": true}, {"slug": "lost", "type": "lost"}],
      "duplicate_rules": )" + rules +
                              "}",
                          CampaignForm::kApi);
  if (!c.has_value()) BOOST_FAIL(c.error().detail());
  return c.value();
}

Lead Make(uint64_t id, int64_t created_at, const std::string& email, const std::string& phone,
          const std::string& source = "a", const std::string& status = "new") {
  Lead l;
  l.id = id;
  l.created_at = created_at;
  l.status = status;
  if (!email.empty()) l.field_values["email"] = "\"" + email + "\"";
  if (!phone.empty()) l.field_values["phone"] = "\"" + phone + "\"";
  l.select_values["source"] = source;
  return l;
}

std::vector<std::string> ErrorFields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& e : s.errors()) out.push_back(e.field + ":" + e.code);
  return out;
}

// IsDoubletUnder with `lead`'s values taken the way the create path takes them.
bool IsDoubletOf(const DoubletRule& rule, const Campaign& c, const Lead& lead, const Lead& earlier, int64_t now) {
  return IsDoubletUnder(rule, c, lead, DoubletValuesUnder(rule, c, lead), earlier, now);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(doublet)

BOOST_AUTO_TEST_CASE(rules_round_trip_through_the_campaign_json) {
  Campaign c = Schema(R"([{"name": "mail", "match": "any", "fields": ["email", "phone"], "window_seconds": 3600,
                           "ignore_statuses": ["lost"], "action": "reject"}])");
  BOOST_TEST(ValidateCampaign(c).ok());
  auto again = DecodeCampaign(EncodeCampaign(c, CampaignForm::kStored), CampaignForm::kStored);
  BOOST_REQUIRE(again.has_value());
  BOOST_REQUIRE_EQUAL(again->duplicate_rules.size(), 1u);
  const DoubletRule& r = again->duplicate_rules[0];
  BOOST_TEST(r.name == "mail");
  BOOST_TEST(!r.match_all);
  BOOST_TEST(r.members == (std::vector<std::string>{"email", "phone"}));
  BOOST_TEST(r.window_seconds == 3600);
  BOOST_TEST(r.ignore_statuses == std::vector<std::string>{"lost"});
  BOOST_TEST((r.action == DoubletAction::kReject));
}

BOOST_AUTO_TEST_CASE(bad_rules_are_refused_naming_the_member) {
  Campaign c = Schema(R"([{"fields": ["email", "nope", "email"], "window_seconds": 0, "ignore_statuses": ["gone"]},
                          {"fields": [], "window_seconds": 10}])");
  auto errors = ErrorFields(ValidateCampaign(c));
  std::vector<std::string> expected{
      "duplicate_rules[0].fields[1]:unknown_field", "duplicate_rules[0].fields[2]:duplicate_slug",
      "duplicate_rules[0].window_seconds:out_of_range", "duplicate_rules[0].ignore_statuses[0]:unknown_status",
      "duplicate_rules[1].fields:required"};
  BOOST_TEST(errors == expected, boost::test_tools::per_element());
  auto bad = DecodeCampaign(R"({"name": "C", "statuses": [{"slug": "n", "default": true}],
      "duplicate_rules": [{"fields": ["x"], "match": "some", "action": "drop"}]})",
                            CampaignForm::kApi);
  BOOST_REQUIRE(!bad.has_value());
  auto decode_errors = ErrorFields(bad.error());
  BOOST_TEST(decode_errors == (std::vector<std::string>{"duplicate_rules[0].match:invalid_match",
                                                        "duplicate_rules[0].action:invalid_action",
                                                        "duplicate_rules[0].window_seconds:required"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(values_compare_normalized) {
  Campaign c = Schema(R"([{"fields": ["email"], "window_seconds": 60}])");
  Lead l = Make(2, 0, "  Jane.Doe@Example.COM ", "+45 12 34-56 78");
  BOOST_TEST(*DoubletValue(c, l, "email") == "jane.doe@example.com");
  BOOST_TEST(*DoubletValue(c, l, "phone") == "4512345678");
  BOOST_TEST(*DoubletValue(c, l, "source") == "a");
  BOOST_TEST(!DoubletValue(c, l, "name").has_value());  // absent never matches
  BOOST_TEST(DoubletHash("email", "x") != DoubletHash("phone", "x"));
  BOOST_TEST(DoubletHash("email", "x") == DoubletHash("email", "x"));
}

BOOST_AUTO_TEST_CASE(all_any_window_and_ignored_statuses) {
  Campaign c = Schema(R"([{"fields": ["email", "phone"], "match": "all", "window_seconds": 10}])");
  const DoubletRule& all = c.duplicate_rules[0];
  const int64_t now = 1'000'000'000;
  Lead fresh = Make(9, now, "a@x.dk", "12345678");
  BOOST_TEST(IsDoubletOf(all, c, fresh, Make(1, now - 5000, "A@x.dk", "12 34 56 78"), now));
  BOOST_TEST(!IsDoubletOf(all, c, fresh, Make(1, now - 5000, "a@x.dk", "87654321"), now));
  // The window is exact to the millisecond: 9.999 s earlier counts, 10 s earlier does not.
  BOOST_TEST(IsDoubletOf(all, c, fresh, Make(1, now - 9999, "a@x.dk", "12345678"), now));
  BOOST_TEST(!IsDoubletOf(all, c, fresh, Make(1, now - 10000, "a@x.dk", "12345678"), now));
  DoubletRule any = all;
  any.match_all = false;
  BOOST_TEST(IsDoubletOf(any, c, fresh, Make(1, now - 5000, "a@x.dk", "87654321"), now));
  BOOST_TEST(!IsDoubletOf(any, c, fresh, Make(1, now - 5000, "b@x.dk", "87654321"), now));
  // Absent on both sides is not "equal".
  BOOST_TEST(!IsDoubletOf(any, c, Make(9, now, "", ""), Make(1, now - 5000, "", ""), now));
  DoubletRule ignoring = any;
  ignoring.ignore_statuses = {"lost"};
  BOOST_TEST(!IsDoubletOf(ignoring, c, fresh, Make(1, now - 5000, "a@x.dk", "", "a", "lost"), now));
  BOOST_TEST(!IsDoubletOf(any, c, fresh, fresh, now));  // never a doublet of itself
}

BOOST_AUTO_TEST_SUITE_END()
