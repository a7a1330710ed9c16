// Lead create/PATCH validation: body structure, every field type, selects, statuses, required
// members, presets, and that every problem is reported at once.

#include "core/lead_rules.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <variant>
#include <vector>

#include "core/time_util.h"
#include "tests/support/text_helpers.h"

namespace lead_rules_test {

using namespace lg::core;

namespace {

using lg::test::Errors;

std::string Errors(const FieldErrors& errors) { return Errors(errors.ToStatus()); }

Campaign Schema() {
  Campaign c;
  c.id = 3;
  c.name = "Solar";
  c.fields = {
      {"name", "Name", "", FieldType::kText, true},         {"email", "E-mail", "", FieldType::kEmail, false},
      {"phone", "Phone", "", FieldType::kPhone, false},     {"kwh", "kWh", "", FieldType::kNumber, false},
      {"born", "Born", "", FieldType::kDate, false},        {"call_at", "Call at", "", FieldType::kDatetime, false},
      {"optin", "Opt-in", "", FieldType::kCheckbox, false}, {"extra", "Extra", "", FieldType::kJson, false},
  };
  Select source;
  source.slug = "source";
  source.required = true;
  source.options = {{0, "vendor-xyz", "Vendor XYZ"}, {0, "web", "Web"}};
  Select region;
  region.slug = "region";
  region.options = {{0, "north", "North"}, {0, "south", "South"}};
  c.selects = {source, region};
  LeadStatus contacted;
  contacted.slug = "contacted";
  LeadStatus fresh;
  fresh.slug = "new";
  fresh.is_default = true;
  c.statuses = {contacted, fresh};  // the default is deliberately not the first status
  c.AssignInternalIds();
  return c;
}

// Parses and applies `body`; returns the status of whichever step failed.
Status Apply(const std::string& body, LeadWrite mode, Lead& lead, const LeadPresets* presets = nullptr) {
  LeadInput input;
  Status parsed = ParseLeadInput(body, input);
  if (!parsed.ok()) return parsed;
  return ApplyLeadInput(Schema(), input, mode, lead, presets);
}

// A valid create body with `extra_fields` appended to field_values.
std::string CreateBody(const std::string& extra_fields = "") {
  return R"({"field_values": {"name": "Jane")" + extra_fields + R"(}, "select_field_values": {"source": "web"}})";
}

// Normalizes `json` (one JSON value) for a field of `type`: the stored text, or "!code".
std::string Normalize(FieldType type, const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element value;
  if (parser.parse(json).get(value) != simdjson::SUCCESS) return "?unparsable test input";
  Field field{"f", "F", "", type, false};
  auto result = NormalizeFieldValue(field, value);
  if (auto* err = std::get_if<FieldError>(&result)) {
    BOOST_TEST(err->field == "f");
    BOOST_TEST(!err->message.empty());
    return "!" + err->code;
  }
  return std::get<std::string>(result);
}

// Leaves the account zone as UTC whatever a test set.
struct UtcZone {
  UtcZone() { BOOST_REQUIRE(SetAccountTimeZone("UTC")); }
  ~UtcZone() { SetAccountTimeZone("UTC"); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(lead_rules)

BOOST_AUTO_TEST_CASE(a_body_that_is_not_a_json_object_is_a_400) {
  for (std::string body : {"", "{", "[]", "\"lead\"", "42", "null", "{\"a\": }"}) {
    LeadInput input;
    Status s = ParseLeadInput(body, input);
    BOOST_TEST(!s.ok(), "body " << body);
    BOOST_TEST((s.kind() == ErrorKind::kMalformed), "body " << body);
    BOOST_TEST(s.code() == "invalid_json", "body " << body);
  }
}

BOOST_AUTO_TEST_CASE(unknown_attributes_are_named) {
  LeadInput input;
  BOOST_REQUIRE(ParseLeadInput(R"({"fields": {}, "name": "Jane", "select_values": {}})", input).ok());
  BOOST_TEST(Errors(input.errors) ==
             "fields unknown_attribute | name unknown_attribute | select_values unknown_attribute");
}

BOOST_AUTO_TEST_CASE(server_owned_attributes_are_read_only) {
  Lead lead;
  Status s = Apply(R"({"id": 1, "created_at": "2026-01-01T00:00:00Z", "updated_at": "x", "created_by": {},
                       "field_values": {"name": "Jane"}, "select_field_values": {"source": "web"}})",
                   LeadWrite::kCreate, lead);
  BOOST_TEST((s.kind() == ErrorKind::kInvalid));
  BOOST_TEST(s.code() == "validation_failed");
  BOOST_TEST(Errors(s) == "id read_only | created_at read_only | updated_at read_only | created_by read_only");
  // The same on PATCH.
  Lead stored;
  BOOST_REQUIRE(Apply(CreateBody(), LeadWrite::kCreate, stored).ok());
  BOOST_TEST(Errors(Apply(R"({"id": 2})", LeadWrite::kPatch, stored)) == "id read_only");
}

BOOST_AUTO_TEST_CASE(containers_must_have_the_right_types) {
  LeadInput input;
  BOOST_REQUIRE(ParseLeadInput(R"({"field_values": [], "select_field_values": "web", "status": 1})", input).ok());
  BOOST_TEST(Errors(input.errors) ==
             "field_values invalid_type | select_field_values invalid_type | status invalid_type");
}

BOOST_AUTO_TEST_CASE(campaign_id_must_be_a_positive_integer) {
  {
    LeadInput input;
    BOOST_REQUIRE(ParseLeadInput(R"({"campaign_id": 3})", input).ok());
    BOOST_TEST(input.campaign_id_present);
    BOOST_TEST(input.campaign_id.value_or(0) == 3u);
    BOOST_TEST(input.errors.empty());
  }
  for (std::string bad : {"0", "-1", "\"3\"", "1.5", "null"}) {
    LeadInput input;
    BOOST_REQUIRE(ParseLeadInput(R"({"campaign_id": )" + bad + "}", input).ok());
    BOOST_TEST(input.campaign_id_present);
    BOOST_TEST(!input.campaign_id.has_value(), "campaign_id " << bad);
    BOOST_TEST(Errors(input.errors) == "campaign_id invalid_type", "campaign_id " << bad);
  }
  LeadInput absent;
  BOOST_REQUIRE(ParseLeadInput("{}", absent).ok());
  BOOST_TEST(!absent.campaign_id_present);
}

BOOST_AUTO_TEST_CASE(a_new_lead_gets_the_default_status_and_normalized_values) {
  UtcZone utc;
  Lead lead;
  Status s = Apply(R"({"field_values": {"name": "Jane", "kwh": 12.5, "call_at": "2026-11-28T11:00:00+01:00",
                                        "optin": true, "extra": {"a": [1, 2]}},
                       "select_field_values": {"source": "web", "region": "north"}})",
                   LeadWrite::kCreate, lead);
  BOOST_REQUIRE_MESSAGE(s.ok(), Errors(s));
  BOOST_TEST(lead.status == "new");
  BOOST_TEST(lead.field_values.at("name") == "\"Jane\"");
  BOOST_TEST(lead.field_values.at("kwh") == "12.5");
  BOOST_TEST(lead.field_values.at("call_at") == "\"2026-11-28T10:00:00.000Z\"");
  BOOST_TEST(lead.field_values.at("optin") == "true");
  BOOST_TEST(lead.field_values.at("extra") == R"({"a":[1,2]})");
  BOOST_TEST(lead.field_values.size() == 5u);
  BOOST_TEST(lead.select_values.at("source") == "web");
  BOOST_TEST(lead.select_values.at("region") == "north");
}

