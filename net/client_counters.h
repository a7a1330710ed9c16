#pragma once
// What each client holds of the server at once, counted against a cap: connections open per TCP
// peer address (counted from the accept), and requests in progress per client address (from
// headers received to answer written). A count at its cap refuses the next one; 0 = no cap.
// Thread-safe: the accept loop counts connections, every reactor gives them back.

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lg::net {

class ClientCounters {
 public:
  explicit ClientCounters(size_t cap) : cap_(cap) {}

  // Counts one more for `client`; false (and nothing counted) when it is at the cap.
  bool TryAdd(const std::string& client);
  void Remove(const std::string& client);

 private:
  const size_t cap_;
  std::mutex mu_;
  std::unordered_map<std::string, size_t> counts_;
};

}  // namespace lg::net
