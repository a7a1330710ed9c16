#include "tools/bench/engine.h"

#include <array>
#include <atomic>
#include <barrier>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace lg::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

const char* OpName(Op op) {
  switch (op) {
    case Op::kIngest:
      return "ingest";
    case Op::kBulk:
      return "bulk";
    case Op::kGet:
      return "get";
    case Op::kList:
      return "list";
    case Op::kRaw:
      return "raw";
  }
  return "?";
}

void OpStats::Merge(const OpStats& other) {
  latency.Merge(other.latency);
  requests += other.requests;
  ok += other.ok;
  errors += other.errors;
  items += other.items;
  items_failed += other.items_failed;
  for (const auto& [k, v] : other.statuses) statuses[k] += v;
  for (const auto& [k, v] : other.connection_errors) connection_errors[k] += v;
}

namespace {

// The integer after "key": in a JSON body (bulk answers' "created"/"failed"), without parsing
// the rest of it.
uint64_t CountAfter(std::string_view body, std::string_view quoted_key) {
  size_t at = body.rfind(quoted_key);
  if (at == std::string_view::npos) return 0;
  at += quoted_key.size();
  while (at < body.size() && (body[at] == ' ' || body[at] == ':')) ++at;
  uint64_t n = 0;
  std::from_chars(body.data() + at, body.data() + body.size(), n);
  return n;
}

struct Shared {
  const EngineOptions& options;
  Workload& workload;
  tcp::resolver::results_type endpoints;
  Clock::time_point start, end;
  bool timed = false;
  std::atomic<bool> started{false};
  std::atomic<uint64_t> done{0}, failed{0};
  std::atomic<int> finished_threads{0};
};

class Worker {
 public:
  // `index` last: beside `connections` (both int) they are easily swapped.
  Worker(Shared& shared, int connections, double slot_ns, int index)
      : sh_(shared), connections_(connections), slot_ns_(slot_ns), rng_(0x5eed1ead + static_cast<uint64_t>(index)) {}

  template <typename Barrier>
  void Run(Barrier& barrier) {
    // Phase 1: open every connection before the clock starts.
    std::vector<std::unique_ptr<beast::tcp_stream>> streams(static_cast<size_t>(connections_));
    for (auto& s : streams) asio::co_spawn(ioc_, Connect(s), asio::detached);
    ioc_.run();
    barrier.arrive_and_wait();
    // Phase 2: the measured run.
    ioc_.restart();
    for (auto& s : streams) asio::co_spawn(ioc_, Loop(std::move(s)), asio::detached);
    ioc_.run();
    sh_.finished_threads.fetch_add(1);
  }

  std::array<OpStats, kOpCount> ops;
  uint64_t next_slot = 0;
  bool dry = false;
  uint64_t bytes_sent = 0, bytes_received = 0;
  Clock::time_point last_answer{};

 private:
  static constexpr auto kTok = asio::as_tuple(asio::use_awaitable);

  bool Interrupted() const { return sh_.options.interrupt && sh_.options.interrupt->load(std::memory_order_relaxed); }

  asio::awaitable<void> Connect(std::unique_ptr<beast::tcp_stream>& slot) {
    auto stream = std::make_unique<beast::tcp_stream>(ioc_);
    stream->expires_after(sh_.options.timeout);
    auto [ec, ep] = co_await stream->async_connect(sh_.endpoints, kTok);
    if (!ec) {
      stream->socket().set_option(tcp::no_delay(true));
      slot = std::move(stream);
    }
  }

