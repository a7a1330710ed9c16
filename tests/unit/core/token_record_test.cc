// The stored form of a token: every attribute comes back as it went in, can_delete_leads among
// them; a record written before the flag existed reads as "may not delete"; a damaged record is
// refused rather than read as something else.

#include "core/token_record.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace token_record_test {

using lg::core::DecodeTokenRecord;
using lg::core::EncodeTokenRecord;
using lg::core::Permission;
using lg::core::TokenRecord;

namespace {

TokenRecord VendorToken() {
  TokenRecord r;
  r.id = 7;
  r.name = "Vendor XYZ – read and write";
  r.permission = Permission::kReadWrite;
  r.campaign_id = 362;
  r.filter_id = 4;
  r.expires_at = 1830000000000;
  r.created_at = 1795860000123;
  r.created_by = 1;
  r.secret_hash = std::string("\x00\x01\xfe\xff", 4) + std::string(28, 'h');
  r.masked = "lg_AbCd…";
  r.docs_id = "abcdefghijklmnopqrstuvwx";
  r.sealed_secret = std::string("\x00sealed\xff", 8);
  r.rate_per_second = 20;
  r.rate_burst = 40;
  return r;
}

void CheckSame(const TokenRecord& a, const TokenRecord& b) {
  BOOST_TEST(a.id == b.id);
  BOOST_TEST(a.name == b.name);
  BOOST_TEST((a.permission == b.permission));
  BOOST_TEST((a.campaign_id == b.campaign_id));
  BOOST_TEST((a.filter_id == b.filter_id));
  BOOST_TEST((a.expires_at == b.expires_at));
  BOOST_TEST((a.revoked_at == b.revoked_at));
  BOOST_TEST(a.created_at == b.created_at);
  BOOST_TEST(a.created_by == b.created_by);
  BOOST_TEST(a.secret_hash == b.secret_hash);
  BOOST_TEST(a.masked == b.masked);
  BOOST_TEST(a.docs_id == b.docs_id);
  BOOST_TEST(a.sealed_secret == b.sealed_secret);
  BOOST_TEST((a.rate_per_second == b.rate_per_second));
  BOOST_TEST((a.rate_burst == b.rate_burst));
  BOOST_TEST(a.can_delete_leads == b.can_delete_leads);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(token_record)

BOOST_AUTO_TEST_CASE(a_record_decodes_to_what_was_encoded_with_and_without_can_delete_leads) {
  for (bool can_delete : {true, false}) {
    BOOST_TEST_CONTEXT("can_delete_leads " << can_delete) {
      TokenRecord r = VendorToken();
      r.can_delete_leads = can_delete;
      auto decoded = DecodeTokenRecord(EncodeTokenRecord(r));
      BOOST_REQUIRE(decoded.has_value());
      CheckSame(*decoded, r);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_record_without_the_flag_is_stored_as_before_and_may_not_delete) {
  TokenRecord r = VendorToken();
  // Off: the stored bytes are those of a record written before the flag existed.
  BOOST_TEST(EncodeTokenRecord(r).find("can_delete_leads") == std::string::npos);
  r.can_delete_leads = true;
  BOOST_TEST(EncodeTokenRecord(r).find(R"("can_delete_leads":true)") != std::string::npos);

  auto old =
      DecodeTokenRecord(R"({"id":3,"name":"old vendor","permission":2,"campaign_id":1,"created_at":1,"created_by":1,)"
                        R"("secret_hash":"00ff","masked":"lg_x","docs_id":"d"})");
  BOOST_REQUIRE(old.has_value());
  BOOST_TEST(!old->can_delete_leads);
  BOOST_TEST((old->permission == Permission::kReadWrite));
}

BOOST_AUTO_TEST_CASE(a_flag_that_is_not_a_boolean_is_a_damaged_record) {
  for (const char* json :
       {R"({"id":3,"permission":2,"can_delete_leads":"true"})", R"({"id":3,"permission":2,"can_delete_leads":1})",
        R"({"id":3,"permission":2,"can_delete_leads":null})"}) {
    BOOST_TEST_CONTEXT(json) { BOOST_TEST(!DecodeTokenRecord(json).has_value()); }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace token_record_test
