#include "store/group_commit.h"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "store/db.h"
#include "store/write_unit.h"

namespace lg::store {

namespace asio = boost::asio;

boost::asio::awaitable<core::Status> GroupCommit(Db& db, std::unique_ptr<WriteUnit> unit) {
  auto initiate = [&db](auto handler, std::unique_ptr<WriteUnit> unit) {
    // The committer thread must not run the coroutine: it posts the completion to the
    // coroutine's own executor (a connection's reactor, or a worker). The handler is move-only,
    // the committer's callback copyable, hence the shared_ptr.
    auto resume = std::make_shared<decltype(handler)>(std::move(handler));
    db.CommitAsync(std::move(unit), [resume](core::Status status) {
      auto executor = asio::get_associated_executor(*resume);
      asio::post(executor, [resume, status = std::move(status)]() mutable { (*resume)(std::move(status)); });
    });
  };
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(core::Status)>(
      initiate, asio::use_awaitable, std::move(unit));
}

}  // namespace lg::store
