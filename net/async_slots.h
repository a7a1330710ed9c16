#pragma once
// A fixed number of slots that coroutines take and give back, waiting without holding a thread
// while none is free (first come, first served). Bounds work that holds memory while it runs,
// such as bulk creates reading their bodies: at most `count` run at once, and the others wait
// before reading any of their body. Thread-safe; a slot may be given back on any thread.

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace lg::net {

class AsyncSlots {
 public:
  explicit AsyncSlots(size_t count) : free_(count) {}

  // Gives the slot back when destroyed. Move-only.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    ~Slot() {
      if (owner_) owner_->Release();
    }

   private:
    friend class AsyncSlots;
    explicit Slot(AsyncSlots* owner) : owner_(owner) {}
    AsyncSlots* owner_;
  };

  // A slot, once one is free. Resumes on the caller's own executor.
  boost::asio::awaitable<Slot> Acquire();

 private:
  void Release();

  std::mutex mu_;
  size_t free_;
  std::deque<std::function<void()>> waiting_;  // resume a coroutine that now holds a slot
};

}  // namespace lg::net
