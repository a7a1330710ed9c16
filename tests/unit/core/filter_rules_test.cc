// Saved filters: compile errors naming the condition, and Matches for every operator.

#include "core/filter_rules.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "core/time_util.h"
#include "tests/support/text_helpers.h"

namespace filter_rules_test {

using namespace lg::core;

namespace {

using O = FilterOp;
using lg::test::Errors;

Campaign Schema() {
  Campaign c;
  c.id = 9;
  c.name = "Solar";
  c.fields = {
      {"name", "Name", "", FieldType::kText, false},        {"email", "E-mail", "", FieldType::kEmail, false},
      {"phone", "Phone", "", FieldType::kPhone, false},     {"kwh", "kWh", "", FieldType::kNumber, false},
      {"born", "Born", "", FieldType::kDate, false},        {"call_at", "Call at", "", FieldType::kDatetime, false},
      {"optin", "Opt-in", "", FieldType::kCheckbox, false}, {"extra", "Extra", "", FieldType::kJson, false},
  };
  Select source;
  source.slug = "source";
  source.options = {{0, "web", "Web"}, {0, "vendor-xyz", "Vendor XYZ"}, {0, "fax", "Fax"}};
  Select region;
  region.slug = "region";
  region.options = {{0, "north", "North"}, {0, "south", "South"}};
  c.selects = {source, region};
  LeadStatus fresh;
  fresh.slug = "new";
  fresh.is_default = true;
  LeadStatus contacted;
  contacted.slug = "contacted";
  LeadStatus won;
  won.slug = "won";
  won.type = StatusType::kWon;
  c.statuses = {fresh, contacted, won};
  c.AssignInternalIds();
  return c;
}

Filter Of(std::vector<FilterCondition> conditions, FilterMatch match = FilterMatch::kAll) {
  Filter f;
  f.campaign_id = 9;
  f.name = "test";
  f.match = match;
  f.conditions = std::move(conditions);
  return f;
}

Status CompileError(const Filter& filter) {
  auto r = CompileFilter(Schema(), filter);
  return r.has_value() ? Status::Ok() : r.error();
}

// Compiles one condition (it must compile) and evaluates it on `lead`.
bool Match(const FilterCondition& condition, const Lead& lead) {
  auto compiled = CompileFilter(Schema(), Of({condition}));
  BOOST_REQUIRE_MESSAGE(compiled.has_value(), "condition on "
                                                  << condition.field << ": "
                                                  << (compiled.has_value() ? "" : Errors(compiled.error())));
  return Matches(*compiled, lead);
}

// A lead with every field set.
Lead Full() {
  Lead l;
  l.id = 1;
  l.campaign_id = 9;
  l.status = "contacted";
  l.field_values = {{"name", "\"Jane Doe\""},
                    {"email", "\"Jane@Example.com\""},
                    {"phone", "\"+45 1234 5678\""},
                    {"kwh", "12.5"},
                    {"born", "\"1990-06-15\""},
                    {"call_at", "\"2026-11-28T10:00:00.000Z\""},
                    {"optin", "true"},
                    {"extra", R"({"a":1})"}};
  l.select_values = {{"source", "web"}};
  l.created_at = 1795860000000;  // 2026-11-28T10:00:00Z
  l.updated_at = 1795860060000;  // a minute later
  return l;
}

// The operators allowed on each kind of target.
const std::vector<O> kAll{O::kEq, O::kNeq, O::kIn, O::kNotIn, O::kContains, O::kStartsWith,
                          O::kGt, O::kGte, O::kLt, O::kLte,   O::kEmpty,    O::kNotEmpty};

// A value that is valid for the target, so only the operator decides.
std::vector<std::string> ValueFor(const std::string& field, O op) {
  if (op == O::kEmpty || op == O::kNotEmpty) return {};
  if (op == O::kContains || op == O::kStartsWith) return {"\"a\""};
  std::string v = field == "status"                                ? "\"new\""
                  : field == "source"                              ? "\"web\""
                  : field == "created_at" || field == "updated_at" ? "\"2026-01-01T00:00:00Z\""
                  : field == "name"                                ? "\"Jane\""
                  : field == "kwh"                                 ? "3"
                  : field == "born"                                ? "\"2026-01-01\""
                  : field == "call_at"                             ? "\"2026-01-01T00:00:00Z\""
                  : field == "optin"                               ? "true"
                                                                   : "{}";
  return {v};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(filter_rules)

BOOST_AUTO_TEST_CASE(name_and_at_least_one_condition_are_required) {
  Filter f = Of({{"source", O::kEq, {"\"web\""}}});
  f.name = "";
  BOOST_TEST(Errors(CompileError(f)) == "name invalid_length");
  f.name = std::string(201, 'f');
  BOOST_TEST(Errors(CompileError(f)) == "name invalid_length");
  f.name = std::string(200, 'f');
  BOOST_TEST(CompileError(f).ok());
  BOOST_TEST(Errors(CompileError(Of({}))) == "conditions required");
  Status s = CompileError(Of({}));
  BOOST_TEST((s.kind() == ErrorKind::kInvalid));
  BOOST_TEST(s.code() == "validation_failed");
}

BOOST_AUTO_TEST_CASE(an_unknown_field_is_named_by_condition_index) {
  BOOST_TEST(Errors(CompileError(Of({{"source", O::kEq, {"\"web\""}}, {"colour", O::kEq, {"\"red\""}}}))) ==
             "conditions[1].field unknown_field");
  BOOST_TEST(Errors(CompileError(Of({{"id", O::kEq, {"1"}}}))) == "conditions[0].field unknown_field");
}

BOOST_AUTO_TEST_CASE(operators_allowed_per_target_and_type) {
  const std::vector<std::pair<std::string, std::vector<O>>> allowed{
      {"source", {O::kEq, O::kNeq, O::kIn, O::kNotIn, O::kEmpty, O::kNotEmpty}},
      {"status", {O::kEq, O::kNeq, O::kIn, O::kNotIn}},
      {"created_at", {O::kGt, O::kGte, O::kLt, O::kLte}},
      {"updated_at", {O::kGt, O::kGte, O::kLt, O::kLte}},
      {"name", {O::kEq, O::kNeq, O::kIn, O::kNotIn, O::kContains, O::kStartsWith, O::kEmpty, O::kNotEmpty}},
      {"kwh", {O::kEq, O::kNeq, O::kIn, O::kNotIn, O::kGt, O::kGte, O::kLt, O::kLte, O::kEmpty, O::kNotEmpty}},
      {"born", {O::kEq, O::kNeq, O::kIn, O::kNotIn, O::kGt, O::kGte, O::kLt, O::kLte, O::kEmpty, O::kNotEmpty}},
      {"call_at", {O::kEq, O::kNeq, O::kIn, O::kNotIn, O::kGt, O::kGte, O::kLt, O::kLte, O::kEmpty, O::kNotEmpty}},
      {"optin", {O::kEq, O::kNeq, O::kEmpty, O::kNotEmpty}},
      {"extra", {O::kEmpty, O::kNotEmpty}},
  };
  for (const auto& [field, ops] : allowed) {
    for (O op : kAll) {
      bool ok = std::find(ops.begin(), ops.end(), op) != ops.end();
      Status s = CompileError(Of({{"source", O::kEq, {"\"web\""}}, {field, op, ValueFor(field, op)}}));
      BOOST_TEST_CONTEXT(field << " " << ToString(op)) {
        if (ok) {
          BOOST_TEST(s.ok(), Errors(s));
        } else {
          BOOST_TEST(Errors(s) == "conditions[1].op operator_not_allowed");
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(bad_values_are_named_by_condition_index) {
  BOOST_TEST(Errors(CompileError(Of({{"source", O::kIn, {"\"web\"", "\"mail\""}}}))) ==
             "conditions[0].value unknown_option");
  BOOST_TEST(Errors(CompileError(Of({{"region", O::kEq, {"\"web\""}}}))) == "conditions[0].value unknown_option");
  BOOST_TEST(Errors(CompileError(Of({{"source", O::kEq, {"3"}}}))) == "conditions[0].value invalid_type");
  BOOST_TEST(Errors(CompileError(Of({{"status", O::kEq, {"\"lost\""}}}))) == "conditions[0].value unknown_status");
  BOOST_TEST(Errors(CompileError(Of({{"created_at", O::kGt, {"\"2026-02-30T00:00:00Z\""}}}))) ==
             "conditions[0].value invalid_datetime");
  BOOST_TEST(Errors(CompileError(Of({{"updated_at", O::kLt, {"17"}}}))) == "conditions[0].value invalid_datetime");
  BOOST_TEST(Errors(CompileError(Of({{"kwh", O::kGt, {"\"3\""}}}))) == "conditions[0].value invalid_number");
  BOOST_TEST(Errors(CompileError(Of({{"born", O::kEq, {"\"2026-02-30\""}}}))) == "conditions[0].value invalid_date");
  BOOST_TEST(Errors(CompileError(Of({{"call_at", O::kGte, {"\"soon\""}}}))) == "conditions[0].value invalid_datetime");
  BOOST_TEST(Errors(CompileError(Of({{"email", O::kEq, {"\"not-an-address\""}}}))) ==
             "conditions[0].value invalid_email");
  BOOST_TEST(Errors(CompileError(Of({{"optin", O::kEq, {"\"yes\""}}}))) == "conditions[0].value invalid_checkbox");
  BOOST_TEST(Errors(CompileError(Of({{"name", O::kContains, {"3"}}}))) == "conditions[0].value invalid_type");
  BOOST_TEST(Errors(CompileError(Of({{"name", O::kEq, {"{not json"}}}))) == "conditions[0].value invalid_type");
}

BOOST_AUTO_TEST_CASE(every_bad_condition_is_reported_at_once) {
  Filter f = Of({{"colour", O::kEq, {"\"red\""}},
                 {"status", O::kContains, {"\"n\""}},
                 {"source", O::kEq, {"\"web\""}},
                 {"kwh", O::kLt, {"true"}}});
  f.name = "";
  BOOST_TEST(Errors(CompileError(f)) ==
             "name invalid_length | conditions[0].field unknown_field | conditions[1].op operator_not_allowed | "
             "conditions[3].value invalid_number");
}

BOOST_AUTO_TEST_CASE(compiled_selects_and_statuses_carry_index_ids) {
  Campaign c = Schema();
  auto f = CompileFilter(c, Of({{"source", O::kIn, {"\"fax\"", "\"web\""}}, {"status", O::kEq, {"\"won\""}}}));
  BOOST_REQUIRE(f.has_value());
  BOOST_TEST(f->conditions[0].select_id == c.FindSelect("source")->id);
  BOOST_TEST(f->conditions[0].value_ids == (std::vector<uint32_t>{c.FindSelect("source")->FindOption("fax")->id,
                                                                  c.FindSelect("source")->FindOption("web")->id}),
             boost::test_tools::per_element());
  BOOST_TEST(f->conditions[1].value_ids == std::vector<uint32_t>{c.FindStatus("won")->id},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(eq_neq_in_not_in_on_selects_and_status) {
  Lead l = Full();
  BOOST_TEST(Match({"source", O::kEq, {"\"web\""}}, l));
  BOOST_TEST(!Match({"source", O::kEq, {"\"fax\""}}, l));
  BOOST_TEST(Match({"source", O::kIn, {"\"fax\"", "\"web\""}}, l));
  BOOST_TEST(!Match({"source", O::kIn, {"\"fax\"", "\"vendor-xyz\""}}, l));
  BOOST_TEST(!Match({"source", O::kNeq, {"\"web\""}}, l));
  BOOST_TEST(Match({"source", O::kNeq, {"\"fax\""}}, l));
  BOOST_TEST(!Match({"source", O::kNotIn, {"\"fax\"", "\"web\""}}, l));
  BOOST_TEST(Match({"source", O::kNotIn, {"\"fax\""}}, l));
  // An absent select equals nothing and differs from everything.
  BOOST_TEST(!Match({"region", O::kEq, {"\"north\""}}, l));
  BOOST_TEST(!Match({"region", O::kIn, {"\"north\"", "\"south\""}}, l));
  BOOST_TEST(Match({"region", O::kNeq, {"\"north\""}}, l));
  BOOST_TEST(Match({"region", O::kNotIn, {"\"north\"", "\"south\""}}, l));
  BOOST_TEST(Match({"status", O::kEq, {"\"contacted\""}}, l));
  BOOST_TEST(!Match({"status", O::kEq, {"\"new\""}}, l));
  BOOST_TEST(Match({"status", O::kIn, {"\"new\"", "\"contacted\""}}, l));
  BOOST_TEST(Match({"status", O::kNeq, {"\"new\""}}, l));
  BOOST_TEST(!Match({"status", O::kNotIn, {"\"contacted\""}}, l));
}

// A token whose saved filter is gone gets an `any` filter of no conditions: it must see nothing,
// while an `all` of nothing (no query conditions) lets everything through.
BOOST_AUTO_TEST_CASE(any_of_no_conditions_matches_nothing_and_all_of_none_everything) {
  BOOST_TEST(!Matches(CompiledFilter{FilterMatch::kAny, {}}, Full()));
  BOOST_TEST(Matches(CompiledFilter{FilterMatch::kAll, {}}, Full()));
}

BOOST_AUTO_TEST_CASE(empty_and_not_empty) {
  Lead l = Full();
  BOOST_TEST(Match({"source", O::kNotEmpty, {}}, l));
  BOOST_TEST(!Match({"source", O::kEmpty, {}}, l));
  BOOST_TEST(Match({"region", O::kEmpty, {}}, l));
  BOOST_TEST(!Match({"region", O::kNotEmpty, {}}, l));
  BOOST_TEST(Match({"name", O::kNotEmpty, {}}, l));
  BOOST_TEST(Match({"extra", O::kNotEmpty, {}}, l));
  l.field_values["name"] = "\"\"";  // an empty string counts as empty
  BOOST_TEST(Match({"name", O::kEmpty, {}}, l));
  l.field_values.erase("name");
  BOOST_TEST(Match({"name", O::kEmpty, {}}, l));
  BOOST_TEST(!Match({"name", O::kNotEmpty, {}}, l));
  l.field_values["extra"] = "null";  // a json field holding null counts as empty
  BOOST_TEST(Match({"extra", O::kEmpty, {}}, l));
  l.field_values["optin"] = "false";  // false is a value
  BOOST_TEST(Match({"optin", O::kNotEmpty, {}}, l));
}

BOOST_AUTO_TEST_CASE(text_equality_is_exact_and_contains_is_case_insensitive) {
  Lead l = Full();
  BOOST_TEST(Match({"name", O::kEq, {"\"Jane Doe\""}}, l));
  BOOST_TEST(!Match({"name", O::kEq, {"\"jane doe\""}}, l));
  BOOST_TEST(Match({"name", O::kIn, {"\"John\"", "\"Jane Doe\""}}, l));
  BOOST_TEST(Match({"name", O::kNeq, {"\"John\""}}, l));
  BOOST_TEST(!Match({"name", O::kNotIn, {"\"Jane Doe\""}}, l));
  BOOST_TEST(Match({"name", O::kContains, {"\"NE D\""}}, l));
  BOOST_TEST(!Match({"name", O::kContains, {"\"smith\""}}, l));
  BOOST_TEST(Match({"name", O::kStartsWith, {"\"jane\""}}, l));
  BOOST_TEST(!Match({"name", O::kStartsWith, {"\"doe\""}}, l));
  BOOST_TEST(Match({"email", O::kContains, {"\"@example.COM\""}}, l));
  BOOST_TEST(Match({"phone", O::kStartsWith, {"\"+45\""}}, l));
  // contains/starts_with never match an absent value.
  l.field_values.erase("name");
  BOOST_TEST(!Match({"name", O::kContains, {"\"\""}}, l));
  BOOST_TEST(Match({"name", O::kNeq, {"\"Jane Doe\""}}, l));
}

BOOST_AUTO_TEST_CASE(numbers_compare_numerically) {
  Lead l = Full();  // kwh 12.5
  BOOST_TEST(Match({"kwh", O::kEq, {"12.5"}}, l));
  BOOST_TEST(Match({"kwh", O::kEq, {"1.25e1"}}, l));
  BOOST_TEST(Match({"kwh", O::kGt, {"9"}}, l));  // 12.5 > 9 although "12.5" < "9" as text
  BOOST_TEST(!Match({"kwh", O::kGt, {"12.5"}}, l));
  BOOST_TEST(Match({"kwh", O::kGte, {"12.5"}}, l));
  BOOST_TEST(Match({"kwh", O::kLt, {"100"}}, l));
  BOOST_TEST(!Match({"kwh", O::kLt, {"12.5"}}, l));
  BOOST_TEST(Match({"kwh", O::kLte, {"12.5"}}, l));
  BOOST_TEST(Match({"kwh", O::kIn, {"1", "12.5"}}, l));
  BOOST_TEST(Match({"kwh", O::kNotIn, {"1", "2"}}, l));
  l.field_values["kwh"] = "-3";
  BOOST_TEST(Match({"kwh", O::kLt, {"0"}}, l));
  l.field_values.erase("kwh");
  BOOST_TEST(!Match({"kwh", O::kLt, {"100"}}, l));  // absent values are not ordered
  BOOST_TEST(!Match({"kwh", O::kGt, {"-100"}}, l));
}

BOOST_AUTO_TEST_CASE(dates_and_datetimes_compare_in_time_order) {
  BOOST_REQUIRE(SetAccountTimeZone("UTC"));
  Lead l = Full();  // born 1990-06-15, call_at 2026-11-28T10:00:00Z
  BOOST_TEST(Match({"born", O::kEq, {"\"1990-06-15\""}}, l));
  BOOST_TEST(Match({"born", O::kLt, {"\"1990-12-01\""}}, l));
  BOOST_TEST(Match({"born", O::kGt, {"\"1990-06-14\""}}, l));
  BOOST_TEST(!Match({"born", O::kGt, {"\"1990-06-15\""}}, l));
  BOOST_TEST(Match({"born", O::kGte, {"\"1990-06-15\""}}, l));
  BOOST_TEST(Match({"born", O::kLte, {"\"1990-06-15\""}}, l));
  // The same instant written with an offset or as local time.
  BOOST_TEST(Match({"call_at", O::kEq, {"\"2026-11-28T11:00:00+01:00\""}}, l));
  BOOST_TEST(Match({"call_at", O::kEq, {"\"2026-11-28 10:00:00\""}}, l));
  BOOST_TEST(Match({"call_at", O::kGt, {"\"2026-11-28T09:59:59.999Z\""}}, l));
  BOOST_TEST(!Match({"call_at", O::kGt, {"\"2026-11-28T10:00:00Z\""}}, l));
  BOOST_TEST(Match({"call_at", O::kGte, {"\"2026-11-28T10:00:00Z\""}}, l));
  BOOST_TEST(Match({"call_at", O::kLt, {"\"2026-11-28T06:00:00-05:00\""}}, l));
  BOOST_TEST(Match({"call_at", O::kLte, {"\"2026-11-28T10:00:00Z\""}}, l));
  BOOST_TEST(!Match({"call_at", O::kLt, {"\"2026-11-28T10:00:00Z\""}}, l));
}

BOOST_AUTO_TEST_CASE(created_and_updated_at_ranges) {
  Lead l = Full();  // created 10:00:00, updated 10:01:00
  BOOST_TEST(Match({"created_at", O::kGte, {"\"2026-11-28T10:00:00Z\""}}, l));
  BOOST_TEST(!Match({"created_at", O::kGt, {"\"2026-11-28T10:00:00Z\""}}, l));
  BOOST_TEST(Match({"created_at", O::kLt, {"\"2026-11-28T10:00:00.001Z\""}}, l));
  BOOST_TEST(!Match({"created_at", O::kLt, {"\"2026-11-28T10:00:00Z\""}}, l));
  BOOST_TEST(Match({"created_at", O::kLte, {"\"2026-11-28T10:00:00Z\""}}, l));
  BOOST_TEST(Match({"updated_at", O::kGt, {"\"2026-11-28T10:00:59Z\""}}, l));
  BOOST_TEST(!Match({"updated_at", O::kLt, {"\"2026-11-28T10:01:00Z\""}}, l));
}

BOOST_AUTO_TEST_CASE(checkbox_equality) {
  Lead l = Full();  // optin true
  BOOST_TEST(Match({"optin", O::kEq, {"true"}}, l));
  BOOST_TEST(!Match({"optin", O::kEq, {"false"}}, l));
  BOOST_TEST(Match({"optin", O::kNeq, {"false"}}, l));
  l.field_values.erase("optin");
  BOOST_TEST(!Match({"optin", O::kEq, {"false"}}, l));  // absent is not false
  BOOST_TEST(Match({"optin", O::kNeq, {"true"}}, l));
}

BOOST_AUTO_TEST_CASE(all_needs_every_condition_and_any_needs_one) {
  Lead l = Full();
  std::vector<FilterCondition> conditions{{"source", O::kEq, {"\"web\""}}, {"status", O::kEq, {"\"won\""}}};
  auto all = CompileFilter(Schema(), Of(conditions, FilterMatch::kAll));
  auto any = CompileFilter(Schema(), Of(conditions, FilterMatch::kAny));
  BOOST_REQUIRE(all.has_value());
  BOOST_REQUIRE(any.has_value());
  BOOST_TEST(!Matches(*all, l));
  BOOST_TEST(Matches(*any, l));
  BOOST_TEST(FirstMismatch(*all, l).value_or("") == "status");
  BOOST_TEST(!FirstMismatch(*any, l).has_value());
  l.select_values["source"] = "fax";
  BOOST_TEST(!Matches(*any, l));
  BOOST_TEST(FirstMismatch(*any, l).value_or("") == "filter");
  BOOST_TEST(FirstMismatch(*all, l).value_or("") == "source");
  l.select_values["source"] = "web";
  l.status = "won";
  BOOST_TEST(Matches(*all, l));
  BOOST_TEST(!FirstMismatch(*all, l).has_value());
  BOOST_TEST(Matches(CompiledFilter{}, l));  // no conditions: everything
}

BOOST_AUTO_TEST_CASE(pinned_values_come_from_single_value_equalities) {
  auto pins = PinnedBy(*CompileFilter(Schema(), Of({{"source", O::kEq, {"\"web\""}},
                                                    {"region", O::kIn, {"\"north\""}},
                                                    {"status", O::kEq, {"\"won\""}},
                                                    {"name", O::kEq, {"\"x\""}}})));
  BOOST_TEST(pins.selects.size() == 2u);
  BOOST_TEST(pins.selects["source"] == "web");
  BOOST_TEST(pins.selects["region"] == "north");
  BOOST_TEST(pins.status.value_or("") == "won");
  // Several options pin nothing; neither does an `any` filter of several conditions.
  pins = PinnedBy(*CompileFilter(Schema(), Of({{"source", O::kIn, {"\"web\"", "\"fax\""}}})));
  BOOST_TEST(pins.selects.empty());
  pins = PinnedBy(*CompileFilter(
      Schema(), Of({{"source", O::kEq, {"\"web\""}}, {"status", O::kEq, {"\"won\""}}}, FilterMatch::kAny)));
  BOOST_TEST(pins.selects.empty());
  BOOST_TEST(!pins.status.has_value());
  pins = PinnedBy(*CompileFilter(Schema(), Of({{"source", O::kEq, {"\"fax\""}}}, FilterMatch::kAny)));
  BOOST_TEST(pins.selects["source"] == "fax");
  pins = PinnedBy(*CompileFilter(Schema(), Of({{"source", O::kNeq, {"\"fax\""}}})));
  BOOST_TEST(pins.selects.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace filter_rules_test
