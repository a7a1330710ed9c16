#include "net/async_slots.h"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lg::net {

namespace asio = boost::asio;

asio::awaitable<AsyncSlots::Slot> AsyncSlots::Acquire() {
  auto initiate = [this](auto handler) {
    auto handler_ptr = std::make_shared<decltype(handler)>(std::move(handler));
    // Posted to the coroutine's own executor: never resumed on the thread that gave a slot back.
    auto resume = [handler_ptr] {
      auto executor = asio::get_associated_executor(*handler_ptr);
      asio::post(executor, [handler_ptr] { (*handler_ptr)(); });
    };
    std::unique_lock lock(mu_);
    if (free_ > 0) {
      --free_;
      lock.unlock();
      resume();
      return;
    }
    waiting_.push_back(std::move(resume));
  };
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(initiate, asio::use_awaitable);
  co_return Slot(this);
}

void AsyncSlots::Release() {
  std::function<void()> next;
  {
    std::lock_guard lock(mu_);
    if (waiting_.empty()) {
      ++free_;
      return;
    }
    // The slot passes straight to the longest waiter.
    next = std::move(waiting_.front());
    waiting_.pop_front();
  }
  next();
}

}  // namespace lg::net
