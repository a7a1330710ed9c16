// The account's and admin's operations reach every form of the docs, from one list
// (apidocs/account_calls.h): the OpenAPI document has each call, the HTML page a table of them,
// and an admin token's Postman collection the reads it may run (never a write). A token that is no
// admin's sees none of it.

#include <simdjson.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "apidocs/account_calls.h"
#include "apidocs/html_page.h"
#include "apidocs/openapi.h"
#include "apidocs/postman.h"
#include "tests/unit/apidocs/docs_fixture.h"

namespace account_docs_test {

using namespace lg;

namespace {

apidocs::DocsRequest AccountDocsRequest(bool admin_api, core::Permission permission = core::Permission::kAdmin) {
  return apidocs_test::Request(permission, false, admin_api);
}

// The requests of the Postman collection's folder `name`, as "METHOD raw-url" lines.
std::vector<std::string> FolderRequests(const std::string& collection, std::string_view name) {
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(collection);
  std::vector<std::string> out;
  for (simdjson::dom::element item : root["item"].get_array()) {
    std::string_view item_name;
    if (item["name"].get(item_name) || item_name != name) continue;
    for (simdjson::dom::element request : item["item"].get_array()) {
      out.push_back(std::string(request["request"]["method"].get_string().value()) + " " +
                    std::string(request["request"]["url"]["raw"].get_string().value()));
    }
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(account_docs)

BOOST_AUTO_TEST_CASE(every_admin_call_is_in_the_openapi_document_and_the_html_page) {
  const apidocs::DocsRequest request = AccountDocsRequest(true);
  const std::string spec = apidocs::BuildOpenApi(request);
  const std::string page = apidocs::BuildHtmlPage(request);
  size_t calls = 0;
  for (const apidocs::ApiCallGroup& group : apidocs::AccountApiCallGroups(request)) {
    BOOST_TEST(page.find("id=\"" + std::string(group.anchor) + "\"") != std::string::npos, group.anchor);
    for (const apidocs::ApiCall& call : group.calls) {
      ++calls;
      BOOST_TEST(spec.find("\"operationId\":\"" + call.operation_id + "\"") != std::string::npos, call.operation_id);
      BOOST_TEST(page.find("<td><code>" + call.path + "</code></td>") != std::string::npos, call.path);
    }
  }
  BOOST_TEST(calls > 20u);
  BOOST_TEST(page.find("<td><code>/v2/campaigns/7</code></td>") != std::string::npos);  // PATCH the campaign
  BOOST_TEST(page.find(R"(<a href="#admin">Administration</a>)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_postman_collection_holds_the_admin_reads_and_no_write) {
  const std::vector<std::string> reads =
      FolderRequests(apidocs::BuildPostman(AccountDocsRequest(true)), "Administration (reads)");
  for (const char* expected : {"GET {{baseUrl}}/v2/tokens", "GET {{baseUrl}}/v2/audit",
                               "GET {{baseUrl}}/v2/admin/cluster", "GET {{baseUrl}}/v2/campaigns/7/filters"}) {
    BOOST_TEST((std::find(reads.begin(), reads.end(), expected) != reads.end()), expected);
  }
  for (const std::string& request : reads) BOOST_TEST(request.starts_with("GET "), request);
  // The account docs, which any token may run: no call that would answer it 403.
  BOOST_TEST(FolderRequests(apidocs::BuildPostman(AccountDocsRequest(true, core::Permission::kReadWrite)),
                            "Administration (reads)")
                 .empty());
}

BOOST_AUTO_TEST_CASE(a_token_that_is_no_admins_sees_none_of_it) {
  const apidocs::DocsRequest request = AccountDocsRequest(false);
  BOOST_TEST(apidocs::BuildHtmlPage(request).find("id=\"admin\"") == std::string::npos);
  BOOST_TEST(FolderRequests(apidocs::BuildPostman(request), "Administration (reads)").empty());
  BOOST_TEST(apidocs::BuildOpenApi(request).find("\"operationId\":\"listTokens\"") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace account_docs_test
