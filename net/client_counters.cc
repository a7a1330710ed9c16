#include "net/client_counters.h"

namespace lg::net {

bool ClientCounters::TryAdd(const std::string& client) {
  if (cap_ == 0) return true;
  std::lock_guard lock(mu_);
  auto [it, added] = counts_.try_emplace(client, 0);
  if (it->second >= cap_) return false;
  ++it->second;
  return true;
}

void ClientCounters::Remove(const std::string& client) {
  if (cap_ == 0) return;
  std::lock_guard lock(mu_);
  auto it = counts_.find(client);
  if (it != counts_.end() && --it->second == 0) counts_.erase(it);
}

}  // namespace lg::net
