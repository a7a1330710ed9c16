#include "auth/rate_limiter.h"

#include <boost/test/unit_test.hpp>

namespace rate_limiter_test {

using namespace lg::auth;

BOOST_AUTO_TEST_SUITE(rate_limiter)

BOOST_AUTO_TEST_CASE(burst_then_steady_rate) {
  RateLimiter limiter;
  RateLimit limit{2, 4};  // 2/s, burst 4
  int64_t t = 1000000;
  for (int i = 0; i < 4; ++i) BOOST_TEST(limiter.Take("a", limit, t).allowed);
  auto refused = limiter.Take("a", limit, t);
  BOOST_TEST(!refused.allowed);
  BOOST_TEST(refused.retry_after_s == 0.5, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(!limiter.Take("a", limit, t + 499).allowed);
  BOOST_TEST(limiter.Take("a", limit, t + 1000).allowed);  // 0.5 s later: one more
  // Refusals do not consume.
  BOOST_TEST(limiter.Take("a", limit, t + 1500).allowed);
}

BOOST_AUTO_TEST_CASE(keys_are_independent_and_peek_does_not_consume) {
  RateLimiter limiter;
  RateLimit limit{1, 1};
  BOOST_TEST(limiter.Peek("a", limit, 0).allowed);
  BOOST_TEST(limiter.Peek("a", limit, 0).allowed);
  BOOST_TEST(limiter.Take("a", limit, 0).allowed);
  BOOST_TEST(!limiter.Peek("a", limit, 0).allowed);
  BOOST_TEST(limiter.Take("b", limit, 0).allowed);
}

BOOST_AUTO_TEST_CASE(remaining_and_refill_time_are_reported) {
  RateLimiter limiter;
  RateLimit limit{10, 10};
  auto d = limiter.Take("a", limit, 0);
  BOOST_TEST(d.remaining == 9.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(d.full_after_s == 0.1, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(many_idle_keys_do_not_grow_without_bound) {
  RateLimiter limiter;
  RateLimit limit{1, 1};
  for (int i = 0; i < 900000; ++i) limiter.Take("k" + std::to_string(i), limit, i / 1000);
  // Every key is back to full a second later; taking again must still work for all of them.
  BOOST_TEST(limiter.Take("k0", limit, 10000000).allowed);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace rate_limiter_test
