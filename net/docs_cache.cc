#include "net/docs_cache.h"

#include <utility>

namespace lg::net {

HttpResponse DocsCache::GetOrBuild(const std::string& key, const std::function<HttpResponse()>& build) {
  if (auto found = Find(key)) return *found;
  HttpResponse response = build();
  {
    std::lock_guard lock(mu_);
    ++builds_;
  }
  // Errors are not kept: they are cheap, and the next request should try again.
  if (response.status == 200) Put(key, std::make_shared<const HttpResponse>(response));
  return response;
}

std::shared_ptr<const HttpResponse> DocsCache::Find(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void DocsCache::Put(const std::string& key, std::shared_ptr<const HttpResponse> response) {
  // The key is counted too: a docs key holds token names and campaign lists.
  const size_t size = key.size() + response->body.size();
  if (size > max_bytes_ || max_entries_ == 0) return;
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->first.size() + it->second->second->body.size();
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.emplace_front(key, std::move(response));
  index_.emplace(key, lru_.begin());
  bytes_ += size;
  while (lru_.size() > max_entries_ || bytes_ > max_bytes_) {
    const Entry& last = lru_.back();
    bytes_ -= last.first.size() + last.second->body.size();
    index_.erase(last.first);
    lru_.pop_back();
  }
}

uint64_t DocsCache::builds() const {
  std::lock_guard lock(mu_);
  return builds_;
}

size_t DocsCache::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace lg::net
