#include "core/duplicate_rule.h"

#include <boost/test/unit_test.hpp>

#include "core/campaign_json.h"
#include "core/campaign_rules.h"

namespace duplicate_rule_test {

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

// IsDuplicateUnder with `lead`'s values taken the way the create path takes them.
bool IsDoubletOf(const DuplicateRule& rule, const Campaign& c, const Lead& lead, const Lead& earlier, int64_t now) {
  return IsDuplicateUnder(rule, c, lead, DuplicateValuesUnder(rule, c, lead), earlier, now);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(duplicate)

BOOST_AUTO_TEST_CASE(rules_round_trip_through_the_campaign_json) {
  Campaign c = Schema(R"([{"name": "mail", "match": "any", "fields": ["email", "phone"], "window_seconds": 3600,
                           "ignore_statuses": ["lost"], "action": "reject"}])");
  BOOST_TEST(ValidateCampaign(c).ok());
  auto again = DecodeCampaign(EncodeCampaign(c, CampaignForm::kStored), CampaignForm::kStored);
  BOOST_REQUIRE(again.has_value());
  BOOST_REQUIRE_EQUAL(again->duplicate_rules.size(), 1u);
  const DuplicateRule& r = again->duplicate_rules[0];
  BOOST_TEST(r.name == "mail");
  BOOST_TEST(!r.match_all);
  BOOST_TEST(r.members == (std::vector<std::string>{"email", "phone"}));
  BOOST_TEST(r.window_seconds == 3600);
  BOOST_TEST(r.ignore_statuses == std::vector<std::string>{"lost"});
  BOOST_TEST((r.action == DuplicateAction::kReject));
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
  BOOST_TEST(*DuplicateValue(c, l, "email") == "jane.doe@example.com");
  BOOST_TEST(*DuplicateValue(c, l, "phone") == "4512345678");
  BOOST_TEST(*DuplicateValue(c, l, "source") == "a");
  BOOST_TEST(!DuplicateValue(c, l, "name").has_value());  // absent never matches
}

BOOST_AUTO_TEST_CASE(an_all_rule_has_one_key_for_all_its_values_together_and_none_without_one) {
  Campaign c = Schema(R"([{"fields": ["email", "phone"], "match": "all", "window_seconds": 60}])");
  const DuplicateRule& rule = c.duplicate_rules[0];
  auto keys = [&](const Lead& l) { return DuplicateKeys(rule, DuplicateValuesUnder(rule, c, l)); };
  auto jane = keys(Make(1, 0, "Jane@x.dk", "+45 12 34 56 78"));
  BOOST_REQUIRE_EQUAL(jane.size(), 1u);
  BOOST_TEST(jane.front().size() == kDuplicateKeyBytes);
  BOOST_TEST(keys(Make(2, 0, " jane@X.DK", "4512345678")) == jane);  // the same values, normalized
  BOOST_TEST(keys(Make(3, 0, "jane@x.dk", "4512345679")) != jane);   // one member differs
  BOOST_TEST(keys(Make(4, 0, "jane@x.dk", "")).empty());             // a member without a value
  // Parts cannot run into each other: ("ab", "c") is not ("a", "bc").
  BOOST_TEST(keys(Make(5, 0, "ab", "1")) != keys(Make(6, 0, "a", "b1")));
}

BOOST_AUTO_TEST_CASE(an_any_rule_has_a_key_per_member_with_a_value) {
  Campaign c = Schema(R"([{"fields": ["email", "phone"], "match": "any", "window_seconds": 60}])");
  const DuplicateRule& rule = c.duplicate_rules[0];
  auto keys = [&](const Lead& l) { return DuplicateKeys(rule, DuplicateValuesUnder(rule, c, l)); };
  auto both = keys(Make(1, 0, "jane@x.dk", "12345678"));
  BOOST_REQUIRE_EQUAL(both.size(), 2u);
  auto mail_only = keys(Make(2, 0, "JANE@x.dk", ""));
  BOOST_REQUIRE_EQUAL(mail_only.size(), 1u);
  BOOST_TEST(mail_only.front() == both.front());
  auto phone_only = keys(Make(3, 0, "", "12 34 56 78"));
  BOOST_REQUIRE_EQUAL(phone_only.size(), 1u);
  BOOST_TEST(phone_only.front() == both.back());
  BOOST_TEST(keys(Make(4, 0, "", "")).empty());
}