BOOST_AUTO_TEST_CASE(an_explicit_status_is_kept_and_an_unknown_one_refused) {
  Lead lead;
  BOOST_TEST(
      Apply(R"({"status": "contacted", "field_values": {"name": "J"}, "select_field_values": {"source": "web"}})",
            LeadWrite::kCreate, lead)
          .ok());
  BOOST_TEST(lead.status == "contacted");
  Lead other;
  BOOST_TEST(
      Errors(Apply(R"({"status": "won", "field_values": {"name": "J"}, "select_field_values": {"source": "web"}})",
                   LeadWrite::kCreate, other)) == "status unknown_status");
}

BOOST_AUTO_TEST_CASE(required_fields_and_selects_must_be_given_on_create) {
  Lead lead;
  BOOST_TEST(Errors(Apply("{}", LeadWrite::kCreate, lead)) == "name required | source required");
  Lead empty_text;
  BOOST_TEST(Errors(Apply(R"({"field_values": {"name": ""}, "select_field_values": {"source": "web"}})",
                          LeadWrite::kCreate, empty_text)) == "name required");
  Lead nulls;
  BOOST_TEST(Errors(Apply(R"({"field_values": {"name": null}, "select_field_values": {"source": null}})",
                          LeadWrite::kCreate, nulls)) == "name required | source required");
}

