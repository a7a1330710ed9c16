#include "store/group_commit.h"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "store/db.h"
#include "store/write_unit.h"

namespace lg::store {

namespace asio = boost::asio;

std::shared_ptr<PendingCommit> PendingCommit::Submit(Db& db, std::unique_ptr<WriteUnit> unit,
                                                     std::function<void(const core::Status&)> on_done) {
  auto pending = std::make_shared<PendingCommit>();
  pending->on_done_ = std::move(on_done);
  db.CommitAsync(std::move(unit), [pending](core::Status status) { pending->Complete(std::move(status)); });
  return pending;
}

void PendingCommit::Complete(core::Status status) {
  if (on_done_) on_done_(status);
  std::function<void(core::Status)> resume;
  {
    std::lock_guard lock(mu_);
    outcome_ = status;
    resume = std::move(resume_);
  }
  done_cv_.notify_all();
  if (resume) resume(std::move(status));
}

std::optional<core::Status> PendingCommit::Outcome() const {
  std::lock_guard lock(mu_);
  return outcome_;
}

core::Status PendingCommit::WaitBlocking() {
  std::unique_lock lock(mu_);
  done_cv_.wait(lock, [this] { return outcome_.has_value(); });
  return *outcome_;
}

asio::awaitable<core::Status> PendingCommit::Wait() {
  auto initiate = [this](auto handler) {
    // The committer thread must not run the coroutine: the completion is posted to the
    // coroutine's own executor (a connection's reactor, or a worker). The handler is move-only,
    // the stored callback copyable, hence the shared_ptr.
    auto handler_ptr = std::make_shared<decltype(handler)>(std::move(handler));
    auto resume = [handler_ptr](core::Status status) {
      auto executor = asio::get_associated_executor(*handler_ptr);
      asio::post(executor, [handler_ptr, status = std::move(status)]() mutable { (*handler_ptr)(std::move(status)); });
    };
    std::unique_lock lock(mu_);
    if (outcome_) {
      core::Status status = *outcome_;
      lock.unlock();
      resume(std::move(status));
      return;
    }
    resume_ = std::move(resume);
  };
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(core::Status)>(initiate,
                                                                                              asio::use_awaitable);
}

asio::awaitable<core::Status> GroupCommit(Db& db, std::unique_ptr<WriteUnit> unit) {
  auto pending = PendingCommit::Submit(db, std::move(unit));
  co_return co_await pending->Wait();
}

}  // namespace lg::store
