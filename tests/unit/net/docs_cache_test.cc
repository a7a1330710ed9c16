// DocsCache: a second load of a key is served without building; errors are not kept; the least
// recently used entries go when there are too many or they hold too many bytes.

#include "net/docs_cache.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace docs_cache_test {

using lg::net::DocsCache;
using lg::net::HttpResponse;

namespace {

// A builder that counts its calls and answers `status` with `body`.
struct Builder {
  int calls = 0;
  HttpResponse operator()(int status = 200, std::string body = "page") {
    ++calls;
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(docs_cache)

BOOST_AUTO_TEST_CASE(a_second_load_of_a_key_does_not_build_again) {
  DocsCache cache({.max_entries = 16, .max_bytes = 1 << 20});
  Builder build;
  auto first = cache.GetOrBuild("k1", [&] { return build(200, "v1"); });
  auto second = cache.GetOrBuild("k1", [&] { return build(200, "other"); });
  BOOST_TEST(build.calls == 1);
  BOOST_TEST(cache.builds() == 1u);
  BOOST_TEST(second.body == "v1");
  BOOST_TEST(second.headers.size() == 1u);  // headers are kept with the body
  // A new version of what the page shows is a new key: built at once.
  auto changed = cache.GetOrBuild("k2", [&] { return build(200, "v2"); });
  BOOST_TEST(changed.body == "v2");
  BOOST_TEST(build.calls == 2);
  BOOST_TEST(cache.size() == 2u);
}

BOOST_AUTO_TEST_CASE(errors_are_not_kept) {
  DocsCache cache({.max_entries = 16, .max_bytes = 1 << 20});
  Builder build;
  BOOST_TEST(cache.GetOrBuild("k", [&] { return build(500, "failed"); }).status == 500);
  BOOST_TEST(cache.GetOrBuild("k", [&] { return build(200, "ok"); }).body == "ok");
  BOOST_TEST(build.calls == 2);
  BOOST_TEST(cache.size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_least_recently_used_entry_goes_first) {
  DocsCache cache({.max_entries = 2, .max_bytes = 1 << 20});
  Builder build;
  cache.GetOrBuild("a", [&] { return build(); });
  cache.GetOrBuild("b", [&] { return build(); });
  cache.GetOrBuild("a", [&] { return build(); });  // a is now the most recent
  cache.GetOrBuild("c", [&] { return build(); });  // b goes
  BOOST_TEST(cache.size() == 2u);
  BOOST_TEST(build.calls == 3);
  cache.GetOrBuild("a", [&] { return build(); });
  BOOST_TEST(build.calls == 3);
  cache.GetOrBuild("b", [&] { return build(); });
  BOOST_TEST(build.calls == 4);
}

BOOST_AUTO_TEST_CASE(bytes_are_bounded_too) {
  DocsCache cache({.max_entries = 100, .max_bytes = 1000});
  Builder build;
  cache.GetOrBuild("a", [&] { return build(200, std::string(600, 'x')); });
  cache.GetOrBuild("b", [&] { return build(200, std::string(600, 'y')); });  // a goes
  BOOST_TEST(cache.size() == 1u);
  cache.GetOrBuild("b", [&] { return build(); });
  BOOST_TEST(build.calls == 2);
  // A page bigger than the whole budget is served but not kept.
  BOOST_TEST(cache.GetOrBuild("big", [&] { return build(200, std::string(2000, 'z')); }).body.size() == 2000u);
  BOOST_TEST(cache.size() == 1u);
  cache.GetOrBuild("b", [&] { return build(); });
  BOOST_TEST(build.calls == 3);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace docs_cache_test
