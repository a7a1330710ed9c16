#include "net/worker_pool.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/apply_scope.h"

namespace lg::net {

namespace asio = boost::asio;

struct WorkerPool::Impl {
  explicit Impl(int threads) : pool(static_cast<size_t>(std::max(threads, 1))) {}
  asio::thread_pool pool;
};

WorkerPool::WorkerPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}

WorkerPool::~WorkerPool() { impl_->pool.join(); }

asio::awaitable<HttpResponse> WorkerPool::Run(asio::awaitable<HttpResponse> task) {
  // A replicated command runs whole on its applier's thread, inside its apply scope.
  if (core::ApplyScope::Current()) co_return co_await std::move(task);
  // co_spawn starts `task` on the pool and completes the awaiting coroutine on its own executor.
  co_return co_await asio::co_spawn(impl_->pool, std::move(task), asio::use_awaitable);
}

asio::awaitable<void> WorkerPool::Run(std::function<void()> work) {
  if (core::ApplyScope::Current()) {  // as above
    work();
    co_return;
  }
  auto task = [work = std::move(work)]() -> asio::awaitable<void> {
    work();
    co_return;
  };
  co_await asio::co_spawn(impl_->pool, std::move(task), asio::use_awaitable);
}

}  // namespace lg::net
