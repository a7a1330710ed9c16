// The error catalogue (core/error_catalogue.h): every code once, found by name with its kind;
// every kind a client can meet has a code; the Markdown table lists client and admin codes with
// their HTTP status, and no code of the operator's; docs/api.md holds exactly that table. The
// same for the codes of a problem's errors[].

#include "core/error_catalogue.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/problem.h"

namespace error_catalogue_test {

using namespace lg::core;

BOOST_AUTO_TEST_SUITE(error_catalogue)

BOOST_AUTO_TEST_CASE(each_code_is_found_with_its_kind) {
  std::set<std::string_view> seen;
  for (const ErrorCode& entry : ErrorCodes()) {
    BOOST_TEST(seen.insert(entry.code).second, entry.code);
    const ErrorCode* found = FindErrorCode(entry.code);
    BOOST_REQUIRE(found);
    BOOST_TEST((found->kind == entry.kind), entry.code);
    BOOST_TEST(!entry.meaning.empty(), entry.code);
  }
  BOOST_TEST(!FindErrorCode("no_such_code"));
  BOOST_TEST((FindErrorCode("validation_failed")->kind == ErrorKind::kInvalid));
  BOOST_TEST(HttpStatusOf(FindErrorCode("duplicate_lead")->kind) == 409);
}

BOOST_AUTO_TEST_CASE(every_kind_has_a_code) {
  for (ErrorKind kind : {ErrorKind::kMalformed, ErrorKind::kUnauthenticated, ErrorKind::kNotPermitted,
                         ErrorKind::kNotFound, ErrorKind::kWrongMethod, ErrorKind::kConflict, ErrorKind::kBodyTooLarge,
                         ErrorKind::kUnsupportedFormat, ErrorKind::kInvalid, ErrorKind::kOverLimit,
                         ErrorKind::kHeadersTooLarge, ErrorKind::kInternal, ErrorKind::kUnavailable}) {
    bool any = false;
    for (const ErrorCode& entry : ErrorCodes()) any = any || entry.kind == kind;
    BOOST_TEST(any, "no code of HTTP status " << HttpStatusOf(kind));
  }
}

BOOST_AUTO_TEST_CASE(the_markdown_table_lists_what_clients_and_admins_meet) {
  const std::string table = ClientErrorTableMarkdown();
  BOOST_TEST(table.starts_with("| status | code | meaning |\n| --- | --- | --- |\n| 400 | `"));
  BOOST_TEST(table.find("| 422 | `validation_failed` | ") != std::string::npos);
  BOOST_TEST(table.find("| 409 | `token_revoked` | ") != std::string::npos);
  BOOST_TEST(table.find("| 431 | `headers_too_large` | ") != std::string::npos);
  BOOST_TEST(table.find("| 503 | `disk_full` | ") > table.find("| 500 | `internal_error` | "));
  BOOST_TEST(table.find("store_exists") == std::string::npos);  // the command line's
}

// The text of docs/api.md between <!-- NAME:begin --> and <!-- NAME:end -->.
std::string MarkedBlockOfApiDocs(const std::string& name) {
  std::ifstream file(std::string(LG_SOURCE_DIR) + "/docs/api.md");
  BOOST_REQUIRE(file);
  std::stringstream text;
  text << file.rdbuf();
  const std::string doc = text.str();
  const std::string begin = "<!-- " + name + ":begin -->\n";
  const size_t from = doc.find(begin);
  const size_t to = doc.find("<!-- " + name + ":end -->");
  BOOST_REQUIRE(from != std::string::npos && to != std::string::npos && from < to);
  return doc.substr(from + begin.size(), to - from - begin.size());
}

BOOST_AUTO_TEST_CASE(the_api_docs_hold_the_generated_table) {
  BOOST_TEST(MarkedBlockOfApiDocs("error-codes") == ClientErrorTableMarkdown(),
             "docs/api.md's error table is not the catalogue's; put this between its markers:\n"
                 << ClientErrorTableMarkdown());
}

BOOST_AUTO_TEST_CASE(each_field_code_is_found_once_with_a_meaning) {
  std::set<std::string_view> seen;
  for (const FieldErrorCode& entry : FieldErrorCodes()) {
    BOOST_TEST(seen.insert(entry.code).second, entry.code);
    BOOST_TEST(FindFieldErrorCode(entry.code) == &entry, entry.code);
    BOOST_TEST(!entry.meaning.empty(), entry.code);
  }
  BOOST_TEST(FindFieldErrorCode("required"));
  BOOST_TEST(FindFieldErrorCode("invalid_email"));
  BOOST_TEST(!FindFieldErrorCode("validation_failed"));  // a problem's code, not a member's
}

BOOST_AUTO_TEST_CASE(the_api_docs_hold_the_generated_field_table) {
  const std::string table = FieldErrorTableMarkdown();
  BOOST_TEST(table.starts_with("| code | meaning |\n| --- | --- |\n| `admin_is_account_level` | "));
  BOOST_TEST(MarkedBlockOfApiDocs("field-error-codes") == table,
             "docs/api.md's field error table is not the catalogue's; put this between its markers:\n"
                 << table);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace error_catalogue_test
