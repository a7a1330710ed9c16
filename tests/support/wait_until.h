#pragma once
// Polling for a condition another thread makes true, bounded in time.

#include <chrono>
#include <functional>
#include <thread>

namespace lg::test {

// Polls `done` every millisecond for at most `limit`; its last answer.
inline bool WaitUntil(const std::function<bool()>& done,
                      std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace lg::test
