// Every rule of ValidateCampaign and the schema checks of the campaign JSON decoder: each
// problem is reported with the path of the offending member and a stable code.

#include "core/campaign_rules.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "core/campaign_json.h"
#include "core/campaign_patch.h"
#include "tests/support/text_helpers.h"

namespace campaign_rules_test {

using namespace lg::core;

namespace {

using lg::test::Errors;

// A schema every rule accepts; tests break one thing at a time.
Campaign Valid() {
  Campaign c;
  c.name = "Solar leads";
  c.fields = {{"name", "Name", "", FieldType::kText, true}, {"email", "E-mail", "", FieldType::kEmail, false}};
  Select source;
  source.slug = "source";
  source.options = {{0, "vendor-xyz", "Vendor XYZ"}, {0, "web", "Web"}};
  Select region;
  region.slug = "region";
  region.options = {{0, "north", "North"}, {0, "web", "Web"}};  // option slugs are per select
  c.selects = {source, region};
  LeadStatus fresh;
  fresh.slug = "new";
  fresh.is_default = true;
  LeadStatus won;
  won.slug = "won";
  won.type = StatusType::kWon;
  c.statuses = {fresh, won};
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(campaign_rules)

BOOST_AUTO_TEST_CASE(a_valid_schema_passes) {
  Status s = ValidateCampaign(Valid());
  BOOST_TEST(s.ok(), Errors(s));
}

BOOST_AUTO_TEST_CASE(failures_are_422_validation_failed) {
  Campaign c = Valid();
  c.name.clear();
  Status s = ValidateCampaign(c);
  BOOST_TEST(!s.ok());
  BOOST_TEST((s.kind() == ErrorKind::kInvalid));
  BOOST_TEST(s.code() == "validation_failed");
  BOOST_REQUIRE(s.errors().size() == 1u);
  BOOST_TEST(!s.errors()[0].message.empty());
}

BOOST_AUTO_TEST_CASE(name_is_required_and_at_most_200_characters) {
  Campaign c = Valid();
  c.name = "";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "name required");
  c.name = std::string(200, 'n');
  BOOST_TEST(ValidateCampaign(c).ok());
  c.name = std::string(201, 'n');
  BOOST_TEST(Errors(ValidateCampaign(c)) == "name too_long");
}

BOOST_AUTO_TEST_CASE(field_slug_must_be_present_and_valid) {
  Campaign c = Valid();
  c.fields[1].slug = "";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "fields[1].slug required");
  for (const std::string& bad :
       std::vector<std::string>{"E-mail", "-email", "_email", "e mail", "e.mail", std::string(65, 'e')}) {
    c.fields[1].slug = bad;
    BOOST_TEST(Errors(ValidateCampaign(c)) == "fields[1].slug invalid_slug", "slug '" << bad << "'");
  }
  c.fields[1].slug = std::string(64, 'e');
  BOOST_TEST(ValidateCampaign(c).ok());
}

BOOST_AUTO_TEST_CASE(duplicate_field_slugs_are_rejected_at_the_later_one) {
  Campaign c = Valid();
  c.fields.push_back({"name", "Name again", "", FieldType::kText, false});
  BOOST_TEST(Errors(ValidateCampaign(c)) == "fields[2].slug duplicate_slug");
}

BOOST_AUTO_TEST_CASE(fields_and_selects_share_one_slug_namespace) {
  Campaign c = Valid();
  c.selects[1].slug = "email";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "selects[1].slug duplicate_slug");
  c = Valid();
  c.selects[1].slug = "source";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "selects[1].slug duplicate_slug");
}

BOOST_AUTO_TEST_CASE(select_slug_must_be_present_and_valid) {
  Campaign c = Valid();
  c.selects[0].slug = "";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "selects[0].slug required");
  c.selects[0].slug = "Source";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "selects[0].slug invalid_slug");
}

BOOST_AUTO_TEST_CASE(every_reserved_name_is_refused_for_fields_and_selects) {
  const std::vector<std::string> reserved{
      "id",     "campaign_id", "status",        "created_at",     "updated_at",    "created_by",
      "limit",  "cursor",      "page",          "per_page",       "order",         "sort",
      "fields", "selects",     "created_after", "created_before", "updated_after", "updated_before"};
  for (const auto& slug : reserved) {
    BOOST_TEST_CONTEXT("slug " << slug) {
      BOOST_TEST(IsReservedSlug(slug));
      Campaign c = Valid();
      c.fields[0].slug = slug;
      BOOST_TEST(Errors(ValidateCampaign(c)) == "fields[0].slug reserved_slug");
      c = Valid();
      c.selects[1].slug = slug;
      BOOST_TEST(Errors(ValidateCampaign(c)) == "selects[1].slug reserved_slug");
    }
  }
  BOOST_TEST(!IsReservedSlug("source"));
  BOOST_TEST(!IsReservedSlug("ids"));
  BOOST_TEST(!IsReservedSlug("Status"));
  BOOST_TEST(!IsReservedSlug(""));
}