BOOST_AUTO_TEST_CASE(keys_name_what_the_rule_compares_so_other_rules_never_share_them) {
  Campaign c = Schema(R"([{"fields": ["email"], "window_seconds": 60, "ignore_statuses": ["lost", "new"]},
                          {"fields": ["email"], "window_seconds": 999, "ignore_statuses": ["new", "lost"],
                           "action": "reject", "name": "other"},
                          {"fields": ["email"], "window_seconds": 60, "ignore_statuses": ["lost"]},
                          {"fields": ["email"], "match": "any", "window_seconds": 60, "ignore_statuses": ["lost"]}])");
  Lead l = Make(1, 0, "jane@x.dk", "");
  auto key_of = [&](size_t i) {
    const DuplicateRule& r = c.duplicate_rules[i];
    return DuplicateKeys(r, DuplicateValuesUnder(r, c, l));
  };
  // Name, window and action do not change what is compared; ignored statuses and match do.
  BOOST_TEST(key_of(0) == key_of(1));
  BOOST_TEST(DuplicateSignature(c.duplicate_rules[0]) == DuplicateSignature(c.duplicate_rules[1]));
  BOOST_TEST(key_of(0) != key_of(2));
  BOOST_TEST(key_of(2) != key_of(3));
  BOOST_TEST(DuplicateSignatures(c).size() == 3u);
  BOOST_TEST(CountsForRule(c.duplicate_rules[2], "new"));
  BOOST_TEST(!CountsForRule(c.duplicate_rules[2], "lost"));
}

BOOST_AUTO_TEST_CASE(all_any_window_and_ignored_statuses) {
  Campaign c = Schema(R"([{"fields": ["email", "phone"], "match": "all", "window_seconds": 10}])");
  const DuplicateRule& all = c.duplicate_rules[0];
  const int64_t now = 1'000'000'000;
  Lead fresh = Make(9, now, "a@x.dk", "12345678");
  BOOST_TEST(IsDoubletOf(all, c, fresh, Make(1, now - 5000, "A@x.dk", "12 34 56 78"), now));
  BOOST_TEST(!IsDoubletOf(all, c, fresh, Make(1, now - 5000, "a@x.dk", "87654321"), now));
  // The window is exact to the millisecond: 9.999 s earlier counts, 10 s earlier does not.
  BOOST_TEST(IsDoubletOf(all, c, fresh, Make(1, now - 9999, "a@x.dk", "12345678"), now));
  BOOST_TEST(!IsDoubletOf(all, c, fresh, Make(1, now - 10000, "a@x.dk", "12345678"), now));
  DuplicateRule any = all;
  any.match_all = false;
  BOOST_TEST(IsDoubletOf(any, c, fresh, Make(1, now - 5000, "a@x.dk", "87654321"), now));
  BOOST_TEST(!IsDoubletOf(any, c, fresh, Make(1, now - 5000, "b@x.dk", "87654321"), now));
  // Absent on both sides is not "equal".
  BOOST_TEST(!IsDoubletOf(any, c, Make(9, now, "", ""), Make(1, now - 5000, "", ""), now));
  DuplicateRule ignoring = any;
  ignoring.ignore_statuses = {"lost"};
  BOOST_TEST(!IsDoubletOf(ignoring, c, fresh, Make(1, now - 5000, "a@x.dk", "", "a", "lost"), now));
  BOOST_TEST(!IsDoubletOf(any, c, fresh, fresh, now));  // never a duplicate of itself
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace duplicate_rule_test
