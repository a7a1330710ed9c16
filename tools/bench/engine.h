#pragma once
// The load engine: N threads, each with its own io_context and its share of the keep-alive
// connections, each connection with one request in flight.
//
// Closed loop (rate == 0): every connection sends its next request as soon as the previous
// answer arrived; latency runs from the write.
// Open loop (rate > 0): each thread owns rate/threads of a fixed schedule of intended send times.
// A free connection takes the earliest unsent slot, sleeping until its time if it lies ahead;
// when every connection is busy, slots queue up. Latency runs from the slot's INTENDED time, so
// a stalled server is charged for the requests it delayed (no coordinated omission). Slots that
// were due before the end but never sent are reported as `unsent`.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>

#include "tools/bench/histogram.h"
#include "tools/common/http_client.h"

namespace lg::bench {

using tools::Url;

enum class Op { kIngest = 0, kBulk, kGet, kList, kRaw };
inline constexpr size_t kOpCount = 5;
const char* OpName(Op op);

struct Request {
  Op op = Op::kIngest;
  bool post = false;              // POST, else GET
  std::string target;             // path + query, relative to the URL's base path
  std::string_view token;         // Bearer token (empty: no Authorization header)
  std::string_view body;          // must outlive the request (owned by the workload)
  std::string_view content_type;  // for POST
  int vendor = -1;                // workload bookkeeping
  uint64_t tag = 0;               // workload bookkeeping
};

class Workload {
 public:
  virtual ~Workload() = default;
  // Fills `out` with the next request; false when nothing is left to send. Called concurrently
  // from every thread; `rng` belongs to the calling thread.
  virtual bool Next(std::mt19937_64& rng, Request& out) = 0;
  // Receives every answer (status 0 = no answer) from any thread when wants_responses().
  virtual bool wants_responses() const { return false; }
  virtual void OnResponse(const Request&, int /*status*/, std::string_view /*body*/) {}
};

struct EngineOptions {
  Url url;
  int threads = 2;
  int connections = 64;
  std::chrono::nanoseconds duration{0};  // 0 = until the workload runs dry
  double rate = 0;                       // requests/s in total; 0 = closed loop
  std::chrono::milliseconds timeout{10000};
  bool progress = false;  // a line per second on stderr
  // When set (e.g. by SIGINT), connections stop sending and the run ends early.
  const std::atomic<bool>* interrupt = nullptr;
  std::string label;  // shown in progress lines
};

struct OpStats {
  Histogram latency;  // nanoseconds, every answered or failed request
  uint64_t requests = 0;
  uint64_t ok = 0;      // 1xx-3xx answers
  uint64_t errors = 0;  // >= 400 answers and connection failures
  uint64_t items = 0;   // leads created (bulk: the answer's "created"; ingest: 201s)
  uint64_t items_failed = 0;
  std::map<int, uint64_t> statuses;
  std::map<std::string, uint64_t> connection_errors;  // connect, write, read, timeout, closed

  void Merge(const OpStats& other);
};

struct RunResult {
  std::array<OpStats, kOpCount> ops;
  OpStats total;
  double elapsed_s = 0;  // start to last answer
  bool interrupted = false;
  uint64_t unsent = 0;  // open loop: slots due before the end that were never sent
  uint64_t bytes_sent = 0, bytes_received = 0;
  int threads = 0, connections = 0;
};

RunResult RunLoad(const EngineOptions& options, Workload& workload);

}  // namespace lg::bench
