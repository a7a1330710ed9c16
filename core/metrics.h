#pragma once
// Process-wide metrics, rendered in Prometheus' text exposition format (GET /metrics).
// Counters, gauges and histograms are registered once (at start-up, under a lock) and then
// updated lock-free from any thread; a collector adds values read at scrape time (the store's
// own statistics). Series of one name form a family: one HELP and TYPE line, then each series
// with its labels.

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lg::core::metrics {

class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void Set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Buckets are upper bounds; observations are counted in the first bucket that holds them.
class Histogram {
 public:
  static constexpr size_t kMaxBuckets = 16;
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  const std::vector<double>& bounds() const { return bounds_; }
  // Non-cumulative count of bucket i (i == bounds().size(): above the last bound).
  uint64_t bucket(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::array<std::atomic<uint64_t>, kMaxBuckets + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds: 0.5 ms to 10 s.
std::vector<double> LatencyBuckets();

// Writes samples of a collector: `labels` as `name="value",…` (already escaped with Label()).
class SampleWriter {
 public:
  virtual ~SampleWriter() = default;
  virtual void Sample(std::string_view family, std::string_view labels, double value) = 0;
};

// `name="value"` with the value escaped as the exposition format asks.
std::string Label(std::string_view name, std::string_view value);

class Registry {
 public:
  static Registry& Global();

  // The series of `family` with `labels` (Label(...) pairs joined by ','), created on first use;
  // the same arguments return the same series. References stay valid for the process's life.
  Counter& GetCounter(const std::string& family, const std::string& help, const std::string& labels = "");
  Gauge& GetGauge(const std::string& family, const std::string& help, const std::string& labels = "");
  Histogram& GetHistogram(const std::string& family, const std::string& help, const std::string& labels,
                          const std::vector<double>& bounds);

  // A family whose values are read at scrape time. Removed when the handle is destroyed.
  enum class Type { kCounter, kGauge };
  using Collect = std::function<void(SampleWriter&)>;
  class CollectorHandle {
   public:
    CollectorHandle() = default;
    CollectorHandle(Registry* registry, uint64_t id) : registry_(registry), id_(id) {}
    ~CollectorHandle();
    CollectorHandle(CollectorHandle&& other) noexcept;
    CollectorHandle& operator=(CollectorHandle&& other) noexcept;
    CollectorHandle(const CollectorHandle&) = delete;
    CollectorHandle& operator=(const CollectorHandle&) = delete;

   private:
    Registry* registry_ = nullptr;
    uint64_t id_ = 0;
  };
  // `families`: each family the collector writes, with its type and help.
  struct CollectedFamily {
    std::string name;
    Type type;
    std::string help;
  };
  [[nodiscard]] CollectorHandle AddCollector(std::vector<CollectedFamily> families, Collect collect);

  // The whole exposition, families in name order.
  std::string Render() const;

 private:
  struct Family {
    std::string help;
    std::string type;  // counter, gauge, histogram
    std::map<std::string, Counter*> counters;
    std::map<std::string, Gauge*> gauges;
    std::map<std::string, Histogram*> histograms;
  };
  struct Collector {
    std::vector<CollectedFamily> families;
    Collect collect;
  };
  Family& FamilyFor(const std::string& name, const std::string& help, const char* type);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
  std::deque<Counter> counters_;
  std::deque<Gauge> gauges_;
  std::deque<std::unique_ptr<Histogram>> histograms_;
  std::map<uint64_t, Collector> collectors_;
  uint64_t next_collector_ = 1;
};

// leadgate_rejections_total{reason}: requests, connections or writes refused by a limit
// (token_rate, auth_failures, client_concurrency, connection_cap, docs_rate, commit_queue).
// Looked up by name: for the rare path only.
Counter& Rejected(std::string_view reason);

}  // namespace lg::core::metrics
