// Lists written as text (core/text_split.h): every piece between delimiters in order, empty ones
// included, and blanks trimmed, as settings, query parameters and headers read them.

#include "core/text_split.h"

#include <boost/test/unit_test.hpp>
#include <string_view>
#include <vector>

namespace text_split_test {

using lg::core::SplitList;
using lg::core::TrimBlanks;
using Pieces = std::vector<std::string_view>;

BOOST_AUTO_TEST_SUITE(text_split)

BOOST_AUTO_TEST_CASE(pieces_in_order_empty_ones_included) {
  BOOST_TEST((SplitList("a,b, c") == Pieces{"a", "b", " c"}));
  BOOST_TEST((SplitList("") == Pieces{""}));
  BOOST_TEST((SplitList("a,") == Pieces{"a", ""}));
  BOOST_TEST((SplitList(",,") == Pieces{"", "", ""}));
  BOOST_TEST((SplitList("v2/campaigns/1", '/') == Pieces{"v2", "campaigns", "1"}));
}

BOOST_AUTO_TEST_CASE(blanks_around_are_trimmed_only) {
  BOOST_TEST(TrimBlanks(" \t10.0.0.1 \t") == "10.0.0.1");
  BOOST_TEST(TrimBlanks("a b") == "a b");
  BOOST_TEST(TrimBlanks(" \t ").empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace text_split_test