BOOST_AUTO_TEST_CASE(reserved_names_are_fine_for_options_and_statuses) {
  Campaign c = Valid();
  c.selects[0].options[0].slug = "status";
  c.statuses[1].slug = "limit";
  Status s = ValidateCampaign(c);
  BOOST_TEST(s.ok(), Errors(s));
}

BOOST_AUTO_TEST_CASE(option_slugs_must_be_present_valid_and_unique_within_a_select) {
  Campaign c = Valid();
  c.selects[1].options[1].slug = "";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "selects[1].options[1].slug required");
  c.selects[1].options[1].slug = "North";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "selects[1].options[1].slug invalid_slug");
  c.selects[1].options[1].slug = "north";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "selects[1].options[1].slug duplicate_slug");
}

BOOST_AUTO_TEST_CASE(a_select_without_options_is_allowed) {
  // Options can be added at any time (a new vendor = a new option).
  Campaign c = Valid();
  c.selects[1].options.clear();
  BOOST_TEST(ValidateCampaign(c).ok());
}

BOOST_AUTO_TEST_CASE(status_slugs_must_be_present_valid_and_unique) {
  Campaign c = Valid();
  c.statuses[1].slug = "";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "statuses[1].slug required");
  c.statuses[1].slug = "Won";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "statuses[1].slug invalid_slug");
  c.statuses[1].slug = "new";
  BOOST_TEST(Errors(ValidateCampaign(c)) == "statuses[1].slug duplicate_slug");
}

BOOST_AUTO_TEST_CASE(at_least_one_status_is_required) {
  Campaign c = Valid();
  c.statuses.clear();
  BOOST_TEST(Errors(ValidateCampaign(c)) == "statuses required");
}

BOOST_AUTO_TEST_CASE(exactly_one_status_is_the_default) {
  Campaign c = Valid();
  c.statuses[0].is_default = false;
  BOOST_TEST(Errors(ValidateCampaign(c)) == "statuses no_default_status");
  c.statuses[1].is_default = true;  // the default need not be the first status
  BOOST_TEST(ValidateCampaign(c).ok());
  c.statuses[0].is_default = true;
  BOOST_TEST(Errors(ValidateCampaign(c)) == "statuses[1].default multiple_default_statuses");
  LeadStatus third;
  third.slug = "lost";
  third.is_default = true;
  c.statuses.push_back(third);
  BOOST_TEST(Errors(ValidateCampaign(c)) ==
             "statuses[1].default multiple_default_statuses | statuses[2].default multiple_default_statuses");
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_at_once) {
  Campaign c = Valid();
  c.name = "";
  c.fields[0].slug = "Name";
  c.fields[1].slug = "status";
  c.selects[0].slug = "region";
  c.selects[0].options[1].slug = "vendor-xyz";
  c.statuses[0].is_default = false;
  BOOST_TEST(Errors(ValidateCampaign(c)) ==
             "name required | fields[0].slug invalid_slug | fields[1].slug reserved_slug | "
             "selects[0].options[1].slug duplicate_slug | selects[1].slug duplicate_slug | "
             "statuses no_default_status");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(campaign_json_decode)

BOOST_AUTO_TEST_CASE(a_full_document_decodes_with_labels_defaulting_to_slugs) {
  auto c = DecodeCampaign(R"({"name": "Solar",
    "fields": [{"slug": "name", "type": "text", "required": true, "label": "Full name"},
               {"slug": "born", "type": "date"}],
    "selects": [{"slug": "source", "required": true, "options": [{"slug": "web"}]}],
    "statuses": [{"slug": "new", "default": true, "order": 2}, {"slug": "won", "type": "won"}]})",
                          CampaignForm::kApi);
  BOOST_REQUIRE_MESSAGE(c.has_value(), (c.has_value() ? "" : Errors(c.error())));
  BOOST_TEST(c->name == "Solar");
  BOOST_REQUIRE(c->fields.size() == 2u);
  BOOST_TEST(c->fields[0].label == "Full name");
  BOOST_TEST(c->fields[0].required);
  BOOST_TEST(c->fields[1].label == "born");
  BOOST_TEST((c->fields[1].type == FieldType::kDate));
  BOOST_TEST(c->selects[0].required);
  BOOST_TEST(c->selects[0].options[0].label == "web");
  BOOST_TEST(c->statuses[0].is_default);
  BOOST_TEST(c->statuses[0].order == 2);
  BOOST_TEST((c->statuses[1].type == StatusType::kWon));
  BOOST_TEST(ValidateCampaign(*c).ok());
}