  asio::awaitable<void> Loop(std::unique_ptr<beast::tcp_stream> stream) {
    const bool open = sh_.options.rate > 0;
    const std::string& base = sh_.options.url.base_path;
    const std::string host = sh_.options.url.HostHeader();
    // Room for a whole answer: Beast reads at most the buffer's free capacity at a time, and a
    // buffer left at its first 512 bytes would take several reads for every lead.
    beast::flat_buffer buffer;
    buffer.reserve(64u << 10);
    asio::steady_timer timer(ioc_);
    Request r;
    std::string head;  // the request line and headers, rebuilt in place for every request
    for (;;) {
      if (dry || Interrupted()) break;
      Clock::time_point t0;
      if (open) {
        auto intended = sh_.start + std::chrono::nanoseconds(
                                        static_cast<int64_t>(std::llround(static_cast<double>(next_slot) * slot_ns_)));
        if (sh_.timed && (intended >= sh_.end || Clock::now() >= sh_.end)) break;
        ++next_slot;
        if (intended > Clock::now()) {
          timer.expires_at(intended);
          co_await timer.async_wait(kTok);
          if (Interrupted()) break;
        }
        t0 = intended;
      } else {
        t0 = Clock::now();
        if (sh_.timed && t0 >= sh_.end) break;
      }
      if (!sh_.workload.Next(rng_, r)) {
        dry = true;
        break;
      }

      std::string_view failure;
      int status = 0;
      bool keep_alive = false;
      std::string body;
      if (!stream) {
        buffer.clear();
        stream = std::make_unique<beast::tcp_stream>(ioc_);
        stream->expires_after(sh_.options.timeout);
        auto [ec, ep] = co_await stream->async_connect(sh_.endpoints, kTok);
        if (ec) {
          failure = ec == beast::error::timeout ? "timeout" : "connect";
        } else {
          stream->socket().set_option(tcp::no_delay(true));
        }
      }
      if (failure.empty()) {
        // Written by hand, not through Beast's serializer: the client shares the cores with the
        // server it measures, and the serializer cost more than the rest of sending a request.
        head.clear();
        head.append(r.post ? "POST " : "GET ").append(base).append(r.target).append(" HTTP/1.1\r\nHost: ");
        head.append(host).append("\r\nUser-Agent: leadgate-bench\r\n");
        if (!r.token.empty()) head.append("Authorization: Bearer ").append(r.token).append("\r\n");
        if (r.post) {
          char length[24];
          auto end = std::to_chars(length, length + sizeof length, r.body.size()).ptr;
          head.append("Content-Type: ").append(r.content_type).append("\r\nContent-Length: ");
          head.append(length, end).append("\r\n");
        }
        head.append("\r\n");
        std::array<asio::const_buffer, 2> request{asio::buffer(head),
                                                  asio::buffer(r.body.data(), r.post ? r.body.size() : 0)};
        stream->expires_after(sh_.options.timeout);
        auto [wec, wn] = co_await asio::async_write(*stream, request, kTok);
        if (wec) {
          failure = wec == beast::error::timeout ? "timeout" : "write";
        } else {
          bytes_sent += wn;
          http::response_parser<http::string_body> parser;
          parser.body_limit(256u << 20);
          auto [rec, rn] = co_await http::async_read(*stream, buffer, parser, kTok);
          if (rec == beast::error::timeout) {
            failure = "timeout";
          } else if (rec == http::error::end_of_stream || rec == asio::error::eof ||
                     rec == asio::error::connection_reset) {
            failure = "closed";
          } else if (rec) {
            failure = "read";
          } else {
            bytes_received += rn;
            auto& res = parser.get();
            status = static_cast<int>(res.result_int());
            keep_alive = res.keep_alive();
            body = std::move(res.body());
          }
        }
      }
      if (stream && (!failure.empty() || !keep_alive)) {
        beast::error_code ignored;
        stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.reset();
      }
      auto t1 = Clock::now();
      last_answer = t1;

      OpStats& st = ops[static_cast<size_t>(r.op)];
      ++st.requests;
      st.latency.Record(static_cast<uint64_t>(std::max<int64_t>(0, (t1 - t0).count())));
      if (!failure.empty()) {
        ++st.errors;
        ++st.connection_errors[std::string(failure)];
        sh_.failed.fetch_add(1, std::memory_order_relaxed);
      } else {
        ++st.statuses[status];
        if (status < 400) {
          ++st.ok;
          if (r.op == Op::kBulk) {
            st.items += CountAfter(body, "\"created\"");
            st.items_failed += CountAfter(body, "\"failed\"");
          } else if (status == 201) {
            ++st.items;
          }
        } else {
          ++st.errors;
          sh_.failed.fetch_add(1, std::memory_order_relaxed);
        }
      }
      sh_.done.fetch_add(1, std::memory_order_relaxed);
      if (sh_.workload.wants_responses()) sh_.workload.OnResponse(r, failure.empty() ? status : 0, body);
      if (failure == "connect" && !open) {  // the server is down: do not spin
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(kTok);
      }
    }
    if (stream) {
      beast::error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
  }

  Shared& sh_;
  int connections_;
  double slot_ns_;
  asio::io_context ioc_{1};
  std::mt19937_64 rng_;
};

}  // namespace

RunResult RunLoad(const EngineOptions& options, Workload& workload) {
  Shared sh{options, workload, {}, {}, {}};
  {
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    sh.endpoints = resolver.resolve(options.url.host, options.url.port, ec);
    if (ec) throw std::runtime_error("cannot resolve " + options.url.host + ": " + ec.message());
  }
  int connections = std::max(1, options.connections);
  int threads = std::clamp(options.threads, 1, connections);
  double per_thread_rate = options.rate > 0 ? options.rate / threads : 0;
  double slot_ns = per_thread_rate > 0 ? 1e9 / per_thread_rate : 0;
  sh.timed = options.duration.count() > 0;

  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < threads; ++i) {
    int mine = connections / threads + (i < connections % threads ? 1 : 0);
    workers.push_back(std::make_unique<Worker>(sh, mine, slot_ns, i));
  }
  auto on_start = [&sh]() noexcept {
    sh.start = Clock::now();
    sh.end = sh.start + sh.options.duration;
    sh.started.store(true);
  };
  std::barrier barrier(threads, on_start);
  std::vector<std::thread> pool;
  pool.reserve(workers.size());
  for (auto& w : workers) pool.emplace_back([&w, &barrier] { w->Run(barrier); });

