#include "tools/bench/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace lg::bench {
namespace {

constexpr int kSubBits = 10;                             // values below 2^10 are exact
constexpr uint64_t kSubCount = uint64_t{1} << kSubBits;  // 1024
constexpr uint64_t kHalf = kSubCount / 2;                // buckets per power of two above that
constexpr int kMaxShift = 64 - kSubBits;                 // largest shift a uint64 can need
constexpr size_t kBuckets = kSubCount + kMaxShift * kHalf;

}  // namespace

Histogram::Histogram() : counts_(kBuckets, 0) {}

size_t Histogram::Index(uint64_t value) {
  if (value < kSubCount) return static_cast<size_t>(value);
  int shift = static_cast<int>(std::bit_width(value)) - kSubBits;  // >= 1; value >> shift is in [512, 1024)
  uint64_t mantissa = value >> shift;
  return static_cast<size_t>(kSubCount + (shift - 1) * kHalf + (mantissa - kHalf));
}

uint64_t Histogram::HighestInBucket(size_t index) {
  if (index < kSubCount) return index;
  size_t rel = index - kSubCount;
  int shift = static_cast<int>(rel / kHalf) + 1;
  uint64_t mantissa = kHalf + rel % kHalf;
  return ((mantissa + 1) << shift) - 1;
}

void Histogram::Record(uint64_t value) {
  ++counts_[Index(value)];
  ++count_;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += value;
}

void Histogram::Merge(const Histogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

uint64_t Histogram::Percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::max<uint64_t>(rank, 1);
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(HighestInBucket(i), min_, max_);
  }
  return max_;
}

}  // namespace lg::bench