BOOST_AUTO_TEST_CASE(a_bad_value_of_a_required_member_is_reported_once_with_its_own_code) {
  Lead lead;
  BOOST_TEST(Errors(Apply(R"({"field_values": {"name": 7}, "select_field_values": {"source": "mail"}})",
                          LeadWrite::kCreate, lead)) == "name invalid_type | source unknown_option");
}

BOOST_AUTO_TEST_CASE(patch_checks_required_members_against_the_stored_lead) {
  Lead stored;
  BOOST_REQUIRE(Apply(CreateBody(), LeadWrite::kCreate, stored).ok());
  stored.status = "contacted";
  Lead patched = stored;
  // Omitted members stay; PATCH never resets the status to the default.
  BOOST_TEST(Apply(R"({"field_values": {"kwh": 3}})", LeadWrite::kPatch, patched).ok());
  BOOST_TEST(patched.status == "contacted");
  BOOST_TEST(patched.field_values.at("name") == "\"Jane\"");
  BOOST_TEST(patched.field_values.at("kwh") == "3");
  // Clearing a required member is refused.
  Lead cleared = stored;
  BOOST_TEST(Errors(Apply(R"({"field_values": {"name": null}, "select_field_values": {"source": null}})",
                          LeadWrite::kPatch, cleared)) == "name required | source required");
}

BOOST_AUTO_TEST_CASE(null_clears_an_optional_member) {
  Lead stored;
  BOOST_REQUIRE(Apply(CreateBody(R"(, "kwh": 5)"), LeadWrite::kCreate, stored).ok());
  stored.select_values["region"] = "south";
  Lead patched = stored;
  BOOST_TEST(
      Apply(R"({"field_values": {"kwh": null}, "select_field_values": {"region": null}})", LeadWrite::kPatch, patched)
          .ok());
  BOOST_TEST(!patched.field_values.contains("kwh"));
  BOOST_TEST(!patched.select_values.contains("region"));
  BOOST_TEST(patched.select_values.at("source") == "web");
}

BOOST_AUTO_TEST_CASE(unknown_fields_selects_and_options_are_named) {
  Lead lead;
  BOOST_TEST(Errors(Apply(R"({"field_values": {"name": "J", "age": 4},
                              "select_field_values": {"source": "fax", "channel": "web", "region": 1}})",
                          LeadWrite::kCreate, lead)) ==
             "age unknown_field | source unknown_option | channel unknown_select | region invalid_type");
}

BOOST_AUTO_TEST_CASE(every_problem_is_listed_together) {
  Lead lead;
  Status s = Apply(R"({"id": 5, "colour": "red", "status": "gone",
                       "field_values": {"email": "jane", "phone": "12", "kwh": "12", "born": "2026-02-30",
                                        "call_at": "tomorrow", "optin": "yes", "age": 1},
                       "select_field_values": {"region": "east"}})",
                   LeadWrite::kCreate, lead);
  BOOST_TEST(Errors(s) ==
             "id read_only | colour unknown_attribute | email invalid_email | phone invalid_phone | "
             "kwh invalid_number | born invalid_date | call_at invalid_datetime | optin invalid_checkbox | "
             "age unknown_field | region unknown_option | status unknown_status | name required | source required");
}

