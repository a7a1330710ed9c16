#pragma once
// Rendered documentation responses by key (service::DocsSource::key plus the form), so a page is
// built once per version of what it shows instead of on every load. Keys carry every version
// the page depends on, so nothing here is ever invalidated: an entry nobody asks for any more
// (an old schema version, a revoked token's page) just ages out. Bounded: the least recently used
// entries go once there are more than `max_entries` or their bodies hold more than `max_bytes`.
// Thread-safe (one mutex, never held while building: two concurrent misses of one key may both
// build, and either result is right).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "net/http_types.h"

namespace lg::net {

class DocsCache {
 public:
  // Named: two sizes side by side are easily swapped.
  struct Limits {
    size_t max_entries = 0;
    size_t max_bytes = 0;
  };
  explicit DocsCache(Limits limits) : max_entries_(limits.max_entries), max_bytes_(limits.max_bytes) {}

  // The response kept for `key`, or else `build()`'s, which is kept when it is a 200.
  HttpResponse GetOrBuild(const std::string& key, const std::function<HttpResponse()>& build);

  // How often GetOrBuild had to build, and how many entries are kept now (for tests and metrics).
  uint64_t builds() const;
  size_t size() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const HttpResponse>>;  // key, response

  std::shared_ptr<const HttpResponse> Find(const std::string& key);
  void Put(const std::string& key, std::shared_ptr<const HttpResponse> response);

  const size_t max_entries_;
  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
  uint64_t builds_ = 0;
};

}  // namespace lg::net
