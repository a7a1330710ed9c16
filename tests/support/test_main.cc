#define BOOST_TEST_MODULE leadgate
#include <boost/test/unit_test.hpp>
