#include <boost/test/unit_test.hpp>

#include "core/lead_json.h"

namespace lead_has_value_test {

using namespace lg::core;

BOOST_AUTO_TEST_SUITE(lead_has_value)

BOOST_AUTO_TEST_CASE(checks_one_select_or_the_status_of_a_stored_lead) {
  Lead lead;
  lead.id = 7;
  lead.campaign_id = 1;
  lead.status = "new";
  lead.select_values["source"] = "vendor-a";
  lead.field_values["name"] = "\"vendor-b\"";  // a field value equal to an option proves nothing
  std::string json = EncodeLead(lead);
  BOOST_TEST(LeadHasValue(json, "source", "vendor-a"));
  BOOST_TEST(!LeadHasValue(json, "source", "vendor-b"));
  BOOST_TEST(!LeadHasValue(json, "region", "vendor-a"));  // no such select on the lead
  BOOST_TEST(!LeadHasValue(json, "name", "vendor-b"));    // fields are not selects
  BOOST_TEST(LeadHasValue(json, "", "new"));
  BOOST_TEST(!LeadHasValue(json, "", "won"));
  BOOST_TEST(!LeadHasValue("{not json", "source", "vendor-a"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lead_has_value_test
