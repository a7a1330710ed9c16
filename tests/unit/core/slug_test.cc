#include "core/slug.h"

#include <boost/test/unit_test.hpp>

namespace slug_test {  // NOLINT(modernize-concat-nested-namespaces): the suite macro opens the inner one

BOOST_AUTO_TEST_SUITE(slug)

BOOST_AUTO_TEST_CASE(accepts_api_identifiers) {
  BOOST_TEST(lg::core::IsValidSlug("vendor-xyz"));
  BOOST_TEST(lg::core::IsValidSlug("a"));
  BOOST_TEST(lg::core::IsValidSlug("0_b-c"));
}

BOOST_AUTO_TEST_CASE(rejects_everything_else) {
  BOOST_TEST(!lg::core::IsValidSlug(""));
  BOOST_TEST(!lg::core::IsValidSlug("-a"));
  BOOST_TEST(!lg::core::IsValidSlug("_a"));
  BOOST_TEST(!lg::core::IsValidSlug("Vendor"));
  BOOST_TEST(!lg::core::IsValidSlug("a b"));
  BOOST_TEST(!lg::core::IsValidSlug(std::string(65, 'a')));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace slug_test
