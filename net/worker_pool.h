#pragma once
// A few threads for handlers that block on the disk (PATCH, bulk creates, admin writes), so the
// reactors never wait on it. A coroutine hands a task over with co_await and resumes on its own
// executor when the task is done; an exception in the task reaches the awaiting coroutine. On a
// thread applying a replicated command (cluster mode) a task runs in place instead: everything a
// command does happens inside its apply scope (core/apply_scope.h).

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>

#include "net/http_types.h"

namespace lg::net {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  // Finishes the tasks it holds, then joins its threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs the coroutine `task` on a worker thread.
  boost::asio::awaitable<HttpResponse> Run(boost::asio::awaitable<HttpResponse> task);
  // Runs `work` (which may block) on a worker thread; the awaiting coroutine resumes on its own
  // executor once it is done.
  boost::asio::awaitable<void> Run(std::function<void()> work);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lg::net
