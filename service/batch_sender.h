#pragma once
// What a cluster node gathers outside a replicated command and sends through the log in batches
// (audit events: service/audit_forwarder.h; refused submissions: service/refusal_forwarder.h): a
// batch filled by callers and handed, every `interval`, to `send` on a thread of its own. The
// destructor sends what is held, then stops. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace lg::service {

// `Batch`: a default-constructible container with empty().
template <typename Batch>
class BatchSender {
 public:
  BatchSender(std::chrono::milliseconds interval, std::function<void(Batch&&)> send)
      : interval_(interval), send_(std::move(send)), sender_([this] { Run(); }) {}
  ~BatchSender() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    sender_.join();
  }
  BatchSender(const BatchSender&) = delete;
  BatchSender& operator=(const BatchSender&) = delete;

  // Runs `add(batch)` under the lock; its answer (false: no room) is returned. False once
  // stopping: the caller keeps what it had.
  template <typename Adder>
  bool Add(Adder&& add) {
    std::lock_guard lock(mu_);
    return !stopping_ && add(held_);
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (!stopping_ || !held_.empty()) {
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
      if (held_.empty()) continue;
      Batch batch = std::exchange(held_, Batch());
      lock.unlock();
      send_(std::move(batch));
      lock.lock();
    }
  }

  const std::chrono::milliseconds interval_;
  const std::function<void(Batch&&)> send_;
  std::mutex mu_;
  std::condition_variable wake_;
  Batch held_;
  bool stopping_ = false;
  std::thread sender_;  // last: started once the rest is built
};

}  // namespace lg::service