BOOST_AUTO_TEST_CASE(every_field_type_name_is_accepted) {
  const std::vector<std::pair<std::string, FieldType>> types{
      {"text", FieldType::kText},         {"email", FieldType::kEmail}, {"phone", FieldType::kPhone},
      {"number", FieldType::kNumber},     {"date", FieldType::kDate},   {"datetime", FieldType::kDatetime},
      {"checkbox", FieldType::kCheckbox}, {"json", FieldType::kJson}};
  for (const auto& [name, type] : types) {
    auto f = DecodeField(R"({"slug": "f", "type": ")" + name + "\"}");
    BOOST_REQUIRE_MESSAGE(f.has_value(), name);
    BOOST_TEST((f->type == type), name);
    BOOST_TEST(ToString(type) == name);
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_field_type_is_reported_with_its_path) {
  auto c = DecodeCampaign(R"({"name": "x", "fields": [{"slug": "a", "type": "text"}, {"slug": "b", "type": "url"}],
                              "statuses": [{"slug": "new", "default": true}]})",
                          CampaignForm::kApi);
  BOOST_REQUIRE(!c.has_value());
  BOOST_TEST(c.error().code() == "validation_failed");
  BOOST_TEST(Errors(c.error()) == "fields[1].type unknown_field_type");
  BOOST_TEST(Errors(DecodeField(R"({"slug": "b", "type": "boolean"})").error()) == "type unknown_field_type");
}

BOOST_AUTO_TEST_CASE(a_field_without_a_type_is_refused) {
  auto c = DecodeCampaign(R"({"name": "x", "fields": [{"slug": "a"}], "statuses": []})", CampaignForm::kApi);
  BOOST_TEST(Errors(c.error()) == "fields[0].type required");
}

BOOST_AUTO_TEST_CASE(an_unknown_status_type_is_reported_with_its_path) {
  auto c = DecodeCampaign(R"({"name": "x", "statuses": [{"slug": "new", "default": true, "type": "pending"}]})",
                          CampaignForm::kApi);
  BOOST_TEST(Errors(c.error()) == "statuses[0].type unknown_status_type");
}

BOOST_AUTO_TEST_CASE(unknown_attributes_wrong_types_and_server_owned_members_are_reported) {
  auto c = DecodeCampaign(R"({"name": 5, "id": 9, "created_at": "x", "colour": "red",
                              "fields": [{"slug": "a", "type": "text", "required": "yes", "size": 3}],
                              "selects": [{"slug": "s", "options": [{"slug": "o", "_id": 4}, "p"]}, 7],
                              "statuses": {"slug": "new"}})",
                          CampaignForm::kApi);
  BOOST_TEST(Errors(c.error()) ==
             "name invalid_type | id read_only | created_at read_only | colour unknown_attribute | "
             "fields[0].required invalid_type | fields[0].size unknown_attribute | "
             "selects[0].options[0]._id unknown_attribute | selects[0].options[1] invalid_type | "
             "selects[1] invalid_type | statuses invalid_type | name required");
}

BOOST_AUTO_TEST_CASE(the_name_is_required_and_bad_json_is_a_400) {
  BOOST_TEST(Errors(DecodeCampaign(R"({"statuses": []})", CampaignForm::kApi).error()) == "name required");
  auto bad = DecodeCampaign("{\"name\": ", CampaignForm::kApi);
  BOOST_REQUIRE(!bad.has_value());
  BOOST_TEST((bad.error().kind() == ErrorKind::kMalformed));
  BOOST_TEST(bad.error().code() == "invalid_json");
  BOOST_TEST(DecodeCampaign("[1]", CampaignForm::kApi).error().code() == "invalid_json");
}

BOOST_AUTO_TEST_CASE(the_stored_form_round_trips_with_internal_ids) {
  Campaign c = Valid();
  c.id = 77;
  c.created_at = 1700000000123;
  c.updated_at = 1700000000456;
  c.AssignInternalIds();
  auto back = DecodeCampaign(EncodeCampaign(c, CampaignForm::kStored), CampaignForm::kStored);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->id == 77u);
  BOOST_TEST(back->next_internal_id == c.next_internal_id);
  BOOST_TEST(back->created_at == c.created_at);
  BOOST_TEST(back->updated_at == c.updated_at);
  BOOST_REQUIRE(back->selects.size() == 2u);
  BOOST_TEST(back->selects[1].id == c.selects[1].id);
  BOOST_TEST(back->selects[1].options[1].id == c.selects[1].options[1].id);
  BOOST_TEST(back->statuses[1].id == c.statuses[1].id);
  // The API form hides internal ids.
  BOOST_TEST(EncodeCampaign(c, CampaignForm::kApi).find("_id") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(field_patch_cannot_change_slug_or_type) {
  Field f{"name", "Name", "", FieldType::kText, false};
  BOOST_TEST(ApplyFieldPatch(R"({"label": "Full name", "required": true})", f).ok());
  BOOST_TEST(f.label == "Full name");
  BOOST_TEST(f.required);
  BOOST_TEST(Errors(ApplyFieldPatch(R"({"slug": "n", "type": "email", "x": 1})", f)) ==
             "slug immutable | type immutable | x unknown_attribute");
}

BOOST_AUTO_TEST_CASE(campaign_patch_sends_schema_changes_to_sub_resources) {
  Campaign c = Valid();
  BOOST_TEST(Errors(ApplyCampaignPatch(R"({"fields": [], "selects": [], "statuses": []})", c)) ==
             "fields use_sub_resource | selects use_sub_resource | statuses use_sub_resource");
  BOOST_TEST(ApplyCampaignPatch(R"({"name": "Renamed"})", c).ok());
  BOOST_TEST(c.name == "Renamed");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace campaign_rules_test
