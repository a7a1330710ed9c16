#pragma once
// Slowloris alongside a run (--slow-clients N): N connections that each trickle a request's
// headers one byte per interval and never finish them, reconnecting whenever the server closes
// one. They run on a thread and event loop of their own, so the measured connections' latency
// shows what the trickle costs the server, not the load generator.

#include <chrono>
#include <cstdint>
#include <memory>

#include "tools/common/http_client.h"

namespace lg::bench {

struct SlowClientStats {
  uint64_t connects = 0;  // connections opened (the first ones and every reconnect)
  uint64_t closed = 0;    // connections the server closed or refused
  uint64_t bytes = 0;     // header bytes trickled
};

class SlowClients {
 public:
  SlowClients(const tools::Url& url, int count, std::chrono::milliseconds interval);
  ~SlowClients();  // stops them
  SlowClients(const SlowClients&) = delete;
  SlowClients& operator=(const SlowClients&) = delete;

  SlowClientStats Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lg::bench
