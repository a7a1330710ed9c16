#pragma once
// A log-bucketed latency histogram in the spirit of HdrHistogram: values (nanoseconds) below
// 1024 are counted exactly; above, each power-of-two range is split into 512 equal buckets, so a
// reported percentile is within 0.2 % of the true value. Fixed memory (about 230 KB), O(1)
// record, mergeable. Not thread-safe: one per thread, merged at the end.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lg::bench {

class Histogram {
 public:
  Histogram();

  void Record(uint64_t value);
  void Merge(const Histogram& other);

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0; }
  // The value at quantile q (0..1]: the highest value of the bucket holding that rank, capped at
  // max(). 0 when empty.
  uint64_t Percentile(double q) const;

 private:
  static size_t Index(uint64_t value);
  static uint64_t HighestInBucket(size_t index);

  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
  unsigned __int128 sum_ = 0;
};

}  // namespace lg::bench