BOOST_AUTO_TEST_CASE(presets_fill_omitted_values_on_create_only) {
  LeadPresets presets;
  presets.selects["source"] = "vendor-xyz";
  presets.status = "contacted";
  Lead lead;
  BOOST_TEST(Apply(R"({"field_values": {"name": "J"}})", LeadWrite::kCreate, lead, &presets).ok());
  BOOST_TEST(lead.select_values.at("source") == "vendor-xyz");
  BOOST_TEST(lead.status == "contacted");
  // A body value replaces the preset (the caller checks it against the token's filter).
  Lead overridden;
  BOOST_TEST(Apply(R"({"field_values": {"name": "J"}, "select_field_values": {"source": "web"}, "status": "new"})",
                   LeadWrite::kCreate, overridden, &presets)
                 .ok());
  BOOST_TEST(overridden.select_values.at("source") == "web");
  BOOST_TEST(overridden.status == "new");
  // PATCH ignores presets.
  Lead stored;
  stored.status = "new";
  stored.field_values["name"] = "\"J\"";
  stored.select_values["source"] = "web";
  BOOST_TEST(Apply(R"({"field_values": {"kwh": 1}})", LeadWrite::kPatch, stored, &presets).ok());
  BOOST_TEST(stored.select_values.at("source") == "web");
  BOOST_TEST(stored.status == "new");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(normalize_field_value)

BOOST_AUTO_TEST_CASE(text) {
  BOOST_TEST(Normalize(FieldType::kText, R"("Jane")") == R"("Jane")");
  BOOST_TEST(Normalize(FieldType::kText, R"("")") == R"("")");
  BOOST_TEST(Normalize(FieldType::kText, R"("say \"hi\"\n")") == R"("say \"hi\"\n")");
  BOOST_TEST(Normalize(FieldType::kText, "\"" + std::string(10000, 'x') + "\"") ==
             "\"" + std::string(10000, 'x') + "\"");
  BOOST_TEST(Normalize(FieldType::kText, "\"" + std::string(10001, 'x') + "\"") == "!too_long");
  for (std::string bad : {"12", "true", "[]", "{}"}) {
    BOOST_TEST(Normalize(FieldType::kText, bad) == "!invalid_type", bad);
  }
}

BOOST_AUTO_TEST_CASE(email) {
  for (std::string good : {"jane@example.com", "j.doe+tag@mail.example.co.uk", "a@b.c"}) {
    BOOST_TEST(Normalize(FieldType::kEmail, "\"" + good + "\"") == "\"" + good + "\"", good);
  }
  for (std::string bad : {"jane", "@example.com", "jane@", "jane@example", "jane@.com", "jane@example.",
                          "ja@ne@example.com", "jane doe@example.com", "jane@exa..mple.com", ""}) {
    BOOST_TEST(Normalize(FieldType::kEmail, "\"" + bad + "\"") == "!invalid_email", bad);
  }
  BOOST_TEST(Normalize(FieldType::kEmail, "\"" + std::string(250, 'a') + "@b.co\"") == "!invalid_email");
  BOOST_TEST(Normalize(FieldType::kEmail, "42") == "!invalid_email");
}

BOOST_AUTO_TEST_CASE(phone) {
  for (std::string good : {"+45 12 34 56 78", "(555) 123-4567", "555.123.4567", "123456", "12345678901234567890"}) {
    BOOST_TEST(Normalize(FieldType::kPhone, "\"" + good + "\"") == "\"" + good + "\"", good);
  }
  for (std::string bad : {"12345", "123456789012345678901", "1+2345678", "++4512345678", "12345x6", "call me", ""}) {
    BOOST_TEST(Normalize(FieldType::kPhone, "\"" + bad + "\"") == "!invalid_phone", bad);
  }
  BOOST_TEST(Normalize(FieldType::kPhone, "4512345678") == "!invalid_phone");
}

BOOST_AUTO_TEST_CASE(number) {
  BOOST_TEST(Normalize(FieldType::kNumber, "12.5") == "12.5");
  BOOST_TEST(Normalize(FieldType::kNumber, "-3") == "-3");
  BOOST_TEST(Normalize(FieldType::kNumber, "0") == "0");
  for (std::string bad : {"\"12\"", "true", "[1]", "{}"}) {
    BOOST_TEST(Normalize(FieldType::kNumber, bad) == "!invalid_number", bad);
  }
}

BOOST_AUTO_TEST_CASE(date) {
  BOOST_TEST(Normalize(FieldType::kDate, R"("2026-02-28")") == R"("2026-02-28")");
  BOOST_TEST(Normalize(FieldType::kDate, R"("2024-02-29")") == R"("2024-02-29")");
  for (std::string bad : {"2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "26-01-01",
                          "2026/01/01", "2026-01-01T00:00:00Z", ""}) {
    BOOST_TEST(Normalize(FieldType::kDate, "\"" + bad + "\"") == "!invalid_date", bad);
  }
  BOOST_TEST(Normalize(FieldType::kDate, "20260101") == "!invalid_date");
}

BOOST_AUTO_TEST_CASE(datetime) {
  UtcZone utc;
  BOOST_TEST(Normalize(FieldType::kDatetime, R"("2026-11-28T10:00:00Z")") == R"("2026-11-28T10:00:00.000Z")");
  BOOST_TEST(Normalize(FieldType::kDatetime, R"("2026-11-28T10:00:00.5-02:30")") == R"("2026-11-28T12:30:00.500Z")");
  BOOST_TEST(Normalize(FieldType::kDatetime, R"("2026-11-28 10:00:00")") == R"("2026-11-28T10:00:00.000Z")");
  BOOST_REQUIRE(SetAccountTimeZone("Europe/Copenhagen"));
  BOOST_TEST(Normalize(FieldType::kDatetime, R"("2026-11-28 10:00:00")") == R"("2026-11-28T09:00:00.000Z")");
  for (std::string bad :
       {"2026-02-30T10:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T10:00:00", "2026-11-28", "tomorrow", ""}) {
    BOOST_TEST(Normalize(FieldType::kDatetime, "\"" + bad + "\"") == "!invalid_datetime", bad);
  }
  BOOST_TEST(Normalize(FieldType::kDatetime, "1764324000000") == "!invalid_datetime");
}

BOOST_AUTO_TEST_CASE(checkbox) {
  BOOST_TEST(Normalize(FieldType::kCheckbox, "true") == "true");
  BOOST_TEST(Normalize(FieldType::kCheckbox, "false") == "false");
  for (std::string bad : {"\"true\"", "1", "0", "[]"}) {
    BOOST_TEST(Normalize(FieldType::kCheckbox, bad) == "!invalid_checkbox", bad);
  }
}

BOOST_AUTO_TEST_CASE(json_takes_any_value_minified) {
  BOOST_TEST(Normalize(FieldType::kJson, R"({ "a" : [ 1, 2 ], "b": {"c": null} })") == R"({"a":[1,2],"b":{"c":null}})");
  BOOST_TEST(Normalize(FieldType::kJson, R"("x")") == R"("x")");
  BOOST_TEST(Normalize(FieldType::kJson, "false") == "false");
  BOOST_TEST(Normalize(FieldType::kJson, "[]") == "[]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lead_rules_limits)

// `levels` arrays and objects nested in turn, around 1: [{"k":[{"k":1}]}] is 4 levels.
std::string Nested(int levels) {
  std::string open, close;
  for (int i = 0; i < levels; ++i) {
    open += i % 2 == 0 ? "[" : R"({"k":)";
    close.insert(0, i % 2 == 0 ? "]" : "}");
  }
  return open + "1" + close;
}

// A json value deeper than the campaign's json_max_depth (limits.json_max_depth) is refused on
// create and on PATCH, naming the field; one at the limit, or beside a deep one, is kept.
BOOST_AUTO_TEST_CASE(a_json_value_deeper_than_the_limit_is_too_deep) {
  for (int limit : {kDefaultJsonMaxDepth, 1, 3}) {
    BOOST_TEST_CONTEXT("json_max_depth " << limit) {
      Campaign schema = Schema();
      schema.json_max_depth = limit;
      auto apply = [&](const std::string& body, LeadWrite mode, Lead& lead) {
        LeadInput input;
        BOOST_REQUIRE(ParseLeadInput(body, input).ok());
        return ApplyLeadInput(schema, input, mode, lead);
      };
      Lead lead;
      BOOST_REQUIRE(apply(CreateBody(R"(, "extra": )" + Nested(limit)), LeadWrite::kCreate, lead).ok());
      BOOST_TEST(lead.field_values.at("extra") == Nested(limit));

      Lead refused;
      Status deep = apply(CreateBody(R"(, "extra": )" + Nested(limit + 1)), LeadWrite::kCreate, refused);
      BOOST_TEST(deep.code() == "validation_failed");
      BOOST_TEST(Errors(deep) == "extra too_deep");
      BOOST_TEST(deep.errors().at(0).message.find(std::to_string(limit) + " levels") != std::string::npos);
      // A wide value at the limit is fine; one deep member anywhere is not.
      BOOST_TEST(
          apply(CreateBody(R"(, "extra": [1, )" + Nested(limit - 1) + R"(, "x"])"), LeadWrite::kCreate, refused).ok());
      BOOST_TEST(Errors(apply(CreateBody(R"(, "extra": {"a": 1, "b": [2, )" + Nested(limit) + "]}"), LeadWrite::kCreate,
                              refused)) == "extra too_deep");

      BOOST_TEST(Errors(apply(R"({"field_values": {"extra": )" + Nested(limit + 1) + "}}", LeadWrite::kPatch, lead)) ==
                 "extra too_deep");
      BOOST_TEST(apply(R"({"field_values": {"extra": "flat"}})", LeadWrite::kPatch, lead).ok());
    }
  }
  // A campaign as the store gives it back has the default limit.
  Lead lead;
  BOOST_TEST(Errors(Apply(CreateBody(R"(, "extra": )" + Nested(kDefaultJsonMaxDepth + 1)), LeadWrite::kCreate, lead)) ==
             "extra too_deep");
}

BOOST_AUTO_TEST_CASE(a_key_given_twice_anywhere_is_400_naming_its_path) {
  Lead lead;
  for (const auto& [body, path] : std::vector<std::pair<std::string, std::string>>{
           {R"({"status": "new", "status": "contacted"})", "status"},
           {CreateBody(R"(, "name": "John")"), "field_values.name"},
           {CreateBody(R"(, "extra": [{"a": 1}, {"b": 1, "b": 2}])"), "field_values.extra[1].b"},
       }) {
    BOOST_TEST_CONTEXT(body) {
      Status s = Apply(body, LeadWrite::kCreate, lead);
      BOOST_TEST((s.kind() == ErrorKind::kMalformed));
      BOOST_TEST(s.code() == "duplicate_key");
      BOOST_REQUIRE(s.errors().size() == 1u);
      BOOST_TEST(s.errors()[0].field == path);
    }
  }
  // The same keys in different objects are fine.
  BOOST_TEST(Apply(CreateBody(R"(, "extra": {"name": 1, "x": {"name": 2}})"), LeadWrite::kCreate, lead).ok());
}

BOOST_AUTO_TEST_CASE(a_422_lists_the_first_100_errors_and_counts_the_rest) {
  std::string extra;
  for (int i = 0; i < 250; ++i) extra += ", \"unknown_" + std::to_string(i) + "\": 1";
  Lead lead;
  Status s = Apply(CreateBody(extra), LeadWrite::kCreate, lead);
  BOOST_TEST((s.kind() == ErrorKind::kInvalid));
  BOOST_TEST(s.errors().size() == FieldErrors::kMaxListed);
  BOOST_TEST(s.errors().front().field == "unknown_0");
  BOOST_TEST(s.detail().find("250") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lead_rules_test
