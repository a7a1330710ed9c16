#include "core/query_plan.h"

#include <boost/test/unit_test.hpp>

#include "core/campaign_json.h"
#include "core/filter_rules.h"
#include "core/lead_id_generator.h"
#include "core/time_util.h"

namespace query_plan_test {

using namespace lg::core;

namespace {

Campaign Schema() {
  auto c = DecodeCampaign(R"({"name": "C", "fields": [{"slug": "postcode", "type": "text"}],
      "selects": [{"slug": "source", "options": [{"slug": "a"}, {"slug": "b"}]}],
      "statuses": [{"slug": "new", "default": true}, {"slug": "won"}]})",
                          CampaignForm::kApi);
  if (!c.has_value()) BOOST_FAIL(c.error().detail());
  Campaign campaign = c.value();
  campaign.AssignInternalIds();
  return campaign;
}

CompiledFilter Compile(const Campaign& campaign, std::vector<FilterCondition> conditions) {
  Filter f;
  f.name = "plan";
  f.conditions = std::move(conditions);
  auto compiled = CompileFilter(campaign, f);
  if (!compiled.has_value()) {
    std::string why;
    for (const auto& e : compiled.error().errors()) why += e.field + ":" + e.code + " ";
    BOOST_FAIL(why);
  }
  return compiled.value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(query_plan)

BOOST_AUTO_TEST_CASE(a_vendor_filter_alone_is_answered_by_its_index_without_decoding) {
  Campaign c = Schema();
  CompiledFilter vendor = Compile(c, {{"source", FilterOp::kEq, {"\"a\""}}});
  ScanPlan plan = PlanScan(&vendor, CompiledFilter{}, ListSort::kNewestFirst);
  BOOST_TEST((plan.source == ScanPlan::Source::kSelectIndex));
  BOOST_TEST(plan.value_id == c.FindSelect("source")->FindOption("a")->id);
  BOOST_REQUIRE(plan.only_condition != nullptr);
  BOOST_TEST(plan.only_condition->texts.front() == "a");
}

BOOST_AUTO_TEST_CASE(any_other_condition_means_every_candidate_is_decoded_and_checked) {
  Campaign c = Schema();
  CompiledFilter vendor = Compile(c, {{"source", FilterOp::kEq, {"\"a\""}}});
  CompiledFilter query = Compile(c, {{"postcode", FilterOp::kStartsWith, {"\"8\""}}});
  ScanPlan plan = PlanScan(&vendor, query, ListSort::kNewestFirst);
  BOOST_TEST((plan.source == ScanPlan::Source::kSelectIndex));
  BOOST_TEST(plan.only_condition == nullptr);
  CompiledFilter two = Compile(c, {{"source", FilterOp::kEq, {"\"a\""}}, {"status", FilterOp::kEq, {"\"won\""}}});
  BOOST_TEST(PlanScan(&two, CompiledFilter{}, ListSort::kNewestFirst).only_condition == nullptr);
  // Sync order reads the updated-time index and always checks.
  BOOST_TEST(PlanScan(&vendor, CompiledFilter{}, ListSort::kUpdatedAscending).only_condition == nullptr);
  // A status query alone uses the status index.
  CompiledFilter won = Compile(c, {{"status", FilterOp::kEq, {"\"won\""}}});
  ScanPlan by_status = PlanScan(nullptr, won, ListSort::kNewestFirst);
  BOOST_TEST((by_status.source == ScanPlan::Source::kStatusIndex));
  BOOST_REQUIRE(by_status.only_condition != nullptr);
}

// A token filter of no conditions (its saved filter is gone) matches nothing: a query's own
// condition must not stand in for it on the value-only fast path.
BOOST_AUTO_TEST_CASE(a_token_filter_of_nothing_is_never_skipped) {
  Campaign c = Schema();
  CompiledFilter nothing{FilterMatch::kAny, {}};
  CompiledFilter query = Compile(c, {{"source", FilterOp::kEq, {"\"a\""}}});
  ScanPlan plan = PlanScan(&nothing, query, ListSort::kNewestFirst);
  BOOST_TEST((plan.source == ScanPlan::Source::kSelectIndex));
  BOOST_TEST(plan.only_condition == nullptr);
}

// A scoped GET checks the record with LeadHasValue only when that is the whole filter.
BOOST_AUTO_TEST_CASE(only_a_lone_one_value_select_or_status_condition_is_checked_without_decoding) {
  Campaign c = Schema();
  CompiledFilter vendor = Compile(c, {{"source", FilterOp::kEq, {"\"a\""}}});
  BOOST_REQUIRE(SoleValueCondition(vendor) != nullptr);
  BOOST_TEST(SoleValueCondition(vendor)->slug == "source");
  BOOST_TEST(SoleValueCondition(Compile(c, {{"status", FilterOp::kIn, {"\"won\""}}})) != nullptr);
  BOOST_TEST(SoleValueCondition(Compile(c, {{"source", FilterOp::kIn, {"\"a\"", "\"b\""}}})) == nullptr);
  BOOST_TEST(SoleValueCondition(Compile(c, {{"source", FilterOp::kNeq, {"\"a\""}}})) == nullptr);
  BOOST_TEST(SoleValueCondition(Compile(c, {{"postcode", FilterOp::kEq, {"\"8000\""}}})) == nullptr);
  BOOST_TEST(SoleValueCondition(Compile(
                 c, {{"source", FilterOp::kEq, {"\"a\""}}, {"status", FilterOp::kEq, {"\"won\""}}})) == nullptr);
  BOOST_TEST(SoleValueCondition(CompiledFilter{}) == nullptr);
}

BOOST_AUTO_TEST_CASE(created_and_updated_conditions_bound_the_scan_from_the_token_filter_and_the_query) {
  Campaign c = Schema();
  const int64_t t1 = *ParseTimestamp("2026-11-01T00:00:00Z"), t2 = *ParseTimestamp("2026-11-20T00:00:00Z");
  auto at = [](int64_t t) { return "\"" + FormatTimestamp(t) + "\""; };
  // created_after (gte) from the query, created_before (lt) from the token's filter.
  CompiledFilter token = Compile(c, {{"created_at", FilterOp::kLt, {at(t2)}}});
  CompiledFilter query = Compile(c, {{"created_at", FilterOp::kGte, {at(t1)}}});
  ScanPlan plan = PlanScan(&token, query, ListSort::kNewestFirst);
  // Widened by the slack between a lead's created_at and the time in its id.
  BOOST_TEST(plan.from_id == LeadIdGenerator::FirstIdAt(t1 - kCreatedIdSlackMs));
  BOOST_REQUIRE(plan.before_id.has_value());
  BOOST_TEST(*plan.before_id == LeadIdGenerator::FirstIdAt(t2 + kCreatedIdSlackMs));
  BOOST_TEST(plan.updated_from == 0);
  BOOST_TEST(!plan.updated_until.has_value());

  // updated_at: gt and lte are exact at millisecond grain; the tighter of two bounds wins.
  query = Compile(c, {{"updated_at", FilterOp::kGt, {at(t1)}},
                      {"updated_at", FilterOp::kGte, {at(t1 - 5)}},
                      {"updated_at", FilterOp::kLte, {at(t2)}},
                      {"source", FilterOp::kEq, {"\"a\""}}});
  plan = PlanScan(nullptr, query, ListSort::kUpdatedAscending);
  BOOST_TEST(plan.updated_from == t1 + 1);
  BOOST_TEST(plan.updated_until.value_or(0) == t2 + 1);
  BOOST_TEST(plan.from_id == 0u);
  BOOST_TEST(!plan.before_id.has_value());

  // An `any` filter of several conditions bounds nothing: a lead may match another condition.
  Filter any;
  any.name = "any";
  any.match = FilterMatch::kAny;
  any.conditions = {{"created_at", FilterOp::kGte, {at(t1)}}, {"status", FilterOp::kEq, {"\"won\""}}};
  auto compiled = CompileFilter(c, any);
  BOOST_REQUIRE(compiled.has_value());
  plan = PlanScan(&*compiled, CompiledFilter{}, ListSort::kNewestFirst);
  BOOST_TEST(plan.from_id == 0u);
  BOOST_TEST(!plan.before_id.has_value());
}

BOOST_AUTO_TEST_CASE(a_sync_with_a_select_equality_reads_that_options_updated_range) {
  Campaign c = Schema();
  const uint32_t a = c.FindSelect("source")->FindOption("a")->id, b = c.FindSelect("source")->FindOption("b")->id;
  CompiledFilter vendor = Compile(c, {{"source", FilterOp::kEq, {"\"a\""}}});
  ScanPlan plan = PlanScan(&vendor, CompiledFilter{}, ListSort::kUpdatedAscending);
  BOOST_TEST((plan.source == ScanPlan::Source::kOptionUpdatedIndex));
  BOOST_TEST(plan.select_id == c.FindSelect("source")->id);
  BOOST_TEST(plan.value_id == a);
  // From the query when the token has no filter; the token's filter first.
  CompiledFilter query = Compile(c, {{"source", FilterOp::kIn, {"\"b\""}}});
  BOOST_TEST(PlanScan(nullptr, query, ListSort::kUpdatedAscending).value_id == b);
  BOOST_TEST(PlanScan(&vendor, query, ListSort::kUpdatedAscending).value_id == a);
  // No single option: the campaign's updated-time index.
  CompiledFilter two = Compile(c, {{"source", FilterOp::kIn, {"\"a\"", "\"b\""}}});
  BOOST_TEST((PlanScan(&two, CompiledFilter{}, ListSort::kUpdatedAscending).source == ScanPlan::Source::kUpdatedIndex));
  CompiledFilter status = Compile(c, {{"status", FilterOp::kEq, {"\"won\""}}});
  BOOST_TEST(
      (PlanScan(&status, CompiledFilter{}, ListSort::kUpdatedAscending).source == ScanPlan::Source::kUpdatedIndex));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace query_plan_test
