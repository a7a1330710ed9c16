// Route::Run (net/router.h), apart from the router: the one coroutine of the routing code, kept out
// of the fuzz build's router (tests/fuzz/CMakeLists.txt), where clang 14 cannot compile a
// coroutine with its sanitizer coverage ("Cannot represent a difference across sections").

#include "net/problem.h"
#include "net/router.h"

namespace lg::net {
namespace {

asio::awaitable<HttpResponse> Answer(HttpResponse response) { co_return response; }

}  // namespace

asio::awaitable<HttpResponse> Route::Run(const HttpRequest& request, const RouteParams& params,
                                         const auth::Principal* principal) const {
  if (!params.ids_valid()) return Answer(NotFoundResponse());
  return handler(request, params, principal);
}

}  // namespace lg::net