  if (options.progress) {
    while (!sh.started.load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    uint64_t last_done = 0;
    for (int second = 1; sh.finished_threads.load() < threads; ++second) {
      auto tick = sh.start + std::chrono::seconds(second);
      while (Clock::now() < tick && sh.finished_threads.load() < threads) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (sh.finished_threads.load() >= threads) break;
      uint64_t done = sh.done.load(std::memory_order_relaxed);
      std::fprintf(stderr, "%s %4ds  %10llu requests  %9llu req/s  %llu errors\n", options.label.c_str(), second,
                   static_cast<unsigned long long>(done), static_cast<unsigned long long>(done - last_done),
                   static_cast<unsigned long long>(sh.failed.load(std::memory_order_relaxed)));
      last_done = done;
    }
  }
  for (auto& t : pool) t.join();

  RunResult result;
  result.threads = threads;
  result.connections = connections;
  Clock::time_point last = sh.start;
  for (auto& w : workers) {
    for (size_t i = 0; i < kOpCount; ++i) {
      result.ops[i].Merge(w->ops[i]);
      result.total.Merge(w->ops[i]);
    }
    result.bytes_sent += w->bytes_sent;
    result.bytes_received += w->bytes_received;
    last = std::max(last, w->last_answer);
    if (options.rate > 0 && sh.timed && !w->dry) {
      auto expected = static_cast<uint64_t>(std::ceil(static_cast<double>(options.duration.count()) / slot_ns));
      if (expected > w->next_slot) result.unsent += expected - w->next_slot;
    }
  }
  result.elapsed_s = std::chrono::duration<double>(last - sh.start).count();
  result.interrupted = options.interrupt && options.interrupt->load();
  if (result.interrupted) {
    result.unsent = 0;
  } else if (sh.timed) {
    result.elapsed_s = std::max(result.elapsed_s, std::chrono::duration<double>(options.duration).count());
  }
  return result;
}

}  // namespace lg::bench
